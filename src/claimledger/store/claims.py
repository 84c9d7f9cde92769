"""Claims and mentions of a document's latest version, and the conversions Claim <-> row."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from claimledger.errors import StoreError
from claimledger.store.models import ClaimRow, DocumentRow, DocumentVersionRow, MentionRow
from claimledger.types import Claim, Mention, TimeSpan

logger = logging.getLogger(__name__)

ID_HEX = 16


def latest_version(session: Session, document_id: str) -> DocumentVersionRow:
    """The latest version row of a document; a StoreError names the id when it is unknown."""
    row = session.scalars(
        select(DocumentVersionRow)
        .join(DocumentRow, DocumentRow.id == DocumentVersionRow.document_id)
        .where(DocumentRow.id == document_id)
        .where(DocumentVersionRow.version == DocumentRow.latest_version)
    ).first()
    if row is None:
        raise StoreError(
            f"no stored document has the id {document_id!r}; add the document "
            "(Store.add_document) before storing its claims"
        )
    return row


def replace_claims(
    session: Session, document_id: str, claims: Sequence[Claim], mentions: Sequence[Mention]
) -> list[Claim]:
    """Replace the claims and mentions of the document's latest version, in the caller's
    transaction; claims without an id get a deterministic one."""
    _check_document_ids(document_id, claims, mentions)
    version = latest_version(session, document_id)
    session.execute(delete(ClaimRow).where(ClaimRow.document_version_id == version.id))
    session.execute(delete(MentionRow).where(MentionRow.document_version_id == version.id))
    stored = with_ids(claims, version.content_hash)
    now = datetime.now(UTC)
    session.add_all(claim_row(claim, version.id, now) for claim in stored)
    session.add_all(mention_row(mention, version.id) for mention in mentions)
    session.flush()
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


def claim_row(claim: Claim, version_id: int, now: datetime) -> ClaimRow:
    return ClaimRow(
        id=claim.id,
        document_version_id=version_id,
        subject=claim.subject,
        subject_id=claim.subject_id,
        predicate=claim.predicate,
        modality=claim.modality,
        **when_columns(claim.when),
        place=claim.where,
        agent=claim.agent,
        claimant=claim.claimant,
        via=list(claim.via),
        origin=claim.origin,
        quote=claim.quote,
        start_offset=claim.start,
        end_offset=claim.end,
        extractor=claim.extractor,
        event_id=claim.event_id,
        created_at=now,
    )


def mention_row(mention: Mention, version_id: int) -> MentionRow:
    return MentionRow(
        document_version_id=version_id,
        start_offset=mention.start,
        end_offset=mention.end,
        text=mention.text,
        label=mention.label,
        entity_id=mention.entity_id,
    )


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


def to_claim(row: ClaimRow, document_id: str) -> Claim:
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
) -> Iterator[Claim]:
    """Claims of the documents' latest versions, in document and text order, streamed."""
    query = (
        select(ClaimRow, DocumentVersionRow.document_id)
        .join(DocumentVersionRow, DocumentVersionRow.id == ClaimRow.document_version_id)
        .join(DocumentRow, DocumentRow.id == DocumentVersionRow.document_id)
        .where(DocumentVersionRow.version == DocumentRow.latest_version)
    )
    if subject_id is not None:
        query = query.where(ClaimRow.subject_id == subject_id)
    if predicate is not None:
        query = query.where(ClaimRow.predicate == predicate)
    if document_id is not None:
        query = query.where(DocumentRow.id == document_id)
    query = query.order_by(
        DocumentRow.id, ClaimRow.start_offset, ClaimRow.end_offset, ClaimRow.id
    ).execution_options(yield_per=500)
    for row, doc_id in session.execute(query):
        yield to_claim(row, doc_id)


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
