"""The ledger's tables, as SQLAlchemy Core ``Table`` objects.

The schema itself is created by the Alembic migrations in ``claimledger/migrations``; these
tables must agree with them (a test compares them). Column names avoid SQL reserved words
(``end``, ``where``) so hand-written SQL against the ledger needs no quoting.

The store reads and writes them with Core statements, not the ORM: every row it reads becomes
a record of ``claimledger.types`` at once, and importing and configuring the ORM cost each
command that opens a ledger about a tenth of a second of CPU (``benchmarks/startup.py``).

References to entities (``subject_id``, ``entity_id``) are deliberately not foreign keys:
entity resolution runs over the whole corpus and may store claims before their entities, or
re-resolve entities later, and a claim must not be lost or rejected because of that.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Explicit constraint names keep migrations reproducible across SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

ID = String(200)  # document, entity, claim and event ids
SHORT = String(64)  # predicates, modalities, statuses, labels, versioned component names
STAMP = DateTime(timezone=True)


def _when_columns() -> list[Column[object]]:
    """A ``TimeSpan`` spread over five columns, then the place."""
    return [
        Column("when_start", Date),
        Column("when_end", Date),
        Column("when_text", Text),
        Column("when_precision", String(16)),
        Column("when_estimated", Boolean),
        Column("place", Text),
    ]


# A publisher or authority: an outlet, an agency, an official body.
SOURCES = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), unique=True, nullable=False),
    Column("kind", SHORT),
)

# The stable identity of an article; its text lives in versions.
DOCUMENTS = Table(
    "documents",
    metadata,
    Column("id", ID, primary_key=True),
    Column("url", Text, index=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("latest_version", Integer, nullable=False),
    Column("created_at", STAMP, nullable=False),
)

# One text of a document; a changed text at the same URL or id becomes a new version.
VERSIONS = Table(
    "document_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id",
        ID,
        ForeignKey("documents.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(64), unique=True, nullable=False),
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("published_at", Date),
    Column("published_at_estimated", Boolean, default=False, nullable=False),
    Column("language", String(16)),
    Column("origin", Text),
    Column("ingested_at", STAMP, nullable=False),
    # Why this version gives no claims ("language de"); NULL when extraction reads it.
    Column("not_extracted", Text),
    # When its claims were recorded (or it was marked not extracted, or its extraction
    # failed); NULL: stored without its claims (a killed run), for the next ingest to finish.
    Column("extracted_at", STAMP),
    # Why extracting it raised; NULL when extracted (or not tried). Retried only on request.
    Column("extraction_failed", Text),
    # The ingest run that stored it (locks.RunLeases): a live run's are not resumed by others.
    Column("stored_by", String(32)),
    UniqueConstraint("document_id", "version", name="uq_document_versions"),
)

ENTITIES = Table(
    "entities",
    metadata,
    Column("id", ID, primary_key=True),
    Column("type", SHORT, nullable=False),
    Column("name", Text, nullable=False),
    Column("wikidata", String(32)),
    Column("description", Text),
)

# A name of an entity with its matching key; ``is_name`` marks the entity's main name.
ALIASES = Table(
    "entity_aliases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "entity_id", ID, ForeignKey("entities.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column("alias", Text, nullable=False),
    Column("key", String(500), index=True, nullable=False),
    Column("position", Integer, nullable=False),
    Column("is_name", Boolean, default=False, nullable=False),
)

MENTIONS = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_version_id",
        Integer,
        ForeignKey("document_versions.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", SHORT, nullable=False),
    Column("entity_id", ID, index=True),
)

# Every field of ``claimledger.types.Claim``; ``when`` is spread over five columns.
CLAIMS = Table(
    "claims",
    metadata,
    Column("id", ID, primary_key=True),
    Column(
        "document_version_id",
        Integer,
        ForeignKey("document_versions.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column("subject", Text, nullable=False),
    Column("subject_id", ID),
    Column("predicate", SHORT, nullable=False),
    Column("modality", SHORT, nullable=False),
    *_when_columns(),
    Column("agent", Text),
    Column("claimant", Text),
    Column("via", JSON, nullable=False),
    Column("origin", Text),
    # ``ledger.origin_key`` of the origin (stored, else traced from the claim): the claims
    # traced to one origin are an indexed read.
    Column("origin_key", Text, index=True),
    Column("quote", Text, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("extractor", SHORT, nullable=False),
    Column("event_id", ID, ForeignKey("events.id", ondelete="SET NULL"), index=True),
    Column("created_at", STAMP, nullable=False),
    Index("ix_claims_subject_predicate", "subject_id", "predicate"),
)

EVENTS = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("subject_id", ID, nullable=False),
    Column("predicate", SHORT, nullable=False),
    *_when_columns(),
    Column("status", SHORT, nullable=False),
    Column("status_reason", Text, nullable=False),
    Column("assessor", SHORT, nullable=False),
    Index("ix_events_subject_predicate", "subject_id", "predicate"),
)

# Links an event to its claims; ``role`` is ``claim`` (member) or ``evidence``.
EVENT_CLAIMS = Table(
    "event_claims",
    metadata,
    Column("event_id", ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "claim_id", ID, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
    Column("role", String(16), primary_key=True),
    Column("position", Integer, nullable=False),
)

# One step of an event's status history; ``at`` is kept as the ISO text the assessor gave, so
# it round-trips exactly.
STATUS_CHANGES = Table(
    "status_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", ID, ForeignKey("events.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("position", Integer, nullable=False),
    Column("status", SHORT, nullable=False),
    Column("reason", Text, nullable=False),
    Column("claim_id", ID),
    Column("at", String(64), nullable=False),
)

# The resolver's record of one entity: names with counts, kinds, and context profile. Kept as
# JSON because its shape belongs to ``claimledger.resolve`` and changes with it; a record with
# ``merged_into`` is a redirect left by a merge.
ENTITY_INDEX = Table(
    "entity_index",
    metadata,
    Column("id", ID, primary_key=True),
    Column("record", JSON, nullable=False),
    Column("merged_into", ID),
    # The ledger-wide write number that last changed the record: a writer sharing the ledger
    # reads only the records changed since the last number it saw.
    Column("seq", Integer, index=True),
)

# A subject whose claims changed since its events were last assessed (written with the
# claims, deleted with the events), so a killed run leaves no event out of date unnoticed.
STALE_SUBJECTS = Table(
    "stale_subjects",
    metadata,
    Column("subject_id", ID, primary_key=True),
)

# One independent origin supporting one event, with the event's status then. Written with the
# event (``Store.replace_events``) so an origin's track record is a sum over
# ``origin_tallies`` instead of a pass over every event and claim of the ledger.
EVENT_ORIGINS = Table(
    "event_origins",
    metadata,
    Column("event_id", ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("origin_key", Text, primary_key=True),
    Column("origin_name", Text, nullable=False),
    Column("status", SHORT, nullable=False),
    # The events behind one origin's record: the primary key starts with the event.
    Index("ix_event_origins_origin_key", "origin_key"),
)

# Events per status that an origin, under one of its names, supported (see
# ``claimledger.store.lookups``); the rows of one ``origin_key`` make its track record.
ORIGIN_TALLIES = Table(
    "origin_tallies",
    metadata,
    Column("origin_key", Text, primary_key=True),
    Column("origin_name", Text, primary_key=True),
    Column("confirmed", Integer, default=0, nullable=False),
    Column("refuted", Integer, default=0, nullable=False),
    Column("disputed", Integer, default=0, nullable=False),
    Column("unverified", Integer, default=0, nullable=False),
)
