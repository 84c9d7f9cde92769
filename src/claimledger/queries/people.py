"""People in the ledger: an entity by id, by any name or spelling, and the most contested."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimledger.store import Store
from claimledger.types import Entity


def find_entities(store: Store, name: str) -> list[Entity]:
    """Entities a name (any alias, spelling or script) may refer to, persons first."""
    found = store.find_entities(store.alias_key(name)) if name.strip() else []
    return sorted(found, key=lambda e: (e.type != "person", -len(e.aliases), e.id))


def get_entity(store: Store, entity_id: str) -> Entity | None:
    """The entity with this id, or None."""
    return next(iter(store.get_entities([entity_id])), None)


def resolve_person(store: Store, person: str) -> Entity | None:
    """An entity id, or else any name or spelling of one (persons first)."""
    return get_entity(store, person) or next(iter(find_entities(store, person)), None)


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """A person with how many events are reported about them and how many are contested."""

    entity: Entity
    events: int
    contested: int  # refuted or disputed events

    def as_dict(self) -> dict[str, Any]:
        return {"entity": self.entity.as_dict(), "events": self.events, "contested": self.contested}


def contested_people(store: Store, limit: int = 10) -> list[PersonSummary]:
    """Persons with the most refuted or disputed events, then the most events."""
    counts: dict[str, list[int]] = {}
    for event in store.iter_events():
        row = counts.setdefault(event.subject_id, [0, 0])
        row[0] += 1
        row[1] += event.status in ("refuted", "disputed")
    people = [
        PersonSummary(e, *counts[e.id])
        for e in store.iter_entities()
        if e.type == "person" and e.id in counts
    ]
    people.sort(key=lambda p: (-p.contested, -p.events, p.entity.name))
    return people[:limit]
