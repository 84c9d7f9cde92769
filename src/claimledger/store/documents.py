"""Documents and their versions: idempotent, versioned ingest.

Identity: a document keeps the id its input gave; without one, the id is derived from its URL;
without a URL, from its content hash. The same content twice stores nothing; a changed text
under the same id or URL becomes the next version, and the document's latest version moves.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urldefrag

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from claimledger.store.models import DocumentRow, DocumentVersionRow, SourceRow
from claimledger.store.records import AddResult, AddStatus, StoredDocument
from claimledger.types import Document

logger = logging.getLogger(__name__)

ID_HEX = 16  # hex characters of a hash used as a derived document id


def normalise_url(url: str | None) -> str | None:
    """The URL as stored and compared: trimmed, without its #fragment (same page)."""
    if url is None or not url.strip():
        return None
    return urldefrag(url.strip()).url


def document_id_for(doc: Document, url: str | None, digest: str) -> str:
    """The stable id of a document that is not yet stored."""
    if doc.id:
        return doc.id
    if url:
        return hashlib.sha256(url.encode("utf-8")).hexdigest()[:ID_HEX]
    return digest[:ID_HEX]


def present_version(session: Session, digest: str) -> AddResult | None:
    """The stored version with this content hash, if any."""
    row = session.execute(
        select(DocumentVersionRow.document_id, DocumentVersionRow.version).where(
            DocumentVersionRow.content_hash == digest
        )
    ).first()
    return None if row is None else AddResult("present", row[0], row[1])


def add_document(session: Session, doc: Document) -> AddResult:
    """Store ``doc`` in the caller's transaction; see the module docstring for identity."""
    digest = doc.content_hash
    present = present_version(session, digest)
    if present is not None:
        return present
    now = datetime.now(UTC)
    url = normalise_url(doc.url)
    source_id = _source_id(session, doc.source)
    row = _find_document(session, doc, url)
    if row is None:
        row = DocumentRow(
            id=document_id_for(doc, url, digest),
            url=url,
            source_id=source_id,
            latest_version=1,
            created_at=now,
        )
        session.add(row)
        status: AddStatus = "new"
    else:
        row.latest_version += 1
        row.url = url or row.url
        row.source_id = source_id if source_id is not None else row.source_id
        status = "new_version"
    session.add(_version_row(doc, row.id, row.latest_version, digest, now))
    # Flush inside the transaction so constraint errors surface here, not at commit.
    session.flush()
    logger.debug("stored %s version %d (%s)", row.id, row.latest_version, status)
    return AddResult(status, row.id, row.latest_version)


def _find_document(session: Session, doc: Document, url: str | None) -> DocumentRow | None:
    if doc.id:
        return session.get(DocumentRow, doc.id)
    if url:
        by_url = session.scalars(
            select(DocumentRow).where(DocumentRow.url == url).order_by(DocumentRow.created_at)
        ).first()
        if by_url is not None:
            return by_url
    # The derived id may already exist when a document's URL has moved on since it was made.
    return session.get(DocumentRow, document_id_for(doc, url, doc.content_hash))


def _source_id(session: Session, name: str | None) -> int | None:
    if name is None or not name.strip():
        return None
    name = name.strip()
    source = session.scalars(select(SourceRow).where(SourceRow.name == name)).first()
    if source is None:
        source = SourceRow(name=name)
        session.add(source)
        session.flush()
    return source.id


def _version_row(
    doc: Document, document_id: str, version: int, digest: str, now: datetime
) -> DocumentVersionRow:
    return DocumentVersionRow(
        document_id=document_id,
        version=version,
        content_hash=digest,
        text=doc.text,
        title=doc.title,
        author=doc.author,
        published_at=doc.published_at,
        published_at_estimated=doc.published_at_estimated,
        language=doc.language,
        origin=doc.origin,
        ingested_at=now,
    )


def get_document(
    session: Session, document_id: str, version: int | None = None
) -> StoredDocument | None:
    """The latest version of a document (or the given version), or None."""
    wanted = DocumentRow.latest_version if version is None else version
    found = _stored(
        session, [DocumentRow.id == document_id, DocumentVersionRow.version == wanted], limit=1
    )
    return next(found, None)


def iter_documents(session: Session, limit: int | None, offset: int) -> Iterator[StoredDocument]:
    """Latest versions in id order, fetched in batches so memory stays flat."""
    latest = DocumentVersionRow.version == DocumentRow.latest_version
    return _stored(session, [latest], limit=limit, offset=offset)


def _stored(
    session: Session,
    conditions: list[ColumnElement[bool]],
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[StoredDocument]:
    query = (
        select(DocumentVersionRow, DocumentRow, SourceRow.name)
        .join(DocumentRow, DocumentRow.id == DocumentVersionRow.document_id)
        .outerjoin(SourceRow, SourceRow.id == DocumentRow.source_id)
        .where(*conditions)
        .order_by(DocumentRow.id)
        .offset(offset)
        .limit(limit)
        .execution_options(yield_per=500)
    )
    for version, document, source in session.execute(query):
        yield to_stored(version, document, source)


def to_stored(
    version: DocumentVersionRow, document: DocumentRow, source: str | None
) -> StoredDocument:
    ingested = version.ingested_at
    if ingested.tzinfo is None:  # SQLite returns naive datetimes; they were stored as UTC
        ingested = ingested.replace(tzinfo=UTC)
    return StoredDocument(
        document_id=document.id,
        version=version.version,
        content_hash=version.content_hash,
        ingested_at=ingested,
        text=version.text,
        id=document.id,
        source=source,
        url=document.url,
        title=version.title,
        author=version.author,
        published_at=version.published_at,
        published_at_estimated=version.published_at_estimated,
        language=version.language,
        origin=version.origin,
    )
