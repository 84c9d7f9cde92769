"""A new SQLite ledger appears whole or not at all: a run killed while creating the schema
leaves no half-made file behind for the next run to trip on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

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
