"""Which run stored each version, so a resuming writer leaves a live run's documents alone.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

``document_versions.stored_by``: the id of the ingest run that stored the version (see
``claimledger.store.locks.RunLeases``); NULL for versions stored outside a run (``ingest
--no-extract``, the store's own callers) and for those stored before this revision. An ingest
resumes a version stored without its claims only when the run that stored it is no longer
alive: a live one is extracting it, and two writers would extract it twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column without a default: SQLite adds it in place, no table rebuild (which
    # would drop the full-text triggers of 0003 along with the old table).
    op.add_column("document_versions", sa.Column("stored_by", sa.String(32), nullable=True))


def downgrade() -> None:
    # Not in batch mode: rebuilding the table would cascade-delete its claims and mentions.
    op.drop_column("document_versions", "stored_by")
