"""Persisting entity resolution: the resolver's index, merges, and a document's extraction.

A document's claims, its mentions and the entities they point to are written in one
transaction, so a crash never leaves claims that name entities the ledger does not know.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from claimledger.store.bulk import upsert_rows
from claimledger.store.models import (
    ClaimRow,
    EntityIndexRow,
    EntityRow,
    EventRow,
    MentionRow,
)

BATCH = 500


def iter_index_records(session: Session) -> Iterator[dict[str, Any]]:
    """Every resolver record (redirects included), in id order."""
    query = select(EntityIndexRow).order_by(EntityIndexRow.id).execution_options(yield_per=BATCH)
    for row in session.scalars(query):
        yield dict(row.record)


def save_index_records(session: Session, records: Sequence[Mapping[str, Any]]) -> None:
    """Insert or replace resolver records by id (the last of one id wins)."""
    by_id = {str(r["id"]): dict(r) for r in records}
    rows = [
        {"id": entity_id, "record": record, "merged_into": record.get("merged_into")}
        for entity_id, record in by_id.items()
    ]
    upsert_rows(session, EntityIndexRow, rows)


def apply_redirects(session: Session, redirects: Mapping[str, str]) -> None:
    """Point everything that named a merged entity at the entity it was merged into."""
    for old, new in redirects.items():
        session.execute(update(ClaimRow).where(ClaimRow.subject_id == old).values(subject_id=new))
        session.execute(update(MentionRow).where(MentionRow.entity_id == old).values(entity_id=new))
        session.execute(update(EventRow).where(EventRow.subject_id == old).values(subject_id=new))
        session.execute(delete(EntityRow).where(EntityRow.id == old))
    session.flush()
