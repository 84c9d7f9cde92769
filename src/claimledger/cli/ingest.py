"""Commands that read news into the ledger: ``ingest`` and ``extract``."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from claimledger.cli.common import DbOption, JsonOption, _progress, err, fail, open_store
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings

if TYPE_CHECKING:  # the readers and the pipeline load spaCy: imported by the commands
    from claimledger.pipeline import IngestOutcome, IngestSummary
    from claimledger.store import Store

logger = logging.getLogger(__name__)

# Exit codes of `ingest` and `extract`: every input read; some inputs refused (each reported,
# the rest read); the run itself stopped by an error, or a reader broke on one input (the
# summary of what was done is printed either way).
EXIT_OK, EXIT_REFUSED, EXIT_CRASHED, EXIT_INTERRUPTED = 0, 1, 3, 130


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, directories (recursive) or '-' for standard input."),
    ],
    db: DbOption = None,
    split: Annotated[
        bool,
        typer.Option(
            "--split",
            help="Cut plain text (text files, text on standard input) holding several glued "
            "articles into one document per article; each article, not the whole text, is "
            "held to the document size limit (CLAIMLEDGER_MAX_DOCUMENT_CHARS).",
        ),
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
        int | None,
        typer.Option(
            min=1,
            help="Processes for claim extraction; by default one per CPU (up to 8) for inputs "
            "of 1 MB or more, else 1.",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Extract on the Dask cluster of this scheduler (tcp://host:8786); "
            "resolution and writes stay here. Default: CLAIMLEDGER_DASK.",
        ),
    ] = None,
) -> None:
    """Read news into the ledger: text, JSONL, HTML, RSS/Atom, WARC files, directories, stdin.

    Each document is stored once (by content hash); a changed text at the same URL or id is a
    new version. Claims are extracted only from documents in a supported language (today:
    English); others are stored and counted as "not extracted", by language. Inputs that cannot
    be read are reported with the reason and the run goes on. A run that was killed is
    finished by the next one: documents stored without their claims are extracted and out of
    date events reassessed ("repaired" in the summary). Exit code 0 when everything was read,
    1 when some inputs were refused, 3 when the run itself stopped on an error (the summary of
    what was done is still printed), 130 when interrupted.

    Example:

        claimledger ingest samples/seed-articles.jsonl --db sqlite:///ledger.db
    """
    from claimledger.ingest import IngestOptions, read_inputs
    from claimledger.pipeline import IngestSummary, PipelineOptions, ingest_items
    from claimledger.workers import auto_workers, input_bytes

    try:
        settings = Settings.from_env(db=db, languages=_codes(languages), dask=dask)
        options = dataclasses.replace(IngestOptions.from_settings(settings), split=split)
    except ClaimledgerError as exc:
        raise fail(str(exc), code=2) from None
    items = read_inputs(paths, options=options, stdin=sys.stdin)
    summary = IngestSummary()
    # Chosen from the input's size unless given: workers cost seconds to start.
    chosen, why = (
        (workers, f"{workers} worker{'s' if workers > 1 else ''}, as asked")
        if workers
        else auto_workers(input_bytes(paths))
    )
    if settings.dask:
        why = f"on the Dask cluster at {settings.dask}"
    with open_store(settings.db) as store, _progress(quiet or as_json) as progress:
        task = progress.add_task("ingesting", total=None)
        pipeline = PipelineOptions(extract=extract, workers=chosen, dask=settings.dask or None)
        outcomes = ingest_items(items, store, options=pipeline)
        stopped = _collect(outcomes, summary, lambda: progress.advance(task), quiet or as_json)
    _print_summary(
        summary, as_json=as_json, quiet=quiet, workers=(chosen, why) if extract else None
    )
    raise typer.Exit(_exit_code(summary, stopped))


def _collect(
    outcomes: Iterator[IngestOutcome],
    summary: IngestSummary,
    advance: Callable[[], None],
    silent: bool,
) -> int | None:
    """Add every outcome to ``summary``, reporting refused inputs; when the run stops on an
    error, say so and return its exit code, so the caller still prints what was done."""
    try:
        for outcome in outcomes:
            summary.add(outcome)
            advance()
            if outcome.status == "failed" and not silent:
                where = f"{outcome.origin}:{outcome.line}" if outcome.line else outcome.origin
                err.print(f"[yellow]skipped[/yellow] {where}: {outcome.reason}", highlight=False)
    except KeyboardInterrupt:
        err.print("[red]Error:[/red] interrupted; the next run finishes what this one started")
        return EXIT_INTERRUPTED
    except Exception as exc:  # the run itself broke (a bug or the database): report, summarise
        logger.debug("the run stopped", exc_info=True)
        err.print(
            f"[red]Error:[/red] the run stopped after {sum(summary.counts.values())} inputs: "
            f"{type(exc).__name__}: {exc} (-vv shows where); the next run finishes what "
            "this one started",
            highlight=False,
        )
        return EXIT_CRASHED
    return None


def _exit_code(summary: IngestSummary, stopped: int | None) -> int:
    from claimledger.ingest.readers import READER_BUG

    if stopped is not None:
        return stopped
    if any((f.reason or "").startswith(READER_BUG) for f in summary.failures):
        return EXIT_CRASHED  # a reader broke on one input: a bug, not a refusal
    return EXIT_REFUSED if summary.failed else EXIT_OK


def _codes(raw: str | None) -> tuple[str, ...] | None:
    return tuple(c.strip().lower() for c in raw.split(",") if c.strip()) if raw else None


def _killed_its_worker(store: Store, document_id: str) -> bool:
    from claimledger.workers import WORKER_DIED

    found = store.get_document(document_id)
    return found is not None and WORKER_DIED in (found.extraction_failed or "")


def _print_summary(
    summary: IngestSummary, *, as_json: bool, quiet: bool, workers: tuple[int, str] | None = None
) -> None:
    if as_json:
        data = summary.as_dict()
        if workers is not None:
            data["workers"] = workers[0]
        typer.echo(json.dumps(data, indent=2))
        return
    if quiet:
        return
    err.print(
        f"{summary.ingested} ingested ({summary.counts['new_version']} new versions), "
        f"{summary.present} already present, {summary.failed} failed; "
        f"{summary.claims} claims extracted; {summary.not_extracted_text()}"
        + (f"; extraction: {workers[1]}" if workers else ""),
        highlight=False,
    )
    if summary.repaired_text():
        err.print(summary.repaired_text(), highlight=False)


def extract(
    document_ids: Annotated[
        list[str] | None, typer.Argument(help="Ids of stored documents to extract again.")
    ] = None,
    all_documents: Annotated[bool, typer.Option("--all", help="Every stored document.")] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            help="The documents whose extraction failed (`documents list` says why); "
            "ingests never retry them.",
        ),
    ] = False,
    db: DbOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes for claim extraction.")] = 1,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
) -> None:
    """Extract claims again from stored documents (after the extractor changed).

    Documents in a language claims are not extracted from are skipped, lose any claims an
    earlier run read from them, and are counted as "not extracted", by language. A document
    whose extraction raised is marked failed, with the reason, and later ingests leave it be;
    --retry-failed reads those again (after an upgrade, say) and clears the mark of each that
    succeeds.

    Example:

        claimledger extract --all --workers 2
    """
    from claimledger.pipeline import IngestSummary, Ledger, PipelineOptions

    if sum((bool(document_ids), all_documents, retry_failed)) != 1:
        raise fail("give document ids, --all or --retry-failed (one of them)", code=2)
    summary = IngestSummary()
    with open_store(db, must_exist=True) as store, _progress(quiet or as_json) as progress:
        chosen = store.failed_documents() if retry_failed else document_ids
        if retry_failed and not chosen and not as_json:
            err.print("no document's extraction has failed; nothing to retry")
        task = progress.add_task("extracting", total=None)
        # A document that killed its worker may kill whatever reads it again: it is read in
        # a worker process even with one worker, so that it costs the worker, not the command.
        isolated = retry_failed and any(_killed_its_worker(store, d) for d in chosen or ())
        ledger = Ledger(store, options=PipelineOptions(workers=workers, isolated=isolated))
        for outcome in ledger.reextract(None if all_documents else chosen):
            summary.add(outcome)
            progress.advance(task)
            if outcome.status == "failed" and not quiet and not as_json:
                err.print(f"[yellow]skipped[/yellow] {outcome.origin}: {outcome.reason}")
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), indent=2))
    elif not quiet:
        extracted = summary.present - sum(summary.not_extracted.values())
        err.print(
            f"{extracted} documents extracted, {summary.not_extracted_text()}, "
            f"{summary.failed} failed; {summary.claims} claims",
            highlight=False,
        )
    raise typer.Exit(1 if summary.failed else 0)
