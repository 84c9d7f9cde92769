"""The JSON export, ``claimledger.export.v1`` (../shared/EXPORT.md): a public contract.

Fields may be added but never renamed or removed without a new schema name. The export is
written section by section, item by item, so a large ledger streams instead of being built in
memory first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

from claimledger.store import Store
from claimledger.types import Claim, Entity, Event, Mention, TimeSpan

SCHEMA = "claimledger.export.v1"


def document_record(doc: Any, *, with_text: bool) -> dict[str, Any]:
    record = {
        "id": doc.document_id,
        "url": doc.url,
        "title": doc.title,
        "source": doc.source,
        "language": doc.language,
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "published_at_estimated": doc.published_at_estimated,
        "version": doc.version,
        "content_hash": doc.content_hash,
        # Why the document gives no claims ("language de"); null when extraction reads it.
        "not_extracted": doc.not_extracted,
        # Why extracting it raised (``extract --retry-failed``); null when it was extracted.
        "extraction_failed": doc.extraction_failed,
    }
    if with_text:
        record["text"] = doc.text
    return record


def entity_record(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "type": entity.type,
        "name": entity.name,
        "aliases": [a for a in entity.aliases if a != entity.name],
        "wikidata": entity.wikidata,
        "description": entity.description,
    }


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "document_id": claim.document_id,
        "subject": claim.subject,
        "subject_id": claim.subject_id,
        "predicate": claim.predicate,
        "when": _when(claim.when),
        "where": claim.where,
        "agent": claim.agent,
        "claimant": claim.claimant,
        "via": list(claim.via),
        "origin": claim.origin,
        "modality": claim.modality,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "extractor": claim.extractor,
        "event_id": claim.event_id,
    }


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "subject_id": event.subject_id,
        "predicate": event.predicate,
        "when": _when(event.when),
        "where": event.where,
        "status": event.status,
        "status_reason": event.status_reason,
        "evidence": list(event.evidence),
        "claims": list(event.claims),
        "assessor": event.assessor,
        "history": [change.as_dict() for change in event.history],
    }


def mention_record(mention: Mention) -> dict[str, Any]:
    return mention.as_dict()


def _when(span: TimeSpan | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "text": span.text,
        "precision": span.precision,
        "estimated": span.estimated,
    }


def _mentions(store: Store) -> Iterator[dict[str, Any]]:
    for doc in store.iter_documents():
        for mention in store.iter_mentions(doc.document_id):
            if mention.entity_id:
                yield mention_record(mention)


def export_sections(store: Store, *, with_text: bool = True) -> dict[str, Iterable[dict[str, Any]]]:
    """The export's list sections as lazy iterables, in the contract's order.

    ``mentions`` (resolved entity mentions with offsets) is an addition to the contract.
    """
    return {
        "documents": (document_record(d, with_text=with_text) for d in store.iter_documents()),
        "entities": (entity_record(e) for e in store.iter_entities()),
        "claims": (claim_record(c) for c in store.iter_claims()),
        "events": (event_record(e) for e in store.iter_events()),
        "mentions": _mentions(store),
    }


def write_json_export(store: Store, out: TextIO, *, with_text: bool = True) -> dict[str, int]:
    """Write the whole ledger as one JSON object; return how many items each section has."""
    generated = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    out.write("{\n")
    out.write(f'  "schema": {json.dumps(SCHEMA)},\n  "generated_at": {json.dumps(generated)}')
    counts: dict[str, int] = {}
    for name, items in export_sections(store, with_text=with_text).items():
        out.write(f',\n  "{name}": [')
        counts[name] = _write_items(items, out)
        out.write("\n  ]" if counts[name] else "]")
    out.write("\n}\n")
    return counts


def _write_items(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for count, item in enumerate(items, start=1):
        out.write(("\n    " if count == 1 else ",\n    ") + json.dumps(item, ensure_ascii=False))
    return count
