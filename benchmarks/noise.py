"""Noise on ordinary web pages: how many claims and events pages that are not war news give.

Most of the web is not about anyone being killed, captured or released, yet its sentences are
full of the same verbs ("we released a new version", "people are dying to get in"). Given a
folder of HTML pages (for instance trafilatura's evaluation pages, kept outside the
repository), this ingests them through the project's normal path (directory walk, HTML reader,
normalisation and language detection, store, extraction, resolution, reassessment) into a
temporary SQLite ledger and prints, per detected language, the pages, claims and events, and
both per 1,000 pages. ``--sample N --seed S`` then prints N claims drawn at random from the
English pages (sentence, predicate, subject), to judge by hand how many are real claims.

    .venv/bin/python benchmarks/noise.py /tmp/trafilatura-pages
    .venv/bin/python benchmarks/noise.py /tmp/trafilatura-pages --sample 50 --seed 1
    .venv/bin/python benchmarks/noise.py PAGES --db benchmarks/out/noise.db   # keep the ledger

Never copy the pages, nor claims quoted from them, into the repository.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.ingest import IngestOptions, read_inputs
from claimledger.pipeline import PipelineOptions, ingest_items
from claimledger.store import Store
from claimledger.types import Claim

logger = logging.getLogger(__name__)

UNKNOWN = "?"  # pages whose language was not detected


@dataclass
class Tally:
    """What the ledger holds after the run, per detected language."""

    pages: Counter[str] = field(default_factory=Counter)
    claims: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    by_language: dict[str, list[Claim]] = field(default_factory=dict)


def ingest(pages: Path, db_url: str, *, workers: int) -> int:
    """Ingest every page of the folder into the ledger; the number of failed items."""
    failed = 0
    with Store.open(db_url) as store:
        items = read_inputs([pages], options=IngestOptions(extensions=frozenset({".html"})))
        for outcome in ingest_items(items, store, options=PipelineOptions(workers=workers)):
            if outcome.status == "failed":
                failed += 1
                logger.info("failed: %s: %s", outcome.origin, outcome.reason)
    return failed


def tally(db_url: str) -> Tally:
    """Pages, claims and events per language of the ledger's documents.

    An event counts in every language one of its claims was written in (almost always one).
    """
    result = Tally()
    with Store.open(db_url) as store:
        language: dict[str, str] = {}
        for doc in store.iter_documents():
            code = doc.language or UNKNOWN
            language[doc.document_id] = code
            result.pages[code] += 1
        claim_language: dict[str, str] = {}
        for claim in store.iter_claims():
            code = language.get(claim.document_id, UNKNOWN)
            result.claims[code] += 1
            result.by_language.setdefault(code, []).append(claim)
            if claim.id is not None:
                claim_language[claim.id] = code
        for event in store.iter_events():
            for code in {claim_language[c] for c in event.claims if c in claim_language}:
                result.events[code] += 1
    return result


def print_table(result: Tally, out: list[str]) -> None:
    out.append(f"{'language':<10}{'pages':>7}{'claims':>8}{'events':>8}{'claims/1k':>11}"
               f"{'events/1k':>11}")  # fmt: skip
    codes = sorted(result.pages, key=lambda c: (-result.pages[c], c))
    rows = [(c, result.pages[c], result.claims[c], result.events[c]) for c in codes]
    total = ("all", result.pages.total(), result.claims.total(), result.events.total())
    for code, pages, claims, events in [*rows, total]:
        per = 1000 / pages if pages else 0.0
        out.append(
            f"{code:<10}{pages:>7}{claims:>8}{events:>8}{claims * per:>11.0f}{events * per:>11.0f}"
        )


def print_sample(claims: Sequence[Claim], size: int, seed: int, out: list[str]) -> None:
    """``size`` claims drawn at random, numbered, for judging by hand."""
    drawn = random.Random(seed).sample(list(claims), min(size, len(claims)))
    out.append(f"\n{len(drawn)} of {len(claims)} English claims (seed {seed}):")
    for k, claim in enumerate(drawn, 1):
        quote = " ".join(claim.quote.split())
        out.append(f"\n{k:>3}. {claim.predicate} | {claim.subject} | {claim.modality}")
        out.append(textwrap.fill(quote, 100, initial_indent="     ", subsequent_indent="     "))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, help="folder of HTML pages (searched recursively)")
    parser.add_argument("--workers", type=int, default=2, help="extraction worker processes")
    parser.add_argument("--sample", type=int, default=0, help="English claims to print")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random sample")
    parser.add_argument("--db", type=Path, help="keep the ledger in this SQLite file")
    parser.add_argument("--reuse", action="store_true", help="count an existing --db only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if not args.pages.is_dir():
        parser.error(f"{args.pages} is not a folder")
    if args.reuse and args.db is None:
        parser.error("--reuse needs --db")
    with tempfile.TemporaryDirectory(prefix="claimledger-noise-") as tmp:
        db = args.db or Path(tmp) / "noise.db"
        if db.exists() and not args.reuse:
            parser.error(f"{db} exists; remove it or pass --reuse")
        url = f"sqlite:///{db}"
        started = time.perf_counter()
        failed = 0 if args.reuse else ingest(args.pages, url, workers=args.workers)
        result = tally(url)
    out = [f"{args.pages}: ingested in {time.perf_counter() - started:.0f} s, {failed} failed"]
    print_table(result, out)
    if args.sample:
        print_sample(result.by_language.get("en", []), args.sample, args.seed, out)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
