"""What every command shares: the output options, errors, the store, progress bars.

Listing commands share one set of output options (table by default, ``--json``, ``--csv``);
errors print as ``Error: ...`` and exit with code 1; usage errors exit with 2 (Click's
convention); progress bars go to stderr and are silenced by ``--quiet``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from claimledger.errors import ClaimledgerError
from claimledger.output import Format, choose_format
from claimledger.settings import Settings
from claimledger.store import Store

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

STATUS_STYLE = {
    "confirmed": "bold green",
    "refuted": "bold red",
    "disputed": "bold yellow",
    "unverified": "bold blue",
}


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


def _when_text(event: Any) -> str:
    if event.when is None:
        return "undated"
    start, end = event.when.start.isoformat(), event.when.end.isoformat()
    return start if start == end else f"{start} – {end}"
