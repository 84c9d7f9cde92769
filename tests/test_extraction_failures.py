"""A document whose extraction raises is recorded as failed, with the reason, and is not read
again by every later ingest (a resume finishes killed runs' documents, not broken ones); it is
shown by `documents list`, `stats` and `check-ledger`, and retried by `extract --retry-failed`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger import pipeline
from claimledger.cli import app
from claimledger.pipeline import Ledger, PipelineOptions, ingest_items
from claimledger.queries import ledger_stats
from claimledger.store import Store
from claimledger.types import Document

GOOD = Document(text="Police said Ivan Petrov was arrested on Monday.", id="good", language="en")
BAD = Document(text="Officials said Lena Varga was captured. BOOM", id="bad", language="en")
REASON = "extraction failed: RuntimeError: the extractor broke on this text"


@pytest.fixture()
def broken(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Extraction raises on every text holding "BOOM"; counts the documents it was tried on."""
    tried: Counter[str] = Counter()
    real_many, real_one = pipeline.extract_many, pipeline.extract_claims

    def check(doc: Document) -> None:
        tried[doc.id or ""] += 1
        if "BOOM" in doc.text:
            raise RuntimeError("the extractor broke on this text")

    def many(docs: list[tuple[Document, str]], **kwargs: Any) -> Iterator[Any]:
        for doc, _ in docs:
            if "BOOM" in doc.text:
                raise RuntimeError("the extractor broke on this text")
        return real_many(docs, **kwargs)

    def one(doc: Document, **kwargs: Any) -> Any:
        check(doc)
        return real_one(doc, **kwargs)

    monkeypatch.setattr(pipeline, "extract_many", many)
    monkeypatch.setattr(pipeline, "extract_claims", one)
    return tried


def statuses(store: Store, docs: list[Document]) -> dict[str, str]:
    return {o.document_id or o.origin: o.status for o in ingest_items(docs, store)}


def test_a_failed_extraction_is_recorded_with_its_reason(
    store: Store, broken: Counter[str]
) -> None:
    outcomes = list(ingest_items([GOOD, BAD], store))
    assert [(o.document_id, o.status, o.reason) for o in outcomes] == [
        ("good", "new", None),
        ("bad", "failed", REASON),
    ]
    assert store.failed_documents() == ["bad"]
    stored = store.get_document("bad")
    assert stored is not None and stored.extraction_failed == REASON
    good = store.get_document("good")
    assert good is not None and good.extraction_failed is None
    assert store.unfinished_documents() == []  # not a killed run's leftover
    assert ledger_stats(store).extraction_failed == 1


def test_resume_and_reingest_do_not_retry_a_failed_document(
    store: Store, broken: Counter[str]
) -> None:
    list(ingest_items([GOOD, BAD], store))
    assert broken["bad"] == 1
    # A resume (an ingest of nothing) finishes killed runs' documents: none here.
    assert statuses(store, []) == {}
    # The same inputs again: both present, neither extracted again.
    assert statuses(store, [GOOD, BAD]) == {"good": "present", "bad": "present"}
    assert broken["bad"] == 1 and store.failed_documents() == ["bad"]


def test_retry_failed_extracts_again_and_clears_the_mark(
    store: Store, broken: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    list(ingest_items([GOOD, BAD], store))
    # Still broken: tried again (explicitly), still failed, the reason kept.
    ledger = Ledger(store, options=PipelineOptions())
    again = list(ledger.reextract(store.failed_documents()))
    assert [(o.document_id, o.status) for o in again] == [("bad", "failed")]
    assert broken["bad"] == 2 and store.failed_documents() == ["bad"]
    # Fixed (a newer extractor): the retry reads it and the mark goes.
    monkeypatch.undo()
    fixed = list(Ledger(store, options=PipelineOptions()).reextract(store.failed_documents()))
    assert [(o.document_id, o.status) for o in fixed] == [("bad", "present")]
    assert fixed[0].claims >= 1
    assert store.failed_documents() == []
    stored = store.get_document("bad")
    assert stored is not None and stored.extraction_failed is None
    assert {c.subject for c in store.iter_claims(document_id="bad")} == {"Lena Varga"}


def test_a_concurrent_writer_that_recorded_the_document_is_not_overwritten(
    store: Store, broken: Counter[str]
) -> None:
    store.add_document(BAD)  # stored by a killed run; another writer extracts it meanwhile
    assert store.mark_extraction_failed("bad", REASON, unless_done=True) is True
    store.record_extraction("bad", [], [])
    assert store.mark_extraction_failed("bad", REASON, unless_done=True) is False
    assert store.failed_documents() == []
    assert store.mark_extraction_failed("bad", REASON) is True  # an explicit re-extraction
    assert store.failed_documents() == ["bad"]


def test_a_new_version_is_extracted_afresh(store: Store, broken: Counter[str]) -> None:
    list(ingest_items([BAD], store))
    changed = Document(text="Officials said Lena Varga was captured.", id="bad", language="en")
    assert statuses(store, [changed]) == {"bad": "new_version"}
    assert store.failed_documents() == []


# The command line: shown by documents list, stats and check-ledger; --retry-failed retries.


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture()
def failed_ledger(sqlite_url: str, broken: Counter[str]) -> None:
    with Store.open(sqlite_url) as store:
        list(ingest_items([GOOD, BAD], store))


def test_the_cli_shows_failed_extractions(sqlite_url: str, failed_ledger: object) -> None:
    code, out = run("documents", "list", "--db", sqlite_url, "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["bad"]["extraction_failed"] == REASON and rows["good"]["extraction_failed"] is None
    code, out = run("stats", "--db", sqlite_url, "--json")
    assert json.loads(out)["extraction_failed"] == 1
    code, out = run("check-ledger", "--db", sqlite_url, "--json")
    assert code == 1
    [finding] = [c for c in json.loads(out)["checks"] if not c["ok"]]
    assert finding["check"] == "documents whose extraction failed"
    assert finding["examples"] == ["bad"] and "--retry-failed" in finding["repair"]


def test_extract_retry_failed(
    sqlite_url: str, failed_ledger: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run("extract", "--retry-failed", "--db", sqlite_url)
    assert code == 1 and "bad" in out and "RuntimeError" in out
    monkeypatch.undo()
    code, out = run("extract", "--retry-failed", "--db", sqlite_url, "--json")
    assert code == 0, out
    assert json.loads(out)["failed"] == 0 and json.loads(out)["claims"] >= 1
    code, out = run("extract", "--retry-failed", "--db", sqlite_url)
    assert code == 0 and "no document's extraction has failed" in out
    code, _ = run("check-ledger", "--db", sqlite_url)
    assert code == 0
    code, _ = run("extract", "--retry-failed", "--all", "--db", sqlite_url)
    assert code == 2
