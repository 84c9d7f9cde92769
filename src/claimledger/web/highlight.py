"""Quotes highlighted in their paragraphs, by the claims' character offsets.

A document's text is cut into paragraphs (at line breaks) and each paragraph into segments,
each segment knowing which claims cover it; the template wraps covered segments in ``<mark>``.
Text stays text: the template escapes it, so markup in a document is shown, never run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    key: str  # what the segment links to (a claim id)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    keys: tuple[str, ...] = ()  # the spans covering this segment, in span order


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    segments: tuple[Segment, ...]


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph, split at line breaks."""
    bounds = []
    position = 0
    for found in _BREAK.finditer(text):
        if text[position : found.start()].strip():
            bounds.append((position, found.start()))
        position = found.end()
    if text[position:].strip():
        bounds.append((position, len(text)))
    return bounds


def _segments(text: str, start: int, end: int, spans: Sequence[Span]) -> tuple[Segment, ...]:
    inside = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    cuts = sorted(
        {start, end, *(min(max(p, start), end) for s in inside for p in (s.start, s.end))}
    )
    segments = []
    for left, right in pairwise(cuts):
        keys = tuple(s.key for s in inside if s.start <= left and s.end >= right)
        segments.append(Segment(text[left:right], keys))
    return tuple(segments)


def paragraphs(text: str, spans: Iterable[Span]) -> list[Paragraph]:
    """Every paragraph of ``text`` cut into segments by the spans (clipped to the text)."""
    clipped = [Span(max(s.start, 0), min(s.end, len(text)), s.key) for s in spans]
    return [Paragraph(a, b, _segments(text, a, b, clipped)) for a, b in paragraph_bounds(text)]


def paragraph_with(text: str, span: Span) -> Paragraph | None:
    """The paragraph(s) holding one span, with the span marked; None when out of the text."""
    if span.start >= len(text) or span.end <= 0:
        return None
    touched = [(a, b) for a, b in paragraph_bounds(text) if a < span.end and b > span.start]
    if not touched:
        return None
    start, end = touched[0][0], touched[-1][1]
    clipped = Span(max(span.start, 0), min(span.end, len(text)), span.key)
    return Paragraph(start, end, _segments(text, start, end, [clipped]))
