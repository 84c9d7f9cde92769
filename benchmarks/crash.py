"""Crash safety: kill `claimledger ingest` with SIGKILL at random moments, resume, compare.

For each trial a fresh ledger is ingested from a corpus (the sample replicated with varied ids
and datelines, as in ``throughput.py``) by `claimledger ingest` subprocesses. Each is SIGKILLed
at a random moment (only the main process: its workers and forkserver must go by themselves):
one time in five while it starts (loading models, migrating), else while it writes (a moment
drawn uniformly over the time an uninterrupted run spends writing). Then the harness checks:

- the database and the ledger's consistency (``check-ledger``'s checks; documents stored
  without their claims and out-of-date events are expected after a kill and are not counted as
  corruption, everything else is);
- every document stored before the kill is still there after the resume (none lost);
- no process the killed ingest started is left after a grace period (orphans).

After the kills one more `claimledger ingest` of the same corpus runs to the end; its ledger
must pass every check and equal (``claimledger.store.snapshot``) the ledger of one uninterrupted
ingest of the corpus.

    python benchmarks/crash.py --trials 20 --workers 1 --documents 60
    python benchmarks/crash.py --trials 5 --workers 2 --db postgresql+psycopg://u:p@host:5432/db

On PostgreSQL each trial runs in a schema of its own (dropped afterwards).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from claimledger.processes import descendants, running
from claimledger.store import Store
from claimledger.store.engine import parse_url
from claimledger.store.snapshot import Snapshot, differences, equal, snapshot

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import write_corpus

ROOT = Path(__file__).resolve().parent.parent
# Findings a kill is expected to leave, finished by the next ingest; any other is corruption.
EXPECTED_AFTER_KILL = {"documents stored without their claims", "subjects with events out of date"}
ORPHAN_GRACE_SECONDS = 5.0


@dataclass
class Trial:
    number: int
    kills: int = 0
    killed_at: list[float] = field(default_factory=list)
    corrupted: list[str] = field(default_factory=list)
    lost_documents: int = 0
    orphans: int = 0
    equal: bool = False
    differences: dict = field(default_factory=dict)
    resume_exit: int | None = None
    repaired: dict = field(default_factory=dict)


def ingest_command(corpus: Path, url: str, workers: int, *, as_json: bool = False) -> list[str]:
    command = [sys.executable, "-m", "claimledger.cli", "ingest", str(corpus), "--db", url]
    command += ["--workers", str(workers), "--json" if as_json else "--quiet"]
    return command


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def run_to_end(corpus: Path, url: str, workers: int) -> tuple[int, dict]:
    done = subprocess.run(
        ingest_command(corpus, url, workers, as_json=True),
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        summary = json.loads(done.stdout)
    except json.JSONDecodeError:
        summary = {"stderr": done.stderr[-2000:]}
    return done.returncode, summary


def stored_count(url: str) -> int:
    """Document versions in the ledger (0 before its tables exist)."""
    engine = create_engine(parse_url(url))
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM document_versions")).scalar())
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def first_write(process: subprocess.Popen[bytes], url: str, seen: set[int]) -> float:
    """Wait until the ingest has stored a document (or ended); returns when, on the clock."""
    while process.poll() is None and stored_count(url) == 0:
        seen |= descendants(process.pid)
        time.sleep(0.05)
    return time.monotonic()


def kill_once(
    corpus: Path, url: str, workers: int, after: float, *, from_first_write: bool
) -> tuple[bool, int]:
    """Start an ingest and SIGKILL it ``after`` seconds in (after its first write, when
    ``from_first_write``); returns (killed, orphans left)."""
    process = subprocess.Popen(
        ingest_command(corpus, url, workers), env=environment(), stderr=subprocess.DEVNULL
    )
    seen: set[int] = set()
    start = first_write(process, url, seen) if from_first_write else time.monotonic()
    deadline = start + after
    while time.monotonic() < deadline and process.poll() is None:
        seen |= descendants(process.pid)
        time.sleep(0.05)
    if process.poll() is not None:  # finished before the kill
        return False, 0
    seen |= descendants(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    end = time.monotonic() + ORPHAN_GRACE_SECONDS
    while running(seen) and time.monotonic() < end:
        time.sleep(0.1)
    left = running(seen)
    for pid in left:  # do not let one trial's orphans disturb the next
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return True, len(left)


def corruption(store: Store) -> list[str]:
    """Findings a kill must never cause (see EXPECTED_AFTER_KILL)."""
    return [
        f"{f.check}: {f.problems}"
        for f in store.check_consistency()
        if not f.ok and f.check not in EXPECTED_AFTER_KILL
    ]


def stored_documents(store: Store) -> set[str]:
    return {d.document_id for d in store.iter_documents()}


@contextmanager
def fresh_ledger(base: str, workdir: Path, name: str) -> Iterator[str]:
    """The URL of an empty ledger: an SQLite file in ``workdir``, or a PostgreSQL schema."""
    if base == "sqlite":
        yield f"sqlite:///{workdir / (name + '.db')}"
        return
    parsed = parse_url(base)
    schema = f"crash_{name}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def reference(corpus: Path, url: str, workers: int) -> tuple[Snapshot, float, float]:
    """The uninterrupted ledger, the seconds its run took to start writing, and to write."""
    started = time.monotonic()
    process = subprocess.Popen(
        ingest_command(corpus, url, workers), env=environment(), stderr=subprocess.PIPE
    )
    writing = first_write(process, url, set())
    _, errors = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"the uninterrupted ingest failed ({process.returncode}): {errors}")
    startup, seconds = writing - started, time.monotonic() - writing
    with Store.open(url) as store:
        problems = [f.check for f in store.check_consistency() if not f.ok]
        if problems:
            raise SystemExit(f"the uninterrupted ingest's ledger fails checks: {problems}")
        return snapshot(store), startup, seconds


def trial(
    number: int,
    args: argparse.Namespace,
    corpus: Path,
    expected: Snapshot,
    spans: tuple[float, float],
    url: str,
) -> Trial:
    rng = random.Random(args.seed * 1000 + number)
    result = Trial(number)
    stored_before: set[str] = set()  # documents committed before some kill
    for _ in range(args.kills):
        starting = rng.random() < 0.2
        after = rng.uniform(0, spans[0] if starting else spans[1])
        killed, orphans = kill_once(corpus, url, args.workers, after, from_first_write=not starting)
        if not killed:
            continue
        result.kills += 1
        result.killed_at.append(round(after, 2))
        result.orphans += orphans
        with Store.open(url) as store:
            result.corrupted += corruption(store)
            stored_before |= stored_documents(store)
    result.resume_exit, summary = run_to_end(corpus, url, args.workers)
    result.repaired = summary.get("repaired", {})
    with Store.open(url) as store:
        problems = [f"{f.check}: {f.problems}" for f in store.check_consistency() if not f.ok]
        result.corrupted += [f"after resume: {p}" for p in problems]
        found = snapshot(store)
        after = stored_documents(store)
    result.lost_documents = len(stored_before - after)
    result.equal = equal(expected, found)
    if not result.equal:
        result.differences = differences(expected, found)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--documents", type=int, default=60, help="corpus size")
    parser.add_argument("--kills", type=int, default=2, help="SIGKILLs per trial")
    parser.add_argument("--db", default="sqlite", help="'sqlite' or a PostgreSQL URL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write the trials as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimledger-crash-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus.jsonl"
        write_corpus(corpus, args.documents)
        with fresh_ledger(args.db, workdir, "reference") as url:
            expected, startup, span = reference(corpus, url, args.workers)
        print(
            f"uninterrupted ingest of {args.documents} documents: {startup:.1f} s to start, "
            f"{span:.1f} s writing",
            flush=True,
        )
        trials = []
        for number in range(args.trials):
            with fresh_ledger(args.db, workdir, f"trial{number}") as url:
                done = trial(number, args, corpus, expected, (startup, span), url)
            trials.append(done)
            print(json.dumps(asdict(done)), flush=True)
    report(trials, args)


def report(trials: list[Trial], args: argparse.Namespace) -> None:
    totals = {
        "trials": len(trials),
        "workers": args.workers,
        "database": "sqlite" if args.db == "sqlite" else "postgresql",
        "documents": args.documents,
        "kills": sum(t.kills for t in trials),
        "corrupted_ledgers": sum(1 for t in trials if t.corrupted),
        "lost_documents": sum(t.lost_documents for t in trials),
        "orphan_processes": sum(t.orphans for t in trials),
        "equal_to_uninterrupted": sum(1 for t in trials if t.equal),
        "resume_exit_nonzero": sum(1 for t in trials if t.resume_exit != 0),
        "repaired_documents": sum(t.repaired.get("documents", 0) for t in trials),
    }
    print(json.dumps(totals, indent=2))
    if args.out:
        payload = {"totals": totals, "trials": [asdict(t) for t in trials]}
        args.out.write_text(json.dumps(payload, indent=2, default=str))


if __name__ == "__main__":
    main()
