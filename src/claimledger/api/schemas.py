"""Response models of the HTTP API, so the OpenAPI schema documents the answers' fields.

The routes build their answers with the same record functions as the export
(``claimledger.export``); these models describe and validate them. Records that other parts of
the API describe only loosely (claims, findings) are kept as plain objects here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

# The days a news report can be dated: wide enough for any real report, narrow enough to refuse
# the placeholders 0001-01-01 and 9999-12-31 (date.min, date.max, "never") a client sends by
# mistake, whose "yesterday" or "next year" no calendar holds.
EARLIEST_REPORT = date(1000, 1, 1)
LATEST_REPORT = date(2999, 12, 31)
ReportDate = Annotated[date, Field(ge=EARLIEST_REPORT, le=LATEST_REPORT)]

NOT_EXTRACTED = (
    'Why the document gives no claims and no mentions, e.g. "language de" (a language claims '
    'are not extracted from, or "language unknown"); null when extraction reads it.'
)
EXTRACTION_FAILED = (
    "Why extracting the document raised (it gives no claims until `claimledger extract "
    "--retry-failed` reads it again); null when it was extracted."
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
    extraction_failed: str | None = Field(description=EXTRACTION_FAILED)


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
    extraction_failed: int = Field(
        description="Documents whose extraction raised (see `extraction_failed` on each)."
    )


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


# Records of the ledger. They keep fields the routes add later ("extra": "allow"), so the
# schema documents what every answer has without hiding what a newer one adds.
OPEN = ConfigDict(extra="allow")


class ErrorOut(BaseModel):
    """The one error shape of the API, whatever went wrong."""

    ok: bool = Field(description="Always false.")
    error: str = Field(description="What went wrong and what would be accepted.")
    status: int = Field(description="The HTTP status, repeated.")


class TimeSpanOut(BaseModel):
    model_config = OPEN

    start: date
    end: date
    text: str | None = None
    precision: str
    estimated: bool


class EntityOut(BaseModel):
    model_config = OPEN

    id: str
    type: str
    name: str
    aliases: list[str]


class ClaimOut(BaseModel):
    """One claim: who (subject), what (predicate), when, where, who says so, the quote."""

    model_config = OPEN

    id: str | None
    document_id: str
    subject: str
    subject_id: str | None
    predicate: str
    when: TimeSpanOut | None
    modality: str
    quote: str
    start: int
    end: int
    event_id: str | None = None


class EventOut(BaseModel):
    """An event (claims about one real occurrence) and its status, with the evidence."""

    model_config = OPEN

    id: str
    subject_id: str
    predicate: str
    when: TimeSpanOut | None
    status: str
    status_reason: str | None
    evidence: list[str]


class EventDetailOut(EventOut):
    claims: list[ClaimOut]
    origins: list[str]


class TrackRecordOut(BaseModel):
    """How an origin's claims turned out."""

    model_config = OPEN

    origin: str
    total: int


class OriginDetailOut(TrackRecordOut):
    claims: list[ClaimOut]


class EntityAnswer(BaseModel):
    ok: bool
    entity: EntityOut


class TimelineAnswer(BaseModel):
    model_config = OPEN

    ok: bool
    entity: EntityOut
    events: list[EventDetailOut]


class EventAnswer(BaseModel):
    ok: bool
    event: EventDetailOut


class OriginAnswer(BaseModel):
    ok: bool
    origin: OriginDetailOut


class Page(BaseModel):
    ok: bool
    limit: int
    offset: int
    next: str | None = Field(description="The URL of the next page, when there may be one.")


class EntityPage(Page):
    items: list[EntityOut]


class EventPage(Page):
    items: list[EventOut]


class ClaimPage(Page):
    items: list[ClaimOut]


class OriginPage(Page):
    items: list[TrackRecordOut]


class ClaimReviewOut(BaseModel):
    """A schema.org ClaimReview (JSON-LD) of one event."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    context: str = Field(alias="@context")
    type: str = Field(alias="@type")
    identifier: str
    url: str


class DocumentIn(BaseModel):
    """One document to ingest: the same fields as a line of a JSONL file."""

    model_config = OPEN

    text: str = Field(min_length=1, description="The article's text (required, non-empty).")
    id: str | int | None = Field(None, description="Your id; ingest derives one if unset.")
    url: str | None = None
    title: str | None = None
    source: str | None = Field(None, description="The outlet, e.g. 'Reuters'.")
    language: str | None = Field(None, description="ISO 639-1 code; detected if unset.")
    author: str | None = None
    published_at: str | None = Field(
        None, description="ISO 8601 date or datetime, e.g. '2017-06-16' or '2017-06-16T09:30Z'."
    )
    published_at_estimated: bool = False


class ExportOut(BaseModel):
    """The whole ledger in the export contract ``claimledger.export.v1`` (EXPORT.md)."""

    model_config = OPEN

    schema_: str = Field(alias="schema", description="claimledger.export.v1")
    generated_at: str
    documents: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    events: list[dict[str, Any]]
