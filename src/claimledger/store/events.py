"""Events with their member and evidence claims and their status history."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, bindparam, delete, func, select, update

from claimledger.errors import StoreError
from claimledger.ledger import origin_key
from claimledger.store.bulk import insert_rows
from claimledger.store.claims import time_span, when_columns
from claimledger.store.models import CLAIMS, EVENT_CLAIMS, EVENTS, STATUS_CHANGES
from claimledger.store.records import batches
from claimledger.types import Event, StatusChange

logger = logging.getLogger(__name__)

BATCH = 500
MEMBER, EVIDENCE = "claim", "evidence"  # event_claims.role values

_SET_EVENT = (
    update(CLAIMS)
    .where(CLAIMS.c.id == bindparam("claim_id"))
    .values(event_id=bindparam("event_id"))
)
_SET_ORIGIN = (
    update(CLAIMS)
    .where(CLAIMS.c.id == bindparam("claim_id"))
    .values(origin=bindparam("origin"), origin_key=bindparam("key"))
)


def set_origins(connection: Connection, origins: Mapping[str, str]) -> None:
    """Give claims (by id) the origins traced again by this release's rules."""
    rows = [{"claim_id": c, "origin": o, "key": origin_key(o)} for c, o in origins.items()]
    for chunk in batches(rows, BATCH):
        connection.execute(_SET_ORIGIN, list(chunk))


def replace_events(
    connection: Connection, events: Sequence[Event], subjects: Sequence[str] | None
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
    _delete_events(connection, subjects)
    insert_rows(connection, EVENTS, [_event_values(event) for event in events])
    insert_rows(connection, EVENT_CLAIMS, [row for event in events for row in _link_values(event)])
    insert_rows(connection, STATUS_CHANGES, [row for event in events for row in _history(event)])
    # One executemany in event order: a claim listed by two events ends with the later one.
    members = [
        {"claim_id": claim_id, "event_id": event.id}
        for event in events
        for claim_id in dict.fromkeys(event.claims)
    ]
    for chunk in batches(members, BATCH):
        connection.execute(_SET_EVENT, list(chunk))
    logger.debug("stored %d events (subjects %s)", len(events), subjects or "all")


def _delete_events(connection: Connection, subjects: Sequence[str] | None) -> None:
    if subjects is not None:
        for chunk in batches(subjects, BATCH):
            _delete_events_of(connection, chunk)
        return
    _delete_events_of(connection, None)


def _delete_events_of(connection: Connection, subjects: Sequence[str] | None) -> None:
    target = select(EVENTS.c.id)
    if subjects is not None:
        target = target.where(EVENTS.c.subject_id.in_(subjects))
    # Explicit rather than relying on ON DELETE actions, so the effect is the same everywhere.
    connection.execute(
        update(CLAIMS).where(CLAIMS.c.event_id.in_(target)).values(event_id=None),
    )
    connection.execute(delete(EVENT_CLAIMS).where(EVENT_CLAIMS.c.event_id.in_(target)))
    connection.execute(
        delete(STATUS_CHANGES).where(STATUS_CHANGES.c.event_id.in_(target)),
    )
    events = delete(EVENTS)
    if subjects is not None:
        events = events.where(EVENTS.c.subject_id.in_(subjects))
    connection.execute(events)


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
    connection: Connection, subject_id: str | None = None, subjects: Sequence[str] | None = None
) -> Iterator[Event]:
    """Events in id order (optionally of one subject, or of some), streamed in batches."""
    query = select(EVENTS).order_by(EVENTS.c.id).execution_options(yield_per=BATCH)
    if subject_id is not None:
        query = query.where(EVENTS.c.subject_id == subject_id)
    if subjects is not None:
        query = query.where(EVENTS.c.subject_id.in_(subjects))
    for partition in connection.execute(query).partitions():
        yield from _complete(connection, partition)


def assessor_counts(connection: Connection) -> dict[str, int]:
    """How many events each rule set (``Event.assessor``) decided, by name."""
    query = select(EVENTS.c.assessor, func.count()).group_by(EVENTS.c.assessor)
    return {assessor: count for assessor, count in connection.execute(query)}


def events_by_ids(connection: Connection, event_ids: Iterable[str]) -> list[Event]:
    """The events with these ids (those that exist), in id order."""
    rows: list[Any] = []
    for chunk in batches(sorted(set(event_ids)), BATCH):
        rows.extend(connection.execute(select(EVENTS).where(EVENTS.c.id.in_(chunk))))
    return _complete(connection, sorted(rows, key=lambda row: row.id))


def _complete(connection: Connection, rows: Iterable[Any]) -> list[Event]:
    rows = list(rows)
    ids = [row.id for row in rows]
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    history: dict[str, list[StatusChange]] = defaultdict(list)
    link_query = (
        select(EVENT_CLAIMS)
        .where(EVENT_CLAIMS.c.event_id.in_(ids))
        .order_by(EVENT_CLAIMS.c.event_id, EVENT_CLAIMS.c.role, EVENT_CLAIMS.c.position)
    )
    for link in connection.execute(link_query):
        links[(link.event_id, link.role)].append(link.claim_id)
    change_query = (
        select(STATUS_CHANGES)
        .where(STATUS_CHANGES.c.event_id.in_(ids))
        .order_by(STATUS_CHANGES.c.event_id, STATUS_CHANGES.c.position)
    )
    for change in connection.execute(change_query):
        history[change.event_id].append(to_status_change(change))
    return [event_from_row(row, links, history) for row in rows]


def event_from_row(
    row: Any, links: Mapping[tuple[str, str], list[str]], history: Mapping[str, list[StatusChange]]
) -> Event:
    """An events row with its claim links, by (event id, role), and its
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
    """A status_changes row as a StatusChange."""
    return StatusChange(
        status=cast(Any, row.status), reason=row.reason, claim_id=row.claim_id, at=row.at
    )
