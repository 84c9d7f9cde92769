"""Run other projects' test inputs (feedparser's ill-formed feeds, warcio's test archives)
through claimledger's readers and count what became of each file.

The inputs stay outside the repository: fetch the projects and name their folders, e.g.

    git clone https://github.com/kurtmckee/feedparser /tmp/feedparser
    git clone https://github.com/webrecorder/warcio /tmp/warcio
    PYTHONPATH=src python benchmarks/upstream_inputs.py \\
        /tmp/feedparser/tests/illformed /tmp/warcio/test/data

Each file is read as if named on the command line (its content sniffed when its extension is
not one claimledger knows). A file is "ingested" when it gave at least one document, "refused"
when it gave only failures with a reason, "silent" when it gave nothing at all (neither a
document nor a reason), and "crashed" when a reader raised or reported a bug
(a reason starting with ``READER_BUG``). Any file taking over 60 s is listed as slow.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from claimledger.ingest import IngestOptions, read_path
from claimledger.ingest.readers import READER_BUG
from claimledger.types import Document, InputFailure

SLOW_SECONDS = 60.0


def outcome(path: Path, options: IngestOptions) -> tuple[str, str]:
    """('ingested' | 'refused' | 'silent' | 'crashed', a one-line detail) for one file."""
    try:
        items = list(read_path(path, options=options))
    except Exception as err:  # a crash is what this script looks for
        return "crashed", f"{type(err).__name__}: {err}\n{traceback.format_exc()}"
    if not items:
        return "silent", "neither a document nor a failure: the file has no outcome"
    failures = [item for item in items if isinstance(item, InputFailure)]
    if any(f.reason.startswith(READER_BUG) for f in failures):
        return "crashed", "; ".join(str(f) for f in failures if f.reason.startswith(READER_BUG))
    docs = sum(1 for item in items if isinstance(item, Document))
    detail = f"{docs} documents, {len(failures)} failures"
    if failures:
        detail += f" (first: {failures[0].reason[:100]})"
    return ("ingested" if docs else "refused"), detail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="files or folders of test inputs")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    options = IngestOptions()
    totals: Counter[str] = Counter()
    slow: list[str] = []
    for folder in args.folders:
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else [folder]
        for path in files:
            start = time.perf_counter()
            kind, detail = outcome(path, options)
            seconds = time.perf_counter() - start
            totals[kind] += 1
            if seconds > SLOW_SECONDS:
                slow.append(f"{path} ({seconds:.0f} s)")
            if args.verbose or kind in {"crashed", "silent"}:
                print(f"{kind:9} {seconds:6.2f}s {path}: {detail}")
    print(
        f"{sum(totals.values())} files: {totals['ingested']} ingested, "
        f"{totals['refused']} cleanly refused, {totals['silent']} with no outcome, "
        f"{totals['crashed']} crashed; "
        f"{len(slow)} over {SLOW_SECONDS:.0f} s {slow}"
    )
    return 1 if totals["crashed"] or totals["silent"] or slow else 0


if __name__ == "__main__":
    sys.exit(main())
