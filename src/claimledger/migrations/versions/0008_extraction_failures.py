"""Documents whose extraction failed, with the reason, so a resume does not retry them forever.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

``document_versions.extraction_failed``: why extracting the version raised (``"extraction
failed: ValueError: ..."``); NULL when it was extracted, or not tried yet. A failed version is
also marked extracted (``extracted_at``), so the next ingest does not read it again as a killed
run's leftover; ``claimledger extract --retry-failed`` tries it again, and a successful
extraction clears the reason. Versions stored before this revision are NULL: one that failed
then is still unfinished, and the next ingest tries it once more and records the failure.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column without a default: SQLite adds it in place, no table rebuild (which
    # would drop the full-text triggers of 0003 along with the old table).
    op.add_column("document_versions", sa.Column("extraction_failed", sa.Text(), nullable=True))


def downgrade() -> None:
    # Not in batch mode: rebuilding the table would cascade-delete its claims and mentions.
    op.drop_column("document_versions", "extraction_failed")
