"""The resolver's entity index, so entity resolution carries on across runs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity_index",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("merged_into", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_entity_index"),
    )


def downgrade() -> None:
    op.drop_table("entity_index")
