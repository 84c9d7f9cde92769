"""The person page's timeline chart: where each event's mark goes, computed server-side.

The geometry is plain data (``Chart``); the template draws it as inline SVG, so the chart
needs no JavaScript and every mark is an ordinary link to its event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from claimledger.types import Event, TimeSpan

WIDTH = 900
LEFT = 80  # room for the row labels
RIGHT = 30
TOP = 24
LANE = 26  # vertical distance between stacked marks
MIN_GAP = 18  # marks closer than this (px) go to separate lanes
STATUS_ORDER = ("confirmed", "refuted", "disputed", "unverified")


@dataclass(frozen=True, slots=True)
class Mark:
    event_id: str
    status: str
    predicate: str
    x: float
    y: float
    x_start: float  # the event's time span, drawn as a bar behind the mark
    x_end: float
    label: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    axis_y: float
    undated_y: float | None
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    statuses: tuple[str, ...] = STATUS_ORDER


def span_label(span: TimeSpan | None) -> str:
    """A time span as a reader says it: "2017-05-28", "May 2017", "2015", or a range."""
    if span is None:
        return "undated"
    if span.start == span.end:
        return span.start.isoformat()
    if span.precision == "month":
        return span.start.strftime("%B %Y")
    if span.precision == "year" and span.start.year == span.end.year:
        return str(span.start.year)
    return f"{span.start.isoformat()} to {span.end.isoformat()}"


def mark_label(event: Event) -> str:
    """What a mark says to a screen reader and in its tooltip."""
    where = f" in {event.where}" if event.where else ""
    return f"{event.predicate}{where}, {span_label(event.when)}: {event.status}"


def _year_range(events: Sequence[Event]) -> tuple[date, date]:
    spans = [e.when for e in events if e.when is not None]
    first = min(s.start for s in spans).year
    last = max(s.end for s in spans).year
    return date(first, 1, 1), date(last + 1, 1, 1)


def _ticks(first: date, last: date, scale: float) -> tuple[Tick, ...]:
    years = last.year - first.year
    step = 1 if years <= 12 else 5 if years <= 60 else 10
    return tuple(
        Tick(LEFT + (date(y, 1, 1) - first).days * scale, str(y))
        for y in range(first.year, last.year + 1)
        if (y - first.year) % step == 0
    )


def _lanes(xs: Sequence[float]) -> list[int]:
    """Greedy lanes: each mark goes to the first lane whose last mark is far enough left."""
    ends: list[float] = []
    lanes = []
    for x in xs:
        lane = next((i for i, end in enumerate(ends) if x - end >= MIN_GAP), len(ends))
        if lane == len(ends):
            ends.append(x)
        ends[lane] = x
        lanes.append(lane)
    return lanes


def timeline_chart(events: Sequence[Event]) -> Chart:
    """Marks for dated events along a time axis with year ticks; undated ones in a row below."""
    dated = sorted((e for e in events if e.when is not None), key=_midpoint)
    undated = [e for e in events if e.when is None]
    marks: list[Mark] = []
    axis_y = float(TOP)
    ticks: tuple[Tick, ...] = ()
    if dated:
        first, last = _year_range(dated)
        scale = (WIDTH - LEFT - RIGHT) / max((last - first).days, 1)

        def x_of(day: date) -> float:
            return LEFT + (day - first).days * scale

        xs = [x_of(_midpoint(e)) for e in dated]
        lanes = _lanes(xs)
        for event, x, lane in zip(dated, xs, lanes, strict=True):
            span = event.when
            assert span is not None  # dated events only
            y = TOP + lane * LANE
            marks.append(_mark(event, x, y, x_of(span.start), x_of(span.end)))
        axis_y = TOP + (max(lanes) + 1) * LANE
        ticks = _ticks(first, last, scale)
    undated_y = axis_y + 2 * LANE if undated else None
    # Undated marks sit side by side, squeezed together only when there are very many.
    step = min(24.0, (WIDTH - LEFT - RIGHT - 24) / max(len(undated), 1))
    for i, event in enumerate(undated):
        x = LEFT + 12 + i * step
        marks.append(_mark(event, x, undated_y or 0.0, x, x))
    height = int((undated_y if undated_y is not None else axis_y + LANE) + LANE)
    return Chart(WIDTH, height, axis_y, undated_y, tuple(marks), ticks)


def _midpoint(event: Event) -> date:
    span = event.when
    assert span is not None
    return date.fromordinal((span.start.toordinal() + span.end.toordinal()) // 2)


def _mark(event: Event, x: float, y: float, x_start: float, x_end: float) -> Mark:
    return Mark(
        event.id,
        event.status,
        event.predicate,
        round(x, 1),
        round(y, 1),
        round(x_start, 1),
        round(x_end, 1),
        mark_label(event),
    )
