"""The pipeline's matrix products go through numpy's BLAS, on one thread, with blis's output."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from thinc.backends.numpy_ops import NumpyOps

from claimledger.nlp import MODEL, load_pipeline, single_thread_blas, split_paragraphs

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "seed-articles.jsonl"


def _annotations(nlp: spacy.language.Language, texts: list[str]) -> list[tuple[object, ...]]:
    with single_thread_blas():
        docs = list(nlp.pipe(texts))
    return [
        (t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_)
        for doc in docs
        for t in doc
    ]


def test_models_use_numpy_blas_not_blis() -> None:
    nlp = load_pipeline()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for node in model.walk():
            assert isinstance(node.ops, NumpyOps)
            assert node.ops.use_blis is False


def test_numpy_blas_gives_blis_annotations() -> None:
    """Same tags, parse, lemmas and entities as spaCy's default (blis) on real news text."""
    with SAMPLE.open(encoding="utf-8") as lines:
        article = json.loads(next(lines))["text"]
    texts = [p.text for p in split_paragraphs(article)][:12]
    blis = spacy.load(MODEL)
    assert _annotations(load_pipeline(), texts) == _annotations(blis, texts)


def test_single_thread_blas_limits_and_restores() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas_threads()
    with single_thread_blas():
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before
