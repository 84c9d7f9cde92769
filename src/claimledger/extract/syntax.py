"""Readings of spaCy's dependency parse that several extraction stages share."""

from __future__ import annotations

from spacy.tokens import Token

_PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass"})
# Dependencies of a participle that modifies a noun ("the terrorists eliminated in the strike").
_PARTICIPLE_DEPS = frozenset({"acl", "amod", "relcl", "conj", "advcl"})


def is_passive(token: Token) -> bool:
    """Whether a verb is passive: its own passive auxiliary or subject, a participle modifying a
    noun ("the eliminated"), or the participle of a passive report ("X was reported killed")."""
    if any(c.dep_ in _PASSIVE_DEPS for c in token.children):
        return True
    if token.tag_ != "VBN":
        return False
    if token.dep_ in _PARTICIPLE_DEPS:
        return True
    return token.dep_ in {"xcomp", "oprd"} and any(
        c.dep_ in _PASSIVE_DEPS for c in token.head.children
    )
