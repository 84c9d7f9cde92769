"""Follow-up sentences: they contest or repeat the previous claim without a trigger word.

News prose reacts to a report in the next sentences without restating it: "A coalition
spokesman expressed doubts about what happened." (a denial; doubts "about the reports" only
question them: a hedge), "According to an official, X was not in the city during the
meeting." (an alibi: a denial), "Then - again on April 22." (an elliptical repetition with a
new date), "The users themselves recognized the fake." (a forgery: a denial), "But the camp
commander says he is staying there until 2009." (a stay in custody going on to another date: a
repetition). Each refers to the document's most recent claim, so these rules only fire close
after one, and only for events a person can be said to undergo.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span, Token

from claimledger.extract import lexicon
from claimledger.extract.hypothetical import in_hypothetical_clause
from claimledger.extract.people import name_key
from claimledger.extract.spans import span_text

logger = logging.getLogger(__name__)

FollowUpKind = Literal["doubt", "questioned", "absent", "again", "forged", "stay"]
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
# An outright denial of the report without restating it: "we completely deny these rumours",
# "there is no truth in the news", "they believed the claim to be untrue".
DENIAL_RE = re.compile(
    r"\b(?:den(?:y|ies|ied)|reject(?:s|ed)?|dismiss(?:es|ed)?)\s+(?:\w+\s+){0,2}?"
    r"(?:rumou?rs?|reports?|claims?|news|allegations?|stories)\b"
    r"|\bno truth\b"
    r"|\b(?:is|was|are|were|be)\s+(?:absolutely\s+|totally\s+|completely\s+|only\s+)?"
    r"(?:untrue|baseless|groundless|unfounded|a lie|lies|propaganda)\b"
)
ABSENT_RE = re.compile(r"\b(?:was|were)(?: not|n't) (?:in|at|there)\b")
AGAIN_RE = re.compile(r"\bagain,? (?:on|in) ")
# A forgery named as one thing: "this fake", "the forgery" (a noun with a definite determiner;
# "all these fakes", "fake news" talk of fakes in general), or a verb of forging in the passive
# or with a picture as object ("his head was photoshopped", "they doctored the photo").
FORGERY_NOUNS = frozenset({"fake", "forgery", "hoax", "montage", "fabrication"})
FORGERY_VERBS = frozenset({"photoshopped", "forged", "faked", "doctored", "fabricated"})
_DEFINITE = frozenset({"this", "that", "the"})
_PICTURES = frozenset(
    {"photo", "photograph", "picture", "image", "video", "footage", "recording", "document"}
)
FORGERY_RE = re.compile(
    r"\b(?:fake|forgery|hoax|montage|fabrication|photoshopped|forged|faked"
    r"|doctored|fabricated)\b"
)
# "... says X is staying there until 2009": the stay in custody the previous claim told of goes
# on, by this source, to another date.
STAY_RE = re.compile(r"\b(?:(?:is|was|are|were) (?:still )?staying|stayed|remained) there\b")
# Predicates a stay can continue.
STAYED = frozenset({"detained", "arrested", "captured"})
# For the prefilter: paragraphs holding only a follow-up must be parsed too.
FOLLOWUP_STEMS = (
    r"doubt|skeptic|sceptic|disbelie|(?:was|were)(?: not|n't) (?:in|at|there)\b"
    r"|again,? (?:on|in) |fake\b|forg|hoax|montage|fabricat|photoshop|doctored"
    r"|staying there|(?:stayed|remained) there"
    r"|\bden(?:y|ies|ied)\b|no truth|untrue|baseless|groundless|unfounded|propaganda"
)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What kind of follow-up a sentence is, and the token that carries it."""

    kind: FollowUpKind
    cue: Token


def follow_up(sent: Span, *, subject_key: str, predicate: str | None = None) -> FollowUp | None:
    """The follow-up this sentence makes to a claim of ``predicate`` about ``subject_key``."""
    lower = span_text(sent).lower()
    if match := AGAIN_RE.search(lower):
        return FollowUp("again", _token_at(sent, match.start()))
    if predicate in STAYED and (match := STAY_RE.search(lower)):
        return FollowUp("stay", _token_at(sent, match.start()))
    if forged := _forgery(sent):
        return FollowUp("forged", forged)
    if match := ABSENT_RE.search(lower):
        cue = _token_at(sent, match.start())
        if _names_subject(sent, cue, subject_key):
            return FollowUp("absent", cue)
        return None
    if match := DENIAL_RE.search(lower):
        return FollowUp("doubt", _token_at(sent, match.start()))
    for match in DOUBT_RE.finditer(lower):
        if not DISPELLED_RE.search(lower[max(0, match.start() - 30) : match.start()]):
            cue = _token_at(sent, match.start())
            return FollowUp("questioned" if _about_report(cue) else "doubt", cue)
    return None


def _about_report(doubt: Token) -> bool:
    """ "officials expressed doubts about the reports": a doubt about what was reported leaves
    the claim open (a hedge); a doubt about what happened contradicts it."""
    return any(
        t.lemma_.lower() in lexicon.HEDGE_NOUNS and t.pos_ == "NOUN" and t != doubt
        for t in doubt.subtree
    )


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


def _forgery(sent: Span) -> Token | None:
    """The token saying that one definite thing was forged, if the sentence says so (outside a
    hypothetical clause: "it is unclear whether the forgery was ...")."""
    if not FORGERY_RE.search(span_text(sent).lower()):
        return None
    for token in sent:
        word = token.lower_
        if word in FORGERY_NOUNS and token.tag_ == "NN":
            found = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.children)
        elif word in FORGERY_VERBS and token.tag_ in {"VBN", "VBD"}:
            found = any(
                c.dep_ == "auxpass" or (c.dep_ == "dobj" and c.lemma_.lower() in _PICTURES)
                for c in token.children
            )
        else:
            continue
        if found and not in_hypothetical_clause(token):
            return token
    return None
