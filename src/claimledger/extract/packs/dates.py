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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

from claimledger.extract.packs.pack import AgoWords, LanguagePack, fold
from claimledger.extract.when_calendar import add_months, calendar_date, month_end, shift
from claimledger.types import Precision, TimeSpan

_YEAR = r"(?:19|20)\d\d"
# Characters after a month in which "of last year" may follow it.
LAST_YEAR_REACH = 30
# "In recent days" reaches back a week from the report.
RECENT_DAYS = 7


@dataclass(frozen=True, slots=True)
class FoundDate:
    start: int  # offsets in the folded sentence text (the same length as the text)
    end: int
    span: TimeSpan


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=32)
def _patterns(pack: LanguagePack) -> tuple[re.Pattern[str], re.Pattern[str]]:
    month_words = sorted({w for m in pack.months for w in m}, key=len, reverse=True)
    # Russian month words are stems with case endings; elsewhere a month word is a whole word
    # ("mars" is not "marseille", "آب" is not "ابو").
    ending = r"\w*" if pack.month_endings else ""
    month = "(?P<month>" + "|".join(re.escape(w) + ending for w in month_words) + ")"
    day = r"(?P<day>[0-3]?\d)"
    # "26.05.2013", "7/6/2009": day first, as every pack language writes numeric dates.
    numeric = rf"(?P<nday>[0-3]?\d)[./-](?P<nmonth>[01]?\d)[./-](?P<nyear>{_YEAR})"
    absolute = (
        rf"(?<!\w)(?:{numeric}|(?:{day}\s*(?:[-/]\s*)?)?{month}(?:[\s,/]+{_YEAR})?"
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
    if anchor is not None and pack.ago is not None:
        for match in _ago_pattern(pack.ago).finditer(folded):
            span = _ago_span(match, pack.ago, anchor, estimated)
            if span is not None:
                found.append(FoundDate(match.start(), match.end(), span))
    for match in absolute.finditer(folded):
        if any(f.start <= match.start() < f.end for f in found) or _after_since(
            folded, match.start(), pack
        ):
            continue
        span = _absolute(match, pack, anchor, estimated)
        if span is not None:
            found.append(FoundDate(match.start(), match.end(), span))
    if anchor is not None and pack.recent:
        for match in _recent_pattern(pack).finditer(folded):
            span = TimeSpan(shift(anchor, -RECENT_DAYS), anchor, match.group(), "week", estimated)
            found.append(FoundDate(match.start(), match.end(), span))
    if anchor is not None and pack.weekdays:
        for match in _weekday_pattern(pack).finditer(folded):
            if any(f.start <= match.start() < f.end for f in found):
                continue
            span = _weekday_span(match.group(), pack, anchor, estimated)
            found.append(FoundDate(match.start(), match.end(), span))
    if anchor is not None and pack.relative_dates:
        for match in relative.finditer(folded):
            if any(f.start <= match.start() < f.end for f in found):
                continue
            span = _parsed(match.group(), pack, anchor, estimated, "day")
            if span is not None:
                found.append(FoundDate(match.start(), match.end(), span))
    return sorted(found, key=lambda f: f.start)


@lru_cache(maxsize=32)
def _recent_pattern(pack: LanguagePack) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alternation(pack.recent)})(?!\w)")


@lru_cache(maxsize=32)
def _weekday_pattern(pack: LanguagePack) -> re.Pattern[str]:
    prefix = "(?:[وفب]|ال)?" if pack.language == "ar" else ""
    words = _alternation(w for day in pack.weekdays for w in day)
    return re.compile(rf"(?<!\w){prefix}(?:{words})(?!\w)")


def _weekday_span(word: str, pack: LanguagePack, anchor: date, estimated: bool) -> TimeSpan:
    """A weekday is the latest such day on or before the report ("today, Wednesday" in a
    Wednesday's paper is that Wednesday), as the English rules read "on Friday"."""
    # The longest form the word ends with: Persian "یکشنبه" (Sunday) ends in "شنبه" (Saturday).
    _, weekday = max(
        (len(w), i) for i, day in enumerate(pack.weekdays) for w in day if word.endswith(w)
    )
    day = shift(anchor, -((anchor.weekday() - weekday) % 7))
    return TimeSpan(day, day, word, "day", estimated)


def is_date_word(word: str, pack: LanguagePack) -> bool:
    """Whether a word is a number, a month, a weekday or a relative day word (never part of a
    claimant's name: "31 июля американские СМИ" names the media)."""
    folded = fold(word)
    if folded.isdigit() or folded in set(pack.relative_dates):
        return True
    if any(folded.endswith(w) for day in pack.weekdays for w in day):
        return True
    return _month(folded, pack) is not None and (pack.month_endings or _is_month_word(folded, pack))


def _is_month_word(folded: str, pack: LanguagePack) -> bool:
    return any(folded == w for month in pack.months for w in month)


def yearless_dates(text: str, pack: LanguagePack) -> list[tuple[int, int | None, int]]:
    """The (month, day, years back) of each date the text writes without a year ("16 يناير";
    "en novembre": day ``None``; "في أغسطس من العام الماضي", in August of last year: one year
    back), to be placed by the ledger when the document has no date."""
    absolute, _ = _patterns(pack)
    folded = fold(text)
    found: list[tuple[int, int | None, int]] = []
    for match in absolute.finditer(folded):
        if match.group("bare") or match.group("nyear") or re.search(_YEAR, match.group()):
            continue
        month = _month(match.group("month"), pack)
        if month is None:
            continue
        day = match.group("day")
        after = folded[match.end() : match.end() + LAST_YEAR_REACH]
        back = int(any(after.lstrip(" ,").startswith(w) for w in pack.last_year))
        found.append((month, int(day) if day and 1 <= int(day) <= 31 else None, back))
    return found


def latest_written_date(text: str, pack: LanguagePack) -> date | None:
    """The latest day of the dates the text writes with their year ("19 mai 2016",
    "26.05.2013", "2011": its first day), or ``None``."""
    absolute, _ = _patterns(pack)
    latest: date | None = None
    for match in absolute.finditer(fold(text)):
        if not re.search(_YEAR, match.group()):
            continue
        span = _absolute(match, pack, None, False)
        if span is not None:
            day = span.start if span.precision == "year" else span.end
            latest = day if latest is None or day > latest else latest
    return latest


def has_date_words(text: str, pack: LanguagePack) -> bool:
    """Whether a sentence names a date at all, found or not (one without a year in an undated
    document cannot be placed, but it still says the sentence is not about an earlier date)."""
    absolute, _ = _patterns(pack)
    return absolute.search(fold(text)) is not None


def _after_since(folded: str, start: int, pack: LanguagePack) -> bool:
    """A date after "since" ("depuis 2011", "с 2015 года", "منذ 2001") starts a state: it is
    not the date of what the sentence reports."""
    if not pack.since:
        return False
    before = folded[max(0, start - 24) : start].split()
    return bool(before) and before[-1] in pack.since


@lru_cache(maxsize=32)
def _ago_pattern(ago: AgoWords) -> re.Pattern[str]:
    number = rf"(?:\d{{1,3}}|{_alternation(ago.numbers)})" if ago.numbers else r"\d{1,3}"
    count = rf"(?P<n>{number})(?:\s+(?:{_alternation(ago.alternatives) or '-'})\s+(?P<m>{number}))?"
    unit = rf"(?P<unit>{_alternation(ago.units)})"
    body = rf"(?:{count}\s+)?{unit}"
    # One alternative, so the groups are named once when a language has cues on both sides
    # ("hace dos años", "el año pasado"): without a cue before, one after is required.
    before = rf"(?:(?P<cue>{_alternation(ago.before)})\s+)?" if ago.before else ""
    after = rf"\s+(?:{_alternation(ago.after)})" if ago.after else "(?!)"
    tail = rf"(?(cue)|{after})" if ago.before else after
    return re.compile(rf"(?<!\w){before}{body}{tail}(?!\w)")


def _ago_span(
    match: re.Match[str], ago: AgoWords, anchor: date, estimated: bool
) -> TimeSpan | None:
    """ "два или три года назад" from 2015-07-29: 2012-01-01 to 2013-12-31 (the calendar periods
    of the counts, as the English rules read "two or three years ago")."""
    unit, implied = ago.units[match.group("unit")]
    counts = [_number(match.group(g), ago) for g in ("n", "m") if match.group(g)] or [implied]
    if any(c is None for c in counts):
        return None
    far, near = max(counts), min(counts)  # type: ignore[type-var]
    start, _, precision = _period_before(anchor, unit, far)  # type: ignore[arg-type]
    _, end, _ = _period_before(anchor, unit, near)  # type: ignore[arg-type]
    if far != near and unit == "year":
        precision = "years"
    return TimeSpan(start, end, match.group().strip(), precision, estimated)


def _number(word: str, ago: AgoWords) -> int | None:
    return int(word) if word.isdigit() else ago.numbers.get(word)


def _period_before(a: date, unit: str, n: int) -> tuple[date, date, Precision]:
    if unit == "day":
        day = shift(a, -n)
        return day, day, "day"
    if unit == "week":
        monday = shift(a, -7 * n - a.weekday())
        return monday, shift(monday, 6), "week"
    if unit == "month":
        y, m = add_months(a.year, a.month, -n)
        return calendar_date(y, m, 1), month_end(y, m), "month"
    return calendar_date(a.year - n, 1, 1), calendar_date(a.year - n, 12, 31), "year"


def _absolute(
    match: re.Match[str], pack: LanguagePack, anchor: date | None, estimated: bool
) -> TimeSpan | None:
    raw = match.group()
    if match.group("nyear"):
        return _numeric(match, raw)
    if match.group("bare"):
        year = int(match.group("bare"))
        return TimeSpan(date(year, 1, 1), date(year, 12, 31), raw, "year", False)
    month = _month(match.group("month"), pack)
    if month is None or (_needs_number(match.group("month"), pack) and raw.isalpha()):
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


def _numeric(match: re.Match[str], raw: str) -> TimeSpan | None:
    """ "26.05.2013": a day, written in full."""
    try:
        found = date(
            int(match.group("nyear")), int(match.group("nmonth")), int(match.group("nday"))
        )
    except ValueError:
        return None  # "31.02.2013", "12.31.2013"
    return TimeSpan(found, found, raw, "day", False)


def _needs_number(word: str, pack: LanguagePack) -> bool:
    return any(word.startswith(w) for w in pack.months_need_number)


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
