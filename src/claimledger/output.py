"""One shared way for listing commands to print rows: a Rich table, JSON or CSV.

Rows arrive from a generator of flat dicts, so JSON Lines and CSV stream without holding the
listing in memory; the table needs the rows at once and is meant for people, not for scripts.
A table shows the columns a reader needs by default and fits the terminal (80 columns when
piped): short cells stay on one line, cut with an ellipsis, and only the text columns wrap, by
words; ``wide`` shows every column, at full width when piped.

CSV cells are made safe for spreadsheets: quotes come from news text, which anyone can write,
and a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection"). Such a cell gets a leading
apostrophe, which spreadsheets hide and scripts can strip.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

# A wrapping column is never squeezed below this many characters ("sta/tus_/rea/son").
MIN_WRAP_WIDTH = 10
# Width of a --wide table written to a pipe or file: no terminal to fit, so nothing wraps.
UNLIMITED_WIDTH = 100_000


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def choose_format(*, as_json: bool, as_csv: bool) -> Format:
    if as_json and as_csv:
        raise ValueError("choose one of --json and --csv, not both")
    if as_json:
        return Format.json
    if as_csv:
        return Format.csv
    return Format.table


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value``, with an apostrophe in front when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV row with every text cell made ``spreadsheet_safe``."""
    return {key: spreadsheet_safe(value) for key, value in row.items()}


def _csv_cell(value: Any) -> str:
    # Numbers are the ledger's own (counts, offsets): a negative one stays a number.
    if value is None or isinstance(value, int | float):
        return _cell(value)
    return str(spreadsheet_safe(_cell(value)))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def write_rows(
    rows: Iterable[dict[str, Any]],
    *,
    columns: Sequence[str],
    fmt: Format,
    title: str | None = None,
    out: TextIO | None = None,
    table_columns: Sequence[str] | None = None,
    wrap: Collection[str] = (),
    max_widths: Mapping[str, int] | None = None,
    wide: bool = False,
) -> int:
    """Write rows in the chosen format and return how many were written.

    JSON and CSV carry every one of ``columns``; a table shows ``table_columns`` (all columns
    when ``wide`` or not given), wrapping only the columns in ``wrap``, each at most as wide
    as ``max_widths`` says (so that the widest text, a quote, gets the room).
    """
    stream = out or sys.stdout
    if fmt is Format.json:
        return _write_json(rows, stream)
    if fmt is Format.csv:
        return _write_csv(rows, columns, stream)
    shown = columns if wide or table_columns is None else table_columns
    limits = {} if wide else dict(max_widths or {})
    return _write_table(rows, shown, stream, title=title, wrap=wrap, limits=limits, wide=wide)


def _write_json(rows: Iterable[dict[str, Any]], stream: TextIO) -> int:
    # A JSON array, written item by item so a long listing streams.
    count = 0
    stream.write("[")
    for count, row in enumerate(rows, start=1):
        stream.write(("\n  " if count == 1 else ",\n  ") + json.dumps(row, ensure_ascii=False))
    stream.write("\n]\n" if count else "]\n")
    return count


def _write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: TextIO) -> int:
    count = 0
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
        count += 1
    return count


def _write_table(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    stream: TextIO,
    *,
    title: str | None,
    wrap: Collection[str],
    limits: Mapping[str, int],
    wide: bool,
) -> int:
    held = [[row.get(c) for c in columns] for row in rows]  # a table is laid out at once
    table = Table(title=title, show_lines=False)
    for i, column in enumerate(columns):
        numeric = bool(held) and all(isinstance(r[i], int | float | None) for r in held)
        if column in wrap:
            # Never narrower than MIN_WRAP_WIDTH, unless the header and cells are narrower.
            natural = max([len(column), *(len(_cell(r[i])) for r in held)])
            floor = min(MIN_WRAP_WIDTH, natural)
            table.add_column(column, overflow="fold", min_width=floor, max_width=limits.get(column))
        else:
            table.add_column(
                column,
                no_wrap=True,
                overflow="ellipsis",
                justify="right" if numeric else "left",
                max_width=limits.get(column),
            )
    for values in held:
        table.add_row(*(_cell(v) for v in values))
    console = Console(file=stream)
    if wide and not console.is_terminal:
        console = Console(file=stream, width=UNLIMITED_WIDTH)
    console.print(table)
    return len(held)
