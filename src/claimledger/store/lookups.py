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
from typing import Any, cast

from sqlalchemy import Table, and_, delete, select
from sqlalchemy.orm import Session

from claimledger.assess.facts import SUPPORT
from claimledger.ledger import origin_groups, origin_key, origin_name, preferred_name
from claimledger.store import events as event_ops
from claimledger.store.bulk import dialect_insert
from claimledger.store.claims import to_claim
from claimledger.store.events import event_from_row, to_status_change
from claimledger.store.models import (
    ClaimRow,
    DocumentRow,
    DocumentVersionRow,
    EventClaimRow,
    EventOriginRow,
    EventRow,
    OriginTallyRow,
    StatusChangeRow,
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


def event_origins(events: Iterable[Event], claims_by_id: Mapping[str, Claim]) -> list[EventOrigin]:
    """The origins each event counts for, as ``assess.track_records`` counts them."""
    found = []
    for event in events:
        claims = [claims_by_id[c] for c in event.claims if c in claims_by_id]
        support = [c for c in claims if c.modality in SUPPORT]
        for group in origin_groups(support):
            name = origin_name(group)
            found.append(EventOrigin(event.id, origin_key(name), name, event.status))
    return found


# ---- reads ------------------------------------------------------------------------------------


def claims_by_ids(session: Session, ids: Iterable[str]) -> list[Claim]:
    """Claims (of documents' latest versions) with these ids, in document and text order.

    Core rows rather than ORM objects: a famous person's event can hold hundreds of claims,
    and building ORM instances for them costs more than the indexed reads themselves.
    """
    claims = cast(Table, ClaimRow.__table__)
    found: list[Claim] = []
    for chunk in batches(dict.fromkeys(ids), BATCH):
        query = (
            select(claims, DocumentVersionRow.document_id)
            .join(DocumentVersionRow, DocumentVersionRow.id == claims.c.document_version_id)
            .join(DocumentRow, DocumentRow.id == DocumentVersionRow.document_id)
            .where(DocumentVersionRow.version == DocumentRow.latest_version)
            .where(claims.c.id.in_(chunk))
        )
        found.extend(to_claim(cast(Any, row), row.document_id) for row in session.execute(query))
    found.sort(key=lambda c: (c.document_id, c.start, c.end, c.id or ""))
    return found


def subject_events(session: Session, subject_id: str) -> list[Event]:
    """The events of one subject in id order, as ``Store.iter_events(subject_id=...)`` gives
    them, in three indexed queries of plain rows."""
    events = EventRow.__table__
    rows = session.execute(
        select(events).where(events.c.subject_id == subject_id).order_by(events.c.id)
    ).all()
    if not rows:
        return []
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    link_query = (
        select(EventClaimRow.event_id, EventClaimRow.role, EventClaimRow.claim_id)
        .join(EventRow, EventRow.id == EventClaimRow.event_id)
        .where(EventRow.subject_id == subject_id)
        .order_by(EventClaimRow.event_id, EventClaimRow.role, EventClaimRow.position)
    )
    for event_id, role, claim_id in session.execute(link_query):
        links[event_id, role].append(claim_id)
    history: dict[str, list[StatusChange]] = defaultdict(list)
    change_query = (
        select(StatusChangeRow.__table__)
        .join(EventRow, EventRow.id == StatusChangeRow.event_id)
        .where(EventRow.subject_id == subject_id)
        .order_by(StatusChangeRow.event_id, StatusChangeRow.position)
    )
    for change in session.execute(change_query):
        history[change.event_id].append(to_status_change(change))
    return [event_from_row(row, links, history) for row in rows]


def track_records(session: Session, keys: Iterable[str] | None = None) -> list[TrackRecord]:
    """Track records of these origin keys (every origin when None), the most active first."""
    rows: list[OriginTallyRow] = []
    if keys is None:
        rows = list(session.scalars(select(OriginTallyRow)))
    else:
        for chunk in batches(dict.fromkeys(keys), BATCH):
            query = select(OriginTallyRow).where(OriginTallyRow.origin_key.in_(chunk))
            rows.extend(session.scalars(query))
    by_key: dict[str, list[OriginTallyRow]] = defaultdict(list)
    for row in rows:
        by_key[row.origin_key].append(row)
    records = [_record(group) for group in by_key.values()]
    records = [r for r in records if r.total]
    return sorted(records, key=lambda r: (-r.total, r.origin))


def event_origin_keys(session: Session, event_ids: Iterable[str]) -> dict[str, list[str]]:
    """Event id -> the origin keys of its supporting claims (as counted in track records)."""
    found: dict[str, list[str]] = defaultdict(list)
    for chunk in batches(dict.fromkeys(event_ids), BATCH):
        query = select(EventOriginRow.event_id, EventOriginRow.origin_key).where(
            EventOriginRow.event_id.in_(chunk)
        )
        for event_id, key in session.execute(query):
            found[event_id].append(key)
    return dict(found)


def origin_events(session: Session, key: str) -> list[tuple[str, str]]:
    """(event id, status) of the events one origin key is counted for: the events behind its
    track record, in event id order."""
    query = (
        select(EventOriginRow.event_id, EventOriginRow.status)
        .where(EventOriginRow.origin_key == key)
        .order_by(EventOriginRow.event_id)
    )
    return [(event_id, status) for event_id, status in session.execute(query)]


def _record(rows: Sequence[OriginTallyRow]) -> TrackRecord:
    """One origin's record; its name chosen as ``ledger.preferred_name`` chooses it."""
    uses = Counter({row.origin_name: _total(row) for row in rows if _total(row)})
    name = preferred_name(list(uses.elements())) if uses else rows[0].origin_name
    counts = {s: sum(getattr(row, s) for row in rows) for s in STATUSES}
    return TrackRecord(name, **counts)


def _total(row: OriginTallyRow) -> int:
    return sum(getattr(row, s) for s in STATUSES)


# ---- writes (in the caller's transaction) -----------------------------------------------------


def forget_origins(session: Session, subjects: Sequence[str] | None) -> None:
    """Take the events about to be replaced (all, or some subjects') out of the tallies."""
    if subjects is None:
        session.execute(delete(EventOriginRow))
        session.execute(delete(OriginTallyRow))
        return
    old: list[EventOrigin] = []
    for chunk in batches(subjects, BATCH):
        query = (
            select(EventOriginRow)
            .join(EventRow, EventRow.id == EventOriginRow.event_id)
            .where(EventRow.subject_id.in_(chunk))
        )
        old.extend(
            EventOrigin(r.event_id, r.origin_key, r.origin_name, r.status)
            for r in session.scalars(query)
        )
    if not old:
        return
    for chunk in batches(dict.fromkeys(o.event_id for o in old), BATCH):
        session.execute(delete(EventOriginRow).where(EventOriginRow.event_id.in_(chunk)))
    _add_to_tallies(session, old, sign=-1)


def record_origins(
    session: Session, events: Sequence[Event], known: Mapping[str, Claim] | None = None
) -> None:
    """Store the origins of freshly written events and add them to the tallies; the events'
    claims are read unless ``known`` (stored claims by id) holds them."""
    wanted = {c for event in events for c in event.claims}
    if known is None:
        claims = {c.id: c for c in claims_by_ids(session, wanted) if c.id}
    else:
        claims = {c: known[c] for c in wanted if c in known}
    add_origins(session, event_origins(events, claims))


def add_origins(session: Session, origins: Sequence[EventOrigin]) -> None:
    """Insert event origin rows and count them in the tallies (bulk loaders call this too)."""
    if not origins:
        return
    session.execute(
        cast(Table, EventOriginRow.__table__).insert(),
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
    _add_to_tallies(session, origins, sign=1)


def _add_to_tallies(session: Session, origins: Iterable[EventOrigin], *, sign: int) -> None:
    """Add (or subtract) origins per status; atomic increments, so concurrent writers of
    different subjects do not lose each other's counts on PostgreSQL."""
    deltas: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for origin in origins:
        deltas[origin.origin_key, origin.origin_name][origin.status] += sign
    rows = [
        {"origin_key": key, "origin_name": name, **{s: counts[s] for s in STATUSES}}
        for (key, name), counts in sorted(deltas.items())
    ]
    table = cast(Table, OriginTallyRow.__table__)
    dialect = session.get_bind().dialect.name
    insert = dialect_insert(table, dialect)
    statement = insert.on_conflict_do_update(
        index_elements=["origin_key", "origin_name"],
        set_={s: table.c[s] + insert.excluded[s] for s in STATUSES},
    )
    for chunk in batches(rows, BATCH):
        session.execute(statement, list(chunk))
    if sign < 0:
        empty = and_(*(table.c[s] == 0 for s in STATUSES))
        session.execute(delete(OriginTallyRow).where(empty))


def rebuild_origins(session: Session) -> int:
    """Recompute every event's origins and the tallies from the stored events and claims
    (for ledgers written before these tables existed); returns the number of origin rows."""
    forget_origins(session, None)
    events = list(event_ops.iter_events(session))
    count = 0
    for chunk in batches(events, BATCH):
        wanted = {c for event in chunk for c in event.claims}
        claims = {c.id: c for c in claims_by_ids(session, wanted) if c.id}
        found = event_origins(chunk, claims)
        add_origins(session, found)
        count += len(found)
    logger.info("rebuilt the origins of %d events: %d rows", len(events), count)
    return count
