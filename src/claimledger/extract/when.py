"""When a claim happened: time expressions as inclusive date ranges with their precision.

Rule set ``when.rules.v1`` (vocabulary in :mod:`claimledger.extract.when_rules`). The document's
publication date is the anchor of every relative expression ("last June", "on Friday", "two
years ago"); a year-less date ("on July 13", "In October") is the most recent such day or month
not after the anchor. Without an anchor, relative and year-less expressions give nothing and
absolute ones still work.

Why rules first and dateparser second: measured on the sample corpus, ``search_dates`` reads the
modal verb "may" and the pronoun "we" as dates, turns quantities and durations ("63 years",
"15 days", "Su-35", "about 10-12", "2-3 km") into dates, resolves "Last June" and "June 12 last
year" to the current year, "the night of May 27-28" to 1928, "from February to December 2004"
to February of the anchor year, has no notion of precision for ranges, seasons, "early June",
"the end of the year" or "last month", and falls back to today's date without an anchor. So the
regex layer finds and resolves expressions, and dateparser is called only on the candidate
substrings the rules leave to it (numeric dates such as "11.10.2015" or "10/11/2015", whose
day-month order and validity it knows), with one cached parser per date order.

Choices:

- overlapping matches: the longest wins (then the earlier rule); adjacent expressions joined by
  "to", "until", "through", a dash, or "and" after "between" merge into one range, a year-less
  left end taking the right end's year ("from February to December 2004");
- ``parse_when`` returns the most specific expression of the clause (day before week before
  month ... before years), the first one on ties; an expression right after a reporting verb
  ("said on Friday") dates the report, not the event, and is used only when nothing else is;
- nothing here guesses a document's own date from the dates it mentions: articles recall
  earlier years all the time, and a wrong anchor misdates every relative expression. An undated
  document is dated by its URL or dateline (:mod:`claimledger.ingest.dates`) or not at all.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from dateparser.date import DateDataParser

from claimledger.extract.when_calendar import OutsideCalendar, month_part, safe_date
from claimledger.extract.when_rules import (
    FORWARD_CONTEXT,
    NEEDLES,
    NEEDS_ANCHOR,
    RULES,
    RULESET,
    Anchor,
    Hit,
    Resolver,
    with_context,
)
from claimledger.types import Precision, TimeSpan

logger = logging.getLogger(__name__)

__all__ = ["RULESET", "TimeExpression", "find_times", "parse_when"]

PRECISION_RANK: dict[str, int] = {
    "day": 0, "week": 1, "month": 2, "season": 3, "quarter": 4, "year": 5, "years": 6,
    "reported": 7, "unknown": 8,
}  # fmt: skip

# Anything a time expression needs: a digit, a month or weekday name, or a relative word.
_TRIGGER = re.compile(
    r"\d|January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday|(?i:yesterday|today|tonight|ago|last|this|next|past|previous"
    r"|coming|spring|summer|fall|autumn|winter|year|month|week)"
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}/\d{1,2}/\d{1,2})"
    r"(?![\d.]\d|/)"
)
_CONNECTOR = re.compile(r"\s*(?:[-–—]|(?i:to|until|till|through|and))\s*")
_REPORTING = re.compile(
    r"\b(?i:said|says|say|announced|announces|reported|reports|stated|states|told|wrote"
    r"|claimed|claims|confirmed|denied|added|declared|noted|tweeted|posted|published)\s*,?\s*$"
)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression found in a text: its character offsets there and what it means."""

    start: int  # char offset of the expression in the text given
    end: int
    span: TimeSpan


@lru_cache(maxsize=4)
def _date_parser(order: str) -> DateDataParser:
    """One dateparser instance per date order, built once (construction is the slow part)."""
    settings = {
        "DATE_ORDER": order,
        "PREFER_DATES_FROM": "past",
        "STRICT_PARSING": True,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=["en"], settings=settings)


def _resolve_numeric(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """A numeric date, parsed by dateparser: dots are day-first, slashes month-first (English
    usage), a leading four-digit year is year-first."""
    raw = m.group(0)
    order = "YMD" if re.match(r"\d{4}/", raw) else "DMY" if "." in raw else "MDY"
    data = _date_parser(order).get_date_data(raw)
    if data.date_obj is None:
        logger.debug("not a date (dateparser, %s): %r", order, raw)
        return None
    found = data.date_obj.date()
    span = TimeSpan(start=found, end=found, text=raw, precision="day")
    return Hit(m.start(), m.end(), span, "numeric")


@lru_cache(maxsize=1)
def _compiled_rules() -> tuple[tuple[re.Pattern[str], Resolver, str], ...]:
    # Every rule starts at a word boundary: the engine then tries far fewer positions.
    rules = [(re.compile(r"\b" + pattern), resolver, needle) for pattern, resolver, needle in RULES]
    return (*rules, (_NUMERIC, _resolve_numeric, "digit"))


@lru_cache(maxsize=1)
def _needles() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(p) for name, p in {**NEEDLES, "digit": r"\d"}.items()}


def _collect(text: str, anchor: Anchor) -> list[Hit]:
    """Every rule match, resolved, the longest first among overlapping ones."""
    found: list[tuple[int, int, Hit]] = []
    for order, (pattern, resolver, _) in _runnable_rules(text, anchor):
        for m in pattern.finditer(text):
            try:
                hit = resolver(m, anchor)
            except OutsideCalendar:  # "yesterday" of 0001-01-01: the phrase stays undated
                continue
            if hit is not None:
                found.append((hit.start - hit.end, order, with_context(hit, anchor)))
    found.sort(key=lambda item: (item[0], item[1], item[2].start))
    chosen: list[Hit] = []
    for _, _, hit in found:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _runnable_rules(
    text: str, anchor: Anchor
) -> list[tuple[int, tuple[re.Pattern[str], Resolver, str]]]:
    """(order, rule) of the rules that can match ``text``: their needle is in it, and they do
    not need an anchor it lacks (neither those rules nor their needles are run then)."""
    rules = [
        (order, rule)
        for order, rule in enumerate(_compiled_rules())
        if anchor.day is not None or rule[1] not in NEEDS_ANCHOR
    ]
    needles = _needles()
    present = {name for name in {rule[2] for _, rule in rules} if needles[name].search(text)}
    return [(order, rule) for order, rule in rules if rule[2] in present]


def _with_year(hit: Hit, y: int) -> TimeSpan | None:
    """A year-less hit re-resolved in year ``y``."""
    if hit.month is None:
        return None
    if hit.day is not None:
        found = safe_date(y, hit.month, hit.day)
        return TimeSpan(found, found, hit.span.text if hit.span else "", "day") if found else None
    if hit.span is not None:
        start, end = hit.span.start, hit.span.end
        new_start = safe_date(y, start.month, start.day)
        new_end = safe_date(y, end.month, end.day)
        if new_start and new_end:
            return replace(hit.span, start=new_start, end=new_end, estimated=False)
    try:
        start, end, precision = month_part(y, hit.month, None)
    except OutsideCalendar:  # "December 30 - January 2" ending in year 1: no year before it
        return None
    return TimeSpan(start, end, "", precision)


def _merge(text: str, left: Hit, right: Hit) -> Hit | None:
    """ "from X to Y", "X - Y", "between X and Y", "X until Y" as one range, or None."""
    if right.span is None:
        return None
    gap = text[left.end : right.start]
    connector = _CONNECTOR.fullmatch(gap)
    if connector is None and not (gap.strip() == "" and right.ctx in FORWARD_CONTEXT):
        return None
    if gap.strip().lower() == "and":
        before = text[max(0, left.start - 9) : left.start].lower()
        if left.ctx != "between" and not before.rstrip().endswith("between"):
            return None
    start_span = left.span
    if left.yearless and not right.yearless:
        end = right.span.end
        y = end.year if (left.month or 1, left.day or 1) <= (end.month, end.day) else end.year - 1
        start_span = _with_year(left, y)
    if start_span is None or start_span.start > right.span.end:
        return None
    ranks = sorted((PRECISION_RANK[start_span.precision], PRECISION_RANK[right.span.precision]))
    precision: Precision = start_span.precision
    if ranks[1] == PRECISION_RANK["year"] or start_span.start.year != right.span.end.year:
        precision = "years" if ranks[1] >= PRECISION_RANK["year"] else precision
    if PRECISION_RANK[right.span.precision] > PRECISION_RANK[precision]:
        precision = right.span.precision
    span = TimeSpan(
        start=start_span.start,
        end=right.span.end,
        text=text[left.start : right.end],
        precision=precision,
        estimated=start_span.estimated or right.span.estimated,
    )
    return Hit(left.start, right.end, span, "range", ctx=left.ctx,
               relative=left.relative or right.relative)  # fmt: skip


def _merge_ranges(text: str, hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for hit in hits:
        merged = _merge(text, out[-1], hit) if out else None
        if merged is not None:
            out[-1] = merged
        else:
            out.append(hit)
    return out


def _hits(text: str, anchor: date | None, anchor_estimated: bool) -> list[Hit]:
    if not text or _TRIGGER.search(text) is None:
        return []
    hits = _merge_ranges(text, _collect(text, Anchor(anchor, anchor_estimated)))
    return [h for h in hits if h.span is not None]


def find_times(
    text: str, *, anchor: date | None, anchor_estimated: bool = False
) -> list[TimeExpression]:
    """All time expressions in a sentence or clause, in text order, non-overlapping.

    >>> [t.span.start.isoformat() for t in find_times("Last June", anchor=date(2017, 6, 23))]
    ['2016-06-01']
    """
    return [
        TimeExpression(h.start, h.end, h.span)
        for h in _hits(text, anchor, anchor_estimated)
        if h.span is not None
    ]


def _is_report_time(text: str, expression: TimeExpression) -> bool:
    """Whether the expression dates a report ("said on Friday") rather than the event."""
    return _REPORTING.search(text[max(0, expression.start - 30) : expression.start]) is not None


def parse_when(
    text: str, *, anchor: date | None, anchor_estimated: bool = False
) -> TimeSpan | None:
    """The best single span for a clause: its most specific time expression (the first on
    ties), preferring those that do not date a report; None when it has none."""
    found = find_times(text, anchor=anchor, anchor_estimated=anchor_estimated)
    if not found:
        return None
    events = [e for e in found if not _is_report_time(text, e)] or found
    best = min(events, key=lambda e: (PRECISION_RANK[e.span.precision], e.start))
    return best.span
