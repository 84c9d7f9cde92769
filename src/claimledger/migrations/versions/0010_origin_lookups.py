"""Indexed origin lookups: an origin's page reads its claims and events without a scan.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

``claims.origin_key``: the comparison key (``claimledger.ledger.origin_key``) of the origin the
claim is traced to (its stored ``origin``, else the one traced from the claim alone), indexed,
so the claims traced to an origin are one indexed read. ``event_origins`` gets an index on
``origin_key`` too: its primary key starts with the event, so the events behind one origin's
track record were a pass over the whole table. Rows stored before this revision get their keys
here, with this release's origin rules; the store writes them from now on.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000


def upgrade() -> None:
    op.create_index("ix_event_origins_origin_key", "event_origins", ["origin_key"])
    # A nullable column without a default: SQLite adds it in place, no table rebuild (which
    # would drop the full-text triggers of 0003 along with the old table).
    op.add_column("claims", sa.Column("origin_key", sa.Text(), nullable=True))
    _backfill()
    op.create_index("ix_claims_origin_key", "claims", ["origin_key"])


def _backfill() -> None:
    # This release's origin rules, on purpose: the keys must be the ones the store writes.
    from claimledger.ledger import origin_key, trace_origin
    from claimledger.types import Claim

    bind = op.get_bind()
    claims = sa.table(
        "claims",
        *(sa.column(name) for name in ("id", "document_version_id", "subject", "predicate")),
        *(sa.column(name) for name in ("modality", "claimant", "origin", "quote")),
        sa.column("via", sa.JSON),
        sa.column("origin_key"),
    )
    versions = sa.table("document_versions", sa.column("id"), sa.column("document_id"))
    last = ""
    while True:
        rows = bind.execute(
            sa.select(claims, versions.c.document_id)
            .join(versions, versions.c.id == claims.c.document_version_id)
            .where(claims.c.id > last)
            .order_by(claims.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        keys = []
        for row in rows:
            origin = row.origin
            if not origin:  # stored without one: traced from the claim, as the pages do
                claim = Claim(
                    document_id=row.document_id,
                    subject=row.subject,
                    predicate=row.predicate,
                    modality=row.modality,
                    quote=row.quote,
                    start=0,
                    end=0,
                    extractor="",
                    claimant=row.claimant,
                    via=tuple(row.via or ()),
                )
                origin = trace_origin(claim)
            keys.append({"claim_id": row.id, "key": origin_key(origin)})
        bind.execute(
            sa.update(claims)
            .where(claims.c.id == sa.bindparam("claim_id"))
            .values(origin_key=sa.bindparam("key")),
            keys,
        )
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_claims_origin_key", "claims")
    # Not in batch mode: rebuilding the table would cascade-delete its claims' event links.
    op.drop_column("claims", "origin_key")
    op.drop_index("ix_event_origins_origin_key", "event_origins")
