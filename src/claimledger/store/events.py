"""Events with their member and evidence claims and their status history."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from claimledger.errors import StoreError
from claimledger.store.bulk import insert_rows, table_of
from claimledger.store.claims import time_span, when_columns
from claimledger.store.models import ClaimRow, EventClaimRow, EventRow, StatusChangeRow
from claimledger.store.records import batches
from claimledger.types import Event, StatusChange

logger = logging.getLogger(__name__)

BATCH = 500
MEMBER, EVIDENCE = "claim", "evidence"  # EventClaimRow.role values

_CLAIMS = table_of(ClaimRow)
_SET_EVENT = (
    update(_CLAIMS)
    .where(_CLAIMS.c.id == bindparam("claim_id"))
    .values(event_id=bindparam("event_id"))
)


def replace_events(
    session: Session, events: Sequence[Event], subjects: Sequence[str] | None
) -> None:
    """Replace all events (or those of some subjects) and point their claims at them."""
    if subjects is not None:
        wanted = set(subjects)
        for event in events:
            if event.subject_id not in wanted:
                raise StoreError(
                    f"event {event.id!r} is about {event.subject_id!r}, not "
                    f"{' or '.join(repr(s) for s in subjects)}; replace_events(subject_id=...) "
                    "takes only that subject's events"
                )
    _delete_events(session, subjects)
    insert_rows(session, EventRow, [_event_values(event) for event in events])
    insert_rows(session, EventClaimRow, [row for event in events for row in _link_values(event)])
    insert_rows(session, StatusChangeRow, [row for event in events for row in _history(event)])
    # One executemany in event order: a claim listed by two events ends with the later one.
    members = [
        {"claim_id": claim_id, "event_id": event.id}
        for event in events
        for claim_id in dict.fromkeys(event.claims)
    ]
    for chunk in batches(members, BATCH):
        session.execute(_SET_EVENT, list(chunk))
    logger.debug("stored %d events (subjects %s)", len(events), subjects or "all")


def _delete_events(session: Session, subjects: Sequence[str] | None) -> None:
    if subjects is not None:
        for chunk in batches(subjects, BATCH):
            _delete_events_of(session, chunk)
        return
    _delete_events_of(session, None)


def _delete_events_of(session: Session, subjects: Sequence[str] | None) -> None:
    target = select(EventRow.id)
    if subjects is not None:
        target = target.where(EventRow.subject_id.in_(subjects))
    # Explicit rather than relying on ON DELETE actions, so the effect is the same everywhere.
    options = {"synchronize_session": False}
    session.execute(
        update(ClaimRow).where(ClaimRow.event_id.in_(target)).values(event_id=None),
        execution_options=options,
    )
    session.execute(
        delete(EventClaimRow).where(EventClaimRow.event_id.in_(target)), execution_options=options
    )
    session.execute(
        delete(StatusChangeRow).where(StatusChangeRow.event_id.in_(target)),
        execution_options=options,
    )
    events = delete(EventRow)
    if subjects is not None:
        events = events.where(EventRow.subject_id.in_(subjects))
    session.execute(events, execution_options=options)


def _event_values(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "subject_id": event.subject_id,
        "predicate": event.predicate,
        **when_columns(event.when),
        "place": event.where,
        "status": event.status,
        "status_reason": event.status_reason,
        "assessor": event.assessor,
    }


def _link_values(event: Event) -> Iterator[dict[str, Any]]:
    for role, ids in ((MEMBER, event.claims), (EVIDENCE, event.evidence)):
        for position, claim_id in enumerate(dict.fromkeys(ids)):
            yield {"event_id": event.id, "claim_id": claim_id, "role": role, "position": position}


def _history(event: Event) -> Iterator[dict[str, Any]]:
    for position, change in enumerate(event.history):
        yield {
            "event_id": event.id,
            "position": position,
            "status": change.status,
            "reason": change.reason,
            "claim_id": change.claim_id,
            "at": change.at,
        }


def iter_events(
    session: Session, subject_id: str | None = None, subjects: Sequence[str] | None = None
) -> Iterator[Event]:
    """Events in id order (optionally of one subject, or of some), streamed in batches."""
    query = select(EventRow).order_by(EventRow.id).execution_options(yield_per=BATCH)
    if subject_id is not None:
        query = query.where(EventRow.subject_id == subject_id)
    if subjects is not None:
        query = query.where(EventRow.subject_id.in_(subjects))
    for partition in session.scalars(query).partitions():
        yield from _complete(session, partition)


def _complete(session: Session, rows: Iterable[EventRow]) -> list[Event]:
    rows = list(rows)
    ids = [row.id for row in rows]
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    history: dict[str, list[StatusChange]] = defaultdict(list)
    link_query = (
        select(EventClaimRow)
        .where(EventClaimRow.event_id.in_(ids))
        .order_by(EventClaimRow.event_id, EventClaimRow.role, EventClaimRow.position)
    )
    for link in session.scalars(link_query):
        links[(link.event_id, link.role)].append(link.claim_id)
    change_query = (
        select(StatusChangeRow)
        .where(StatusChangeRow.event_id.in_(ids))
        .order_by(StatusChangeRow.event_id, StatusChangeRow.position)
    )
    for change in session.scalars(change_query):
        history[change.event_id].append(to_status_change(change))
    return [event_from_row(row, links, history) for row in rows]


def event_from_row(
    row: Any, links: Mapping[tuple[str, str], list[str]], history: Mapping[str, list[StatusChange]]
) -> Event:
    """An events row (ORM object or Core row) with its claim links, by (event id, role), and its
    status history, by event id, as an Event."""
    return Event(
        id=row.id,
        subject_id=row.subject_id,
        predicate=cast(Any, row.predicate),
        status=cast(Any, row.status),
        status_reason=row.status_reason,
        assessor=row.assessor,
        when=time_span(row),
        where=row.place,
        evidence=tuple(links.get((row.id, EVIDENCE), ())),
        claims=tuple(links.get((row.id, MEMBER), ())),
        history=tuple(history.get(row.id, ())),
    )


def to_status_change(row: Any) -> StatusChange:
    """A status_changes row (ORM object or Core row) as a StatusChange."""
    return StatusChange(
        status=cast(Any, row.status), reason=row.reason, claim_id=row.claim_id, at=row.at
    )
