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
from claimledger.assess.rules import LOCAL_RULES, RULES, rule_unverified
from claimledger.ledger import EventDraft, group_events, index_claims
from claimledger.types import Claim, Event, StatusChange

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
) -> dict[str, Verdict]:
    """The verdict of every event of one subject, by event id (no history)."""
    facts = [_facts(d, claims_by_id) for d in sorted(events, key=lambda d: d.id)]
    ctx = Context(facts=facts, affiliations=affiliations, sources=sources or {})
    # Pass 1: rules that look only at the event itself. Cross-event rules read these settled
    # verdicts (a locally refuted sighting is no evidence of life), never each other's output
    # within a pass, which keeps the decision free of cycles.
    settled = {f.draft.id: _first_verdict(f, ctx, LOCAL_RULES) for f in facts}
    verdicts = _full_pass(facts, replace(ctx, settled=settled))
    # Pass 3, when pass 2 confirmed a death by corroboration: that death now refutes the
    # person's other deaths, as a death confirmed by the person's own side does.
    confirmed = {
        f.draft.id: verdicts[f.draft.id]
        for f in facts
        if f.kind == "death"
        and verdicts[f.draft.id].status == "confirmed"
        and not settled[f.draft.id]
    }
    if confirmed:
        verdicts = _full_pass(facts, replace(ctx, settled={**settled, **confirmed}))
    return verdicts


def _full_pass(facts: Sequence[Facts], ctx: Context) -> dict[str, Verdict]:
    return {f.draft.id: _first_verdict(f, ctx, RULES) or rule_unverified(f, ctx) for f in facts}


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
    """The subject's claim ids by document, documents in publication order (undated last)."""
    ids = {cid for d in events for cid in d.claim_ids if cid in claims_by_id}

    def key(cid: str) -> tuple[object, ...]:
        claim = claims_by_id[cid]
        day = published.get(claim.document_id)
        return (day is None, day or date.min, claim.document_id, claim.start, cid)

    batches: list[list[str]] = []
    for cid in sorted(ids, key=key):
        if batches and claims_by_id[batches[-1][0]].document_id == claims_by_id[cid].document_id:
            batches[-1].append(cid)
        else:
            batches.append([cid])
    return batches


def _changer(
    batch: Sequence[str], draft: EventDraft, verdict: Verdict, against: set[str], *, new: bool
) -> str:
    """The claim of a document that best explains a change: the event's own first claim when
    it appears; else a denial or retraction when it became disputed or refuted; else a claim
    that decided it; else one of the event's."""
    own = [c for c in batch if c in draft.claim_ids]
    deciding = [c for c in batch if c in verdict.evidence]
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
    """Decide the subject after each document in publication order; keep each status change.

    A document is published at once, so the replay steps one document at a time (which also
    keeps the cost to one decision per document, not per claim).
    """
    history: dict[str, list[StatusChange]] = {d.id: [] for d in events}
    by_id = {d.id: d for d in events}
    against = {cid for cid, c in claims_by_id.items() if c.modality in AGAINST}
    verdicts: dict[str, Verdict] = {}
    seen: set[str] = set()
    for batch in _publication_batches(events, claims_by_id, published):
        seen.update(batch)
        partial = [replace(d, claim_ids=tuple(c for c in d.claim_ids if c in seen)) for d in events]
        verdicts = decide(
            [d for d in partial if d.claim_ids],
            claims_by_id,
            affiliations=affiliations,
            sources=sources,
        )
        day = published.get(claims_by_id[batch[0]].document_id)
        at = day.isoformat() if day else now
        for event_id, verdict in verdicts.items():
            steps = history[event_id]
            if not steps or steps[-1].status != verdict.status:
                changer = _changer(batch, by_id[event_id], verdict, against, new=not steps)
                steps.append(StatusChange(verdict.status, verdict.reason, changer, at))
    return verdicts, history


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
    result = []
    for draft in events:
        verdict = verdicts.get(draft.id)
        if verdict is None:  # an event none of whose claims is in claims_by_id
            verdict = Verdict("unverified", "unverified: no claims available", (), "unverified")
        result.append(
            Event(
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
                history=tuple(history[draft.id]),
            )
        )
    return result


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
    for draft in group_events(claims):
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
