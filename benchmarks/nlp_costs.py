"""Where extraction time goes: each spaCy component, and the rules after it, per article.

Runs the replicated corpus of ``throughput.py`` through the NLP pass component by component
(CPU time of this process, so other jobs on a shared machine disturb it less than wall time
would), then times the rule layer (``claimledger.extract.claims.assemble``) on the parsed
documents. Paragraphs are split and chosen as extraction does: triggered paragraphs go through
the full pipeline, the others with a capitalised word through NER alone.

    .venv/bin/python benchmarks/nlp_costs.py                 # 200 articles, 3 rounds
    .venv/bin/python benchmarks/nlp_costs.py --articles 100 --rounds 1
    .venv/bin/python benchmarks/nlp_costs.py --corpus jsonl:/path/articles.jsonl

``--corpus jsonl:PATH`` replicates each language of a JSONL of articles as ``throughput.py``
does and gives, per language, the CPU of the first call (loading the language's models, after
spaCy is imported), of the backend (English: the spaCy pipeline, paragraphs chosen as above,
16 documents a batch as a worker takes them; a pack language: ``analyse_document``, what the
worker runs; French also per spaCy component) and of the rules, the part run in the main
process for a pack (``Ledger.assemble``, whose gazetteer is the entity index of a ledger that
ingested the same copies first, as at the end of an ingest run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from throughput import SAMPLE, WARM_UP, Corpus, language_corpora, replicate

from claimledger.extract.claims import ExtractOptions, assemble
from claimledger.extract.packs import analyse_document, assemble_pack, has_pack, load_pack
from claimledger.extract.packs.analysis import _french
from claimledger.ingest import IngestOptions, read_inputs
from claimledger.languages import ENV_VAR
from claimledger.nlp import (
    BATCH_SIZE,
    NER_ONLY_DISABLE,
    load_pipeline,
    parse_texts,
    single_thread_blas,
    split_paragraphs,
    wants_ner,
)
from claimledger.pipeline import EXTRACT_BATCH, Ledger, PipelineOptions, ingest_items
from claimledger.store import Store
from claimledger.types import Document


def _run_components(nlp: Language, texts: Sequence[str], names: Sequence[str]) -> dict[str, float]:
    """CPU seconds per component over ``texts`` (tokenizer included), batch by batch."""
    spent: dict[str, float] = defaultdict(float)
    started = time.process_time()
    docs: list[Doc] = [nlp.make_doc(t) for t in texts]
    spent["tokenizer"] += time.process_time() - started
    for name in names:
        component = nlp.get_pipe(name)
        started = time.process_time()
        with single_thread_blas():  # as extraction runs it
            docs = list(component.pipe(docs, batch_size=BATCH_SIZE))  # type: ignore[attr-defined]
        spent[name] += time.process_time() - started
    return spent


def measure(articles: int) -> dict[str, float]:
    """CPU ms per article for each stage, one round."""
    documents = [
        Document(text=str(r["text"]), id=str(r["id"])) for r in replicate(SAMPLE, articles)
    ]
    full, ner_only = [], []
    for doc in documents:
        for para in split_paragraphs(doc.text or ""):
            if para.triggered:
                full.append(para.text)
            elif wants_ner(para.text):
                ner_only.append(para.text)
    nlp = load_pipeline()
    costs: dict[str, float] = {}
    for key, value in _run_components(nlp, full, nlp.pipe_names).items():
        costs[f"triggered: {key}"] = value
    ner_names = [n for n in nlp.pipe_names if n not in NER_ONLY_DISABLE]
    for key, value in _run_components(nlp, ner_only, ner_names).items():
        costs[f"untriggered: {key}"] = value
    parsed = list(parse_texts((d.text or "", d) for d in documents))
    started = time.process_time()
    options = ExtractOptions()
    for result, doc in parsed:
        assemble(doc, result, document_id=doc.id or "", options=options)
    costs["rules (assemble)"] = time.process_time() - started
    return {key: 1000 * seconds / articles for key, seconds in costs.items()}


class _Timer:
    """Adds the CPU ms of each ``with timer.stage(key):`` block to ``costs[key]``."""

    def __init__(self) -> None:
        self.costs: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, key: str) -> Iterator[None]:
        started = time.process_time()
        yield
        self.costs[key] += 1000 * (time.process_time() - started)


def first_calls(codes: Sequence[str]) -> dict[str, tuple[float, float]]:
    """CPU ms of each language's first extraction of a made-up report (``throughput.WARM_UP``),
    backend and rules apart: its models load, and what the rules load on first use (the
    first pack language's rules read the city gazetteer)."""
    timer = _Timer()
    for code in codes:
        if code not in WARM_UP or not (code == "en" or has_pack(code)):
            continue
        doc = Document(text=WARM_UP[code], id="first", language=code)
        if code == "en":
            with timer.stage(f"{code} backend"):
                parsed = list(parse_texts([(doc.text, doc)]))
            with timer.stage(f"{code} rules"):
                assemble(doc, parsed[0][0], document_id="first", options=ExtractOptions())
        else:
            with timer.stage(f"{code} backend"):
                analysis = analyse_document(doc)
            with timer.stage(f"{code} rules"):
                assemble_pack(doc, analysis, load_pack(code), document_id="first")
    return {
        code: (timer.costs[f"{code} backend"], timer.costs[f"{code} rules"])
        for code in codes
        if f"{code} backend" in timer.costs
    }


def measure_language(code: str, documents: Sequence[Document], ledger: Ledger) -> dict[str, float]:
    """CPU ms per article of one language's backend and rules (and French spaCy components)."""
    timer = _Timer()
    if code == "en":
        with timer.stage("backend: spaCy"):
            texts = ((d.text, d) for d in documents)
            parsed = list(parse_texts(texts, chunk_size=EXTRACT_BATCH))  # a worker's batch
        options = ExtractOptions()
        with timer.stage("rules (in the worker)"):
            for result, doc in parsed:
                assemble(doc, result, document_id=doc.id or "", options=options)
    elif has_pack(code):
        backend = load_pack(code).backend
        with timer.stage(f"backend: {backend}"):
            analyses = [analyse_document(d) for d in documents]
        with timer.stage("rules (in the main process)"):
            for doc, analysis in zip(documents, analyses, strict=True):
                ledger.assemble(doc, analysis)
        if backend == "spacy-fr":  # where the backend's time goes
            nlp = _french()
            for key, value in _run_components(
                nlp, [d.text for d in documents], nlp.pipe_names
            ).items():
                timer.costs[f"  of which spaCy {key}"] = 1000 * value
    return {key: value / len(documents) for key, value in timer.costs.items()}


def cold_backend(code: str, documents: Sequence[Document]) -> float | None:
    """CPU ms per text of the backend on each distinct text of the copies (the mark at the end
    aside) the first time this process sees it: no word of it is in a cache yet, as for an
    article unlike every other. Run before anything else reads the language's copies."""
    seen: set[str] = set()
    distinct = []
    for doc in documents:
        body = doc.text.rpartition("\n\n")[0]
        if body not in seen:
            seen.add(body)
            distinct.append(doc)
    if not distinct or not (code == "en" or has_pack(code)):
        return None
    timer = _Timer()
    with timer.stage("cold"):
        if code == "en":
            list(parse_texts(((d.text, d) for d in distinct), chunk_size=EXTRACT_BATCH))
        else:
            for doc in distinct:
                analyse_document(doc)
    return timer.costs["cold"] / len(distinct)


def by_language(source: Path, articles: int, rounds: int, only: Sequence[str] | None) -> None:
    """Per language: the first call, then the median of ``rounds`` rounds of each stage."""
    os.environ.setdefault(ENV_VAR, "all")  # every pack language is read
    with tempfile.TemporaryDirectory(prefix="claimledger-nlp-costs-") as tmp:
        out = Path(tmp)
        corpora = language_corpora(source, articles, out, only=only, name=source.stem)
        print("CPU ms of the first call, backend / rules (models load; spaCy already imported):")
        for code, (backend, rules) in first_calls(list(corpora)).items():
            print(f"  {code:<4} {backend:8.0f} / {rules:.0f}")
        for code, corpus in corpora.items():
            found = read_inputs([corpus.path], options=IngestOptions())
            docs = [d for d in found if isinstance(d, Document)]
            cold = cold_backend(code, docs)
            with Store.open(f"sqlite:///{out / (code + '.db')}") as store:
                # The ledger knows the copies' people, as at the end of an ingest run.
                for _ in ingest_items(docs, store, options=PipelineOptions(workers=1)):
                    pass
                ledger = Ledger(store)
                measured = [measure_language(code, docs, ledger) for _ in range(rounds)]
            _print_language(code, measured, articles, corpus.words)
            if cold is not None:
                print(f"  {'backend, distinct texts, first seen':<34} {cold:7.1f}")


def _print_language(code: str, measured: list[dict[str, float]], articles: int, words: int) -> None:
    if not measured[0]:
        print(f"{code}: no extraction rules (stored, not extracted)")
        return
    per_article = words / articles
    print(
        f"{code}: CPU ms per article, median of {len(measured)} rounds, {articles} articles of "
        f"{per_article:.0f} words:"
    )
    total = 0.0
    for key in measured[0]:
        median = statistics.median(r[key] for r in measured)
        total += 0.0 if key.startswith(" ") else median
        print(f"  {key:<34} {median:7.1f}")
    print(f"  {'total':<34} {total:7.1f}  ({1000 * total / per_article:.0f} per 1,000 words)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--corpus",
        type=Corpus.parse,
        default=Corpus("sample"),
        help="sample (default) or jsonl:PATH (articles with a language, per language)",
    )
    parser.add_argument("--languages", nargs="+", help="jsonl: only these languages")
    args = parser.parse_args(argv)
    if args.corpus.kind == "diverse":
        parser.error("--corpus: sample or jsonl:PATH")
    if args.corpus.kind == "jsonl":
        by_language(args.corpus.path, args.articles, args.rounds, args.languages)
        return
    load_pipeline()  # loading is not part of any stage
    rounds = [measure(args.articles) for _ in range(args.rounds)]
    print(f"CPU ms per article (median of {args.rounds} rounds, {args.articles} articles):")
    total = 0.0
    for key in rounds[0]:
        median = statistics.median(r[key] for r in rounds)
        total += median
        print(f"  {key:<28} {median:7.1f}")
    print(f"  {'total':<28} {total:7.1f}")


if __name__ == "__main__":
    main()
