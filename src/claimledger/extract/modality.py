"""Modality: how firmly a claim is made (asserted, hedged, denied, retracted).

Rule set ``modality.rules.v1``. Cues count only when they belong to the claim: the trigger's
own clause (the trigger, the verb governing a nominal trigger, the verbs it is raised into by
xcomp, and their auxiliaries, negations and adverbs) and the clause of the reporting verb that
introduces it. A negation in a neighbouring conjunct ("was not killed, but was wounded") does
not reach the trigger. Decision order: retracted > denied > hedged > asserted.

- retracted: the reporting verb withdraws ("retracted", "withdrew", "walked back"), or concedes
  that the claim is unsupported ("admitted that there was no confirmation of ...");
- denied: a negation on the trigger's clause, a denial verb governing it ("denied", "doubted
  the death"), "no confirmation/evidence of ...", denial words in the reporting clause
  ("expressed doubts", "skeptical", "fake");
- hedged: a modal ("may have been"), a hedge adverb ("presumably", "allegedly"), a raising verb
  ("is believed to have"), a hedge adjective ("alleged", "possible"), scare quotes around the
  trigger (was “killed”) when no named claimant is cited (the quotes are then the document's
  own distance), a hedging reporting verb ("claimed"), or an impersonal source
  ("it was reported", "according to media reports");
- asserted otherwise.
"""

from __future__ import annotations

import itertools
import logging

from spacy.language import Language
from spacy.tokens import Span, Token

from claimledger.extract import lexicon
from claimledger.extract.attribution import (
    Attribution,
    characterized_false,
    is_artifact_of,
    report_owner,
)
from claimledger.extract.spans import span_text
from claimledger.types import Modality

logger = logging.getLogger(__name__)

RULES_NAME = "modality.rules.v1"

_CONDITION_MARKS = frozenset({"if", "whether", "unless"})
_QUOTES_OPEN = frozenset({"“", '"', "«", "‘", "'", "„"})
_QUOTES_CLOSE = frozenset({"”", '"', "»", "’", "'", "“"})
_NOMINAL_UP = frozenset({"dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "compound",
                         "poss", "appos", "amod", "acomp", "npadvmod"})  # fmt: skip
# Nouns of what is said, doubted or shown about an event: "reports of his death", "no proof of
# his death"; cues on them are cues on the claim.
_ABOUT_THE_CLAIM = (
    lexicon.HEDGE_NOUNS
    | lexicon.DENIAL_NOUNS
    | lexicon.UNSUPPORTED_NOUNS
    | lexicon.CONFIRMATION_NOUNS
    | lexicon.OWNED_REPORT_NOUNS
    | {"news", "word", "announcement", "sign", "certainty", "truth", "account", "version"}
)
_CLAUSE_CHILD_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "amod", "acomp", "det",
                                "prt", "npadvmod"})  # fmt: skip


def classify_modality(
    sent: Span, trigger: Token, *, attribution: Attribution | None = None
) -> Modality:
    """The modality of the claim whose predicate is ``trigger`` in ``sent``."""
    clause = _clause_heads(trigger)
    cue_verb = _cue_verb(sent, trigger, attribution)
    if any(_is_retraction(anc, trigger) for anc in trigger.ancestors):
        return "retracted"
    if _is_denied(clause, cue_verb, trigger):
        return "denied"
    if _is_hedged(sent, clause, cue_verb, trigger, attribution):
        return "hedged"
    return "asserted"


def _clause_heads(trigger: Token) -> list[Token]:
    """The trigger, the verb that governs a nominal trigger, and the verbs raising it (xcomp)."""
    heads = [trigger]
    node = trigger
    if _message_speaks(trigger) or (trigger.dep_ == "amod" and trigger.pos_ == "ADJ"):
        # "Osama's dead son was not Hamza but Khalid": said of the son, not of the death.
        return heads
    # "doubted the death of X", "no confirmation of the liquidation": climb to the verb.
    # A preposition tagged as a verb ("stories regarding his death") is still a preposition.
    while (
        (node.pos_ not in {"VERB", "AUX"} or node.dep_ == "prep")
        and node.dep_ in _NOMINAL_UP
        and node.head != node
        and not _presupposed_by(node)
    ):
        node = node.head
        heads.append(node)
    while node.dep_ in {"xcomp", "auxpass"} and node.head != node:
        node = node.head
        heads.append(node)
    return heads


def _presupposed_by(node: Token) -> bool:
    """ "the impact of his death was not clear", "the circumstances of his death": an "of"
    phrase that takes the event as given. What is said of the head noun is not said of the
    event, unless the noun is one of reports, doubts or proof ("reports of his death were
    false", "no evidence of his death")."""
    if node.lower_ != "of" or node.dep_ != "prep" or node.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    return node.head.lemma_.lower() not in _ABOUT_THE_CLAIM


def _message_speaks(trigger: Token) -> bool:
    """ "his message did not mention the talks": a recorded message is evidence of life by being
    there; the verb it is the subject of tells what it says, and its negation denies nothing."""
    return trigger.lemma_.lower() in lexicon.MESSAGE_NOUNS and trigger.dep_ == "nsubj"


def _doubts_report(word: Token, trigger: Token) -> bool:
    """ "expressed doubt about the reports of his death", "questioned the claims that he died":
    the doubt is about a report on the way down to the trigger, which leaves the claim open."""
    if word.lemma_.lower() not in lexicon.DOUBT_WORDS:
        return False
    below = [trigger, *[a for a in trigger.ancestors if word in a.ancestors]]
    return any(n.lemma_.lower() in lexicon.HEDGE_NOUNS and n.pos_ == "NOUN" for n in below)


def _survived(trigger: Token) -> bool:
    """ "survived an attempt to kill him", "escaped a plot to capture him": the act was tried
    and failed, which denies it."""
    for anc in trigger.ancestors:
        if anc.lemma_.lower() in lexicon.ATTEMPT_NOUNS and anc.pos_ == "NOUN":
            return anc.head.lemma_.lower() in lexicon.SURVIVAL_VERBS and anc.dep_ == "dobj"
        if anc.pos_ in {"VERB", "AUX"} and anc.dep_ not in {"acl", "xcomp"}:
            return False
    return False


def _cue_verb(sent: Span, trigger: Token, attribution: Attribution | None) -> Token | None:
    """The reporting verb that introduces the trigger's clause, if any."""
    if attribution is not None and attribution.cue_start is not None:
        for tok in sent:
            if tok.idx == attribution.cue_start and tok.lemma_.lower() in lexicon.REPORT_VERBS:
                return tok
    child = trigger
    for anc in trigger.ancestors:
        reports = anc.lemma_.lower() in lexicon.REPORT_VERBS and anc.pos_ in {"VERB", "AUX"}
        if reports and not is_artifact_of(child, anc):
            return anc
        child = anc
    return None


def _is_retraction(cue: Token, trigger: Token) -> bool:
    """``cue`` withdraws the claim below it, or concedes it has no support."""
    lemma = cue.lemma_.lower()
    if lemma in lexicon.RETRACTION_VERBS:
        return True
    if any((lemma, c.lower_) in lexicon.RETRACTION_PHRASAL for c in cue.children):
        return True
    if lemma in lexicon.CONCESSION_VERBS:
        return _unsupported_between(cue, trigger)
    return False


def _unsupported_between(top: Token, trigger: Token) -> bool:
    """ "no confirmation of", "not confirmed", "no evidence" on the path from ``top`` down."""
    return _unproven_between(top, trigger) or _unconfirmed_between(top, trigger)


def _path_below(top: Token, trigger: Token) -> list[Token]:
    return [trigger, *[a for a in trigger.ancestors if a.i != top.i and top in a.ancestors]]


def _unproven_between(top: Token, trigger: Token) -> bool:
    """ "no evidence", "no proof" of the claim on the path from ``top`` down: a denial."""
    return any(
        node.lemma_.lower() in lexicon.UNSUPPORTED_NOUNS and _negated_word(node)
        for node in _path_below(top, trigger)
    )


def _unconfirmed_between(top: Token, trigger: Token) -> bool:
    """ "could not be confirmed", "could not confirm", "no confirmation of", "has yet to
    confirm": the claim is left open, not contradicted (a hedge)."""
    for node in _path_below(top, trigger):
        lemma = node.lemma_.lower()
        if lemma not in lexicon.CONFIRM_LEMMAS | lexicon.CONFIRMATION_NOUNS:
            continue
        if _negated_word(node) or _yet_to(node):
            return True
    return False


def _withheld_confirmation(verb: Token) -> bool:
    """ "could not confirm", "has yet to confirm", "refused to confirm"."""
    if verb.lemma_.lower() not in lexicon.CONFIRM_LEMMAS:
        return False
    withheld = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lexicon.WITHHOLDING_VERBS
    return _negated_word(verb) or _yet_to(verb) or withheld


def _negated_word(node: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "no" for c in node.children)


def _yet_to(verb: Token) -> bool:
    """ "has yet to confirm", "is yet to be confirmed"."""
    head = verb.head
    return verb.dep_ == "xcomp" and any(c.lower_ == "yet" for c in head.children)


def _top(clause: list[Token], cue: Token | None) -> Token:
    """Where cues of the claim stop: the reporting verb that introduces it, else the root. A
    negation in another clause of the sentence ("X said it could not be confirmed, although
    Y claimed it was proven") is not this claim's."""
    if cue is not None and cue in clause[0].ancestors:
        return cue
    return clause[-1].sent.root


def _is_denied(clause: list[Token], cue: Token | None, trigger: Token) -> bool:
    if any(characterized_false(anc) for anc in trigger.ancestors):
        return True  # "referred to reports of his death as propaganda"
    if _survived(trigger):
        return True
    for head in clause:
        denial = head.lemma_.lower() in lexicon.DENIAL_VERBS | lexicon.DENIAL_NOUNS
        if head != trigger and denial and not _doubts_report(head, trigger):
            return True
        # "no reports of ..." is not a denial of what the reports say; "not confirmed" leaves
        # the claim open (a hedge).
        open_word = head.lemma_.lower() in (
            lexicon.HEDGE_NOUNS | lexicon.CONFIRM_LEMMAS | lexicon.CONFIRMATION_NOUNS
        )
        for child in head.children:
            negation = child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no")
            if negation and not open_word:
                return True
            modifier = child != trigger and child.dep_ in {"amod", "acomp"}
            if modifier and child.lemma_.lower() in lexicon.DENIAL_ADJECTIVES:
                return True
    if _unproven_between(_top(clause, cue), trigger):
        return True
    if cue is None:
        return False
    if cue.lemma_.lower() in lexicon.DENIAL_VERBS and not _negated(cue):
        return not _doubts_report(cue, trigger)
    if cue.lemma_.lower() in lexicon.BELIEF_VERBS and _negated(cue):
        return True  # "they don't believe he's dead"
    return _cue_clause_has(cue, lexicon.DENIAL_ADJECTIVES | lexicon.DENIAL_NOUNS, trigger)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _cue_clause_has(cue: Token, words: frozenset[str], trigger: Token) -> bool:
    """A word of ``words`` among the reporting verb's own dependents (not its complement)."""
    for child in cue.children:
        if child.dep_ in {"ccomp", "xcomp"} or (trigger in child.subtree and child != trigger):
            continue
        for tok in child.subtree:
            if tok.lemma_.lower() in words or tok.lower_ in words:
                return True
    return False


def _is_hedged(
    sent: Span,
    clause: list[Token],
    cue: Token | None,
    trigger: Token,
    attribution: Attribution | None,
) -> bool:
    if _scare_quoted(trigger) and (attribution is None or attribution.claimant is None):
        # The writer's scare quotes distance the writer; a named claimant's claim keeps the
        # claimant's own firmness ("was “killed”, as reported by X": X asserted it).
        return True
    for lower, head in itertools.pairwise(clause):
        # "is believed to have been killed": the trigger's clause is raised into a hedge verb.
        if lower.dep_ == "xcomp" and head.lemma_.lower() in lexicon.HEDGE_RAISING_VERBS:
            return True
        # "reports that he died" hedges; "US claims he died" is the US's firm word.
        hedge_noun = head.pos_ == "NOUN" and head.lemma_.lower() in lexicon.HEDGE_NOUNS
        if hedge_noun and report_owner(head) is None:
            return True
    # Hedges reach down into subordinate clauses ("he allegedly came under a strike, after
    # which he died") but not across to a neighbouring conjunct's negation.
    # Nor up past the claimant's reporting verb into another speaker's clause.
    for node in _up_to(trigger, cue):
        if any(_hedge_dependent(c) for c in node.children if c != trigger):
            return True
    if _sentence_adverb_hedge(sent, clause) or _conditional(trigger):
        return True
    if _unconfirmed_between(_top(clause, cue), trigger):
        return True
    if cue is not None and _withheld_confirmation(cue):
        return True  # "X has yet to confirm his killing": X is the source, and leaves it open
    if cue is not None:
        named = attribution is not None and attribution.claimant is not None
        lemma = cue.lemma_.lower()
        # "X claimed that ...": X asserts it; only "it is claimed" distances the writer.
        if lemma in lexicon.HEDGING_REPORT_VERBS and not (named and lemma in lexicon.CLAIM_VERBS):
            return True
        if any(_hedge_dependent(c) for c in cue.children):
            return True
    if attribution is not None and attribution.impersonal:
        return True
    text = span_text(sent).lower()
    return any(p in text for p in ("high probability", "a version appeared",
                                   "information appeared", "it is possible"))  # fmt: skip


def _up_to(trigger: Token, cue: Token | None) -> list[Token]:
    """The trigger and its ancestors, up to the reporting verb ``cue`` when it governs it."""
    nodes = [trigger]
    for anc in trigger.ancestors:
        nodes.append(anc)
        if anc == cue:
            break
    return nodes


def _conditional(trigger: Token) -> bool:
    """ "whether he was killed", "if he had been killed", "if X announces it, it means he was
    killed": the trigger's clause, or the main clause it hangs from, is a condition or a
    question, not a report."""
    for node in [trigger, *trigger.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in node.children):
            return True
    root = trigger.sent.root
    return any(
        c.dep_ == "advcl" and trigger not in c.subtree
        and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
        for c in root.children
    )  # fmt: skip


def _hedge_dependent(child: Token) -> bool:
    lemma, low = child.lemma_.lower(), child.lower_
    if child.dep_ in {"aux"} and low in lexicon.HEDGE_MODALS:
        return True
    if child.dep_ in {"advmod", "amod", "acomp", "npadvmod"}:
        return low in lexicon.HEDGE_ADVERBS or lemma in lexicon.HEDGE_ADJECTIVES
    if low == "according":
        # "according to preliminary information", "according to unconfirmed reports"
        objs = [o for to in child.children for o in to.children if o.dep_ == "pobj"]
        return any(
            m.dep_ == "amod" and m.lemma_.lower() in lexicon.HEDGE_ADJECTIVES
            for o in objs for m in o.children
        )  # fmt: skip
    return False


def _sentence_adverb_hedge(sent: Span, clause: list[Token]) -> bool:
    """A sentence adverb ("Presumably, he died") hanging from the root of the trigger's clause."""
    top = clause[-1]
    while top.dep_ == "conj" and top.head != top:
        top = top.head
    return any(
        c.dep_ == "advmod" and c.lower_ in lexicon.HEDGE_ADVERBS and c.i < top.i
        for c in top.children
    )


def _scare_quoted(trigger: Token) -> bool:
    """was “killed” / “captured by ...”: a quotation mark opens right before the trigger."""
    doc = trigger.doc
    before = doc[trigger.i - 1] if trigger.i > 0 else None
    after = doc[trigger.i + 1] if trigger.i + 1 < len(doc) else None
    if before is None or before.text not in _QUOTES_OPEN:
        return False
    if after is not None and after.text in _QUOTES_CLOSE:
        return True
    # was “dead,” : a comma or full stop inside the closing quote.
    beyond = doc[after.i + 1] if after is not None and after.i + 1 < len(doc) else None
    if after is not None and after.is_punct and beyond is not None and beyond.text in _QUOTES_CLOSE:
        return True
    # An opening curly quote right before the trigger: a quoted fragment begins with it.
    return before.text in {"“", "«", "„"} and before.i > trigger.sent.start


def modality_of_text(text: str) -> Modality:
    """The modality of a headline or short text as a whole (no trigger).

    The same cue families over the whole text. Unlike a claim, a headline has no claimant
    field, so an attribution ("..., officials say", "Sources: ...", "... - senior official")
    marks it hedged: the outlet reports without committing. Reporting verbs that commit the
    outlet ("confirms", "reveals") do not. Title-case and all-caps headlines are parsed in
    sentence case, which the tagger handles far better.
    """
    doc = english_pipeline()(_sentence_case(text))
    low = text.lower()
    tokens = list(doc)
    if any(t.lemma_.lower() in lexicon.RETRACTION_VERBS for t in tokens):
        return "retracted"
    if _text_denied(low, tokens):
        return "denied"
    if _text_hedged(low, tokens) or _source_frame(text):
        return "hedged"
    return "asserted"


def _sentence_case(text: str) -> str:
    """ "Isis Leader Injured In Strike" -> "Isis leader injured in strike" (acronyms kept)."""
    words = text.split()
    capitalised = sum(w[:1].isupper() for w in words)
    if len(words) < 4 or capitalised < 0.7 * len(words):
        return text
    out = [words[0] if words[0].isupper() and len(words[0]) <= 4 else words[0].capitalize()]
    for word in words[1:]:
        keep = word.isupper() and len(word) <= 4 and not text.isupper()
        out.append(word if keep else word.lower())
    return " ".join(out)


def _text_denied(low: str, tokens: list[Token]) -> bool:
    if any(p in low for p in lexicon.DENIAL_PHRASES):
        return True
    if low.startswith("no,") or low.startswith("no "):
        return low.startswith("no,")
    for tok in tokens:
        lemma = tok.lemma_.lower()
        if lemma in lexicon.DENIAL_VERBS - {"question", "survive"} and tok.tag_ != "VBN":
            return True
        if lemma in lexicon.DENIAL_NOUNS | lexicon.DENIAL_ADJECTIVES - {"alive", "wrong"}:
            return True
        if lemma in lexicon.HEDGE_NOUNS and tok.head.lemma_.lower() in lexicon.REBUTTAL_VERBS:
            return True  # "slams rumors", "shoots down report"
        if tok.dep_ == "neg" and tok.head.pos_ in {"VERB", "AUX", "ADJ"}:
            return True
    return False


def _text_hedged(low: str, tokens: list[Token]) -> bool:
    if any(p in low for p in lexicon.HEDGE_PHRASES) or "?" in low:
        return True
    for tok in tokens:
        lemma, word = tok.lemma_.lower(), tok.lower_
        if word in lexicon.HEDGE_ADVERBS or lemma in lexicon.HEDGE_ADJECTIVES:
            return True
        if tok.dep_ == "aux" and word in lexicon.HEDGE_MODALS:
            return True
        if lemma in lexicon.HEDGE_NOUNS and tok.pos_ == "NOUN":
            return True
        if lemma in lexicon.REPORT_VERBS - lexicon.COMMITTING_VERBS and tok.pos_ == "VERB":
            return True
        if word in {"according", "whether"}:
            return True
    return _scare_quoted_any(tokens)


def _scare_quoted_any(tokens: list[Token]) -> bool:
    return any(
        t.text in _QUOTES_OPEN - {"'"} and i + 2 < len(tokens) and tokens[i + 2].text in
        _QUOTES_CLOSE for i, t in enumerate(tokens)
    )  # fmt: skip


def _source_frame(text: str) -> bool:
    """ "Officials: X", "X - senior official", "X: report": a headline credited to a source."""
    head, sep, _ = text.partition(":")
    if sep and _is_source_phrase(head):
        return True
    for dash in (" - ", " – ", " — "):
        _, sep, tail = text.rpartition(dash)
        if sep and _is_source_phrase(tail):
            return True
    last = text.rstrip(" .!").rsplit(" ", 1)[-1].lower()
    return last in {"report", "reports", "sources", "source"}


def headline_source(before: str, phrase: str) -> bool:
    """Whether ``phrase`` is the source a headline names after a colon ("X died: Afghan govt"):
    the text before ends with a colon and the phrase is a short source name of its own line.
    A bare "reports" names nobody."""
    if not before.rstrip().endswith(":") or "\n" in phrase.strip():
        return False
    words = phrase.strip(" .\n").split()
    if not words or (len(words) == 1 and words[0].lower().rstrip("s") in {"report", "source"}):
        return False
    return _is_source_phrase(phrase.strip(" .\n"))


def _is_source_phrase(phrase: str) -> bool:
    words = phrase.strip().split()
    if not words or len(words) > 4:
        return False
    if lexicon.is_news_organisation(phrase):
        return True
    head = words[-1].lower().rstrip("s")
    return head in lexicon.SOURCE_NOUNS


def english_pipeline() -> Language:
    """The English spaCy pipeline (parser + NER): the one ``claimledger.nlp`` loads and shares."""
    from claimledger.nlp import load_pipeline  # here: claimledger.nlp imports the extractors

    return load_pipeline()
