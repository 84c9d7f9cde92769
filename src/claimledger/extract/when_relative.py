"""Narrative relative time: "the next month", "a year later", "the same day", "that year".

In a chronology these count from the date the narration has reached, not from the publication
date: "His death was first reported in February 2015. ... Already in next month he was
wounded" means March 2015. So such an expression is resolved against the latest time
expression met earlier in the narrative (the paragraph, then the previous paragraph), and
against the document date only when there is none. A bare "next month" / "next year" (no
"the") is also how a report speaks of its own future ("the trial will open next month"), so in
a sentence with a future marker it keeps the document date; a narrative result after the
document date is not used either (a chronology tells the past).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from datetime import date

from claimledger.extract.when import TimeExpression
from claimledger.extract.when_calendar import (
    OutsideCalendar,
    add_months,
    calendar_date,
    month_end,
    shift,
)
from claimledger.types import TimeSpan

logger = logging.getLogger(__name__)

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_UNIT = r"(?P<unit>day|week|month|year)"
# What may follow "before"/"after" for it to mean "before the date just told" rather than
# "before <some event>": the end of the clause.
_CLAUSE_END = r"(?=\s*(?:[,.;:)\u2014]|$))"
_PATTERNS = (
    # "the next month", "the following day", "next year", "the previous week", "the same day"
    re.compile(
        rf"\b(?P<the>the\s+)?(?P<rel>next|following|previous|preceding|same)\s+{_UNIT}\b"
        r"(?!\s+(?:before|after)\b)",
        re.IGNORECASE,
    ),
    # "a month later", "two days earlier", "a year after" (clause end)
    re.compile(
        rf"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{{1,2}})\s+{_UNIT}s?"
        rf"\s+(?P<dir>later|afterwards|earlier|after{_CLAUSE_END}|before{_CLAUSE_END})",
        re.IGNORECASE,
    ),
    # "that year", "that month", "that day"
    re.compile(rf"\b(?P<that>that)\s+{_UNIT}\b", re.IGNORECASE),
    # "the day before", "the year after" (clause end; not "the day before yesterday")
    re.compile(rf"\bthe\s+{_UNIT}\s+(?P<dir>before|after){_CLAUSE_END}", re.IGNORECASE),
)
# Every pattern names a unit: a text without one has no narrative relative time.
_UNITS = re.compile(r"day|week|month|year", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|going to|plans?|planned|scheduled|expected|expects|due to|upcoming)\b",
    re.IGNORECASE,
)
_DAY_BASED = frozenset({"day"})
_WEEK_BASED = frozenset({"day", "week"})
_MONTH_BASED = frozenset({"day", "week", "month"})


@dataclasses.dataclass(frozen=True, slots=True)
class _Relative:
    start: int
    end: int
    unit: str
    offset: int  # units after (+) or before (-) the narrative date
    bare: bool  # "next month" without "the": may be the report's own future
    counted: bool  # "a month later", "two days earlier": counts from the date just told


def _offset(m: re.Match[str]) -> int:
    groups = m.groupdict()
    if groups.get("that"):
        return 0
    if groups.get("rel"):
        rel = groups["rel"].lower()
        return 0 if rel == "same" else -1 if rel in ("previous", "preceding") else 1
    n = _NUMBERS.get((groups.get("n") or "").lower()) or int(groups.get("n") or 1)
    return -n if groups["dir"].lower() in ("earlier", "before") else n


def _relatives(text: str) -> list[_Relative]:
    found: list[_Relative] = []
    if _UNITS.search(text) is None:
        return found
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < r.end and r.start < m.end() for r in found):
                continue
            bare = bool(m.groupdict().get("rel")) and not m.groupdict().get("the")
            unit = m.group("unit").lower()
            counted = bool(m.groupdict().get("n"))
            found.append(_Relative(m.start(), m.end(), unit, _offset(m), bare, counted))
    return sorted(found, key=lambda r: r.start)


def shifted(base: TimeSpan, unit: str, offset: int) -> TimeSpan | None:
    """The ``unit`` that is ``offset`` units from ``base``; None when ``base`` is too coarse
    for it ("the next day" after "in 2015") or the shift leaves the calendar."""
    try:
        return _shifted(base, unit, offset)
    except OutsideCalendar:
        return None


def _shifted(base: TimeSpan, unit: str, offset: int) -> TimeSpan | None:
    day = base.end if offset >= 0 else base.start
    if unit == "day" and base.precision in _DAY_BASED:
        found = shift(day, offset)
        return TimeSpan(found, found, precision="day", estimated=base.estimated)
    if unit == "week" and base.precision in _WEEK_BASED:
        monday = shift(day, 7 * offset - day.weekday())
        return TimeSpan(monday, shift(monday, 6), precision="week",
                        estimated=base.estimated)  # fmt: skip
    if unit == "month" and base.precision in _MONTH_BASED:
        y, m = add_months(day.year, day.month, offset)
        return TimeSpan(calendar_date(y, m, 1), month_end(y, m), precision="month",
                        estimated=base.estimated)  # fmt: skip
    if unit == "year" and base.precision != "unknown":
        y = day.year + offset
        return TimeSpan(calendar_date(y, 1, 1), calendar_date(y, 12, 31), precision="year",
                        estimated=base.estimated)  # fmt: skip
    return None


def narrative_base(earlier: Sequence[Sequence[TimeExpression]]) -> TimeSpan | None:
    """The latest time expression told earlier in the narrative."""
    for sentence in reversed(earlier):
        if sentence:
            return sentence[-1].span
    return None


def _told_before(found: Sequence[TimeExpression], rel: _Relative) -> TimeSpan | None:
    """The sentence's last date before ``rel``, if ``rel`` counts from a date ("later",
    "earlier") rather than naming a period ("the next month")."""
    before = [t for t in found if t.end <= rel.start]
    return before[-1].span if before and rel.counted else None


def in_narrative_time(
    text: str,
    found: list[TimeExpression],
    earlier: Sequence[Sequence[TimeExpression]],
    anchor: date | None,
) -> list[TimeExpression]:
    """``found`` (the expressions of sentence ``text``) with narrative relative expressions
    resolved against the narrative's latest date (else the document date ``anchor``)."""
    relatives = _relatives(text)
    if not relatives:
        return found
    base = narrative_base(earlier)
    document = TimeSpan(anchor, anchor, precision="day") if anchor is not None else None
    future = _FUTURE.search(text) is not None
    out = list(found)
    for rel in relatives:
        kept = [t for t in out if not (rel.start <= t.start and t.end <= rel.end)]
        if len(out) - len(kept) != sum(1 for t in out if t.start < rel.end and rel.start < t.end):
            continue  # part of a longer expression ("June 29 of that year")
        # "poisoned in early August 2013 ... and died one month later": the same sentence's
        # date before it comes first.
        told = _told_before(found, rel) or base
        start_from = document if (told is None or (rel.bare and future)) else told
        span = shifted(start_from, rel.unit, rel.offset) if start_from else None
        if span is None or (anchor is not None and span.start > anchor and start_from is told):
            continue
        span = dataclasses.replace(span, text=text[rel.start : rel.end])
        out = sorted([*kept, TimeExpression(rel.start, rel.end, span)], key=lambda t: t.start)
    return out
