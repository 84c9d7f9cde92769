"""Measure blob splitting on the sample: seed.txt against the line ranges in articles.jsonl.

Usage: .venv/bin/python benchmarks/split_seed.py [--seed-dir ../shared/data/seed] [-v]

Prints the gold boundaries (start line of every article after the first), the boundaries found,
exact matches, matches within +-2 lines, spurious boundaries, and how many articles' starts
were found (the first one counts, trivially).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from claimledger.ingest.split import split_blob

DEFAULT_SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed"
TOLERANCE = 2


def gold_starts(seed_dir: Path) -> list[int]:
    with (seed_dir / "articles.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return sorted(int(r["lines"][0]) for r in records)


def nearest(value: int, candidates: list[int]) -> int | None:
    close = [c for c in candidates if abs(c - value) <= TOLERANCE]
    return min(close, key=lambda c: abs(c - value)) if close else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-dir", type=Path, default=DEFAULT_SEED_DIR)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every segment")
    args = parser.parse_args()

    text = (args.seed_dir / "seed.txt").read_text(encoding="utf-8")
    segments = split_blob(text)
    gold = gold_starts(args.seed_dir)[1:]
    found = [s.start_line for s in segments][1:]

    exact = sorted(set(gold) & set(found))
    near = [g for g in gold if nearest(g, found) is not None]
    spurious = [f for f in found if nearest(f, gold) is None]
    print(f"gold boundaries:     {gold}")
    print(f"found boundaries:    {found}")
    print(f"exact matches:       {len(exact)}/{len(gold)} {exact}")
    print(f"within +-{TOLERANCE} lines:   {len(near)}/{len(gold)} {near}")
    print(f"spurious:            {len(spurious)} {spurious}")
    print(f"articles whose start was found (+-{TOLERANCE}): {len(near) + 1}/{len(gold) + 1}")
    if args.verbose:
        for s in segments:
            first = s.text.splitlines()[0][:60]
            print(
                f"  {s.start_line:>4}-{s.end_line:<4} score={s.score:.3f} title={s.title!r} {first}"
            )


if __name__ == "__main__":
    main()
