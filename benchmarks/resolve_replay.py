"""Entity resolution alone, replayed from a ledger: its pace per window, and its decisions.

Extraction costs far more than resolution, so a ledger's growing resolution cost hides in an
ingest run; this replays the resolution of a ledger already built (``throughput.py`` leaves
one in ``benchmarks/out/``): each extracted document's stored mentions, its text and date, in
the order they were ingested, through ``Resolver.resolve_document`` with a fresh index, as
``claimledger.pipeline.Ledger.record`` calls it. It prints the resolution time of each window
of documents and the index size, and can write the entity each mention got (``--decisions``):
two runs of different code on the same ledger resolved alike when those files are identical.

    .venv/bin/python benchmarks/resolve_replay.py benchmarks/out/throughput-diverse-w2.db \\
        --decisions /tmp/decisions.tsv
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

from claimledger.resolve.aliases import harvest_aliases
from claimledger.resolve.context import DocumentContext
from claimledger.resolve.resolver import Resolver
from claimledger.types import Mention

_DOCUMENTS = text(
    "SELECT v.id, v.document_id, v.text, v.published_at FROM document_versions v "
    "WHERE v.not_extracted IS NULL AND EXISTS (SELECT 1 FROM mentions m "
    "WHERE m.document_version_id = v.id) ORDER BY v.id"
)
_MENTIONS = text(
    "SELECT start_offset, end_offset, text, label FROM mentions "
    "WHERE document_version_id = :v ORDER BY id"
)


@dataclass(frozen=True)
class Stored:
    document_id: str
    text: str
    published_at: date | None
    mentions: tuple[Mention, ...]


def stored_documents(db: Path, limit: int | None) -> Iterator[Stored]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(_DOCUMENTS).fetchall()[:limit]
        for version, document_id, body, published in rows:
            mentions = tuple(
                Mention(document_id, start, end, mtext, label)
                for start, end, mtext, label in conn.execute(_MENTIONS, {"v": version})
            )
            day = date.fromisoformat(str(published)[:10]) if published else None
            yield Stored(document_id, body, day, mentions)


def replay(docs: Sequence[Stored], window: int, decisions: Path | None) -> list[float]:
    resolver = Resolver()
    paces, out, started = [], [], time.perf_counter()
    for n, doc in enumerate(docs, start=1):
        context = DocumentContext.from_text(doc.document_id, doc.text, doc.published_at)
        resolved = resolver.resolve_document(doc.mentions, context, harvest_aliases(doc.text))
        out.append(resolved)
        if n % window == 0:
            now = time.perf_counter()
            paces.append(window / (now - started))
            print(
                f"documents {n - window + 1}-{n}: {paces[-1]:.0f} documents/s resolved, "
                f"{len(resolver.index)} entities",
                flush=True,
            )
            started = now
    if decisions is not None:
        with decisions.open("w", encoding="utf-8") as handle:
            for resolved in out:
                for m in resolved:
                    entity = resolver.canonical_id(m.entity_id) if m.entity_id else ""
                    handle.write(f"{m.document_id}\t{m.start}\t{m.end}\t{entity}\n")
    return paces


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="SQLite ledger to replay")
    parser.add_argument("--limit", type=int, default=None, help="documents to replay")
    parser.add_argument("--window", type=int, default=1000, help="documents per window")
    parser.add_argument("--decisions", type=Path, help="write each mention's entity here")
    parser.add_argument("--profile", action="store_true", help="print the top of a profile")
    args = parser.parse_args(argv)
    docs = list(stored_documents(args.db, args.limit))
    print(f"{len(docs)} documents, {sum(len(d.mentions) for d in docs)} mentions")
    if not args.profile:
        paces = replay(docs, args.window, args.decisions)
    else:
        profiler = cProfile.Profile()
        paces = profiler.runcall(replay, docs, args.window, args.decisions)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    if len(paces) >= 2:
        print(f"last/first window pace: {paces[-1] / paces[0]:.2f}")


if __name__ == "__main__":
    main()
