"""The ledger database: one object the CLI, the pipeline and the HTTP API all call.

``Store`` holds an engine; each method runs on its own pooled connection, and each write in one
transaction that is rolled back and reported as ``StoreError`` on failure. Reads that yield many
rows stream them (the connection stays open while the caller iterates). Statements are
SQLAlchemy Core (``claimledger.store.models`` holds the tables); the ORM is never loaded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from claimledger.errors import StoreError
from claimledger.resolve.keys import name_key
from claimledger.settings import DEFAULT_DB
from claimledger.store import claims as claims_ops
from claimledger.store import consistency, lookups
from claimledger.store import documents as document_ops
from claimledger.store import entities as entity_ops
from claimledger.store import events as event_ops
from claimledger.store import resolution as resolution_ops
from claimledger.store import search as search_ops
from claimledger.store.consistency import Finding
from claimledger.store.engine import is_in_memory, open_engine
from claimledger.store.entities import AliasKey
from claimledger.store.locks import RunLeases, WriterLock
from claimledger.store.models import (
    CLAIMS,
    DOCUMENTS,
    ENTITIES,
    EVENTS,
    MENTIONS,
    SOURCES,
    VERSIONS,
)
from claimledger.store.records import AddResult, StoredDocument
from claimledger.types import Claim, Document, Entity, Event, Mention, TrackRecord

logger = logging.getLogger(__name__)

T = TypeVar("T")

STAT_TABLES = {
    "documents": DOCUMENTS,
    "versions": VERSIONS,
    "sources": SOURCES,
    "entities": ENTITIES,
    "mentions": MENTIONS,
    "claims": CLAIMS,
    "events": EVENTS,
}


class Store:
    """A ledger database (SQLite file or PostgreSQL), migrated to the current schema."""

    def __init__(self, engine: Engine, *, alias_key: AliasKey = name_key) -> None:
        self.engine = engine
        self.alias_key = alias_key
        # An in-memory SQLite database is one connection shared by every thread: calls on it
        # take turns. Other databases give each call its own pooled connection.
        self._turns: AbstractContextManager[object] = (
            threading.RLock() if is_in_memory(engine.url) else nullcontext()
        )
        # Every write holds the ledger-wide writer lock (claimledger.store.locks), so writers
        # in other processes take turns; ``writing()`` holds it over several calls.
        self._writer = WriterLock(engine)
        self._runs = RunLeases(engine)

    @classmethod
    def open(cls, url: str = DEFAULT_DB, *, alias_key: AliasKey = name_key) -> Store:
        """Open (creating and migrating when needed) the database at an SQLAlchemy URL.

        Entity names are indexed by ``claimledger.resolve.keys.name_key`` unless told
        otherwise, so a lookup by any transliteration of a stored name finds it.

        ``alias_key`` turns an entity name into the key ``find_entities`` matches; entity
        resolution may pass its own, and must then use it for the keys it looks up.
        """
        return cls(open_engine(url), alias_key=alias_key)

    def close(self) -> None:
        self._writer.close()
        self.engine.dispose()

    def writing(self) -> AbstractContextManager[None]:
        """Hold the ledger-wide writer lock over several calls (re-entrant): no other process
        writes the ledger meanwhile, so what the caller reads stays current until it writes."""
        return self._writer.held()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self, what: str) -> Iterator[Connection]:
        """A connection in one transaction: committed at the end, rolled back on any error."""
        with self._writer.held(), self._turns:
            try:
                with self.engine.begin() as connection:
                    yield connection
            except SQLAlchemyError as exc:
                raise StoreError(f"could not {what}: {_reason(exc)}; nothing was changed") from exc

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self._turns:
            try:
                with self.engine.connect() as connection:
                    yield connection
            except SQLAlchemyError as exc:
                raise StoreError(f"could not read the ledger: {_reason(exc)}") from exc

    def _stream(self, fetch: Callable[[Connection], Iterable[T]]) -> Iterator[T]:
        """Yield what ``fetch`` reads, streamed from an open connection; an in-memory database
        is read whole first, so no thread holds its turn while the caller iterates."""
        if isinstance(self._turns, nullcontext):
            with self._reading() as connection:
                yield from fetch(connection)
            return
        with self._reading() as connection:
            items = list(fetch(connection))
        yield from items

    # Documents

    def add_document(
        self, doc: Document, *, not_extracted: str | None = None, run: str | None = None
    ) -> AddResult:
        """Store a document in one transaction: new, already present, or a new version.

        ``not_extracted`` says why a new version will give no claims (``"language de"``, see
        ``claimledger.languages``); it is shown with the document and counted in the stats.
        ``run`` is the id of the run storing it (``run_lease``), which will extract it.
        """
        where = doc.origin or doc.id or doc.url or doc.content_hash[:16]
        try:
            with self._transaction(f"store the document {where!r}") as connection:
                return document_ops.add_document(connection, doc, not_extracted, run)
        except StoreError as exc:
            # Another writer may have stored the same text meanwhile: that is "present".
            if not isinstance(exc.__cause__, IntegrityError):
                raise
            with self._reading() as connection:
                present = document_ops.present_version(connection, doc.content_hash)
            if present is None:
                raise
            return present

    def unfinished_documents(self, *, abandoned: bool = False) -> list[str]:
        """Ids of documents stored without their claims (a run was killed before recording
        them), in the order they were stored; documents marked not extracted are not listed.
        ``abandoned``: only those no live run is extracting (see ``run_lease``)."""
        with self._reading() as connection:
            found = document_ops.unfinished_ids(connection)
        if not abandoned:
            return [document_id for document_id, _ in found]
        alive = {run: self._runs.alive(run) for run in {r for _, r in found if r is not None}}
        return [document_id for document_id, run in found if run is None or not alive[run]]

    def run_lease(self) -> AbstractContextManager[str]:
        """A new ingest run's id, held as alive (across processes) until the block ends; the
        documents it stores (``add_document(run=...)``) are not resumed by other writers
        meanwhile (``unfinished_documents(abandoned=True)``). A killed run's lease ends with
        its process."""
        return self._runs.held()

    def mark_extraction_failed(
        self, document_id: str, reason: str, *, unless_done: bool = False
    ) -> bool:
        """Record that extracting the document's latest version raised, and why: it is then
        neither read again by a resume nor by re-ingesting it, only by an explicit
        re-extraction (``failed_documents``); ``unless_done``: not when its extraction was
        recorded meanwhile (by another writer). Whether the mark was written."""
        with self._transaction(f"mark the extraction of {document_id!r} failed") as connection:
            return document_ops.mark_extraction_failed(
                connection, document_id, reason, unless_done=unless_done
            )

    def failed_documents(self) -> list[str]:
        """Ids of documents whose latest version failed extraction, in the order stored."""
        with self._reading() as connection:
            return document_ops.failed_ids(connection)

    def count_failed_documents(self) -> int:
        with self._reading() as connection:
            return document_ops.count_failed(connection)

    def is_extracted(self, document_id: str) -> bool:
        """Whether the latest version's claims are recorded (or it is marked not extracted)."""
        with self._reading() as connection:
            return document_ops.is_extracted(connection, document_id)

    def get_document(
        self, document_id: str, *, version: int | None = None
    ) -> StoredDocument | None:
        """The latest version of a document (or the given version), or None when unknown."""
        with self._reading() as connection:
            return document_ops.get_document(connection, document_id, version)

    def published_dates(self, document_ids: Iterable[str]) -> dict[str, date]:
        """Publication dates of documents' latest versions, by id (undated ones left out)."""
        with self._reading() as connection:
            return document_ops.published_dates(connection, document_ids)

    def document_sources(self, document_ids: Iterable[str]) -> dict[str, str]:
        """The publisher of each of these documents that names one, by id."""
        with self._reading() as connection:
            return document_ops.document_sources(connection, document_ids)

    def iter_documents(
        self, *, limit: int | None = None, offset: int = 0
    ) -> Iterator[StoredDocument]:
        """The latest version of every document, in id order, streamed."""
        yield from self._stream(lambda s: document_ops.iter_documents(s, limit, offset))

    def stats(self) -> dict[str, int]:
        """Row counts: documents, versions, sources, entities, mentions, claims, events."""
        with self._reading() as connection:
            return {
                name: connection.scalar(select(func.count()).select_from(table)) or 0
                for name, table in STAT_TABLES.items()
            }

    def not_extracted_counts(self) -> dict[str, int]:
        """Documents stored but not extracted (latest versions), by language: {"de": 12}."""
        with self._reading() as connection:
            return document_ops.not_extracted_counts(connection)

    # Claims and mentions

    def replace_claims(
        self, document_id: str, claims: Sequence[Claim], mentions: Sequence[Mention] = ()
    ) -> list[Claim]:
        """Replace the claims and mentions of a document's latest version in one transaction;
        returns the claims with their ids (kept when given, else derived)."""
        with self._transaction(f"store the claims of {document_id!r}") as connection:
            version = claims_ops.latest_version(connection, document_id)
            earlier = claims_ops.version_subjects(connection, version.id)
            stored = claims_ops.replace_claims(connection, document_id, claims, mentions, version)
            resolution_ops.mark_stale(connection, earlier | {c.subject_id or "" for c in stored})
            document_ops.mark_extracted(connection, version.id)
            return stored

    def iter_claims(
        self,
        *,
        subject_id: str | None = None,
        predicate: str | None = None,
        document_id: str | None = None,
        subject_ids: Sequence[str] | None = None,
    ) -> Iterator[Claim]:
        """Claims of the documents' latest versions, filtered, in document and text order;
        ``subject_ids``: about any of these entities (a few hundred at most)."""
        yield from self._stream(
            lambda s: claims_ops.iter_claims(s, subject_id, predicate, document_id, subject_ids)
        )

    def count_claims(self) -> int:
        """How many claims ``iter_claims`` gives (the latest versions'; ``stats`` counts the
        older versions' too, which stay on record)."""
        with self._reading() as connection:
            return claims_ops.count_claims(connection)

    def subject_ids(self) -> list[str]:
        """Every entity that some claim (on a latest version) is about, sorted."""
        with self._reading() as connection:
            return claims_ops.subject_ids(connection)

    def search_claims(self, query: str, *, limit: int = 50) -> list[tuple[Claim, float]]:
        """Claims whose quote, subject, claimant or predicate share words with ``query``,
        best first, with the full-text score (higher is better; comparable within one call)."""
        with self._reading() as connection:
            return search_ops.search_claims(connection, query, limit)

    def iter_mentions(self, document_id: str) -> Iterator[Mention]:
        """Mentions of a document's latest version, in text order."""
        yield from self._stream(lambda s: claims_ops.iter_mentions(s, document_id))

    # Entities

    def upsert_entities(self, entities: Sequence[Entity]) -> None:
        """Insert or update entities by id, replacing their aliases, in one transaction."""
        with self._transaction(f"store {len(entities)} entities") as connection:
            entity_ops.upsert_entities(connection, entities, self.alias_key)

    def iter_entities(self) -> Iterator[Entity]:
        yield from self._stream(entity_ops.iter_entities)

    def find_entities(self, alias_key: str) -> list[Entity]:
        """Entities with a name or alias whose key (see ``alias_key``) equals ``alias_key``."""
        with self._reading() as connection:
            return entity_ops.find_entities(connection, alias_key)

    def find_entities_by_keys(self, alias_keys: Iterable[str]) -> dict[str, list[Entity]]:
        """``find_entities`` of many keys in a few queries: key -> entities (id order)."""
        with self._reading() as connection:
            return entity_ops.find_entities_by_keys(connection, alias_keys)

    def get_entities(self, entity_ids: Iterable[str]) -> list[Entity]:
        """The entities with these ids (those that exist), in id order."""
        with self._reading() as connection:
            return entity_ops.get_entities(connection, entity_ids)

    def find_entities_with_words(self, key_words: Sequence[str]) -> list[Entity]:
        """Entities with a name or alias whose key has all of ``key_words`` (the words of an
        ``alias_key``): "Zebari" finds "Hoshyar Zebari", in any spelling."""
        with self._reading() as connection:
            return entity_ops.find_entities_with_words(connection, key_words)

    # Entity resolution

    def iter_entity_index(self) -> Iterator[dict[str, Any]]:
        """The resolver's records (see ``claimledger.resolve.EntityIndex.from_records``)."""
        yield from self._stream(resolution_ops.iter_index_records)

    def index_seq(self) -> int:
        """The number of the last write to the resolver's records (see ``index_changes``)."""
        with self._reading() as connection:
            return resolution_ops.index_seq(connection)

    def index_changes(self, since: int) -> tuple[list[dict[str, Any]], int]:
        """Resolver records written after write number ``since``, and the last number: what
        other writers changed since this one last looked (read it under ``writing()``)."""
        with self._reading() as connection:
            return resolution_ops.index_records_since(connection, since), resolution_ops.index_seq(
                connection
            )

    def stale_subjects(self) -> list[str]:
        """Subjects whose claims changed since their events were last assessed."""
        with self._reading() as connection:
            return resolution_ops.stale_subjects(connection)

    def record_extraction(
        self,
        document_id: str,
        claims: Sequence[Claim],
        mentions: Sequence[Mention],
        *,
        entities: Sequence[Entity] = (),
        index_records: Sequence[Mapping[str, Any]] = (),
        redirects: Mapping[str, str] | None = None,
        estimated_date: date | None = None,
        not_extracted: str | None = None,
        index_seq: int | None = None,
    ) -> list[Claim]:
        """Store a document's claims and mentions with the entities they name, in one
        transaction; ``redirects`` (merged id -> kept id) repoint earlier claims and events;
        ``estimated_date`` (from the text) fills in a publication date the input lacked;
        ``not_extracted`` (why the document gives no claims, with none given) marks the
        version, and ``None`` clears an earlier mark. The version is marked extracted, and the
        subjects whose claims changed are noted for reassessment (``stale_subjects``), in the
        same transaction; ``index_seq`` numbers the write of ``index_records`` (the next
        number when None)."""
        if not_extracted is not None and (claims or mentions):
            raise StoreError(
                f"document {document_id!r} is marked not extracted ({not_extracted}) "
                "but was given claims or mentions; give none, or no reason"
            )
        with self._transaction(f"store the extraction of {document_id!r}") as connection:
            version = claims_ops.latest_version(connection, document_id)
            earlier = claims_ops.version_subjects(connection, version.id)
            claims_ops.mark_not_extracted(connection, version, not_extracted)
            stored = claims_ops.replace_claims(connection, document_id, claims, mentions, version)
            if estimated_date is not None and version.published_at is None:
                claims_ops.estimate_date(connection, version, estimated_date)
            resolution_ops.save_index_records(connection, index_records, index_seq)
            resolution_ops.apply_redirects(connection, redirects or {})
            entity_ops.upsert_entities(connection, entities, self.alias_key)
            changed = earlier | {c.subject_id for c in stored if c.subject_id}
            resolution_ops.mark_stale(connection, changed | set((redirects or {}).values()))
            document_ops.mark_extracted(connection, version.id)
            return stored

    def save_entities(
        self, entities: Sequence[Entity], index_records: Sequence[Mapping[str, Any]]
    ) -> None:
        """Store entities with their resolver records (a watchlist import) in one transaction."""
        with self._transaction(f"store {len(entities)} entities") as connection:
            resolution_ops.save_index_records(connection, index_records)
            entity_ops.upsert_entities(connection, entities, self.alias_key)

    # Events

    def replace_events(
        self,
        events: Sequence[Event],
        *,
        subject_id: str | None = None,
        subject_ids: Sequence[str] | None = None,
        claims: Mapping[str, Claim] | None = None,
        origins: Mapping[str, str] | None = None,
    ) -> None:
        """Replace all events, or one subject's, or those of several subjects
        (``subject_ids``), in one transaction; sets each claim's event.

        ``claims`` (stored claims by id) spares reading the events' claims again when the caller
        has just read them to assess the events; it must hold every stored claim they list.
        ``origins`` (claim id -> origin) are claims' origins traced again (after a change of
        the origin rules), stored in the same transaction.
        """
        if subject_id is not None and subject_ids is not None:
            raise ValueError("give subject_id or subject_ids, not both")
        subjects = [subject_id] if subject_id is not None else subject_ids
        scope = f"of {subject_id!r}" if subject_id is not None else ""
        if subject_ids is not None:
            scope = f"of {len(subject_ids)} subjects"
        with self._transaction(f"store {len(events)} events {scope}".strip()) as connection:
            if origins:
                event_ops.set_origins(connection, origins)
            # Origin track records move with the events (claimledger.store.lookups).
            lookups.forget_origins(connection, subjects)
            event_ops.replace_events(connection, events, subjects)
            lookups.record_origins(connection, events, claims)
            resolution_ops.clear_stale(connection, subjects)

    def assessor_counts(self) -> dict[str, int]:
        """How many events each rule set decided (``Event.assessor`` -> count)."""
        with self._reading() as connection:
            return event_ops.assessor_counts(connection)

    def iter_events(
        self, *, subject_id: str | None = None, subject_ids: Sequence[str] | None = None
    ) -> Iterator[Event]:
        """Events in id order: all, one subject's, or those of several (a few hundred)."""
        yield from self._stream(lambda s: event_ops.iter_events(s, subject_id, subject_ids))

    # Indexed lookups for `check` (claimledger.store.lookups)

    def claims_by_ids(self, ids: Iterable[str]) -> list[Claim]:
        """Claims with these ids (on documents' latest versions), in document and text order."""
        with self._reading() as connection:
            return lookups.claims_by_ids(connection, ids)

    def claims_by_origin(self, origin_keys: Iterable[str]) -> list[Claim]:
        """Claims traced to origins with these ``ledger.origin_key``s, in document and text
        order (an indexed read)."""
        with self._reading() as connection:
            return lookups.claims_by_origin(connection, origin_keys)

    def get_events(self, event_ids: Iterable[str]) -> list[Event]:
        """The events with these ids (those that exist), in id order."""
        with self._reading() as connection:
            return event_ops.events_by_ids(connection, event_ids)

    def subject_events(self, subject_id: str) -> list[Event]:
        """One subject's events, as ``iter_events(subject_id=...)`` gives them, read at once
        with indexed queries (for ``check``)."""
        with self._reading() as connection:
            return lookups.subject_events(connection, subject_id)

    def track_records(self, origin_keys: Iterable[str] | None = None) -> list[TrackRecord]:
        """Track records of origins by ``ledger.origin_key`` (all when None), most active
        first; kept up to date by ``replace_events``."""
        with self._reading() as connection:
            return lookups.track_records(connection, origin_keys)

    def event_origin_keys(self, event_ids: Iterable[str]) -> dict[str, list[str]]:
        """Event id -> origin keys of its supporting claims (for `check`'s explanations)."""
        with self._reading() as connection:
            return lookups.event_origin_keys(connection, event_ids)

    def origin_events(self, origin_key: str) -> list[tuple[str, str]]:
        """(event id, status) of the events behind one origin's track record."""
        with self._reading() as connection:
            return lookups.origin_events(connection, origin_key)

    def check_consistency(self) -> list[Finding]:
        """The ledger's consistency checks (``claimledger.store.consistency``), in order."""
        with self._reading() as connection:
            return list(consistency.run_checks(connection))

    def rebuild_track_records(self) -> int:
        """Recompute every origin's track record from the stored events and claims."""
        with self._transaction("rebuild the origins' track records") as connection:
            return lookups.rebuild_origins(connection)


def _reason(exc: SQLAlchemyError) -> str:
    """The database's own message, first line only (SQLAlchemy appends the SQL and a link)."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
