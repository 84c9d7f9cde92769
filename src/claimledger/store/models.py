"""The ledger's tables as SQLAlchemy 2 models.

The schema itself is created by the Alembic migrations in ``claimledger/migrations``; these
models must agree with them (a test compares them). Column names avoid SQL reserved words
(``end``, ``where``) so hand-written SQL against the ledger needs no quoting.

References to entities (``subject_id``, ``entity_id``) are deliberately not foreign keys:
entity resolution runs over the whole corpus and may store claims before their entities, or
re-resolve entities later, and a claim must not be lost or rejected because of that.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names keep migrations reproducible across SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(200)  # document, entity, claim and event ids
SHORT = String(64)  # predicates, modalities, statuses, labels, versioned component names


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {  # noqa: RUF012 - SQLAlchemy reads a class attribute
        str: Text,
        date: Date,
        datetime: DateTime(timezone=True),
        list[str]: JSON,
    }


class SourceRow(Base):
    """A publisher or authority: an outlet, an agency, an official body."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str | None] = mapped_column(SHORT)


class DocumentRow(Base):
    """The stable identity of an article; its text lives in versions."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    url: Mapped[str | None] = mapped_column(index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    latest_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class DocumentVersionRow(Base):
    """One text of a document; a changed text at the same URL or id becomes a new version."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "version", name="uq_document_versions"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str]
    title: Mapped[str | None]
    author: Mapped[str | None]
    published_at: Mapped[date | None]
    published_at_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(16))
    origin: Mapped[str | None]
    ingested_at: Mapped[datetime]
    # Why this version gives no claims ("language de"); NULL when extraction reads it.
    not_extracted: Mapped[str | None]
    # When its claims were recorded (or it was marked not extracted, or its extraction
    # failed); NULL: stored without its claims (a killed run), for the next ingest to finish.
    extracted_at: Mapped[datetime | None]
    # Why extracting it raised; NULL when extracted (or not tried). Retried only on request.
    extraction_failed: Mapped[str | None]
    # The ingest run that stored it (locks.RunLeases): a live run's are not resumed by others.
    stored_by: Mapped[str | None] = mapped_column(String(32))


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    type: Mapped[str] = mapped_column(SHORT)
    name: Mapped[str]
    wikidata: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str | None]


class EntityAliasRow(Base):
    """A name of an entity with its matching key; ``is_name`` marks the entity's main name."""

    __tablename__ = "entity_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[str] = mapped_column(
        ID, ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str]
    key: Mapped[str] = mapped_column(String(500), index=True)
    position: Mapped[int] = mapped_column(Integer)
    is_name: Mapped[bool] = mapped_column(Boolean, default=False)


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True
    )
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    text: Mapped[str]
    label: Mapped[str] = mapped_column(SHORT)
    entity_id: Mapped[str | None] = mapped_column(ID, index=True)


class ClaimRow(Base):
    """Every field of :class:`claimledger.types.Claim`; ``when`` is spread over five columns."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_subject_predicate", "subject_id", "predicate"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    document_version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str]
    subject_id: Mapped[str | None] = mapped_column(ID)
    predicate: Mapped[str] = mapped_column(SHORT)
    modality: Mapped[str] = mapped_column(SHORT)
    when_start: Mapped[date | None]
    when_end: Mapped[date | None]
    when_text: Mapped[str | None]
    when_precision: Mapped[str | None] = mapped_column(String(16))
    when_estimated: Mapped[bool | None] = mapped_column(Boolean)
    place: Mapped[str | None]
    agent: Mapped[str | None]
    claimant: Mapped[str | None]
    via: Mapped[list[str]]
    origin: Mapped[str | None]
    quote: Mapped[str]
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    extractor: Mapped[str] = mapped_column(SHORT)
    event_id: Mapped[str | None] = mapped_column(
        ID, ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime]


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_subject_predicate", "subject_id", "predicate"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    subject_id: Mapped[str] = mapped_column(ID)
    predicate: Mapped[str] = mapped_column(SHORT)
    when_start: Mapped[date | None]
    when_end: Mapped[date | None]
    when_text: Mapped[str | None]
    when_precision: Mapped[str | None] = mapped_column(String(16))
    when_estimated: Mapped[bool | None] = mapped_column(Boolean)
    place: Mapped[str | None]
    status: Mapped[str] = mapped_column(SHORT)
    status_reason: Mapped[str]
    assessor: Mapped[str] = mapped_column(SHORT)


class EventClaimRow(Base):
    """Links an event to its claims; ``role`` is ``claim`` (member) or ``evidence``."""

    __tablename__ = "event_claims"

    event_id: Mapped[str] = mapped_column(
        ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[str] = mapped_column(
        ID, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class StatusChangeRow(Base):
    """One step of an event's status history.

    ``at`` is kept as the ISO text the assessor gave, so it round-trips exactly.
    """

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(
        ID, ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(SHORT)
    reason: Mapped[str]
    claim_id: Mapped[str | None] = mapped_column(ID)
    at: Mapped[str] = mapped_column(String(64))


class EntityIndexRow(Base):
    """The resolver's record of one entity: names with counts, kinds, and context profile.

    Kept as JSON because its shape belongs to ``claimledger.resolve`` and changes with it; a
    record with ``merged_into`` is a redirect left by a merge.
    """

    __tablename__ = "entity_index"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    merged_into: Mapped[str | None] = mapped_column(ID)
    # The ledger-wide write number that last changed the record: a writer sharing the ledger
    # reads only the records changed since the last number it saw.
    seq: Mapped[int | None] = mapped_column(Integer, index=True)


class StaleSubjectRow(Base):
    """A subject whose claims changed since its events were last assessed (written with the
    claims, deleted with the events), so a killed run leaves no event out of date unnoticed."""

    __tablename__ = "stale_subjects"

    subject_id: Mapped[str] = mapped_column(ID, primary_key=True)


class EventOriginRow(Base):
    """One independent origin supporting one event, with the event's status then.

    Written with the event (``Store.replace_events``) so an origin's track record is a sum over
    ``origin_tallies`` instead of a pass over every event and claim of the ledger.
    """

    __tablename__ = "event_origins"

    event_id: Mapped[str] = mapped_column(
        ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    origin_key: Mapped[str] = mapped_column(primary_key=True)
    origin_name: Mapped[str]
    status: Mapped[str] = mapped_column(SHORT)


class OriginTallyRow(Base):
    """Events per status that an origin, under one of its names, supported (see
    ``claimledger.store.lookups``); the rows of one ``origin_key`` make its track record."""

    __tablename__ = "origin_tallies"

    origin_key: Mapped[str] = mapped_column(primary_key=True)
    origin_name: Mapped[str] = mapped_column(primary_key=True)
    confirmed: Mapped[int] = mapped_column(Integer, default=0)
    refuted: Mapped[int] = mapped_column(Integer, default=0)
    disputed: Mapped[int] = mapped_column(Integer, default=0)
    unverified: Mapped[int] = mapped_column(Integer, default=0)
