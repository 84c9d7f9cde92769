"""Writing a document's extraction: claims, mentions, entities and resolver records in one
transaction, on SQLite and PostgreSQL (see conftest.py for the fixtures)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from claimledger.errors import StoreError
from claimledger.store import Store
from claimledger.types import Claim, Document, Entity, Mention

TEXT = "Reports said Abu Example was killed near Sometown on Tuesday."


def _claim(document_id: str, subject_id: str | None = "e1") -> Claim:
    return Claim(
        document_id=document_id,
        subject="Abu Example",
        predicate="killed",
        modality="asserted",
        quote=TEXT,
        start=0,
        end=len(TEXT),
        extractor="claims.rules.v1",
        subject_id=subject_id,
    )


def _record(entity: Entity, count: int = 1) -> dict[str, Any]:
    names = [entity.name, *entity.aliases]
    return {"id": entity.id, "aliases": [{"name": n, "count": count} for n in names]}


def test_an_extraction_is_written_and_rewritten(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="a1"))
    person = Entity("e1", "person", "Abu Example", ("al-Example",))
    place = Entity("p1", "place", "Sometown")
    mentions = [Mention("a1", 13, 24, "Abu Example", "PERSON", "e1")]
    store.record_extraction(
        "a1",
        [_claim("a1")],
        mentions,
        entities=[person, place],
        index_records=[_record(person), _record(place)],
    )
    assert list(store.iter_mentions("a1")) == mentions
    assert list(store.iter_entities()) == [person, place]

    # The same document again (re-extraction): everything is replaced, nothing duplicated.
    renamed = dataclasses.replace(person, aliases=("Abu Ex",), description="a commander")
    store.record_extraction(
        "a1", [_claim("a1")], mentions[:0], entities=[renamed], index_records=[_record(renamed, 2)]
    )
    assert list(store.iter_mentions("a1")) == []
    assert list(store.iter_entities()) == [renamed, place]
    assert store.find_entities(store.alias_key("al-Example")) == []
    assert store.find_entities(store.alias_key("Abu Ex")) == [renamed]
    assert [r for r in store.iter_entity_index() if r["id"] == "e1"] == [_record(renamed, 2)]
    counts = store.stats()
    assert (counts["claims"], counts["mentions"], counts["entities"]) == (1, 0, 2)


def test_a_merge_repoints_earlier_claims_and_mentions(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="a1"))
    store.add_document(Document(text=TEXT + " Again.", id="a2"))
    old = Entity("e-old", "person", "Abu Example")
    store.record_extraction(
        "a1",
        [_claim("a1", "e-old")],
        [Mention("a1", 13, 24, "Abu Example", "PERSON", "e-old")],
        entities=[old],
        index_records=[_record(old)],
    )
    kept = Entity("e-new", "person", "Abu Example", ("al-Example",))
    store.record_extraction(
        "a2",
        [_claim("a2", "e-new")],
        [],
        entities=[kept],
        index_records=[_record(kept), {"id": "e-old", "merged_into": "e-new"}],
        redirects={"e-old": "e-new"},
    )
    assert {c.subject_id for c in store.iter_claims()} == {"e-new"}
    assert [m.entity_id for m in store.iter_mentions("a1")] == ["e-new"]
    assert list(store.iter_entities()) == [kept]
    redirect = [r for r in store.iter_entity_index() if r["id"] == "e-old"]
    assert redirect == [{"id": "e-old", "merged_into": "e-new"}]


def test_an_estimated_date_fills_only_a_missing_publication_date(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="undated"))
    store.add_document(Document(text=TEXT + " Dated.", id="dated", published_at=date(2019, 1, 2)))
    for document_id in ("undated", "dated"):
        store.record_extraction(document_id, [], [], estimated_date=date(2020, 5, 6))
    undated, dated = store.get_document("undated"), store.get_document("dated")
    assert undated is not None and dated is not None
    assert (undated.published_at, undated.published_at_estimated) == (date(2020, 5, 6), True)
    assert (dated.published_at, dated.published_at_estimated) == (date(2019, 1, 2), False)


def test_published_dates_of_latest_versions(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="undated"))
    store.add_document(Document(text=TEXT + " One.", id="dated", published_at=date(2019, 1, 2)))
    store.add_document(Document(text=TEXT + " Two.", id="dated", published_at=date(2019, 1, 3)))
    found = store.published_dates(["undated", "dated", "unknown"])
    assert found == {"dated": date(2019, 1, 3)}


def test_a_failed_write_leaves_nothing_of_the_extraction(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="a1"))
    broken = Entity("e1", None, "Abu Example")  # type: ignore[arg-type]  # a NOT NULL column
    with pytest.raises(StoreError, match="nothing was changed"):
        store.record_extraction(
            "a1",
            [_claim("a1")],
            [Mention("a1", 13, 24, "Abu Example", "PERSON", "e1")],
            entities=[broken],
            index_records=[_record(broken)],
        )
    assert list(store.iter_claims()) == []
    assert list(store.iter_mentions("a1")) == []
    assert list(store.iter_entity_index()) == []


def test_documents_of_one_source_share_its_row(store: Store) -> None:
    first = store.add_document(Document(text=TEXT, id="a1", source=" Agency "))
    second = store.add_document(Document(text=TEXT + " More.", id="a2", source="Agency"))
    assert (first.status, second.status) == ("new", "new")
    assert store.stats()["sources"] == 1
    stored = [store.get_document(i) for i in ("a1", "a2")]
    assert [d.source for d in stored if d is not None] == ["Agency", "Agency"]


def test_a_new_version_keeps_the_url_and_source_it_had(store: Store) -> None:
    url = "https://news.example/story"
    store.add_document(Document(text=TEXT, url=url, source="Agency"))
    again = store.add_document(Document(text=TEXT + " Corrected.", url=url))
    assert (again.status, again.version) == ("new_version", 2)
    latest = store.get_document(again.document_id)
    assert latest is not None
    assert (latest.url, latest.source, latest.version) == (url, "Agency", 2)
