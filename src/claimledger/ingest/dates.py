"""A publication date for a document that came without one: from its URL or the top of its text.

Order of trust, after the input's own metadata (a JSONL ``published_at``, an HTML page's meta
tags, which the readers take):

1. the URL: a year-month-day path as htmldate reads it (``/2010/02/10/``, ``/2013-11-04/``),
   then the shapes htmldate leaves alone (:mod:`claimledger.ingest.url_dates`);
2. the head of the text: a wire dateline ("ISLAMABAD, Jan. 31 (Reuters) -"), a date line
   ("Tuesday 5 May 2015"), a labelled line ("Published: July 29, 2015", "Updated ..."), a
   time-stamped numeric date ending a title line ("Headline 06:31 16.01.2012");
3. otherwise unknown. A year the body merely mentions is never taken: articles recall earlier
   years all the time, and a guessed year anchors every "last June" of the text on it.

Choices:

- a URL date read by htmldate counts as the publisher's, as in the HTML reader, and is not
  marked estimated; every other date found here is (``published_at_estimated``);
- a URL date whose day-month order is unknown ("?dt=5/7/2011") is used only when a head date
  agrees with one reading; a partial URL date (``/2011/``, ``/2010/02/``) only fills in the
  year of a year-less dateline ("MOSCOW, March 29 —") or picks among head dates;
- among several head dates the earliest wins: a page's head shows the publication date, and
  besides it only later ones (an update, the site's today);
- the date strings are parsed by dateparser in the document's language (and English, the
  language of most page furniture), strictly: day, month and year, nothing relative.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser

from claimledger.ingest.url_dates import UrlDates, url_dates

logger = logging.getLogger(__name__)

__all__ = ["DocumentDate", "head_dates", "publication_date"]

DateSource = Literal["url", "dateline"]

# Where a page states its date: the first lines (title, byline, date line, dateline).
HEAD_LINES = 8
HEAD_CHARS = 1000
# A date line is short; anything longer is a sentence that happens to contain a date.
MAX_SEGMENT_CHARS = 60
# Words a labelled date may be followed by text ("date 2019-09-14 Hamza ..."): the date is
# looked for in the first few words after the label.
LABELLED_DATE_WORDS = 6

# Labels that introduce a page's own date. English, and the labels of the other languages the
# project reads most (French, Russian, Arabic, Italian, Spanish, German).
_LABELS = (
    r"(?:page\s+)?(?:last\s+|first\s+)?(?:published|updated|posted|modified|created?|dated?)"
    r"(?:\s+(?:on|at))?",
    r"publi[ée]\s+le|mis\s+[àa]\s+jour\s+le|pubblicato(?:\s+il)?|publicado(?:\s+el)?",
    r"aktualisiert(?:\s+am)?|ver[öo]ffentlicht(?:\s+am)?",
    r"опубликовано|обновлено|дата(?:\s+публикации)?",
    r"تاريخ\s+النشر|نشر\s+في|نشر\s+بتاريخ|آخر\s+تحديث",
)
_LABEL = re.compile(r"^\s*(?:" + "|".join(_LABELS) + r")\s*[:\-–]?\s*", re.IGNORECASE)
# Times of day, with an am/pm and a time-zone-like capital abbreviation after them.
_TIME = re.compile(
    r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,5}(?:[+-]\d{1,2})?)\)?(?![\w]))?"
)
# Separators between the parts of a head line ("Title | News | 15.07.2015", "- Saturday, May
# 07, 2011 - From Print Edition").
_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+|^\s*[-–—]\s+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DIGIT = re.compile(r"\d")
# A wire dateline opening a paragraph: a place, a comma, a date, an optional agency in
# parentheses, then a dash or colon ("MOSCOW, December 19 (RIA Novosti) -", "Islamabad,
# August 08:"), or a period after a dated one ("Moscow, 12 March 2019. ...").
_DATELINE = re.compile(
    r"^\s*(?P<place>[^\W\d_][^\W\d_'’.\- ]*(?:[ '’.\-][^\W\d_]+){0,3}"
    r"(?:,\s*[^\W\d_][^\W\d_'’.\- ]*(?:[ '’.\-][^\W\d_]+){0,2})?),\s+"
    r"(?P<date>[^\W_][\w.]*(?:,?\s+[\w.]+){0,3}?)"
    r"\s*(?:\((?P<agency>[^()\n]{2,40})\)\s*)?(?P<end>[-–—:]|\.(?=\s))"
)
# Day and month in numbers, slashed: English pages write month first, most others day first,
# so with both parts 12 or less the order is unknown.
_SLASHED = re.compile(r"(?<!\d)(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?:19|20)\d\d(?!\d)")
# A numeric date stamped with its time at the end of a title line ("Headline 06:31 16.01.2012").
_CLOCK = r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?"
_NUMERIC_DATE = r"(?:\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d|(?:19|20)\d\d-\d{2}-\d{2})"
_STAMP = re.compile(
    r"\s(?:" + _CLOCK + r",?\s+(?P<date>" + _NUMERIC_DATE + r")"
    r"|(?P<date2>" + _NUMERIC_DATE + r"),?\s+" + _CLOCK + r")\s*$"
)
_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """A publication date found for an undated document, and where it came from."""

    day: date
    estimated: bool
    source: DateSource


@dataclass(frozen=True, slots=True)
class _MonthDay:
    """A year-less dateline: month and day, the year to be found elsewhere."""

    month: int
    day: int


def publication_date(
    text: str, url: str | None = None, language: str | None = None, *, today: date | None = None
) -> DocumentDate | None:
    """The publication date the URL or the head of the text states, or ``None`` when neither
    does (see the module docstring for the order and the rules)."""
    today = today or date.today()
    from_url = url_dates(url, today=today) if url else UrlDates()
    if from_url.day is not None:
        return DocumentDate(from_url.day, from_url.estimated, "url")
    head = head_dates(text, language)
    found = [d for d in head if isinstance(d, date) and d <= today]
    partial = [d for d in head if isinstance(d, _MonthDay)]
    if from_url.readings:
        agreeing = sorted(d for d in found if d in from_url.readings)
        return DocumentDate(agreeing[0], True, "url") if agreeing else None
    consistent = sorted(d for d in found if from_url.fits(d))
    if consistent:
        return DocumentDate(consistent[0], True, "dateline")
    if from_url.year is not None:
        for md in partial:
            day = _in_year(from_url.year, md, from_url.month)
            if day is not None and day <= today:
                return DocumentDate(day, True, "dateline")
    return None


def _in_year(year: int, md: _MonthDay, month: int | None) -> date | None:
    if month is not None and month != md.month:
        return None
    try:
        return date(year, md.month, md.day)
    except ValueError:
        return None


def head_dates(text: str, language: str | None = None) -> list[date | _MonthDay]:
    """Dates the head of a text states: datelines, date lines and labelled dates, in order."""
    languages = _languages(language)
    found: list[date | _MonthDay] = []
    for line in _head_lines(text):
        if not _DIGIT.search(line):
            continue
        dateline = _dateline(line, languages)
        if dateline is not None:
            found.append(dateline)
            continue
        dated = [d for segment in _segments(line) if (d := _segment_date(segment, languages))]
        stamped = _stamp_date(line, languages) if not dated else None
        found += [*dated, stamped] if stamped else dated
    return found


def _head_lines(text: str) -> Iterator[str]:
    lines = [line for line in text[:HEAD_CHARS].splitlines() if line.strip()]
    yield from lines[:HEAD_LINES]


def _segments(line: str) -> list[str]:
    return [part for part in _SEPARATORS.split(line) if part and part.strip()]


def _stamp_date(line: str, languages: tuple[str, ...]) -> date | None:
    """The time-stamped numeric date ending a title line ("Headline 06:31 16.01.2012")."""
    stamp = _STAMP.search(line)
    return _full_date(stamp["date"] or stamp["date2"], languages) if stamp else None


def _segment_date(segment: str, languages: tuple[str, ...]) -> date | None:
    """The date a head segment consists of ("Wednesday, August 26, 2009", "Published July 29,
    2015", "07:13 19/12/2011"), or the date right after a label ("date 2019-09-14 Text ...")."""
    label = _LABEL.match(segment)
    rest = _TIME.sub(" ", segment[label.end() :] if label else segment).strip(" ,.;:-–—()")
    if label is not None:
        return _labelled_date(rest, languages)
    if len(rest) > MAX_SEGMENT_CHARS:
        return None
    return _full_date(rest, languages)


def _labelled_date(rest: str, languages: tuple[str, ...]) -> date | None:
    """The longest run of the first words after a label that is one full date."""
    words = rest.split()[:LABELLED_DATE_WORDS]
    for n in range(len(words), 0, -1):
        found = _full_date(" ".join(words[:n]).strip(" ,.;:"), languages)
        if found is not None:
            return found
    return None


def _dateline(line: str, languages: tuple[str, ...]) -> date | _MonthDay | None:
    """A wire dateline's date: a full date, or month and day when it gives no year."""
    m = _DATELINE.match(line)
    if m is None:
        return None
    raw = m.group("date").strip(" ,.")
    if _YEAR.search(raw):
        return _full_date(raw, languages)
    if m.group("end") == "." or not _NUMBER.search(raw):
        return None  # a period ends a dated dateline only; a year-less one names a day
    return _month_day(raw, languages)


def _full_date(raw: str, languages: tuple[str, ...]) -> date | None:
    """``raw`` as one calendar day with a written year (dateparser, strict), or None."""
    year = _YEAR.search(raw)
    if not raw or year is None or _ambiguous(raw):
        return None
    data = _parser(languages, strict=True).get_date_data(raw)
    if data.date_obj is None or data.period != "day":
        return None
    found = data.date_obj.date()
    return found if found.year == int(year.group(0)) else None


def _ambiguous(raw: str) -> bool:
    m = _SLASHED.search(raw)
    return m is not None and m["a"] != m["b"] and int(m["a"]) <= 12 and int(m["b"]) <= 12


def _month_day(raw: str, languages: tuple[str, ...]) -> _MonthDay | None:
    data = _parser(languages, strict=False).get_date_data(raw)
    if data.date_obj is None or data.period != "day":
        return None
    return _MonthDay(data.date_obj.month, data.date_obj.day)


def _languages(language: str | None) -> tuple[str, ...]:
    code = (language or "en").lower()
    return (code,) if code == "en" else (code, "en")


@lru_cache(maxsize=16)
def _parser(languages: tuple[str, ...], *, strict: bool) -> DateDataParser:
    """One dateparser per language set and mode (construction is the slow part). Strict mode
    needs day, month and year; the other needs day and month (a year-less dateline)."""
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "DMY",
    }
    if strict:
        settings["STRICT_PARSING"] = True
    else:
        settings["REQUIRE_PARTS"] = ["day", "month"]
    try:
        return DateDataParser(languages=list(languages), settings=settings)
    except ValueError:
        logger.debug("dateparser has no data for %s; dates read as English", languages)
        return DateDataParser(languages=["en"], settings=settings)
