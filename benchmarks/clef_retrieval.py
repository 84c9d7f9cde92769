"""Has this been claimed before? Retrieval measured on CLEF CheckThat! verified-claim retrieval.

Each Snopes verified claim becomes a ledger entry (one document, one claim: the quote is the
claim, the subject the fact-check's title) in a temporary SQLite ledger; each tweet goes
through ``claimledger.retrieve.search_claims``, the same function ``check`` calls. Writes a TREC
run file per setting to ``benchmarks/out/`` and prints MAP@k (official: MAP@5), lexical only
and with the embedding rerank (when the semantic extra is installed).

MAP@k = mean over queries with a gold claim of AP@k, where
AP@k(q) = (1 / |R_q|) * sum_{i=1..k} P@i * rel_q(i), R_q the gold claims of q, P@i the share
of gold claims in the first i results and rel_q(i) 1 when result i is gold (trec_eval map_cut).

Parameters were chosen on the train and dev queries; report the test split.

    .venv/bin/python benchmarks/clef_retrieval.py [--data DIR] [--dataset 2021|2020]
        [--split test|dev|train] [--k 5] [--no-rerank]
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimledger import semantic
from claimledger.retrieve import Hit, claim_text, search_claims
from claimledger.store import Store
from claimledger.store import claims as claims_ops
from claimledger.store import documents as document_ops
from claimledger.types import Claim, Document

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OUT = Path(__file__).resolve().parent / "out"
CHUNK = 2_000
DEPTH = 20  # results written per query to the run file
PUBLISHED = "2021 2A English: BM25 baseline 0.818, best systems about 0.88-0.95 (MAP@5)"
EXTRACTOR = "clef.vclaim.v1"


@dataclass(frozen=True, slots=True)
class VerifiedClaim:
    id: str
    claim: str
    title: str


@dataclass
class Collection:
    name: str
    claims: list[VerifiedClaim]
    queries: dict[str, list[tuple[str, str]]]  # split -> (query id, text)
    qrels: dict[str, set[str]] = field(default_factory=dict)


def _rows(path: Path) -> Iterator[list[str]]:
    """TSV rows after the header (fields may be quoted and hold newlines)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)
        yield from (row for row in reader if row and any(cell.strip() for cell in row))


def _qrels(paths: Sequence[Path]) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


def load_2021(data: Path) -> Collection:
    root = data / "clef2021-checkthat-task2a-en"
    claims = [
        VerifiedClaim(r[0], r[1], r[2] if len(r) > 2 else "")
        for r in _rows(root / "CT2021-Task2A-EN-Verified_Claims.txt")
    ]
    queries = {
        split: [(r[0], r[1]) for r in _rows(root / f"EN_{split}_queries.tsv")]
        for split in ("train", "dev", "test")
    }
    return Collection("2021-2a-en", claims, queries, _qrels([root / "EN-all_QRELs.txt"]))


def load_2020(data: Path) -> Collection:
    root = data / "clef2020-checkthat-task2"
    claims = [VerifiedClaim(r[0], r[1], r[2]) for r in _rows(root / "verified_claims.docs.tsv")]
    queries = {
        split: [(r[0], r[1]) for r in _rows(root / split / "tweets.queries.tsv")]
        for split in ("train", "dev", "test")
    }
    qrels = _qrels([root / split / "tweet-vclaim-pairs.qrels" for split in queries])
    return Collection("2020-2", claims, queries, qrels)


def ledger_entry(item: VerifiedClaim) -> tuple[Document, Claim]:
    """One document (title, claim, reference) and its one claim (the quote). The reference
    (not searchable) keeps the few fact-checks with the same title and claim apart."""
    head = f"{item.title}\n\n" if item.title else ""
    text = f"{head}{item.claim}\n\n(fact-check {item.id})"
    doc = Document(text=text, id=item.id, title=item.title or None)
    claim = Claim(
        document_id=item.id,
        subject=item.title,
        predicate="alive",  # CLEF claims have no ledger predicate; one constant for all
        modality="asserted",
        quote=item.claim,
        start=len(head),
        end=len(head) + len(item.claim),
        extractor=EXTRACTOR,
    )
    return doc, claim


def load_ledger(store: Store, items: Sequence[VerifiedClaim]) -> int:
    """Store the verified claims, a few thousand per transaction (one transaction per document
    would spend most of the time committing). Returns how many were stored."""
    stored = 0
    for start in range(0, len(items), CHUNK):
        # The benchmark's bulk path: the store's own per-session operations, one transaction.
        with store._transaction("load verified claims") as session:
            for item in items[start : start + CHUNK]:
                doc, claim = ledger_entry(item)
                added = document_ops.add_document(session, doc)
                if added.document_id != item.id:
                    logger.warning("%s repeats the text of %s", item.id, added.document_id)
                    continue
                claims_ops.replace_claims(session, item.id, [claim], [])
                stored += 1
    return stored


def average_precision(ranked: Sequence[str], gold: set[str], k: int) -> float:
    hits, total = 0, 0.0
    for i, doc_id in enumerate(ranked[:k], 1):
        if doc_id in gold:
            hits += 1
            total += hits / i
    return total / len(gold) if gold else 0.0


def map_at_k(run: dict[str, list[str]], qrels: dict[str, set[str]], k: int) -> float:
    scored = [average_precision(run.get(q, []), qrels[q], k) for q in run if q in qrels]
    return sum(scored) / len(scored) if scored else 0.0


def write_run(path: Path, results: dict[str, list[Hit]], tag: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for qid, hits in results.items():
            for rank, hit in enumerate(hits, 1):
                handle.write(f"{qid} Q0 {hit.claim.document_id} {rank} {hit.score:.6f} {tag}\n")


def run_queries(
    store: Store, queries: Sequence[tuple[str, str]], rerank: bool
) -> dict[str, list[Hit]]:
    return {qid: search_claims(store, text, limit=DEPTH, rerank=rerank) for qid, text in queries}


def warm_embeddings(store: Store) -> None:
    """Embed every stored claim in batches once, so the timed queries use the cache."""
    texts = [claim_text(claim) for claim in store.iter_claims()]
    semantic.default_embedder().encode(texts)


def _timed(what: str, action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    seconds = time.perf_counter() - began
    print(f"{what}: {seconds:.1f} s")
    return seconds


def evaluate(collection: Collection, split: str, k: int, reranks: Sequence[bool]) -> None:
    queries = [(q, t) for q, t in collection.queries[split] if q in collection.qrels]
    with tempfile.TemporaryDirectory() as tmp, Store.open(f"sqlite:///{tmp}/clef.db") as store:
        count = 0

        def load() -> None:
            nonlocal count
            count = load_ledger(store, collection.claims)

        _timed(f"loaded {len(collection.claims)} verified claims", load)
        print(f"{count} ledger entries; {len(queries)} {split} queries with gold claims")
        for rerank in reranks:
            if rerank:
                _timed("embedded the ledger's claims", lambda: warm_embeddings(store))
            results: dict[str, list[Hit]] = {}
            seconds = _timed(
                "searched", lambda r=rerank, out=results: out.update(run_queries(store, queries, r))
            )
            tag = "rerank" if rerank else "lexical"
            write_run(OUT / f"clef{collection.name}-{split}-{tag}.run", results, tag)
            run = {q: [h.claim.document_id for h in hits] for q, hits in results.items()}
            score = map_at_k(run, collection.qrels, k)
            per_query = 1000 * seconds / max(len(queries), 1)
            print(f"{collection.name} {split} {tag}: MAP@{k} = {score:.4f} ({per_query:.0f} ms/q)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--dataset", choices=("2021", "2020"), default="2021")
    parser.add_argument("--split", choices=("test", "dev", "train"), default="test")
    parser.add_argument("--k", type=int, default=5, help="depth of MAP (official: 5)")
    parser.add_argument("--no-rerank", action="store_true", help="lexical ranking only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    collection = (load_2021 if args.dataset == "2021" else load_2020)(args.data)
    reranks = [False]
    if not args.no_rerank:
        if semantic.available():
            reranks.append(True)
        else:
            print(f"no rerank: {semantic.INSTALL_HINT}", file=sys.stderr)
    print(f"reference: {PUBLISHED}")
    evaluate(collection, args.split, args.k, reranks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
