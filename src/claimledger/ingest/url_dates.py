"""Publication dates in URLs: what htmldate reads, and the shapes it leaves alone.

htmldate reads a year-month-day with separators (``/2010/02/10/``, ``/2013-11-04/``,
``_2015_06_15``). News sites also write:

- eight digits, year first, alone between separators (``-20110720-``), possibly with the time
  after them (``_AN-201303020045.html``); a number glued to letters (``article26739822``) is an id;
- a day, an English month name and a year (``/8jun2009/``, ``-15-june-2015``,
  ``june-15-2015``);
- a numeric day and month in either order (``-04-12-2024-``, ``?dt=5/7/2011``): settled when a
  part is over 12 or both are equal, else kept as two readings for the caller to settle;
- only a year, or a year and a month, as path segments (``/2011/``, ``/2010/02/``).

Years before 1990 or dates after today are not dates in a URL (ids, counters). Unix timestamps
(``?st=1326681060``) look like any other number and are not read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

import htmldate

__all__ = ["MIN_YEAR", "UrlDates", "url_dates"]

MIN_YEAR = 1990
# English month names and abbreviations (calendar's C-locale names), as slugs write them.
MONTHS: dict[str, int] = {
    name.lower(): number
    for names in (calendar.month_name, calendar.month_abbr)
    for number, name in enumerate(names)
    if name
} | {"sept": 9}

# htmldate reads the URL before anything else on a page; an empty page leaves the URL alone.
_EMPTY_PAGE = "<html><head></head><body></body></html>"
# Not preceded or followed by a letter or a digit (of any script).
_OPEN, _CLOSE = r"(?<![^\W_])", r"(?![^\W_])"
_Y = r"(?P<y>(?:19|20)\d\d)"
_COMPACT = re.compile(
    _OPEN + _Y + r"(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:[01]\d|2[0-3])?(?:[0-5]\d){0,2}" + _CLOSE
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    _OPEN + r"(?P<d>[0-3]?\d)[-_]?(?P<mon>" + _MONTH + r")[-_]?" + _Y + _CLOSE, re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(
    r"(?<![^\W\d_])(?P<mon>"
    + _MONTH
    + r")[-_]?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?[-_,]+"
    + _Y
    + _CLOSE,
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    _OPEN + r"(?P<a>[0-3]?\d)(?P<sep>[-_./])(?P<b>[0-3]?\d)(?P=sep)" + _Y + _CLOSE
)
_YEAR_MONTH_PATH = re.compile(r"/" + _Y + r"/(?P<m>0?[1-9]|1[0-2])(?=/)")
_YEAR_PATH = re.compile(r"/" + _Y + r"(?=/)")


@dataclass(frozen=True, slots=True)
class UrlDates:
    """What a URL says of its page's date: a day, two readings of one, or a year (and month)."""

    day: date | None = None
    estimated: bool = False  # the day came from a shape htmldate does not read
    readings: frozenset[date] = frozenset()
    year: int | None = None
    month: int | None = None

    def fits(self, day: date) -> bool:
        """Whether ``day`` agrees with the year and month the URL gives (if any)."""
        if self.year is not None and day.year != self.year:
            return False
        return self.month is None or day.month == self.month


def url_dates(url: str, *, today: date | None = None) -> UrlDates:
    """The dates ``url`` states (see the module docstring)."""
    today = today or date.today()
    read = htmldate.find_date(
        _EMPTY_PAGE, url=url, extensive_search=False, max_date=today.isoformat()
    )
    if read is not None:
        return UrlDates(day=date.fromisoformat(read))
    parts = urlsplit(unquote(url))
    where = f"{parts.path}?{parts.query}" if parts.query else parts.path
    day = _named_or_compact(where, today)
    if day is not None:
        return UrlDates(day=day, estimated=True)
    readings = _numeric(where, today)
    if len(readings) == 1:
        return UrlDates(day=next(iter(readings)), estimated=True)
    year, month = _partial(parts.path, today)
    return UrlDates(readings=readings, year=year, month=month)


def _valid(y: int, m: int, d: int, today: date) -> date | None:
    try:
        found = date(y, m, d)
    except ValueError:
        return None
    return found if y >= MIN_YEAR and found <= today else None


def _named_or_compact(where: str, today: date) -> date | None:
    for m in _COMPACT.finditer(where):
        if found := _valid(int(m["y"]), int(m["m"]), int(m["d"]), today):
            return found
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for m in pattern.finditer(where):
            month = MONTHS[m["mon"].lower()]
            if found := _valid(int(m["y"]), month, int(m["d"]), today):
                return found
    return None


def _numeric(where: str, today: date) -> frozenset[date]:
    """The readings of the first numeric day-month-year: one when the order is clear."""
    for m in _NUMERIC.finditer(where):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        readings = {d for d in (_valid(y, b, a, today), _valid(y, a, b, today)) if d}
        if readings:
            return frozenset(readings)
    return frozenset()


def _partial(path: str, today: date) -> tuple[int | None, int | None]:
    for m in _YEAR_MONTH_PATH.finditer(path):
        y, month = int(m["y"]), int(m["m"])
        if y >= MIN_YEAR and (y, month) <= (today.year, today.month):
            return y, month
    for m in _YEAR_PATH.finditer(path):
        if MIN_YEAR <= int(m["y"]) <= today.year:
            return int(m["y"]), None
    return None, None
