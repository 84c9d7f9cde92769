"""Narrative time: a date written without its year takes the year the paragraph is telling.

News timelines give the year once and then only months and days: "... was only in February
2015. Then he was killed on March 18. Then - again on April 22." Read against the document
date, "March 18" would be the latest March 18 before publication; in the paragraph it is
March 18 of the year the narration is in. So a day or month without a year of its own, and
without a relative word ("last", "next", "this"), moves to the latest year written out in full
earlier in the same paragraph, unless that would put it after the document date, or the day
falls in the two weeks before the document date (news of the week, not of the year recalled).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from datetime import date, timedelta

from claimledger.extract.when import TimeExpression

logger = logging.getLogger(__name__)

_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_RELATIVE = re.compile(
    r"\b(?:last|next|this|coming|past|previous|following|ago|yesterday|today|tomorrow|"
    r"tonight|later|earlier|since|recent|recently)\b",
    re.IGNORECASE,
)
_PRECISIONS = frozenset({"day", "week", "month"})
# A day this close before the document date is news, whatever year the paragraph recalls.
RECENT = timedelta(days=14)


def narrative_year(earlier: Sequence[Sequence[TimeExpression]]) -> int | None:
    """The year of the latest expression that writes its year out, in earlier sentences."""
    for sentence in reversed(earlier):
        for expression in reversed(sentence):
            if _YEAR.search(expression.span.text):
                return expression.span.end.year
    return None


def in_narrative_year(
    found: list[TimeExpression],
    earlier: Sequence[Sequence[TimeExpression]],
    anchor: date | None,
) -> list[TimeExpression]:
    """``found`` (one sentence's expressions) with year-less dates moved to the narrative year."""
    year = narrative_year(earlier)
    if year is None:
        return found
    return [_moved(t, year, anchor) for t in found]


def _moved(expression: TimeExpression, year: int, anchor: date | None) -> TimeExpression:
    span = expression.span
    if span.precision not in _PRECISIONS or span.start.year == year:
        return expression
    if _YEAR.search(span.text) or _RELATIVE.search(span.text):
        return expression
    if span.start.year != span.end.year:
        return expression
    if anchor is not None and timedelta(0) <= anchor - span.end <= RECENT:
        return expression  # "died on December 17" in the paper of the 19th: this December
    try:
        start, end = span.start.replace(year=year), span.end.replace(year=year)
    except ValueError:  # February 29 in a year without one
        return expression
    if anchor is not None and start > anchor:
        return expression
    return dataclasses.replace(expression, span=dataclasses.replace(span, start=start, end=end))
