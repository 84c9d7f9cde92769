"""Claims and mentions of a document's latest version, and the conversions Claim <-> row."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from claimledger.errors import StoreError
from claimledger.store.bulk import insert_rows, table_of
from claimledger.store.models import ClaimRow, DocumentRow, DocumentVersionRow, MentionRow
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


_VERSIONS, _DOCUMENTS = table_of(DocumentVersionRow), table_of(DocumentRow)
_CLAIMS, _MENTIONS = table_of(ClaimRow), table_of(MentionRow)
# Statements run for every document written, built once: building one costs more than
# SQLite takes to run it.
_LATEST_VERSION = (
    select(
        _VERSIONS.c.id,
        _VERSIONS.c.content_hash,
        _VERSIONS.c.published_at,
        _VERSIONS.c.not_extracted,
    )
    .join(_DOCUMENTS, _DOCUMENTS.c.id == _VERSIONS.c.document_id)
    .where(_DOCUMENTS.c.id == bindparam("document_id"))
    .where(_VERSIONS.c.version == _DOCUMENTS.c.latest_version)
)
_DELETE_CLAIMS = delete(_CLAIMS).where(_CLAIMS.c.document_version_id == bindparam("version_id"))
_DELETE_MENTIONS = delete(_MENTIONS).where(
    _MENTIONS.c.document_version_id == bindparam("version_id")
)
_ESTIMATE_DATE = (
    update(_VERSIONS)
    .where(_VERSIONS.c.id == bindparam("version_id"))
    .where(_VERSIONS.c.published_at.is_(None))
    .values(published_at=bindparam("day"), published_at_estimated=True)
)
_MARK_NOT_EXTRACTED = (
    update(_VERSIONS)
    .where(_VERSIONS.c.id == bindparam("version_id"))
    .values(not_extracted=bindparam("reason"))
)


def latest_version(session: Session, document_id: str) -> VersionRef:
    """The latest version of a document; a StoreError names the id when it is unknown."""
    row = session.execute(_LATEST_VERSION, {"document_id": document_id}).first()
    if row is None:
        raise StoreError(
            f"no stored document has the id {document_id!r}; add the document "
            "(Store.add_document) before storing its claims"
        )
    return VersionRef(row.id, row.content_hash, row.published_at, row.not_extracted)


def version_subjects(session: Session, version_id: int) -> set[str]:
    """The subjects of the claims a version holds now (about to be replaced)."""
    query = select(_CLAIMS.c.subject_id).where(_CLAIMS.c.document_version_id == version_id)
    return {s for s in session.scalars(query.distinct()) if s}


def estimate_date(session: Session, version: VersionRef, day: date) -> None:
    """Give a version without a publication date ``day``, marked as estimated from the text."""
    session.execute(_ESTIMATE_DATE, {"version_id": version.id, "day": day})


def mark_not_extracted(session: Session, version: VersionRef, reason: str | None) -> None:
    """Record why the version gives no claims (``None``: extraction read it); a write only
    when that changes, so extracting a document costs no extra statement."""
    if reason != version.not_extracted:
        session.execute(_MARK_NOT_EXTRACTED, {"version_id": version.id, "reason": reason})


def replace_claims(
    session: Session,
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
        version = latest_version(session, document_id)
    session.execute(_DELETE_CLAIMS, {"version_id": version.id})
    session.execute(_DELETE_MENTIONS, {"version_id": version.id})
    stored = with_ids(claims, version.content_hash)
    now = datetime.now(UTC)
    insert_rows(session, ClaimRow, [claim_values(claim, version.id, now) for claim in stored])
    insert_rows(session, MentionRow, [mention_values(m, version.id) for m in mentions])
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


def time_span(row: ClaimRow | Any) -> TimeSpan | None:
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


def to_claim(row: ClaimRow | Any, document_id: str) -> Claim:
    """A claims row (ORM object or Core row) as a Claim."""
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
    session: Session,
    subject_id: str | None = None,
    predicate: str | None = None,
    document_id: str | None = None,
    subjects: Sequence[str] | None = None,
) -> Iterator[Claim]:
    """Claims of the documents' latest versions, in document and text order, streamed;
    ``subjects``: only those about these entities (at most a few hundred ids).

    Core rows rather than ORM objects: reassessing a much-reported person reads all their
    claims, and building ORM instances costs more than the read itself.
    """
    query = (
        select(_CLAIMS, _VERSIONS.c.document_id)
        .join(_VERSIONS, _VERSIONS.c.id == _CLAIMS.c.document_version_id)
        .join(_DOCUMENTS, _DOCUMENTS.c.id == _VERSIONS.c.document_id)
        .where(_VERSIONS.c.version == _DOCUMENTS.c.latest_version)
    )
    if subject_id is not None:
        query = query.where(_CLAIMS.c.subject_id == subject_id)
    if subjects is not None:
        query = query.where(_CLAIMS.c.subject_id.in_(subjects))
    if predicate is not None:
        query = query.where(_CLAIMS.c.predicate == predicate)
    if document_id is not None:
        query = query.where(_DOCUMENTS.c.id == document_id)
    query = query.order_by(
        _DOCUMENTS.c.id, _CLAIMS.c.start_offset, _CLAIMS.c.end_offset, _CLAIMS.c.id
    ).execution_options(yield_per=500)
    for row in session.execute(query):
        yield to_claim(row, row.document_id)


def count_claims(session: Session) -> int:
    """How many claims ``iter_claims`` gives: those of the documents' latest versions."""
    query = (
        select(func.count())
        .select_from(_CLAIMS)
        .join(_VERSIONS, _VERSIONS.c.id == _CLAIMS.c.document_version_id)
        .join(_DOCUMENTS, _DOCUMENTS.c.id == _VERSIONS.c.document_id)
        .where(_VERSIONS.c.version == _DOCUMENTS.c.latest_version)
    )
    return session.scalar(query) or 0


def iter_mentions(session: Session, document_id: str) -> Iterator[Mention]:
    """Mentions of a document's latest version, in text order."""
    version = latest_version(session, document_id)
    query = (
        select(MentionRow)
        .where(MentionRow.document_version_id == version.id)
        .order_by(MentionRow.start_offset, MentionRow.end_offset, MentionRow.id)
    )
    for row in session.scalars(query):
        yield Mention(
            document_id=document_id,
            start=row.start_offset,
            end=row.end_offset,
            text=row.text,
            label=row.label,
            entity_id=row.entity_id,
        )


def subject_ids(session: Session) -> list[str]:
    """Distinct resolved subjects of claims on latest versions, sorted."""
    query = (
        select(ClaimRow.subject_id)
        .join(DocumentVersionRow, DocumentVersionRow.id == ClaimRow.document_version_id)
        .join(DocumentRow, DocumentRow.id == DocumentVersionRow.document_id)
        .where(DocumentVersionRow.version == DocumentRow.latest_version)
        .where(ClaimRow.subject_id.is_not(None))
        .distinct()
        .order_by(ClaimRow.subject_id)
    )
    return [sid for sid in session.scalars(query) if sid]
