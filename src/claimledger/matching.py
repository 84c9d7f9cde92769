"""Why `check` says a claim matches a stored event, resembles some, or is new.

A checked claim is compared with each of the person's events of the same kind on the criteria a
fact-checker weighs, and every comparison says what it found:

- subject: the same person (the entity the claim's subject resolved to);
- kind: the same kind of event (``killed`` and ``died`` are both a death);
- date: the claim's and the event's dates overlap, differ, or one is undated;
- place: both name a place and they match or differ, or one names none;
- claimant: the claim's origin is among the event's origins.

The claim is the *same event* when the dates overlap and the places do not differ. It only
*resembles* an event when they agree on the place but the dates differ or one is undated, or
when the claim is undated and the same origin told of the event: "resembles ... but undated",
never "seen before" on the kind alone. Otherwise the event is not listed as a match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from claimledger.ledger import kind_of, places_match, spans_compatible
from claimledger.types import Claim, Entity, Event, TimeSpan

Level = Literal["same", "resembles"]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One comparison: its name, whether it holds (None: cannot tell) and what was found."""

    name: str
    met: bool | None
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "met": self.met, "text": self.text}


@dataclass(frozen=True, slots=True)
class EventMatch:
    """A stored event a checked claim matches (``same``) or only resembles, and why."""

    event: Event
    level: Level
    criteria: tuple[Criterion, ...]

    @property
    def why(self) -> str:
        return "; ".join(c.text for c in self.criteria)

    def as_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event.id,
            "level": self.level,
            "why": self.why,
            "criteria": [c.as_dict() for c in self.criteria],
        }


def span_text(span: TimeSpan | None) -> str:
    if span is None:
        return "undated"
    if span.start == span.end:
        return span.start.isoformat()
    return f"{span.start.isoformat()} to {span.end.isoformat()}"


def _date(claim: Claim, event: Event) -> Criterion:
    if claim.when is None:
        return Criterion("date", None, "the claim is undated")
    if event.when is None:
        return Criterion("date", None, "the event is undated")
    if spans_compatible(claim.when, event.when):
        return Criterion("date", True, f"dates overlap ({span_text(claim.when)})")
    return Criterion(
        "date", False, f"different dates ({span_text(claim.when)}, not {span_text(event.when)})"
    )


def _place(claim: Claim, event: Event) -> Criterion:
    if not claim.where:
        return Criterion("place", None, "the claim names no place")
    if not event.where:
        return Criterion("place", None, "the event names no place")
    if places_match(claim.where, event.where):
        return Criterion("place", True, f"same place ({event.where})")
    return Criterion("place", False, f"different places ({claim.where}, not {event.where})")


def _claimant(origin_key: str, label: str, event_origin_keys: Iterable[str]) -> Criterion:
    if origin_key in set(event_origin_keys):
        return Criterion("claimant", True, f"{label} told of it before")
    return Criterion("claimant", None, f"{label} is not among its origins")


def compare(
    claim: Claim,
    event: Event,
    *,
    entity: Entity,
    origin_key: str,
    origin_label: str,
    event_origin_keys: Sequence[str],
) -> EventMatch | None:
    """The match of one claim with one event of its person (None: neither same nor alike)."""
    if kind_of(claim.predicate) != kind_of(event.predicate):
        return None
    written = f", written “{claim.subject}”" if claim.subject != entity.name else ""
    subject = Criterion("subject", True, f"same person ({entity.name}{written})")
    kind = Criterion("kind", True, f"same kind ({kind_of(event.predicate)})")
    date, place = _date(claim, event), _place(claim, event)
    claimant = _claimant(origin_key, origin_label, event_origin_keys)
    criteria = (subject, kind, date, place, claimant)
    if place.met is False:
        return None
    if date.met is True:
        return EventMatch(event, "same", criteria)
    if place.met is True or (date.met is None and claimant.met is True):
        return EventMatch(event, "resembles", criteria)
    return None


def verdict_text(matches: Sequence[EventMatch], claim: Claim, same_kind: int) -> str:
    """The headline word for a finding: seen before, resembles ..., or new."""
    if any(m.level == "same" for m in matches):
        return "seen before"
    kind = kind_of(claim.predicate)
    if matches:
        dates = ", ".join(span_text(m.event.when) for m in matches[:4])
        more = "" if len(matches) <= 4 else f" and {len(matches) - 4} more"
        tail = "but undated" if claim.when is None else "at other dates"
        plural = "report" if len(matches) == 1 else "reports"
        return f"resembles {len(matches)} earlier {kind} {plural} ({dates}{more}) {tail}"
    if claim.when is None and same_kind:
        return f"resembles earlier {kind} reports but undated: no date or place to tell which"
    return "new"
