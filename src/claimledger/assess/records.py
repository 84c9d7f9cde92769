"""Track records of origins and counts of a person's reported events by status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from claimledger.assess.facts import SUPPORT
from claimledger.ledger import kind_of, origin_groups, origin_key, origin_name, preferred_name
from claimledger.types import STATUSES, Claim, Event, TrackRecord

# ---- track records and summaries -------------------------------------------------------------


def track_records(
    events: Sequence[Event],
    claims_by_id: Mapping[str, Claim],
    *,
    sources: Mapping[str, str] | None = None,
) -> list[TrackRecord]:
    """For each origin, how many events it claimed ended confirmed, refuted, disputed, open.

    Only supporting claims (asserted or hedged) count: an origin that denied a refuted death
    was right, not wrong. Each origin counts once per event, however many outlets repeated it.
    """
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, list[str]] = {}
    for event in events:
        claims = [claims_by_id[c] for c in event.claims if c in claims_by_id]
        support = [c for c in claims if c.modality in SUPPORT]
        for group in origin_groups(support, sources=sources):
            name = origin_name(group, sources=sources)
            key = origin_key(name)
            names.setdefault(key, []).append(name)
            row = counts.setdefault(key, dict.fromkeys(STATUSES, 0))
            row[event.status] += 1
    records = [TrackRecord(preferred_name(names[k]), **v) for k, v in counts.items()]
    return sorted(records, key=lambda r: (-r.total, r.origin))


_KIND_VERBS = {
    "death": "reported killed",
    "custody": "reported captured or detained",
    "alive": "reported alive",
    "moved": "reported moving",
}


@dataclass(frozen=True, slots=True)
class HistorySummary:
    """How many times one kind of event was reported, and how the reports turned out."""

    kind: str
    total: int
    confirmed: int
    refuted: int
    disputed: int
    unverified: int
    first: date | None
    last: date | None

    @property
    def text(self) -> str:
        verb = _KIND_VERBS.get(self.kind, f"reported {self.kind}")
        times = "1 time" if self.total == 1 else f"{self.total} times"
        since = f" since {self.first.year}" if self.first else ""
        parts = [f"{self.confirmed} confirmed"] + [
            f"{n} {s}"
            for s, n in (
                ("refuted", self.refuted),
                ("disputed", self.disputed),
                ("unverified", self.unverified),
            )
            if n
        ]
        return f"{verb} {times}{since}: {', '.join(parts)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "total": self.total,
            "confirmed": self.confirmed,
            "refuted": self.refuted,
            "disputed": self.disputed,
            "unverified": self.unverified,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "text": self.text,
        }


def summarize_history(events: Sequence[Event], kind: str) -> HistorySummary:
    """Counts by status of the events of one kind (``death`` or a predicate like ``killed``)."""
    wanted = kind_of(kind)
    chosen = [e for e in events if kind_of(e.predicate) == wanted]
    starts = sorted(e.when.start for e in chosen if e.when)

    def count(status: str) -> int:
        return sum(1 for e in chosen if e.status == status)

    return HistorySummary(
        kind=wanted,
        total=len(chosen),
        confirmed=count("confirmed"),
        refuted=count("refuted"),
        disputed=count("disputed"),
        unverified=count("unverified"),
        first=starts[0] if starts else None,
        last=starts[-1] if starts else None,
    )
