"""Exports in other tools' formats: schema.org ClaimReview JSON-LD per event, and CSV of claims.

ClaimReview (https://schema.org/ClaimReview) is what fact-checking organisations publish and
search engines read. One event becomes one review: ``claimReviewed`` is a sentence built from
the event, ``itemReviewed`` is a ``Claim`` whose ``author`` is the origin that first made it and
whose ``appearance`` lists the documents it appeared in, and ``reviewRating`` carries the status
as ``alternateName`` and the assessor's reason as ``ratingExplanation``.

Rating scale (``worstRating`` 1, ``bestRating`` 4), ordered by how well the evidence supports
the claim: refuted = 1, disputed = 2 (claimed and contradicted), unverified = 3 (claimed,
nothing either way), confirmed = 4.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

from claimledger.ledger import UNNAMED_REPORTS, document_of, is_recounted
from claimledger.output import safe_row
from claimledger.queries import (
    TimelineEvent,
    claim_origin,
    event_detail,
    find_entities,
    get_entity,
    list_events,
)
from claimledger.store import Store
from claimledger.store.records import StoredDocument
from claimledger.types import Claim, Entity, Event
from claimledger.web.chart import span_label

logger = logging.getLogger(__name__)

SCHEMA_ORG = "https://schema.org"
RATING_VALUES = {"refuted": 1, "disputed": 2, "unverified": 3, "confirmed": 4}
WORST_RATING = 1
BEST_RATING = 4
SUPPORTING = ("asserted", "hedged")

# How each predicate reads in "<name> ..." sentences.
_PHRASES = {
    "killed": "was killed",
    "died": "died",
    "wounded": "was wounded",
    "poisoned": "was poisoned",
    "captured": "was captured",
    "arrested": "was arrested",
    "detained": "was detained",
    "released": "was released",
    "charged": "was charged",
    "tried": "was tried",
    "convicted": "was convicted",
    "sentenced": "was sentenced",
    "appointed": "was appointed",
    "moved": "moved",
    "alive": "was alive",
}


def event_sentence(event: Event, subject: str) -> str:
    """The event as the claim a reader would check: "X was killed in Raqqa (May 2017)"."""
    words = [subject, _PHRASES.get(event.predicate, event.predicate)]
    if event.where:
        words.append(("to " if event.predicate == "moved" else "in ") + event.where)
    if event.when is not None:
        words.append(f"({span_label(event.when)})")
    return " ".join(words)


def claim_review(
    detail: TimelineEvent,
    subject: Entity | None,
    documents: Mapping[str, StoredDocument],
    *,
    authors: Mapping[str, dict[str, Any]] | None = None,
    base_url: str | None = None,
) -> dict[str, Any]:
    """One event as a schema.org ClaimReview (JSON-LD object).

    ``documents`` maps document ids to the stored documents the claims come from;
    ``authors`` maps origin names to schema.org Person/Organization objects (an origin not in
    it becomes an Organization); ``base_url`` makes ``url`` point at the event's web page.
    """
    event = detail.event
    name = subject.name if subject else event.subject_id
    support = [c for c in detail.claims if c.modality in SUPPORTING] or list(detail.claims)
    first = _earliest(support, documents)
    review: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "identifier": event.id,
        "claimReviewed": event_sentence(event, name),
        "itemReviewed": _item_reviewed(detail.claims, first, documents, authors or {}),
        "author": {"@type": "Organization", "name": "claimledger", "description": event.assessor},
        "datePublished": _review_date(event),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[event.status],
            "worstRating": WORST_RATING,
            "bestRating": BEST_RATING,
            "alternateName": event.status,
            "ratingExplanation": event.status_reason,
        },
    }
    if base_url:
        review["url"] = f"{base_url.rstrip('/')}/events/{event.id}"
    return review


def _earliest(claims: list[Claim], documents: Mapping[str, StoredDocument]) -> Claim | None:
    def key(claim: Claim) -> tuple[str, str, int]:
        doc = documents.get(claim.document_id)
        published = doc.published_at.isoformat() if doc and doc.published_at else "9999"
        return (published, claim.document_id, claim.start)

    return min(claims, key=key) if claims else None


def _item_reviewed(
    claims: Iterable[Claim],
    first: Claim | None,
    documents: Mapping[str, StoredDocument],
    authors: Mapping[str, dict[str, Any]],
) -> dict[str, Any]:
    doc_ids = list(dict.fromkeys(c.document_id for c in claims))
    item: dict[str, Any] = {
        "@type": "Claim",
        "appearance": [_creative_work(d, documents.get(d)) for d in doc_ids],
    }
    if first is not None:
        origin = claim_origin(first)
        item["author"] = authors.get(origin) or _origin_author(origin, documents)
        item["firstAppearance"] = _creative_work(
            first.document_id, documents.get(first.document_id)
        )
        doc = documents.get(first.document_id)
        if doc is not None and doc.published_at is not None:
            item["datePublished"] = doc.published_at.isoformat()
    return item


def _creative_work(document_id: str, doc: StoredDocument | None) -> dict[str, Any]:
    """A document as a CreativeWork: its URL, or a URN naming the document id."""
    url = doc.url if doc is not None and doc.url else f"urn:claimledger:document:{document_id}"
    work: dict[str, Any] = {"@type": "CreativeWork", "url": url}
    if doc is not None:
        if doc.title:
            work["headline"] = doc.title
        if doc.published_at:
            work["datePublished"] = doc.published_at.isoformat()
        if doc.source:
            work["publisher"] = {"@type": "Organization", "name": doc.source}
    return work


def _origin_author(origin: str, documents: Mapping[str, StoredDocument]) -> dict[str, Any]:
    """An origin that no entity names: a document's own voice is its publisher; the reports
    it recounts without naming anyone are unnamed reports, as that document tells them."""
    document_id = document_of(origin)
    if document_id is not None:
        doc = documents.get(document_id)
        name = (doc.source or doc.title) if doc is not None else None
        if is_recounted(origin):
            return {"@type": "Organization", "name": f"{UNNAMED_REPORTS} in {name or document_id}"}
        return {"@type": "Organization", "name": name or origin}
    return {"@type": "Organization", "name": origin}


def _review_date(event: Event) -> str | None:
    """When the status was last decided: the day of the news behind the last history step."""
    return event.history[-1].at[:10] if event.history else None


def author_for(store: Store, origin: str) -> dict[str, Any]:
    """An origin as a schema.org Person when the ledger knows it as a person, else an
    Organization."""
    if origin.startswith("doc:"):
        return {}
    known = find_entities(store, origin)
    kind = "Person" if known and known[0].type == "person" else "Organization"
    return {"@type": kind, "name": origin}


def event_review(store: Store, event_id: str, *, base_url: str | None = None) -> dict | None:
    """The ClaimReview of one stored event, or None when there is no such event."""
    detail = event_detail(store, event_id)
    if detail is None:
        return None
    return _review_of(store, detail, base_url)


def _review_of(store: Store, detail: TimelineEvent, base_url: str | None) -> dict[str, Any]:
    doc_ids = {c.document_id for c in detail.claims}
    documents = {d: doc for d in doc_ids if (doc := store.get_document(d)) is not None}
    authors = {o: a for o in detail.origins if (a := author_for(store, o))}
    subject = get_entity(store, detail.event.subject_id)
    return claim_review(detail, subject, documents, authors=authors, base_url=base_url)


def iter_reviews(store: Store, *, base_url: str | None = None) -> Iterator[dict[str, Any]]:
    """A ClaimReview for every event in the ledger, oldest event first."""
    for event in list_events(store):
        detail = event_detail(store, event.id)
        if detail is not None:
            yield _review_of(store, detail, base_url)


# CSV of claims: one row per claim, the export contract's claim fields flattened.

CSV_FIELDS = (
    "id",
    "document_id",
    "subject",
    "subject_id",
    "predicate",
    "when_start",
    "when_end",
    "when_text",
    "where",
    "agent",
    "claimant",
    "via",
    "origin",
    "modality",
    "quote",
    "start",
    "end",
    "extractor",
    "event_id",
    "status",
)


def claim_row(claim: Claim, status: str | None) -> dict[str, Any]:
    """A claim as one flat CSV row (``via`` joined by " > ", the relay order)."""
    return {
        "id": claim.id,
        "document_id": claim.document_id,
        "subject": claim.subject,
        "subject_id": claim.subject_id,
        "predicate": claim.predicate,
        "when_start": claim.when.start.isoformat() if claim.when else None,
        "when_end": claim.when.end.isoformat() if claim.when else None,
        "when_text": claim.when.text if claim.when else None,
        "where": claim.where,
        "agent": claim.agent,
        "claimant": claim.claimant,
        "via": " > ".join(claim.via),
        "origin": claim_origin(claim),
        "modality": claim.modality,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "extractor": claim.extractor,
        "event_id": claim.event_id,
        "status": status,
    }


def write_claims_csv(store: Store, out: TextIO, claims: Iterable[Claim] | None = None) -> int:
    """Write claims (all of the ledger's by default) as CSV with a header; return the count."""
    statuses = {e.id: e.status for e in store.iter_events()}
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    count = 0
    for claim in store.iter_claims() if claims is None else claims:
        writer.writerow(safe_row(claim_row(claim, statuses.get(claim.event_id or ""))))
        count += 1
    return count


def write_reviews(store: Store, out: TextIO, *, base_url: str | None = None) -> int:
    """Write every event's ClaimReview as one JSON array; return how many."""
    count = 0
    out.write("[")
    for review in iter_reviews(store, base_url=base_url):
        out.write(("\n  " if count == 0 else ",\n  ") + json.dumps(review, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
