"""Dating a document that gives no date by the events the ledger already knows.

Many pages carry no publication date, and their dates are written without a year ("on 16
January", "in November"): with nothing to anchor them, every claim of such a page is undated,
and an undated claim can join no dated event. The ledger knows more than the page: when the
events of the people and kinds its claims report cover the year-less dates of those claims'
sentences in exactly one year ("wounded on 16 January" and a wounding reported for 14-17
January 2010), the page is of that year, and of the latest such day. The pipeline then
reads the page again with that day as its estimated publication date, so its weekdays,
"yesterday", "two years ago" and its undated reports are placed as in any dated page
(``claimledger.pipeline``).

Only events the texts date closely enough to tell (a span of ``MAX_EVENT_DAYS`` at most) count:
a year-long span would fit every January.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from claimledger.types import TimeSpan

# The longest event span that can place a year-less date.
MAX_EVENT_DAYS = 62
# Days an event's span is widened by on each side: a page tells of a strike a day or two off.
SLACK_DAYS = 3


def ledger_date(
    told: Sequence[tuple[Sequence[tuple[int, int | None, int]], Iterable[TimeSpan]]],
) -> date | None:
    """The day a document is dated to, or ``None`` when the events fit no single year.

    ``told``: for each claim of the document, the (month, day or None, years before the
    report: 1 for "in August of last year") of the dates its sentence writes without a year,
    and the times of the events of the same person and kind
    (a wounding on "16 January" is placed by woundings, not by the killing reported on another
    16 January)."""
    fits: list[date] = []
    years: set[int] | None = None
    for yearless, spans in told:
        close = [s for s in spans if (s.end - s.start).days <= MAX_EVENT_DAYS]
        # A day tells more than a month alone ("25 October / Tishrin al-Awwal" names the month
        # twice; "in August of last year" is another year): months count only without days.
        days = [y for y in yearless if y[1] is not None]
        found = [
            (f, back) for m, d, back in days or yearless for s in close for f in _fits(s, m, d)
        ]
        if found:
            # One publication year fits every claim that the ledger can place at all.
            claim_years = {f.year + back for f, back in found}
            years = claim_years if years is None else years & claim_years
            fits.extend(f for f, back in found if f.year + back in years)
    if not years or len(years) != 1:
        return None
    (year,) = years
    return max(f for f in fits if f.year == year)


def _fits(span: TimeSpan, month: int, day: int | None) -> list[date]:
    """The days of (month, day) in the years of ``span`` that fall in it (a month alone: its
    last day within the span)."""
    start, end = span.start - timedelta(days=SLACK_DAYS), span.end + timedelta(days=SLACK_DAYS)
    found = []
    for year in range(start.year, end.year + 1):
        last = calendar.monthrange(year, month)[1]
        if day is not None:
            if day > last:
                continue
            candidate = date(year, month, day)
            if start <= candidate <= end:
                found.append(candidate)
        elif date(year, month, 1) <= end and start <= date(year, month, last):
            found.append(min(date(year, month, last), end))
    return found
