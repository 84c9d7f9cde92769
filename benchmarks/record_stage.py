"""Main-process cost per article: store the document, resolve its mentions, write its claims.

With extraction in worker processes, the main process still does, for every article, what
``claimledger.pipeline`` runs outside the workers: ``Store.add_document`` (store), then
``Ledger.record``: ``Resolver.resolve_document`` (resolve) and ``Store.record_extraction``
(write), plus the document context and alias harvesting around them (other). This script
extracts the replicated corpus of ``throughput.py`` once (or loads the extractions a previous
run saved with ``--extractions``), then times only those main-process stages, per article, into
a fresh database, and prints the median and mean milliseconds per article of each stage. The
closing reassessment is timed apart (a real run reassesses once per 1,000 articles).

    .venv/bin/python benchmarks/record_stage.py                           # 300 articles
    .venv/bin/python benchmarks/record_stage.py --extractions benchmarks/out/record-300.pickle
    .venv/bin/python benchmarks/record_stage.py --profile benchmarks/out/record.prof
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import pickle
import pstats
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from throughput import OUT, SAMPLE, replicate

from claimledger.extract.claims import Extraction, extract_claims
from claimledger.ingest import IngestOptions, read_inputs
from claimledger.pipeline import Ledger
from claimledger.store import Store
from claimledger.types import Document

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
Extracted = list[tuple[Document, Extraction]]


@dataclass
class StageTimes:
    """Milliseconds per call of each timed stage, in call order."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def timed(self, stage: str, function: F) -> F:
        """``function`` that also adds its duration to ``stage``."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.ms[stage].append((time.perf_counter() - started) * 1000)

        return wrapper  # type: ignore[return-value]

    def lines(self) -> list[str]:
        out = [f"{'stage':<10} {'median ms':>10} {'mean ms':>10} {'total s':>9}"]
        for stage, values in self.ms.items():
            out.append(
                f"{stage:<10} {statistics.median(values):>10.2f} "
                f"{statistics.fmean(values):>10.2f} {sum(values) / 1000:>9.2f}"
            )
        return out


def extract_corpus(articles: int, out: Path) -> Extracted:
    """The replicated corpus read as ``claimledger ingest`` reads it, each document extracted."""
    corpus = out / f"record-{articles}.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for record in replicate(SAMPLE, articles):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    docs = [d for d in read_inputs([corpus], options=IngestOptions()) if isinstance(d, Document)]
    extracted = []
    for n, doc in enumerate(docs, start=1):
        extracted.append((doc, extract_claims(doc, document_id=doc.id or "")))
        if n % 50 == 0:
            logger.info("extracted %d of %d", n, len(docs))
    return extracted


def load_or_extract(articles: int, out: Path, saved: Path | None) -> Extracted:
    if saved is not None and saved.exists():
        with saved.open("rb") as handle:
            extracted: Extracted = pickle.load(handle)  # a file this script wrote
        return extracted[:articles]
    extracted = extract_corpus(articles, out)
    if saved is not None:
        with saved.open("wb") as handle:
            pickle.dump(extracted, handle)
    return extracted


def run(extracted: Extracted, url: str) -> tuple[StageTimes, float]:
    """Store and record every extracted document as the pipeline's main process does; returns
    the stage times and the seconds of the closing reassessment."""
    times = StageTimes()
    with Store.open(url) as store:
        ledger = Ledger(store)
        add_document = times.timed("store", store.add_document)
        ledger.resolver.resolve_document = times.timed(  # type: ignore[method-assign]
            "resolve", ledger.resolver.resolve_document
        )
        store.record_extraction = times.timed(  # type: ignore[method-assign]
            "write", store.record_extraction
        )
        record = times.timed("record", ledger.record)
        for doc, extraction in extracted:
            result = add_document(doc)
            if result.status != "present":
                record(doc, extraction)
        started = time.perf_counter()
        ledger.reassess_dirty()
        reassess = time.perf_counter() - started
    _derive(times)
    return times, reassess


def _derive(times: StageTimes) -> None:
    """'other' is the part of ``record`` that is neither resolve nor write; 'main' is all."""
    stages = zip(
        times.ms["store"], times.ms["record"], times.ms["resolve"], times.ms["write"], strict=True
    )
    times.ms["other"] = [rec - res - wr for _, rec, res, wr in stages]
    times.ms["main"] = [s + r for s, r in zip(times.ms["store"], times.ms["record"], strict=True)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="articles to record")
    parser.add_argument("--out", type=Path, default=OUT, help="directory for corpus and db")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file in --out)")
    parser.add_argument(
        "--extractions", type=Path, help="pickle of extractions: loaded if it exists, else saved"
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed run here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args.out.mkdir(parents=True, exist_ok=True)
    extracted = load_or_extract(args.articles, args.out, args.extractions)
    url = args.db
    if url is None:
        db_path = args.out / "record-stage.db"
        for stale in args.out.glob(db_path.name + "*"):
            stale.unlink()
        url = f"sqlite:///{db_path}"
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    times, reassess = run(extracted, url)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(30)
    print(f"{len(extracted)} articles, main-process stages per article:")
    print("\n".join(times.lines()))
    per_article = reassess * 1000 / max(len(extracted), 1)
    print(f"closing reassessment: {reassess:.2f} s ({per_article:.2f} ms per article)")


if __name__ == "__main__":
    main()
