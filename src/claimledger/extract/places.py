"""Where, by whom and by what: the place, agent and cause attached to a trigger's clause.

Both walk the trigger's prepositional chains ("in an airstrike near the city of X", "as a result
of an airstrike by Y") breadth first, so the nearest attachment wins, and never leave the
clause (relative clauses, conjoined and complement clauses have triggers of their own).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimledger.extract.predicates import VIOLENT_CAUSES

logger = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
AGENT_LABELS = frozenset({"ORG", "NORP", "GPE", "PERSON"})
# Prepositions that put an event at a place, directly or through a chain.
PLACE_PREPS = frozenset(
    {"in", "near", "at", "on", "outside", "inside", "around", "of", "within", "during", "under"}
)
# Nouns whose compound modifier is a place name ("the Raqqa area").
PLACE_NOUNS = frozenset(
    {
        "city", "town", "village", "area", "region", "province", "district", "suburb",
        "outskirts", "vicinity", "border", "country", "capital", "governorate", "valley",
        "camp", "prison", "hospital", "neighborhood", "neighbourhood", "quarter", "airport",
    }
)  # fmt: skip
# Dependencies that stay inside the trigger's clause.
CLAUSE_DEPS = frozenset({"prep", "pobj", "agent", "advmod", "npadvmod", "pcomp", "dobj"})
MAX_DEPTH = 6


@dataclass(frozen=True, slots=True)
class Circumstances:
    """Plain strings for the claim: where it happened, who did it, and with what."""

    where: str | None = None
    agent: str | None = None
    cause: str | None = None


def circumstances(trigger: Token, *, moved: bool = False) -> Circumstances:
    """Place, agent and cause of the event stated by ``trigger``."""
    root = trigger.head if trigger.pos_ == "ADJ" and trigger.dep_ == "acomp" else trigger
    agent, cause = find_agent(root)
    return Circumstances(where=find_place(root, moved=moved), agent=agent, cause=cause)


def find_place(root: Token, *, moved: bool = False) -> str | None:
    """The nearest GPE/LOC/FAC reached through place prepositions from ``root``."""
    preps = PLACE_PREPS | ({"to", "for", "into"} if moved else set())
    for token, via in _walk(root):
        if token.dep_ == "pobj" and via not in preps:
            continue
        if token.dep_ == "compound" and token.head.lemma_.lower() not in PLACE_NOUNS:
            continue  # "a US raid": the compound names the agent, not the place
        ent = _entity(token)
        if ent is not None and ent.label_ in PLACE_LABELS and token.dep_ in {"pobj", "compound"}:
            return _clean(ent.text)
    return None


def find_agent(root: Token) -> tuple[str | None, str | None]:
    """(agent, cause): "killed by X", "an airstrike by X", "a US raid" -> (X, airstrike)."""
    agent: str | None = None
    cause: str | None = None
    for token, via in _walk(root):
        if token.dep_ == "pobj" and via == "by" and agent is None and token.head.dep_ == "agent":
            agent = _phrase(token)
        lemma = token.lemma_.lower()
        if cause is None and lemma in VIOLENT_CAUSES and token.pos_ == "NOUN":
            cause = lemma
            agent = agent or _cause_agent(token)
    return agent, cause


def _cause_agent(cause: Token) -> str | None:
    for child in cause.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _phrase(obj)
    for child in cause.children:
        if child.dep_ in {"compound", "amod", "nmod", "poss"}:
            ent = _entity(child)
            if ent is not None and ent.label_ in AGENT_LABELS:
                return _clean(ent.text)
            if child.dep_ in {"compound", "poss"} and child.pos_ in {"NOUN", "PROPN"}:
                return _phrase(child)
    return None


def _walk(root: Token) -> Iterator[tuple[Token, str]]:
    """Breadth-first over the clause's prepositional chains: (token, governing preposition)."""
    frontier: list[tuple[Token, str, int]] = [(root, "", 0)]
    while frontier:
        token, via, depth = frontier.pop(0)
        yield token, via
        if depth >= MAX_DEPTH:
            continue
        for child in token.children:
            if child.dep_ in CLAUSE_DEPS or (token is not root and child.dep_ == "compound"):
                prep = child.lower_ if child.dep_ in {"prep", "agent"} else via
                frontier.append((child, prep, depth + 1))


def _entity(token: Token) -> Span | None:
    if token.ent_iob_ not in {"B", "I"}:
        return None  # outside every entity: spare building the sentence and its entities
    for ent in token.sent.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _phrase(token: Token) -> str:
    ent = _entity(token)
    if ent is not None and ent.label_ in AGENT_LABELS:
        return _clean(ent.text)
    words = {t.i: t for t in token.subtree if t.i < token.i and t.dep_ in {"compound", "amod"}}
    words[token.i] = token
    return _clean(" ".join(words[i].text for i in sorted(words)))


def _clean(text: str) -> str:
    text = text.strip(" ,.“”\"'")
    for article in ("the ", "The "):
        text = text.removeprefix(article)
    return text
