"""Several `claimledger ingest` processes on one ledger at once, against one serial ingest.

The corpus (the sample replicated with varied ids and datelines, as in ``throughput.py``) is
ingested once by one process (the serial ledger), then by ``--writers`` processes started at the
same moment on a new ledger (so they also race to migrate it), either each with a slice of the
corpus (``--inputs distinct``) or each with all of it (``--inputs identical``). Reported: exit
codes and errors, documents lost or duplicated, and entities, events and claims against the
serial ledger (by content: an entity's id depends on which document named it first), and the
documents extracted twice (by a writer resuming what a live one was extracting).

    python benchmarks/concurrent_writers.py --writers 4 --inputs distinct --documents 120
    python benchmarks/concurrent_writers.py --inputs identical --db postgresql+psycopg://u:p@h:5432/db
    python benchmarks/concurrent_writers.py --writers 2 --inputs identical --stagger 8
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimledger.store import Store
from claimledger.store.snapshot import Snapshot, differences, snapshot

# Not "concurrent.py": run as a script, the benchmarks directory comes first on sys.path, and
# that name would shadow the standard library's `concurrent` package for every script here.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash import environment, fresh_ledger  # a sibling benchmark module
from throughput import write_corpus


def slices(corpus: Path, writers: int, workdir: Path) -> list[Path]:
    """The corpus cut into ``writers`` interleaved slices (each writer meets every kind of
    article, so the writers name the same people at the same time)."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    paths = []
    for n in range(writers):
        path = workdir / f"slice{n}.jsonl"
        path.write_text("".join(lines[n::writers]), encoding="utf-8")
        paths.append(path)
    return paths


def ingest(paths: list[Path], url: str, workers: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "claimledger.cli", "ingest", *map(str, paths)]
    command += ["--db", url, "--workers", str(workers), "--json"]
    return subprocess.Popen(
        command, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def serial(corpus: Path, url: str, workers: int) -> tuple[Snapshot, float]:
    started = time.monotonic()
    process = ingest([corpus], url, workers)
    _, errors = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"the serial ingest failed ({process.returncode}): {errors[-2000:]}")
    with Store.open(url) as store:
        return snapshot(store, ids=False), time.monotonic() - started


def concurrent(inputs: list[list[Path]], url: str, workers: int, stagger: float = 0.0) -> dict:
    started = time.monotonic()
    processes = []
    for n, paths in enumerate(inputs):
        if n and stagger:  # a writer starting while the others are in the middle of their run
            time.sleep(stagger)
        processes.append(ingest(paths, url, workers))
    results = [p.communicate() for p in processes]
    seconds = time.monotonic() - started
    codes = [p.returncode for p in processes]
    errors = [
        err.strip().splitlines()[-1]
        for (_, err), c in zip(results, codes, strict=True)
        if c and err
    ]
    summaries = []
    for out, _ in results:
        try:
            summaries.append(json.loads(out))
        except json.JSONDecodeError:
            summaries.append({})
    with Store.open(url) as store:
        problems = [f"{f.check}: {f.problems}" for f in store.check_consistency() if not f.ok]
        found = snapshot(store, ids=False)
        stats = store.stats()
    return {
        "seconds": round(seconds, 1),
        "exit_codes": codes,
        "errors": errors,
        "ingested": sum(s.get("ingested", 0) for s in summaries),
        "already_present": sum(s.get("already_present", 0) for s in summaries),
        "repaired": sum(s.get("repaired", {}).get("documents", 0) for s in summaries),
        "failed": sum(s.get("failed", 0) for s in summaries),
        "check_problems": problems,
        "stats": stats,
        "snapshot": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--inputs", choices=("distinct", "identical"), default="distinct")
    parser.add_argument("--documents", type=int, default=120, help="corpus size")
    parser.add_argument("--workers", type=int, default=1, help="extraction workers per writer")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--stagger", type=float, default=0.0, help="seconds between the writers' starts"
    )
    parser.add_argument("--db", default="sqlite", help="'sqlite' or a PostgreSQL URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimledger-concurrent-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus.jsonl"
        write_corpus(corpus, args.documents)
        with fresh_ledger(args.db, workdir, "serial") as url:
            expected, seconds = serial(corpus, url, args.workers)
        print(f"serial ingest of {args.documents} documents: {seconds:.1f} s", flush=True)
        if args.inputs == "distinct":
            inputs = [[p] for p in slices(corpus, args.writers, workdir)]
        else:
            inputs = [[corpus] for _ in range(args.writers)]
        for run in range(args.runs):
            with fresh_ledger(args.db, workdir, f"run{run}") as url:
                result = concurrent(inputs, url, args.workers, args.stagger)
            found = result.pop("snapshot")
            result["against_serial"] = differences(expected, found)
            # Each document is stored by one writer; the others find it present. A writer that
            # extracted a document another recorded first reports it present too: the excess.
            stored_once = args.documents * (args.writers - 1 if args.inputs == "identical" else 0)
            result["extracted_twice"] = result["already_present"] - stored_once
            result.update(writers=args.writers, inputs=args.inputs, documents=args.documents)
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
