"""HTTP routes: thin adapters that parse a request, call the library and shape the answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from claimledger.api.app import ApiError, StoreDep, require_read, require_write
from claimledger.api.bodies import (
    BodyError,
    check_size,
    document_from_body,
    documents_from_jsonl,
)
from claimledger.api.docs import WRITE_SECURITY
from claimledger.api.schemas import (
    DocumentDetail,
    DocumentIn,
    DocumentPage,
    IngestAnswer,
    LedgerStatsOut,
)
from claimledger.export import claim_record, document_record
from claimledger.ingest import IngestOptions
from claimledger.ingest.normalize import normalize_document
from claimledger.pipeline import IngestSummary, ingest_items
from claimledger.queries import document_with_claims, ledger_stats
from claimledger.store import Store
from claimledger.types import Document, InputFailure

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)])

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
# Offsets reach SQL as 64-bit integers (SQLite, PostgreSQL's bigint): larger ones are refused.
MAX_OFFSET = 2**63 - 1 - 1000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]


DOCUMENTS_BODY: dict[str, Any] = {
    "required": True,
    "description": "One document as a JSON object, or many as JSON Lines "
    "(`Content-Type: application/x-ndjson`), one object a line.",
    "content": {
        "application/json": {"schema": DocumentIn.model_json_schema()},
        "application/x-ndjson": {
            "schema": {"type": "string", "description": "One JSON document object a line."}
        },
    },
}


def page(items: list[dict[str, Any]], *, limit: int, offset: int, request: Request) -> dict:
    """The one pagination shape: items plus the URL of the next page when there may be one."""
    more = len(items) > limit
    next_url = None
    if more:
        next_url = str(request.url.include_query_params(limit=limit, offset=offset + limit))
    return {"ok": True, "items": items[:limit], "limit": limit, "offset": offset, "next": next_url}


@router.get(
    "/stats",
    summary="Counts of what is in the ledger, and of documents not extracted by language",
    response_model=LedgerStatsOut,
)
def stats(store: StoreDep) -> dict:
    return {"ok": True, **ledger_stats(store).as_dict()}


@router.get(
    "/documents",
    summary="Stored documents, newest versions, paginated",
    response_model=DocumentPage,
)
def list_documents(
    request: Request, store: StoreDep, limit: Limit = 50, offset: Offset = 0
) -> dict:
    docs = store.iter_documents(limit=limit + 1, offset=offset)
    items = [document_record(d, with_text=False) for d in docs]
    return page(items, limit=limit, offset=offset, request=request)


@router.get(
    "/documents/{document_id}",
    summary="One document with its text and its claims",
    response_model=DocumentDetail,
)
def get_document(document_id: str, store: StoreDep) -> dict:
    found = document_with_claims(store, document_id)
    if found is None:
        raise ApiError(404, f"no document with id {document_id!r}")
    return {
        "ok": True,
        "document": document_record(found.document, with_text=True),
        "claims": [claim_record(c) for c in found.claims],
    }


@router.post(
    "/documents",
    summary="Ingest one document (JSON object) or a batch (JSON Lines); needs the write token",
    dependencies=[Depends(require_write)],
    status_code=200,
    response_model=IngestAnswer,
    openapi_extra={"requestBody": DOCUMENTS_BODY, "security": WRITE_SECURITY},
)
async def post_documents(request: Request, store: StoreDep) -> dict:
    body = (await request.body()).decode("utf-8", errors="replace")
    # The user's limits and languages, read exactly as the CLI reads them.
    options = IngestOptions.from_settings(request.app.state.settings)
    content_type = request.headers.get("content-type", "")
    items: Iterator[Document | InputFailure]
    if "ndjson" in content_type or "jsonl" in content_type:
        items = documents_from_jsonl(body, origin="<request>", options=options)
    else:
        # normalised lazily, as the batch is: in the worker thread below
        doc = _one_document(body, options)
        items = (normalize_document(d, options=options) for d in [doc])
    # Extraction takes seconds: off the event loop, so other requests (reads) are served
    # meanwhile; each document is stored in its own short transaction.
    return await run_in_threadpool(_ingest, items, store)


def _ingest(items: Iterator[Document | InputFailure], store: Store) -> dict:
    summary = IngestSummary()
    outcomes = []
    for outcome in ingest_items(items, store):
        summary.add(outcome)
        outcomes.append(outcome.as_dict())
    return {"ok": summary.failed == 0, **summary.as_dict(), "documents": outcomes}


def _one_document(body: str, options: IngestOptions) -> Document:
    try:
        check_size(body, what="the body", options=options)
    except BodyError as exc:
        raise ApiError(413, str(exc)) from None
    try:
        return document_from_body(body, origin="<request>", line=None, options=options)
    except BodyError as exc:
        raise ApiError(400, str(exc)) from None
