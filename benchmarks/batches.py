"""The cost of a batch of real pages as the ledger grows: N batches of M pages into one ledger.

The pages of a folder (any format the readers take: HTML, feeds, WARC, JSONL, text), sorted by
path, are cut into ``--batches`` batches of ``--size`` files and ingested one batch after the
other into one fresh SQLite ledger, through the code ``claimledger ingest`` runs (readers,
store, extraction workers, resolution, reassessment). Each batch prints its seconds (wall and
this process's CPU) and the ledger's size after it; the last line gives the last batch's time
against the first's. A cost per page that grows with the ledger shows as a rising ratio.

    .venv/bin/python benchmarks/batches.py /tmp/trafilatura-pages --batches 5 --size 200

The pages are not in the repository: the issue's measure used a public extraction test
collection (trafilatura's ``tests/eval`` and ``tests/cache``; ``benchmarks/noise.py`` says how
to get them).
"""

from __future__ import annotations

import argparse
import logging
import resource
import tempfile
import time
from pathlib import Path

from claimledger.ingest import IngestOptions, read_inputs
from claimledger.pipeline import PipelineOptions, ingest_items
from claimledger.store import Store


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def run(folder: Path, batches: int, size: int, workers: int) -> list[float]:
    pages = _pages(folder)
    if len(pages) < batches * size:
        raise SystemExit(f"{folder}: {len(pages)} files, fewer than {batches} x {size}")
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'batches.db'}"
        options = PipelineOptions(workers=workers)
        for number in range(batches):
            chosen = pages[number * size : (number + 1) * size]
            with Store.open(url) as store:
                wall, cpu = time.perf_counter(), _cpu()
                outcomes = list(
                    ingest_items(
                        read_inputs(chosen, options=IngestOptions()), store, options=options
                    )
                )
                wall, cpu = time.perf_counter() - wall, _cpu() - cpu
                entities = sum(1 for _ in store.iter_entities())
                claims = store.count_claims()
            times.append(wall)
            stored = sum(o.status in ("new", "new_version") for o in outcomes)
            print(
                f"batch {number + 1}: {wall:6.1f} s wall, {cpu:6.1f} s main CPU, "
                f"{stored} documents stored, ledger {entities} entities, {claims} claims",
                flush=True,
            )
    print(f"last batch / first batch: {times[-1] / times[0]:.2f}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    run(args.folder, args.batches, args.size, args.workers)


if __name__ == "__main__":
    main()
