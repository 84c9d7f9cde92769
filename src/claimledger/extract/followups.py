"""Follow-up sentences: they contest or repeat the previous claim without a trigger word.

News prose reacts to a report in the next sentences without restating it: "A coalition
spokesman expressed doubts about what happened." (a denial), "According to an official, X was
not in the city during the meeting." (an alibi: a denial), "Then - again on April 22."
(an elliptical repetition with a new date). Each refers to the document's most recent claim,
so these rules only fire close after one, and only for events a person can be said to undergo.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span, Token

from claimledger.extract.people import name_key

logger = logging.getLogger(__name__)

FollowUpKind = Literal["doubt", "absent", "again"]
# Predicates whose claims draw doubts, alibis and repetitions.
FOLLOWED = frozenset({"killed", "died", "wounded", "poisoned", "captured", "arrested", "detained"})
# A follow-up refers to a claim at most this many characters before it.
REACH = 1500

DOUBT_RE = re.compile(
    r"\b(?:doubts?|doubted|doubtful|skeptical|sceptical|skepticism|scepticism|disbelie\w*)\b"
)
# "eliminates all doubts", "beyond doubt": the doubt is dispelled, not raised.
DISPELLED_RE = re.compile(
    r"\b(?:eliminat|remov|dispel|beyond|without|no|clear|leav)\w*\W+(?:\w+\W+)?$"
)
ABSENT_RE = re.compile(r"\b(?:was|were)(?: not|n't) (?:in|at|there)\b")
AGAIN_RE = re.compile(r"\bagain,? (?:on|in) ")
# For the prefilter: paragraphs holding only a follow-up must be parsed too.
FOLLOWUP_STEMS = (
    r"doubt|skeptic|sceptic|disbelie|(?:was|were)(?: not|n't) (?:in|at|there)\b"
    r"|again,? (?:on|in) "
)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What kind of follow-up a sentence is, and the token that carries it."""

    kind: FollowUpKind
    cue: Token


def follow_up(sent: Span, *, subject_key: str) -> FollowUp | None:
    """The follow-up this sentence makes to a claim about ``subject_key``, if any."""
    lower = sent.text.lower()
    if match := AGAIN_RE.search(lower):
        return FollowUp("again", _token_at(sent, match.start()))
    if match := ABSENT_RE.search(lower):
        cue = _token_at(sent, match.start())
        if _names_subject(sent, cue, subject_key):
            return FollowUp("absent", cue)
        return None
    for match in DOUBT_RE.finditer(lower):
        if not DISPELLED_RE.search(lower[max(0, match.start() - 30) : match.start()]):
            return FollowUp("doubt", _token_at(sent, match.start()))
    return None


def _token_at(sent: Span, char: int) -> Token:
    for token in sent:
        if token.idx - sent.start_char >= char:
            return token
    return sent[-1]


def _names_subject(sent: Span, cue: Token, subject_key: str) -> bool:
    """Whether the alibi's subject (the word before "was not") is the claim's subject."""
    subject = [t for t in sent if t.i < cue.i and t.dep_ in {"nsubj", "nsubjpass"}]
    if not subject:
        return False
    head = subject[-1]
    return head.lower_ in {"he", "she"} or name_key(head.text) == subject_key
