"""HTTP routes for exports: the JSON contract, CSV of claims, schema.org ClaimReview."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from claimledger.api.app import ApiError, StoreDep, require_read
from claimledger.api.schemas import ClaimReviewOut
from claimledger.claimreview import event_review, write_claims_csv, write_reviews
from claimledger.export import write_json_export

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)])

CHUNK = 64 * 1024
# Exports are written to a spooled file first (memory up to this size, then disk), so a
# database error surfaces as an error response instead of a truncated download.
SPOOL_BYTES = 8 * 1024 * 1024
JSON_LD = "application/ld+json"


class JsonLdResponse(JSONResponse):
    media_type = JSON_LD


def _described(content_type: str, schema: dict[str, Any], what: str) -> dict[int | str, Any]:
    """The ``responses`` of a download: its content type and the schema of what it holds."""
    return {200: {"description": what, "content": {content_type: {"schema": schema}}}}


_MODEL = "#/components/schemas/{}"  # ExportOut is added to the schema by api.docs


def base_url(request: Request) -> str:
    """Where the event pages are: the configured base URL, else this server's own URL."""
    configured = request.app.state.settings.base_url
    return configured or str(request.base_url)


def _spooled(write: Callable[[TextIO], object]) -> Iterator[bytes]:
    # The file outlives this call: the response's iterator closes it when done.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b")  # noqa: SIM115
    handle = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    try:
        write(handle)
        handle.flush()
    except BaseException:
        handle.close()
        raise
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with handle:
            while block := spool.read(CHUNK):
                yield block

    return chunks()


def _download(write: Callable[[TextIO], object], media_type: str, name: str) -> StreamingResponse:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(_spooled(write), media_type=media_type, headers=headers)


@router.get(
    "/export",
    summary="The whole ledger as claimledger.export.v1 JSON",
    response_class=StreamingResponse,
    responses=_described(
        "application/json", {"$ref": _MODEL.format("ExportOut")}, "The export, as a download."
    ),
)
def export_json(
    store: StoreDep,
    text: bool = Query(True, description="Include the documents' text."),
) -> StreamingResponse:
    def write(out: TextIO) -> object:
        return write_json_export(store, out, with_text=text)

    return _download(write, "application/json", "claimledger-export.json")


@router.get(
    "/export/claims.csv",
    summary="Every claim as CSV, with its event's status",
    response_class=StreamingResponse,
    responses=_described("text/csv", {"type": "string"}, "One row a claim, with a header."),
)
def export_csv(store: StoreDep) -> StreamingResponse:
    return _download(lambda out: write_claims_csv(store, out), "text/csv", "claims.csv")


@router.get(
    "/export/claimreview",
    summary="A schema.org ClaimReview (JSON-LD) for every event",
    response_class=StreamingResponse,
    responses=_described(
        JSON_LD,
        {"type": "array", "items": {"$ref": _MODEL.format("ClaimReviewOut")}},
        "Every event's ClaimReview, as a download.",
    ),
)
def export_claimreview(request: Request, store: StoreDep) -> StreamingResponse:
    root = base_url(request)

    def write(out: TextIO) -> object:
        return write_reviews(store, out, base_url=root)

    return _download(write, JSON_LD, "claimreview.jsonld")


@router.get(
    "/events/{event_id}/claimreview",
    summary="One event as schema.org ClaimReview",
    response_class=JsonLdResponse,
    response_model=ClaimReviewOut,
    response_model_by_alias=True,
)
def event_claimreview(event_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    review = event_review(store, event_id, base_url=base_url(request))
    if review is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    return review
