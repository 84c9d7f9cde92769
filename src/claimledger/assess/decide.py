"""Deciding one subject's events together, with a history replayed in publication order."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from claimledger.assess.facts import (
    AGAINST,
    ASSESSOR,
    SUPPORT,
    Context,
    Facts,
    Rule,
    Verdict,
    is_firm,
)
from claimledger.assess.rules import LOCAL_RULES, RULES, life_evidence, rule_unverified, timelines
from claimledger.ledger import EventDraft, group_events, index_claims
from claimledger.types import Claim, Event, StatusChange, TimeSpan

logger = logging.getLogger(__name__)

# ---- deciding a subject ----------------------------------------------------------------------


def _facts(draft: EventDraft, claims_by_id: Mapping[str, Claim]) -> Facts:
    pairs = [(cid, claims_by_id[cid]) for cid in draft.claim_ids if cid in claims_by_id]
    claims = [c for _, c in pairs]
    dating_docs = {c.document_id for c in claims if c.when is not None}
    anchored = frozenset(
        id(c)
        for c in claims
        if draft.when is None or c.when is not None or c.document_id in dating_docs
    )
    return Facts(
        draft=draft,
        ids={id(c): cid for cid, c in pairs},
        support=tuple(c for c in claims if c.modality in SUPPORT),
        firm=tuple(c for c in claims if c.modality in SUPPORT and is_firm(c)),
        against=tuple(c for c in claims if c.modality in AGAINST),
        anchored=anchored,
    )


def decide(
    events: Sequence[EventDraft],
    claims_by_id: Mapping[str, Claim],
    *,
    affiliations: frozenset[str] = frozenset(),
    sources: Mapping[str, str] | None = None,
    published: Mapping[str, date] | None = None,
) -> dict[str, Verdict]:
    """The verdict of every event of one subject, by event id (no history)."""
    facts = [_facts(d, claims_by_id) for d in sorted(events, key=lambda d: d.id)]
    ctx = Context(
        facts=facts, affiliations=affiliations, sources=sources or {}, published=published or {}
    )
    return _Decision(ctx).run(facts)


class _Decision:
    """The three passes of one subject's decision, keeping what the last run found so that a
    replay step recomputes only what a new document may have changed.

    Pass 1: rules that look only at the event itself. Cross-event rules read these settled
    verdicts (a locally refuted sighting is no evidence of life), never each other's output
    within a pass, which keeps the decision free of cycles. Pass 2: every rule. Pass 3, when
    pass 2 confirmed a death by corroboration: that death now refutes the person's other
    deaths, as a death confirmed by the person's own side does.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.local: dict[str, Verdict | None] = {}
        self.passes = (_Pass(), _Pass())

    def run(self, facts: Sequence[Facts], changed: set[str] | None = None) -> dict[str, Verdict]:
        """Verdicts for ``facts``; ``changed`` (a replay step) names the events with new claims."""
        for f in facts:
            if changed is None or f.draft.id in changed or f.draft.id not in self.local:
                self.local[f.draft.id] = _first_verdict(f, self.ctx, LOCAL_RULES)
        settled = {f.draft.id: self.local[f.draft.id] for f in facts}
        verdicts = self.passes[0].run(facts, self._context(facts, settled), changed)
        confirmed = {
            f.draft.id: verdicts[f.draft.id]
            for f in facts
            if f.kind == "death"
            and verdicts[f.draft.id].status == "confirmed"
            and not settled[f.draft.id]
        }
        if not confirmed:
            return verdicts
        ctx = self._context(facts, {**settled, **confirmed})
        return self.passes[1].run(facts, ctx, changed)

    def _context(self, facts: Sequence[Facts], settled: dict[str, Verdict | None]) -> Context:
        ctx = replace(self.ctx, facts=facts, settled=settled)
        return replace(ctx, timelines=timelines(facts, ctx))


class _Pass:
    """One pass over all events, remembering each event's verdict and what cross-event rules
    read of it (``_shape``). An event is decided again when it has new claims, or when an event
    whose shape changed starts after it ends (the rules only look forward in time: "alive
    afterwards", "a later death"), or when a confirmed death changed (it reaches every date).
    Statuses are exact; the reason of an event not decided again may cite an older state of a
    neighbouring event until the final, complete decision."""

    def __init__(self) -> None:
        self.shapes: dict[str, tuple[object, ...]] = {}
        self.verdicts: dict[str, Verdict] = {}

    def run(
        self, facts: Sequence[Facts], ctx: Context, changed: set[str] | None
    ) -> dict[str, Verdict]:
        shapes = {f.draft.id: _shape(f, ctx) for f in facts}
        redo = self._redo(facts, shapes, changed)
        self.shapes = shapes
        self.verdicts = {
            f.draft.id: (
                _first_verdict(f, ctx, RULES) or rule_unverified(f, ctx)
                if f.draft.id in redo
                else self.verdicts[f.draft.id]
            )
            for f in facts
        }
        return self.verdicts

    def _redo(
        self,
        facts: Sequence[Facts],
        shapes: Mapping[str, tuple[object, ...]],
        changed: set[str] | None,
    ) -> set[str]:
        everything = {f.draft.id for f in facts}
        if changed is None:
            return everything
        moved = {
            e for e in shapes.keys() | self.shapes.keys() if shapes.get(e) != self.shapes.get(e)
        }
        old = [self.shapes[e] for e in moved if e in self.shapes]
        if any(s[-1] == "confirmed" for s in old + [shapes[e] for e in moved if e in shapes]):
            return everything
        spans = [s[1] for s in old + [shapes[e] for e in moved if e in shapes]]
        starts = [span.start for span in spans if isinstance(span, TimeSpan)]
        horizon = max(starts, default=None)
        redo = {e for e in everything if e in changed or e not in self.verdicts}
        if horizon is not None:
            redo |= {f.draft.id for f in facts if f.when is not None and f.when.end < horizon}
        return redo


def _shape(f: Facts, ctx: Context) -> tuple[object, ...]:
    """What the cross-event rules read of an event: its kind and date, whether it has support,
    anchored firm claims or evidence of life, and its settled status (last)."""
    verdict = ctx.settled.get(f.draft.id)
    return (
        f.kind,
        f.when,
        bool(f.support),
        bool(f.anchored_firm),
        bool(life_evidence(f, ctx)),
        verdict.status if verdict else None,
    )


def _first_verdict(f: Facts, ctx: Context, rules: Sequence[Rule]) -> Verdict | None:
    for rule in rules:
        verdict = rule(f, ctx)
        if verdict is not None:
            return verdict
    return None


def _publication_batches(
    events: Sequence[EventDraft],
    claims_by_id: Mapping[str, Claim],
    published: Mapping[str, date],
) -> list[list[str]]:
    """The subject's claim ids by publication day, days in order; documents without a date
    come last, one step each. Reports of one day arrive together: one step per day."""
    ids = {cid for d in events for cid in d.claim_ids if cid in claims_by_id}

    def step(cid: str) -> tuple[bool, date, str]:
        doc = claims_by_id[cid].document_id
        day = published.get(doc)
        return (day is None, day or date.min, "" if day else doc)

    def key(cid: str) -> tuple[object, ...]:
        claim = claims_by_id[cid]
        return (*step(cid), claim.document_id, claim.start, cid)

    batches: list[list[str]] = []
    for cid in sorted(ids, key=key):
        if batches and step(batches[-1][0]) == step(cid):
            batches[-1].append(cid)
        else:
            batches.append([cid])
    return batches


def _changer(
    batch: Sequence[str], draft: EventDraft, verdict: Verdict, against: set[str], *, new: bool
) -> str:
    """The claim of a step that best explains a change: the event's own first claim when it
    appears; else a denial or retraction when it became disputed or refuted; else a claim that
    decided it; else one of the event's."""
    members, evidence = set(draft.claim_ids), set(verdict.evidence)
    own = [c for c in batch if c in members]
    deciding = [c for c in batch if c in evidence]
    if verdict.status in ("disputed", "refuted"):
        deciding.sort(key=lambda c: c not in against)
    return ((own if new else []) or deciding or own or list(batch))[0]


def _replay(
    events: Sequence[EventDraft],
    claims_by_id: Mapping[str, Claim],
    *,
    now: str,
    published: Mapping[str, date],
    affiliations: frozenset[str],
    sources: Mapping[str, str] | None,
) -> tuple[dict[str, Verdict], dict[str, list[StatusChange]]]:
    """Decide the subject after each publication day in order; keep each status change.

    Each step rebuilds only the events that got claims and re-decides only what they may have
    changed (``_Pass``); the final verdicts come from one complete decision.
    """
    history: dict[str, list[StatusChange]] = {d.id: [] for d in events}
    by_id = {d.id: d for d in sorted(events, key=lambda d: d.id)}
    event_of = {cid: d.id for d in events for cid in d.claim_ids}
    against: set[str] = set()
    seen: dict[str, list[str]] = {}
    facts: dict[str, Facts] = {}
    decision = _Decision(
        Context(facts=(), affiliations=affiliations, sources=sources or {}, published=published)
    )
    for batch in _publication_batches(events, claims_by_id, published):
        changed = {event_of[cid] for cid in batch}
        against.update(c for c in batch if claims_by_id[c].modality in AGAINST)
        for cid in batch:
            seen.setdefault(event_of[cid], []).append(cid)
        for event_id in changed:
            members = set(seen[event_id])
            draft = by_id[event_id]
            partial = replace(draft, claim_ids=tuple(c for c in draft.claim_ids if c in members))
            facts[event_id] = _facts(partial, claims_by_id)
        verdicts = decision.run([facts[e] for e in by_id if e in facts], changed)
        day = published.get(claims_by_id[batch[0]].document_id)
        at = day.isoformat() if day else now
        for event_id, verdict in verdicts.items():
            steps = history[event_id]
            if not steps or steps[-1].status != verdict.status:
                changer = _changer(batch, by_id[event_id], verdict, against, new=not steps)
                steps.append(StatusChange(verdict.status, verdict.reason, changer, at))
    final = decide(
        events, claims_by_id, affiliations=affiliations, sources=sources, published=published
    )
    return final, history


def assess_subject(
    events: Sequence[EventDraft],
    claims_by_id: Mapping[str, Claim],
    *,
    now: str,
    published: Mapping[str, date] | None = None,
    affiliations: Mapping[str, set[str]] | None = None,
    sources: Mapping[str, str] | None = None,
) -> list[Event]:
    """Decide every event of one subject together, with reasons, evidence and history.

    ``now`` (ISO timestamp) stamps history steps whose document date is unknown; ``published``
    maps document ids to publication dates (replay order); ``affiliations`` maps subject ids to
    the organisations they belong to; ``sources`` maps document ids to their outlet.
    """
    subjects = {d.subject_id for d in events}
    orgs = frozenset(o for s in subjects for o in (affiliations or {}).get(s, set()))
    verdicts, history = _replay(
        events,
        claims_by_id,
        now=now,
        published=published or {},
        affiliations=orgs,
        sources=sources,
    )
    return [_event(d, _verdict_of(d, verdicts), tuple(history[d.id])) for d in events]


def _verdict_of(draft: EventDraft, verdicts: Mapping[str, Verdict]) -> Verdict:
    # None for an event none of whose claims is in claims_by_id.
    return verdicts.get(draft.id) or Verdict(
        "unverified", "unverified: no claims available", (), "unverified"
    )


def _event(draft: EventDraft, verdict: Verdict, history: tuple[StatusChange, ...]) -> Event:
    return Event(
        id=draft.id,
        subject_id=draft.subject_id,
        predicate=draft.predicate,
        status=verdict.status,
        status_reason=verdict.reason,
        assessor=ASSESSOR,
        when=draft.when,
        where=draft.where,
        evidence=verdict.evidence,
        claims=draft.claim_ids,
        history=history,
    )


def assess_claims(
    claims: Sequence[Claim],
    *,
    now: str,
    published: Mapping[str, date] | None = None,
    affiliations: Mapping[str, set[str]] | None = None,
    sources: Mapping[str, str] | None = None,
) -> list[Event]:
    """Group claims into events and assess each subject's events: the whole stage at once."""
    index = index_claims(claims)
    by_subject: dict[str, list[EventDraft]] = {}
    for draft in group_events(claims, published=published):
        by_subject.setdefault(draft.subject_id, []).append(draft)
    events: list[Event] = []
    for subject in sorted(by_subject):
        events += assess_subject(
            by_subject[subject],
            index,
            now=now,
            published=published,
            affiliations=affiliations,
            sources=sources,
        )
    return events


def update_subject(
    events: Sequence[EventDraft],
    claims_by_id: Mapping[str, Claim],
    previous: Mapping[str, Event],
    *,
    now: str,
    affiliations: Mapping[str, set[str]] | None = None,
    sources: Mapping[str, str] | None = None,
    published: Mapping[str, date] | None = None,
) -> list[Event]:
    """Decide a subject's events again and EXTEND their stored history, without a replay.

    The ingest path calls this after each batch: one decision (``decide``) costs well under a
    second for a subject with thousands of claims, while replaying every publication day
    (``assess_subject``) grows with events x days. An event whose status differs from the
    previously stored one, or that is new, gets one history step naming the last of the claims
    that decided it, dated by the publication of the latest of them (``now`` when no deciding
    document has a date): the news changed the status, not the day it was read.
    ``assess_subject`` stays the reference that rebuilds a history from scratch.
    """
    subjects = {d.subject_id for d in events}
    orgs = frozenset(o for s in subjects for o in (affiliations or {}).get(s, set()))
    verdicts = decide(events, claims_by_id, affiliations=orgs, sources=sources, published=published)
    result = []
    for draft in events:
        verdict = _verdict_of(draft, verdicts)
        old = previous.get(draft.id)
        history = old.history if old is not None else ()
        if old is None or old.status != verdict.status or not history:
            deciding = verdict.evidence or draft.claim_ids
            changer = (deciding or ("",))[-1] or None
            at = _published_at(deciding, claims_by_id, published or {}) or now
            history = (*history, StatusChange(verdict.status, verdict.reason, changer, at))
        result.append(_event(draft, verdict, history))
    return result


def _published_at(
    claim_ids: Sequence[str], claims_by_id: Mapping[str, Claim], published: Mapping[str, date]
) -> str | None:
    """The publication day of the latest dated document among the claims', ISO, or None."""
    days = [
        day
        for cid in claim_ids
        if (claim := claims_by_id.get(cid)) is not None
        and (day := published.get(claim.document_id)) is not None
    ]
    return max(days).isoformat() if days else None
