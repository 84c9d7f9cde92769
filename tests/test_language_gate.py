"""The language gate: only languages extraction reads are extracted; the others are stored and
marked "not extracted", and every interface says so (ingest, stats, documents, extract, check,
the HTTP API)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimledger.api import create_app
from claimledger.cli import app
from claimledger.errors import SettingsError, StoreError
from claimledger.extract.claims import extract_claims
from claimledger.ingest import IngestOptions, normalize_document
from claimledger.languages import (
    language_key,
    not_extracted_reason,
    supported_languages,
)
from claimledger.pipeline import Ledger, ingest_items
from claimledger.settings import Settings
from claimledger.store import Store
from claimledger.types import Claim, Document

pytestmark = pytest.mark.slow

# Read with the English rules, the German article "die" is the verb: this sentence gave
# "Omar Qadiri died" before the gate.
GERMAN = "Omar Qadiri, die Nummer zwei der Gruppe, wurde am Montag in Aleppo gesehen."
SPANISH = "El comandante Omar Qadiri murió el lunes en un ataque aéreo, dijo el ejército."
TURKISH = "Komutan Omar Qadiri pazartesi günü bir hava saldırısında öldürüldü, dedi ordu."
ENGLISH = "Rebels said on Tuesday that the commander Lena Varga was killed in an airstrike."
TEXTS = {"de1": GERMAN, "es1": SPANISH, "tr1": TURKISH, "en1": ENGLISH}
NOT_EXTRACTED = {"de": 1, "es": 1, "tr": 1}
TOKEN = "gate-token"


def jsonl(path: Path) -> Path:
    """The four sentences as JSON Lines without a language field, so it is detected."""
    lines = [
        json.dumps({"id": key, "text": text, "published_at": "2020-05-12"}, ensure_ascii=False)
        for key, text in TEXTS.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout


@pytest.fixture()
def ingested(tmp_path: Path) -> tuple[str, dict]:
    """A ledger with the four sentences ingested through the CLI, and the --json summary."""
    db = f"sqlite:///{tmp_path / 'gate.db'}"
    summary = json.loads(run("ingest", str(jsonl(tmp_path / "mixed.jsonl")), "--db", db, "--json"))
    return db, summary


# The registry


def test_english_by_default_and_the_packs_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    assert supported_languages() == ("en",)
    assert not_extracted_reason("ru") == "language ru"
    monkeypatch.setenv("CLAIMLEDGER_EXTRACT_LANGUAGES", "all")
    assert supported_languages() == ("ar", "en", "es", "fa", "fr", "it", "ru", "tr", "uk", "ur")
    assert not_extracted_reason("ru") is None
    monkeypatch.setenv("CLAIMLEDGER_EXTRACT_LANGUAGES", "en,fr")
    assert supported_languages() == ("en", "fr")
    monkeypatch.setenv("CLAIMLEDGER_EXTRACT_LANGUAGES", "en,xx")
    with pytest.raises(SettingsError, match="xx"):
        supported_languages()
    monkeypatch.delenv("CLAIMLEDGER_EXTRACT_LANGUAGES")
    assert not_extracted_reason("en") is None
    assert not_extracted_reason("en-GB") is None  # a region subtag is the same language
    assert not_extracted_reason("de") == "language de"
    assert not_extracted_reason(None) == "language unknown"
    assert language_key("DE_at") == "de" and language_key("  ") == "unknown"


def test_detection_tells_the_sentences_apart() -> None:
    options = IngestOptions()
    detected = {
        key: normalize_document(Document(text=text), options=options).language
        for key, text in TEXTS.items()
    }
    assert detected == {"de1": "de", "es1": "es", "tr1": "tr", "en1": "en"}
    # Empty text has no language: stored, not extracted.
    assert normalize_document(Document(text=""), options=options).language is None


# Ingest and the CLI


def test_ingest_extracts_english_only_and_counts_the_rest(ingested: tuple[str, dict]) -> None:
    db, summary = ingested
    assert summary["ingested"] == 4 and summary["failed"] == 0
    assert summary["not_extracted"] == NOT_EXTRACTED
    assert summary["claims"] >= 1
    claims = json.loads(run("claims", "list", "--db", db, "--json"))
    assert {c["document_id"] for c in claims} == {"en1"}
    assert not any(c["predicate"] == "died" for c in claims)
    with Store.open(db) as store:
        for key in ("de1", "es1", "tr1"):
            assert list(store.iter_mentions(key)) == []
        assert list(store.iter_mentions("en1"))


def test_ingest_summary_says_what_was_not_extracted(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'human.db'}"
    result = CliRunner().invoke(app, ["ingest", str(jsonl(tmp_path / "m.jsonl")), "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 not extracted (language de 1, es 1, tr 1)" in " ".join(result.output.split())


def test_stats_count_not_extracted_documents_by_language(ingested: tuple[str, dict]) -> None:
    db, _ = ingested
    stats = json.loads(run("stats", "--db", db, "--json"))
    assert stats["documents"] == 4 and stats["not_extracted"] == NOT_EXTRACTED
    lines = run("stats", "--db", db, "--csv").splitlines()
    rows = dict(line.split(",") for line in lines)
    assert rows["not extracted"] == "3" and rows["not extracted: language de"] == "1"


def test_documents_list_and_show_carry_the_status(ingested: tuple[str, dict]) -> None:
    db, _ = ingested
    listed = {d["id"]: d for d in json.loads(run("documents", "list", "--db", db, "--json"))}
    assert listed["de1"]["not_extracted"] == "language de"
    assert listed["es1"]["not_extracted"] == "language es"
    assert listed["en1"]["not_extracted"] is None
    rows = run("documents", "list", "--db", db, "--csv").splitlines()
    assert rows[0].split(",")[4] == "not_extracted"
    assert any(row.startswith("tr1,") and ",language tr," in row for row in rows)
    shown = json.loads(run("documents", "show", "de1", "--db", db, "--json"))
    assert shown["language"] == "de" and shown["not_extracted"] == "language de"
    assert "not_extracted: language de" in run("documents", "show", "de1", "--db", db)


def test_no_extract_ingest_marks_the_documents_too(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'later.db'}"
    path = str(jsonl(tmp_path / "m.jsonl"))
    summary = json.loads(run("ingest", path, "--db", db, "--json", "--no-extract"))
    assert summary["not_extracted"] == NOT_EXTRACTED
    extracted = json.loads(run("extract", "--all", "--db", db, "--json"))
    assert extracted["not_extracted"] == NOT_EXTRACTED and extracted["claims"] >= 1


def test_extract_all_skips_and_reports_them(ingested: tuple[str, dict]) -> None:
    db, _ = ingested
    result = CliRunner().invoke(app, ["extract", "--all", "--db", db])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "1 documents extracted, 3 not extracted (language de 1, es 1, tr 1)" in text


def test_reextraction_drops_claims_an_earlier_run_read_in_another_language(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A ledger built before the gate: the German text read with the English rules, as they
    # were before they learnt to set aside a German article "die" (extract/senses.py) and a
    # present-tense "dies" of running text (extract/claims.py).
    monkeypatch.setattr("claimledger.extract.predicates.other_sense", lambda *_: None)
    monkeypatch.setattr("claimledger.extract.claims._narrative_present", lambda *_: False)
    doc = Document(text=GERMAN, id="old-de", language="de", published_at=date(2020, 5, 12))
    sqlite_store.add_document(doc)
    before = Ledger(sqlite_store)
    assert before.record(doc, extract_claims(doc, document_id="old-de"))
    before.reassess_dirty()
    assert any(e.predicate == "died" for e in sqlite_store.iter_events())

    [outcome] = list(Ledger(sqlite_store).reextract(None))
    assert (outcome.status, outcome.not_extracted, outcome.claims) == ("present", "language de", 0)
    assert list(sqlite_store.iter_claims(document_id="old-de")) == []
    assert list(sqlite_store.iter_mentions("old-de")) == []
    assert list(sqlite_store.iter_events()) == []  # the subjects were reassessed
    stored = sqlite_store.get_document("old-de")
    assert stored is not None and stored.not_extracted == "language de"


def test_a_document_without_language_is_not_extracted(sqlite_store: Store) -> None:
    [outcome] = list(ingest_items([Document(text=ENGLISH, id="bare")], sqlite_store))
    assert (outcome.status, outcome.not_extracted, outcome.claims) == (
        "new",
        "language unknown",
        0,
    )
    assert sqlite_store.not_extracted_counts() == {"unknown": 1}


def test_outcomes_keep_their_order_when_a_version_is_not_extracted(sqlite_store: Store) -> None:
    items = [
        Document(text=GERMAN, id="a", language="de"),
        Document(text=ENGLISH, id="a", language="en"),  # the next version, in English
        Document(text=SPANISH, id="b", language="es"),
    ]
    outcomes = list(ingest_items(items, sqlite_store))
    assert [(o.document_id, o.status, o.not_extracted) for o in outcomes] == [
        ("a", "new", "language de"),
        ("a", "new_version", None),
        ("b", "new", "language es"),
    ]
    assert outcomes[1].claims >= 1
    # Only latest versions count: "a" is English now.
    assert sqlite_store.not_extracted_counts() == {"es": 1}


# The store, on both backends


def test_the_mark_is_stored_cleared_and_counted(store: Store) -> None:
    store.add_document(Document(text=GERMAN, id="d", language="de"), not_extracted="language de")
    store.add_document(Document(text=ENGLISH, id="e", language="en"))
    assert store.not_extracted_counts() == {"de": 1}
    stored = store.get_document("d")
    assert stored is not None and stored.not_extracted == "language de"
    claim = Claim(
        document_id="d",
        subject="Omar Qadiri",
        predicate="died",
        modality="asserted",
        quote="die",
        start=13,
        end=16,
        extractor="claims.rules.v1",
    )
    with pytest.raises(StoreError, match="not extracted"):
        store.record_extraction("d", [claim], [], not_extracted="language de")
    store.record_extraction("d", [], [])  # read after all (a language pack joined)
    assert store.not_extracted_counts() == {}
    assert [d.not_extracted for d in store.iter_documents()] == [None, None]


# check


def test_check_says_the_language_is_not_supported(ingested: tuple[str, dict]) -> None:
    db, _ = ingested
    report = "Die Armee sagt, Lena Varga sei bei dem Luftangriff getötet worden."
    answer = json.loads(run("check", report, "--db", db, "--json"))
    assert answer["language"] == "de" and answer["not_extracted"] == "language de"
    assert answer["supported_languages"] == ["en"]
    assert answer["findings"] == []
    # Not read, but the nearest stored claims are still searched (a name matches).
    assert [s["claim"]["document_id"] for s in answer["similar"]] == ["en1"]
    said = " ".join(run("check", SPANISH, "--db", db).split())
    assert "language 'es'" in said and "supported languages: en." in said
    assert "No claim found" not in said


def test_check_still_reads_english_and_bare_names(ingested: tuple[str, dict]) -> None:
    db, _ = ingested
    answer = json.loads(run("check", ENGLISH, "--db", db, "--json"))
    assert answer["language"] == "en" and answer["not_extracted"] is None
    assert answer["findings"][0]["claim"]["predicate"] == "killed"
    # Too short to tell ("Lena Varga" looks Spanish to the detector, unsurely): read as
    # English, so a bare name is searched and a short report is read.
    name = json.loads(run("check", "Lena Varga", "--db", db, "--json"))
    assert (name["language"], name["not_extracted"]) == ("en", None) and name["similar"]
    short = json.loads(run("check", "Lena Varga dead", "--db", db, "--json"))
    assert short["language"] == "en" and short["findings"][0]["claim"]["predicate"] == "died"


# The HTTP API


@pytest.fixture()
def posted(tmp_path: Path) -> Iterator[tuple[TestClient, dict]]:
    """An API client whose ledger got the four sentences by POST, and the POST's answer."""
    settings = Settings(db=f"sqlite:///{tmp_path / 'api.db'}", token=TOKEN)
    with TestClient(create_app(settings)) as client:
        body = jsonl(tmp_path / "m.jsonl").read_bytes()
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
        response = client.post("/api/documents", content=body, headers=headers)
        assert response.status_code == 200, response.text
        yield client, response.json()


def test_api_ingest_documents_and_stats_carry_the_status(
    posted: tuple[TestClient, dict],
) -> None:
    client, posted = posted
    assert posted["not_extracted"] == NOT_EXTRACTED
    by_id = {d["document_id"]: d for d in posted["documents"]}
    assert by_id["de1"]["not_extracted"] == "language de" and by_id["de1"]["language"] == "de"
    items = {d["id"]: d for d in client.get("/api/documents").json()["items"]}
    assert items["es1"]["not_extracted"] == "language es" and items["en1"]["not_extracted"] is None
    detail = client.get("/api/documents/tr1").json()
    assert detail["document"]["not_extracted"] == "language tr" and detail["claims"] == []
    stats = client.get("/api/stats").json()
    assert stats["not_extracted"] == NOT_EXTRACTED and stats["documents"] == 4


def test_api_check_and_schema(posted: tuple[TestClient, dict]) -> None:
    client, _ = posted
    answer = client.post("/api/check", json={"text": TURKISH}).json()
    assert answer["ok"] is True and answer["not_extracted"] == "language tr"
    assert answer["supported_languages"] == ["en"]
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for model in ("DocumentOut", "LedgerStatsOut", "IngestAnswer", "CheckAnswerOut"):
        assert "not_extracted" in schemas[model]["properties"], model


def test_web_pages_say_not_extracted(posted: tuple[TestClient, dict]) -> None:
    client, _ = posted
    page = client.get("/documents/de1").text
    assert "not extracted: language de" in page
    answer = client.post("/check", data={"text": GERMAN}).text
    assert "Not checked" in answer and "Supported languages: en" in answer
