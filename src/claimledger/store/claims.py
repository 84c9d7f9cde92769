"""Claims and mentions of a document's latest version, and the conversions Claim <-> row."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Connection, bindparam, delete, func, select, update

from claimledger.errors import StoreError
from claimledger.ledger import origin_key, trace_origin
from claimledger.store.bulk import insert_rows
from claimledger.store.models import CLAIMS, DOCUMENTS, MENTIONS, VERSIONS
from claimledger.types import Claim, Mention, TimeSpan

logger = logging.getLogger(__name__)

ID_HEX = 16


@dataclass(frozen=True, slots=True)
class VersionRef:
    """What writing a document's claims needs of its latest version row."""

    id: int
    content_hash: str
    published_at: date | None
    not_extracted: str | None = None


# Statements run for every document written, built once: building one costs more than
# SQLite takes to run it.
_LATEST_VERSION = (
    select(
        VERSIONS.c.id,
        VERSIONS.c.content_hash,
        VERSIONS.c.published_at,
        VERSIONS.c.not_extracted,
    )
    .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
    .where(DOCUMENTS.c.id == bindparam("document_id"))
    .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
)
_DELETE_CLAIMS = delete(CLAIMS).where(CLAIMS.c.document_version_id == bindparam("version_id"))
_DELETE_MENTIONS = delete(MENTIONS).where(MENTIONS.c.document_version_id == bindparam("version_id"))
_ESTIMATE_DATE = (
    update(VERSIONS)
    .where(VERSIONS.c.id == bindparam("version_id"))
    .where(VERSIONS.c.published_at.is_(None))
    .values(published_at=bindparam("day"), published_at_estimated=True)
)
_MARK_NOT_EXTRACTED = (
    update(VERSIONS)
    .where(VERSIONS.c.id == bindparam("version_id"))
    .values(not_extracted=bindparam("reason"))
)


def latest_version(connection: Connection, document_id: str) -> VersionRef:
    """The latest version of a document; a StoreError names the id when it is unknown."""
    row = connection.execute(_LATEST_VERSION, {"document_id": document_id}).first()
    if row is None:
        raise StoreError(
            f"no stored document has the id {document_id!r}; add the document "
            "(Store.add_document) before storing its claims"
        )
    return VersionRef(row.id, row.content_hash, row.published_at, row.not_extracted)


def version_subjects(connection: Connection, version_id: int) -> set[str]:
    """The subjects of the claims a version holds now (about to be replaced)."""
    query = select(CLAIMS.c.subject_id).where(CLAIMS.c.document_version_id == version_id)
    return {s for s in connection.scalars(query.distinct()) if s}


def estimate_date(connection: Connection, version: VersionRef, day: date) -> None:
    """Give a version without a publication date ``day``, marked as estimated from the text."""
    connection.execute(_ESTIMATE_DATE, {"version_id": version.id, "day": day})


def mark_not_extracted(connection: Connection, version: VersionRef, reason: str | None) -> None:
    """Record why the version gives no claims (``None``: extraction read it); a write only
    when that changes, so extracting a document costs no extra statement."""
    if reason != version.not_extracted:
        connection.execute(_MARK_NOT_EXTRACTED, {"version_id": version.id, "reason": reason})


def replace_claims(
    connection: Connection,
    document_id: str,
    claims: Sequence[Claim],
    mentions: Sequence[Mention],
    version: VersionRef | None = None,
) -> list[Claim]:
    """Replace the claims and mentions of the document's latest version (``version`` when the
    caller has read it already), in the caller's transaction; claims without an id get a
    deterministic one."""
    _check_document_ids(document_id, claims, mentions)
    if version is None:
        version = latest_version(connection, document_id)
    connection.execute(_DELETE_CLAIMS, {"version_id": version.id})
    connection.execute(_DELETE_MENTIONS, {"version_id": version.id})
    stored = with_ids(claims, version.content_hash)
    now = datetime.now(UTC)
    insert_rows(connection, CLAIMS, [claim_values(claim, version.id, now) for claim in stored])
    insert_rows(connection, MENTIONS, [mention_values(m, version.id) for m in mentions])
    logger.debug("stored %d claims, %d mentions for %s", len(stored), len(mentions), document_id)
    return stored


def _check_document_ids(
    document_id: str, claims: Sequence[Claim], mentions: Sequence[Mention]
) -> None:
    items: list[Claim | Mention] = [*claims, *mentions]
    for item in items:
        if item.document_id != document_id:
            raise StoreError(
                f"{type(item).__name__} at {item.start}-{item.end} belongs to document "
                f"{item.document_id!r}, not {document_id!r}; store each document's claims "
                "and mentions with that document's id"
            )


def with_ids(claims: Sequence[Claim], content_hash: str) -> list[Claim]:
    """Give each claim without an id one derived from the text version and the claim itself,
    so re-extracting an unchanged text gives the same ids."""
    seen: Counter[str] = Counter()
    result = []
    for claim in claims:
        if claim.id:
            result.append(claim)
            continue
        basis = "\x1f".join(
            map(str, (content_hash, claim.start, claim.end, claim.predicate, claim.subject))
        )
        seen[basis] += 1  # identical claims in one text still need distinct ids
        digest = hashlib.sha256(f"{basis}\x1f{seen[basis]}".encode()).hexdigest()
        result.append(replace(claim, id="c" + digest[:ID_HEX]))
    return result


def claim_values(claim: Claim, version_id: int, now: datetime) -> dict[str, Any]:
    """A claim as a ``claims`` row (column name -> value)."""
    return {
        "id": claim.id,
        "document_version_id": version_id,
        "subject": claim.subject,
        "subject_id": claim.subject_id,
        "predicate": claim.predicate,
        "modality": claim.modality,
        **when_columns(claim.when),
        "place": claim.where,
        "agent": claim.agent,
        "claimant": claim.claimant,
        "via": list(claim.via),
        "origin": claim.origin,
        "origin_key": origin_key(claim.origin or trace_origin(claim)),
        "quote": claim.quote,
        "start_offset": claim.start,
        "end_offset": claim.end,
        "extractor": claim.extractor,
        "event_id": claim.event_id,
        "created_at": now,
    }


def mention_values(mention: Mention, version_id: int) -> dict[str, Any]:
    """A mention as a ``mentions`` row (column name -> value; the id is assigned on insert)."""
    return {
        "document_version_id": version_id,
        "start_offset": mention.start,
        "end_offset": mention.end,
        "text": mention.text,
        "label": mention.label,
        "entity_id": mention.entity_id,
    }


def when_columns(when: TimeSpan | None) -> dict[str, Any]:
    """A TimeSpan spread over the ``when_*`` columns (all None when there is no time)."""
    if when is None:
        return dict.fromkeys(
            ("when_start", "when_end", "when_text", "when_precision", "when_estimated")
        )
    return {
        "when_start": when.start,
        "when_end": when.end,
        "when_text": when.text,
        "when_precision": when.precision,
        "when_estimated": when.estimated,
    }


def time_span(row: Any) -> TimeSpan | None:
    """The TimeSpan stored in a row's ``when_*`` columns."""
    if row.when_start is None or row.when_end is None:
        return None
    return TimeSpan(
        start=row.when_start,
        end=row.when_end,
        text=row.when_text or "",
        precision=cast(Any, row.when_precision or "unknown"),
        estimated=bool(row.when_estimated),
    )


def to_claim(row: Any, document_id: str) -> Claim:
    """A claims row as a Claim."""
    return Claim(
        document_id=document_id,
        subject=row.subject,
        predicate=cast(Any, row.predicate),
        modality=cast(Any, row.modality),
        quote=row.quote,
        start=row.start_offset,
        end=row.end_offset,
        extractor=row.extractor,
        when=time_span(row),
        where=row.place,
        agent=row.agent,
        claimant=row.claimant,
        via=tuple(row.via or ()),
        origin=row.origin,
        subject_id=row.subject_id,
        id=row.id,
        event_id=row.event_id,
    )


def iter_claims(
    connection: Connection,
    subject_id: str | None = None,
    predicate: str | None = None,
    document_id: str | None = None,
    subjects: Sequence[str] | None = None,
) -> Iterator[Claim]:
    """Claims of the documents' latest versions, in document and text order, streamed;
    ``subjects``: only those about these entities (at most a few hundred ids)."""
    query = (
        select(CLAIMS, VERSIONS.c.document_id)
        .join(VERSIONS, VERSIONS.c.id == CLAIMS.c.document_version_id)
        .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
        .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
    )
    if subject_id is not None:
        query = query.where(CLAIMS.c.subject_id == subject_id)
    if predicate is not None:
        query = query.where(CLAIMS.c.predicate == predicate)
    if document_id is not None:
        query = query.where(DOCUMENTS.c.id == document_id)
    if subjects is not None:
        query = query.where(CLAIMS.c.subject_id.in_(subjects))
    query = query.order_by(
        DOCUMENTS.c.id, CLAIMS.c.start_offset, CLAIMS.c.end_offset, CLAIMS.c.id
    ).execution_options(yield_per=500)
    for row in connection.execute(query):
        yield to_claim(row, row.document_id)


def count_claims(connection: Connection) -> int:
    """How many claims ``iter_claims`` gives: those of the documents' latest versions."""
    query = (
        select(func.count())
        .select_from(CLAIMS)
        .join(VERSIONS, VERSIONS.c.id == CLAIMS.c.document_version_id)
        .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
        .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
    )
    return connection.scalar(query) or 0


def iter_mentions(connection: Connection, document_id: str) -> Iterator[Mention]:
    """Mentions of a document's latest version, in text order."""
    version = latest_version(connection, document_id)
    query = (
        select(MENTIONS)
        .where(MENTIONS.c.document_version_id == version.id)
        .order_by(MENTIONS.c.start_offset, MENTIONS.c.end_offset, MENTIONS.c.id)
    )
    for row in connection.execute(query):
        yield Mention(
            document_id=document_id,
            start=row.start_offset,
            end=row.end_offset,
            text=row.text,
            label=row.label,
            entity_id=row.entity_id,
        )


def subject_ids(connection: Connection) -> list[str]:
    """Distinct resolved subjects of claims on latest versions, sorted."""
    query = (
        select(CLAIMS.c.subject_id)
        .join(VERSIONS, VERSIONS.c.id == CLAIMS.c.document_version_id)
        .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
        .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
        .where(CLAIMS.c.subject_id.is_not(None))
        .distinct()
        .order_by(CLAIMS.c.subject_id)
    )
    return [sid for sid in connection.scalars(query) if sid]
