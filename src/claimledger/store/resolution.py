"""Persisting entity resolution: the resolver's index, merges, and a document's extraction.

A document's claims, its mentions and the entities they point to are written in one
transaction, so a crash never leaves claims that name entities the ledger does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from claimledger.store.bulk import dialect_insert, upsert_rows
from claimledger.store.models import (
    CLAIMS,
    ENTITIES,
    ENTITY_INDEX,
    EVENTS,
    MENTIONS,
    STALE_SUBJECTS,
)
from claimledger.store.records import batches

BATCH = 500


def iter_index_records(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every resolver record (redirects included), in id order."""
    query = select(ENTITY_INDEX).order_by(ENTITY_INDEX.c.id).execution_options(yield_per=BATCH)
    for row in connection.execute(query):
        yield dict(row.record)


def index_seq(connection: Connection) -> int:
    """The number of the last write to the resolver's records (0 for none)."""
    return int(connection.scalar(select(func.max(ENTITY_INDEX.c.seq))) or 0)


def index_records_since(connection: Connection, seq: int) -> list[dict[str, Any]]:
    """The resolver records changed by writes after ``seq``, oldest write first."""
    query = (
        select(ENTITY_INDEX.c.record)
        .where(ENTITY_INDEX.c.seq > seq)
        .order_by(ENTITY_INDEX.c.seq, ENTITY_INDEX.c.id)
    )
    return [dict(record) for record in connection.scalars(query)]


def save_index_records(
    connection: Connection, records: Sequence[Mapping[str, Any]], seq: int | None = None
) -> None:
    """Insert or replace resolver records by id (the last of one id wins), stamped with the
    write number ``seq`` (the next one when None; see ``models.ENTITY_INDEX``)."""
    if not records:
        return
    if seq is None:
        seq = index_seq(connection) + 1
    by_id = {str(r["id"]): dict(r) for r in records}
    rows = [
        {"id": entity_id, "record": record, "merged_into": record.get("merged_into"), "seq": seq}
        for entity_id, record in by_id.items()
    ]
    upsert_rows(connection, ENTITY_INDEX, rows)


def mark_stale(connection: Connection, subject_ids: Iterable[str]) -> None:
    """Note subjects whose events must be assessed again (their claims changed)."""
    rows = [{"subject_id": s} for s in sorted(set(subject_ids)) if s]
    if not rows:
        return
    dialect = connection.dialect.name
    statement = dialect_insert(STALE_SUBJECTS, dialect).on_conflict_do_nothing()
    connection.execute(statement, rows)


def clear_stale(connection: Connection, subjects: Sequence[str] | None) -> None:
    """The subjects' events are assessed (every subject's, when None)."""
    if subjects is None:
        connection.execute(delete(STALE_SUBJECTS))
        return
    for chunk in batches(subjects, BATCH):
        connection.execute(delete(STALE_SUBJECTS).where(STALE_SUBJECTS.c.subject_id.in_(chunk)))


def stale_subjects(connection: Connection) -> list[str]:
    return list(connection.scalars(select(STALE_SUBJECTS.c.subject_id).order_by("subject_id")))


def apply_redirects(connection: Connection, redirects: Mapping[str, str]) -> None:
    """Point everything that named a merged entity at the entity it was merged into."""
    for old, new in redirects.items():
        connection.execute(update(CLAIMS).where(CLAIMS.c.subject_id == old).values(subject_id=new))
        connection.execute(
            update(MENTIONS).where(MENTIONS.c.entity_id == old).values(entity_id=new)
        )
        connection.execute(update(EVENTS).where(EVENTS.c.subject_id == old).values(subject_id=new))
        connection.execute(delete(ENTITIES).where(ENTITIES.c.id == old))
        connection.execute(delete(STALE_SUBJECTS).where(STALE_SUBJECTS.c.subject_id == old))
