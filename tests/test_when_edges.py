"""Time expressions at the ends of the calendar: an anchor of 0001-01-01 or 9999-12-31, or an
offset that reaches past them ("999 decades ago"), leaves the phrase undated and never raises."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.when import find_times
from claimledger.extract.when_narrative import in_narrative_year
from claimledger.extract.when_relative import in_narrative_time

# Phrases of every relative rule (days, weeks, weekends, months, seasons, years, decades,
# weekdays, parts of periods, compound "ago", narrative "the next day").
PHRASES = [
    "yesterday",
    "the day before yesterday",
    "last night",
    "today",
    "last week",
    "next week",
    "last weekend",
    "next month",
    "last month",
    "early next year",
    "late last year",
    "next year",
    "last year",
    "earlier this year",
    "the end of next year",
    "the beginning of the year",
    "the end of last month",
    "last June",
    "next June",
    "in June",
    "June 12 last year",
    "June 12 next year",
    "May 30 - June 2",
    "December 30 - January 2",
    "last summer",
    "next winter",
    "this winter",
    "in the fall",
    "last Monday",
    "next Tuesday",
    "on Friday",
    "3 days ago",
    "999 days ago",
    "999 weeks ago",
    "999 months ago",
    "999 years ago",
    "999 decades ago",
    "a decade ago",
    "two years and four months ago",
    "999 years and 11 months ago",
    "999 weeks and 6 days ago",
    "the next day",
    "two days later",
    "a week later",
    "the following month",
    "a year later",
    "the year before",
]
EDGES = [date.min, date.min + timedelta(days=3), date(1, 6, 15), date.max, date(9999, 6, 15)]


@pytest.mark.parametrize("anchor", EDGES, ids=str)
@pytest.mark.parametrize("phrase", PHRASES)
def test_relative_phrases_at_the_calendar_ends_never_raise(phrase: str, anchor: date) -> None:
    text = f"Jane Roe was killed {phrase}, the ministry said."
    for found in (find_times(text, anchor=anchor),):
        for expression in found:
            assert date.min <= expression.span.start <= expression.span.end <= date.max


def test_an_ordinary_anchor_still_resolves_the_same_phrases() -> None:
    # The calendar checks must not cost ordinary dates anything.
    [yesterday] = find_times("killed yesterday", anchor=date(2020, 5, 10))
    assert yesterday.span.start == date(2020, 5, 9)
    [decade] = find_times("killed a decade ago", anchor=date(2020, 5, 10))
    assert decade.span.start.year == 2008
    assert find_times("killed 999 decades ago", anchor=date(2020, 5, 10)) == []


def test_yesterday_before_the_first_day_is_undated() -> None:
    assert find_times("killed yesterday", anchor=date.min) == []
    assert find_times("tried next year", anchor=date.max) == []


@settings(max_examples=300, deadline=None)
@given(
    anchor=st.dates(),
    phrases=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3),
)
def test_narrative_time_never_raises(anchor: date, phrases: list[str]) -> None:
    sentences = [f"He was seen {p} in the town." for p in phrases]
    earlier: list[list] = []
    for text in sentences:
        found = find_times(text, anchor=anchor)
        found = in_narrative_year(found, earlier, anchor)
        earlier.append(in_narrative_time(text, found, earlier, anchor))
