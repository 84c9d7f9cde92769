"""Indexed reads for `check` and precomputed origin track records.

``check`` must answer in milliseconds on a ledger of a million claims, so it never scans the
ledger: it looks an entity up by alias key, reads that subject's events, the matching event's
claims by id, and the claim origin's track record from ``origin_tallies``.

Track records are kept up to date where events are written (``Store.replace_events``, in the
same transaction): ``event_origins`` holds, for each event, one row per independent origin of
its supporting claims with the event's status, and ``origin_tallies`` sums those rows per
(origin key, origin name). The origins of an event are computed exactly as
``claimledger.assess.track_records`` computes them (supporting claims only, one count per
origin group per event, groups from ``claimledger.ledger.origin_groups``), so the sum of an
origin key's tallies equals its ``track_records`` entry. One difference: the rows reflect the
event's claims when the event was last written. A document re-extracted without reassessing
its subjects keeps its old origins here until the next ``replace_events`` for that subject
(the pipeline reassesses after every batch, so this lasts until the batch ends).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, select

from claimledger.assess.facts import SUPPORT
from claimledger.ledger import origin_groups, origin_key, origin_name, preferred_name
from claimledger.store import documents as document_ops
from claimledger.store import events as event_ops
from claimledger.store.bulk import dialect_insert
from claimledger.store.claims import to_claim
from claimledger.store.events import event_from_row, to_status_change
from claimledger.store.models import (
    CLAIMS,
    DOCUMENTS,
    EVENT_CLAIMS,
    EVENT_ORIGINS,
    EVENTS,
    ORIGIN_TALLIES,
    STATUS_CHANGES,
    VERSIONS,
)
from claimledger.store.records import batches
from claimledger.types import STATUSES, Claim, Event, StatusChange, TrackRecord

logger = logging.getLogger(__name__)

BATCH = 500  # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class EventOrigin:
    """One independent origin supporting one event."""

    event_id: str
    origin_key: str
    origin_name: str
    status: str


def event_origins(
    events: Iterable[Event],
    claims_by_id: Mapping[str, Claim],
    sources: Mapping[str, str] | None = None,
) -> list[EventOrigin]:
    """The origins each event counts for, as ``assess.track_records`` counts them; what a
    document asserts on its own is its publisher's (``sources``: document id -> publisher)."""
    found = []
    for event in events:
        claims = [claims_by_id[c] for c in event.claims if c in claims_by_id]
        support = [c for c in claims if c.modality in SUPPORT]
        for group in origin_groups(support, sources=sources):
            name = origin_name(group, sources=sources)
            found.append(EventOrigin(event.id, origin_key(name), name, event.status))
    return found


def stored_event_origins(
    connection: Connection, events: Sequence[Event], claims_by_id: Mapping[str, Claim]
) -> list[EventOrigin]:
    """``event_origins`` with the publishers of the claims' documents read from the ledger."""
    documents = {claims_by_id[c].document_id for e in events for c in e.claims if c in claims_by_id}
    sources = document_ops.document_sources(connection, documents) if documents else {}
    return event_origins(events, claims_by_id, sources)


# ---- reads ------------------------------------------------------------------------------------


def claims_by_ids(connection: Connection, ids: Iterable[str]) -> list[Claim]:
    """Claims (of documents' latest versions) with these ids, in document and text order."""
    found: list[Claim] = []
    for chunk in batches(dict.fromkeys(ids), BATCH):
        query = (
            select(CLAIMS, VERSIONS.c.document_id)
            .join(VERSIONS, VERSIONS.c.id == CLAIMS.c.document_version_id)
            .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
            .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
            .where(CLAIMS.c.id.in_(chunk))
        )
        found.extend(to_claim(row, row.document_id) for row in connection.execute(query))
    found.sort(key=lambda c: (c.document_id, c.start, c.end, c.id or ""))
    return found


def claims_by_origin(connection: Connection, keys: Iterable[str]) -> list[Claim]:
    """Claims (of documents' latest versions) traced to origins with these ``origin_key``s, in
    document and text order: an indexed read (``claims.origin_key``)."""
    found: list[Claim] = []
    for chunk in batches(sorted(set(keys)), BATCH):
        query = (
            select(CLAIMS, VERSIONS.c.document_id)
            .join(VERSIONS, VERSIONS.c.id == CLAIMS.c.document_version_id)
            .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
            .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
            .where(CLAIMS.c.origin_key.in_(chunk))
        )
        found.extend(to_claim(row, row.document_id) for row in connection.execute(query))
    found.sort(key=lambda c: (c.document_id, c.start, c.end, c.id or ""))
    return found


def subject_events(connection: Connection, subject_id: str) -> list[Event]:
    """The events of one subject in id order, as ``Store.iter_events(subject_id=...)`` gives
    them, in three indexed queries of plain rows."""
    rows = connection.execute(
        select(EVENTS).where(EVENTS.c.subject_id == subject_id).order_by(EVENTS.c.id)
    ).all()
    if not rows:
        return []
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    link_query = (
        select(EVENT_CLAIMS.c.event_id, EVENT_CLAIMS.c.role, EVENT_CLAIMS.c.claim_id)
        .join(EVENTS, EVENTS.c.id == EVENT_CLAIMS.c.event_id)
        .where(EVENTS.c.subject_id == subject_id)
        .order_by(EVENT_CLAIMS.c.event_id, EVENT_CLAIMS.c.role, EVENT_CLAIMS.c.position)
    )
    for event_id, role, claim_id in connection.execute(link_query):
        links[event_id, role].append(claim_id)
    history: dict[str, list[StatusChange]] = defaultdict(list)
    change_query = (
        select(STATUS_CHANGES)
        .join(EVENTS, EVENTS.c.id == STATUS_CHANGES.c.event_id)
        .where(EVENTS.c.subject_id == subject_id)
        .order_by(STATUS_CHANGES.c.event_id, STATUS_CHANGES.c.position)
    )
    for change in connection.execute(change_query):
        history[change.event_id].append(to_status_change(change))
    return [event_from_row(row, links, history) for row in rows]


def track_records(connection: Connection, keys: Iterable[str] | None = None) -> list[TrackRecord]:
    """Track records of these origin keys (every origin when None), the most active first."""
    rows: list[Any] = []
    if keys is None:
        rows = list(connection.execute(select(ORIGIN_TALLIES)))
    else:
        for chunk in batches(dict.fromkeys(keys), BATCH):
            query = select(ORIGIN_TALLIES).where(ORIGIN_TALLIES.c.origin_key.in_(chunk))
            rows.extend(connection.execute(query))
    by_key: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_key[row.origin_key].append(row)
    records = [_record(group) for group in by_key.values()]
    records = [r for r in records if r.total]
    return sorted(records, key=lambda r: (-r.total, r.origin))


def event_origin_keys(connection: Connection, event_ids: Iterable[str]) -> dict[str, list[str]]:
    """Event id -> the origin keys of its supporting claims (as counted in track records)."""
    found: dict[str, list[str]] = defaultdict(list)
    for chunk in batches(dict.fromkeys(event_ids), BATCH):
        query = select(EVENT_ORIGINS.c.event_id, EVENT_ORIGINS.c.origin_key).where(
            EVENT_ORIGINS.c.event_id.in_(chunk)
        )
        for event_id, key in connection.execute(query):
            found[event_id].append(key)
    return dict(found)


def origin_events(connection: Connection, key: str) -> list[tuple[str, str]]:
    """(event id, status) of the events one origin key is counted for: the events behind its
    track record, in event id order."""
    query = (
        select(EVENT_ORIGINS.c.event_id, EVENT_ORIGINS.c.status)
        .where(EVENT_ORIGINS.c.origin_key == key)
        .order_by(EVENT_ORIGINS.c.event_id)
    )
    return [(event_id, status) for event_id, status in connection.execute(query)]


def _record(rows: Sequence[Any]) -> TrackRecord:
    """One origin's record; its name chosen as ``ledger.preferred_name`` chooses it."""
    uses = Counter({row.origin_name: _total(row) for row in rows if _total(row)})
    name = preferred_name(list(uses.elements())) if uses else rows[0].origin_name
    counts = {s: sum(getattr(row, s) for row in rows) for s in STATUSES}
    return TrackRecord(name, **counts)


def _total(row: Any) -> int:
    return sum(getattr(row, s) for s in STATUSES)


# ---- writes (in the caller's transaction) -----------------------------------------------------


def forget_origins(connection: Connection, subjects: Sequence[str] | None) -> None:
    """Take the events about to be replaced (all, or some subjects') out of the tallies."""
    if subjects is None:
        connection.execute(delete(EVENT_ORIGINS))
        connection.execute(delete(ORIGIN_TALLIES))
        return
    old: list[EventOrigin] = []
    for chunk in batches(subjects, BATCH):
        query = (
            select(EVENT_ORIGINS)
            .join(EVENTS, EVENTS.c.id == EVENT_ORIGINS.c.event_id)
            .where(EVENTS.c.subject_id.in_(chunk))
        )
        old.extend(
            EventOrigin(r.event_id, r.origin_key, r.origin_name, r.status)
            for r in connection.execute(query)
        )
    if not old:
        return
    for chunk in batches(dict.fromkeys(o.event_id for o in old), BATCH):
        connection.execute(delete(EVENT_ORIGINS).where(EVENT_ORIGINS.c.event_id.in_(chunk)))
    _add_to_tallies(connection, old, sign=-1)


def record_origins(
    connection: Connection, events: Sequence[Event], known: Mapping[str, Claim] | None = None
) -> None:
    """Store the origins of freshly written events and add them to the tallies; the events'
    claims are read unless ``known`` (stored claims by id) holds them."""
    wanted = {c for event in events for c in event.claims}
    if known is None:
        claims = {c.id: c for c in claims_by_ids(connection, wanted) if c.id}
    else:
        claims = {c: known[c] for c in wanted if c in known}
    add_origins(connection, stored_event_origins(connection, events, claims))


def add_origins(connection: Connection, origins: Sequence[EventOrigin]) -> None:
    """Insert event origin rows and count them in the tallies (bulk loaders call this too)."""
    if not origins:
        return
    connection.execute(
        EVENT_ORIGINS.insert(),
        [
            {
                "event_id": o.event_id,
                "origin_key": o.origin_key,
                "origin_name": o.origin_name,
                "status": o.status,
            }
            for o in origins
        ],
    )
    _add_to_tallies(connection, origins, sign=1)


def _add_to_tallies(connection: Connection, origins: Iterable[EventOrigin], *, sign: int) -> None:
    """Add (or subtract) origins per status; atomic increments, so concurrent writers of
    different subjects do not lose each other's counts on PostgreSQL."""
    deltas: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for origin in origins:
        deltas[origin.origin_key, origin.origin_name][origin.status] += sign
    rows = [
        {"origin_key": key, "origin_name": name, **{s: counts[s] for s in STATUSES}}
        for (key, name), counts in sorted(deltas.items())
    ]
    table = ORIGIN_TALLIES
    dialect = connection.dialect.name
    insert = dialect_insert(table, dialect)
    statement = insert.on_conflict_do_update(
        index_elements=["origin_key", "origin_name"],
        set_={s: table.c[s] + insert.excluded[s] for s in STATUSES},
    )
    for chunk in batches(rows, BATCH):
        connection.execute(statement, list(chunk))
    if sign < 0:
        empty = and_(*(table.c[s] == 0 for s in STATUSES))
        connection.execute(delete(ORIGIN_TALLIES).where(empty))


def rebuild_origins(connection: Connection) -> int:
    """Recompute every event's origins and the tallies from the stored events and claims
    (for ledgers written before these tables existed); returns the number of origin rows."""
    forget_origins(connection, None)
    events = list(event_ops.iter_events(connection))
    count = 0
    for chunk in batches(events, BATCH):
        wanted = {c for event in chunk for c in event.claims}
        claims = {c.id: c for c in claims_by_ids(connection, wanted) if c.id}
        found = stored_event_origins(connection, chunk, claims)
        add_origins(connection, found)
        count += len(found)
    logger.info("rebuilt the origins of %d events: %d rows", len(events), count)
    return count
