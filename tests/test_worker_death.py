"""An extraction worker that dies (the out-of-memory killer, a SIGKILL, a crash in native code)
does not stop the run: the jobs it held are retried alone in a fresh worker, one that kills its
worker again is reported lost with the reason, and everything else is extracted. Made-up text."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from claimledger.processes import descendants, running
from claimledger.workers import ordered_batch_map, ordered_map

if TYPE_CHECKING:
    from claimledger.store import Store

# The workers import this module to find the functions they run: what it imports at the top
# is imported by every worker, so the pipeline and the store (spaCy, SQLAlchemy) are imported
# only by the tests that run the command line.

SRC = Path(__file__).resolve().parent.parent / "src"
MARKER = "Quillfeather"  # a made-up word: the worker that reads it dies


def _square_or_die(n: int) -> int:
    if n == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.01)
    return n * n


def _squares_or_die(group: list[int]) -> list[int]:
    return [_square_or_die(n) for n in group]


def _die_once(job: tuple[int, str]) -> int:
    """Dies on job 5 the first time only (a flag file says it has died already)."""
    n, flag = job
    if n == 5 and not os.path.exists(flag):
        Path(flag).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def test_the_job_that_kills_its_worker_is_lost_and_the_rest_go_on() -> None:
    lost: list[tuple[int, str]] = []

    def record(job: int, reason: str) -> int:
        lost.append((job, reason))
        return -1

    results = list(ordered_map(_square_or_die, range(20), workers=2, lost=record))
    assert results == [(n, -1 if n == 7 else n * n) for n in range(20)]
    assert [job for job, _ in lost] == [7]
    reason = lost[0][1]
    assert "again when it was retried alone" in reason
    # How it died is read from the pool's processes, which the executor may already have
    # reaped: the signal when it still knows it, else what it saw of the survivors.
    assert "SIGKILL" in reason or "exited with code" in reason or "ended abruptly" in reason


def test_a_worker_killed_once_costs_nothing(tmp_path: Path) -> None:
    flag = str(tmp_path / "died")
    jobs = [(n, flag) for n in range(16)]
    results = list(ordered_map(_die_once, jobs, workers=2, lost=lambda job, reason: -1))
    assert Path(flag).exists(), "the worker never died: nothing was tested"
    assert [r for _, r in results] == [n * n for n in range(16)]


def test_a_batch_loses_only_the_job_that_kills_its_worker() -> None:
    results = list(
        ordered_batch_map(
            _squares_or_die, range(30), batch=4, workers=2, lost=lambda job, reason: -1
        )
    )
    # 7 shared its batch with 4, 5 and 6: they are retried one by one and kept.
    assert results == [(n, -1 if n == 7 else n * n) for n in range(30)]


def test_without_lost_a_dead_worker_still_breaks_the_map() -> None:
    with pytest.raises(BrokenProcessPool):
        list(ordered_map(_square_or_die, range(20), workers=2))


def _corpus(path: Path, count: int, marked: int | None) -> None:
    """``count`` short made-up reports, one per line; ``marked`` holds the marker word."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            text = (
                f"Commander Idris Valen{n}o was killed in an air strike near Tarsh on Monday, "
                f"officials said. His deputy, Omar Keltan{n}, was arrested in Dura on Tuesday."
            )
            if n == marked:
                text += f" The {MARKER} brigade denied it."
            line = {"id": f"report-{n:03d}", "language": "en", "text": text}
            out.write(json.dumps(line) + "\n")


def _env(dies_on: str | None = None) -> dict[str, str]:
    from claimledger.pipeline import DIE_ON_ENV

    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    env.pop(DIE_ON_ENV, None)
    if dies_on is not None:
        env[DIE_ON_ENV] = dies_on
    return env


def _ingest(corpus: Path, db: str, *, dies_on: str | None = None) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "claimledger.cli", "ingest", str(corpus), "--db", db]
    return subprocess.Popen(
        [*argv, "--workers", "2", "--json"],
        env=_env(dies_on),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_run_whose_worker_dies_on_a_document_finishes_and_records_it(tmp_path: Path) -> None:
    corpus, db = tmp_path / "reports.jsonl", f"sqlite:///{tmp_path / 'ledger.db'}"
    _corpus(corpus, 40, marked=11)
    run = _ingest(corpus, db, dies_on=MARKER)
    stdout, stderr = run.communicate(timeout=300)
    # Exit 1: one input refused, with its reason; not 3, the run did not stop.
    assert run.returncode == 1, stderr
    summary = json.loads(stdout)
    # Stored, all 40; one is counted failed (its extraction), the 39 others ingested.
    assert (summary["ingested"], summary["failed"]) == (39, 1)
    assert "an extraction worker died" in stderr
    [failure] = summary["failures"]
    assert "the extraction worker died while reading it" in failure["reason"]
    assert "SIGKILL" in failure["reason"]
    with _open(db) as store:
        assert store.failed_documents() == ["report-011"]
        assert store.unfinished_documents() == []
        extracted = {c.document_id for c in store.iter_claims()}
    assert extracted == {f"report-{n:03d}" for n in range(40)} - {"report-011"}
    # A later ingest leaves it be (no worker dies on it again and again) ...
    again = _ingest(corpus, db, dies_on=MARKER)
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    assert json.loads(stdout)["already_present"] == 40
    # ... and `extract --retry-failed` reads it on request, in a worker process even with
    # one worker: while it still kills its worker it stays failed, and the command says so.
    retry = [sys.executable, "-m", "claimledger.cli", "extract", "--retry-failed", "--db", db]
    still = subprocess.run(retry, env=_env(MARKER), capture_output=True, text=True, timeout=300)
    assert still.returncode == 1, still.stderr
    assert "the extraction worker died while reading it" in still.stderr
    retried = subprocess.run(retry, env=_env(), capture_output=True, text=True, timeout=300)
    assert retried.returncode == 0, retried.stderr
    with _open(db) as store:
        assert store.failed_documents() == []
        assert "report-011" in {c.document_id for c in store.iter_claims()}


def test_a_resumed_document_that_kills_its_process_costs_only_a_worker(tmp_path: Path) -> None:
    # Documents stored without their claims (as a killed run leaves them; here --no-extract),
    # one of them the kind that kills the process reading it: with one worker, extraction
    # runs in the ingest's own process, but a killed run's documents are read in a worker.
    corpus, db = tmp_path / "reports.jsonl", f"sqlite:///{tmp_path / 'ledger.db'}"
    _corpus(corpus, 6, marked=2)
    argv = [sys.executable, "-m", "claimledger.cli", "ingest", str(corpus), "--db", db, "--json"]
    subprocess.run([*argv, "--no-extract"], env=_env(), check=True, capture_output=True)
    resumed = subprocess.run(
        [*argv, "--workers", "1"], env=_env(MARKER), capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 1, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert (summary["already_present"], summary["failed"]) == (6, 1)
    assert "the extraction worker died while reading it" in summary["failures"][0]["reason"]
    with _open(db) as store:
        assert store.failed_documents() == ["report-002"]
        assert store.unfinished_documents() == []
        assert len({c.document_id for c in store.iter_claims()}) == 5


def _open(db: str) -> Store:
    from claimledger.store import Store

    return Store.open(db)


def _workers_of(pid: int) -> set[int]:
    """The extraction workers under ``pid``: children of its forkserver."""
    tree = descendants(pid)
    servers = {p for p in tree if b"forkserver" in _cmdline(p) and _parent_of(p) == pid}
    return {p for p in tree if _parent_of(p) in servers}


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _parent_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_a_worker_killed_mid_run_loses_no_document(tmp_path: Path) -> None:
    corpus, db = tmp_path / "reports.jsonl", f"sqlite:///{tmp_path / 'ledger.db'}"
    _corpus(corpus, 160, marked=None)
    run = _ingest(corpus, db)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(running(workers)) < 2 and time.monotonic() < deadline and run.poll() is None:
        workers = _workers_of(run.pid)
        time.sleep(0.05)
    assert len(running(workers)) == 2, "the two workers did not start"
    time.sleep(0.5)  # busy with their first batches
    os.kill(min(workers), signal.SIGKILL)  # as the out-of-memory killer would
    stdout, stderr = run.communicate(timeout=300)
    assert "an extraction worker died" in stderr, "the kill came after the work was done"
    assert run.returncode == 0, stderr
    summary = json.loads(stdout)
    assert (summary["ingested"], summary["failed"]) == (160, 0)
    with _open(db) as store:
        assert store.failed_documents() == [] and store.unfinished_documents() == []
        assert len({c.document_id for c in store.iter_claims()}) == 160
