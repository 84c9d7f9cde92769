"""A ledger's content as plain, comparable data: did two ingests give the same ledger?

Used to check that a ledger resumed after kills, or written by several processes at once, equals
one written by a single uninterrupted ingest. Everything that depends on the wall clock (ingest
and assessment times, status histories' timestamps, autoincrement row ids) is left out;
entities are compared by id and names, claims by document and text span, events by subject,
predicate, time, place, status and claims. With ``ids=False`` entities are named by their
names instead of their ids (an entity's id is made from the first document that named it, so
writers interleaving documents in another order give the same person another id).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from claimledger.store.models import (
    ALIASES,
    CLAIMS,
    DOCUMENTS,
    ENTITIES,
    EVENT_CLAIMS,
    EVENTS,
    ORIGIN_TALLIES,
    VERSIONS,
)
from claimledger.store.store import Store

Snapshot = dict[str, Counter[Any]]


def snapshot(store: Store, *, ids: bool = True) -> Snapshot:
    """The ledger's documents, entities, claims, events and origin tallies as multisets;
    ``ids=False``: entities and events by their content, not their ids."""
    with store._reading() as connection:
        docs = Counter(
            (d, v, h, extracted is not None or reason is not None)
            for d, v, h, extracted, reason in connection.execute(
                select(
                    VERSIONS.c.document_id,
                    VERSIONS.c.version,
                    VERSIONS.c.content_hash,
                    VERSIONS.c.extracted_at,
                    VERSIONS.c.not_extracted,
                )
            )
        )
        names: dict[str, list[str]] = {}
        for entity, alias in connection.execute(select(ALIASES.c.entity_id, ALIASES.c.alias)):
            names.setdefault(entity, []).append(alias)
        key: dict[str | None, object] = {None: None}
        for i, t, n in connection.execute(select(ENTITIES.c.id, ENTITIES.c.type, ENTITIES.c.name)):
            aliases = tuple(sorted(names.get(i, [])))
            key[i] = (i, t, n, aliases) if ids else (t, n, aliases)
        entities = Counter(k for i, k in key.items() if i is not None)
        claims = Counter(
            (*row[:4], key.get(row[4], row[4]), *row[5:10], row[10] if ids else None)
            for row in connection.execute(
                select(
                    DOCUMENTS.c.id,
                    CLAIMS.c.start_offset,
                    CLAIMS.c.end_offset,
                    CLAIMS.c.subject,
                    CLAIMS.c.subject_id,
                    CLAIMS.c.predicate,
                    CLAIMS.c.modality,
                    CLAIMS.c.claimant,
                    CLAIMS.c.origin,
                    CLAIMS.c.when_start,
                    CLAIMS.c.event_id,
                )
                .join(VERSIONS, VERSIONS.c.id == CLAIMS.c.document_version_id)
                .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
            )
        )
        members: dict[str, list[str]] = {}
        for event, claim, role in connection.execute(
            select(EVENT_CLAIMS.c.event_id, EVENT_CLAIMS.c.claim_id, EVENT_CLAIMS.c.role)
        ):
            members.setdefault(event, []).append(f"{role}:{claim}")
        events = Counter(
            (
                row[0] if ids else None,
                key.get(row[1], row[1]),
                *row[2:],
                tuple(sorted(members.get(row[0], []))),
            )
            for row in connection.execute(
                select(
                    EVENTS.c.id,
                    EVENTS.c.subject_id,
                    EVENTS.c.predicate,
                    EVENTS.c.when_start,
                    EVENTS.c.when_end,
                    EVENTS.c.place,
                    EVENTS.c.status,
                )
            )
        )
        tallies = Counter(
            tuple(row)
            for row in connection.execute(
                select(
                    ORIGIN_TALLIES.c.origin_key,
                    ORIGIN_TALLIES.c.origin_name,
                    ORIGIN_TALLIES.c.confirmed,
                    ORIGIN_TALLIES.c.refuted,
                    ORIGIN_TALLIES.c.disputed,
                    ORIGIN_TALLIES.c.unverified,
                )
            )
        )
    return {
        "documents": docs,
        "entities": entities,
        "claims": claims,
        "events": events,
        "origin_tallies": tallies,
    }


def differences(expected: Mapping[str, Counter[Any]], found: Mapping[str, Counter[Any]]) -> dict:
    """Per section: rows missing from ``found`` and rows it has in excess (0 and 0: equal)."""
    out: dict[str, dict[str, int]] = {}
    for section in expected.keys() | found.keys():
        want, got = expected.get(section, Counter()), found.get(section, Counter())
        out[section] = {
            "expected": sum(want.values()),
            "found": sum(got.values()),
            "missing": sum((want - got).values()),
            "extra": sum((got - want).values()),
        }
    return dict(sorted(out.items()))


def equal(expected: Mapping[str, Counter[Any]], found: Mapping[str, Counter[Any]]) -> bool:
    return all(d["missing"] == 0 and d["extra"] == 0 for d in differences(expected, found).values())
