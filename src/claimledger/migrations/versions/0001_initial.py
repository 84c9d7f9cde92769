"""Initial ledger schema: documents and versions, sources, entities, mentions, claims, events.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Written from ``alembic revision --autogenerate`` and checked by hand; a test compares it with
``claimledger.store.models`` so the two cannot drift apart. It does not import the models: a
migration must describe the schema as it was at this revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=200)
SHORT = sa.String(length=64)
STAMP = sa.DateTime(timezone=True)


def _when_columns() -> list[sa.Column]:
    return [
        sa.Column("when_start", sa.Date(), nullable=True),
        sa.Column("when_end", sa.Date(), nullable=True),
        sa.Column("when_text", sa.Text(), nullable=True),
        sa.Column("when_precision", sa.String(length=16), nullable=True),
        sa.Column("when_estimated", sa.Boolean(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
    ]


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _upgrade_documents() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", SHORT, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("name", name="uq_sources_name"),
    )
    op.create_table(
        "documents",
        sa.Column("id", ID, nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        _fk("documents", "source_id", "sources", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    op.create_index("ix_documents_url", "documents", ["url"])
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", ID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("published_at", sa.Date(), nullable=True),
        sa.Column("published_at_estimated", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("ingested_at", STAMP, nullable=False),
        _fk("document_versions", "document_id", "documents", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_document_versions"),
        sa.UniqueConstraint("content_hash", name="uq_document_versions_content_hash"),
        sa.UniqueConstraint("document_id", "version", name="uq_document_versions"),
    )
    op.create_index("ix_document_versions_document_id", "document_versions", ["document_id"])


def _upgrade_entities() -> None:
    op.create_table(
        "entities",
        sa.Column("id", ID, nullable=False),
        sa.Column("type", SHORT, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("wikidata", sa.String(length=32), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_entities"),
    )
    op.create_table(
        "entity_aliases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", ID, nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_name", sa.Boolean(), nullable=False),
        _fk("entity_aliases", "entity_id", "entities", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_entity_aliases"),
    )
    op.create_index("ix_entity_aliases_entity_id", "entity_aliases", ["entity_id"])
    op.create_index("ix_entity_aliases_key", "entity_aliases", ["key"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_version_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", SHORT, nullable=False),
        sa.Column("entity_id", ID, nullable=True),
        _fk("mentions", "document_version_id", "document_versions", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
    )
    op.create_index("ix_mentions_document_version_id", "mentions", ["document_version_id"])
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])


def _upgrade_events() -> None:
    op.create_table(
        "events",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("predicate", SHORT, nullable=False),
        *_when_columns(),
        sa.Column("status", SHORT, nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("assessor", SHORT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_subject_predicate", "events", ["subject_id", "predicate"])
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", SHORT, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("claim_id", ID, nullable=True),
        sa.Column("at", sa.String(length=64), nullable=False),
        _fk("status_changes", "event_id", "events", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_status_changes"),
    )
    op.create_index("ix_status_changes_event_id", "status_changes", ["event_id"])


def _upgrade_claims() -> None:
    op.create_table(
        "claims",
        sa.Column("id", ID, nullable=False),
        sa.Column("document_version_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("subject_id", ID, nullable=True),
        sa.Column("predicate", SHORT, nullable=False),
        sa.Column("modality", SHORT, nullable=False),
        *_when_columns(),
        sa.Column("agent", sa.Text(), nullable=True),
        sa.Column("claimant", sa.Text(), nullable=True),
        sa.Column("via", sa.JSON(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("extractor", SHORT, nullable=False),
        sa.Column("event_id", ID, nullable=True),
        sa.Column("created_at", STAMP, nullable=False),
        _fk("claims", "document_version_id", "document_versions", "CASCADE"),
        _fk("claims", "event_id", "events", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
    )
    op.create_index("ix_claims_document_version_id", "claims", ["document_version_id"])
    op.create_index("ix_claims_event_id", "claims", ["event_id"])
    op.create_index("ix_claims_subject_predicate", "claims", ["subject_id", "predicate"])
    op.create_table(
        "event_claims",
        sa.Column("event_id", ID, nullable=False),
        sa.Column("claim_id", ID, nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _fk("event_claims", "claim_id", "claims", "CASCADE"),
        _fk("event_claims", "event_id", "events", "CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "claim_id", "role", name="pk_event_claims"),
    )
    op.create_index("ix_event_claims_claim_id", "event_claims", ["claim_id"])


def upgrade() -> None:
    _upgrade_documents()
    _upgrade_entities()
    _upgrade_events()
    _upgrade_claims()


def downgrade() -> None:
    # Children before parents; dropping a table drops its indexes.
    for table in (
        "event_claims",
        "claims",
        "status_changes",
        "events",
        "mentions",
        "entity_aliases",
        "entities",
        "document_versions",
        "documents",
        "sources",
    ):
        op.drop_table(table)
