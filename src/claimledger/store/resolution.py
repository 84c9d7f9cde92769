"""Persisting entity resolution: the resolver's index, merges, and a document's extraction.

A document's claims, its mentions and the entities they point to are written in one
transaction, so a crash never leaves claims that name entities the ledger does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from claimledger.store.bulk import dialect_insert, table_of, upsert_rows
from claimledger.store.models import (
    ClaimRow,
    EntityIndexRow,
    EntityRow,
    EventRow,
    MentionRow,
    StaleSubjectRow,
)
from claimledger.store.records import batches

BATCH = 500


def iter_index_records(session: Session) -> Iterator[dict[str, Any]]:
    """Every resolver record (redirects included), in id order."""
    query = select(EntityIndexRow).order_by(EntityIndexRow.id).execution_options(yield_per=BATCH)
    for row in session.scalars(query):
        yield dict(row.record)


def index_seq(session: Session) -> int:
    """The number of the last write to the resolver's records (0 for none)."""
    return int(session.scalar(select(func.max(EntityIndexRow.seq))) or 0)


def index_records_since(session: Session, seq: int) -> list[dict[str, Any]]:
    """The resolver records changed by writes after ``seq``, oldest write first."""
    query = (
        select(EntityIndexRow.record)
        .where(EntityIndexRow.seq > seq)
        .order_by(EntityIndexRow.seq, EntityIndexRow.id)
    )
    return [dict(record) for record in session.scalars(query)]


def save_index_records(
    session: Session, records: Sequence[Mapping[str, Any]], seq: int | None = None
) -> None:
    """Insert or replace resolver records by id (the last of one id wins), stamped with the
    write number ``seq`` (the next one when None; see ``EntityIndexRow.seq``)."""
    if not records:
        return
    if seq is None:
        seq = index_seq(session) + 1
    by_id = {str(r["id"]): dict(r) for r in records}
    rows = [
        {"id": entity_id, "record": record, "merged_into": record.get("merged_into"), "seq": seq}
        for entity_id, record in by_id.items()
    ]
    upsert_rows(session, EntityIndexRow, rows)


def mark_stale(session: Session, subject_ids: Iterable[str]) -> None:
    """Note subjects whose events must be assessed again (their claims changed)."""
    rows = [{"subject_id": s} for s in sorted(set(subject_ids)) if s]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    statement = dialect_insert(table_of(StaleSubjectRow), dialect).on_conflict_do_nothing()
    session.execute(statement, rows)


def clear_stale(session: Session, subjects: Sequence[str] | None) -> None:
    """The subjects' events are assessed (every subject's, when None)."""
    if subjects is None:
        session.execute(delete(StaleSubjectRow))
        return
    for chunk in batches(subjects, BATCH):
        session.execute(delete(StaleSubjectRow).where(StaleSubjectRow.subject_id.in_(chunk)))


def stale_subjects(session: Session) -> list[str]:
    return list(session.scalars(select(StaleSubjectRow.subject_id).order_by("subject_id")))


def apply_redirects(session: Session, redirects: Mapping[str, str]) -> None:
    """Point everything that named a merged entity at the entity it was merged into."""
    for old, new in redirects.items():
        session.execute(update(ClaimRow).where(ClaimRow.subject_id == old).values(subject_id=new))
        session.execute(update(MentionRow).where(MentionRow.entity_id == old).values(entity_id=new))
        session.execute(update(EventRow).where(EventRow.subject_id == old).values(subject_id=new))
        session.execute(delete(EntityRow).where(EntityRow.id == old))
        session.execute(delete(StaleSubjectRow).where(StaleSubjectRow.subject_id == old))
    session.flush()
