"""The HTTP API in process: documents, ingest with and without the token, the error shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

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
    for hostile in ["' OR 1=1 --", "x'; DROP TABLE documents; --", "%00", "<script>"]:
        assert loaded.get(f"/api/documents/{hostile}").status_code == 404
    assert loaded.get("/api/stats").json()["documents"] == 6


def test_request_size_limit(client: TestClient) -> None:
    from claimledger.api.app import MAX_BODY_BYTES

    big = "x" * (MAX_BODY_BYTES + 1)
    assert_error(client.post("/api/documents", content=big, headers=AUTH), 413, "bytes")


def test_openapi_schema_is_served(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/documents" in schema["paths"]
    assert "post" in schema["paths"]["/api/documents"]
