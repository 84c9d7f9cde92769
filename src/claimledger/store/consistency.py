"""The ledger's consistency checks: what ``claimledger check-ledger`` runs on any ledger.

Each check is one query (or one pass) over the stored rows and gives a ``Finding``: how many rows
are wrong, what that means and what repairs it, with a few example ids. The database's own check
(``PRAGMA integrity_check`` and ``foreign_key_check`` on SQLite) comes first; the others are the
ledger's invariants: every claim's and mention's document version exists, every event's claims
exist, the origin tallies are the sums of the events' origins, no document is stored without its
claims (a killed run) or failed extraction, no subject's events are out of date, no event was
decided by older rules than this release's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, and_, exists, func, select, text

from claimledger.assess.facts import ASSESSOR
from claimledger.store import documents as document_ops
from claimledger.store import events as event_ops
from claimledger.store.lookups import claims_by_ids, stored_event_origins
from claimledger.store.models import (
    CLAIMS,
    DOCUMENTS,
    ENTITIES,
    ENTITY_INDEX,
    EVENT_CLAIMS,
    EVENT_ORIGINS,
    EVENTS,
    MENTIONS,
    ORIGIN_TALLIES,
    STALE_SUBJECTS,
    VERSIONS,
)
from claimledger.store.records import batches

EXAMPLES = 5  # example ids per finding
BATCH = 500
STATUSES = ("confirmed", "refuted", "disputed", "unverified")


@dataclass(frozen=True, slots=True)
class Finding:
    """The result of one check: ``problems`` rows (0 when the ledger passes it)."""

    check: str
    problems: int
    meaning: str
    repair: str = ""
    examples: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problems == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "ok": self.ok,
            "problems": self.problems,
            "meaning": self.meaning,
            "repair": self.repair if not self.ok else "",
            "examples": self.examples,
        }


REINGEST = "run `claimledger check-ledger --repair` (or any `claimledger ingest`)"


def run_checks(connection: Connection) -> Iterator[Finding]:
    """Every check, in order (the database's own first)."""
    for check in CHECKS:
        yield check(connection)


def database_integrity(connection: Connection) -> Finding:
    meaning = "the database's own integrity check (SQLite: integrity_check, foreign_key_check)"
    if connection.dialect.name != "sqlite":
        # PostgreSQL guards its pages itself (checksums, WAL); nothing to ask it here.
        return Finding("database integrity", 0, meaning + "; PostgreSQL: nothing to run")
    found = [str(r[0]) for r in connection.execute(text("PRAGMA integrity_check"))]
    bad = [r for r in found if r != "ok"]
    keys = [
        f"{r[0]} row {r[1]} -> {r[2]}" for r in connection.execute(text("PRAGMA foreign_key_check"))
    ]
    return Finding(
        "database integrity",
        len(bad) + len(keys),
        meaning,
        "restore the file from a backup, or ingest its inputs again into a new ledger",
        (bad + keys)[:EXAMPLES],
    )


def _rows(
    connection: Connection, query: Select[Any], name: str, meaning: str, repair: str
) -> Finding:
    """A finding whose problems are the rows ``query`` selects (one id column)."""
    count = connection.scalar(select(func.count()).select_from(query.subquery())) or 0
    examples = [str(r) for r in connection.scalars(query.limit(EXAMPLES))] if count else []
    return Finding(name, count, meaning, repair, examples)


def documents_without_version(connection: Connection) -> Finding:
    latest = exists().where(
        VERSIONS.c.document_id == DOCUMENTS.c.id,
        VERSIONS.c.version == DOCUMENTS.c.latest_version,
    )
    return _rows(
        connection,
        select(DOCUMENTS.c.id).where(~latest).order_by(DOCUMENTS.c.id),
        "documents without their latest version",
        "a document names a latest version that is not stored",
        "ingest the document again",
    )


def claims_without_document(connection: Connection) -> Finding:
    version = exists().where(VERSIONS.c.id == CLAIMS.c.document_version_id)
    return _rows(
        connection,
        select(CLAIMS.c.id).where(~version).order_by(CLAIMS.c.id),
        "claims without their document",
        "a claim's document version is not stored",
        "ingest the document again, or `claimledger extract --all`",
    )


def mentions_without_document(connection: Connection) -> Finding:
    version = exists().where(VERSIONS.c.id == MENTIONS.c.document_version_id)
    return _rows(
        connection,
        select(MENTIONS.c.id).where(~version).order_by(MENTIONS.c.id),
        "mentions without their document",
        "a mention's document version is not stored",
        "`claimledger extract --all`",
    )


def unfinished_documents(connection: Connection) -> Finding:
    query = (
        select(DOCUMENTS.c.id)
        .join(VERSIONS, VERSIONS.c.document_id == DOCUMENTS.c.id)
        .where(
            VERSIONS.c.version == DOCUMENTS.c.latest_version,
            VERSIONS.c.extracted_at.is_(None),
            VERSIONS.c.not_extracted.is_(None),
        )
        .order_by(VERSIONS.c.id)
    )
    return _rows(
        connection,
        query,
        "documents stored without their claims",
        "stored, but their claims were never recorded (a run was killed, or it was ingested "
        "with --no-extract)",
        REINGEST,
    )


def failed_extractions(connection: Connection) -> Finding:
    return _rows(
        connection,
        document_ops.failed_query(),
        "documents whose extraction failed",
        "extracting them raised, so they give no claims (`claimledger documents list --json` "
        "says why); later ingests do not try them again",
        "`claimledger extract --retry-failed` once the cause is fixed (e.g. a newer claimledger)",
    )


def stale_subjects(connection: Connection) -> Finding:
    return _rows(
        connection,
        select(STALE_SUBJECTS.c.subject_id).order_by(STALE_SUBJECTS.c.subject_id),
        "subjects with events out of date",
        "their claims changed after their events were last assessed (a run was killed)",
        REINGEST + ", or `claimledger reassess`",
    )


REASSESS = (
    "`claimledger reassess --replay-history` (statuses, dated histories and origins by "
    "this release's rules)"
)


def outdated_assessments(connection: Connection) -> Finding:
    """Events decided by an older rule set than this release's (``assess.facts.ASSESSOR``):
    a ledger built before a change of the rules keeps its old answers until reassessed."""
    return _rows(
        connection,
        select(EVENTS.c.id).where(EVENTS.c.assessor != ASSESSOR).order_by(EVENTS.c.id),
        "events assessed by older rules",
        f"their statuses, histories and origins were decided by rules older than {ASSESSOR}",
        REASSESS,
    )


def events_with_missing_claims(connection: Connection) -> Finding:
    claim = exists().where(CLAIMS.c.id == EVENT_CLAIMS.c.claim_id)
    query = (
        select(EVENT_CLAIMS.c.event_id).where(~claim).distinct().order_by(EVENT_CLAIMS.c.event_id)
    )
    return _rows(
        connection,
        query,
        "events with missing claims",
        "an event lists a claim that is not stored",
        "`claimledger reassess`",
    )


def events_without_claims(connection: Connection) -> Finding:
    member = exists().where(
        and_(EVENT_CLAIMS.c.event_id == EVENTS.c.id, EVENT_CLAIMS.c.role == "claim")
    )
    return _rows(
        connection,
        select(EVENTS.c.id).where(~member).order_by(EVENTS.c.id),
        "events without claims",
        "an event no stored claim supports",
        "`claimledger reassess`",
    )


def claims_with_missing_event(connection: Connection) -> Finding:
    event = exists().where(EVENTS.c.id == CLAIMS.c.event_id)
    query = select(CLAIMS.c.id).where(CLAIMS.c.event_id.is_not(None), ~event).order_by(CLAIMS.c.id)
    return _rows(
        connection,
        query,
        "claims pointing at a missing event",
        "a claim's event is not stored",
        "`claimledger reassess`",
    )


def claims_with_unknown_subject(connection: Connection) -> Finding:
    entity = exists().where(ENTITIES.c.id == CLAIMS.c.subject_id)
    query = (
        select(CLAIMS.c.id).where(CLAIMS.c.subject_id.is_not(None), ~entity).order_by(CLAIMS.c.id)
    )
    return _rows(
        connection,
        query,
        "claims about unknown entities",
        "a claim's subject is not a stored entity (nor merged into one)",
        "`claimledger extract --all`",
    )


def dangling_redirects(connection: Connection) -> Finding:
    target = ENTITY_INDEX.alias("target")
    query = (
        select(ENTITY_INDEX.c.id)
        .where(ENTITY_INDEX.c.merged_into.is_not(None))
        .where(~exists().where(target.c.id == ENTITY_INDEX.c.merged_into))
        .order_by(ENTITY_INDEX.c.id)
    )
    return _rows(
        connection,
        query,
        "merges into missing entities",
        "the resolver's record says an entity was merged into one it does not know",
        "ingest into a new ledger",
    )


def origin_tallies(connection: Connection) -> Finding:
    """The stored tallies against the sums of the stored event origins, and those against
    the origins the events' claims give (the rules of ``claimledger.ledger``)."""
    wanted = _stored_origin_sums(connection)
    found: Counter[tuple[str, str, str]] = Counter()
    for row in connection.execute(select(ORIGIN_TALLIES)):
        for status in STATUSES:
            if getattr(row, status):
                found[(row.origin_key, row.origin_name, status)] = getattr(row, status)
    wrong = [
        f"{k[1]} ({k[2]}): {found[k]} stored, {wanted[k]} counted"
        for k in sorted(set(wanted) | set(found))
        if found[k] != wanted[k]
    ]
    recount = _recounted_origins(connection)
    stored = {
        (r.event_id, r.origin_key, r.status)
        for r in connection.execute(
            select(EVENT_ORIGINS.c.event_id, EVENT_ORIGINS.c.origin_key, EVENT_ORIGINS.c.status)
        )
    }
    stale = sorted(stored ^ recount)
    wrong += [f"event {e} origin {o} ({s})" for e, o, s in stale]
    return Finding(
        "origin tallies",
        len(wrong),
        "origins' track records match their events (tallies = the events' independent origins)",
        "`claimledger reassess`",
        wrong[:EXAMPLES],
    )


def _stored_origin_sums(connection: Connection) -> Counter[tuple[str, str, str]]:
    query = select(
        EVENT_ORIGINS.c.origin_key,
        EVENT_ORIGINS.c.origin_name,
        EVENT_ORIGINS.c.status,
        func.count(),
    ).group_by(EVENT_ORIGINS.c.origin_key, EVENT_ORIGINS.c.origin_name, EVENT_ORIGINS.c.status)
    return Counter({(k, n, s): c for k, n, s, c in connection.execute(query)})


def _recounted_origins(connection: Connection) -> set[tuple[str, str, str]]:
    found: set[tuple[str, str, str]] = set()
    events = list(event_ops.iter_events(connection))
    for chunk in batches(events, BATCH):
        wanted = {c for event in chunk for c in event.claims}
        claims = {c.id: c for c in claims_by_ids(connection, wanted) if c.id}
        recounted = stored_event_origins(connection, chunk, claims)
        found |= {(o.event_id, o.origin_key, o.status) for o in recounted}
    return found


CHECKS: tuple[Callable[[Connection], Finding], ...] = (
    database_integrity,
    documents_without_version,
    claims_without_document,
    mentions_without_document,
    unfinished_documents,
    failed_extractions,
    stale_subjects,
    outdated_assessments,
    events_with_missing_claims,
    events_without_claims,
    claims_with_missing_event,
    claims_with_unknown_subject,
    dangling_redirects,
    origin_tallies,
)
