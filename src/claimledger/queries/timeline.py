"""A person's timeline: events oldest first, each leading with its first claim, then the
evidence that decided its status; the filters of a person page; one event in detail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from claimledger.assess import HistorySummary, summarize_history
from claimledger.ledger import (
    index_claims,
    kind_of,
    named_origins,
    origin_key,
)
from claimledger.store import Store
from claimledger.types import Claim, Entity, Event, TrackRecord


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One event of a timeline with the claims behind it.

    It reads claim first: ``first_claim`` is the earliest published claim that put the event
    forward (who, when, where, the quote); ``deciding`` the evidence that decided its status,
    each quote once and not the first claim's again.
    """

    event: Event
    claims: tuple[Claim, ...]
    origins: tuple[str, ...]
    # The claims that decided the status: the event's own, or another event's (a later sign
    # of life refutes a death), so they are looked up among all of the subject's claims.
    evidence: tuple[Claim, ...] = ()
    published: dict[str, date] = field(default_factory=dict)  # document id -> its day

    @property
    def first_claim(self) -> Claim | None:
        """The earliest published claim asserting or hedging the event (else any claim); of
        those published the same day, one that dates the event before an undated one ("he has
        been killed many times"), asserted before hedged, then in document and text order."""
        pool = [c for c in self.claims if c.modality in ("asserted", "hedged")] or self.claims
        if not pool:
            return None
        return min(pool, key=lambda c: (self.published.get(c.document_id, date.max),
                                        c.when is None, c.modality != "asserted",
                                        c.document_id, c.start))  # fmt: skip

    @property
    def deciding(self) -> tuple[Claim, ...]:
        """The evidence behind the status, each quote once, the first claim's left out."""
        first = self.first_claim
        seen = {first.quote} if first is not None else set()
        kept = []
        for claim in self.evidence:
            if claim.quote not in seen:
                seen.add(claim.quote)
                kept.append(claim)
        return tuple(kept)

    def as_dict(self) -> dict[str, Any]:
        first = self.first_claim
        published = self.published.get(first.document_id) if first else None
        return {
            **self.event.as_dict(),
            "origins": list(self.origins),
            "first_claim": (
                {**first.as_dict(), "published_at": published.isoformat() if published else None}
                if first
                else None
            ),
            "deciding_claim_ids": [c.id for c in self.deciding],
            "claims": [c.as_dict() for c in self.claims],
            "evidence_claims": [c.as_dict() for c in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    """A person's events in date order, with per-kind summaries and origins' track records."""

    entity: Entity
    events: tuple[TimelineEvent, ...]
    summaries: tuple[HistorySummary, ...]
    track_records: dict[str, TrackRecord] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.as_dict(),
            "summaries": [s.as_dict() for s in self.summaries],
            "events": [e.as_dict() for e in self.events],
            "track_records": {k: v.as_dict() for k, v in self.track_records.items()},
        }


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """What a person page keeps of a timeline; empty fields keep everything.

    ``since``/``until`` keep the events whose time overlaps the range (undated ones are left
    out when either is given); ``origin`` keeps the events one of whose origins has that
    ``origin_key``.
    """

    kind: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    origin: str | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.kind, self.status, self.since, self.until,
                                           self.origin))  # fmt: skip

    def keeps(self, entry: TimelineEvent) -> bool:
        event = entry.event
        if self.kind is not None and kind_of(event.predicate) != kind_of(self.kind):
            return False
        if self.status is not None and event.status != self.status:
            return False
        if self.origin is not None and origin_key(self.origin) not in {
            origin_key(o) for o in entry.origins
        }:
            return False
        if self.since is None and self.until is None:
            return True
        if event.when is None:
            return False
        return (self.since is None or event.when.end >= self.since) and (
            self.until is None or event.when.start <= self.until
        )

    def apply(self, line: Timeline) -> Timeline:
        """The timeline with only the events kept (summaries and records as before)."""
        kept = tuple(e for e in line.events if self.keeps(e))
        return Timeline(line.entity, kept, line.summaries, line.track_records)


def event_order(event: Event) -> tuple[date, str]:
    """Oldest first by the start of its time, undated last, then by id."""
    return (event.when.start if event.when else date.max, event.id)


def timeline(store: Store, entity: Entity) -> Timeline:
    """Every event about ``entity``, oldest first, with claims, origins and track records."""
    claims = list(store.iter_claims(subject_id=entity.id))
    by_id = index_claims(claims)
    published = store.published_dates({c.document_id for c in claims})
    events = sorted(store.iter_events(subject_id=entity.id), key=event_order)
    entries = []
    for event in events:
        entries.append(timeline_entry(event, by_id, published))
    kinds = dict.fromkeys(kind_of(e.predicate) for e in events)
    summaries = tuple(summarize_history(events, k) for k in kinds)
    return Timeline(entity, tuple(entries), summaries, origin_records(store, entries))


def timeline_entry(
    event: Event, claims_by_id: dict[str, Claim], published: dict[str, date] | None = None
) -> TimelineEvent:
    """One event as a timeline shows it, with its claims and evidence among ``claims_by_id``."""
    members = tuple(claims_by_id[c] for c in event.claims if c in claims_by_id)
    evidence = tuple(claims_by_id[c] for c in event.evidence if c in claims_by_id)
    origins = tuple(named_origins(members))
    return TimelineEvent(event, members, origins, evidence, dict(published or {}))


def origin_records(store: Store, entries: Iterable[TimelineEvent]) -> dict[str, TrackRecord]:
    """Track records of the origins named in these timeline events (ledger-wide)."""
    wanted = {origin_key(o) for e in entries for o in e.origins}
    return {origin_key(r.origin): r for r in store.track_records(wanted)} if wanted else {}


def event_detail(store: Store, event_id: str) -> TimelineEvent | None:
    """One event with every claim in it."""
    event = next(iter(store.get_events([event_id])), None)
    if event is None:
        return None
    claims = index_claims(store.iter_claims(subject_id=event.subject_id))
    return timeline_entry(
        event, claims, store.published_dates({c.document_id for c in claims.values()})
    )
