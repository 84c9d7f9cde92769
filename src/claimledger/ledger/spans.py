"""Time compatibility between claims: overlapping ranges, with tolerance by precision."""

from __future__ import annotations

import re
from datetime import date, timedelta

from claimledger.types import TimeSpan

# Most precise first: the canonical order opens events with their most precise claim.
PRECISION_RANK = {
    p: i
    for i, p in enumerate(
        ("day", "week", "month", "season", "quarter", "year", "years", "reported", "unknown")
    )
}
# Days a range is widened by on each side when its anchor date was itself estimated.
_ESTIMATED_SLACK = {"day": 1, "week": 3, "month": 7}
# A written year: four digits, or a year named relative to the report ("last year").
_YEAR_WRITTEN = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b|\byears?\b|\b'\d\d\b", re.IGNORECASE)


def widened(span: TimeSpan) -> tuple[date, date]:
    """The span's bounds, widened by a few days when its anchor date was estimated."""
    slack = timedelta(days=_ESTIMATED_SLACK.get(span.precision, 0) if span.estimated else 0)
    return span.start - slack, span.end + slack


def spans_compatible(a: TimeSpan | None, b: TimeSpan | None) -> bool:
    """Overlapping ranges (widened when estimated); a missing time fits anything."""
    if a is None or b is None:
        return True
    a0, a1 = widened(a)
    b0, b1 = widened(b)
    return a0 <= b1 and b0 <= a1


def midpoint(span: TimeSpan) -> int:
    return (span.start.toordinal() + span.end.toordinal()) // 2


def year_inferred(span: TimeSpan | None) -> bool:
    """A single day written without its year ("on March 18"): the year was inferred.

    The extractor fills in a missing year from the report's date, which is wrong whenever an
    article recalls an earlier year ("in 2015 ... then, on March 18, ..."). A span whose text is
    empty tells nothing and counts as written.
    """
    if span is None or span.precision != "day" or span.start != span.end or not span.text:
        return False
    return _YEAR_WRITTEN.search(span.text) is None


def same_day_of_year(a: TimeSpan, b: TimeSpan) -> bool:
    """Both single days with the same month and day (in any year)."""
    return (
        a.start == a.end
        and b.start == b.end
        and (a.start.month, a.start.day) == (b.start.month, b.start.day)
    )


def timing_key(span: TimeSpan | None) -> tuple[object, ...]:
    """The timing part of the canonical claim order: dated before undated, narrowest and most
    precise first, a written year before an inferred one, then by date."""
    if span is None:
        return (1, 0, 0, False, date.min)
    width = (span.end - span.start).days
    return (0, width, PRECISION_RANK.get(span.precision, 99), year_inferred(span), span.start)
