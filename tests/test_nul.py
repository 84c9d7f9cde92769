"""NUL characters (U+0000) on both databases: PostgreSQL text cannot hold one, SQLite can.

Ingest removes NUL from free text (text, title, author, source) at normalisation and refuses it
in what identifies a document (id, url, language), per record; the API answers 400 to a NUL in
a posted document's identifiers or in a path or query parameter. Both backends behave alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimledger.api import create_app
from claimledger.cli import app
from claimledger.settings import Settings
from claimledger.store import Store

TOKEN = "nul-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NDJSON = {**AUTH, "Content-Type": "application/x-ndjson"}
TEXT = "Jane Roe was arrested in Kabul on Monday, police said."
FREE_TEXT_FIELDS = ("text", "title", "author", "source")
IDENTIFYING_FIELDS = ("id", "url", "language")


def with_nul(field: str, *, doc_id: str) -> dict[str, str]:
    """A good document whose ``field`` holds a NUL in the middle."""
    doc = {"id": doc_id, "text": TEXT, "language": "en", "url": f"https://a.example/{doc_id}"}
    value = doc.get(field, "Daily News")
    doc[field] = value[:4] + "\x00" + value[4:]
    return doc


@pytest.fixture()
def client(db_url: str) -> Iterator[TestClient]:
    settings = Settings(db=db_url, token=TOKEN)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("field", IDENTIFYING_FIELDS)
def test_a_nul_in_a_posted_identifier_is_a_400(client: TestClient, field: str) -> None:
    response = client.post(
        "/api/documents", content=json.dumps(with_nul(field, doc_id="d")), headers=AUTH
    )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["ok"] is False
    assert f"'{field}' holds a control character ('\\x00')" in body["error"]
    assert client.get("/api/stats").json()["documents"] == 0


@pytest.mark.parametrize("field", FREE_TEXT_FIELDS)
def test_a_nul_in_posted_free_text_is_removed(client: TestClient, db_url: str, field: str) -> None:
    response = client.post(
        "/api/documents", content=json.dumps(with_nul(field, doc_id="d")), headers=AUTH
    )
    assert response.status_code == 200 and response.json()["ingested"] == 1, response.text
    answer = client.get("/api/documents/d").json()
    assert "\\u0000" not in json.dumps(answer)  # in no field, claim or quote
    assert [c["subject"] for c in answer["claims"]] == ["Jane Roe"]
    with Store.open(db_url) as store:
        [stored] = store.iter_documents()
    assert stored.text == TEXT
    if field != "text":
        assert getattr(stored, field) == "Daily News"


def test_a_nul_in_a_batch_costs_only_its_line(client: TestClient) -> None:
    lines = [json.dumps(with_nul(field, doc_id=f"d-{field}")) for field in IDENTIFYING_FIELDS]
    lines.append(json.dumps(with_nul("title", doc_id="d-ok")))
    response = client.post("/api/documents", content="\n".join(lines), headers=NDJSON)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ingested"] == 1 and body["failed"] == 3
    assert [(f["line"], f["reason"].split()[0]) for f in body["failures"]] == [
        (1, "'id'"),
        (2, "'url'"),
        (3, "'language'"),
    ]
    assert client.get("/api/documents/d-ok").json()["document"]["title"] == "Daily News"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/documents/a%00b", {}),
        ("/api/claims", {"document": "a\x00b"}),
        ("/api/claims", {"person": "a\x00b"}),
        ("/api/entities", {"q": "a\x00b"}),
        ("/api/entities/a%00b", {}),
        ("/api/events/a%00b", {}),
        ("/api/origins/a%00b", {}),
    ],
)
def test_a_nul_in_a_read_is_a_400_on_every_database(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["ok"] is False and "holds a NUL character" in body["error"]


@pytest.mark.parametrize("path", ["/documents/a%00b", "/search?q=a%00b"])
def test_a_nul_in_a_page_address_is_a_400_page(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "holds a NUL character" in response.text


def test_the_cli_reports_each_nul_record_and_reads_the_rest(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    docs = [with_nul(field, doc_id=f"d-{field}") for field in (*IDENTIFYING_FIELDS, "text")]
    # A raw NUL inside a JSON string is not JSON (control characters must be escaped).
    raw = '{"id": "raw", "text": "Jane Roe\x00 was arrested.", "language": "en"}'
    other = {**with_nul("title", doc_id="ok"), "text": "John Doe was released on Friday."}
    lines = [json.dumps(d) for d in docs] + [raw, json.dumps(other)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", db_url, "--workers", "1"])
    assert result.exit_code == 1, result.output  # some inputs refused, none crashed
    output = " ".join(result.output.split())  # rich wraps long lines
    for line, field in enumerate(IDENTIFYING_FIELDS, start=1):
        assert f"{path}:{line}: '{field}' holds a control character" in output, output
    assert f"{path}:5: not valid JSON: Invalid control character" in output
    assert "2 ingested" in output and "4 failed" in output
    with Store.open(db_url) as store:
        stored = {doc.id: doc for doc in store.iter_documents(limit=10)}
    assert sorted(stored) == ["d-text", "ok"]
    assert stored["d-text"].text == TEXT and stored["ok"].title == "Daily News"
