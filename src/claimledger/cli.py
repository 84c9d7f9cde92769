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
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from claimledger import __version__
from claimledger.errors import ClaimledgerError
from claimledger.export import write_json_export
from claimledger.ingest import IngestOptions, read_inputs
from claimledger.output import Format, choose_format, write_rows
from claimledger.pipeline import IngestSummary, PipelineOptions, ingest_items
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
    extract: Annotated[
        bool,
        typer.Option(
            "--extract/--no-extract", help="Extract claims and update events after storing."
        ),
    ] = True,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes for claim extraction (use the cores you have).")
    ] = 1,
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
        pipeline = PipelineOptions(extract=extract, workers=workers)
        for outcome in ingest_items(items, store, options=pipeline):
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
        f"{summary.present} already present, {summary.failed} failed; "
        f"{summary.claims} claims extracted",
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


EXPORT_FORMATS = ("json", "csv", "claimreview")


@app.command()
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
    with open_store(db) as store:
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

    if fmt == "csv":
        return {"claims": write_claims_csv(store, out)}
    if fmt == "claimreview":
        return {"reviews": write_reviews(store, out, base_url=base_url)}
    return write_json_export(store, out, with_text=with_text)


entities_app = typer.Typer(help="List, show and import entities.", no_args_is_help=True)
app.add_typer(entities_app, name="entities")
events_app = typer.Typer(help="List events with their statuses.", no_args_is_help=True)
app.add_typer(events_app, name="events")
claims_app = typer.Typer(help="List claims with filters.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")

ENTITY_COLUMNS = ("id", "type", "name", "aliases", "wikidata")


@entities_app.command("list")
def entities_list(
    db: DbOption = None,
    name: Annotated[str | None, typer.Option(help="Only entities matching this name.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List entities with every name seen for them.

    Example:

        claimledger entities list --name "Al Bogdadi" --json
    """
    from claimledger.queries import find_entities

    fmt = output_format(as_json, as_csv)
    with open_store(db) as store:
        found = find_entities(store, name) if name else store.iter_entities()
        rows = (e.as_dict() for e in found)
        write_rows(rows, columns=ENTITY_COLUMNS, fmt=fmt, title="Entities")


@entities_app.command("import")
def entities_import(
    path: Annotated[Path, typer.Argument(help="A watchlist: YAML or CSV.")],
    db: DbOption = None,
) -> None:
    """Load a watchlist of known entities (name, aliases, type, description, Wikidata id).

    YAML: a list of mappings with those keys; CSV: those columns, aliases separated by '|'.
    Documents ingested afterwards resolve against these entities.

    Example:

        claimledger entities import watchlist.yaml
    """
    from claimledger.pipeline import import_entities
    from claimledger.resolve import load_watchlist

    with open_store(db) as store:
        try:
            count = import_entities(store, load_watchlist(path))
        except ClaimledgerError as exc:
            raise fail(str(exc)) from None
    err.print(f"imported {count} entities from {path}")


EVENT_COLUMNS = ("id", "subject_id", "predicate", "when", "where", "status", "status_reason")


@events_app.command("list")
def events_list(
    db: DbOption = None,
    person: Annotated[str | None, typer.Option(help="Any spelling of a person's name.")] = None,
    status: Annotated[
        str | None, typer.Option(help="confirmed|refuted|disputed|unverified")
    ] = None,
    predicate: Annotated[str | None, typer.Option(help="killed, wounded, arrested, ...")] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List events, oldest first, with status and reason.

    Example:

        claimledger events list --status refuted --predicate killed --csv
    """
    from claimledger.queries import list_events

    fmt = output_format(as_json, as_csv)
    with open_store(db) as store:
        subject = _person_id(store, person)
        events = list_events(
            store, subject_id=subject, status=status, predicate=predicate, limit=limit
        )
    rows = ({**e.as_dict(), "when": _when_text(e)} for e in events)
    write_rows(rows, columns=EVENT_COLUMNS, fmt=fmt, title="Events")


CLAIM_COLUMNS = (
    "id",
    "document_id",
    "subject",
    "predicate",
    "when",
    "where",
    "claimant",
    "via",
    "origin",
    "modality",
    "quote",
    "event_id",
)


@claims_app.command("list")
def claims_list(
    db: DbOption = None,
    person: Annotated[str | None, typer.Option(help="Any spelling of a person's name.")] = None,
    predicate: Annotated[str | None, typer.Option(help="killed, wounded, arrested, ...")] = None,
    status: Annotated[str | None, typer.Option(help="Status of the claim's event.")] = None,
    origin: Annotated[str | None, typer.Option(help="Origin (first claimant).")] = None,
    document: Annotated[str | None, typer.Option(help="Document id.")] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List claims, with filters; each row quotes the text it came from.

    Example:

        claimledger claims list --person "al-Baghdadi" --predicate killed --json
    """
    from claimledger.queries import ClaimFilter, list_claims

    fmt = output_format(as_json, as_csv)
    with open_store(db) as store:
        filters = ClaimFilter(
            subject_id=_person_id(store, person),
            predicate=predicate,
            status=status,
            origin=origin,
            document_id=document,
        )
        claims = list_claims(store, filters, limit=limit)
    rows = (
        {**c.as_dict(), "when": c.when.text if c.when else None, "via": list(c.via)} for c in claims
    )
    write_rows(rows, columns=CLAIM_COLUMNS, fmt=fmt, title="Claims")


def _person_id(store: Store, person: str | None) -> str | None:
    if person is None:
        return None
    from claimledger.queries import find_entities

    found = find_entities(store, person)
    if not found:
        raise fail(f"nobody called {person!r} is in the ledger; try another spelling")
    return found[0].id


@app.command()
def timeline(
    name: Annotated[str, typer.Argument(help="Any name, alias or spelling of a person.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """A person's reported events in date order: status, reason, origins and evidence quotes.

    Example:

        claimledger timeline "Al Bogdadi"
    """
    from claimledger.queries import find_entities
    from claimledger.queries import timeline as build_timeline

    fmt = output_format(as_json, as_csv)
    with open_store(db) as store:
        entities = find_entities(store, name)
        if not entities:
            raise fail(f"nobody called {name!r} is in the ledger; try another spelling")
        line = build_timeline(store, entities[0])
    if fmt is Format.json:
        typer.echo(json.dumps(line.as_dict(), ensure_ascii=False, indent=2))
        return
    rows = (
        {
            "when": _when_text(t.event),
            "event": t.event.predicate,
            "where": t.event.where,
            "status": t.event.status,
            "reason": t.event.status_reason,
            "origins": list(t.origins),
            "evidence": [f"“{c.quote}”" for c in t.evidence][:3],
            "id": t.event.id,
        }
        for t in line.events
    )
    columns = ("when", "event", "where", "status", "reason", "origins", "evidence", "id")
    if fmt is Format.csv:
        write_rows(rows, columns=columns, fmt=fmt)
        return
    _print_timeline(line)


STATUS_STYLE = {
    "confirmed": "bold green",
    "refuted": "bold red",
    "disputed": "bold yellow",
    "unverified": "bold blue",
}


def _print_timeline(line: Any) -> None:
    """One block per event: a table would squeeze the quotes a reader needs to cite."""
    console = Console()
    aliases = ", ".join(line.entity.aliases[:8])
    console.print(f"[bold]{line.entity.name}[/bold] ({aliases})", highlight=False)
    for summary in line.summaries:
        console.print(f"  {summary.text}", highlight=False)
    for entry in line.events:
        event = entry.event
        style = STATUS_STYLE.get(event.status, "bold")
        where = f" in {event.where}" if event.where else ""
        console.print()
        console.print(
            f"[bold]{_when_text(event)}[/bold] {event.predicate}{where} "
            f"[{style}]{event.status}[/{style}]  ({event.id})",
            highlight=False,
        )
        console.print(f"  {event.status_reason}", highlight=False, markup=False)
        console.print(f"  origins: {', '.join(entry.origins)}", highlight=False, markup=False)
        for claim in entry.evidence[:4]:
            console.print(
                f"  “{claim.quote}” — {claim.claimant or 'the document'}, {claim.modality}, "
                f"{claim.document_id}",
                highlight=False,
                markup=False,
            )


def _when_text(event: Any) -> str:
    if event.when is None:
        return "undated"
    start, end = event.when.start.isoformat(), event.when.end.isoformat()
    return start if start == end else f"{start} – {end}"


@app.command()
def check(
    text: Annotated[str, typer.Argument(help="The report to check, or '-' for stdin.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Has this been claimed before, by whom, and how did it turn out?

    Extracts the claims in the text; for each, says whether the ledger has seen it, how many
    earlier events of this kind the person has and how they ended, the matching event with its
    evidence, and the origin's track record. Text with no claim gets the nearest stored claims.

    Example:

        claimledger check "Islamic State leader al-Baghdadi was killed in an airstrike"
    """
    from claimledger.queries import check as run_check

    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise fail("nothing to check: give a text or pipe one to '-'", code=2)
    with open_store(db) as store:
        answer = run_check(store, text)
    if as_json:
        typer.echo(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_check(answer)


def _print_check(answer: Any) -> None:
    console = Console()
    for finding in answer.findings:
        console.print(f"[bold]{finding.headline}[/bold]", highlight=False)
        console.print(f"  claim: “{finding.claim.quote}” ({finding.claim.modality})")
        if finding.track_record:
            r = finding.track_record
            console.print(
                f"  origin {r.origin}: {r.confirmed} confirmed, {r.refuted} refuted, "
                f"{r.disputed} disputed, {r.unverified} unverified",
                highlight=False,
            )
        if finding.matching_event:
            event = finding.matching_event.event
            console.print(f"  matches event {event.id}: {event.status} — {event.status_reason}")
            for claim in finding.matching_event.evidence[:3]:
                console.print(f"    “{claim.quote}” ({claim.document_id})", highlight=False)
        for event in finding.earlier[:10]:
            console.print(
                f"  earlier: {_when_text(event)} {event.predicate}: {event.status}", highlight=False
            )
    if not answer.findings:
        console.print("No claim found in the text; the nearest stored claims:")
        for item in answer.similar:
            c = item.claim
            console.print(f"  {item.score:.3f} “{c.quote}” ({c.document_id})", highlight=False)


@app.command("sources")
def sources_command(
    db: DbOption = None, as_json: JsonOption = False, as_csv: CsvOption = False
) -> None:
    """Origins (first claimants) with their track records: how their claims turned out.

    Example:

        claimledger sources --csv > origins.csv
    """
    from claimledger.queries import sources

    fmt = output_format(as_json, as_csv)
    with open_store(db) as store:
        rows = [r.as_dict() for r in sources(store)]
    columns = ("origin", "confirmed", "refuted", "disputed", "unverified", "total")
    write_rows(rows, columns=columns, fmt=fmt, title="Origins and track records")


@app.command()
def extract(
    document_ids: Annotated[
        list[str] | None, typer.Argument(help="Ids of stored documents to extract again.")
    ] = None,
    all_documents: Annotated[bool, typer.Option("--all", help="Every stored document.")] = False,
    db: DbOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes for claim extraction.")] = 1,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
) -> None:
    """Extract claims again from stored documents (after the extractor changed).

    Example:

        claimledger extract --all --workers 2
    """
    from claimledger.pipeline import Ledger

    if bool(document_ids) == all_documents:
        raise fail("give document ids or --all (not both)", code=2)
    summary = IngestSummary()
    with open_store(db) as store, _progress(quiet or as_json) as progress:
        task = progress.add_task("extracting", total=None)
        ledger = Ledger(store, options=PipelineOptions(workers=workers))
        for outcome in ledger.reextract(None if all_documents else document_ids):
            summary.add(outcome)
            progress.advance(task)
            if outcome.status == "failed" and not quiet and not as_json:
                err.print(f"[yellow]skipped[/yellow] {outcome.origin}: {outcome.reason}")
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), indent=2))
    elif not quiet:
        err.print(
            f"{summary.present} documents extracted, {summary.failed} failed; "
            f"{summary.claims} claims",
            highlight=False,
        )
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def reassess(
    db: DbOption = None,
    replay_history: Annotated[
        bool,
        typer.Option(
            "--replay-history",
            help="Rebuild each event's status history from scratch in publication order.",
        ),
    ] = False,
) -> None:
    """Recompute every event and status (after a rule change).

    Each event whose status changes gets a step in its history; --replay-history rebuilds
    the histories instead (exact, slower for much-reported people).

    Example:

        claimledger reassess --db sqlite:///claimledger.db
    """
    from claimledger.pipeline import reassess as run_reassess

    with open_store(db) as store:
        count = run_reassess(store, replay_history=replay_history)
    err.print(f"{count} events reassessed")


DEFAULT_GOLD = Path("../shared/data/seed/gold.yaml")
DEFAULT_FLOORS = Path("evaluation/floors.json")


@app.command("eval")
def evaluate_command(
    gold: Annotated[Path, typer.Option(help="Hand annotations (gold.yaml).")] = DEFAULT_GOLD,
    articles: Annotated[
        Path | None,
        typer.Option(help="The annotated articles [default: articles.jsonl beside --gold]."),
    ] = None,
    floors: Annotated[
        Path | None,
        typer.Option(help="Fail (exit 1) when a metric falls below its floor in this file."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Run the pipeline on annotated articles into a fresh ledger and score it against gold.

    Prints names merged per person, wrong merges, claims found, claimant and modality
    accuracy, event recall and precision, and status accuracy.

    Example:

        claimledger eval --gold ../shared/data/seed/gold.yaml --floors evaluation/floors.json
    """
    from claimledger.evaluate import below_floors, evaluate_corpus, load_floors

    try:
        report = evaluate_corpus(articles or gold.with_name("articles.jsonl"), gold)
        failures = below_floors(report.metrics(), load_floors(floors)) if floors else []
    except ClaimledgerError as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps({**report.as_dict(), "below_floors": failures}, indent=2))
    else:
        _print_report(report)
        for line in failures:
            err.print(f"[red]below floor[/red] {line}", highlight=False)
    raise typer.Exit(1 if failures else 0)


def _print_report(report: Any) -> None:
    console = Console()
    names = ({**r.as_dict()} for r in report.names)
    write_rows(
        names,
        columns=("person", "names", "found", "merged"),
        fmt=Format.table,
        title="Names found and merged per person",
    )
    console.print(f"wrong merges: {report.wrong_merges or 'none'}", highlight=False)
    metrics = ({"metric": k, "value": v} for k, v in report.metrics().items())
    write_rows(metrics, columns=("metric", "value"), fmt=Format.table, title="Evaluation")
    for miss in report.misses:
        console.print(f"  {miss}", highlight=False, markup=False)


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
