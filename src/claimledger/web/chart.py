"""The person page's timeline charts: where each mark goes, computed on the server.

The geometry is plain data; the templates draw it as inline SVG, so the charts need no
JavaScript and every mark is an ordinary link to its event. Two layouts of the same data:

- ``timeline_chart``: wide screens. One row per kind of event (deaths, custody, wounds, ...),
  time running right, a strip of claims per month under the rows, undated events in a column
  at the right end;
- ``vertical_chart``: narrow screens (a phone). Time running down, one column per kind, the
  monthly strip as a last column; it fits 340 px without sideways scrolling.

Both share one time scale (``TimeScale``) that gives the years with events equal room and
squeezes every run of empty years into a short break, so eighteen marks in three years are not
crowded into a tenth of the width while a gap of a decade takes the rest.

Marks are told apart by shape as well as colour (confirmed: disc, refuted: square, disputed:
diamond, unverified: ring; the colours are a colour-blind-safe set, see ``style.css``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from claimledger.ledger import kind_of
from claimledger.types import Claim, Event, TimeSpan

STATUS_ORDER = ("confirmed", "refuted", "disputed", "unverified")
# Rows in a reader's order: the event a ledger is about first.
KIND_ORDER = (
    "death", "wounded", "poisoned", "custody", "released", "charged", "tried", "convicted",
    "sentenced", "appointed", "moved", "alive",
)  # fmt: skip
KIND_LABELS = {"death": "killed/died", "custody": "captured/held", "alive": "seen alive"}

# Wide layout (SVG user units; the SVG scales to the page width).
WIDTH = 900
LEFT = 104  # room for the row labels
UNDATED_W = 76  # the undated column at the right
RIGHT = 12
TOP = 14
ROW = 40  # height of one kind's row
STRIP = 34  # height of the claims-per-month strip
AXIS_GAP = 22  # room for the year labels
BREAK = 22  # room a run of empty years shrinks to
MIN_GAP = 15  # marks closer than this (px) in one row are nudged apart
NUDGE = 9  # how far a nudged mark moves up or down

# Narrow layout.
V_WIDTH = 340
V_LEFT = 46  # room for the year labels
V_TOP = 100  # room for the column labels (upright)
V_YEAR = 96  # height of a year with two marks (a quiet year: half)
V_STRIP_W = 40  # the claims-per-month column


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
    x: float  # in the vertical layout, the y of the tick
    label: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A run of empty years squeezed into a break: where it is and which years it hides."""

    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Row:
    """One kind's row (wide) or column (narrow): its label and position."""

    kind: str
    label: str
    at: float  # the row's centre y (wide) or the column's centre x (narrow)


@dataclass(frozen=True, slots=True)
class Bar:
    """One month of the claims strip: where it is drawn, how many claims, its label."""

    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    axis_y: float
    undated_y: float | None  # kept for older templates: the y of the first undated mark
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    statuses: tuple[str, ...] = STATUS_ORDER
    rows: tuple[Row, ...] = ()
    gaps: tuple[Gap, ...] = ()
    bars: tuple[Bar, ...] = ()
    strip_y: float = 0.0
    undated_x: float | None = None  # left edge of the undated column
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    vertical: bool = False


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


def _midpoint(span: TimeSpan) -> date:
    return date.fromordinal((span.start.toordinal() + span.end.toordinal()) // 2)


class TimeScale:
    """Dates to positions along ``[start, end]``: every year with something in it gets room,
    more for a year with many marks (``weights``: up to four times a quiet year's), and each
    run of two or more empty years between them becomes a break."""

    def __init__(
        self,
        years: Iterable[int],
        start: float,
        end: float,
        weights: dict[int, float] | None = None,
    ) -> None:
        active = sorted(set(years))
        runs: list[list[int]] = []
        for year in active:
            if runs and year - runs[-1][-1] <= 2:  # one empty year is kept, not broken
                runs[-1].extend(range(runs[-1][-1] + 1, year + 1))
            else:
                runs.append([year])
        self.runs = runs
        weight = {y: (weights or {}).get(y, 1.0) for run in runs for y in run}
        total = sum(weight.values()) or 1.0
        unit = (end - start - BREAK * max(len(runs) - 1, 0)) / total
        self.widths = {y: w * unit for y, w in weight.items()}
        self.offsets: dict[int, float] = {}
        self.gaps: list[Gap] = []
        at = start
        for i, run in enumerate(runs):
            if i:
                hidden = (runs[i - 1][-1] + 1, run[0] - 1)
                text = str(hidden[0]) if hidden[0] == hidden[1] else f"{hidden[0]}–{hidden[1]}"
                self.gaps.append(Gap(round(at + BREAK / 2, 1), text))
                at += BREAK
            for year in run:
                self.offsets[year] = at
                at += self.widths[year]

    def __call__(self, day: date) -> float:
        """The position of a day (a day in a hidden year goes to its break's edge)."""
        base = self.offsets.get(day.year)
        if base is None:
            later = [y for y in self.offsets if y > day.year]
            year = min(later) if later else max(self.offsets)
            return self.offsets[year] if later else self.offsets[year] + self.widths[year]
        days = 366 if day.year % 4 == 0 and (day.year % 100 or day.year % 400 == 0) else 365
        return base + (day.timetuple().tm_yday - 1) / days * self.widths[day.year]

    def ticks(self) -> tuple[Tick, ...]:
        """A tick at the start of each year shown, leaving out one too close to the last."""
        ticks: list[Tick] = []
        for year, x in self.offsets.items():
            if not ticks or x - ticks[-1].x >= 30:
                ticks.append(Tick(round(x, 1), str(year)))
        return tuple(ticks)


def _weights(events: Sequence[Event]) -> dict[int, float]:
    """Room per year: a quiet year 1, one more for every two marks, at most 4."""
    marks = Counter(_midpoint(e.when).year for e in events if e.when is not None)
    return {year: 1.0 + min(3.0, n / 2) for year, n in marks.items()}


def _years(events: Sequence[Event], claims: Sequence[Claim]) -> set[int]:
    """The years to give room to: each dated event's start and end years and the years of a
    span of up to three years, and the years of the claims in the strip."""
    years: set[int] = set()
    for event in events:
        if event.when is None:
            continue
        first, last = event.when.start.year, event.when.end.year
        years.update(range(first, last + 1) if last - first <= 3 else (first, last))
    years.update(c.when.start.year for c in claims if c.when is not None)
    return years


def _kinds(events: Sequence[Event]) -> list[str]:
    present = {kind_of(e.predicate) for e in events}
    return [k for k in KIND_ORDER if k in present] + sorted(present - set(KIND_ORDER))


def _nudges(positions: Sequence[float]) -> list[float]:
    """Offsets across the row for marks too close along it: 0, then up, then down."""
    placed: list[tuple[float, float]] = []
    out = []
    for pos in positions:
        for offset in (0.0, -NUDGE, NUDGE, -2 * NUDGE, 2 * NUDGE):
            if all(abs(pos - p) >= MIN_GAP or o != offset for p, o in placed):
                break
        placed.append((pos, offset))
        out.append(offset)
    return out


def monthly_counts(claims: Iterable[Claim]) -> Counter[tuple[int, int]]:
    """Claims per (year, month) of the date they report (undated claims left out)."""
    return Counter((c.when.start.year, c.when.start.month) for c in claims if c.when)


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def timeline_chart(events: Sequence[Event], claims: Sequence[Claim] = ()) -> Chart:
    """The wide layout (see the module docstring)."""
    kinds = _kinds(events)
    rows = tuple(
        Row(k, KIND_LABELS.get(k, k), TOP + ROW * i + ROW / 2) for i, k in enumerate(kinds)
    )
    row_of = {r.kind: r.at for r in rows}
    has_undated = any(e.when is None for e in events)
    right = WIDTH - RIGHT - (UNDATED_W if has_undated else 0)
    years = _years(events, claims)
    scale = TimeScale(years, LEFT, right, _weights(events)) if years else None
    marks: list[Mark] = []
    for kind in kinds:
        mine = [e for e in events if kind_of(e.predicate) == kind]
        dated = sorted((e for e in mine if e.when), key=lambda e: _midpoint(e.when))  # type: ignore[arg-type]
        if scale is not None:
            xs = [scale(_midpoint(e.when)) for e in dated]  # type: ignore[arg-type]
            for event, x, nudge in zip(dated, xs, _nudges(xs), strict=True):
                span = event.when
                assert span is not None
                y = row_of[kind] + nudge
                marks.append(_mark(event, x, y, scale(span.start), scale(span.end)))
        undated = [e for e in mine if e.when is None]
        for i, event in enumerate(undated):
            x = right + 14 + (i % 4) * 16
            y = row_of[kind] + (i // 4) * NUDGE
            marks.append(_mark(event, x, y, x, x))
    axis_y = TOP + ROW * len(kinds)
    strip_y = axis_y + AXIS_GAP + 6
    bars = _strip(claims, scale, strip_y) if scale is not None else ()
    height = int(strip_y + STRIP + 8)
    return Chart(
        WIDTH,
        height,
        axis_y,
        TOP + ROW / 2 if has_undated else None,
        tuple(marks),
        scale.ticks() if scale else (),
        rows=rows,
        gaps=tuple(scale.gaps) if scale else (),
        bars=bars,
        strip_y=strip_y,
        undated_x=right + 4 if has_undated else None,
        plot_left=LEFT,
        plot_right=right,
    )


def _strip(claims: Sequence[Claim], scale: TimeScale, top: float) -> tuple[Bar, ...]:
    counts = monthly_counts(claims)
    most = max(counts.values(), default=0)
    bars = []
    for (year, month), count in sorted(counts.items()):
        x0, x1 = scale(date(year, month, 1)), scale(_month_end(year, month))
        x1 = max(x1, x0 + 2.0)
        height = max(3.0, STRIP * count / most)
        label = f"{date(year, month, 1):%B %Y}: {count} claim{'s' if count != 1 else ''}"
        bars.append(
            Bar(round(x0, 1), round(top + STRIP - height, 1), round(x1 - x0, 1),
                round(height, 1), count, label)
        )  # fmt: skip
    return tuple(bars)


def vertical_chart(events: Sequence[Event], claims: Sequence[Claim] = ()) -> Chart:
    """The narrow layout: time runs down, one column per kind, the strip as a last column."""
    kinds = _kinds(events)
    columns = max(len(kinds), 1)
    inner = V_WIDTH - V_LEFT - V_STRIP_W - 8
    col_w = inner / columns
    rows = tuple(
        Row(k, KIND_LABELS.get(k, k), V_LEFT + col_w * i + col_w / 2) for i, k in enumerate(kinds)
    )
    col_of = {r.kind: r.at for r in rows}
    years = _years(events, claims)
    weights = _weights(events)
    runs = TimeScale(years, 0, 1).runs if years else []
    room = sum(weights.get(y, 1.0) for run in runs for y in run)
    length = V_YEAR * room / 2 + BREAK * max(len(runs) - 1, 0)
    scale = TimeScale(years, V_TOP, V_TOP + length, weights) if years else None
    has_undated = any(e.when is None for e in events)
    bottom = V_TOP + length
    undated_y = bottom + 28 if has_undated else None
    marks: list[Mark] = []
    for kind in kinds:
        mine = [e for e in events if kind_of(e.predicate) == kind]
        dated = sorted((e for e in mine if e.when), key=lambda e: _midpoint(e.when))  # type: ignore[arg-type]
        if scale is not None:
            ys = [scale(_midpoint(e.when)) for e in dated]  # type: ignore[arg-type]
            for event, y, nudge in zip(dated, ys, _nudges(ys), strict=True):
                span = event.when
                assert span is not None
                x = col_of[kind] + max(min(nudge, col_w / 2 - 8), -(col_w / 2 - 8))
                marks.append(_mark(event, x, y, scale(span.start), scale(span.end)))
        for i, event in enumerate(e for e in mine if e.when is None):
            y = (undated_y or 0.0) + i * 18
            marks.append(_mark(event, col_of[kind], y, y, y))
    most_undated = max(
        (sum(1 for e in events if e.when is None and kind_of(e.predicate) == k) for k in kinds),
        default=0,
    )
    height = int((undated_y + 18 * max(most_undated - 1, 0) if undated_y else bottom) + 24)
    bars = _vertical_strip(claims, scale) if scale is not None else ()
    return Chart(
        V_WIDTH,
        height,
        bottom,
        undated_y,
        tuple(marks),
        scale.ticks() if scale else (),
        rows=rows,
        gaps=tuple(scale.gaps) if scale else (),
        bars=bars,
        strip_y=V_WIDTH - V_STRIP_W,
        plot_left=V_TOP,
        plot_right=bottom,
        vertical=True,
    )


def _vertical_strip(claims: Sequence[Claim], scale: TimeScale) -> tuple[Bar, ...]:
    counts = monthly_counts(claims)
    most = max(counts.values(), default=0)
    left = V_WIDTH - V_STRIP_W
    bars = []
    for (year, month), count in sorted(counts.items()):
        y0, y1 = scale(date(year, month, 1)), scale(_month_end(year, month))
        y1 = max(y1, y0 + 2.0)
        width = max(3.0, (V_STRIP_W - 4) * count / most)
        label = f"{date(year, month, 1):%B %Y}: {count} claim{'s' if count != 1 else ''}"
        bars.append(Bar(left, round(y0, 1), round(width, 1), round(y1 - y0, 1), count, label))
    return tuple(bars)


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
