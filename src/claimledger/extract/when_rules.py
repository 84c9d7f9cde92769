"""The rule layer of ``when.rules.v1``: general English date vocabulary as regular expressions.

Each rule is a compiled pattern and a resolver that turns one match into a :class:`Hit`. The
patterns are case-sensitive for month and weekday names (a lower-case "may" or "march" is a
verb, not a month) and case-insensitive for the words around them. A bare month, weekday or
year counts only in a date context (a preposition, a modifier, "last"/"this"); a bare number
never does, and a quantity or a duration ("63 years", "for 15 days", "3 cars") matches no rule.

Calendar choices (documented here once, used by the resolvers):

- "early / mid / late <month>": days 1-10 / 11-20 / 21-end; "the end of <month>": 21-end; "the
  beginning (start) of <month>": 1-10; "the middle of": 11-20 (precision ``week``).
- "early / mid / late <year>": Jan-Apr / May-Aug / Sep-Dec; "the beginning (start) of the
  year": Jan-Mar; "the end of the year": Oct-Dec (precision ``quarter``).
- seasons are northern-hemisphere: spring Mar-May, summer Jun-Aug, fall/autumn Sep-Nov, winter
  Dec-Feb; "winter of Y" starts in December of Y (precision ``season``).
- "since X" runs from the start of X to the anchor; "until / till / by X" is X itself (the
  endpoint is the only date stated; the start is unknown); "from X to Y" is the whole range.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from claimledger.extract.when_calendar import (
    add_months,
    calendar_date,
    month_end,
    month_part,
    precision_for,
    recent_season_year,
    recent_year,
    safe_date,
    season_span,
    shift,
    weekday_before,
    year_part,
)
from claimledger.types import Precision, TimeSpan

RULESET = "when.rules.v1"

MONTHS: dict[str, int] = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
} | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
     "oct": 10, "nov": 11, "dec": 12}  # fmt: skip
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip

_FULL = "|".join(calendar.month_name[1:])
_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WD = "|".join(calendar.day_name)
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.,]\d)"
_YEAR = r"(?<!\d)(?P<{0}>(?:1[5-9]|20)\d\d)(?![\d])"
_YREL = r"\s+(?P<yrel>(?i:(?:of\s+)?(?:this|last|next|that)\s+year))"
_NIGHT = r"(?:(?i:the\s+(?:night|nights|evening|morning|weekend)\s+of)\s+)?"
_CONNECT = r"\s*(?:[-–—]|\s(?i:to|and|until|till|through)\s)\s*"
_MOD = (
    r"(?i:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of"
    r"|first\s+half\s+of|second\s+half\s+of)"
)
# Words that put a bare month or year in a date context. "of", "from", "by" and "to" are weak:
# they also introduce quantities ("of 2000 people"), so a year after them needs a check.
_CTX = (
    r"(?i:in|on|at|since|until|till|by|from|to|during|through|throughout|as\s+of|back\s+in"
    r"|of|around|circa)"
)
WEAK_CONTEXT = frozenset({"of", "from", "by", "to", "around", "at", "on"})
FORWARD_CONTEXT = frozenset({"until", "till", "by", "to", "through"})


def mon(group: str, *, abbr: bool = True) -> str:
    full = rf"(?:{_FULL})(?!\w)"
    if not abbr:
        return rf"(?P<{group}>{full})"
    return rf"(?P<{group}>{full}|(?:{_ABBR})(?:\.|(?!\w)))"


def day(group: str) -> str:
    return _DAY.format(group)


def year(group: str) -> str:
    return _YEAR.format(group)


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule match: where it is, what it means (``span`` is None when it needs an anchor it
    does not have), and what a range merge needs to re-resolve it with a later year."""

    start: int
    end: int
    span: TimeSpan | None
    rule: str
    ctx: str = ""
    month: int | None = None
    day: int | None = None
    yearless: bool = False
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Anchor:
    """The document date the relative expressions resolve against."""

    day: date | None
    estimated: bool = False


def make_span(
    start: date, end: date, text: str, precision: Precision, *, estimated: bool = False
) -> TimeSpan:
    return TimeSpan(start=start, end=end, text=text, precision=precision, estimated=estimated)


def with_context(hit: Hit, anchor: Anchor) -> Hit:
    """Apply "since" (open range up to the anchor) to a resolved hit."""
    if hit.span is None or hit.ctx != "since" or anchor.day is None:
        return hit
    if hit.span.start > anchor.day:
        return hit
    span = replace(
        hit.span,
        end=anchor.day,
        precision=precision_for(hit.span.start, anchor.day),
        estimated=hit.span.estimated or anchor.estimated,
    )
    return replace(hit, span=span)


Resolver = Callable[[re.Match[str], Anchor], Hit | None]


# ---- resolvers --------------------------------------------------------------------------------

# Lower-case words that may follow a year after a weak context word ("by 2019 the ...") without
# making it a quantity ("of 2000 people").
_FUNCTION_WORDS = frozenset({
    "the", "a", "an", "and", "or", "but", "when", "while", "as", "after", "before", "he", "she",
    "it", "they", "we", "i", "you", "his", "her", "their", "its", "was", "were", "is", "are",
    "had", "has", "have", "will", "would", "could", "did", "that", "which", "who", "to", "until",
    "till", "through", "in", "on", "at", "for", "with", "there", "this", "then",
})  # fmt: skip
_NEXT_WORD = re.compile(r"[\s,]*([A-Za-z]+)")


def _hit(
    m: re.Match[str],
    anchor: Anchor,
    bounds: tuple[date, date, Precision] | None,
    rule: str,
    *,
    relative: bool = False,
    guessed: bool = False,
    month: int | None = None,
    day: int | None = None,
    yearless: bool = False,
) -> Hit:
    span = None
    if bounds is not None:
        start, end, precision = bounds
        estimated = guessed or (relative and anchor.estimated)
        span = make_span(start, end, m.group(0), precision, estimated=estimated)
    ctx = (m.groupdict().get("ctx") or "").split()
    return Hit(
        m.start(), m.end(), span, rule, ctx=ctx[0].lower() if ctx else "", month=month,
        day=day, yearless=yearless, relative=relative,
    )  # fmt: skip


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _year_from_rel(yrel: str, anchor: date, m: int, d: int | None) -> tuple[int, bool]:
    """The year named by "this/last/next/that year" and whether it was guessed."""
    word = yrel.lower().split()[-2]
    offsets = {"this": 0, "last": -1, "next": 1}
    if word in offsets:
        return anchor.year + offsets[word], False
    return recent_year(anchor, m, d), True  # "that year": the context's year, unknown here


def resolve_iso(m: re.Match[str], anchor: Anchor) -> Hit | None:
    found = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _hit(m, anchor, (found, found, "day"), "iso") if found else None


def resolve_day(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """A day of a month: "March 18, 2015", "18 March", "June 12 last year"."""
    month, dd = _month_number(m["m"]), int(m["d"])
    if not 1 <= dd <= 31:
        return None
    if m["y"]:
        found = safe_date(int(m["y"]), month, dd)
        return _hit(m, anchor, (found, found, "day"), "day") if found else None
    if anchor.day is None:
        return _hit(m, anchor, None, "day", relative=True, month=month, day=dd, yearless=True)
    guessed, yearless = False, True
    if m.groupdict().get("yrel"):
        y, guessed = _year_from_rel(m["yrel"], anchor.day, month, dd)
        yearless = False
    else:
        y = recent_year(anchor.day, month, dd)
    found = safe_date(y, month, dd) or safe_date(y - 1, month, dd)
    if found is None:
        return None
    bounds: tuple[date, date, Precision] = (found, found, "day")
    return _hit(m, anchor, bounds, "day", relative=True, guessed=guessed, month=month, day=dd,
                yearless=yearless)  # fmt: skip


def resolve_day_range(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """Days of a month: "May 27-28", "27-28 May 2017", "May 30 - June 2"."""
    month = _month_number(m["m"])
    month2 = _month_number(m["m2"]) if m.groupdict().get("m2") else month
    if m["y"]:
        y, relative = int(m["y"]), False
    elif anchor.day is not None:
        y, relative = recent_year(anchor.day, month, int(m["d"])), True
    else:
        return None
    y2 = y + 1 if month2 < month else y
    start, end = safe_date(y, month, int(m["d"])), safe_date(y2, month2, int(m["d2"]))
    if start is None or end is None or end <= start:
        return None
    return _hit(m, anchor, (start, end, "day"), "day_range", relative=relative)


def resolve_month(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """A month in a date context: "in October", "last June", "early June", "February 2015"."""
    rel, yrel, mod = m["rel"], m["yrel"], m["mod"]
    if not (m["ctx"] or mod or rel or m["y"] or yrel):
        return None
    month = _month_number(m["m"])
    if m["y"]:
        return _hit(m, anchor, month_part(int(m["y"]), month, mod), "month", month=month)
    if anchor.day is None:
        return _hit(m, anchor, None, "month", relative=True, month=month, yearless=not rel)
    a, guessed, yearless = anchor.day, False, False
    if rel:
        word = rel.lower()
        if word in ("last", "past"):
            y = recent_year(a, month, strict=True)
        elif word == "next":
            y = a.year if month > a.month else a.year + 1
        else:
            y = a.year
    elif yrel:
        y, guessed = _year_from_rel(yrel, a, month, None)
    else:
        y, yearless = recent_year(a, month), True
    bounds = month_part(y, month, mod)
    return _hit(m, anchor, bounds, "month", relative=True, guessed=guessed, month=month,
                yearless=yearless)  # fmt: skip


# Nouns of events a bare year may modify ("the 2011 death", "his 2015 arrest").
_DATED_NOUNS = frozenset(
    {"death", "killing", "assassination", "murder", "attack", "attacks", "raid", "strike",
     "airstrike", "bombing", "arrest", "capture", "trial", "conviction", "release", "wounding",
     "injury", "kidnapping", "abduction", "execution", "invasion", "offensive", "uprising"}
)  # fmt: skip


def resolve_year(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """A year in a date context: "in 2015", "until 2009", "late 2015", "the year 1971"."""
    ctx, mod = (m["ctx"] or "").lower(), m["mod"]
    if not (ctx or mod or m["ty"]):
        nxt = _NEXT_WORD.match(m.string, m.end())
        if not (nxt and nxt.group(1).lower() in _DATED_NOUNS):
            return None
        # "the 2011 death of X", "the 2013 attack": a year naming the event it modifies.
    if ctx in WEAK_CONTEXT and not mod and not m["ty"]:
        nxt = _NEXT_WORD.match(m.string, m.end())
        if nxt and nxt.group(1).islower() and nxt.group(1) not in _FUNCTION_WORDS:
            return None  # "of 2000 people", "to 1500 fighters": a quantity
    return _hit(m, anchor, year_part(int(m["y"]), mod), "year")


def resolve_year_range(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """Years: "2015-2016", "2015–16", "between 2015 and 2016", "from 2004 to 2009"."""
    y1, raw2 = int(m["y"]), m["y2"]
    y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
    ctx, conn = (m["ctx"] or "").lower(), m["conn"].strip().lower()
    if not y1 < y2 <= y1 + 50:
        return None
    if conn == "and" and ctx not in ("between", "in"):
        return None
    if not ctx and conn in ("-", "–", "—") and y1 < 1800:
        return None  # "1500-2000 fighters": a quantity range
    return _hit(m, anchor, (date(y1, 1, 1), date(y2, 12, 31), "years"), "year_range")


def resolve_season(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """A season: "in the fall", "last summer", "the summer of 2014", "winter 2015"."""
    rel, season = (m["rel"] or "").lower(), m["season"].lower()
    if not (m["y"] or rel in ("last", "this", "next", "past") or m["ctx"]):
        return None
    if m["y"]:
        start, end = season_span(int(m["y"]), season)
        return _hit(m, anchor, (start, end, "season"), "season")
    if season == "fall" and re.match(r"\s+of\b", m.string[m.end() :]):
        return None  # "the fall of the city": not a season
    if anchor.day is None:
        return None
    a = anchor.day
    if rel in ("last", "past"):
        y = recent_season_year(a, season, strict=True)
    elif rel == "next":
        y = recent_season_year(a, season) + 1
    else:
        y = recent_season_year(a, season)
    start, end = season_span(y, season)
    return _hit(m, anchor, (start, end, "season"), "season", relative=True)


def resolve_relative_day(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """ "yesterday", "today", "last night", "the day before yesterday"."""
    if anchor.day is None:
        return None
    words = m.group(0).lower()
    back = 2 if "before" in words else 1 if ("yesterday" in words or "night" in words) else 0
    if words.endswith("tonight"):
        back = 0
    found = shift(anchor.day, -back)
    return _hit(m, anchor, (found, found, "day"), "relative_day", relative=True)


def _period(a: date, unit: str, offset: int) -> tuple[date, date, Precision]:
    """The week (Monday-Sunday), weekend, month or year ``offset`` units from the anchor's."""
    if unit in ("week", "weekend"):
        monday = shift(a, 7 * offset - a.weekday())
        if unit == "weekend":
            return shift(monday, 5), shift(monday, 6), "week"
        return monday, shift(monday, 6), "week"
    if unit == "month":
        y, mm = add_months(a.year, a.month, offset)
        return calendar_date(y, mm, 1), month_end(y, mm), "month"
    return calendar_date(a.year + offset, 1, 1), calendar_date(a.year + offset, 12, 31), "year"


def resolve_relative_period(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """ "last week", "this month", "earlier this year", "late last year", "next month"."""
    if anchor.day is None:
        return None
    a, unit, mod = anchor.day, m["unit"].lower(), (m["mod"] or "").lower()
    offset = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}
    start, end, precision = _period(a, unit, offset[m["rel"].lower()])
    if mod == "earlier" and start <= a <= end:
        end = a
    elif mod == "later" and start <= a <= end:
        start = a
    elif mod in ("early", "late") and unit in ("month", "year"):
        start, end, precision = _period_part(start, unit, mod)
    return _hit(m, anchor, (start, end, precision), "relative_period", relative=True)


def _period_part(first: date, unit: str, mod: str) -> tuple[date, date, Precision]:
    if unit == "month":
        return month_part(first.year, first.month, mod)
    return year_part(first.year, mod)


def resolve_period_part(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """Part of a period: "the beginning of the year", "the end of last year", "the end of the
    month". "the year/month" is the anchor's, or the one before when that part has not begun."""
    if anchor.day is None:
        return None
    a, unit, mod = anchor.day, m["unit"].lower(), m["mod"]
    rel = (m["rel"] or "the").lower()
    offset = {"last": -1, "previous": -1, "past": -1, "next": 1}.get(rel, 0)
    bounds = _period_part(_period(a, unit, offset)[0], unit, mod)
    forward = (m["ctx"] or "").lower() in FORWARD_CONTEXT
    if rel in ("the", "that") and bounds[0] > a and not forward:
        bounds = _period_part(_period(a, unit, -1)[0], unit, mod)
    return _hit(m, anchor, bounds, "period_part", relative=True, guessed=rel == "that")


def resolve_ago(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """ "two years ago" (year precision), "3 days ago", "a month ago", "a decade ago"; "two or
    three years ago" spans both counts."""
    if anchor.day is None:
        return None
    n = _count(m["n"])
    unit, a = m["unit"].lower(), anchor.day
    if m["n0"] and not m["n2"] and unit != "decade":
        low = _count(m["n0"])
        near, far = _ago(a, min(low, n), unit), _ago(a, max(low, n), unit)
        return _hit(m, anchor, (far[0], near[1], "years" if unit == "year" else far[2]), "ago",
                    relative=True)  # fmt: skip
    if m["n2"]:  # "two years and four months ago": the finer unit gives the precision
        return _hit(m, anchor, _compound_ago(a, n, unit, m["n2"], m["unit2"]), "ago", relative=True)
    return _hit(m, anchor, _ago(a, n, unit), "ago", relative=True)


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw.lower()]


def _ago(a: date, n: int, unit: str) -> tuple[date, date, Precision]:
    """The period ``n`` units before ``a``."""
    if unit == "day":
        found = shift(a, -n)
        return (found, found, "day")
    if unit in ("week", "month", "year"):
        return _period(a, unit, -n)
    centre = a.year - 10 * n
    return (calendar_date(centre - 2, 1, 1), calendar_date(centre + 2, 12, 31), "years")


_MONTHS_IN = {"decade": 120, "year": 12, "month": 1}
_DAYS_IN = {"week": 7, "day": 1}


def _compound_ago(
    a: date, n: int, unit: str, raw2: str, unit2: str
) -> tuple[date, date, Precision]:
    n2 = int(raw2) if raw2.isdigit() else NUMBER_WORDS[raw2.lower()]
    unit2 = unit2.lower()
    months = n * _MONTHS_IN.get(unit, 0) + n2 * _MONTHS_IN.get(unit2, 0)
    days = n * _DAYS_IN.get(unit, 0) + n2 * _DAYS_IN.get(unit2, 0)
    if not days:
        return _period(a, "month", -months)
    total = (a.year * 12 + a.month - 1) - months
    year, month = divmod(total, 12)
    found = shift(calendar_date(year, month + 1, min(a.day, 28)), -days)
    return (found, found, "day") if unit2 == "day" else _period(found, "week", 0)


def resolve_weekday(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """ "on Friday" (the most recent Friday on or before the anchor), "last Monday",
    "Monday's meeting", "next Tuesday"."""
    rel = (m["rel"] or "").lower()
    if not (rel or m["poss"] or _bare_weekday_dates(m)) or anchor.day is None:
        return None
    weekday, a = WEEKDAYS[m["wd"].lower()], anchor.day
    if rel == "next":
        found = shift(a, (weekday - a.weekday()) % 7 or 7)
    else:
        found = weekday_before(a, weekday, strict=rel in ("last", "past"))
    ctx = "since" if rel == "since" else ""
    hit = _hit(m, anchor, (found, found, "day"), "weekday", relative=True)
    return replace(hit, ctx=ctx)


# News style dates a verb with a bare weekday ("died Saturday night", "said Tuesday").
_PART_OF_DAY = re.compile(r"\s+(?:night|morning|afternoon|evening)\b")
_NAME_AFTER = re.compile(r"\s+[A-Z]")
_VERB_BEFORE = re.compile(
    r"\b(?:\w+ed|said|says|told|died|dies|was|were|met|fled|shot|hit|struck|left|held|spoke|"
    r"made|took|came|went|gave|sent|wrote|broke|began)\s+$",
    re.IGNORECASE,
)


def _bare_weekday_dates(m: re.Match[str]) -> bool:
    """A weekday with no "on" that still dates the clause: after a verb, or before a part of
    the day. Elsewhere a bare weekday names something ("Saturday Night Live")."""
    text = m.string
    if _NAME_AFTER.match(text, m.end()):
        return False  # "Saturday Night Live", "Sunday Times"
    before = text[max(0, m.start() - 30) : m.start()]
    return bool(_PART_OF_DAY.match(text, m.end()) or _VERB_BEFORE.search(before))


def resolve_decade(m: re.Match[str], anchor: Anchor) -> Hit | None:
    """ "the 1990s", "the early 2000s"."""
    first = int(m["dec"])
    mod = (m["mod"] or "").lower()
    a, b = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(mod, (0, 9))
    return _hit(m, anchor, (date(first + a, 1, 1), date(first + b, 12, 31), "years"), "decade")


# ---- patterns ---------------------------------------------------------------------------------

_WDP = rf"(?:(?:{_WD}),?\s+)?"
_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

# Each rule: its pattern, its resolver, and the needle (see NEEDLES) a text must contain for the
# pattern to be worth running; most sentences hold no date, and the needles are cheap.
RULES: tuple[tuple[str, Resolver, str], ...] = (
    (r"(?<![\d.])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])", resolve_iso, "year"),
    (
        rf"{_NIGHT}{_WDP}{mon('m')}\s+{day('d')}\s*(?:[-–—]|\s(?i:to|and)\s)\s*"
        rf"(?:{mon('m2')}\s+)?{day('d2')}(?:,?\s+{year('y')})?",
        resolve_day_range,
        "month",
    ),
    (
        rf"{_NIGHT}{day('d')}\s*(?:[-–—]|\s(?i:to|and)\s)\s*{day('d2')}\s+(?:(?i:of)\s+)?"
        rf"{mon('m')}(?:,?\s+{year('y')})?",
        resolve_day_range,
        "month",
    ),
    (
        rf"{_WDP}{mon('m')}\s+(?:(?i:the)\s+)?{day('d')}"
        rf"(?:(?:,\s*|\s+)(?:(?i:of)\s+)?{year('y')}|{_YREL})?",
        resolve_day,
        "month",
    ),
    (
        rf"{_WDP}(?:(?i:the)\s+)?(?<!\d)(?<!\d[.,]){day('d')}\s+(?:(?i:of)\s+)?{mon('m')}"
        rf"(?:,?\s+{year('y')}|{_YREL})?",
        resolve_day,
        "month",
    ),
    (
        rf"(?:(?P<ctx>{_CTX})\s+)?(?:(?i:the)\s+)?(?:(?P<mod>{_MOD})[\s-]+)?"
        rf"(?:(?P<rel>(?i:last|this|next|past))\s+)?{mon('m', abbr=False)}"
        rf"(?:(?:,?\s+|\s+(?i:of)\s+){year('y')}|{_YREL})?(?![\s-]*\d)",
        resolve_month,
        "month",
    ),
    (
        rf"(?:(?P<ctx>(?i:in|from|between|during|since))\s+)?{year('y')}"
        rf"(?P<conn>\s*[-–—]\s*|\s+(?i:to|and|until|till|through)\s+)(?P<y2>\d{{4}}|\d{{2}})(?!\d)",
        resolve_year_range,
        "year",
    ),
    (
        rf"(?:(?P<ctx>{_CTX})\s+)?(?:(?i:the)\s+)?(?:(?P<mod>{_MOD})[\s-]+)?"
        rf"(?P<ty>(?i:the\s+year)\s+)?{year('y')}(?!\s*[-–—]\s*\d)(?!['’]?s\b)",
        resolve_year,
        "year",
    ),
    (
        r"(?:(?P<ctx>(?i:in|during|since|until|by|over|through|throughout))\s+)?"
        r"(?:(?P<rel>(?i:the|last|this|next|past))\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]+)?"
        rf"(?P<season>(?i:spring|summer|fall|autumn|winter))(?!\w)"
        rf"(?:(?:\s+(?i:of)\s+|,?\s+){year('y')})?",
        resolve_season,
        "season",
    ),
    (
        r"(?i:(?:the\s+)?day\s+before\s+yesterday|yesterday|today|tonight|last\s+night"
        r"|this\s+(?:morning|afternoon|evening))(?!\w)",
        resolve_relative_day,
        "relday",
    ),
    (
        r"(?i:(?:(?P<mod>earlier|later|early|late)\s+)?(?P<rel>last|this|next|past|previous|coming)"
        r"\s+(?P<unit>week|weekend|month|year))(?!\w)",
        resolve_relative_period,
        "period",
    ),
    (
        rf"(?:(?P<ctx>{_CTX})\s+)?(?:(?i:the)\s+)?(?P<mod>{_MOD})\s+"
        r"(?P<rel>(?i:the|this|last|next|previous|past|that))\s+(?P<unit>(?i:year|month))(?!\w)",
        resolve_period_part,
        "period",
    ),
    (
        rf"(?i:(?:(?P<n0>\d{{1,3}}|{_NUMBER})\s+(?:or|to|-|–)\s+)?"
        rf"(?P<n>\d{{1,3}}|{_NUMBER})\s+(?P<unit>day|week|month|year|decade)s?"
        rf"(?:,?\s+and\s+(?P<n2>\d{{1,3}}|{_NUMBER})\s+(?P<unit2>day|week|month)s?)?"
        r"\s+ago)(?!\w)",
        resolve_ago,
        "ago",
    ),
    (
        r"(?:(?P<rel>(?i:on|last|this|next|since|until|by|from|past))\s+)?(?:(?i:the)\s+)?"
        rf"(?P<wd>{_WD})(?P<poss>['’]s)?(?!\w)",
        resolve_weekday,
        "weekday",
    ),
    (
        r"(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?:(?i:the)\s+)?(?P<dec>(?:1[5-9]|20)\d0)['’]?s\b",
        resolve_decade,
        "year",
    ),
)

# Resolvers that return None for every match when there is no anchor: in an undated text they
# need not run their patterns at all.
NEEDS_ANCHOR: frozenset[Resolver] = frozenset(
    {
        resolve_relative_day,
        resolve_relative_period,
        resolve_period_part,
        resolve_ago,
        resolve_weekday,
    }
)

NEEDLES: dict[str, str] = {
    "month": rf"(?:{_FULL}|{_ABBR})(?!\w)",
    "year": r"\d\d\d\d",
    "season": r"(?i:spring|summer|fall|autumn|winter)",
    "relday": r"(?i:yesterday|today|tonight|night|morning|afternoon|evening)",
    "period": r"(?i:week|month|year)",
    "ago": r"(?i:\bago\b)",
    "weekday": _WD,
}
