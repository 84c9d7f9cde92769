"""Origins and their track records: how each reads (ranked, too few resolved events, unnamed
reports), one person's records under several names summed, and one origin in detail."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from claimledger.ledger import (
    is_recounted,
    is_unnamed,
    origin_key,
    origin_label,
    trace_origin,
)
from claimledger.queries.timeline import event_order
from claimledger.store import Store
from claimledger.types import STATUSES, Claim, Entity, Event, TrackRecord


def claim_origin(claim: Claim) -> str:
    """The origin the ledger traced a claim to (computed when it was not stored)."""
    return claim.origin or trace_origin(claim)


def sources(store: Store) -> list[TrackRecord]:
    """Every origin with how its claims ended, the most active first.

    Read from the tallies ``Store.replace_events`` keeps (``claimledger.store.lookups``); they
    equal ``assess.track_records`` over every event and claim of the ledger.
    """
    return store.track_records()


# An origin is ranked by its record only when this many of its events were resolved
# (confirmed or refuted): one or two refuted reports say little about an outlet.
MIN_RESOLVED = 3


@dataclass(frozen=True, slots=True)
class OriginStanding:
    """An origin's track record with how it reads: its label, what kind of origin it is, and
    whether its record is enough to rank it (``note`` says why not)."""

    record: TrackRecord
    label: str
    kind: str  # "named", "publisher" (the article asserts it) or "unnamed reports"
    ranked: bool
    note: str

    @property
    def refuted_share(self) -> float:
        return self.record.refuted / self.record.resolved if self.record.resolved else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.record.as_dict(),
            "label": self.label,
            "kind": self.kind,
            "ranked": self.ranked,
            "note": self.note,
        }


def standing(record: TrackRecord, *, titles: dict[str, str] | None = None) -> OriginStanding:
    """How one track record reads (see ``OriginStanding``)."""
    label = origin_label(record.origin, titles=titles)
    if is_recounted(record.origin):
        note = "not ranked: unnamed earlier reports, nobody to hold to account"
        return OriginStanding(record, label, "unnamed reports", False, note)
    kind = "publisher" if is_unnamed(record.origin) else "named"
    if record.resolved < MIN_RESOLVED:
        note = f"too few resolved events to rank ({record.resolved} of {MIN_RESOLVED} needed)"
        return OriginStanding(record, label, kind, False, note)
    share = round(100 * record.refuted / record.resolved)
    note = f"{record.refuted} of {record.resolved} resolved events refuted ({share}%)"
    return OriginStanding(record, label, kind, True, note)


def origin_person(store: Store, name: str) -> Entity | None:
    """The one person an origin's name resolves to by the resolver's alias keys ("Stepanyan"
    and "Arayik Stepanyan" are one), or None (not a person, unknown, or ambiguous)."""
    return origin_people(store, [name]).get(name)


def origin_people(store: Store, names: Iterable[str]) -> dict[str, Entity]:
    """``origin_person`` of many names in a few queries: name -> its one person (the names
    that resolve to none, or to several, left out)."""
    keys = {name: store.alias_key(name) for name in names if name.strip() and not is_unnamed(name)}
    found = store.find_entities_by_keys(set(keys.values())) if keys else {}
    people: dict[str, Entity] = {}
    for name, key in keys.items():
        persons = [e for e in found.get(key, ()) if e.type == "person"]
        if len(persons) == 1:
            people[name] = persons[0]
    return people


def origin_keys(store: Store, name: str) -> tuple[str, set[str]]:
    """The name an origin is shown under and every origin key its record is summed over: the
    person's canonical name and the keys of all his names when the name resolves to one."""
    person = origin_person(store, name)
    if person is None:
        return name, {origin_key(name)}
    return person.name, {origin_key(n) for n in (person.name, *person.aliases, name)}


def summed_record(name: str, records: Iterable[TrackRecord]) -> TrackRecord:
    """One track record, under ``name``, of several records' counts."""
    counts = {s: sum(getattr(r, s) for r in records) for s in STATUSES}
    return TrackRecord(name, **counts)


def merged_records(store: Store, records: Sequence[TrackRecord]) -> list[TrackRecord]:
    """Track records with one person's under several names summed under his name."""
    groups: dict[str, tuple[str, list[TrackRecord]]] = {}
    people = origin_people(store, [r.origin for r in records])
    for record in records:
        person = people.get(record.origin)
        key = f"person:{person.id}" if person else origin_key(record.origin)
        name = person.name if person else record.origin
        groups.setdefault(key, (name, []))[1].append(record)
    return [
        group[0] if len(group) == 1 and group[0].origin == name else summed_record(name, group)
        for name, group in groups.values()
    ]


def standings(store: Store) -> list[OriginStanding]:
    """Every origin's standing: the ranked ones first, the most often refuted (by share of
    resolved events) at the top; then those with too few resolved events, the most active
    first; the unnamed earlier reports articles recount last. One person's records under
    several names are one (``merged_records``)."""
    found = [standing(r) for r in merged_records(store, sources(store))]

    def order(s: OriginStanding) -> tuple[int, float, int, str]:
        group = 0 if s.ranked else 2 if s.kind == "unnamed reports" else 1
        share = -s.refuted_share if s.ranked else 0.0
        return (group, share, -s.record.total, s.label)

    return sorted(found, key=order)


@dataclass(frozen=True, slots=True)
class OriginDetail:
    """An origin's track record and every claim traced back to it, with the claims' events;
    ``counted`` are the events behind the record's counts (one per event it supported)."""

    record: TrackRecord
    claims: tuple[Claim, ...]
    events: dict[str, Event]
    counted: tuple[Event, ...] = ()

    @property
    def standing(self) -> OriginStanding:
        return standing(self.record)

    def counted_by_status(self) -> dict[str, list[Event]]:
        """The counted events by status, in the order statuses are listed."""
        return {s: [e for e in self.counted if e.status == s] for s in STATUSES}

    def as_dict(self) -> dict[str, Any]:
        statuses = {k: e.status for k, e in self.events.items()}
        return {
            **self.standing.as_dict(),
            "counted_events": [_event_brief(e) for e in self.counted],
            "claims": [
                {**c.as_dict(), "status": statuses.get(c.event_id or "")} for c in self.claims
            ],
        }


def _event_brief(event: Event) -> dict[str, Any]:
    when = event.when.as_dict() if event.when else None
    return {"id": event.id, "subject_id": event.subject_id, "predicate": event.predicate,
            "when": when, "where": event.where, "status": event.status}  # fmt: skip


def origin_detail(store: Store, name: str) -> OriginDetail | None:
    """One origin (matched by its comparison key) with its track record, the events behind
    its counts and the claims traced to it; indexed reads only (origin tallies, event origins
    and claims by origin key, events by id), however large the ledger."""
    shown, keys = origin_keys(store, name)
    claims = tuple(store.claims_by_origin(keys))
    found = store.track_records(sorted(keys))
    record = (found[0] if len(found) == 1 else summed_record(shown, found)) if found else None
    if record is None and not claims:
        return None
    counted_ids = {e: st for k in sorted(keys) for e, st in store.origin_events(k)}
    wanted = {c.event_id for c in claims if c.event_id} | set(counted_ids)
    events = {e.id: e for e in store.get_events(wanted)}
    counted = tuple(sorted((events[i] for i in counted_ids if i in events), key=event_order))
    return OriginDetail(record or TrackRecord(shown), claims, events, counted)
