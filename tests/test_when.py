"""Time expressions (``when.rules.v1``): table-driven cases, no-anchor cases, gold quotes."""

from __future__ import annotations

import calendar
import itertools
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from claimledger.extract.when import TimeExpression, find_times, parse_when
from claimledger.extract.when_narrative import in_narrative_year
from claimledger.extract.when_relative import in_narrative_time
from claimledger.types import TimeSpan

SAT = date(2017, 6, 17)  # a Saturday
MON = date(2020, 1, 6)  # a Monday
# shared/ lies beside the repository (in CI too: a copy beside the fresh clone).
SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed"

D = date.fromisoformat

# (text, anchor, start, end, precision)
CASES: list[tuple[str, date | None, str, str, str]] = [
    # explicit dates
    ("March 18, 2015", SAT, "2015-03-18", "2015-03-18", "day"),
    ("on October 11, 2015", SAT, "2015-10-11", "2015-10-11", "day"),
    ("18 March 2015", SAT, "2015-03-18", "2015-03-18", "day"),
    ("the 12th of March, 2015", SAT, "2015-03-12", "2015-03-12", "day"),
    ("Sept. 3, 2014", SAT, "2014-09-03", "2014-09-03", "day"),
    ("2017-05-28", SAT, "2017-05-28", "2017-05-28", "day"),
    ("in February 2015", SAT, "2015-02-01", "2015-02-28", "month"),
    ("in 2015", SAT, "2015-01-01", "2015-12-31", "year"),
    ("back in October 2005", SAT, "2005-10-01", "2005-10-31", "month"),
    ("the summer of 2014", SAT, "2014-06-01", "2014-08-31", "season"),
    ("in the 1990s", SAT, "1990-01-01", "1999-12-31", "years"),
    ("11.10.2015", SAT, "2015-10-11", "2015-10-11", "day"),
    ("10/11/2015", SAT, "2015-10-11", "2015-10-11", "day"),
    # ranges
    ("May 27-28", SAT, "2017-05-27", "2017-05-28", "day"),
    ("27-28 May 2016", SAT, "2016-05-27", "2016-05-28", "day"),
    ("from February to December 2004", SAT, "2004-02-01", "2004-12-31", "month"),
    ("from March 18 to April 22, 2015", SAT, "2015-03-18", "2015-04-22", "day"),
    ("2015-2016", SAT, "2015-01-01", "2016-12-31", "years"),
    ("2015–16", SAT, "2015-01-01", "2016-12-31", "years"),
    ("between 2015 and 2016", SAT, "2015-01-01", "2016-12-31", "years"),
    ("the night of May 27-28", SAT, "2017-05-27", "2017-05-28", "day"),
    # parts of months and years
    ("early June", SAT, "2017-06-01", "2017-06-10", "week"),
    ("mid-June", SAT, "2017-06-11", "2017-06-20", "week"),
    ("late June 2016", SAT, "2016-06-21", "2016-06-30", "week"),
    ("at the end of May", SAT, "2017-05-21", "2017-05-31", "week"),
    ("the beginning of the year", SAT, "2017-01-01", "2017-03-31", "quarter"),
    ("at the end of the year", SAT, "2016-10-01", "2016-12-31", "quarter"),
    ("late 2015", SAT, "2015-09-01", "2015-12-31", "quarter"),
    # seasons
    ("in the fall", date(2017, 6, 25), "2016-09-01", "2016-11-30", "season"),
    ("in autumn", SAT, "2016-09-01", "2016-11-30", "season"),
    ("last summer", SAT, "2016-06-01", "2016-08-31", "season"),
    ("last summer", date(2017, 10, 2), "2017-06-01", "2017-08-31", "season"),
    ("in the winter", date(2017, 1, 15), "2016-12-01", "2017-02-28", "season"),
    # relative to the anchor
    ("June 12 last year", date(2017, 6, 25), "2016-06-12", "2016-06-12", "day"),
    ("In February this year", SAT, "2017-02-01", "2017-02-28", "month"),
    ("Last June", date(2017, 6, 23), "2016-06-01", "2016-06-30", "month"),
    ("Last June", date(2017, 8, 1), "2017-06-01", "2017-06-30", "month"),
    ("last month", SAT, "2017-05-01", "2017-05-31", "month"),
    ("last month", date(2017, 1, 10), "2016-12-01", "2016-12-31", "month"),
    ("last week", SAT, "2017-06-05", "2017-06-11", "week"),
    ("on Friday", SAT, "2017-06-16", "2017-06-16", "day"),
    ("on Monday", MON, "2020-01-06", "2020-01-06", "day"),
    ("last Monday", MON, "2019-12-30", "2019-12-30", "day"),
    ("Monday's meeting", MON, "2020-01-06", "2020-01-06", "day"),
    ("yesterday", SAT, "2017-06-16", "2017-06-16", "day"),
    ("two years ago", SAT, "2015-01-01", "2015-12-31", "year"),
    ("3 days ago", SAT, "2017-06-14", "2017-06-14", "day"),
    ("earlier this month", SAT, "2017-06-01", "2017-06-17", "month"),
    ("this year", SAT, "2017-01-01", "2017-12-31", "year"),
    ("the end of last year", SAT, "2016-10-01", "2016-12-31", "quarter"),
    # a month or day without a year: the most recent one not after the anchor
    ("In October", date(2017, 6, 23), "2016-10-01", "2016-10-31", "month"),
    ("in June", SAT, "2017-06-01", "2017-06-30", "month"),
    ("on July 13", date(2017, 6, 25), "2016-07-13", "2016-07-13", "day"),
    ("On December 12", MON, "2019-12-12", "2019-12-12", "day"),
    ("(June 10)", date(2017, 6, 25), "2017-06-10", "2017-06-10", "day"),
    # open ranges and endpoints
    ("until 2009", SAT, "2009-01-01", "2009-12-31", "year"),
    ("by 2019", SAT, "2019-01-01", "2019-12-31", "year"),
    ("since 2005", SAT, "2005-01-01", "2017-06-17", "years"),
    ("since October", MON, "2019-10-01", "2020-01-06", "year"),
    ("from 2004 until 2009", SAT, "2004-01-01", "2009-12-31", "years"),
    # absolute expressions need no anchor
    ("March 18, 2015", None, "2015-03-18", "2015-03-18", "day"),
    ("in 2015", None, "2015-01-01", "2015-12-31", "year"),
    ("from February to December 2004", None, "2004-02-01", "2004-12-31", "month"),
]


@pytest.mark.parametrize(("text", "anchor", "start", "end", "precision"), CASES)
def test_expression_resolves(
    text: str, anchor: date | None, start: str, end: str, precision: str
) -> None:
    found = find_times(text, anchor=anchor)
    assert len(found) == 1, found
    span = found[0].span
    assert (span.start, span.end, span.precision) == (D(start), D(end), precision)
    assert span.estimated is False


NOT_DATES = [
    "Abu Bakr lived 63 years.",
    "The illness lasted for 15 days.",
    "His salary amounted to 6 thousand dirhams.",
    "an airstrike on a convoy of 3 cars",
    "about 2 thousand are foreigners",
    "2",
    "In 2009 words",  # "In 2009" is a date; checked below that only it is
    "a total of 2000 people",
    "up to 300 fighters and 2-3 km away",
    "Su-35 and Su-34 aircraft",
    "May Allah have mercy on him, we may never know",
    "the fall of the city",
    "his two-year stay in power",
    "for more than ten years",
    "The 2009 census",
    "from 1200 to 1500 people",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    found = find_times(text, anchor=SAT)
    if text.startswith("In 2009"):
        assert [text[e.start : e.end] for e in found] == ["In 2009"]
    else:
        assert found == []


RELATIVE = [
    "last month",
    "on Friday",
    "yesterday",
    "two years ago",
    "Last June",
    "in the fall",
    "earlier this month",
    "In October",
    "on July 13",
    "the beginning of the year",
]


@pytest.mark.parametrize("text", RELATIVE)
def test_relative_needs_anchor(text: str) -> None:
    assert find_times(text, anchor=None) == []
    assert parse_when(text, anchor=None) is None


def test_estimated_anchor_marks_relative_spans_only() -> None:
    found = find_times("in 2015 and last month", anchor=SAT, anchor_estimated=True)
    assert [(f.span.text, f.span.estimated) for f in found] == [
        ("in 2015", False),
        ("last month", True),
    ]


def test_contextual_year_is_marked_estimated() -> None:
    (found,) = find_times("On June 29 of that year", anchor=SAT)
    assert found.span.start == D("2016-06-29")
    assert found.span.estimated is True


def test_offsets_and_order() -> None:
    text = "He was held from February to December 2004, then until 2009 and released in May."
    found = find_times(text, anchor=SAT)
    assert all(isinstance(f, TimeExpression) for f in found)
    assert [text[f.start : f.end] for f in found] == [
        "from February to December 2004",
        "until 2009",
        "in May",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_parse_when_prefers_event_time_over_report_time() -> None:
    text = "The ministry said on Friday that he may have been killed near the city last month."
    span = parse_when(text, anchor=SAT)
    assert span is not None
    assert (span.start, span.end) == (D("2017-05-01"), D("2017-05-31"))


def test_parse_when_prefers_most_specific() -> None:
    span = parse_when("In 2016, on June 12, he was hit.", anchor=SAT)
    assert span is not None and span.start == D("2017-06-12")
    assert span.precision == "day"


@pytest.mark.parametrize(
    "text", ["He was killed last June.", "He died on Monday.", "He was wounded yesterday."]
)
def test_relative_dates_without_anchor_stay_unresolved(text: str) -> None:
    assert parse_when(text, anchor=None) is None
    assert parse_when(text, anchor=SAT) is not None


def test_absolute_dates_resolve_without_anchor() -> None:
    span = parse_when("He was killed on 14 January 2010.", anchor=None)
    assert span is not None and (span.start, span.end) == (D("2010-01-14"), D("2010-01-14"))


# ---- the gold claims of the sample corpus ---------------------------------------------------


def _bound(value: object, *, end: bool) -> date:
    """A gold ``when`` bound: a date, a year, "YYYY-MM", or "MM-DD (... YYYY)"."""
    if isinstance(value, date):
        return value
    if isinstance(value, int):
        return date(value, 12, 31) if end else date(value, 1, 1)
    text = str(value)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
    if m := re.match(r"(\d\d)-(\d\d) \(.*?(\d{4})\)", text):
        return date(int(m[3]), int(m[1]), int(m[2]))
    raise ValueError(f"gold when not understood: {value!r}")


def _gold_quotes() -> list[tuple[str, date | None, TimeSpan]]:
    articles = {}
    with (SEED / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            articles[record["id"]] = record
    gold = yaml.safe_load((SEED / "gold.yaml").read_text(encoding="utf-8"))
    quotes = []
    for event in gold["events"]:
        when = event.get("when")
        if when is None:
            continue
        lo, hi = (when[0], when[1]) if isinstance(when, list) else (when, when)
        span = TimeSpan(_bound(lo, end=False), _bound(hi, end=True))
        for claim in event["claims"]:
            published = articles[claim["doc"]]["published_at"]
            quotes.append((claim["text"], D(published) if published else None, span))
    return quotes


@pytest.mark.skipif(not SEED.exists(), reason="the sample corpus is not laid beside the repo")
def test_gold_claim_quotes_get_overlapping_spans() -> None:
    quotes = _gold_quotes()
    with_time = [(text, anchor, gold) for text, anchor, gold in quotes
                 if find_times(text, anchor=anchor)]  # fmt: skip
    right = [
        text
        for text, anchor, gold in with_time
        if (span := parse_when(text, anchor=anchor)) is not None and span.overlaps(gold)
    ]
    print(f"gold quotes: {len(quotes)}, with a time expression: {len(with_time)}, "
          f"overlapping the gold when: {len(right)}")  # fmt: skip
    # Measured: 18 of 21. The three misses need context beyond the quote: "on March 18" and
    # "on April 22" are 2015 from an earlier sentence; "Last week ... announced" dates the report.
    assert len(with_time) >= 21
    assert len(right) >= 18


def _times(text: str, anchor: date) -> list[TimeExpression]:
    return find_times(text, anchor=anchor, anchor_estimated=False)


def test_year_less_dates_take_the_narrative_year() -> None:
    anchor = date(2017, 6, 25)
    earlier = [_times("He was first reported dead in February 2015.", anchor)]
    moved = in_narrative_year(_times("Then again on April 22.", anchor), earlier, anchor)
    assert [(t.span.start, t.span.end) for t in moved] == [(D("2015-04-22"), D("2015-04-22"))]
    # Relative expressions keep the document date as their base.
    kept = in_narrative_year(_times("Last June he was wounded.", anchor), earlier, anchor)
    assert kept[0].span.start == D("2016-06-01")
    # No year written out earlier: nothing moves.
    plain = in_narrative_year(_times("Then again on April 22.", anchor), [], anchor)
    assert plain[0].span.start.year == 2017


def test_narrative_year_never_goes_past_the_document_date() -> None:
    anchor = date(2017, 3, 1)
    earlier = [_times("The siege ended in 2017.", anchor)]
    found = _times("On December 3 he was arrested.", anchor)
    assert in_narrative_year(found, earlier, anchor) == found


NARRATIVE = [
    ("In the next month he was wounded.", "2011-05-01", "2011-05-31", "month"),
    ("The following month the town fell.", "2011-05-01", "2011-05-31", "month"),
    ("A month later he was arrested.", "2011-05-01", "2011-05-31", "month"),
    ("Two days later he was released.", "2011-04-11", "2011-04-11", "day"),
    ("He was detained the same day.", "2011-04-09", "2011-04-09", "day"),
    ("The day before, the convoy was hit.", "2011-04-08", "2011-04-08", "day"),
    ("The following year he was tried.", "2012-01-01", "2012-12-31", "year"),
    ("That year he fled abroad.", "2011-01-01", "2011-12-31", "year"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), NARRATIVE)
def test_narrative_relatives_count_from_the_narrated_date(
    text: str, start: str, end: str, precision: str
) -> None:
    anchor = date(2019, 8, 20)
    earlier = [_times("The first report came on April 9, 2011.", anchor)]
    found = in_narrative_time(text, _times(text, anchor), earlier, anchor)
    assert [(t.span.start, t.span.end, t.span.precision) for t in found] == [
        (D(start), D(end), precision)
    ]


def test_narrative_relatives_without_a_narrated_date_use_the_document_date() -> None:
    anchor = date(2019, 8, 20)
    found = in_narrative_time("The following month he left.", [], [], anchor)
    assert [(t.span.start, t.span.end) for t in found] == [(D("2019-09-01"), D("2019-09-30"))]


def test_a_reports_own_future_and_longer_expressions_are_kept() -> None:
    anchor = date(2019, 8, 20)
    earlier = [_times("The first report came on April 9, 2011.", anchor)]
    text = "The trial will open next month."
    found = in_narrative_time(text, _times(text, anchor), earlier, anchor)
    assert found[0].span.start == D("2019-09-01")
    for text in ("He died the day before yesterday.", "He left two days before the vote."):
        assert in_narrative_time(text, _times(text, anchor), earlier, anchor) == _times(
            text, anchor
        )
    # A coarse narrated date cannot give a day: "the next day" after "in 2011" is left alone.
    coarse = [_times("It began in 2011.", anchor)]
    assert in_narrative_time("The next day he fled.", [], coarse, anchor) == []


def test_compound_ago_counts_both_units() -> None:
    (found,) = find_times("He died two years and four months ago.", anchor=date(2015, 8, 31))
    assert (found.span.start, found.span.end) == (date(2013, 4, 1), date(2013, 4, 30))
    assert found.span.precision == "month"


def test_a_bare_year_dates_the_event_noun_it_modifies() -> None:
    (found,) = find_times("After the 2011 death of Karim Haddad, ...", anchor=date(2019, 9, 14))
    assert (found.span.start, found.span.end) == (date(2011, 1, 1), date(2011, 12, 31))
    assert find_times("They counted 2000 people.", anchor=date(2019, 9, 14)) == []
