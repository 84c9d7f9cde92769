"""The HTTP API in process: documents, ingest with and without the token, the error shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from claimledger.api import create_app
from claimledger.settings import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "seed-articles.jsonl"
TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NDJSON = {"Content-Type": "application/x-ndjson"}


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=f"sqlite:///{tmp_path / 'api.db'}", token=TOKEN)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture()
def loaded(client: TestClient) -> TestClient:
    body = SAMPLE.read_text(encoding="utf-8")
    response = client.post("/api/documents", content=body, headers={**AUTH, **NDJSON})
    assert response.status_code == 200, response.text
    assert response.json()["ingested"] == 6
    return client


def assert_error(response, status: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    assert fragment in body["error"]


def test_batch_ingest_is_idempotent(loaded: TestClient) -> None:
    again = loaded.post("/api/documents", content=SAMPLE.read_bytes(), headers={**AUTH, **NDJSON})
    assert again.json()["already_present"] == 6 and again.json()["ingested"] == 0


def test_single_document_post(client: TestClient) -> None:
    doc = {"id": "one", "text": "The trial began on Monday.", "published_at": "2020-01-06"}
    response = client.post("/api/documents", content=json.dumps(doc), headers=AUTH)
    assert response.json()["documents"][0]["status"] == "new"
    assert client.get("/api/documents/one").json()["document"]["published_at"] == "2020-01-06"


def test_bad_document_gets_a_teaching_error(client: TestClient) -> None:
    assert_error(client.post("/api/documents", content="{oops", headers=AUTH), 400, "not JSON")
    response = client.post("/api/documents", content=json.dumps({"id": "x"}), headers=AUTH)
    assert_error(response, 400, "text")


def test_writes_need_the_token(client: TestClient) -> None:
    body = json.dumps({"text": "Someone was arrested."})
    assert_error(client.post("/api/documents", content=body), 401, "Bearer")
    wrong = {"Authorization": "Bearer nope"}
    assert_error(client.post("/api/documents", content=body, headers=wrong), 401, "Bearer")


def test_writes_disabled_without_a_configured_token(tmp_path: Path) -> None:
    settings = Settings(db=f"sqlite:///{tmp_path / 'ro.db'}")
    with TestClient(create_app(settings)) as client:
        response = client.post("/api/documents", content="{}", headers=AUTH)
        assert_error(response, 401, "no CLAIMLEDGER_TOKEN")


def test_reads_can_be_closed(tmp_path: Path) -> None:
    settings = Settings(db=f"sqlite:///{tmp_path / 'closed.db'}", read_token="r")
    with TestClient(create_app(settings)) as client:
        assert_error(client.get("/api/stats"), 401, "READ_TOKEN")
        assert client.get("/api/stats", headers={"Authorization": "Bearer r"}).status_code == 200


def test_documents_pagination(loaded: TestClient) -> None:
    first = loaded.get("/api/documents", params={"limit": 4}).json()
    assert len(first["items"]) == 4 and first["next"]
    second = loaded.get(first["next"]).json()
    assert len(second["items"]) == 2 and second["next"] is None
    ids = {d["id"] for d in first["items"] + second["items"]}
    assert len(ids) == 6


def test_errors_share_one_shape(loaded: TestClient) -> None:
    assert_error(loaded.get("/api/documents/nope"), 404, "nope")
    assert_error(loaded.get("/api/documents", params={"limit": 0}), 422, "limit")
    assert_error(loaded.get("/api/no-such-route"), 404, "Not Found")


def test_hostile_ids_are_data(loaded: TestClient) -> None:
    for hostile in ["' OR 1=1 --", "x'; DROP TABLE documents; --", "<script>"]:
        assert loaded.get(f"/api/documents/{hostile}").status_code == 404
    assert_error(loaded.get("/api/documents/%00"), 400, "NUL")  # see test_nul.py
    assert loaded.get("/api/stats").json()["documents"] == 6


def test_request_size_limit(client: TestClient) -> None:
    from claimledger.api.app import MAX_BODY_BYTES

    big = "x" * (MAX_BODY_BYTES + 1)
    assert_error(client.post("/api/documents", content=big, headers=AUTH), 413, "bytes")


def test_openapi_schema_is_served(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/documents" in schema["paths"]
    assert "post" in schema["paths"]["/api/documents"]


# Reads over a small hand-built ledger (no language model needed).


@pytest.fixture()
def ledger(tmp_path: Path) -> Iterator[TestClient]:
    from claimledger.store import Store
    from test_web import build_ledger

    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Store.open(url) as store:
        build_ledger(store)
        with TestClient(create_app(Settings(db=url, token=TOKEN), store=store)) as test_client:
            yield test_client


def ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_entities_search_by_any_spelling(ledger: TestClient) -> None:
    assert ids(ledger.get("/api/entities", params={"q": "j roe"})) == ["p-jane"]
    assert ids(ledger.get("/api/entities", params={"q": "Nobody Here"})) == []
    assert ids(ledger.get("/api/entities")) == ["p-jane"]
    assert ledger.get("/api/entities/p-jane").json()["entity"]["name"] == "Jane Roe"
    assert_error(ledger.get("/api/entities/nope"), 404, "nope")


def test_entity_timeline(ledger: TestClient) -> None:
    body = ledger.get("/api/entities/p-jane/timeline").json()
    assert [e["id"] for e in body["events"]] == ["ev-killed", "ev-alive", "ev-wounded"]
    assert body["events"][0]["claims"][0]["id"] == "c-killed"
    assert_error(ledger.get("/api/entities/nope/timeline"), 404, "nope")


def test_events_filters_and_detail(ledger: TestClient) -> None:
    assert ids(ledger.get("/api/events", params={"status": "refuted"})) == ["ev-killed"]
    assert ids(ledger.get("/api/events", params={"predicate": "alive"})) == ["ev-alive"]
    assert len(ids(ledger.get("/api/events", params={"subject": "Jane Roe"}))) == 3
    first = ledger.get("/api/events", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and "offset=2" in first["next"]
    assert_error(ledger.get("/api/events", params={"status": "true"}), 422, "status")
    assert_error(ledger.get("/api/events", params={"subject": "Nobody"}), 404, "Nobody")
    event = ledger.get("/api/events/ev-killed").json()["event"]
    assert event["status"] == "refuted" and event["origins"] == ["the ministry"]
    assert [c["quote"] for c in event["claims"]] == ["Jane Roe was killed in Exampletown on 3 May"]
    assert_error(ledger.get("/api/events/nope"), 404, "nope")


def test_claims_filters(ledger: TestClient) -> None:
    def claim_ids(**params: str) -> list[str]:
        return ids(ledger.get("/api/claims", params=params))

    assert claim_ids() == ["c-killed", "c-alive", "c-wounded"]
    assert claim_ids(person="J. Roe", predicate="killed") == ["c-killed"]
    assert claim_ids(status="confirmed") == ["c-alive"]
    assert claim_ids(origin="Ministry") == ["c-killed"]
    assert claim_ids(document="other") == ["c-wounded"]
    assert claim_ids(since="2020-05-10") == ["c-alive"]
    assert claim_ids(until="2020-05-10") == ["c-killed"]
    assert claim_ids(limit="1", offset="1") == ["c-alive"]
    response = ledger.get("/api/claims", params={"since": "2021-01-01", "until": "2020-01-01"})
    assert_error(response, 422, "swap")
    assert_error(ledger.get("/api/claims", params={"since": "last May"}), 422, "since")
    assert_error(ledger.get("/api/claims", params={"person": "Nobody"}), 404, "Nobody")


def test_document_comes_with_its_claims(ledger: TestClient) -> None:
    body = ledger.get("/api/documents/hostile").json()
    assert body["document"]["text"].startswith("Reuters said")
    quotes = {c["id"]: c["quote"] for c in body["claims"]}
    text = body["document"]["text"]
    for claim in body["claims"]:
        assert text[claim["start"] : claim["end"]] == quotes[claim["id"]]


def test_origins_with_track_records(ledger: TestClient) -> None:
    items = ledger.get("/api/origins").json()["items"]
    records = {r["origin"]: r for r in items}
    assert records["ministry"]["refuted"] == 1 and records["ministry"]["total"] == 1
    origin = ledger.get("/api/origins/the ministry").json()["origin"]
    assert origin["refuted"] == 1 and [c["id"] for c in origin["claims"]] == ["c-killed"]
    assert origin["claims"][0]["status"] == "refuted"
    assert_error(ledger.get("/api/origins/nobody at all"), 404, "nobody")


def test_check_validates_its_body(ledger: TestClient) -> None:
    assert_error(ledger.post("/api/check", json={"text": ""}), 422, "text")
    assert_error(ledger.post("/api/check", json={}), 422, "text")
    response = ledger.post("/api/check", json={"text": "x", "published_at": "soon"})
    assert_error(response, 422, "published_at")


@pytest.mark.slow
def test_check_answers_like_the_cli(ledger: TestClient) -> None:
    from claimledger.queries import check

    text = "Jane Roe was killed in Exampletown on 3 May, the ministry said."
    response = ledger.post("/api/check", json={"text": text, "published_at": "2020-05-10"})
    assert response.status_code == 200, response.text
    body = response.json()
    store = ledger.app.state.store  # type: ignore[attr-defined]
    expected = check(store, text, published_at=__import__("datetime").date(2020, 5, 10))
    assert body["findings"] == json.loads(json.dumps(expected.as_dict()))["findings"]
    assert body["findings"][0]["matching_event"]["id"] == "ev-killed"


def test_json_export(ledger: TestClient) -> None:
    response = ledger.get("/api/export")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    body = response.json()
    assert body["schema"] == "claimledger.export.v1"
    assert {d["id"] for d in body["documents"]} == {"hostile", "other"}
    assert len(body["claims"]) == 3 and len(body["events"]) == 3
    assert "text" not in ledger.get("/api/export", params={"text": "false"}).json()["documents"][0]


def test_csv_export(ledger: TestClient) -> None:
    import csv
    import io

    response = ledger.get("/api/export/claims.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"c-killed", "c-alive", "c-wounded"}
    assert by_id["c-killed"]["status"] == "refuted" and by_id["c-killed"]["via"] == "Reuters"
    assert by_id["c-alive"]["quote"].endswith("said a witness")  # commas and markup survive


def test_claimreview_exports(ledger: TestClient) -> None:
    review = ledger.get("/api/events/ev-killed/claimreview")
    assert review.headers["content-type"].startswith("application/ld+json")
    body = review.json()
    assert body["@type"] == "ClaimReview" and body["reviewRating"]["alternateName"] == "refuted"
    assert body["url"] == "http://testserver/events/ev-killed"
    assert_error(ledger.get("/api/events/nope/claimreview"), 404, "nope")
    every = ledger.get("/api/export/claimreview").json()
    assert sorted(r["identifier"] for r in every) == ["ev-alive", "ev-killed", "ev-wounded"]


HOSTILE = [
    "' OR 1=1 --",
    "x'; DROP TABLE claims; --",
    "<script>alert(1)</script>",
    "%",
    "_",
    "Жанна Роу",
    "\u202e\u0000",
]


def test_hostile_parameters_reach_sql_only_as_bound_parameters(ledger: TestClient) -> None:
    from sqlalchemy import event

    engine = ledger.app.state.store.engine  # type: ignore[attr-defined]
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        for value in HOSTILE:
            for path, name in [
                ("/api/entities", "q"),
                ("/api/claims", "origin"),
                ("/api/claims", "person"),
                ("/api/claims", "document"),
                ("/api/events", "subject"),
                ("/search", "q"),
            ]:
                response = ledger.get(path, params={name: value})
                # NUL is refused before any SQL, alike on every database (test_nul.py)
                allowed = (400,) if "\x00" in value else (200, 404, 422)
                assert response.status_code in allowed, (path, value, response.text)
            document = ledger.get(f"/api/documents/{quote(value, safe='')}")
            assert document.status_code == (400 if "\x00" in value else 404)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements, "the requests ran no SQL at all"
    for value in HOSTILE:
        if value not in ("%", "_"):  # SQL's own text contains these characters
            assert not any(value in s for s in statements), value
    assert ids(ledger.get("/api/claims")) == ["c-killed", "c-alive", "c-wounded"]
    # '%' and '_' are matched literally, never as LIKE wildcards
    assert ids(ledger.get("/api/entities", params={"q": "%"})) == []
    assert ids(ledger.get("/api/claims", params={"origin": "_"})) == []


def test_no_cors_unless_configured(tmp_path: Path) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    with TestClient(create_app(Settings(db=f"sqlite:///{tmp_path / 'a.db'}"))) as plain:
        response = plain.get("/api/stats", headers=origin)
        assert "access-control-allow-origin" not in response.headers
    configured = Settings(
        db=f"sqlite:///{tmp_path / 'b.db'}", cors_origins=("https://elsewhere.example",)
    )
    with TestClient(create_app(configured)) as open_client:
        response = open_client.get("/api/stats", headers=origin)
        assert response.headers["access-control-allow-origin"] == "https://elsewhere.example"
        other = open_client.get("/api/stats", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_reads_closed_close_the_new_endpoints_and_pages(tmp_path: Path) -> None:
    settings = Settings(db=f"sqlite:///{tmp_path / 'closed.db'}", read_token="r")
    with TestClient(create_app(settings)) as client:
        for path in (
            "/api/entities",
            "/api/events",
            "/api/claims",
            "/api/origins",
            "/api/export",
            "/api/export/claims.csv",
            "/",
        ):
            assert client.get(path).status_code == 401, path
        assert client.post("/api/check", json={"text": "x"}).status_code == 401
        assert client.get("/api/claims", headers={"Authorization": "Bearer r"}).status_code == 200


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/entities",
        "/api/entities/{entity_id}/timeline",
        "/api/events",
        "/api/events/{event_id}",
        "/api/events/{event_id}/claimreview",
        "/api/claims",
        "/api/origins",
        "/api/origins/{name}",
        "/api/check",
        "/api/export",
        "/api/export/claims.csv",
        "/api/export/claimreview",
    ):
        assert path in paths, path
    assert "/people/{entity_id}" not in paths  # pages are not API
