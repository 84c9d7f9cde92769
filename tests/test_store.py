"""The ledger database, on SQLite and PostgreSQL (see conftest.py for the fixtures)."""

from __future__ import annotations

import dataclasses
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, select, text, update

from claimledger.errors import StoreError
from claimledger.store import Store, default_alias_key, engine
from claimledger.store.engine import SCHEMA_REVISION, migrations_dir, parse_url, schema_revision
from claimledger.store.models import DOCUMENTS, VERSIONS, metadata
from claimledger.store.search import include_name as search_include_name
from claimledger.types import (
    MODALITIES,
    PREDICATES,
    Claim,
    Document,
    Entity,
    Event,
    Mention,
    StatusChange,
    TimeSpan,
)

TEXT = "The ministry said the commander was killed in a strike on Tuesday."


def claim(document_id: str, **changes: object) -> Claim:
    base = Claim(
        document_id=document_id,
        subject="the commander",
        predicate="killed",
        modality="asserted",
        quote=TEXT,
        start=0,
        end=len(TEXT),
        extractor="claims.rules.v1",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# Opening and migrating


def test_open_migrates_a_fresh_database_and_reopening_changes_nothing(db_url: str) -> None:
    with Store.open(db_url) as first:
        assert set(first.stats().values()) == {0}
        first.add_document(Document(text=TEXT, id="a1"))
        with first.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            assert version == [(ScriptDirectory(str(migrations_dir())).get_current_head(),)]
    with Store.open(db_url) as again:
        assert again.stats()["documents"] == 1
        assert again.get_document("a1") is not None


def test_schema_revision_is_alembics_only_head() -> None:
    # A ledger at SCHEMA_REVISION is taken as current and not migrated: a new revision that
    # did not update it would never be applied to existing ledgers.
    assert ScriptDirectory(str(migrations_dir())).get_heads() == [SCHEMA_REVISION]


def test_a_ledger_at_the_current_revision_opens_without_migrating(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_url).close()

    def no_migration(_target: object) -> None:
        raise AssertionError("migrated a ledger already at the current revision")

    monkeypatch.setattr(engine, "upgrade", no_migration)
    with Store.open(db_url) as store:
        assert store.stats()["documents"] == 0


def test_a_ledger_behind_the_current_revision_is_migrated(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = create_engine(parse_url(db_url))
    try:
        engine.upgrade(older, "0008")  # a ledger genuinely one revision behind
        assert schema_revision(older) == "0008"
    finally:
        older.dispose()
    migrated: list[str] = []
    real = engine.upgrade

    def counted(target: Engine, revision: str = "head") -> None:
        migrated.append(str(schema_revision(target)))
        real(target, revision)

    monkeypatch.setattr(engine, "upgrade", counted)
    with Store.open(db_url) as store:
        assert schema_revision(store.engine) == SCHEMA_REVISION
    assert migrated == ["0008"]


def test_schema_revision_of_a_database_without_the_ledger_tables_is_none() -> None:
    empty = create_engine("sqlite://")
    try:
        assert schema_revision(empty) is None
    finally:
        empty.dispose()


def test_migration_and_models_agree(db_url: str) -> None:
    with Store.open(db_url) as store, store.engine.connect() as connection:
        # The full-text search objects (FTS5 tables, tsvector column) are not models.
        opts = {"compare_type": True, "include_name": search_include_name}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, metadata) == []


def test_bad_urls_raise_teaching_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not an SQLAlchemy URL"):
        Store.open("claimledger.db")
    with pytest.raises(StoreError, match="supports SQLite and PostgreSQL"):
        Store.open("mysql://user@localhost/db")
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(f"sqlite:///{tmp_path / 'missing-dir' / 'ledger.db'}")


def test_unreachable_postgres_names_the_server_and_hides_the_password() -> None:
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as caught:
        Store.open("postgresql://someone:secret@127.0.0.1:1/nothing")
    assert "secret" not in str(caught.value)
    assert "start-postgres.sh" in str(caught.value)


def test_plain_postgresql_urls_use_psycopg() -> None:
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("sqlite:///x.db").drivername == "sqlite"


def test_in_memory_sqlite_keeps_its_data_for_the_store_lifetime() -> None:
    with Store.open("sqlite://") as store:
        store.add_document(Document(text=TEXT))
        assert store.stats()["documents"] == 1


@pytest.mark.postgres
def test_open_creates_a_missing_postgres_database() -> None:
    from conftest import postgres_url

    base = parse_url(postgres_url())
    # A unique name: test runs sharing the server must not drop each other's database.
    name = f"claimledger_created_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        url = base.set(database=name).render_as_string(hide_password=False)
        with Store.open(url) as store:
            assert store.stats()["documents"] == 0
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# Documents


def test_add_document_is_idempotent_and_versions_changed_text(store: Store) -> None:
    first = store.add_document(Document(text=TEXT, id="a1", source="Agency", title="One"))
    assert (first.status, first.document_id, first.version) == ("new", "a1", 1)
    assert store.add_document(Document(text=TEXT, id="a1")).status == "present"
    changed = store.add_document(Document(text=TEXT + " Updated.", id="a1", title="Two"))
    assert (changed.status, changed.document_id, changed.version) == ("new_version", "a1", 2)

    latest = store.get_document("a1")
    assert latest is not None
    assert (latest.version, latest.title, latest.source) == (2, "Two", "Agency")
    old = store.get_document("a1", version=1)
    assert old is not None and old.text == TEXT
    assert (store.stats()["documents"], store.stats()["versions"]) == (1, 2)


def test_document_ids_come_from_the_input_the_url_or_the_content(store: Store) -> None:
    by_url = store.add_document(Document(text="one", url="https://news.example/a#top"))
    same_page = store.add_document(Document(text="one, corrected", url="https://news.example/a"))
    assert same_page.document_id == by_url.document_id and same_page.version == 2
    by_hash = store.add_document(Document(text="two"))
    assert by_hash.document_id == Document(text="two").content_hash[:16]
    assert store.add_document(Document(text="two", id="other")).status == "present"


def test_stored_document_keeps_every_field(store: Store) -> None:
    doc = Document(
        text=TEXT,
        id="a1",
        source="Agency",
        url="https://news.example/a",
        title="Title",
        author="Author",
        published_at=date(2017, 6, 16),
        published_at_estimated=True,
        language="en",
        origin="in.jsonl:3",
    )
    store.add_document(doc)
    stored = store.get_document("a1")
    assert stored is not None
    assert stored.to_document() == doc
    assert stored.content_hash == doc.content_hash
    assert stored.ingested_at.tzinfo is not None
    assert stored.as_dict()["published_at"] == "2017-06-16"


def test_iter_documents_streams_latest_versions_in_pages(store: Store) -> None:
    for n in range(5):
        store.add_document(Document(text=f"text {n}", id=f"d{n}"))
    store.add_document(Document(text="text 0, v2", id="d0"))
    listed = list(store.iter_documents())
    assert [d.document_id for d in listed] == ["d0", "d1", "d2", "d3", "d4"]
    assert listed[0].text == "text 0, v2"
    page = [d.document_id for d in store.iter_documents(limit=2, offset=1)]
    assert page == ["d1", "d2"]


def test_a_failure_midway_leaves_nothing_behind(store: Store) -> None:
    # A document whose version 1 exists while latest_version says 0: storing a new text then
    # fails on the (document_id, version) constraint, after the source row was already added.
    store.add_document(Document(text=TEXT, id="a1"))
    with store.engine.begin() as connection:
        connection.execute(update(DOCUMENTS).values(latest_version=0))
    with pytest.raises(StoreError, match="nothing was changed"):
        store.add_document(Document(text="new text", id="a1", source="Fresh Source"))
    stats = store.stats()
    assert (stats["sources"], stats["versions"]) == (0, 1)
    with store.engine.connect() as connection:
        assert connection.scalar(select(DOCUMENTS.c.latest_version)) == 0
        texts = connection.scalars(select(VERSIONS.c.text)).all()
    assert list(texts) == [TEXT]


def test_writing_while_streaming_documents(store: Store) -> None:
    # The pipeline's pattern: read documents lazily and store each one's claims meanwhile.
    for n in range(3):
        store.add_document(Document(text=f"{TEXT} {n}", id=f"d{n}"))
    for doc in store.iter_documents():
        store.replace_claims(doc.document_id, [claim(doc.document_id)])
        store.add_document(Document(text=f"{doc.text} later", id=doc.document_id))
    assert store.stats()["claims"] == 3
    assert [d.version for d in store.iter_documents()] == [2, 2, 2]


def _add_from_threads(store: Store) -> None:
    # Web servers call the store from worker threads.
    store.add_document(Document(text=TEXT, id="first"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: store.add_document(Document(text=str(n))), range(8)))
    assert {r.status for r in results} == {"new"}
    assert store.stats()["documents"] == 9


def test_the_store_can_be_shared_by_threads(store: Store) -> None:
    _add_from_threads(store)


def test_an_in_memory_store_can_be_shared_by_threads() -> None:
    # One sqlite3 connection serves every thread here; the store makes them take turns.
    with Store.open("sqlite://") as store:
        _add_from_threads(store)
        assert len(list(store.iter_documents())) == 9


# Claims and mentions


def test_claims_round_trip_and_replace(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="a1"))
    full = claim(
        "a1",
        when=TimeSpan(date(2017, 6, 13), date(2017, 6, 13), "on Tuesday", "day", True),
        where="Raqqa",
        agent="an airstrike",
        claimant="the ministry",
        via=("Agency", "Outlet"),
        origin="the ministry",
        subject_id="e1",
        modality="hedged",
    )
    stored = store.replace_claims("a1", [full, claim("a1", predicate="wounded")])
    assert all(c.id for c in stored)
    assert stored[0] == dataclasses.replace(full, id=stored[0].id)
    assert sorted(store.iter_claims(), key=lambda c: c.predicate) == sorted(
        stored, key=lambda c: c.predicate
    )
    again = store.replace_claims("a1", [claim("a1")])
    assert [c.id for c in store.iter_claims()] == [again[0].id] == [stored[0].id]


def test_iter_claims_filters_and_follows_the_latest_version(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="a1"))
    store.add_document(Document(text=TEXT + " More.", id="a2"))
    store.replace_claims("a1", [claim("a1", subject_id="e1"), claim("a1", predicate="died")])
    store.replace_claims("a2", [claim("a2", subject_id="e2")])
    assert len(list(store.iter_claims(subject_id="e1", predicate="killed"))) == 1
    assert len(list(store.iter_claims(predicate="killed"))) == 2
    assert {c.document_id for c in store.iter_claims(document_id="a2")} == {"a2"}
    store.add_document(Document(text="A corrected text.", id="a1"))
    assert [c.document_id for c in store.iter_claims()] == ["a2"]
    assert store.stats()["claims"] == 3  # the old version's claims stay on record


def test_mentions_are_replaced_with_the_claims(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="a1"))
    mention = Mention("a1", 4, 12, "ministry", "ORG", "e9")
    store.replace_claims("a1", [claim("a1")], [mention])
    assert list(store.iter_mentions("a1")) == [mention]
    store.replace_claims("a1", [])
    assert list(store.iter_mentions("a1")) == []
    assert store.stats()["mentions"] == 0


def test_replace_claims_rejects_bad_input_and_keeps_what_was_there(store: Store) -> None:
    store.add_document(Document(text=TEXT, id="a1"))
    kept = store.replace_claims("a1", [claim("a1")])
    with pytest.raises(StoreError, match="nothing was changed"):
        store.replace_claims("a1", [claim("a1", id="same"), claim("a1", id="same")])
    with pytest.raises(StoreError, match="belongs to document 'b2'"):
        store.replace_claims("a1", [claim("b2")])
    with pytest.raises(StoreError, match="no stored document"):
        store.replace_claims("missing", [claim("missing")])
    assert list(store.iter_claims()) == kept


# Entities


def test_entities_round_trip_update_and_find(db_url: str) -> None:
    with Store.open(db_url, alias_key=default_alias_key) as store:
        _round_trip_update_and_find(store)


def test_the_default_alias_key_matches_spelling_variants(store: Store) -> None:
    person = Entity("e1", "person", "Abu Bakr al-Baghdadi", ("Al Bogdadi",))
    store.upsert_entities([person])
    for spelling in ("al-Baghdadi", "Baghdadi", "Abu Bakr Al Bagdadi", "Абу Бакр аль-Багдади"):
        assert store.find_entities(store.alias_key(spelling)) == [person], spelling
    assert store.find_entities(store.alias_key("Baghdad")) == []


def _round_trip_update_and_find(store: Store) -> None:
    person = Entity("e1", "person", "Abu Example", ("al-Example", "Абу Экзампл"), "Q1", "a leader")
    place = Entity("p1", "place", "Sometown")
    store.upsert_entities([person, place])
    assert list(store.iter_entities()) == [person, place]

    assert store.find_entities(default_alias_key("AL-EXAMPLE")) == [person]
    assert store.find_entities(default_alias_key("abu example")) == [person]
    assert store.find_entities(default_alias_key("Абу Экзампл")) == [person]
    assert store.find_entities("nobody") == []

    renamed = dataclasses.replace(person, aliases=("Example",), description=None)
    store.upsert_entities([renamed])
    assert store.find_entities(default_alias_key("al-Example")) == []
    assert list(store.iter_entities()) == [renamed, place]
    assert store.stats()["entities"] == 2


def test_a_custom_alias_key_is_used_for_storing_and_finding(db_url: str) -> None:
    with Store.open(db_url, alias_key=lambda name: name.lower().removeprefix("al-")) as store:
        store.upsert_entities([Entity("e1", "person", "al-Example")])
        assert [e.id for e in store.find_entities("example")] == ["e1"]


# Events


def _ledger_with_claims(store: Store) -> list[Claim]:
    store.add_document(Document(text=TEXT, id="a1"))
    return store.replace_claims(
        "a1",
        [
            claim("a1", subject_id="e1"),
            claim("a1", subject_id="e1", modality="denied"),
            claim("a1", subject_id="e2", predicate="wounded"),
        ],
    )


def _event(event_id: str, subject_id: str, claim_ids: tuple[str, ...]) -> Event:
    return Event(
        id=event_id,
        subject_id=subject_id,
        predicate="killed",
        status="disputed",
        status_reason="claimed by 1 origin; doubted by 1",
        assessor="assess.rules.v1",
        when=TimeSpan(date(2017, 5, 28), date(2017, 5, 28), "last month", "day"),
        where="Raqqa",
        evidence=claim_ids[::-1],
        claims=claim_ids,
        history=(
            StatusChange("unverified", "first report", claim_ids[0], "2017-06-16T10:00:00Z"),
            StatusChange("disputed", "a denial", claim_ids[-1], "2017-06-17T09:00:00+00:00"),
        ),
    )


def test_events_round_trip_and_set_claim_events(store: Store) -> None:
    c1, c2, c3 = _ledger_with_claims(store)
    v1 = _event("v1", "e1", (c1.id or "", c2.id or ""))
    v2 = _event("v2", "e2", (c3.id or "",))
    store.replace_events([v1, v2])
    assert list(store.iter_events()) == [v1, v2]
    assert list(store.iter_events(subject_id="e2")) == [v2]
    assert {c.id: c.event_id for c in store.iter_claims()} == {
        c1.id: "v1",
        c2.id: "v1",
        c3.id: "v2",
    }

    # Replacing one subject's events leaves the other subject's alone.
    v3 = dataclasses.replace(_event("v3", "e1", (c1.id or "",)), history=())
    store.replace_events([v3], subject_id="e1")
    assert list(store.iter_events()) == [v2, v3]
    events_of = {c.id: c.event_id for c in store.iter_claims()}
    assert events_of == {c1.id: "v3", c2.id: None, c3.id: "v2"}
    assert store.stats()["events"] == 2


def test_replace_events_rejects_bad_input_and_keeps_what_was_there(store: Store) -> None:
    c1, _, c3 = _ledger_with_claims(store)
    kept = _event("v1", "e1", (c1.id or "",))
    store.replace_events([kept])
    with pytest.raises(StoreError, match="nothing was changed"):
        store.replace_events([_event("v2", "e1", ("no-such-claim",))])
    with pytest.raises(StoreError, match="is about 'e2'"):
        store.replace_events([_event("v3", "e2", (c3.id or "",))], subject_id="e1")
    assert list(store.iter_events()) == [kept]


# Hostile input


HOSTILE = [
    'O\'Brien said "he is dead"',
    "'; DROP TABLE claims; --",
    "Robert'); DELETE FROM documents WHERE ('1'='1",
    "<script>alert(1)</script> & %s %(name)s ? :param $1",
    "أبو بكر البغدادي — Абу Бакр аль-Багдади 🕊️ \u200f\u202e",
    "back\\slash \t tab \n newline",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_are_stored_as_data(store: Store, hostile: str) -> None:
    doc = Document(text=hostile, id=hostile, source=hostile, title=hostile, url=hostile)
    assert store.add_document(doc).document_id == hostile
    stored = store.get_document(hostile)
    assert stored is not None and stored.to_document() == doc
    item = claim(hostile, subject=hostile, quote=hostile, claimant=hostile, via=(hostile,))
    stored_claims = store.replace_claims(hostile, [item])
    assert list(store.iter_claims()) == stored_claims
    store.upsert_entities([Entity(hostile, "person", hostile, (hostile,))])
    assert store.find_entities(store.alias_key(hostile))[0].name == hostile
    assert store.stats()["documents"] == 1


# Property: Claim -> database -> Claim (SQLite; one store for all examples)

# PostgreSQL text cannot hold NUL; surrogates are not encodable at all.
TEXTS = st.text(st.characters(codec="utf-8", exclude_characters="\x00"))
OPTIONAL = st.none() | TEXTS
SPANS = st.builds(
    TimeSpan,
    start=st.dates(),
    end=st.dates(),
    text=TEXTS,
    precision=st.sampled_from(["day", "week", "month", "season", "quarter", "year", "unknown"]),
    estimated=st.booleans(),
)
CLAIMS = st.builds(
    Claim,
    document_id=st.just("doc"),
    subject=TEXTS,
    predicate=st.sampled_from(PREDICATES),
    modality=st.sampled_from(MODALITIES),
    quote=TEXTS,
    start=st.integers(0, 10**9),
    end=st.integers(0, 10**9),
    extractor=st.sampled_from(["claims.rules.v1", "claims.rules.v2"]),
    when=st.none() | SPANS,
    where=OPTIONAL,
    agent=OPTIONAL,
    claimant=OPTIONAL,
    via=st.lists(TEXTS, max_size=3).map(tuple),
    origin=OPTIONAL,
    subject_id=OPTIONAL,
    id=st.none(),
    event_id=st.none(),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(claims=st.lists(CLAIMS, max_size=4))
def test_claims_survive_the_database_unchanged(sqlite_store: Store, claims: list[Claim]) -> None:
    sqlite_store.add_document(Document(text=TEXT, id="doc"))
    stored = sqlite_store.replace_claims("doc", claims)
    assert [dataclasses.replace(c, id=None) for c in stored] == claims
    assert len({c.id for c in stored}) == len(claims)
    read = list(sqlite_store.iter_claims(document_id="doc"))
    assert sorted(read, key=lambda c: c.id or "") == sorted(stored, key=lambda c: c.id or "")
