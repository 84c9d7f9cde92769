"""Grouping claims into events (rule set ``ledger.rules.v2``).

Claims join one event when they share the subject (``subject_id``; an unresolved claim is keyed by
its normalised subject text), the event kind (``kind_of``), a compatible time
(``spans.spans_compatible``) and a compatible place (``places.places_compatible``). Each legal
step (charged, tried, convicted, sentenced) is its own kind: one can be true while the next never
happens, and grouping them would make one status speak for several facts.

Grouping is greedy over the claims sorted canonically (subject, kind, dated before undated, most
precise first, a written year before an inferred one, then date, document, offset, and every
other field as a final tie-break), so the partition is the same for every input order. Rules:

1. a dated claim joins the best time- and place-compatible event: named place match, then same
   document, then nearest date, then the earliest opened event;
2. a single day written without its year ("on March 18", year filled in from the report date)
   that fits no event joins an event anchored on the same day and month of a written year: an
   article recalling an earlier year rarely repeats it, while two occurrences of one kind on the
   same calendar day in different years are rare;
3. else the dated claim opens an event;
4. a claim with no time joins the only compatible event of its kind; else the one whose named
   place matches; else the one with a claim by the same named origin; else the event of the
   nearest claim in the same document, preferring claims before it, because an undated mention
   ("the strike", "his death", "he was not there") refers back to what the text has just
   described; else the only undated event; else it opens an undated event.

5. a dated death claim that fits no event joins an event its own sentence dated within
   ``DEATH_WINDOW_DAYS``: a sentence giving one man's death two dates weeks apart ("reportedly
   killed on the 5th; his men say he died of his wounds on the 23rd") tells two accounts of
   one death (across sentences, two dates are two reports: "killed in May ... and on June 10");
6. a claim dated only by the report that tells it (precision ``reported``: "on June 29,
   officials said he had died") joins the one event of its own document dated on or before
   that report; else it is grouped as dated, over the weeks before the report.

7. an event made only of denials (or whose only dated claims are denials), dated after another
   event of its kind (within a year), is folded into the latest of them: a denial is dated by
   when it was made, and answers the reports before it.
8. a death dated only by its reports ("his group announced on Tuesday that he had died") is
   folded into the latest death of the person the texts date before it (within a year) when
   nothing shows him alive in between: a man dies once, and news of a death whose day it does
   not give is most often late news of the one already reported.

An undated event is compatible with an undated claim only when one of its claims comes from
the claim's document, names the same place or agent, or comes from a document published within
``UNDATED_NEAR_DAYS`` of the claim's: without a date, "X was killed" in two documents years
apart says nothing of them being one occurrence, and merging them would let one report's
status speak for the other. Two reports of one news cycle, on the other hand, usually repeat
the same news without dating it.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from claimledger.ledger.keys import (
    LIFE_KINDS,
    EventDraft,
    claim_key,
    kind_of,
    subject_key,
    words,
)
from claimledger.ledger.origins import origin_key, trace_origin
from claimledger.ledger.places import most_specific, places_compatible, places_match
from claimledger.ledger.spans import (
    midpoint,
    same_day_of_year,
    timing_key,
    widened,
    year_inferred,
)
from claimledger.types import PREDICATES, Claim, Predicate, TimeSpan

logger = logging.getLogger(__name__)

RULES_NAME = "ledger.rules.v2"
# Dates of one death that one sentence gives this far apart are accounts of the same death (a
# person dies once); further apart, or in other sentences, they are separate reports.
DEATH_WINDOW_DAYS = 31
# How long after a report a denial may come and still answer it (rule 7), and how long after a
# dated death undated news of a death may come and still be news of it (rule 8).
DENIAL_REACH_DAYS = 366
LATE_NEWS_REACH_DAYS = 366
# Documents published this close report the same news cycle (see the module docstring).
UNDATED_NEAR_DAYS = 30
# Words that tell nothing about which agent ("by a drone", "the army").
_AGENT_STOPWORDS = frozenset({"a", "an", "the", "of", "by", "in", "on", "from", "his", "its"})


def _canonical_key(claim: Claim) -> tuple[object, ...]:
    """A total order on claims that does not depend on the order they arrived in."""
    rest = (claim.document_id, claim.start, claim.end, claim.predicate, claim.modality)
    tail = (claim_key(claim), claim.where or "", claim.claimant or "", claim.quote, repr(claim))
    return (subject_key(claim), kind_of(claim.predicate), *timing_key(claim.when), *rest, *tail)


@dataclass(slots=True)
class _Group:
    """An event being built: its claims in canonical order (the first is the anchor)."""

    subject: str
    kind: str
    order: int
    claims: list[Claim] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    agents: list[frozenset[str]] = field(default_factory=list)
    published: set[date] = field(default_factory=set)  # publication days of its documents
    origins: set[str] = field(default_factory=set)
    by_doc: dict[str, list[int]] = field(default_factory=dict)
    # A span overlaps every dated claim's (widened) span exactly when it starts by the earliest
    # end and ends after the latest start, so these two bounds answer ``fits_time`` at once.
    latest_start: date = date.min
    earliest_end: date = date.max
    # The same bounds over the claims dated only by their report ("officials said on Monday he
    # had died": on or before it). They say when the news came, not when the event was, so
    # they bound the event only while no claim dates it otherwise.
    reported_start: date = date.min
    reported_end: date = date.max
    firmly_dated: bool = False

    def add(self, claim: Claim, published: date | None = None) -> None:
        self.claims.append(claim)
        if published is not None:
            self.published.add(published)
        if claim.when is not None:
            start, end = widened(claim.when)
            if claim.when.precision == "reported":
                self.reported_start = max(self.reported_start, start)
                self.reported_end = min(self.reported_end, end)
            else:
                self.firmly_dated = True
                self.latest_start = max(self.latest_start, start)
                self.earliest_end = min(self.earliest_end, end)
        if claim.where and claim.where not in self.places:
            self.places.append(claim.where)
        agent = _agent_words(claim.agent)
        if agent and agent not in self.agents:
            self.agents.append(agent)
        self.origins.add(origin_key(trace_origin(claim)))
        self.by_doc.setdefault(claim.document_id, []).append(claim.start)

    @property
    def when(self) -> TimeSpan | None:
        return self.claims[0].when

    def fits_place(self, claim: Claim) -> bool:
        return all(places_compatible(claim.where, p) for p in self.places)

    def place_matches(self, claim: Claim) -> bool:
        return bool(claim.where) and any(places_match(claim.where or "", p) for p in self.places)

    def agent_matches(self, claim: Claim) -> bool:
        """The claim names an agent one of the event's claims names (one's words in the other's)."""
        agent = _agent_words(claim.agent)
        return bool(agent) and any(agent <= a or a <= agent for a in self.agents)

    def open_to_undated(self, claim: Claim, published: date | None) -> bool:
        """Whether an undated claim (of a document published on ``published``) may join: a
        dated event always (rule 4), an undated one when it holds a claim of the same document
        or of one published near it, or names the same place or agent."""
        return (
            self.when is not None
            or claim.document_id in self.by_doc
            or self.published_near(published)
            or self.place_matches(claim)
            or self.agent_matches(claim)
        )

    def published_near(self, day: date | None) -> bool:
        near = timedelta(days=UNDATED_NEAR_DAYS)
        return day is not None and any(abs(day - d) <= near for d in self.published)

    def fits_time(self, span: TimeSpan | None) -> bool:
        if span is None:
            return True
        start, end = widened(span)
        if self.firmly_dated:
            return start <= self.earliest_end and self.latest_start <= end
        return start <= self.reported_end and self.reported_start <= end

    def weeks_apart_in_document(self, claim: Claim) -> bool:
        """A dated claim of the same sentence within ``DEATH_WINDOW_DAYS`` of ``claim``: one
        sentence giving a death two dates weeks apart tells two accounts of one death."""
        span = claim.when
        if span is None or (claim.agent and self.agents and not self.agent_matches(claim)):
            return False  # "killed by the Iraqis" is not the Russians' strike of a week before
        window = timedelta(days=DEATH_WINDOW_DAYS)
        return any(
            c.document_id == claim.document_id
            and c.start == claim.start
            and c.when is not None
            and c.when.start - window <= span.end
            and span.start - window <= c.when.end
            for c in self.claims
        )

    def doc_proximity(self, claim: Claim) -> tuple[bool, int] | None:
        """(whether the nearest claim of the same document follows it, the distance)."""
        offsets = self.by_doc.get(claim.document_id)
        if not offsets:
            return None
        return min((o > claim.start, abs(o - claim.start)) for o in offsets)


def _agent_words(agent: str | None) -> frozenset[str]:
    return frozenset(words(agent)) - _AGENT_STOPWORDS if agent else frozenset()


def _best_dated(claim: Claim, candidates: Sequence[_Group]) -> _Group | None:
    def score(g: _Group) -> tuple[object, ...]:
        when = g.when
        distance = abs(midpoint(when) - midpoint(claim.when)) if when and claim.when else 0
        return (not g.place_matches(claim), g.doc_proximity(claim) is None, distance, g.order)

    return min(candidates, key=score) if candidates else None


def _year_recalled(claim: Claim, groups: Sequence[_Group]) -> _Group | None:
    """Rule 2: a day without a written year joins an event on that day and month of a written
    year, when exactly one such event exists and the rest of it fits that date."""
    span = claim.when
    if span is None or not year_inferred(span):
        return None
    found = []
    for g in groups:
        anchor = g.when
        if anchor is None or year_inferred(anchor) or not same_day_of_year(anchor, span):
            continue
        if g.fits_time(replace(span, start=anchor.start, end=anchor.end)):
            found.append(g)
    return _unique(found)


def _unique(groups: Sequence[_Group]) -> _Group | None:
    return groups[0] if len(groups) == 1 else None


def _best_undated(claim: Claim, candidates: Sequence[_Group]) -> _Group | None:
    """Rule 4 (see the module docstring)."""
    if chosen := _unique(candidates):
        return chosen
    matching = [g for g in candidates if g.place_matches(claim)]
    if chosen := _unique(matching):
        return chosen
    pool = matching or candidates
    key = origin_key(trace_origin(claim))
    if not key.startswith("doc:") and (chosen := _unique([g for g in pool if key in g.origins])):
        return chosen
    near = [(p, g) for g in pool if (p := g.doc_proximity(claim)) is not None]
    if near:
        nearest = min(p for p, _ in near)
        tied = [g for p, g in near if p == nearest]
        # One sentence telling two dates of one event ("killed on the 5th; died of his wounds on
        # the 23rd") puts its claims in two events: the better attested, else the first, wins.
        return min(tied, key=lambda g: (-len(g.claims), g.order))
    return _unique([g for g in candidates if g.when is None])


def _choose(claim: Claim, groups: Sequence[_Group], published: date | None) -> _Group | None:
    """The event a claim joins among its subject's events of its kind, or None."""
    same = [g for g in groups if g.fits_place(claim)]
    if claim.when is None:
        return _best_undated(claim, [g for g in same if g.open_to_undated(claim, published)])
    if claim.when.precision == "reported" and (told := _reported_earlier(claim, same)):
        return told
    dated = [g for g in same if g.when is not None and g.fits_time(claim.when)]
    if not dated and kind_of(claim.predicate) == "death":
        dated = [g for g in same if g.weeks_apart_in_document(claim)]
    return _best_dated(claim, dated) or _year_recalled(claim, same)


def _reported_earlier(claim: Claim, groups: Sequence[_Group]) -> _Group | None:
    """Rule 5: a claim dated only by its report ("officials said on Monday he had died") joins
    the event of its document that the text dated on or before that report, if it dates one."""
    assert claim.when is not None
    told = [
        (proximity, g)
        for g in groups
        if g.when is not None
        and g.when.precision != "reported"
        and g.when.start <= claim.when.end
        and (proximity := g.doc_proximity(claim)) is not None
    ]
    # Only when the document dates one such event: an article recounting several cannot say
    # which one a report of it means.
    return told[0][1] if len(told) == 1 else None


def group_events(
    claims: Iterable[Claim], *, published: Mapping[str, date] | None = None
) -> list[EventDraft]:
    """Group claims into events; the partition and the ids do not depend on input order.

    ``published`` (document id -> publication date) lets undated claims of documents of one
    news cycle share an event; only the documents of undated claims are looked up in it.
    """
    published = published or {}
    by_kind: dict[tuple[str, str], list[_Group]] = {}
    opened = 0
    for claim in sorted(claims, key=_canonical_key):
        key = (subject_key(claim), kind_of(claim.predicate))
        groups = by_kind.setdefault(key, [])
        day = published.get(claim.document_id)
        group = _choose(claim, groups, day)
        if group is None:
            group = _Group(key[0], key[1], opened)
            opened += 1
            groups.append(group)
        group.add(claim, day)
    for (subject, kind), groups in by_kind.items():
        if kind == "death":
            life = [g for k in LIFE_KINDS for g in by_kind.get((subject, k), ())]
            by_kind[(subject, kind)] = _fold_late_news(groups, life)
    drafts = [_draft(g) for groups in by_kind.values() for g in _fold_denials(groups)]
    logger.debug("grouped claims into %d events", len(drafts))
    return sorted(drafts, key=_draft_order)


def _fold_denials(groups: list[_Group]) -> list[_Group]:
    """Rule 7: an event that only denials made, dated after another of its kind within
    ``DENIAL_REACH_DAYS``, joins the latest such event: "in April he called the reports of his
    death propaganda" answers the January reports, it tells of no April death."""
    reach = timedelta(days=DENIAL_REACH_DAYS)
    kept = [g for g in groups if not _only_denials(g)]
    for group in groups:
        if not _only_denials(group):
            continue
        if group.when is None:
            kept.append(group)
            continue
        earlier = [
            g
            for g in kept
            if g.when is not None
            and g.when.start <= group.when.start
            and group.when.start - g.when.end <= reach
        ]
        if not earlier:
            kept.append(group)
            continue
        target = max(earlier, key=lambda g: (g.when.end, -g.order))  # type: ignore[union-attr]
        for claim in group.claims:
            target.add(claim, None)
    return sorted(kept, key=lambda g: g.order)


def _fold_late_news(deaths: list[_Group], life: Sequence[_Group]) -> list[_Group]:
    """Rule 8: a death event dated only by its reports joins the latest death the texts date
    before it, within ``LATE_NEWS_REACH_DAYS``, unless an event of life lies between them ("he
    was reported dead on Tuesday by his group" months after "he died in September")."""
    reach = timedelta(days=LATE_NEWS_REACH_DAYS)
    dated = [g for g in deaths if g.firmly_dated]
    kept: list[_Group] = []
    for group in deaths:
        news = group.when
        if group.firmly_dated or news is None:
            kept.append(group)
            continue
        earlier = [
            g
            for g in dated
            if g.when is not None
            and g.when.end <= news.start
            and news.start - g.when.end <= reach
            and all(g.fits_place(c) for c in group.claims)
            and not _alive_between(life, g.when.start, news.end)
        ]
        if not earlier:
            kept.append(group)
            continue
        target = max(earlier, key=lambda g: (g.when.end, -g.order))  # type: ignore[union-attr]
        for claim in group.claims:
            target.add(claim, None)
    return sorted(kept, key=lambda g: g.order)


def _alive_between(life: Sequence[_Group], start: date, end: date) -> bool:
    return any(g.when is not None and start <= g.when.start <= end for g in life)


def _only_denials(group: _Group) -> bool:
    """Every claim a denial, or every dated one (the date an event got from a denial is when
    the denial was made: "in the footage recorded in April he called the reports propaganda")."""
    dated = [c for c in group.claims if c.when is not None] or group.claims
    return all(c.modality in ("denied", "retracted") for c in dated)


def _draft_order(d: EventDraft) -> tuple[object, ...]:
    return (d.subject_id, d.kind, d.when is None, d.when.start if d.when else date.min, d.id)


def _draft(group: _Group) -> EventDraft:
    anchor = group.claims[0]
    digest = hashlib.sha1(
        f"{group.subject}|{group.kind}|{claim_key(anchor)}".encode(), usedforsecurity=False
    ).hexdigest()[:16]
    return EventDraft(
        id=f"ev-{digest}",
        subject_id=group.subject,
        kind=group.kind,
        predicate=_event_predicate(group.claims),
        claim_ids=tuple(claim_key(c) for c in group.claims),
        when=anchor.when,
        where=most_specific(group.places),
    )


def _event_predicate(claims: Sequence[Claim]) -> Predicate:
    """The predicate most claims use (those that claim it first), ties in PREDICATES order."""
    supporting = [c for c in claims if c.modality in ("asserted", "hedged")] or list(claims)
    counts = Counter(c.predicate for c in supporting)
    return min(counts, key=lambda p: (-counts[p], PREDICATES.index(p)))


def link_claims(
    claims: Iterable[Claim],
    events: Sequence[EventDraft],
    *,
    sources: Mapping[str, str] | None = None,
) -> list[Claim]:
    """The claims with ``event_id`` and ``origin`` filled in, ready to store."""
    event_of = {cid: e.id for e in events for cid in e.claim_ids}
    sources = sources or {}
    return [
        replace(
            c,
            event_id=event_of.get(claim_key(c), c.event_id),
            origin=trace_origin(c, source=sources.get(c.document_id)),
        )
        for c in claims
    ]


def assign_event(
    claim: Claim,
    events: Sequence[EventDraft],
    claims_by_id: Mapping[str, Claim],
    *,
    published: Mapping[str, date] | None = None,
) -> str | None:
    """The id of the existing event a new claim belongs to, or ``None`` if it opens one.

    For incremental use; recomputing a subject's events with ``group_events`` is the reference
    (a new, more precise claim can re-anchor an event there, which this cannot).
    """
    key = (subject_key(claim), kind_of(claim.predicate))
    groups = []
    for i, event in enumerate(events):
        if (event.subject_id, event.kind) != key:
            continue
        group = _Group(event.subject_id, event.kind, i)
        for cid in event.claim_ids:
            if cid in claims_by_id:
                found = claims_by_id[cid]
                group.add(found, (published or {}).get(found.document_id))
        if group.claims:
            groups.append(group)
    chosen = _choose(claim, groups, (published or {}).get(claim.document_id))
    return events[chosen.order].id if chosen else None
