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
import time
from collections import Counter
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

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


@pytest.fixture()
def extractions(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each document was extracted (in this process)."""
    from claimledger import pipeline

    counts: Counter[str] = Counter()
    real = pipeline.extract_many

    def counting(docs: list[tuple[Document, str]], **kwargs: Any) -> Iterator[Any]:
        counts.update(doc.id or "" for doc, _ in docs)
        return real(docs, **kwargs)

    monkeypatch.setattr(pipeline, "extract_many", counting)
    return counts


def _claim_keys(store: Store) -> Counter[tuple[str, int, str, str | None]]:
    return Counter((c.document_id, c.start, c.predicate, c.subject) for c in store.iter_claims())


@pytest.mark.slow
def test_a_writer_resuming_beside_a_running_one_extracts_nothing_twice(
    db_url: str, tmp_path: Path, extractions: Counter[str]
) -> None:
    corpus = write(tmp_path / "corpus.jsonl", 6)
    items = [i for i in read_inputs([str(corpus)]) if isinstance(i, Document)]
    with Store.open(db_url) as first, Store.open(db_url) as second:
        running_ingest = Ledger(first).ingest(items)
        # The first writer has stored its batch (all six) and recorded one document's claims.
        assert next(running_ingest).status == "new"
        # A second writer starts meanwhile (any ingest first resumes unfinished documents):
        # those the first is working on are not a killed run's leftovers. (It may reassess
        # the subjects the first has recorded claims about: that is no extraction.)
        resumed = [o.document_id for o in Ledger(second).ingest([]) if o.document_id]
        assert resumed == []
        assert second.unfinished_documents(abandoned=True) == []
        assert len(second.unfinished_documents()) == 5
        assert [o.status for o in running_ingest] == ["new"] * 5
        assert max(extractions.values()) == 1 and len(extractions) == 6
        claims = _claim_keys(first)
    assert max(claims.values()) == 1  # no claim twice
    with Store.open(f"sqlite:///{tmp_path / 'serial.db'}") as serial:
        list(ingest_items(read_inputs([str(corpus)]), serial))
        assert claims == _claim_keys(serial)


def test_the_documents_of_a_run_that_ended_are_resumed(db_url: str, tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus.jsonl", 3)
    items = [i for i in read_inputs([str(corpus)]) if isinstance(i, Document)]
    with Store.open(db_url) as first, Store.open(db_url) as second:
        with first.run_lease() as run:
            for item in items:
                first.add_document(item, run=run)
            assert second.unfinished_documents(abandoned=True) == []
        # The run ended without extracting them (as a killed one does): anyone resumes them.
        assert len(second.unfinished_documents(abandoned=True)) == 3
        outcomes = [o for o in Ledger(second).ingest([]) if o.document_id]
        assert [o.status for o in outcomes] == ["repaired"] * 3
    leftovers = [p.name for p in tmp_path.iterdir() if "-run-" in p.name]
    assert leftovers == []  # the run's lock file went with it


_HOLD_A_LEASE = """
import sys, time
from claimledger.store import Store
from claimledger.types import Document
with Store.open(sys.argv[1]) as store, store.run_lease() as run:
    store.add_document(Document(text="Police said Ivan Petrov was arrested.", id="d"), run=run)
    print("stored", flush=True)
    time.sleep(600)
"""


def test_a_killed_runs_documents_are_resumed(db_url: str) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_A_LEASE, db_url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "stored\n"
        with Store.open(db_url) as store:
            assert store.unfinished_documents() == ["d"]
            assert store.unfinished_documents(abandoned=True) == []  # its run is alive
            holder.kill()
            holder.wait(30)
            # PostgreSQL ends the session (and its lock) once it sees the connection close.
            deadline = time.monotonic() + 30
            while not store.unfinished_documents(abandoned=True):
                assert time.monotonic() < deadline, "the killed run's lease never ended"
                time.sleep(0.2)
            assert store.unfinished_documents(abandoned=True) == ["d"]
    finally:
        holder.kill()
        holder.wait(30)
