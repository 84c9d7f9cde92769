"""Precomputed origin track records, so `check` and `sources` need no pass over the ledger.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

``event_origins``: one row per (event, independent origin of its supporting claims) with the
event's status; ``origin_tallies``: those rows summed per (origin key, origin name). Both are
written by ``Store.replace_events`` (see ``claimledger.store.lookups``). A ledger that already
has events gets them filled here, with the ledger's own origin rules (``claimledger.ledger``):
track records are computed by code, not SQL, so this revision calls it once.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=200)
SHORT = sa.String(length=64)


def upgrade() -> None:
    op.create_table(
        "event_origins",
        sa.Column("event_id", ID, nullable=False),
        sa.Column("origin_key", sa.Text(), nullable=False),
        sa.Column("origin_name", sa.Text(), nullable=False),
        sa.Column("status", SHORT, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_event_origins_event_id_events",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "origin_key", name="pk_event_origins"),
    )
    op.create_table(
        "origin_tallies",
        sa.Column("origin_key", sa.Text(), nullable=False),
        sa.Column("origin_name", sa.Text(), nullable=False),
        *(
            sa.Column(status, sa.Integer(), nullable=False)
            for status in ("confirmed", "refuted", "disputed", "unverified")
        ),
        sa.PrimaryKeyConstraint("origin_key", "origin_name", name="pk_origin_tallies"),
    )
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM events LIMIT 1")).first() is None:
        return
    # Imported here: only a ledger with events needs the application's origin rules.
    from claimledger.store.lookups import rebuild_origins

    rebuild_origins(bind)


def downgrade() -> None:
    op.drop_table("origin_tallies")
    op.drop_table("event_origins")
