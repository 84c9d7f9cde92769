"""Commands that show and export what is stored: ``documents``, ``stats``, ``export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console

from claimledger.cli.common import (
    CsvOption,
    DbOption,
    JsonOption,
    WideOption,
    err,
    fail,
    open_store,
    output_format,
)
from claimledger.output import Format, write_rows

if TYPE_CHECKING:
    from claimledger.store import Store

DOCUMENT_COLUMNS = (
    "id",
    "version",
    "published_at",
    "language",
    "not_extracted",
    "extraction_failed",
    "title",
    "source",
    "url",
)
DOCUMENT_TABLE = ("id", "published_at", "language", "title")


def documents_list(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    wide: WideOption = False,
) -> None:
    """List stored documents (latest versions).

    not_extracted says why a document gives no claims ("language de": a language claims are
    not extracted from); it is empty for documents extraction reads. extraction_failed says why
    extracting a document raised (`extract --retry-failed` tries those again).

    Example:

        claimledger documents list --limit 20 --csv > documents.csv
    """
    fmt = output_format(as_json, as_csv)
    with open_store(db, must_exist=True) as store:
        rows = (
            {
                "id": d.document_id,
                "version": d.version,
                "published_at": d.published_at.isoformat() if d.published_at else None,
                "language": d.language,
                "not_extracted": d.not_extracted,
                "extraction_failed": d.extraction_failed,
                "title": d.title,
                "source": d.source,
                "url": d.url,
            }
            for d in store.iter_documents(limit=limit, offset=offset)
        )
        write_rows(
            rows,
            columns=DOCUMENT_COLUMNS,
            fmt=fmt,
            title="Documents",
            table_columns=DOCUMENT_TABLE,
            wrap={"id", "title"},
            wide=wide,
        )


def documents_show(
    document_id: Annotated[str, typer.Argument(help="The document's id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one document with its metadata and text.

    Example:

        claimledger documents show a3-mod-statement --json
    """
    with open_store(db, must_exist=True) as store:
        doc = store.get_document(document_id)
        if doc is None:
            raise fail(
                f"no document with id {document_id!r}; `claimledger documents list` lists ids"
            )
        record = doc.as_dict()
    if as_json:
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2, default=str))
        return
    console = Console()
    for key, value in record.items():
        if key != "text":
            console.print(f"[bold]{key}[/bold]: {value}", highlight=False)
    console.print()
    console.print(record.get("text", ""), highlight=False, markup=False)


def stats(db: DbOption = None, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """Count what is in the ledger, as the listing commands list it: documents (`documents
    list`), publishers (the outlets documents name), origins (`sources`), entities and persons
    (`entities list`), mentions, claims (`claims list`), events (`events list`), and the
    documents stored but not extracted, by language.

    Example:

        claimledger stats --json
    """
    from claimledger.queries import ledger_stats

    fmt = output_format(as_json, as_csv)
    with open_store(db, must_exist=True) as store:
        counts = ledger_stats(store)
        outdated = outdated_events(store)
    if outdated:
        err.print(outdated, highlight=False)
    if fmt is Format.json:
        typer.echo(json.dumps(counts.listing_dict(), indent=2))
        return
    rows = ({"what": k, "count": v} for k, v in counts.rows())
    write_rows(rows, columns=("what", "count"), fmt=fmt, title="Ledger")


def outdated_events(store: Store) -> str:
    """A hint when some events were decided by an older release's rules ("" when none)."""
    from claimledger.assess.facts import ASSESSOR

    older = sum(n for assessor, n in store.assessor_counts().items() if assessor != ASSESSOR)
    if not older:
        return ""
    return (
        f"note: {older} events were assessed by rules older than this release's ({ASSESSOR}); "
        "run `claimledger reassess --replay-history` to update their statuses, dated "
        "histories and origins"
    )


EXPORT_FORMATS = ("json", "csv", "claimreview")


def export(
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="json (claimledger.export.v1), csv (one row per claim) or claimreview "
            "(schema.org ClaimReview JSON-LD, one per event).",
        ),
    ] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Leave documents' text out of the export.")
    ] = False,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Where the web pages are served (ClaimReview 'url' links to the event pages).",
        ),
    ] = None,
) -> None:
    """Export the ledger: the claimledger.export.v1 JSON, claims as CSV, or ClaimReview.

    Example:

        claimledger export --format json --out ledger.json

        claimledger export --format claimreview --base-url https://ledger.example.org
    """
    if fmt not in EXPORT_FORMATS:
        raise fail(f"--format {fmt!r} is not supported; use: {', '.join(EXPORT_FORMATS)}", code=2)
    with open_store(db, must_exist=True) as store:
        if out is None:
            _write_export(store, fmt, sys.stdout, with_text=not no_text, base_url=base_url)
            return
        with out.open("w", encoding="utf-8", newline="") as handle:
            counts = _write_export(store, fmt, handle, with_text=not no_text, base_url=base_url)
    err.print(f"wrote {out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


def _write_export(
    store: Store, fmt: str, out: TextIO, *, with_text: bool, base_url: str | None
) -> dict[str, int]:
    from claimledger.claimreview import write_claims_csv, write_reviews
    from claimledger.export import write_json_export

    if fmt == "csv":
        return {"claims": write_claims_csv(store, out)}
    if fmt == "claimreview":
        return {"reviews": write_reviews(store, out, base_url=base_url)}
    return write_json_export(store, out, with_text=with_text)
