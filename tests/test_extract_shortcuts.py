"""The rule layer's shortcuts give what the long way gives.

Each shortcut skips work that cannot change a result: slicing a Doc's text instead of joining
its tokens, not running date rules that need an anchor on an undated text, gating the narrative
patterns on a unit word, and walking only the quotation marks of a text.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from claimledger.extract import quotes, when, when_relative
from claimledger.extract.spans import doc_text, span_text
from claimledger.extract.when_rules import NEEDS_ANCHOR, Anchor

DATED = (
    "Yesterday and the day before yesterday, last night, this morning; last week, next "
    "month, earlier this year, late last year, the end of the year, the beginning of the "
    "month, two years ago, 3 days ago, a decade ago, on Friday, last Monday, Tuesday's raid, "
    "since Sunday, in October 2015, on May 27-28, 2017, from 2004 to 2009, the 1990s, "
    "11.10.2015, in the fall of 2014."
)


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


@pytest.mark.parametrize(
    "text",
    [
        'He was killed in Raqqa.  It was   reported (on Friday) by "the agency".',
        "A line\nand another\n\n after a blank line, ending in spaces   ",
        "One",
    ],
)
def test_span_text_is_span_text(blank: spacy.language.Language, text: str) -> None:
    doc = blank(text)
    assert doc_text(doc) == doc.text
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            span = doc[start:end]
            assert span_text(span) == span.text


def test_anchor_rules_give_nothing_without_an_anchor() -> None:
    skipped = [rule for rule in when._compiled_rules() if rule[1] in NEEDS_ANCHOR]
    assert skipped, "the anchor rules are still in the rule set"
    matched = 0
    for pattern, resolver, _ in skipped:
        for m in pattern.finditer(DATED):
            matched += 1
            assert resolver(m, Anchor(None)) is None
            assert resolver(m, Anchor(date(2020, 5, 5))) is not None
    assert matched >= len(skipped)


def test_estimate_runs_only_rules_that_can_hit() -> None:
    """Without an anchor, the hits are those of every rule (skipped ones give None)."""
    undated = Anchor(None)
    everything = [
        hit
        for pattern, resolver, _ in when._compiled_rules()
        for m in pattern.finditer(DATED)
        if (hit := resolver(m, undated)) is not None
    ]
    collected = when._collect(DATED, undated)
    assert collected and {(h.start, h.end) for h in collected} <= {
        (h.start, h.end) for h in everything
    }
    # Only the expressions that carry their own year resolve without an anchor.
    assert [t.span.text for t in when.find_times(DATED, anchor=None)] == [
        "in October 2015",
        "May 27-28, 2017",
        "from 2004 to 2009",
        "the 1990s",
        "11.10.2015",
        "in the fall of 2014",
    ]


def test_narrative_patterns_all_name_a_unit() -> None:
    samples = "the next month, two days earlier, that year, the day before, a week later."
    for pattern in when_relative._PATTERNS:
        for m in pattern.finditer(samples):
            assert when_relative._UNITS.search(m.group(0))
    assert when_relative._relatives("He left the next morning, a while later.") == []
    assert [r.unit for r in when_relative._relatives("He left the next month.")] == ["month"]


def _quotation_spans_char_by_char(text: str) -> list[tuple[int, int]]:
    """The quotation scan as it read every character before it walked the marks alone."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, char in enumerate(text):
        if stack and i - stack[0] > quotes.MAX_QUOTE:
            stack.clear()
        if char in quotes._OPENERS or (char == quotes._STRAIGHT and not stack):
            stack.append(i)
        elif (char in quotes._CLOSERS or char == quotes._STRAIGHT) and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    return [(s, e) for s, e in spans if len(text[s:e].split()) >= quotes.MIN_WORDS]


_PIECES = st.sampled_from(['"', "“", "”", "«", "»", "„", " word", " a b c d e f g h i", "x" * 700])


@given(st.lists(_PIECES, max_size=40))
def test_quotation_marks_walk_as_every_character(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = [(q.start, q.end) for q in quotes.find_quotations(text)]
    assert found == _quotation_spans_char_by_char(text)


def test_quotation_marks_pattern_covers_every_mark() -> None:
    marks = {*quotes._OPENERS, *quotes._CLOSERS, quotes._STRAIGHT}
    assert {m.group() for m in quotes._MARKS.finditer("".join(sorted(marks)) + "'’ab")} == marks
    assert re.fullmatch(quotes._MARKS, "x") is None
