"""Crash safety: an ingest killed with SIGKILL resumes to the ledger of an uninterrupted one,
leaves no process behind, and the CLI tells a crashed run from one that refused some inputs.

The long version (many kills at random moments, both databases) is ``benchmarks/crash.py``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.ingest import read_inputs
from claimledger.pipeline import IngestOutcome, ingest_items
from claimledger.processes import descendants, running
from claimledger.store import Store
from claimledger.store.snapshot import differences, snapshot
from claimledger.types import Document
from ledger_corpus import write

pytestmark = pytest.mark.slow

SRC = Path(__file__).resolve().parent.parent / "src"
# Findings a kill is expected to leave (the next ingest finishes them); any other is corruption.
AFTER_A_KILL = {"documents stored without their claims", "subjects with events out of date"}


def _ingest_process(corpus: Path, db: Path, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "claimledger.cli", "ingest", str(corpus)]
    command += ["--db", f"sqlite:///{db}", "--workers", str(workers), "--quiet"]
    return subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM document_versions").fetchone()[0])
    except sqlite3.Error:  # not created or not migrated yet
        return 0


def _kill_when(process: subprocess.Popen[bytes], db: Path, stored: int, helpers: int) -> set[int]:
    """SIGKILL the ingest once ``stored`` versions are in the database and ``helpers``
    descendants run; returns the descendants it had (to look for orphans)."""
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        seen |= descendants(process.pid)
        if _stored(db) >= stored and len(running(seen)) >= helpers:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the ingest ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    return seen


def _corruption(store: Store) -> list[str]:
    return [f.check for f in store.check_consistency() if not f.ok and f.check not in AFTER_A_KILL]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write(tmp_path / "corpus.jsonl", 40)


@pytest.fixture
def uninterrupted(corpus: Path, tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'reference.db'}") as store:
        outcomes = list(ingest_items(read_inputs([str(corpus)]), store))
        assert {o.status for o in outcomes} == {"new"}
        yield store


def test_killed_ingests_resume_to_the_ledger_of_an_uninterrupted_one(
    corpus: Path, tmp_path: Path, uninterrupted: Store
) -> None:
    db = tmp_path / "killed.db"
    # Killed: while storing the first documents; later in the run; with two workers (whose
    # processes must go with it).
    for stored, workers in ((1, 1), (20, 1), (_stored(db) + 1, 2)):
        helpers = 3 if workers > 1 else 0  # the forkserver and two workers
        seen = _kill_when(_ingest_process(corpus, db, workers), db, max(stored, 1), helpers)
        deadline = time.monotonic() + 15
        while running(seen) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(seen), "processes of the killed ingest were left behind"
        with Store.open(f"sqlite:///{db}") as store:
            assert _corruption(store) == []
    with Store.open(f"sqlite:///{db}") as store:
        before = {d.document_id for d in store.iter_documents()}
        outcomes = list(ingest_items(read_inputs([str(corpus)]), store))
        assert not [o for o in outcomes if o.status == "failed"]
        assert before <= {d.document_id for d in store.iter_documents()}
        assert [f.check for f in store.check_consistency() if not f.ok] == []
        found = snapshot(store)
    expected = snapshot(uninterrupted)
    assert differences(expected, found) == differences(expected, expected)


def test_a_document_stored_without_its_claims_is_extracted_by_the_next_ingest(
    corpus: Path, sqlite_store: Store, uninterrupted: Store
) -> None:
    items = list(read_inputs([str(corpus)]))
    # As a run killed between storing a batch and recording its claims leaves the ledger.
    list(ingest_items(items[:10], sqlite_store))
    for item in items[10:16]:
        assert isinstance(item, Document)
        sqlite_store.add_document(item)
    assert len(sqlite_store.unfinished_documents()) == 6
    outcomes = list(ingest_items(items, sqlite_store))
    repaired = [o for o in outcomes if o.status == "repaired"]
    assert [o.document_id for o in repaired] == [f"item-{n:04d}" for n in range(10, 16)]
    assert sqlite_store.unfinished_documents() == []
    assert snapshot(sqlite_store) == snapshot(uninterrupted)


def test_events_left_out_of_date_are_reassessed_by_the_next_ingest(
    corpus: Path, sqlite_store: Store
) -> None:
    list(ingest_items(read_inputs([str(corpus)]), sqlite_store))
    events = sqlite_store.stats()["events"]
    # As a run killed after recording claims, before reassessing their subjects, leaves it.
    subjects = sqlite_store.subject_ids()
    sqlite_store.replace_events([])
    with sqlite_store._transaction("mark") as session:
        from claimledger.store.resolution import mark_stale

        mark_stale(session, subjects)
    outcomes = list(ingest_items([], sqlite_store))
    assert [o.repaired_subjects for o in outcomes] == [len(subjects)]
    assert sqlite_store.stats()["events"] == events
    assert sqlite_store.stale_subjects() == []


def test_the_summary_says_what_a_resumed_run_repaired(corpus: Path, sqlite_url: str) -> None:
    items = list(read_inputs([str(corpus)]))
    with Store.open(sqlite_url) as store:
        for item in items[:3]:
            assert isinstance(item, Document)
            store.add_document(item)
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert "repaired: 3 documents stored without their claims" in result.output
    assert "37 ingested" in result.output


def test_a_crashed_run_prints_its_summary_and_exits_3(
    corpus: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def breaks(*_args: object, **_kwargs: object) -> Iterator[IngestOutcome]:
        yield IngestOutcome("corpus.jsonl", "new", "item-0000", 1, claims=2)
        yield IngestOutcome("corpus.jsonl", "failed", reason="not JSON", line=2)
        raise RuntimeError("the disk went away")

    monkeypatch.setattr("claimledger.pipeline.ingest_items", breaks)  # imported by the command
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", sqlite_url])
    assert result.exit_code == 3
    assert "the run stopped after 2 inputs: RuntimeError: the disk went away" in result.output
    assert "1 ingested (0 new versions), 0 already present, 1 failed" in result.output


def test_refused_inputs_exit_1_not_3(tmp_path: Path, sqlite_url: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Omar Qadiri was killed."}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(bad), "--db", sqlite_url])
    assert result.exit_code == 1
    assert "1 failed" in result.output
