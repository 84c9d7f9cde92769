"""The ``claimledger`` command: a thin adapter over the library.

Commands open a Store, call library functions and print (see ``common`` for the manners they
share). The command functions live in modules by subject; this module registers them on the one
``app`` in a single table, because the registration order is the order ``--help`` lists them in.
"""

from __future__ import annotations

import gc
import logging
from typing import Annotated

import typer

from claimledger import __version__
from claimledger.cli import doctor, documents, evaluation, ingest, ledger, serve

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
entities_app = typer.Typer(help="List and import entities.", no_args_is_help=True)
app.add_typer(entities_app, name="entities")
events_app = typer.Typer(help="List events with their statuses.", no_args_is_help=True)
app.add_typer(events_app, name="events")
claims_app = typer.Typer(help="List claims with filters.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")


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


# Top-level commands, in the order `claimledger --help` lists them.
app.command()(ingest.ingest)
app.command()(documents.stats)
app.command()(documents.export)
app.command()(ledger.timeline)
app.command()(ledger.check)
app.command("sources")(ledger.sources_command)
app.command()(ingest.extract)
app.command()(ledger.reassess)
app.command("check-ledger")(doctor.check_ledger)
app.command("eval")(evaluation.evaluate_command)
app.command()(serve.serve)

# Subcommands of the groups above.
documents_app.command("list")(documents.documents_list)
documents_app.command("show")(documents.documents_show)
entities_app.command("list")(ledger.entities_list)
entities_app.command("import")(ledger.entities_import)
events_app.command("list")(ledger.events_list)
claims_app.command("list")(ledger.claims_list)


# Objects allocated before the cyclic collector's youngest generation is collected (Python's
# default is 700). A command is a short process that first loads large libraries (SQLAlchemy,
# pydantic, rich): at 700 the collector makes some 190 passes over their objects while they load
# (0.1-0.2 s of a read command's CPU time) and frees next to nothing. A long ingest still
# collects its garbage every 10,000 allocations, a few megabytes at most.
YOUNG_COLLECTION = 10_000


def main() -> None:
    """The console script (``claimledger``): the app, with the collector set for a command."""
    gc.set_threshold(YOUNG_COLLECTION, *gc.get_threshold()[1:])
    try:
        app()
    finally:
        # The process is ending: frozen, the objects made so far are not walked again by the
        # collections of the interpreter's shutdown (0.2-0.3 s of a read command's CPU time).
        gc.freeze()
