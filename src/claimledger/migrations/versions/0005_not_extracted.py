"""Documents stored but not extracted, with the reason (a language extraction does not read).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

``document_versions.not_extracted``: why the version gives no claims and no mentions, e.g.
"language de" (see ``claimledger.languages``); NULL when extraction reads it. Versions stored
before this revision stay NULL, whatever their language, until ``claimledger extract --all``
reads them again: it then drops the claims an unsupported language gave and marks the version.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column without a default: SQLite adds it in place, no table rebuild (which
    # would drop the full-text triggers of 0003 along with the old table).
    op.add_column("document_versions", sa.Column("not_extracted", sa.Text(), nullable=True))


def downgrade() -> None:
    # Not in batch mode: rebuilding the table would cascade-delete its claims and mentions.
    # SQLite drops a plain column in place since 3.35.
    op.drop_column("document_versions", "not_extracted")
