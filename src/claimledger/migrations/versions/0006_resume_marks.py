"""What a killed or concurrent ingest needs to resume and to share the entity index.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

- ``document_versions.extracted_at``: when the version's claims were recorded (or it was marked
  not extracted). NULL means stored without its claims: a run was killed between storing the
  document and recording its extraction, and the next ingest finishes it. Versions stored before
  this revision are marked extracted when they have claims, mentions or a not-extracted reason;
  the others (no claims found, or never extracted) are read again by the next ingest, once.
- ``entity_index.seq``: the write that last changed the record, so a writer sharing the ledger
  with others reads only the resolver records changed since it last looked.
- ``stale_subjects``: subjects whose claims changed since their events were last assessed;
  written with the claims, cleared with the events, so no kill leaves events out of date.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=200)


def upgrade() -> None:
    # Nullable columns without defaults: SQLite adds them in place, no table rebuild (which
    # would drop the full-text triggers of 0003 along with the old table).
    op.add_column(
        "document_versions", sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("entity_index", sa.Column("seq", sa.Integer(), nullable=True))
    op.create_index("ix_entity_index_seq", "entity_index", ["seq"])
    op.create_table(
        "stale_subjects",
        sa.Column("subject_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("subject_id", name="pk_stale_subjects"),
    )
    op.execute(
        "UPDATE document_versions SET extracted_at = ingested_at WHERE not_extracted IS NOT NULL"
        " OR EXISTS (SELECT 1 FROM claims WHERE claims.document_version_id = document_versions.id)"
        " OR EXISTS (SELECT 1 FROM mentions"
        " WHERE mentions.document_version_id = document_versions.id)"
    )
    op.execute("UPDATE entity_index SET seq = 0")


def downgrade() -> None:
    op.drop_table("stale_subjects")
    op.drop_index("ix_entity_index_seq", table_name="entity_index")
    op.drop_column("entity_index", "seq")
    op.drop_column("document_versions", "extracted_at")
