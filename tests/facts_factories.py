"""Small synthetic exports (``claimledger.export.v1``) and facts-only gold for the eval tests.

Every name and sentence here is made up; no article text of any gold set is used.
"""

from __future__ import annotations

from typing import Any

SCHEMA = "claimledger.export.v1"


def entity(entity_id: str, name: str, *aliases: str) -> dict[str, Any]:
    return {"id": entity_id, "type": "person", "name": name, "aliases": list(aliases)}


def span(start: str | None, end: str | None = None) -> dict[str, Any] | None:
    return {"start": start, "end": end or start} if start else None


def event(
    event_id: str,
    subject_id: str,
    predicate: str = "killed",
    when: str | None = None,
    status: str = "unverified",
    end: str | None = None,
) -> dict[str, Any]:
    return {
        "id": event_id,
        "subject_id": subject_id,
        "predicate": predicate,
        "when": span(when, end),
        "status": status,
    }


def claim(
    claim_id: str,
    document_id: str,
    event_id: str,
    claimant: str | None = None,
    modality: str | None = "asserted",
    origin: str | None = None,
) -> dict[str, Any]:
    return {
        "id": claim_id,
        "document_id": document_id,
        "event_id": event_id,
        "claimant": claimant,
        "origin": origin if origin is not None else (claimant or f"doc:{document_id}"),
        "modality": modality,
        "quote": f"A made-up sentence in {document_id}.",
    }


def export(
    entities: list[dict[str, Any]],
    events: list[dict[str, Any]],
    claims: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "documents": [],
        "entities": entities,
        "claims": claims or [],
        "events": events,
    }


def article(article_id: str, language: str = "en") -> dict[str, Any]:
    return {
        "id": article_id,
        "url": f"https://news.example.org/{article_id}",
        "published_at": None,
        "language": language,
    }


def gold_claim(article_id: str, claimant: str | None = None, modality: str = "asserted") -> dict:
    return {"article": article_id, "claimant": claimant, "modality": modality}


def gold_event(
    event_id: str,
    subject: Any,
    claims: list[dict[str, Any]],
    predicate: str = "killed",
    when: Any = None,
    status: str = "unverified",
    note: str | None = None,
) -> dict[str, Any]:
    return {
        "id": event_id,
        "subject": subject,
        "predicate": predicate,
        "when": when,
        "where": None,
        "status": status,
        "note": note,
        "claims": claims,
    }


def gold(
    articles: list[dict[str, Any]],
    events: list[dict[str, Any]],
    aliases: dict[str, list[str]],
) -> dict[str, Any]:
    return {"articles": articles, "events": events, "aliases": aliases}
