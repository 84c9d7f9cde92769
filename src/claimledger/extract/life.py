"""Evidence of life in the forms real news gives it, beyond "X is alive".

A person who speaks, appears or acts is alive at that moment, but most sentences where someone
speaks are not about whether he lives. These rules keep to the forms news uses when that is the
point: a recorded or written message of the person's own ("his Eid message", "in a new video"),
an appearance ("reappeared at a factory", "appeared in public"), a phone call or interview to
the press, a claim of responsibility, and statements of health ("in good health", "safe and
sound"). Each gives the token that carries the claim and the role by which the usual subject
rules find its subject (``predicates`` makes the ``alive`` trigger of it).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from claimledger.extract import lexicon

# Verbs of appearing in person. "appear to (do)" means "seem" and is excluded by its xcomp.
APPEAR_VERBS = frozenset({"appear", "reappear", "resurface", "reemerge", "re-emerge"})
# A recording or picture that shows the person ("the video shows him").
SHOW_VERBS = frozenset({"show", "feature", "depict"})
MEDIA_NOUNS = lexicon.MESSAGE_NOUNS | frozenset(
    {"footage", "image", "photo", "photograph", "picture", "clip", "broadcast"}
)
# Nouns for the person a picture shows when it does not name him ("shows a top leader").
PERSON_NOUNS = frozenset(
    {"leader", "chief", "commander", "head", "founder", "emir", "militant", "man", "woman"}
)
# Recordings and messages that show their maker alive. Not speeches or addresses: a politician's
# speech at a dinner is an everyday act, news of nobody's survival.
OWN_MESSAGE_NOUNS = lexicon.MESSAGE_NOUNS - {"speech", "address"}
# Nouns of a medium through which a person speaks to the press himself.
CALL_NOUNS = frozenset({"phone", "telephone", "call", "interview", "satellite", "radio"})
SPEAK_VERBS = frozenset({"tell", "speak", "talk", "say", "call", "telephone", "phone", "deny"})
# Occasions one attends in person ("attended the ceremony at the plant").
OCCASION_NOUNS = frozenset(
    {"ceremony", "meeting", "event", "funeral", "session", "parade", "rally", "celebration",
     "opening", "inauguration", "prayer", "prayers", "conference", "summit", "wedding",
     "service", "concert", "exercise", "drill", "launch", "congress", "plenum"}
)  # fmt: skip
# The cues of everyday acts (appearing, attending, speaking to the press): evidence of life only
# where a document reports harm to the person (``claims.assemble`` drops them elsewhere).
EVERYDAY_LIFE_LEMMAS = APPEAR_VERBS | SPEAK_VERBS | {"attend"}
# Adjectives of good health after "in ... health" / "in ... condition".
HEALTH_ADJECTIVES = frozenset({"good", "excellent", "fine", "perfect", "stable", "normal"})
HEALTH_NOUNS = frozenset({"health", "condition", "shape"})
# "safe and sound", "safe and well", "alive and well": the first adjective carries the claim.
SAFE_PAIRS = frozenset({("safe", "sound"), ("safe", "well"), ("fine", "healthy")})

# Prefilter stems (lower-cased text), in the spirit of ``predicates.TRIGGER_RE``: they may
# over-match; parsing decides.
_NEAR = r"[^.!?]{0,60}"
_SPOKE = r"(?:told|tells|said|says|spoke|speaks|speaking|talked|called|denied|telephoned)"
LIFE_RE = re.compile(
    r"\b(?:re)?appear|\bresurfac|\bre-?emerg|claim\w* responsibility|\battend"
    r"|(?:good|excellent|fine|perfect|stable) (?:health|condition)|\bsafe and (?:sound|well)"
    rf"|{_SPOKE}{_NEAR}\b(?:phone|telephone|interview)|\b(?:phone|interview){_NEAR}{_SPOKE}"
    r"|\b(?:his|her|\w+['’]s)\s+(?:\S+\s+){0,3}(?:message|video|audio|recording|speech|tape)"
    rf"|(?:video|footage|image|photo|picture|clip|recording|tape)s?{_NEAR}\b(?:show|feature|depict)"
)

Cue = tuple[Token, str]  # the token carrying the claim, and the subject's role


def life_cue(token: Token) -> Cue | None:
    """Where ``token`` gives evidence of life in one of the forms above, else None."""
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "AUX"}:
        return (
            _appearance(token, lemma)
            or _attended(token, lemma)
            or _responsibility(token, lemma)
            or _call(token, lemma)
            or _shown(token, lemma)
        )
    if token.pos_ in {"NOUN", "PROPN"}:
        return _own_message(token, lemma) or _health(token, lemma)
    if token.pos_ == "ADJ":
        return _safe(token)
    return None


def _appearance(verb: Token, lemma: str) -> Cue | None:
    """ "X reappeared at a plant", "when he appeared": not "X appeared to approve"."""
    if lemma not in APPEAR_VERBS:
        return None
    if any(c.dep_ in {"xcomp", "ccomp", "attr", "acomp"} for c in verb.children):
        return None  # "appeared to give", "appeared tired": seeming, not showing up
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return None  # "appears there as a wanted man": on a list, not in person
    if not _has_subject(verb):
        return None
    return verb, "agent"


def _attended(verb: Token, lemma: str) -> Cue | None:
    """ "Kim attended the completion ceremony": present in person at an occasion."""
    if lemma != "attend" or not _has_subject(verb):
        return None
    occasions = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    if not any(c.lemma_.lower() in OCCASION_NOUNS for c in occasions):
        return None
    return verb, "agent"


def _shown(verb: Token, lemma: str) -> Cue | None:
    """ "a new video shows X", "footage that appears to show X alive": the person is seen."""
    if lemma not in SHOW_VERBS:
        return None
    shown = [
        c
        for c in verb.children
        if c.dep_ in {"dobj", "obj"} and (_personal(c) or c.lemma_.lower() in PERSON_NOUNS)
    ]
    # "the video showed Mr X sat between two men": the person is the subject of the clause.
    scenes = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and _has_subject(c)]
    if not shown and not scenes:
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "xcomp":  # "videos appear to show X"
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl":  # "a video that shows X"
        subjects = [verb.head]
    if not any(t.lemma_.lower() in MEDIA_NOUNS for t in subjects):
        return None
    return (verb, "patient") if shown else (scenes[0], "agent")


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and _personal(c) for c in verb.children)


def _responsibility(verb: Token, lemma: str) -> Cue | None:
    """ "X claimed responsibility for the attack": X acted, or spoke, after the fact."""
    if lemma != "claim":
        return None
    if not any(c.dep_ == "dobj" and c.lemma_.lower() == "responsibility" for c in verb.children):
        return None
    return verb, "agent"


def _call(verb: Token, lemma: str) -> Cue | None:
    """ "X told the BBC by phone", "X said in an interview": the speaker himself on the line."""
    if lemma not in SPEAK_VERBS:
        return None
    media = [
        t
        for c in verb.children
        if c.dep_ in {"prep", "agent", "npadvmod"}
        for t in c.subtree
        if t.lemma_.lower() in CALL_NOUNS
    ]
    if not media:
        return None
    if not _has_subject(verb):
        return None
    return verb, "agent"


def _own_message(noun: Token, lemma: str) -> Cue | None:
    """ "his Eid message", "X's new video": a recording or message of the possessor's own."""
    if lemma not in OWN_MESSAGE_NOUNS:
        return None
    if not any(c.dep_ == "poss" and _personal(c) for c in noun.children):
        return None
    return noun, "message"


def _health(noun: Token, lemma: str) -> Cue | None:
    """ "he was in good health": the verb whose "in" phrase this is carries the claim."""
    if lemma not in HEALTH_NOUNS or noun.dep_ != "pobj" or noun.head.lower_ != "in":
        return None
    if not any(c.dep_ == "amod" and c.lemma_.lower() in HEALTH_ADJECTIVES for c in noun.children):
        return None
    verb = noun.head.head
    if verb.lemma_.lower() not in {"be", "remain", "stay", "seem", "look"}:
        return None
    return verb, "agent"


def _safe(adjective: Token) -> Cue | None:
    """ "X is safe and sound": the pair, not "a safe place"."""
    if adjective.dep_ == "amod":
        return None
    pairs = {(adjective.lower_, c.lower_) for c in adjective.children if c.dep_ == "conj"}
    return (adjective, "agent") if pairs & SAFE_PAIRS else None


def _personal(token: Token) -> bool:
    """A person-like subject: a name, a personal pronoun, a noun for a person."""
    if token.ent_type_ in {"PERSON", "ORG", "NORP"} or token.pos_ == "PROPN":
        return True
    return token.lower_ in {"he", "she", "i", "we", "they", "his", "her", "my", "our", "their"}
