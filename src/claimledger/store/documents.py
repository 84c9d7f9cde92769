"""Documents and their versions: idempotent, versioned ingest.

Identity: a document keeps the id its input gave; without one, the id is derived from its URL;
without a URL, from its content hash. The same content twice stores nothing; a changed text
under the same id or URL becomes the next version, and the document's latest version moves.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from urllib.parse import urldefrag

from sqlalchemy import ColumnElement, Connection, Select, bindparam, func, insert, select, update

from claimledger.languages import language_key
from claimledger.store.models import DOCUMENTS, SOURCES, VERSIONS
from claimledger.store.records import AddResult, AddStatus, StoredDocument
from claimledger.types import Document

logger = logging.getLogger(__name__)

ID_HEX = 16  # hex characters of a hash used as a derived document id
# Ids per query when looking up many documents (well under every engine's parameter limit).
LOOKUP_CHUNK = 500


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


# Statements run for every document ingested, built once: building one costs more than SQLite
# takes to run it.
_PRESENT = select(VERSIONS.c.document_id, VERSIONS.c.version).where(
    VERSIONS.c.content_hash == bindparam("digest")
)
_DOCUMENT_COLUMNS = (
    DOCUMENTS.c.id,
    DOCUMENTS.c.latest_version,
    DOCUMENTS.c.url,
    DOCUMENTS.c.source_id,
)
_BY_ID = select(*_DOCUMENT_COLUMNS).where(DOCUMENTS.c.id == bindparam("id"))
_BY_URL = (
    select(*_DOCUMENT_COLUMNS)
    .where(DOCUMENTS.c.url == bindparam("url"))
    .order_by(DOCUMENTS.c.created_at)
    .limit(1)
)
_NEXT_VERSION = (
    update(DOCUMENTS)
    .where(DOCUMENTS.c.id == bindparam("document_id"))
    .values(
        latest_version=bindparam("latest_version"),
        url=bindparam("url"),
        source_id=bindparam("source_id"),
    )
)
_SOURCE_BY_NAME = select(SOURCES.c.id).where(SOURCES.c.name == bindparam("name"))
_ADD_SOURCE = insert(SOURCES).values(name=bindparam("name")).returning(SOURCES.c.id)


def present_version(connection: Connection, digest: str) -> AddResult | None:
    """The stored version with this content hash, if any."""
    row = connection.execute(_PRESENT, {"digest": digest}).first()
    return None if row is None else AddResult("present", row[0], row[1])


def add_document(
    connection: Connection,
    doc: Document,
    not_extracted: str | None = None,
    stored_by: str | None = None,
) -> AddResult:
    """Store ``doc`` in the caller's transaction; see the module docstring for identity.
    ``not_extracted`` (why it will give no claims) and ``stored_by`` (the run storing it) are
    stored with a new version."""
    digest = doc.content_hash
    present = present_version(connection, digest)
    if present is not None:
        return present
    now = datetime.now(UTC)
    url = normalise_url(doc.url)
    source_id = _source_id(connection, doc.source)
    found = _find_document(connection, doc, url)
    # Each statement runs at once, so constraint errors surface here, not at commit.
    status: AddStatus
    if found is None:
        document_id, version, status = document_id_for(doc, url, digest), 1, "new"
        connection.execute(
            insert(DOCUMENTS),
            {
                "id": document_id,
                "url": url,
                "source_id": source_id,
                "latest_version": version,
                "created_at": now,
            },
        )
    else:
        document_id, version, status = found.id, found.latest_version + 1, "new_version"
        connection.execute(
            _NEXT_VERSION,
            {
                "document_id": document_id,
                "latest_version": version,
                "url": url or found.url,
                "source_id": source_id if source_id is not None else found.source_id,
            },
        )
    values = _version_values(doc, document_id, version, digest, now, not_extracted)
    connection.execute(insert(VERSIONS), {**values, "stored_by": stored_by})
    logger.debug("stored %s version %d (%s)", document_id, version, status)
    return AddResult(status, document_id, version)


class _Found(NamedTuple):
    """A stored document that a new text may be the next version of."""

    id: str
    latest_version: int
    url: str | None
    source_id: int | None


def _find_document(connection: Connection, doc: Document, url: str | None) -> _Found | None:
    if doc.id:
        return _found(connection.execute(_BY_ID, {"id": doc.id}).first())
    if url:
        by_url = _found(connection.execute(_BY_URL, {"url": url}).first())
        if by_url is not None:
            return by_url
    # The derived id may already exist when a document's URL has moved on since it was made.
    derived = document_id_for(doc, url, doc.content_hash)
    return _found(connection.execute(_BY_ID, {"id": derived}).first())


def _found(row: Sequence[Any] | None) -> _Found | None:
    return None if row is None else _Found(*row)


def _source_id(connection: Connection, name: str | None) -> int | None:
    if name is None or not name.strip():
        return None
    name = name.strip()
    found = connection.execute(_SOURCE_BY_NAME, {"name": name}).scalar()
    if found is not None:
        return int(found)
    return int(connection.execute(_ADD_SOURCE, {"name": name}).scalar_one())


def _version_values(
    doc: Document,
    document_id: str,
    version: int,
    digest: str,
    now: datetime,
    not_extracted: str | None,
) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "version": version,
        "content_hash": digest,
        "text": doc.text,
        "title": doc.title,
        "author": doc.author,
        "published_at": doc.published_at,
        "published_at_estimated": doc.published_at_estimated,
        "language": doc.language,
        "origin": doc.origin,
        "ingested_at": now,
        "not_extracted": not_extracted,
    }


def get_document(
    connection: Connection, document_id: str, version: int | None = None
) -> StoredDocument | None:
    """The latest version of a document (or the given version), or None."""
    wanted = DOCUMENTS.c.latest_version if version is None else version
    found = _stored(
        connection, [DOCUMENTS.c.id == document_id, VERSIONS.c.version == wanted], limit=1
    )
    return next(found, None)


def published_dates(connection: Connection, document_ids: Iterable[str]) -> dict[str, date]:
    """The publication dates of the latest versions of documents (those that have one)."""
    ids = sorted(set(document_ids))
    found: dict[str, date] = {}
    for at in range(0, len(ids), LOOKUP_CHUNK):
        query = (
            select(DOCUMENTS.c.id, VERSIONS.c.published_at)
            .join(VERSIONS, VERSIONS.c.document_id == DOCUMENTS.c.id)
            .where(DOCUMENTS.c.id.in_(ids[at : at + LOOKUP_CHUNK]))
            .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
            .where(VERSIONS.c.published_at.is_not(None))
        )
        found.update({row.id: row.published_at for row in connection.execute(query)})
    return found


def document_sources(connection: Connection, document_ids: Iterable[str]) -> dict[str, str]:
    """The publisher (``sources`` row) of each of these documents that names one, by id: the
    origin of what a document asserts on its own (``claimledger.ledger.trace_origin``)."""
    ids = sorted(set(document_ids))
    found: dict[str, str] = {}
    for at in range(0, len(ids), LOOKUP_CHUNK):
        query = (
            select(DOCUMENTS.c.id, SOURCES.c.name)
            .join(SOURCES, SOURCES.c.id == DOCUMENTS.c.source_id)
            .where(DOCUMENTS.c.id.in_(ids[at : at + LOOKUP_CHUNK]))
        )
        found.update({row.id: row.name for row in connection.execute(query)})
    return found


def iter_documents(
    connection: Connection, limit: int | None, offset: int
) -> Iterator[StoredDocument]:
    """Latest versions in id order, fetched in batches so memory stays flat."""
    latest = VERSIONS.c.version == DOCUMENTS.c.latest_version
    return _stored(connection, [latest], limit=limit, offset=offset)


def not_extracted_counts(connection: Connection) -> dict[str, int]:
    """Documents whose latest version is stored but not extracted, by language
    (``claimledger.languages.language_key``: "de", "unknown"), sorted by language."""
    query = (
        select(VERSIONS.c.language, func.count())
        .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
        .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
        .where(VERSIONS.c.not_extracted.is_not(None))
        .group_by(VERSIONS.c.language)
    )
    counts: Counter[str] = Counter()
    for language, count in connection.execute(query):
        counts[language_key(language)] += count  # "de" and "DE-at" are one language
    return dict(sorted(counts.items()))


def mark_extracted(connection: Connection, version_id: int) -> None:
    """The version's extraction is recorded (claims, or a reason it gives none); an earlier
    failure to extract it is cleared."""
    connection.execute(
        update(VERSIONS)
        .where(VERSIONS.c.id == version_id)
        .values(extracted_at=datetime.now(UTC), extraction_failed=None)
    )


def mark_extraction_failed(
    connection: Connection, document_id: str, reason: str, *, unless_done: bool
) -> bool:
    """Record why extracting the latest version raised, and mark it done with, so no resume
    reads it again; ``unless_done``: only if no writer has recorded its extraction meanwhile.
    Whether the mark was written."""
    latest = (
        select(VERSIONS.c.id)
        .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
        .where(DOCUMENTS.c.id == document_id)
        .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
        .scalar_subquery()
    )
    query = update(VERSIONS).where(VERSIONS.c.id == latest)
    if unless_done:
        query = query.where(VERSIONS.c.extracted_at.is_(None))
    values = {"extracted_at": datetime.now(UTC), "extraction_failed": reason}
    marked = connection.execute(query.values(**values).returning(VERSIONS.c.id)).first()
    return marked is not None


def failed_query() -> Select[str]:
    """The ids of documents whose latest version's extraction failed, in the order stored."""
    return (
        select(DOCUMENTS.c.id)
        .join(VERSIONS, VERSIONS.c.document_id == DOCUMENTS.c.id)
        .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
        .where(VERSIONS.c.extraction_failed.is_not(None))
        .order_by(VERSIONS.c.id)
    )


def failed_ids(connection: Connection) -> list[str]:
    """Documents whose latest version's extraction failed, in the order they were stored."""
    return list(connection.scalars(failed_query()))


def count_failed(connection: Connection) -> int:
    """How many documents' latest versions failed extraction."""
    return connection.scalar(select(func.count()).select_from(failed_query().subquery())) or 0


def _unfinished() -> list[ColumnElement[bool]]:
    return [
        VERSIONS.c.version == DOCUMENTS.c.latest_version,
        VERSIONS.c.extracted_at.is_(None),
        VERSIONS.c.not_extracted.is_(None),
    ]


def unfinished_ids(connection: Connection) -> list[tuple[str, str | None]]:
    """Documents whose latest version was stored without its claims (a run was killed
    before recording them, or is recording them now), in the order they were stored, each
    with the run that stored it (None: outside a run)."""
    query = (
        select(DOCUMENTS.c.id, VERSIONS.c.stored_by)
        .join(VERSIONS, VERSIONS.c.document_id == DOCUMENTS.c.id)
        .where(*_unfinished())
        .order_by(VERSIONS.c.id)
    )
    return [(row.id, row.stored_by) for row in connection.execute(query)]


def is_extracted(connection: Connection, document_id: str) -> bool:
    """Whether the latest version's extraction is recorded (or it is marked not extracted)."""
    query = (
        select(func.count())
        .select_from(VERSIONS)
        .join(DOCUMENTS, VERSIONS.c.document_id == DOCUMENTS.c.id)
        .where(DOCUMENTS.c.id == document_id, *_unfinished())
    )
    return not connection.scalar(query)


def _stored(
    connection: Connection,
    conditions: list[ColumnElement[bool]],
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[StoredDocument]:
    query = (
        select(VERSIONS, DOCUMENTS.c.url, SOURCES.c.name.label("source_name"))
        .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
        .outerjoin(SOURCES, SOURCES.c.id == DOCUMENTS.c.source_id)
        .where(*conditions)
        .order_by(DOCUMENTS.c.id)
        .offset(offset)
        .limit(limit)
        .execution_options(yield_per=500)
    )
    for row in connection.execute(query):
        yield to_stored(row)


def to_stored(version: Any) -> StoredDocument:
    """A document_versions row with its document's ``url`` and its ``source_name``."""
    ingested = version.ingested_at
    if ingested.tzinfo is None:  # SQLite returns naive datetimes; they were stored as UTC
        ingested = ingested.replace(tzinfo=UTC)
    return StoredDocument(
        document_id=version.document_id,
        version=version.version,
        content_hash=version.content_hash,
        ingested_at=ingested,
        text=version.text,
        id=version.document_id,
        source=version.source_name,
        url=version.url,
        title=version.title,
        author=version.author,
        published_at=version.published_at,
        published_at_estimated=version.published_at_estimated,
        language=version.language,
        origin=version.origin,
        not_extracted=version.not_extracted,
        extraction_failed=version.extraction_failed,
    )
