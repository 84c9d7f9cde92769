"""Read views for the HTTP API and the web pages: listings with filters, one document's claims.

Filters that the store indexes (subject, predicate, document) go to SQL as bound parameters;
the rest (status, origin, dates) are applied to the typed records here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import islice

from claimledger.ledger import (
    origin_key,
)
from claimledger.queries.origins import claim_origin
from claimledger.queries.timeline import event_order
from claimledger.store import Store
from claimledger.store.records import StoredDocument
from claimledger.types import Claim, Event


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What `list_claims` keeps; every field is optional and they combine with AND.

    ``since``/``until`` keep claims whose time overlaps the range (undated claims are left
    out when either is given).
    """

    subject_id: str | None = None
    predicate: str | None = None
    status: str | None = None
    origin: str | None = None
    document_id: str | None = None
    since: date | None = None
    until: date | None = None

    def keeps(self, claim: Claim, statuses: dict[str, str]) -> bool:
        if self.status is not None and statuses.get(claim.event_id or "") != self.status:
            return False
        if self.origin is not None and origin_key(claim_origin(claim)) != origin_key(self.origin):
            return False
        if self.since is None and self.until is None:
            return True
        if claim.when is None:
            return False
        return (self.since is None or claim.when.end >= self.since) and (
            self.until is None or claim.when.start <= self.until
        )


def event_statuses(store: Store, subject_id: str | None = None) -> dict[str, str]:
    """Event id -> status, for one subject or the whole ledger."""
    return {e.id: e.status for e in store.iter_events(subject_id=subject_id)}


def list_claims(
    store: Store, filters: ClaimFilter, *, limit: int | None = None, offset: int = 0
) -> list[Claim]:
    """Claims that pass ``filters``, in document and text order, one page of them."""
    statuses = event_statuses(store, filters.subject_id) if filters.status else {}
    claims = store.iter_claims(
        subject_id=filters.subject_id,
        predicate=filters.predicate,
        document_id=filters.document_id,
    )
    kept = (c for c in claims if filters.keeps(c, statuses))
    stop = None if limit is None else offset + limit
    return list(islice(kept, offset, stop))


def list_events(
    store: Store,
    *,
    subject_id: str | None = None,
    status: str | None = None,
    predicate: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Event]:
    """Events, oldest first (undated last), filtered by subject, status and predicate."""
    events = [
        e
        for e in store.iter_events(subject_id=subject_id)
        if status in (None, e.status) and predicate in (None, e.predicate)
    ]
    events.sort(key=event_order)
    return events[offset : None if limit is None else offset + limit]


def recent_events(store: Store, limit: int = 10) -> list[Event]:
    """The latest dated events (by the end of their time span), newest first."""
    dated = [e for e in store.iter_events() if e.when is not None]
    dated.sort(key=lambda e: (e.when.end if e.when else date.min, e.id), reverse=True)
    return dated[:limit]


@dataclass(frozen=True, slots=True)
class DocumentClaims:
    """A stored document with its claims (text order) and the events they belong to."""

    document: StoredDocument
    claims: tuple[Claim, ...]
    events: dict[str, Event]


def document_with_claims(store: Store, document_id: str) -> DocumentClaims | None:
    doc = store.get_document(document_id)
    if doc is None:
        return None
    claims = tuple(store.iter_claims(document_id=doc.document_id))
    events = {e.id: e for e in store.get_events({c.event_id for c in claims if c.event_id})}
    return DocumentClaims(doc, claims, events)
