"""The HTTP API and the pages under hostile input: refused with the error shape, never a 500;
only http(s) URLs become links; security headers on every answer; docs that work offline."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimledger.api import create_app
from claimledger.api.bodies import BodyError, documents_from_jsonl, load_json
from claimledger.api.security import script_hashes
from claimledger.ingest import IngestOptions, read_path
from claimledger.settings import DEFAULT_MAX_JSON_DEPTH, Settings
from claimledger.store import Store
from claimledger.types import Claim, Document, Entity, Event, InputFailure
from claimledger.web.links import is_web_url

TOKEN = "hostile-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NDJSON = {**AUTH, "Content-Type": "application/x-ndjson"}
DEEP = "[" * 100_000 + "]" * 100_000
HUGE_ID = "9" * 5000
JS_URL = "javascript:alert(document.cookie)"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=f"sqlite:///{tmp_path / 'hostile.db'}", token=TOKEN)
    # raise_server_exceptions=False: a 500 is then an answer the assertions see, not a raise.
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def assert_refused(response, status: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text[:300]
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    assert fragment in body["error"], body["error"]


@pytest.mark.parametrize("path", ["/api/documents", "/api/events", "/api/claims", "/api/origins"])
@pytest.mark.parametrize("offset", [2**63, 2**64, 10**30])
def test_offsets_past_64_bits_are_refused(client: TestClient, path: str, offset: int) -> None:
    assert_refused(client.get(path, params={"offset": str(offset)}), 422, "offset")


def test_the_largest_offset_allowed_is_answered(client: TestClient) -> None:
    from claimledger.api.routes import MAX_OFFSET

    for path in ("/api/documents", "/api/events", "/api/claims", "/api/entities"):
        response = client.get(path, params={"offset": str(MAX_OFFSET)})
        assert response.status_code == 200, (path, response.text)
        assert response.json()["items"] == []


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (DEEP, "nested more than"),
        ('{"text": "x", "extra": ' + "[" * 50 + "]" * 50 + "}", "nested more than"),
        ('{"id": "\\ud800", "text": "Someone was arrested."}', "'id' holds a lone surrogate"),
        ('{"url": "\\udfff", "text": "Someone was arrested."}', "'url' holds a lone surrogate"),
        ('{"language": "e\\ud800", "text": "Someone was arrested."}', "'language'"),
        ('{"id": ' + HUGE_ID + ', "text": "Someone was arrested."}', "5000 digits"),
        ("[1, 2]", "send one JSON object"),
        ('{"text": "x"', "not JSON"),
    ],
)
def test_hostile_documents_are_refused(client: TestClient, body: str, fragment: str) -> None:
    assert_refused(client.post("/api/documents", content=body, headers=AUTH), 400, fragment)
    assert client.get("/api/stats").json()["documents"] == 0


def test_a_hostile_line_of_a_batch_costs_only_itself(client: TestClient) -> None:
    good = {"id": "ok-1", "text": "The trial began on Monday.", "language": "en"}
    lines = [
        DEEP,
        '{"id": "\\ud800", "text": "Someone was arrested."}',
        '{"id": ' + HUGE_ID + ', "text": "Someone was arrested."}',
        # a raw U+2028 inside a JSON string is valid JSON, not the end of a line
        json.dumps({"id": "ok-2", "text": "One line\u2028still one line.", "language": "en"}),
        json.dumps(good),
    ]
    response = client.post("/api/documents", content="\n".join(lines), headers=NDJSON)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ingested"] == 2 and body["failed"] == 3
    assert [f["line"] for f in body["failures"]] == [1, 2, 3]
    assert client.get("/api/documents/ok-1").status_code == 200
    # one document, not two bogus halves (the normaliser makes the separator a line break)
    assert client.get("/api/documents/ok-2").json()["document"]["text"].endswith("still one line.")


def test_a_lone_surrogate_in_free_text_is_repaired_not_refused(client: TestClient) -> None:
    body = '{"id": "s", "text": "Someone \\ud800 was arrested.", "language": "en"}'
    response = client.post("/api/documents", content=body, headers=AUTH)
    assert response.status_code == 200, response.text
    text = client.get("/api/documents/s").json()["document"]["text"]
    assert "\ud800" not in text and text.startswith("Someone")


@pytest.mark.parametrize(
    ("published_at", "text"),
    [("0001-01-01", "John Smith was killed yesterday."), ("9999-12-31", "He dies next year.")],
)
def test_check_refuses_placeholder_dates(client: TestClient, published_at: str, text: str) -> None:
    response = client.post("/api/check", json={"text": text, "published_at": published_at})
    assert_refused(response, 422, "published_at")


def test_check_form_refuses_placeholder_dates(client: TestClient) -> None:
    form = {"text": "John Smith was killed yesterday.", "published_at": "0001-01-01"}
    response = client.post("/check", data=form)
    assert response.status_code == 400 and "from 1000-01-01 to 2999-12-31" in response.text


def test_a_document_dated_at_the_calendars_end_ingests(client: TestClient) -> None:
    # Past the API's check, the extraction itself is total: "yesterday" stays undated.
    doc = {"id": "d", "text": "Jane Roe was killed yesterday.", "published_at": "0001-01-01"}
    response = client.post("/api/documents", content=json.dumps(doc), headers=AUTH)
    assert response.status_code == 200 and response.json()["failed"] == 0, response.text


def test_load_json_bounds() -> None:
    depth = DEFAULT_MAX_JSON_DEPTH
    assert load_json("[" * depth + "]" * depth, max_depth=depth) is not None
    with pytest.raises(BodyError, match="nested"):
        load_json("[" * (depth + 1) + "]" * (depth + 1), max_depth=depth)
    # brackets inside strings are data, not nesting
    assert load_json(json.dumps({"text": "[" * 1000}), max_depth=depth) == {"text": "[" * 1000}
    assert load_json('{"id": 12345678901234567890}', max_depth=depth)["id"] == 12345678901234567890


def test_jsonl_body_reports_each_refused_line() -> None:
    text = '{"text": "fine", "language": "en"}\n\n' + DEEP + '\n{"text": ""}\n'
    items = list(documents_from_jsonl(text, origin="<request>", options=IngestOptions()))
    assert isinstance(items[0], Document)
    assert [(i.line, "nested" in i.reason) for i in items[1:] if isinstance(i, InputFailure)] == [
        (3, True),
        (4, False),
    ]


# The user's limits apply to posted documents as to files (IngestOptions.from_settings).

TIGHT = Settings(token=TOKEN, max_document_chars=100, max_input_bytes=2000, max_json_depth=4)


@pytest.fixture()
def tight(tmp_path: Path) -> Iterator[TestClient]:
    settings = dataclasses.replace(TIGHT, db=f"sqlite:///{tmp_path / 'tight.db'}")
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


LONG_TEXT = "Jane Roe was arrested in the capital on Monday, police said. " * 3  # 183 characters


def test_a_posted_document_over_the_users_size_limit_is_refused(tight: TestClient) -> None:
    doc = {"id": "long", "text": LONG_TEXT, "language": "en"}
    response = tight.post("/api/documents", content=json.dumps(doc), headers=AUTH)
    assert_refused(response, 400, "more than the limit of 100")
    assert tight.get("/api/stats").json()["documents"] == 0


def test_the_api_refuses_a_document_as_the_cli_does(tight: TestClient, tmp_path: Path) -> None:
    line = json.dumps({"id": "long", "text": LONG_TEXT, "language": "en"})
    path = tmp_path / "long.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    [read] = list(read_path(path, options=IngestOptions.from_settings(TIGHT)))
    assert isinstance(read, InputFailure)
    [posted] = tight.post("/api/documents", content=line, headers=NDJSON).json()["failures"]
    assert posted["reason"] == read.reason and posted["line"] == 1


def test_a_posted_body_over_the_users_byte_limit_is_refused(tight: TestClient) -> None:
    doc = {"id": "big", "text": "Someone was arrested.", "padding": "x" * 3000}
    response = tight.post("/api/documents", content=json.dumps(doc), headers=AUTH)
    assert_refused(response, 413, "larger than the limit of 2,000 bytes")


def test_a_batch_line_over_the_byte_limit_costs_only_itself(tight: TestClient) -> None:
    big = json.dumps({"id": "big", "text": "Someone was arrested.", "padding": "ж" * 1500})
    small = json.dumps({"id": "small", "text": "Someone was arrested.", "language": "en"})
    answer = tight.post("/api/documents", content=f"{big}\n{small}\n", headers=NDJSON).json()
    assert answer["ingested"] == 1
    [failure] = answer["failures"]
    # 1,500 Cyrillic letters are under 2,000 characters but over 2,000 bytes in UTF-8
    assert failure["line"] == 1 and "larger than the limit of 2,000 bytes" in failure["reason"]


def test_the_users_nesting_limit_applies_to_posted_json(tight: TestClient) -> None:
    nested = '{"text": "Someone was arrested.", "extra": [[[[1]]]]}'  # five levels
    assert_refused(tight.post("/api/documents", content=nested, headers=AUTH), 400, "than 4 levels")
    flat = '{"text": "Someone was arrested.", "extra": [[[1]]]}'
    assert tight.post("/api/documents", content=flat, headers=AUTH).status_code == 200


# Security headers and the content policy.


@pytest.mark.parametrize(
    "path", ["/", "/api/stats", "/api/nope", "/static/style.css", "/docs", "/openapi.json"]
)
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "'unsafe-eval'" not in policy and "script-src 'self'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_errors_too_carry_the_headers(client: TestClient) -> None:
    big = client.post("/api/documents", content="x" * (11 * 1024 * 1024), headers=AUTH)
    assert big.status_code == 413 and big.headers["x-content-type-options"] == "nosniff"


def test_a_server_error_keeps_the_error_shape_and_headers(tmp_path: Path) -> None:
    app = create_app(Settings(db=f"sqlite:///{tmp_path / 'boom.db'}"))

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/boom")
    assert response.status_code == 500 and response.json()["ok"] is False
    assert "content-security-policy" in response.headers


def test_pages_allow_no_inline_script(client: TestClient) -> None:
    policy = client.get("/", headers={"accept": "text/html"}).headers["content-security-policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]


# Only http(s) URLs become links.


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://news.example/a", True),
        ("HTTP://news.example/a?b=1", True),
        (JS_URL, False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//news.example/a", False),
        ("/relative", False),
        ("http://[::1", False),
        ("https://", False),
        (None, False),
    ],
)
def test_is_web_url(url: str | None, linked: bool) -> None:
    assert is_web_url(url) is linked


@pytest.fixture()
def js_ledger(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'js.db'}"
    text = "Jane Roe was arrested on 3 May, police said."
    quote = "Jane Roe was arrested on 3 May"
    with Store.open(url) as store:
        store.add_document(
            Document(text=text, id="js", url=JS_URL, published_at=date(2020, 5, 4), language="en")
        )
        claim = Claim(
            document_id="js",
            subject="Jane Roe",
            quote=quote,
            start=0,
            end=len(quote),
            extractor="claims.rules.v1",
            predicate="arrested",
            modality="asserted",
            id="c-js",
            subject_id="p-jane",
        )
        store.upsert_entities([Entity("p-jane", "person", "Jane Roe")])
        store.replace_claims("js", [claim])
        event = Event(
            "ev-js",
            "p-jane",
            "arrested",
            "unverified",
            "claimed",
            "assess.rules.v1",
            claims=("c-js",),
        )
        store.replace_events([event])
        with TestClient(create_app(Settings(db=url), store=store)) as client:
            yield client


@pytest.mark.parametrize("path", ["/documents/js", "/events/ev-js"])
def test_a_javascript_url_is_shown_as_text(js_ledger: TestClient, path: str) -> None:
    page = js_ledger.get(path, headers={"accept": "text/html"})
    assert page.status_code == 200, page.text[:300]
    assert 'href="javascript' not in page.text.lower()
    assert 'cite="javascript' not in page.text.lower()
    assert "javascript:alert(document.cookie)" in page.text  # shown, as text


# The documentation works offline.


@pytest.mark.parametrize(
    ("page", "asset"),
    [
        ("/docs", "swagger-ui-bundle.js"),
        ("/docs", "swagger-ui.css"),
        ("/redoc", "redoc.standalone.js"),
    ],
)
def test_docs_load_their_assets_from_this_server(client: TestClient, page: str, asset: str) -> None:
    html = client.get(page).text
    assert f'"/docs-assets/{asset}"' in html
    assert "cdn" not in html.lower() and "googleapis" not in html
    served = client.get(f"/docs-assets/{asset}")
    assert served.status_code == 200 and len(served.content) > 100_000


def test_docs_policy_allows_exactly_their_inline_script(client: TestClient) -> None:
    response = client.get("/docs")
    hashes = script_hashes(response.text)
    assert hashes.startswith("'sha256-")
    assert hashes in response.headers["content-security-policy"]


# The schema says everything.


def test_every_operation_has_a_response_model_and_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            ok = operation["responses"]["200"]
            [content] = ok["content"].values()
            assert content["schema"] not in ({}, {"type": "object"}), (method, path)
            errors = operation["responses"]["4XX"]["content"]["application/json"]["schema"]
            assert errors == {"$ref": "#/components/schemas/ErrorOut"}
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_bearer_security_is_declared(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert schema["paths"]["/api/documents"]["post"]["security"] == [{"bearer": []}]
    assert {} in schema["paths"]["/api/stats"]["get"]["security"]  # reads: token optional


def test_post_documents_declares_its_body(client: TestClient) -> None:
    body = client.get("/openapi.json").json()["paths"]["/api/documents"]["post"]["requestBody"]
    one = body["content"]["application/json"]["schema"]
    assert one["required"] == ["text"] and "published_at" in one["properties"]
    assert "application/x-ndjson" in body["content"]


# A read is not kept waiting by a running write.


def test_a_read_is_answered_while_a_write_runs(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from claimledger.api import routes

    entered, released = threading.Event(), threading.Event()

    def slow_ingest(items: object, store: object) -> Iterator[object]:
        entered.set()
        released.wait(timeout=30)  # the write "runs" until the read has been answered
        yield from ()

    monkeypatch.setattr(routes, "ingest_items", slow_ingest)
    body = json.dumps({"text": "Someone was arrested.", "language": "en"})
    writer = threading.Thread(
        target=lambda: client.post("/api/documents", content=body, headers=AUTH)
    )
    writer.start()
    try:
        assert entered.wait(timeout=30)
        read = client.get("/api/stats")  # served on the event loop the write must not hold
        assert read.status_code == 200
        assert writer.is_alive(), "the read waited for the write to finish"
    finally:
        released.set()
        writer.join(timeout=30)
