"""Several writers on one ledger: the same entities and events as one serial ingest, and two
processes migrating a new database at once both succeed.

The measured version (distinct and identical inputs, both databases) is
``benchmarks/concurrent_writers.py``.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claimledger.ingest import read_inputs
from claimledger.pipeline import Ledger, ingest_items
from claimledger.store import Store
from claimledger.store.engine import parse_url
from claimledger.store.snapshot import Snapshot, snapshot
from claimledger.types import Document
from ledger_corpus import records, write

SRC = Path(__file__).resolve().parent.parent / "src"
WRITERS = 4


def _serial(corpus: Path, url: str) -> Snapshot:
    with Store.open(url) as store:
        list(ingest_items(read_inputs([str(corpus)]), store))
        return snapshot(store, ids=False)


@pytest.mark.slow
def test_writers_taking_turns_resolve_against_each_others_entities(
    store: Store, tmp_path: Path
) -> None:
    corpus = write(tmp_path / "corpus.jsonl", 16)
    items = [i for i in read_inputs([str(corpus)]) if isinstance(i, Document)]
    # Both writers load the (empty) entity index before either writes, as processes started
    # together do; then they take turns, document by document.
    writers = [Ledger(store), Ledger(store)]
    for n, item in enumerate(items):
        outcomes = list(writers[n % 2].ingest([item]))
        assert [o.status for o in outcomes] == ["new"]
    expected = _serial(corpus, f"sqlite:///{tmp_path / 'serial.db'}")
    assert snapshot(store, ids=False) == expected


def _slices(corpus: Path, tmp_path: Path) -> list[Path]:
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    paths = []
    for n in range(WRITERS):
        path = tmp_path / f"slice{n}.jsonl"
        path.write_text("".join(lines[n::WRITERS]), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_four_ingest_processes_on_one_new_ledger_equal_a_serial_ingest(
    db_url: str, tmp_path: Path
) -> None:
    corpus = write(tmp_path / "corpus.jsonl", 24)
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "claimledger.cli", "ingest", str(path), "--db", db_url, "-q"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in _slices(corpus, tmp_path)
    ]
    errors = [p.communicate()[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * WRITERS, errors
    with Store.open(db_url) as store:
        assert [f.check for f in store.check_consistency() if not f.ok] == []
        assert store.stats()["documents"] == len(records(24))
        found = snapshot(store, ids=False)
    assert found == _serial(corpus, f"sqlite:///{tmp_path / 'serial.db'}")


def _open_and_count(url: str, start: Barrier) -> None:
    start.wait()
    with Store.open(url) as store:
        store.stats()


def test_processes_migrating_a_new_database_at_once_all_succeed(db_url: str) -> None:
    context = multiprocessing.get_context("fork")
    start = context.Barrier(WRITERS)
    processes = [
        context.Process(target=_open_and_count, args=(db_url, start)) for _ in range(WRITERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0] * WRITERS
    engine = create_engine(parse_url(db_url))
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert len(versions.all()) == 1
    finally:
        engine.dispose()
