"""One shared way for listing commands to print rows: a Rich table, JSON or CSV.

Rows arrive from a generator of flat dicts, so JSON Lines and CSV stream without holding the
listing in memory; the table needs the rows at once and is meant for people, not for scripts.

CSV cells are made safe for spreadsheets: quotes come from news text, which anyone can write,
and a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection"). Such a cell gets a leading
apostrophe, which spreadsheets hide and scripts can strip.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table


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
) -> int:
    """Write rows in the chosen format and return how many were written."""
    stream = out or sys.stdout
    count = 0
    if fmt is Format.json:
        # A JSON array, written item by item so a long listing streams.
        stream.write("[")
        for count, row in enumerate(rows, start=1):
            stream.write(("\n  " if count == 1 else ",\n  ") + json.dumps(row, ensure_ascii=False))
        stream.write("\n]\n" if count else "]\n")
        return count
    if fmt is Format.csv:
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
            count += 1
        return count
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
        count += 1
    Console(file=stream).print(table)
    return count
