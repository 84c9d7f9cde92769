"""Subjects are reassessed in batches (claims, dates and events read for many at once, their
events written in one transaction); the ledger is the one reassessing them one at a time
gives, on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from claimledger import pipeline
from claimledger.pipeline import reassess
from claimledger.store import Store
from claimledger.types import Document, Entity
from factories import claim

SUBJECTS = 230  # more than two batches, the last one short


def _ledger(store: Store) -> list[str]:
    """Two documents a day apart, each with claims about every subject (some denied)."""
    subjects = [f"person-{n:03d}" for n in range(SUBJECTS)]
    store.upsert_entities([Entity(s, "person", f"Person {s[-3:]}") for s in subjects])
    for day, doc_id in ((1, "d1"), (2, "d2")):
        text = f"Report {doc_id} about many people."
        store.add_document(
            Document(text=text, id=doc_id, language="en", published_at=date(2020, 3, day))
        )
        claims = [
            claim(
                f"{doc_id}-{n}",
                document_id=doc_id,
                subject=f"Person {n:03d}",
                subject_id=subject,
                modality="denied" if (n + day) % 7 == 0 else "asserted",
                predicate="killed" if n % 3 else "arrested",
                when="2020-03-01",
            )
            for n, subject in enumerate(subjects)
        ]
        store.replace_claims(doc_id, claims)
    return subjects


def _events(store: Store) -> list[tuple[object, ...]]:
    return [
        (e.id, e.subject_id, e.predicate, e.status, tuple(e.claims), tuple(e.evidence))
        for e in store.iter_events()
    ]


def test_batches_give_the_ledger_one_at_a_time_gives(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    subjects = _ledger(store)
    sides: dict[str, set[str]] = {s: set() for s in subjects}  # no resolver records here
    assert reassess(store, subjects, affiliations=sides) > 0
    batched = _events(store)
    tallies = store.track_records()
    assert store.stale_subjects() == []
    monkeypatch.setattr(pipeline, "REASSESS_BATCH", 1)
    reassess(store, subjects, affiliations=sides)
    assert _events(store) == batched
    assert store.track_records() == tallies
    assert {s for _, s, *_ in batched} == set(subjects)
    # Assessed again in batches after one-by-one: still the same, nothing doubled.
    monkeypatch.setattr(pipeline, "REASSESS_BATCH", 100)
    reassess(store, subjects, affiliations=sides)
    assert _events(store) == batched and store.track_records() == tallies
