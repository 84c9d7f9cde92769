"""What every command shares: the output options, errors, the store, progress bars.

Listing commands share one set of output options (table by default, ``--json``, ``--csv``);
errors print as ``Error: ...`` and exit with code 1; usage errors exit with 2 (Click's
convention); progress bars go to stderr and are silenced by ``--quiet``.

Only light modules are imported here and at the top of the command modules: ``--help`` and
the commands that need no NLP must not pay for loading spaCy, torch or the readers, so each
command imports the library it runs inside its body.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from claimledger.errors import ClaimledgerError
from claimledger.output import Format, choose_format
from claimledger.settings import Settings

if TYPE_CHECKING:
    from rich.progress import Progress

    from claimledger.store import Store
    from claimledger.types import Entity, TimeSpan

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
WideOption = Annotated[
    bool,
    typer.Option(
        "--wide", help="Show every column in the table (by default it fits the terminal)."
    ),
]

STATUS_STYLE = {
    "confirmed": "bold green",
    "refuted": "bold red",
    "disputed": "bold yellow",
    "unverified": "bold blue",
}


def fail(message: str, code: int = 1) -> typer.Exit:
    # Not wrapped at the console's width: a listing of ids or a URL stays copyable.
    # The message may quote news text or user input: escaped, so "[...]" is not read as markup.
    err.print(f"[red]Error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def open_store(db: str | None, *, must_exist: bool = False) -> Iterator[Store]:
    """The ledger at ``db``; ``must_exist`` (commands that read or rework a ledger, not fill a
    new one) refuses a missing SQLite file instead of creating an empty ledger that answers
    every question with nothing."""
    from claimledger.store import Store

    try:
        settings = Settings.from_env(db=db)
        if must_exist:
            refuse_missing_ledger(settings.db)
        store = Store.open(settings.db)
    except ClaimledgerError as exc:
        raise fail(str(exc)) from None
    try:
        yield store
    finally:
        store.close()


def refuse_missing_ledger(url: str) -> None:
    """Fail with a hint when ``url`` names a SQLite file that does not exist (a mistyped path
    would otherwise become a new, empty ledger)."""
    from claimledger.store.engine import is_in_memory, parse_url

    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or is_in_memory(parsed):
        return
    path = Path(parsed.database or "").expanduser()
    if not path.exists():
        raise fail(
            f"no ledger at {str(path)!r} (database URL {url!r}); this command works on an "
            f"existing one. Check --db or CLAIMLEDGER_DB, or fill a new ledger first: "
            f"claimledger ingest FILE --db {url}"
        )


def find_person(store: Store, name: str) -> Entity:
    """The one entity ``name`` (an id, or any name or spelling) refers to; an error that
    lists the candidates when the name fits several people."""
    from claimledger.lookup import look_up

    found = look_up(store, name)
    if found.entity is not None:
        return found.entity
    if not found.candidates:
        raise fail(f"nobody called {name!r} is in the ledger; try another spelling")
    kind = "people" if all(e.type == "person" for e in found.candidates) else "entities"
    shown = "" if found.fits == len(found.candidates) else f" (the first {len(found.candidates)})"
    lines = [
        f"{name!r} could be any of {found.fits} {kind}; "
        f"give a fuller name or one of these ids{shown}:"
    ]
    width = max(len(e.id) for e in found.candidates)
    for entity in found.candidates:
        events = len(store.subject_events(entity.id))
        aliases = f" (also {', '.join(entity.aliases[:4])})" if entity.aliases else ""
        about = f"; {entity.description}" if entity.description else ""
        lines.append(
            f"  {entity.id:<{width}}  {entity.name}{aliases}: "
            f"{events} event{'s' * (events != 1)}{about}"
        )
    raise fail("\n".join(lines))


def output_format(as_json: bool, as_csv: bool) -> Format:
    try:
        return choose_format(as_json=as_json, as_csv=as_csv)
    except ValueError as exc:
        raise fail(str(exc), code=2) from None


@contextmanager
def _progress(disabled: bool) -> Iterator[Progress]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

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


def when_short(span: TimeSpan | None) -> str:
    """A time span as briefly as its dates allow, for tables: "2017-06-16", "2005-10",
    "2014", "2004-02 – 2004-12"."""
    if span is None:
        return "undated"
    start, end = span.start, span.end
    if start == end:
        return start.isoformat()
    months = start.day == 1 and (end + timedelta(days=1)).day == 1
    if months and (start.month, end.month) == (1, 12):
        ends = (str(start.year), str(end.year))
    elif months:
        ends = (start.isoformat()[:7], end.isoformat()[:7])
    else:
        ends = (start.isoformat(), end.isoformat())
    return ends[0] if ends[0] == ends[1] else f"{ends[0]} – {ends[1]}"


def span_dates(span: TimeSpan | None) -> dict[str, str | None]:
    """A time span as separate start and end cells (CSV): ISO dates, empty when undated."""
    if span is None:
        return {"start": None, "end": None}
    return {"start": span.start.isoformat(), "end": span.end.isoformat()}


def _when_text(event: Any) -> str:
    if event.when is None:
        return "undated"
    start, end = event.when.start.isoformat(), event.when.end.isoformat()
    return start if start == end else f"{start} – {end}"
