"""Response models of the HTTP API, so the OpenAPI schema documents the answers' fields.

The routes build their answers with the same record functions as the export
(``claimledger.export``); these models describe and validate them. Records that other parts of
the API describe only loosely (claims, findings) are kept as plain objects here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

NOT_EXTRACTED = (
    'Why the document gives no claims and no mentions, e.g. "language de" (a language claims '
    'are not extracted from, or "language unknown"); null when extraction reads it.'
)
NOT_EXTRACTED_COUNTS = (
    'Documents stored but not extracted, by language ("unknown": no language detected), '
    'e.g. {"de": 12}.'
)


class DocumentOut(BaseModel):
    """A stored document's latest version, without its text."""

    id: str
    url: str | None
    title: str | None
    source: str | None
    language: str | None = Field(description="ISO 639-1 code, given or detected.")
    published_at: date | None
    published_at_estimated: bool
    version: int
    content_hash: str
    not_extracted: str | None = Field(description=NOT_EXTRACTED)


class DocumentWithText(DocumentOut):
    text: str


class DocumentPage(BaseModel):
    ok: bool
    items: list[DocumentOut]
    limit: int
    offset: int
    next: str | None = Field(description="The URL of the next page, when there may be one.")


class DocumentDetail(BaseModel):
    ok: bool
    document: DocumentWithText
    claims: list[dict[str, Any]]


class LedgerStatsOut(BaseModel):
    """Row counts of the ledger (more may be added) and the documents not extracted."""

    model_config = ConfigDict(extra="allow")

    ok: bool
    documents: int
    versions: int
    sources: int
    entities: int
    mentions: int
    claims: int
    events: int
    not_extracted: dict[str, int] = Field(description=NOT_EXTRACTED_COUNTS)


class IngestOutcomeOut(BaseModel):
    """What happened to one input item."""

    origin: str
    status: str = Field(description="new, present, new_version or failed.")
    document_id: str | None
    version: int | None
    reason: str | None = Field(description="Why it failed.")
    line: int | None
    claims: int
    language: str | None
    not_extracted: str | None = Field(description=NOT_EXTRACTED)


class IngestAnswer(BaseModel):
    ok: bool
    ingested: int
    new_versions: int
    already_present: int
    failed: int
    claims: int
    not_extracted: dict[str, int] = Field(description=NOT_EXTRACTED_COUNTS)
    failures: list[IngestOutcomeOut]
    documents: list[IngestOutcomeOut]


class CheckAnswerOut(BaseModel):
    """The answer of `check`: findings, or the nearest stored claims, or why not checked."""

    ok: bool
    text: str
    language: str | None = Field(
        description="The text's language, or null when it is too short to tell."
    )
    not_extracted: str | None = Field(
        description='Set ("language de") when the text is in a language claims are not '
        "extracted from: then nothing was checked."
    )
    supported_languages: list[str] = Field(description="Languages claims are extracted from.")
    findings: list[dict[str, Any]]
    similar: list[dict[str, Any]]
