"""Mentions of an event that report nothing: hypotheses, questions, advice, generic talk.

"If X's death is confirmed, ...", "It is too early to say whether X was killed", "Was X
killed?", "the next time you see news about the death of X", "how you can tell whether X has
died", "he will be killed again": none of these says that anything happened, so none is a
claim. Nor is a nominal mention
about a class of people with no referent ("the destruction of its leaders", "executions of
civilians", "the deaths of militant leaders"): a verb clause with such a subject ("civilians
were killed in the shelling") still reports an event and is kept.
"""

from __future__ import annotations

import logging
import re

from spacy.tokens import Span, Token

from claimledger.extract import lexicon
from claimledger.extract.spans import span_text

logger = logging.getLogger(__name__)

# Subordinators that open a clause stating no fact.
_HYPOTHETICAL_MARKS = frozenset({"if", "whether", "unless"})
_CLOSING = "\"'”’»)]. "
# Auxiliaries of the future ("will", "shall", "'ll", "wo" in "won't").
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Predicates whose future form is news: a trial, a sentence, a release, an appointment or a
# move is announced before it happens ("X will be tried on Monday"); a death, a wounding or an
# arrest in the future tense is a prediction.
_SCHEDULED = frozenset({"charged", "tried", "sentenced", "released", "appointed", "moved"})
# Modals of possibility and obligation: with a bare verb the event has not (yet) happened.
_POSSIBLE_AUX = frozenset({"might", "could", "may", "should", "must", "would", "ought", "can"})
_PERFECT = frozenset({"have", "'ve", "has", "had"})
# Verbs whose complement is aimed at, not achieved ("sought to kill", "tried to capture").
_ATTEMPT_VERBS = frozenset(
    {"seek", "try", "attempt", "aim", "plan", "plot", "want", "help", "hope", "intend",
     "threaten", "vow", "order", "urge", "fail", "refuse", "need"}
)  # fmt: skip
# Nouns whose infinitive is aimed at, not achieved ("an attempt to kill", "a mission to kill").
_AIM_NOUNS = lexicon.ATTEMPT_NOUNS | frozenset(
    {"mission", "plan", "order", "call", "bounty", "reward", "intention", "threat", "vow",
     "campaign"}
)  # fmt: skip
# A group named by a bare plural or a possessive pronoun and a plural: no referent.
_GENERIC_GROUP = re.compile(
    r"^(?:(?:its|their|his|her|our|your)\s+)?(?!(?:the|a|an|these|those|this|that|both|all|"
    r"several|some|many|dozens|hundreds|thousands|another|other|two|three|four|five|six|seven|"
    r"eight|nine|ten|twelve|twenty|fifty)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*)*s$"
)
_DETERMINED = re.compile(r"\d")


def is_question(sent: Span) -> bool:
    """Whether the sentence asks rather than tells."""
    return span_text(sent).rstrip(_CLOSING.replace("?", "")).rstrip().endswith("?")


def in_hypothetical_clause(token: Token) -> bool:
    """Whether ``token`` sits in a clause opened by "if", "whether" or "unless", or in one
    addressed to a generic "you" ("the next time you see news about ...")."""
    current: Token | None = token
    while current is not None:
        for child in current.children:
            if child.dep_ == "mark" and child.lower_ in _HYPOTHETICAL_MARKS:
                return True
            if current is not token and child.dep_ == "nsubj" and child.lower_ == "you":
                return True
        current = None if current.head.i == current.i else current.head
    return False


def is_generic_group(written: str, label: str, role: str) -> bool:
    """Whether a subject is a class of people named in a nominal mention ("the destruction
    of its leaders"): no number, no article, no demonstrative."""
    if label != "GROUP" or role != "nominal":
        return False
    text = written.strip()
    return _DETERMINED.search(text) is None and _GENERIC_GROUP.match(text) is not None


def is_prediction(token: Token, predicate: str) -> bool:
    """Whether the trigger ``token`` is in the future tense and its predicate cannot be
    scheduled ("he will be eliminated again, blown up and poisoned"): a prediction.

    A verb joined to a future one ("and poisoned") or a participle clause hanging on it
    ("blown up in cars") shares its tense."""
    if predicate in _SCHEDULED:
        return False
    current = token
    while True:
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in current.children):
            return True
        if any(c.dep_ in {"aux", "nsubj", "nsubjpass"} for c in current.children):
            return False  # a clause with its own tense or subject
        shares = current.dep_ == "conj" or (current.dep_ == "advcl" and current.tag_ == "VBN")
        if not shares or current.head.i == current.i:
            return False
        current = current.head


def is_unrealised(token: Token) -> bool:
    """Whether a verb trigger is only possible, due or attempted: "he could die", "they should
    be charged", "seeking to assassinate him", "to help the police capture him". A possibility
    in the perfect ("may have been killed") or of a state ("may be dead") reports a hedged
    past event and is kept."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    auxes = [c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if any(a in _POSSIBLE_AUX for a in auxes) and not any(a in _PERFECT for a in auxes):
        return True
    if token.dep_ == "xcomp" or (token.dep_ == "ccomp" and token.tag_ == "VB"):
        return token.head.lemma_.lower() in _ATTEMPT_VERBS
    if _infinitive_of(token) and token.head.lemma_.lower() in _AIM_NOUNS:
        # "a deliberate attempt to kill him", "a mission to kill him": aimed at; unless it
        # failed against the odds, which a survival verb tells ("survived an attempt to ...").
        return token.head.head.lemma_.lower() not in lexicon.SURVIVAL_VERBS
    return False


def _infinitive_of(token: Token) -> bool:
    """ "(an attempt) to kill": a bare verb with "to" hanging from a noun."""
    return (
        token.dep_ in {"acl", "relcl"}
        and token.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )


def reports_nothing(sent: Span, token: Token, predicate: str = "") -> bool:
    """Whether the trigger ``token`` of ``sent`` is in a question, a hypothetical clause, a
    prediction or only possible, due or attempted."""
    if (
        is_question(sent)
        or in_hypothetical_clause(token)
        or is_prediction(token, predicate)
        or is_unrealised(token)
    ):
        logger.debug("hypothetical mention skipped: %r", token.text)
        return True
    return False
