"""CSV output is safe to open in a spreadsheet: text that would run as a formula is defused."""

from __future__ import annotations

import csv
import io

import pytest

from claimledger.claimreview import write_claims_csv
from claimledger.output import Format, spreadsheet_safe, write_rows
from factories import claim

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_an_apostrophe(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Abu Bakr al-Baghdadi", "", "killed - reportedly", 42, None])
def test_other_values_are_left_alone(value: object) -> None:
    assert spreadsheet_safe(value) == value


def test_listing_csv_defuses_formulas_and_keeps_other_cells() -> None:
    out = io.StringIO()
    rows = [{"name": HOSTILE[0], "count": 3}, {"name": "Raqqa", "count": -1}]
    assert write_rows(iter(rows), columns=("name", "count"), fmt=Format.csv, out=out) == 2
    read = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert read[0] == {"name": "'" + HOSTILE[0], "count": "3"}
    # A number is not text from the news: written as it is (a spreadsheet reads it as -1).
    assert read[1] == {"name": "Raqqa", "count": "-1"}


class _Ledger:
    """The one thing write_claims_csv asks of a store when given the claims."""

    def iter_events(self) -> list[object]:
        return []


def test_claims_csv_defuses_a_quote_that_is_a_formula() -> None:
    out = io.StringIO()
    hostile = claim("c1", quote="=cmd|' /C calc'!A0", claimant="@someone")
    plain = claim("c2", quote="He was killed in Mosul.")
    assert write_claims_csv(_Ledger(), out, claims=[hostile, plain]) == 2  # type: ignore[arg-type]
    first, second = csv.DictReader(io.StringIO(out.getvalue()))
    assert first["quote"] == "'=cmd|' /C calc'!A0" and first["claimant"] == "'@someone"
    assert second["quote"] == "He was killed in Mosul."


def _table(rows: list[dict[str, object]], **options: object) -> list[str]:
    out = io.StringIO()  # not a terminal: laid out for 80 columns
    columns = ("id", "person", "count", "quote")
    write_rows(iter(rows), columns=columns, fmt=Format.table, out=out, **options)  # type: ignore[arg-type]
    return out.getvalue().splitlines()


LONG = [
    {"id": f"ev-{i:016x}", "person": "Abu Bakr al-Baghdadi", "count": i, "quote": "word " * 40}
    for i in range(3)
]


def test_a_table_fits_80_columns_and_wraps_only_its_text_columns() -> None:
    lines = _table(LONG, table_columns=("person", "count", "quote"), wrap={"person", "quote"})
    assert max(len(line) for line in lines) <= 80
    assert "ev-" not in "\n".join(lines)  # not among the table's columns
    # The count stays on one line, right-aligned; the quote wraps by words.
    assert sum(" 2 │" in line for line in lines) == 1
    assert all("wor" not in line or "word" in line for line in lines)


def test_a_wide_table_shows_every_column_one_line_a_row() -> None:
    lines = _table(LONG, table_columns=("person",), wrap={"quote"}, wide=True)
    rows = [line for line in lines if line.startswith("│")]
    assert len(rows) == 3 and all("ev-" in row and "Abu Bakr al-Baghdadi" in row for row in rows)
