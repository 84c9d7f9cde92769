"""Calendar arithmetic for ``when.rules.v1``: months, parts of months and years, seasons.

The choices these helpers encode are listed in :mod:`claimledger.extract.when_rules`.
"""

from __future__ import annotations

import calendar
from datetime import MAXYEAR, MINYEAR, date

from claimledger.types import Precision

SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


class OutsideCalendar(ValueError):
    """Arithmetic that leaves the calendar's years (1 to 9999, Python's and so the ledger's).

    "yesterday" in a report dated 0001-01-01, "next year" in one dated 9999-12-31, "999 decades
    ago": each names a day no ``date`` can hold. The helpers below check their bounds and raise
    this instead of an ``OverflowError`` from deep inside ``datetime``; the rule runner drops
    the phrase (it stays undated), and nothing else is lost.
    """


def calendar_date(y: int, m: int, d: int) -> date:
    """``date(y, m, d)``, raising ``OutsideCalendar`` for a year outside 1..9999."""
    if not MINYEAR <= y <= MAXYEAR:
        raise OutsideCalendar(f"year {y} is outside the calendar ({MINYEAR}..{MAXYEAR})")
    return date(y, m, d)


_LAST_ORDINAL = date.max.toordinal()


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days`` (either way), raising ``OutsideCalendar`` past either end."""
    ordinal = day.toordinal() + days
    if not 1 <= ordinal <= _LAST_ORDINAL:
        raise OutsideCalendar(f"{day.isoformat()} moved by {days} days is outside the calendar")
    return date.fromordinal(ordinal)


def month_end(y: int, m: int) -> date:
    first = calendar_date(y, m, 1)
    return first.replace(day=calendar.monthrange(y, m)[1])


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + k
    return total // 12, total % 12 + 1


def precision_for(start: date, end: date) -> Precision:
    """The precision of an arbitrary range, from its length."""
    days = (end - start).days + 1
    for limit, name in ((2, "day"), (10, "week"), (31, "month"), (92, "season"), (366, "year")):
        if days <= limit:
            return name  # type: ignore[return-value]
    return "years"


def recent_year(anchor: date, m: int, d: int | None = None, *, strict: bool = False) -> int:
    """The year of the most recent month ``m`` (day ``d``) not after the anchor; with
    ``strict`` the month must be over before the anchor's month begins ("last June")."""
    if strict:
        return anchor.year if m < anchor.month else anchor.year - 1
    if d is None:
        return anchor.year if m <= anchor.month else anchor.year - 1
    return anchor.year if (m, d) <= (anchor.month, anchor.day) else anchor.year - 1


def month_part(y: int, m: int, mod: str | None) -> tuple[date, date, Precision]:
    """A month, or the part of it a modifier names (see the module docstring)."""
    first, last = calendar_date(y, m, 1), month_end(y, m)
    key = (mod or "").split()[0].lower() if mod else ""
    if key in ("early", "beginning", "start"):
        return first, date(y, m, 10), "week"
    if key in ("mid", "middle"):
        return date(y, m, 11), date(y, m, 20), "week"
    if key in ("late", "end"):
        return date(y, m, 21), last, "week"
    if key == "first":
        return first, date(y, m, 15), "week"
    if key == "second":
        return date(y, m, 16), last, "week"
    return first, last, "month"


def year_part(y: int, mod: str | None) -> tuple[date, date, Precision]:
    """A year, or the part of it a modifier names (see the module docstring)."""
    key = (mod or "").split()[0].lower() if mod else ""
    parts: dict[str, tuple[int, int]] = {
        "beginning": (1, 3), "start": (1, 3), "early": (1, 4), "mid": (5, 8), "middle": (5, 8),
        "late": (9, 12), "end": (10, 12), "first": (1, 6), "second": (7, 12),
    }  # fmt: skip
    if key in parts:
        a, b = parts[key]
        return calendar_date(y, a, 1), month_end(y, b), "quarter"
    return calendar_date(y, 1, 1), calendar_date(y, 12, 31), "year"


def season_span(y: int, season: str) -> tuple[date, date]:
    first = SEASONS[season.lower()]
    ey, em = add_months(y, first, 2)
    return calendar_date(y, first, 1), month_end(ey, em)


def recent_season_year(anchor: date, season: str, *, strict: bool = False) -> int:
    """The year of the most recent such season that began (``strict``: ended) by the anchor."""
    for y in (anchor.year, anchor.year - 1, anchor.year - 2):
        start, end = season_span(y, season)
        if (end < anchor) if strict else (start <= anchor):
            return y
    return anchor.year - 2


def weekday_before(anchor: date, weekday: int, *, strict: bool) -> date:
    back = (anchor.weekday() - weekday) % 7
    if back == 0 and strict:
        back = 7
    return shift(anchor, -back)
