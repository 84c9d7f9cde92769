"""A new SQLite ledger appears whole or not at all: a run killed while creating the schema
leaves no half-made file behind for the next run to trip on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from claimledger.resolve.keys import name_key
from claimledger.store import Store, engine


def test_a_schema_creation_that_breaks_leaves_no_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.db"
    real = engine.upgrade
    calls = {"n": 0}

    def breaks_once(target: Engine) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            # The first table is made (sqlite3 commits DDL at once), then the run is killed.
            with target.begin() as connection:
                connection.execute(text("CREATE TABLE sources (id INTEGER PRIMARY KEY)"))
            raise KeyboardInterrupt
        real(target)

    monkeypatch.setattr(engine, "upgrade", breaks_once)
    with pytest.raises(KeyboardInterrupt):
        Store.open(f"sqlite:///{path}")
    assert not path.exists() or path.stat().st_size == 0
    monkeypatch.setattr(engine, "upgrade", real)
    store = Store.open(f"sqlite:///{path}")
    try:
        assert store.count_claims() == 0
    finally:
        store.close()
    assert not list(tmp_path.glob(".ledger.db.creating-*"))


def ledger_at(path: Path, revision: str) -> None:
    """An SQLite ledger as a release whose newest migration was ``revision`` left it."""
    old = create_engine(f"sqlite:///{path}")
    try:
        engine.upgrade(old, revision)
    finally:
        old.dispose()


def test_migration_0007_rewrites_alias_keys_made_by_older_releases(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    ledger_at(path, "0006")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO entities (id, type, name) VALUES ('p1', 'person', 'Hamza')")
        db.execute(
            "INSERT INTO entity_aliases (entity_id, alias, key, position, is_name) "
            "VALUES ('p1', 'Хамзы бен Ладена', 'hmzi ibn+ldn', 0, 1)"  # an older key
        )
    store = Store.open(f"sqlite:///{path}")
    try:
        assert [e.id for e in store.find_entities(name_key("Hamza bin Laden"))] == ["p1"]
    finally:
        store.close()


def test_migration_0008_keeps_older_failures_unfinished(tmp_path: Path) -> None:
    # A version a release before 0008 could not extract is stored without its claims: the next
    # ingest tries it once more (and then records the failure, see test_extraction_failures).
    path = tmp_path / "old.db"
    ledger_at(path, "0007")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO documents (id, latest_version, created_at) VALUES ('d1', 1, '2026-12-01')"
        )
        db.execute(
            "INSERT INTO document_versions (document_id, version, content_hash, text, "
            "published_at_estimated, ingested_at) VALUES ('d1', 1, 'h1', 'x', 0, '2026-12-01')"
        )
    with Store.open(f"sqlite:///{path}") as store:
        assert store.unfinished_documents() == ["d1"]
        assert store.failed_documents() == []
        stored = store.get_document("d1")
        assert stored is not None and stored.extraction_failed is None


def test_migration_0010_gives_older_claims_their_origin_keys(tmp_path: Path) -> None:
    # Claims stored before 0010 have no origin key: the migration computes it from the stored
    # origin, or from the claim itself when none was stored, and the origin page finds them.
    from claimledger.queries import origin_detail

    path = tmp_path / "old.db"
    ledger_at(path, "0009")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO documents (id, latest_version, created_at) VALUES ('d1', 1, '2026-12-01')"
        )
        db.execute(
            "INSERT INTO document_versions (document_id, version, content_hash, text, "
            "published_at_estimated, ingested_at, extracted_at) "
            "VALUES ('d1', 1, 'h1', 'x', 0, '2026-12-01', '2026-12-01')"
        )
        for claim_id, claimant, origin in (
            ("c1", "the Russian Defence Ministry", "Russian Ministry of Defense"),
            ("c2", "Russia's defence ministry", None),  # stored without an origin
            ("c3", None, None),
        ):
            db.execute(
                "INSERT INTO claims (id, document_version_id, subject, predicate, modality, "
                "claimant, via, origin, quote, start_offset, end_offset, extractor, "
                "created_at) VALUES (?, 1, 'Ivo Kell', 'killed', 'asserted', ?, '[]', ?, "
                "'Ivo Kell was killed.', 0, 20, 'test.v1', '2026-12-01')",
                (claim_id, claimant, origin),
            )
    with Store.open(f"sqlite:///{path}") as store:
        with store.engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT id, origin_key FROM claims")).all())
        assert keys == {
            "c1": "defense ministry russian",
            "c2": "defense ministry russian",
            "c3": "doc:d1",
        }
        detail = origin_detail(store, "Russian Ministry of Defense")
        assert detail is not None and [c.id for c in detail.claims] == ["c1", "c2"]
