"""Finding the entity a user means from what they type: an id, a name, part of a name.

Names are compared by the store's alias keys (``resolve.keys.name_key``: transliteration,
article and word order do not matter), so "Al Bogdadi" finds "Abu Bakr al-Baghdadi" and
"Zebari" finds "Hoshyar Zebari". A name that fits several people is reported with all of them
rather than silently answered for one: the caliph Abu Bakr is not Abu Bakr al-Baghdadi.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimledger.types import Entity

if TYPE_CHECKING:
    from claimledger.store import Store

# How many candidates an ambiguous name lists (a one-word name can fit many people).
MAX_CANDIDATES = 10


def _ranked(found: Sequence[Entity], exact_ids: set[str]) -> list[Entity]:
    """Whole-name matches first, persons first, then the most often named."""
    return sorted(
        found, key=lambda e: (e.id not in exact_ids, e.type != "person", -len(e.aliases), e.id)
    )


def match_entities(store: Store, text: str) -> list[Entity]:
    """Entities one of whose names has every word of ``text``, in any spelling; whole-name
    matches first ("Zebari" finds "Hoshyar Zebari"; "Abu Bakr" both Abu Bakrs)."""
    key = store.alias_key(text) if text.strip() else ""
    if not key:
        return []
    exact = store.find_entities(key)
    partial = store.find_entities_with_words(key.split(" "))
    merged = {e.id: e for e in [*exact, *partial]}
    return _ranked(list(merged.values()), {e.id for e in exact})


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a typed name refers to: one entity, several it could be, or nothing."""

    text: str
    entity: Entity | None
    candidates: tuple[Entity, ...] = ()  # when ambiguous: the first MAX_CANDIDATES it could be
    fits: int = 0  # how many entities it could be in all


def _persons_first(found: Sequence[Entity]) -> list[Entity]:
    persons = [e for e in found if e.type == "person"]
    return persons or list(found)


def look_up(store: Store, text: str) -> Lookup:
    """The entity ``text`` names: an entity id; else the one person (or, with no person,
    the one entity) whose name is ``text`` in some spelling; else the one whose name has all
    of its words. Several at the first step that finds any: ambiguous, with the candidates."""
    by_id = store.get_entities([text.strip()])
    if by_id:
        return Lookup(text, by_id[0])
    key = store.alias_key(text) if text.strip() else ""
    if not key:
        return Lookup(text, None)
    steps = (lambda: store.find_entities(key), lambda: store.find_entities_with_words(key.split()))
    for step in steps:
        found = _persons_first(_ranked(step(), set()))
        if len(found) == 1:
            return Lookup(text, found[0])
        if found:
            return Lookup(text, None, tuple(found[:MAX_CANDIDATES]), len(found))
    return Lookup(text, None)
