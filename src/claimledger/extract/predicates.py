"""Trigger words: which token of a parsed sentence states a claim, and which predicate it states.

A cheap regular expression over lowercased text (``TRIGGER_RE``) picks the paragraphs and
sentences worth parsing; ``find_triggers`` then reads a parsed sentence token by token and maps
verbs ("was killed"), nouns ("the death of X", "his wounding") and adjectives ("is alive",
"already dead") to the closed predicate list of ``claimledger.types.PREDICATES``. Whether the
thing that happened was a person is decided by the subject finder, not here; triggers that only
make sense for people ("destroyed", "released", "held") are flagged ``needs_person``. A trigger
said of a thing ("released a new album", "the battery died") or used in an idiom ("dying to get
in", "a free trial") is no trigger at all (``claimledger.extract.senses``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimledger.extract import lexicon
from claimledger.extract.followups import FOLLOWUP_STEMS
from claimledger.extract.life import EVERYDAY_LIFE_LEMMAS, LIFE_RE, life_cue
from claimledger.extract.senses import other_sense, peaceful_cause
from claimledger.extract.syntax import is_passive
from claimledger.types import Predicate

logger = logging.getLogger(__name__)

EXTRACTOR_LEXICON = "predicates.lexicon.v1"

# Verb lemmas whose grammatical patient is the claim's subject ("X was killed", "killed X").
PATIENT_VERBS: dict[str, Predicate] = {
    "kill": "killed",
    "slay": "killed",
    "assassinate": "killed",
    "murder": "killed",
    "eliminate": "killed",
    "liquidate": "killed",
    "destroy": "killed",
    "execute": "killed",
    "behead": "killed",
    "wound": "wounded",
    "injure": "wounded",
    "paralyze": "wounded",
    "paralyse": "wounded",
    "poison": "poisoned",
    "capture": "captured",
    "kidnap": "captured",
    "abduct": "captured",
    "arrest": "arrested",
    "detain": "detained",
    "imprison": "detained",
    "jail": "detained",
    "release": "released",
    "free": "released",
    "charge": "charged",
    "indict": "charged",
    "convict": "convicted",
    "sentence": "sentenced",
    "appoint": "appointed",
}

# Verb lemmas whose grammatical subject is the claim's subject ("X died", "X fled to Y").
AGENT_VERBS: dict[str, Predicate] = {
    "die": "died",
    "perish": "died",
    "move": "moved",
    "flee": "moved",
    "relocate": "moved",
    "escape": "moved",
}

# Nouns naming the event; the subject is their possessor or "of" object ("his death").
EVENT_NOUNS: dict[str, Predicate] = {
    "death": "died",
    "demise": "died",
    "martyrdom": "died",  # as militant groups announce their dead ("the martyrdom of X")
    "killing": "killed",
    "assassination": "killed",
    "murder": "killed",
    "liquidation": "killed",
    "elimination": "killed",
    "destruction": "killed",
    "execution": "killed",
    "wounding": "wounded",
    "injury": "wounded",
    "poisoning": "poisoned",
    "capture": "captured",
    "arrest": "arrested",
    "detention": "detained",
    "release": "released",
    "trial": "tried",
    "conviction": "convicted",
    "sentencing": "sentenced",
    "appointment": "appointed",
}

# Triggers that are claims only when said of a person ("destroyed a building" is not).
NEEDS_PERSON = frozenset(
    {"destroy", "destruction", "release", "free", "execute", "execution", "demise", "martyrdom"}
)

# Nouns of recorded messages: their appearance is evidence that the speaker was alive.
MESSAGE_NOUNS = lexicon.MESSAGE_NOUNS
APPEARANCE_VERBS = frozenset(
    {"appear", "surface", "publish", "release", "post", "emerge", "broadcast", "air"}
)
# "a reward for his capture", "a warrant for his arrest", "calls for his release": the event
# is sought, not reported; likewise as the object of these verbs ("demanded his release").
SOUGHT_BY_NOUNS = frozenset(
    {"reward", "bounty", "warrant", "call", "demand", "plea", "appeal", "campaign", "request",
     "petition", "hunt", "search", "plan", "plot", "motion"}
)  # fmt: skip
SEEKING_VERBS = frozenset(
    {"demand", "seek", "urge", "request", "plan", "plot", "prevent", "avoid", "want"}
)
# Places of custody after "held in ..." / "placed in ...".
CUSTODY_NOUNS = frozenset(
    {"prison", "jail", "camp", "custody", "detention", "captivity", "cell", "facility", "remand"}
)
CUSTODY_PREPS = frozenset({"in", "into", "at", "under"})
CAPTIVE_WORDS = frozenset({"hostage", "captive", "prisoner"})
# Violent causes: with one of these in the sentence "died" reports a killing.
VIOLENT_CAUSES = frozenset(
    {
        "airstrike",
        "strike",
        "raid",
        "attack",
        "bombing",
        "bomb",
        "shelling",
        "explosion",
        "blast",
        "ambush",
        "battle",
        "fighting",
        "clash",
        "gunfire",
        "shooting",
        "drone",
        "missile",
        "assassination",
        "operation",
    }
)

# The prefilter: stems of every trigger above, matched over lowercased text. It may over-match
# (parsing decides); it must never under-match, or claims are lost before parsing. Common words
# that are triggers only in company ("held", "tried", "video") need that company nearby, so that
# ordinary paragraphs are not parsed for nothing.
_NEAR = r"[^.!?]{0,80}"
_STEMS = (
    r"kill|slain|slay|assassinat|murder|eliminat|liquidat|destr[ou]y|destruct|execut|behead"
    r"|die[ds]?\b|dying|dead|death|demise|martyr|perish|passe[ds] away|passing away|blew|blown"
    r"|wound|injur|paraly[sz]|poison|captur|kidnap|abduct|arrest|detain|detention|imprison|jail"
    r"|custody|releas|freed|indict|trial|convict|guilty|sentenc|appoint|successor"
    r"|moved to|flee|fled|relocat|escaped to|left for|alive"
    rf"|(?:held|kept){_NEAR}(?:prison|jail|camp|captiv|hostage|prisoner|detention)"
    r"|(?:was|were|be|been|being) tried|charged with|charges? against"
    r"|named (?:as )?(?:the )?(?:new )?(?:leader|head|chief|successor|commander)"
    rf"|treatment{_NEAR}\bin\b"
    rf"|(?:video|audio|recording|message|tape|speech){_NEAR}"
    r"(?:appear|surfac|publish|releas|post|emerg|broadcast|air)"
    rf"|(?:appear|surfac|emerg){_NEAR}(?:video|audio|recording|message|tape|speech)"
)
TRIGGER_RE = re.compile(rf"\b(?:{_STEMS}|{FOLLOWUP_STEMS})")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One token stating a claim: its predicate and how its subject is to be found.

    ``role`` says where the subject is: ``patient`` (passive subject or object), ``agent``
    (grammatical subject), ``nominal`` (possessor or "of" object), ``message`` (the speaker of a
    recording).
    """

    token: Token
    predicate: Predicate
    role: str
    needs_person: bool = False
    # Evidence of life read from an everyday act (an appearance, a call to the press), not
    # stated: it counts only where the document also reports harm to the person
    # (see claims.assemble).
    inferred: bool = False


def has_trigger(text: str) -> bool:
    """Whether ``text`` may hold a claim (cheap; over-matches on purpose)."""
    lowered = text.lower()
    return TRIGGER_RE.search(lowered) is not None or LIFE_RE.search(lowered) is not None


def find_triggers(sent: Span) -> list[Trigger]:
    """Every claim trigger in a parsed sentence, in text order."""
    found: list[Trigger] = []
    for token in sent:
        trigger = _classify(token) or _life_trigger(token)
        if trigger is None:
            continue
        sense = other_sense(trigger.token, trigger.role, trigger.predicate)
        if sense is not None:
            logger.debug("trigger %r set aside: %s in %r", trigger.token.text, sense, sent.text)
            continue
        found.append(trigger)
    return found


def _life_trigger(token: Token) -> Trigger | None:
    cue = life_cue(token)
    if cue is None:
        return None
    # Appearing and speaking are everyday acts: they tell life only where harm is in question.
    # A message, a recording or a claim of responsibility is itself the news.
    everyday = cue[0].lemma_.lower() in EVERYDAY_LIFE_LEMMAS
    return Trigger(cue[0], "alive", cue[1], inferred=everyday)


def _classify(token: Token) -> Trigger | None:
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "AUX"} or token.tag_ in {"VBN", "VBD", "VBG"}:
        found = _verb_trigger(token, lemma)
        if found is not None:
            return found
    if token.pos_ in {"NOUN", "PROPN"}:
        return _noun_trigger(token, lemma)
    if token.pos_ == "ADJ" or token.dep_ in {"acomp", "amod", "oprd"}:
        return _adjective_trigger(token, token.lower_)
    return None


def _verb_trigger(token: Token, lemma: str) -> Trigger | None:
    special = _phrasal_trigger(token, lemma)
    if special is not None:
        return special
    if _while_harmed(token, lemma):
        return None
    if lemma in PATIENT_VERBS:
        if lemma == "charge" and not (is_passive(token) or _has_prep(token, {"with"})):
            return None  # "charged their phones"
        if is_passive(token) or _has_object(token):
            return _make(token, PATIENT_VERBS[lemma], "patient", lemma)
        return None
    if lemma in AGENT_VERBS:
        predicate = AGENT_VERBS[lemma]
        if predicate == "moved" and (_has_object(token) or not _has_prep(token, {"to", "into"})):
            return None
        if predicate == "died" and token.dep_ == "amod":
            return None  # "his dying illness" describes, it does not report
        if predicate == "died" and violent_context(token):
            predicate = "killed"
        return _make(token, predicate, "agent", lemma)
    return None


def _while_harmed(token: Token, lemma: str) -> bool:
    """ "X was shot dead while being moved from A to B": the move tells where the harm came,
    it is no report of its own."""
    if PATIENT_VERBS.get(lemma, AGENT_VERBS.get(lemma)) != "moved" or token.dep_ != "advcl":
        return False
    if not any(c.dep_ == "mark" and c.lower_ in {"while", "as", "when"} for c in token.children):
        return False
    head = token.head
    harm = PATIENT_VERBS.get(head.lemma_.lower(), AGENT_VERBS.get(head.lemma_.lower()))
    return harm in lexicon.HARM_PREDICATES or any(c.lower_ == "dead" for c in head.children)


def _phrasal_trigger(token: Token, lemma: str) -> Trigger | None:
    """Multi-word triggers: "was tried", "held in prison", "passed away", "blew himself up"."""
    particles = {c.lower_ for c in token.children if c.dep_ in {"prt", "advmod"}}
    if lemma == "try" and is_passive(token):
        return _make(token, "tried", "patient", lemma)
    if lemma == "find" and is_passive(token) and _child_lemma(token, {"guilty"}):
        return _make(token, "convicted", "patient", lemma)
    if lemma in {"hold", "keep", "place", "put", "take"} and _custody_object(token):
        return _make(token, "detained", "patient", lemma)
    if lemma == "pass" and ("away" in particles or "on" in particles):
        return _make(token, "killed" if violent_context(token) else "died", "agent", lemma)
    if lemma == "blow" and "up" in particles:
        role = "agent" if _child_lemma(token, {"himself", "herself"}) else "patient"
        return _make(token, "killed", role, lemma)
    if lemma == "leave" and _has_prep(token, {"for"}):
        return _make(token, "moved", "agent", lemma)
    if lemma == "receive" and _child_lemma(token, {"treatment"}) and _has_prep(token, {"in"}):
        return _make(token, "moved", "agent", lemma)
    if lemma == "name" and is_passive(token) and _child_lemma(token, {"successor", "leader"}):
        return _make(token, "appointed", "patient", lemma)
    if lemma in APPEARANCE_VERBS:
        return _appearance_trigger(token)
    return None


def _noun_trigger(token: Token, lemma: str) -> Trigger | None:
    if lemma in MESSAGE_NOUNS:
        return None  # found through the appearance verb
    if _sought(token):
        return None
    if lemma == "trial" and token.dep_ in {"nsubj", "nsubjpass"}:
        return _make(token, "tried", "nominal", lemma)
    if lemma in EVENT_NOUNS:
        predicate = EVENT_NOUNS[lemma]
        if predicate == "died" and violent_context(token):
            predicate = "killed"
        return _make(token, predicate, "nominal", lemma)
    return None


def _adjective_trigger(token: Token, word: str) -> Trigger | None:
    if word == "alive":
        return Trigger(token, "alive", "agent")
    if word == "dead" and token.head.lemma_ not in {"near"}:
        predicate: Predicate = "killed" if violent_context(token) else "died"
        return Trigger(token, predicate, "agent")
    return None


def _appearance_trigger(verb: Token) -> Trigger | None:
    """ "audio recordings ... surfaced", "a new video appeared": evidence of life."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.lemma_.lower() in MESSAGE_NOUNS:
            return Trigger(child, "alive", "message")
        if child.dep_ == "nsubj" and any(
            t.lemma_.lower() in MESSAGE_NOUNS for t in child.subtree if t.dep_ == "compound"
        ):
            return Trigger(child, "alive", "message")
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for obj in child.children:
                if obj.lemma_.lower() in MESSAGE_NOUNS:
                    return Trigger(obj, "alive", "message")
    if verb.dep_ == "relcl" and verb.head.lemma_.lower() in MESSAGE_NOUNS:
        return Trigger(verb.head, "alive", "message")
    return None


def _sought(noun: Token) -> bool:
    """ "a reward for his capture", "demanded his release": wanted, not reported as done."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "for":
        owner = head.head
        if owner.lemma_.lower() in SOUGHT_BY_NOUNS:
            return True
        # "offered a bounty for his capture": the "for" hangs from the verb of the bounty.
        return owner.pos_ in {"VERB", "AUX"} and any(
            c.dep_ == "dobj" and c.lemma_.lower() in SOUGHT_BY_NOUNS for c in owner.children
        )
    return noun.dep_ == "dobj" and head.lemma_.lower() in SEEKING_VERBS


def violent_context(token: Token) -> bool:
    """Whether the sentence names a violent cause, making a death a killing ("a battle with
    cancer" is none)."""
    return any(t.lemma_.lower() in VIOLENT_CAUSES and not peaceful_cause(t) for t in token.sent)


def _make(token: Token, predicate: Predicate, role: str, lemma: str) -> Trigger:
    return Trigger(token, predicate, role, needs_person=lemma in NEEDS_PERSON)


def _has_object(token: Token) -> bool:
    return any(c.dep_ in {"dobj", "obj"} for c in token.children)


def _has_prep(token: Token, words: set[str]) -> bool:
    return any(c.dep_ in {"prep", "dative"} and c.lower_ in words for c in token.children)


def _child_lemma(token: Token, lemmas: set[str]) -> bool:
    return any(c.lemma_.lower() in lemmas or c.lower_ in lemmas for c in token.children)


def _custody_object(token: Token) -> bool:
    """ "held in ... prison", "placed ... into custody", "taken into custody"."""
    children = list(token.children)
    if token.dep_ == "xcomp":  # "decided to place X ... into custody": attached to "decided"
        children += [c for c in token.head.children if c.i > token.i]
    for child in children:
        custody = any(t.lemma_.lower() in CUSTODY_NOUNS for t in child.subtree)
        if child.dep_ in {"prep", "advmod"} and child.lower_ in CUSTODY_PREPS and custody:
            return True
        if child.dep_ in {"oprd", "acomp", "dobj"} and child.lower_ in CAPTIVE_WORDS:
            return True
    return False
