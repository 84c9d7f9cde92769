"""When, in a pack's language: date expressions found by the pack's date words and parsed by
dateparser in that language, anchored on the document's publication date.

The pack says which words make a date (month names, relative day words); a regular expression
built from them finds the candidates ("7 июня", "25 اكتوبر", "mars 2013", "вчера", "samedi")
and dateparser reads each one with the publication date as its base and past dates preferred.
A bare year ("в 2011 году", "في عام 2001") is taken as the whole year. Calling dateparser only
on candidates keeps it off the many sentences that hold no date (its search mode is slow and
finds dates in ordinary words).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

from claimledger.extract.packs.pack import LanguagePack, fold
from claimledger.types import Precision, TimeSpan

_YEAR = r"(?:19|20)\d\d"


@dataclass(frozen=True, slots=True)
class FoundDate:
    start: int  # offsets in the folded sentence text (the same length as the text)
    end: int
    span: TimeSpan


@lru_cache(maxsize=32)
def _patterns(pack: LanguagePack) -> tuple[re.Pattern[str], re.Pattern[str]]:
    month_words = sorted({w for m in pack.months for w in m}, key=len, reverse=True)
    month = "(?P<month>" + "|".join(re.escape(w) + r"\w*" for w in month_words) + ")"
    day = r"(?P<day>[0-3]?\d)"
    absolute = (
        rf"(?<!\w)(?:(?:{day}\s*(?:[-/]\s*)?)?{month}(?:[\s,/]+{_YEAR})?"
        rf"|(?P<bare>{_YEAR}))(?!\w)"
    )
    relative = "|".join(re.escape(w) for w in sorted(pack.relative_dates, key=len, reverse=True))
    return re.compile(absolute), re.compile(rf"(?<!\w)(?:{relative})(?!\w)")


@lru_cache(maxsize=64)
def _parser(language: str, base: date) -> DateDataParser:
    settings: dict[str, Any] = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": False,
    }
    return DateDataParser(languages=[language], settings=settings)


def find_dates(
    text: str, pack: LanguagePack, *, anchor: date | None, estimated: bool
) -> list[FoundDate]:
    """The date expressions of one sentence, in order, each as a ``TimeSpan``."""
    folded = fold(text)
    absolute, relative = _patterns(pack)
    found: list[FoundDate] = []
    for match in absolute.finditer(folded):
        span = _absolute(match, pack, anchor, estimated)
        if span is not None:
            found.append(FoundDate(match.start(), match.end(), span))
    if anchor is not None and pack.relative_dates:
        for match in relative.finditer(folded):
            if any(f.start <= match.start() < f.end for f in found):
                continue
            span = _parsed(match.group(), pack, anchor, estimated, "day")
            if span is not None:
                found.append(FoundDate(match.start(), match.end(), span))
    return sorted(found, key=lambda f: f.start)


def _absolute(
    match: re.Match[str], pack: LanguagePack, anchor: date | None, estimated: bool
) -> TimeSpan | None:
    raw = match.group()
    if match.group("bare"):
        year = int(match.group("bare"))
        return TimeSpan(date(year, 1, 1), date(year, 12, 31), raw, "year", False)
    month = _month(match.group("month"), pack)
    if month is None:
        return None
    canonical = pack.months[month - 1][0]
    day = match.group("day")
    years = re.findall(_YEAR, raw)
    if anchor is None and not years:
        return None  # "7 June" with no year and nothing to anchor it on
    text = " ".join(p for p in (day, canonical, years[0] if years else None) if p)
    precision: Precision = "day" if day else "month"
    base = anchor or date(int(years[0]), 12, 31)
    return _parsed(text, pack, base, estimated and not years, precision, raw)


def _month(word: str, pack: LanguagePack) -> int | None:
    for number, words in enumerate(pack.months, start=1):
        if any(word.startswith(w) for w in words):
            return number
    return None


def _parsed(
    text: str,
    pack: LanguagePack,
    anchor: date,
    estimated: bool,
    precision: Precision,
    raw: str | None = None,
) -> TimeSpan | None:
    data = _parser(pack.language, anchor).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        first = date(day.year, day.month, 1)
        return TimeSpan(first, date(day.year, day.month, last), raw or text, "month", estimated)
    return TimeSpan(day, day, raw or text, "day", estimated)
