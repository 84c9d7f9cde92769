"""Where extraction time goes: each spaCy component, and the rules after it, per article.

Runs the replicated corpus of ``throughput.py`` through the NLP pass component by component
(CPU time of this process, so other jobs on a shared machine disturb it less than wall time
would), then times the rule layer (``claimledger.extract.claims.assemble``) on the parsed
documents. Paragraphs are split and chosen as extraction does: triggered paragraphs go through
the full pipeline, the others with a capitalised word through NER alone.

    .venv/bin/python benchmarks/nlp_costs.py                 # 200 articles, 3 rounds
    .venv/bin/python benchmarks/nlp_costs.py --articles 100 --rounds 1
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc
from throughput import SAMPLE, replicate

from claimledger.extract.claims import ExtractOptions, assemble
from claimledger.nlp import (
    BATCH_SIZE,
    NER_ONLY_DISABLE,
    load_pipeline,
    parse_texts,
    single_thread_blas,
    split_paragraphs,
    wants_ner,
)
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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
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
