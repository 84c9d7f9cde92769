"""The ``claimledger`` command: a thin adapter over the library.

Commands open a Store, call library functions and print. Listing commands share one set of
output options (table by default, ``--json``, ``--csv``); errors print as ``Error: ...`` and exit
with code 1; usage errors exit with 2 (Click's convention); progress bars go to stderr and are
silenced by ``--quiet``.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from claimledger import __version__
from claimledger.errors import ClaimledgerError
from claimledger.export import write_json_export
from claimledger.ingest import IngestOptions, read_inputs
from claimledger.output import Format, choose_format, write_rows
from claimledger.pipeline import IngestSummary, ingest_items
from claimledger.settings import Settings
from claimledger.store import Store
from claimledger.types import Document, InputFailure

app = typer.Typer(
    name="claimledger",
    help="A ledger of claims made in the news: has this been claimed before, by whom, "
    "and how did it turn out?",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
documents_app = typer.Typer(help="List and show stored documents.", no_args_is_help=True)
app.add_typer(documents_app, name="documents")

err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="CLAIMLEDGER_DB",
        help="SQLAlchemy database URL [default: sqlite:///claimledger.db].",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV for spreadsheets.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]Error:[/red] {message}", highlight=False)
    return typer.Exit(code)


@contextmanager
def open_store(db: str | None) -> Iterator[Store]:
    try:
        settings = Settings.from_env(db=db)
        store = Store.open(settings.db)
    except ClaimledgerError as exc:
        raise fail(str(exc)) from None
    try:
        yield store
    finally:
        store.close()


def output_format(as_json: bool, as_csv: bool) -> Format:
    try:
        return choose_format(as_json=as_json, as_csv=as_csv)
    except ValueError as exc:
        raise fail(str(exc), code=2) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv: debug).")
    ] = 0,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """claimledger: has this been claimed before, by whom, and how did it turn out?"""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, directories (recursive) or '-' for standard input."),
    ],
    db: DbOption = None,
    split: Annotated[
        bool,
        typer.Option("--split", help="Split plain-text files holding several glued articles."),
    ] = False,
    languages: Annotated[
        str | None,
        typer.Option(help="Comma-separated ISO 639-1 codes language detection chooses among."),
    ] = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
) -> None:
    """Read news into the ledger: text, JSONL, HTML, RSS/Atom, WARC files, directories, stdin.

    Each document is stored once (by content hash); a changed text at the same URL or id is a
    new version. Inputs that cannot be read are reported with the reason and the run goes on.
    Exit code 0 when everything was read, 1 when some inputs failed.

    Example:

        claimledger ingest samples/seed-articles.jsonl --db sqlite:///ledger.db
    """
    try:
        settings = Settings.from_env(db=db, languages=_codes(languages))
        options = IngestOptions(languages=settings.languages)
    except ClaimledgerError as exc:
        raise fail(str(exc), code=2) from None
    items = read_inputs(paths, options=options, stdin=sys.stdin)
    if split:
        items = _split_blobs(items, options)
    summary = IngestSummary()
    with open_store(settings.db) as store, _progress(quiet or as_json) as progress:
        task = progress.add_task("ingesting", total=None)
        for outcome in ingest_items(items, store):
            summary.add(outcome)
            progress.advance(task)
            if outcome.status == "failed" and not quiet and not as_json:
                where = f"{outcome.origin}:{outcome.line}" if outcome.line else outcome.origin
                err.print(f"[yellow]skipped[/yellow] {where}: {outcome.reason}", highlight=False)
    _print_summary(summary, as_json=as_json, quiet=quiet)
    raise typer.Exit(1 if summary.failed else 0)


def _codes(raw: str | None) -> tuple[str, ...] | None:
    return tuple(c.strip().lower() for c in raw.split(",") if c.strip()) if raw else None


def _split_blobs(
    items: Iterator[Document | InputFailure], options: IngestOptions
) -> Iterator[Document | InputFailure]:
    """Replace each plain-text document by the articles found glued together in it."""
    from claimledger.ingest import normalize_document
    from claimledger.ingest.split import split_documents

    for item in items:
        if isinstance(item, Document) and item.id is None and item.url is None:
            for part in split_documents(item.text, origin=item.origin or "<text>"):
                yield normalize_document(part, options=options)
        else:
            yield item


@contextmanager
def _progress(disabled: bool) -> Iterator[Progress]:
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=disabled,
    )
    with progress:
        yield progress


def _print_summary(summary: IngestSummary, *, as_json: bool, quiet: bool) -> None:
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), indent=2))
        return
    if quiet:
        return
    err.print(
        f"{summary.ingested} ingested ({summary.counts['new_version']} new versions), "
        f"{summary.present} already present, {summary.failed} failed",
        highlight=False,
    )


DOCUMENT_COLUMNS = ("id", "version", "published_at", "language", "title", "source", "url")


@documents_app.command("list")
def documents_list(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List stored documents (latest versions).

    Example:

        claimledger documents list --limit 20 --csv > documents.csv
    """
    fmt = output_format(as_json, as_csv)
    with open_store(db) as store:
        rows = (
            {
                "id": d.document_id,
                "version": d.version,
                "published_at": d.published_at.isoformat() if d.published_at else None,
                "language": d.language,
                "title": d.title,
                "source": d.source,
                "url": d.url,
            }
            for d in store.iter_documents(limit=limit, offset=offset)
        )
        write_rows(rows, columns=DOCUMENT_COLUMNS, fmt=fmt, title="Documents")


@documents_app.command("show")
def documents_show(
    document_id: Annotated[str, typer.Argument(help="The document's id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one document with its metadata and text.

    Example:

        claimledger documents show a3-mod-statement --json
    """
    with open_store(db) as store:
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


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """Count what is in the ledger: documents, versions, entities, claims, events.

    Example:

        claimledger stats --json
    """
    fmt = output_format(as_json, as_csv)
    with open_store(db) as store:
        counts = store.stats()
    if fmt is Format.json:
        typer.echo(json.dumps(counts, indent=2))
        return
    rows = ({"what": k, "count": v} for k, v in counts.items())
    write_rows(rows, columns=("what", "count"), fmt=fmt, title="Ledger")


@app.command()
def export(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="Export format: json.")] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Leave documents' text out of the export.")
    ] = False,
) -> None:
    """Export the ledger in the claimledger.export.v1 JSON format.

    Example:

        claimledger export --format json --out ledger.json
    """
    if fmt != "json":
        raise fail(f"--format {fmt!r} is not supported; use: json", code=2)
    with open_store(db) as store:
        if out is None:
            write_json_export(store, sys.stdout, with_text=not no_text)
            return
        with out.open("w", encoding="utf-8") as handle:
            counts = write_json_export(store, handle, with_text=not no_text)
    err.print(f"wrote {out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI schema at /docs) and the web pages.

    Writes need CLAIMLEDGER_TOKEN sent as a bearer token; reads are open unless
    CLAIMLEDGER_READ_TOKEN is set.

    Example:

        CLAIMLEDGER_TOKEN=secret claimledger serve --db sqlite:///sample.db --port 8000
    """
    import uvicorn

    from claimledger.api import create_app

    try:
        settings = Settings.from_env(db=db)
    except ClaimledgerError as exc:
        raise fail(str(exc), code=2) from None
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
