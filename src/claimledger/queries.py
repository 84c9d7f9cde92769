"""Questions asked of the ledger: a person's timeline, "has this been claimed before?", origins.

These are the service functions the CLI, the HTTP API and the web pages share; each takes a
Store and returns typed records, so the adapters only format.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from claimledger.assess import HistorySummary, summarize_history
from claimledger.languages import is_supported, not_extracted_reason, supported_languages
from claimledger.ledger import (
    index_claims,
    is_recounted,
    is_unnamed,
    kind_of,
    origin_key,
    origin_label,
    trace_origin,
)
from claimledger.matching import EventMatch, compare, verdict_text
from claimledger.retrieve import claim_text, clean_query, search_claims
from claimledger.settings import DEFAULT_LANGUAGES
from claimledger.store import Store
from claimledger.store.records import StoredDocument
from claimledger.types import STATUSES, Claim, Document, Entity, Event, TrackRecord

logger = logging.getLogger(__name__)


def find_entities(store: Store, name: str) -> list[Entity]:
    """Entities a name (any alias, spelling or script) may refer to, persons first."""
    found = store.find_entities(store.alias_key(name)) if name.strip() else []
    return sorted(found, key=lambda e: (e.type != "person", -len(e.aliases), e.id))


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One event of a timeline with the claims behind it.

    It reads claim first: ``first_claim`` is the earliest published claim that put the event
    forward (who, when, where, the quote); ``deciding`` the evidence that decided its status,
    each quote once and not the first claim's again.
    """

    event: Event
    claims: tuple[Claim, ...]
    origins: tuple[str, ...]
    # The claims that decided the status: the event's own, or another event's (a later sign
    # of life refutes a death), so they are looked up among all of the subject's claims.
    evidence: tuple[Claim, ...] = ()
    published: dict[str, date] = field(default_factory=dict)  # document id -> its day

    @property
    def first_claim(self) -> Claim | None:
        """The earliest published claim asserting or hedging the event (else any claim)."""
        pool = [c for c in self.claims if c.modality in ("asserted", "hedged")] or self.claims
        if not pool:
            return None
        return min(pool, key=lambda c: (self.published.get(c.document_id, date.max),
                                        c.document_id, c.start))  # fmt: skip

    @property
    def deciding(self) -> tuple[Claim, ...]:
        """The evidence behind the status, each quote once, the first claim's left out."""
        first = self.first_claim
        seen = {first.quote} if first is not None else set()
        kept = []
        for claim in self.evidence:
            if claim.quote not in seen:
                seen.add(claim.quote)
                kept.append(claim)
        return tuple(kept)

    def as_dict(self) -> dict[str, Any]:
        first = self.first_claim
        published = self.published.get(first.document_id) if first else None
        return {
            **self.event.as_dict(),
            "origins": list(self.origins),
            "first_claim": (
                {**first.as_dict(), "published_at": published.isoformat() if published else None}
                if first
                else None
            ),
            "deciding_claim_ids": [c.id for c in self.deciding],
            "claims": [c.as_dict() for c in self.claims],
            "evidence_claims": [c.as_dict() for c in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    """A person's events in date order, with per-kind summaries and origins' track records."""

    entity: Entity
    events: tuple[TimelineEvent, ...]
    summaries: tuple[HistorySummary, ...]
    track_records: dict[str, TrackRecord] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.as_dict(),
            "summaries": [s.as_dict() for s in self.summaries],
            "events": [e.as_dict() for e in self.events],
            "track_records": {k: v.as_dict() for k, v in self.track_records.items()},
        }


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """What a person page keeps of a timeline; empty fields keep everything.

    ``since``/``until`` keep the events whose time overlaps the range (undated ones are left
    out when either is given); ``origin`` keeps the events one of whose origins has that
    ``origin_key``.
    """

    kind: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    origin: str | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.kind, self.status, self.since, self.until,
                                           self.origin))  # fmt: skip

    def keeps(self, entry: TimelineEvent) -> bool:
        event = entry.event
        if self.kind is not None and kind_of(event.predicate) != kind_of(self.kind):
            return False
        if self.status is not None and event.status != self.status:
            return False
        if self.origin is not None and origin_key(self.origin) not in {
            origin_key(o) for o in entry.origins
        }:
            return False
        if self.since is None and self.until is None:
            return True
        if event.when is None:
            return False
        return (self.since is None or event.when.end >= self.since) and (
            self.until is None or event.when.start <= self.until
        )

    def apply(self, line: Timeline) -> Timeline:
        """The timeline with only the events kept (summaries and records as before)."""
        kept = tuple(e for e in line.events if self.keeps(e))
        return Timeline(line.entity, kept, line.summaries, line.track_records)


def _event_order(event: Event) -> tuple[date, str]:
    return (event.when.start if event.when else date.max, event.id)


def timeline(store: Store, entity: Entity) -> Timeline:
    """Every event about ``entity``, oldest first, with claims, origins and track records."""
    claims = list(store.iter_claims(subject_id=entity.id))
    by_id = index_claims(claims)
    published = store.published_dates({c.document_id for c in claims})
    events = sorted(store.iter_events(subject_id=entity.id), key=_event_order)
    entries = []
    for event in events:
        entries.append(_entry(event, by_id, published))
    kinds = dict.fromkeys(kind_of(e.predicate) for e in events)
    summaries = tuple(summarize_history(events, k) for k in kinds)
    return Timeline(entity, tuple(entries), summaries, origin_records(store, entries))


def _entry(
    event: Event, claims_by_id: dict[str, Claim], published: dict[str, date] | None = None
) -> TimelineEvent:
    members = tuple(claims_by_id[c] for c in event.claims if c in claims_by_id)
    evidence = tuple(claims_by_id[c] for c in event.evidence if c in claims_by_id)
    origins = tuple(dict.fromkeys(c.origin or trace_origin(c) for c in members))
    return TimelineEvent(event, members, origins, evidence, dict(published or {}))


def origin_records(store: Store, entries: Iterable[TimelineEvent]) -> dict[str, TrackRecord]:
    """Track records of the origins named in these timeline events (ledger-wide)."""
    wanted = {origin_key(o) for e in entries for o in e.origins}
    return {origin_key(r.origin): r for r in store.track_records(wanted)} if wanted else {}


def sources(store: Store) -> list[TrackRecord]:
    """Every origin with how its claims ended, the most active first.

    Read from the tallies ``Store.replace_events`` keeps (``claimledger.store.lookups``); they
    equal ``assess.track_records`` over every event and claim of the ledger.
    """
    return store.track_records()


# An origin is ranked by its record only when this many of its events were resolved
# (confirmed or refuted): one or two refuted reports say little about an outlet.
MIN_RESOLVED = 3


@dataclass(frozen=True, slots=True)
class OriginStanding:
    """An origin's track record with how it reads: its label, what kind of origin it is, and
    whether its record is enough to rank it (``note`` says why not)."""

    record: TrackRecord
    label: str
    kind: str  # "named", "publisher" (the article asserts it) or "unnamed reports"
    ranked: bool
    note: str

    @property
    def refuted_share(self) -> float:
        return self.record.refuted / self.record.resolved if self.record.resolved else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.record.as_dict(),
            "label": self.label,
            "kind": self.kind,
            "ranked": self.ranked,
            "note": self.note,
        }


def standing(record: TrackRecord, *, titles: dict[str, str] | None = None) -> OriginStanding:
    """How one track record reads (see ``OriginStanding``)."""
    label = origin_label(record.origin, titles=titles)
    if is_recounted(record.origin):
        note = "not ranked: unnamed earlier reports, nobody to hold to account"
        return OriginStanding(record, label, "unnamed reports", False, note)
    kind = "publisher" if is_unnamed(record.origin) else "named"
    if record.resolved < MIN_RESOLVED:
        note = f"too few resolved events to rank ({record.resolved} of {MIN_RESOLVED} needed)"
        return OriginStanding(record, label, kind, False, note)
    share = round(100 * record.refuted / record.resolved)
    note = f"{record.refuted} of {record.resolved} resolved events refuted ({share}%)"
    return OriginStanding(record, label, kind, True, note)


def origin_person(store: Store, name: str) -> Entity | None:
    """The one person an origin's name resolves to by the resolver's alias keys ("Stepanyan"
    and "Arayik Stepanyan" are one), or None (not a person, unknown, or ambiguous)."""
    if is_unnamed(name):
        return None
    people = [e for e in find_entities(store, name) if e.type == "person"]
    return people[0] if len(people) == 1 else None


def origin_keys(store: Store, name: str) -> tuple[str, set[str]]:
    """The name an origin is shown under and every origin key its record is summed over: the
    person's canonical name and the keys of all his names when the name resolves to one."""
    person = origin_person(store, name)
    if person is None:
        return name, {origin_key(name)}
    return person.name, {origin_key(n) for n in (person.name, *person.aliases, name)}


def _summed(name: str, records: Iterable[TrackRecord]) -> TrackRecord:
    counts = {s: sum(getattr(r, s) for r in records) for s in STATUSES}
    return TrackRecord(name, **counts)


def merged_records(store: Store, records: Sequence[TrackRecord]) -> list[TrackRecord]:
    """Track records with one person's under several names summed under his name."""
    groups: dict[str, tuple[str, list[TrackRecord]]] = {}
    for record in records:
        person = origin_person(store, record.origin)
        key = f"person:{person.id}" if person else origin_key(record.origin)
        name = person.name if person else record.origin
        groups.setdefault(key, (name, []))[1].append(record)
    return [
        group[0] if len(group) == 1 and group[0].origin == name else _summed(name, group)
        for name, group in groups.values()
    ]


def standings(store: Store) -> list[OriginStanding]:
    """Every origin's standing: the ranked ones first, the most often refuted (by share of
    resolved events) at the top; then those with too few resolved events, the most active
    first; the unnamed earlier reports articles recount last. One person's records under
    several names are one (``merged_records``)."""
    found = [standing(r) for r in merged_records(store, sources(store))]

    def order(s: OriginStanding) -> tuple[int, float, int, str]:
        group = 0 if s.ranked else 2 if s.kind == "unnamed reports" else 1
        share = -s.refuted_share if s.ranked else 0.0
        return (group, share, -s.record.total, s.label)

    return sorted(found, key=order)


def event_detail(store: Store, event_id: str) -> TimelineEvent | None:
    """One event with every claim in it."""
    event = next((e for e in store.iter_events() if e.id == event_id), None)
    if event is None:
        return None
    claims = index_claims(store.iter_claims(subject_id=event.subject_id))
    return _entry(event, claims, store.published_dates({c.document_id for c in claims.values()}))


@dataclass(frozen=True, slots=True)
class Finding:
    """The answer for one claim in a checked text: the events it matches or resembles and
    why (``matches``), the person's history of this kind, and its origin's track record."""

    claim: Claim
    entity: Entity | None
    seen_before: bool
    matching_event: TimelineEvent | None
    history: HistorySummary | None
    earlier: tuple[Event, ...]
    track_record: TrackRecord | None
    matches: tuple[EventMatch, ...] = ()
    verdict: str = "new"

    @property
    def headline(self) -> str:
        who = self.entity.name if self.entity else self.claim.subject
        if self.entity is None:
            return f"{who}: not in the ledger; a new claim"
        summary = self.history.text if self.history and self.history.total else "first report"
        return f"{who} {self.claim.predicate}: {self.verdict}; {summary}"

    @property
    def origin_text(self) -> str:
        """Who the claim is charged to, and that origin's record under its normalised name."""
        origin = self.claim.origin or trace_origin(self.claim)
        said = f"claimant “{self.claim.claimant}”, " if self.claim.claimant else ""
        if is_unnamed(origin):
            return f"{said}origin: nobody named in the text, so no track record"
        if self.track_record is None:
            return f"{said}origin {origin}: no track record in the ledger yet"
        item = standing(self.track_record)
        r = self.track_record
        return (
            f"{said}origin {r.origin}: {r.total} events supported, {r.confirmed} confirmed, "
            f"{r.refuted} refuted, {r.disputed} disputed, {r.unverified} unverified; {item.note}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "verdict": self.verdict,
            "claim": self.claim.as_dict(),
            "entity": self.entity.as_dict() if self.entity else None,
            "seen_before": self.seen_before,
            "matches": [m.as_dict() for m in self.matches],
            "matching_event": self.matching_event.as_dict() if self.matching_event else None,
            "history": self.history.as_dict() if self.history else None,
            "earlier_events": [e.as_dict() for e in self.earlier],
            "track_record": self.track_record.as_dict() if self.track_record else None,
            "origin_text": self.origin_text,
        }


@dataclass(frozen=True, slots=True)
class SimilarClaim:
    """A stored claim near a text with no claim of its own: ``shared`` are the query's words
    it contains, which is what put it on the list (``score`` only orders one search)."""

    claim: Claim
    score: float
    shared: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        if not self.shared:
            return "close in meaning (no word in common)"
        return "shares the words " + ", ".join(self.shared)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "shared_words": list(self.shared),
            "why": self.why,
            "claim": self.claim.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class CheckAnswer:
    """What `check` says about a text: one finding per claim, or the nearest stored claims;
    or, for a text in a language extraction does not read, why it was not checked."""

    text: str
    findings: tuple[Finding, ...]
    similar: tuple[SimilarClaim, ...] = ()
    language: str | None = None  # as read (None: no letters to tell by; only retrieved)
    not_extracted: str | None = None  # "language de": not read, only retrieved

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "language": self.language,
            "not_extracted": self.not_extracted,
            "supported_languages": list(supported_languages()),
            "findings": [f.as_dict() for f in self.findings],
            "similar": [s.as_dict() for s in self.similar],
        }


# How sure language detection must be before `check` refuses a text as another language's.
# A sentence in another language scores above it (a seven-word German one 0.82, longer ones
# near 1); a bare name or a short phrase scores lower whatever it is ("Lena Varga": Spanish,
# 0.57), and is read as the likeliest supported language.
CHECK_LANGUAGE_CONFIDENCE = 0.8


def check(
    store: Store,
    text: str,
    *,
    published_at: date | None = None,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> CheckAnswer:
    """Has this been claimed before, by whom, and how did it turn out?

    The text's claims are extracted as for any document (dated today unless told) and each
    is compared with the ledger's events for the same person; text with no extractable claim
    falls back to retrieval of the nearest stored claims. The language is detected among
    ``languages`` first: a text surely in a language extraction does not read is not read
    (``not_extracted`` says why; the nearest stored claims are still given); one too short to
    tell is read as the likeliest language extraction reads.
    """
    # Extraction loads spaCy: imported here so that commands that only read the ledger
    # start without it (benchmarks/startup.py).
    from claimledger.extract.claims import extract_claims
    from claimledger.extract.packs import extract_pack, has_pack

    language, reason = check_language(text, languages)
    if reason is not None or language is None:
        nearest = tuple(_similar(store, text))
        return CheckAnswer(text, (), nearest, language=language, not_extracted=reason)
    when = published_at or datetime.now(UTC).date()
    doc = Document(text=text, id="check", published_at=when, language=language)
    # A pack language is read by the pack extractor (claimledger.extract.packs), English by
    # its own rules.
    if has_pack(language):
        extraction = extract_pack(doc, document_id="check")
    else:
        extraction = extract_claims(doc, document_id="check")
    records: dict[str, TrackRecord] = {}  # filled per origin key as the claims need them
    findings = tuple(_finding(store, claim, records) for claim in extraction.claims)
    similar: tuple[SimilarClaim, ...] = ()
    if not findings:
        similar = tuple(_similar(store, text))
    return CheckAnswer(text, findings, similar, language=language)


def check_language(text: str, languages: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The language to read a checked text as, and why it is not read (``None`` when it is).

    A short text's detection is a guess (a bare name gets a language from its spelling), so
    only a sure one (``CHECK_LANGUAGE_CONFIDENCE``) refuses the text; otherwise it is read as
    the likeliest language extraction reads, or not at all when none is a candidate.
    """
    from claimledger.ingest.normalize import language_confidences

    ranked = language_confidences(text, languages)
    if not ranked:
        return None, None
    best, confidence = ranked[0]
    if not is_supported(best) and confidence >= CHECK_LANGUAGE_CONFIDENCE:
        return best, not_extracted_reason(best)
    return next((code for code, _ in ranked if is_supported(code)), None), None


def _finding(store: Store, claim: Claim, records: dict[str, TrackRecord]) -> Finding:
    """One claim against the ledger, by indexed lookups only: the entity by alias key, the
    subject's events, the origins of its events of this kind, the matching event's claims,
    the origin's track record (``records`` caches track records by origin key across the
    claims of one text)."""
    origin = trace_origin(claim)
    claim = replace(claim, origin=origin)
    record = None if is_unnamed(origin) else _track_record(store, origin, records)
    candidates = [e for e in find_entities(store, claim.subject) if e.type == "person"]
    if not candidates:
        return Finding(claim, None, False, None, None, (), record)
    entity = candidates[0]
    claim = replace(claim, subject_id=entity.id)
    kind = kind_of(claim.predicate)
    events = sorted(store.subject_events(entity.id), key=_event_order)
    same_kind = [e for e in events if kind_of(e.predicate) == kind]
    matches = _matches(store, claim, entity, same_kind, record)
    match = next((m.event for m in matches if m.level == "same"), None)
    history = summarize_history(same_kind, claim.predicate)
    earlier = tuple(e for e in same_kind if e is not match)
    entry = _subject_entry(store, match, entity.id) if match is not None else None
    verdict = verdict_text(matches, claim, len(same_kind))
    return Finding(
        claim, entity, match is not None, entry, history, earlier, record, matches, verdict
    )


def _matches(
    store: Store,
    claim: Claim,
    entity: Entity,
    events: Sequence[Event],
    record: TrackRecord | None,
) -> tuple[EventMatch, ...]:
    """The events the claim matches or resembles, the same events first (see ``matching``)."""
    origin = claim.origin or trace_origin(claim)
    key = origin_key(record.origin if record else origin)
    label = origin_label(record.origin if record else origin)
    if is_unnamed(origin):
        key, label = "", "the text's unnamed source"
    origins = store.event_origin_keys(e.id for e in events) if events else {}
    found = [
        m
        for e in events
        if (
            m := compare(
                claim,
                e,
                entity=entity,
                origin_key=key,
                origin_label=label,
                event_origin_keys=origins.get(e.id, []),
            )
        )
    ]
    return tuple(sorted(found, key=lambda m: m.level != "same"))


def _track_record(store: Store, origin: str, records: dict[str, TrackRecord]) -> TrackRecord | None:
    """The origin's record under its normalised name: the person's, summed over his names,
    when the name resolves to one person; else the record of its origin key."""
    key = origin_key(origin)
    if key not in records:
        name, keys = origin_keys(store, origin)
        found = store.track_records(sorted(keys))
        if found:
            records[key] = found[0] if len(found) == 1 else _summed(name, found)
    return records.get(key)


def _subject_entry(store: Store, event: Event, subject_id: str) -> TimelineEvent:
    """The event as ``timeline`` shows it: its claims and evidence among the subject's."""
    claims = store.claims_by_ids([*event.claims, *event.evidence])
    mine = index_claims(c for c in claims if c.subject_id == subject_id)
    return _entry(event, mine, store.published_dates({c.document_id for c in mine.values()}))


def _similar(store: Store, text: str, limit: int = 5) -> Sequence[SimilarClaim]:
    """Nearest stored claims by the database's full-text index, reranked by sentence
    embeddings when the ``semantic`` extra is installed (see claimledger.retrieve)."""
    wanted = clean_query(text).split()
    found: list[SimilarClaim] = []
    seen: set[str] = set()
    # Fetch a few more than shown: copies of one quote (syndicated, or claims of one sentence)
    # are shown once.
    for hit in search_claims(store, text, limit=limit * 3):
        quote = " ".join(clean_query(hit.claim.quote).split())
        if quote in seen:
            continue
        seen.add(quote)
        words = set(clean_query(claim_text(hit.claim)).split())
        found.append(SimilarClaim(hit.claim, hit.score, tuple(w for w in wanted if w in words)))
        if len(found) == limit:
            break
    return found


# Read views for the HTTP API and the web pages: listings with filters, one record's detail.
# Filters that the store indexes (subject, predicate, document) go to SQL as bound parameters;
# the rest (status, origin, dates) are applied to the typed records here.


def get_entity(store: Store, entity_id: str) -> Entity | None:
    """The entity with this id, or None."""
    return next((e for e in store.iter_entities() if e.id == entity_id), None)


def resolve_person(store: Store, person: str) -> Entity | None:
    """An entity id, or else any name or spelling of one (persons first)."""
    return get_entity(store, person) or next(iter(find_entities(store, person)), None)


def claim_origin(claim: Claim) -> str:
    """The origin the ledger traced a claim to (computed when it was not stored)."""
    return claim.origin or trace_origin(claim)


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What `list_claims` keeps; every field is optional and they combine with AND.

    ``since``/``until`` keep claims whose time overlaps the range (undated claims are left
    out when either is given).
    """

    subject_id: str | None = None
    predicate: str | None = None
    status: str | None = None
    origin: str | None = None
    document_id: str | None = None
    since: date | None = None
    until: date | None = None

    def keeps(self, claim: Claim, statuses: dict[str, str]) -> bool:
        if self.status is not None and statuses.get(claim.event_id or "") != self.status:
            return False
        if self.origin is not None and origin_key(claim_origin(claim)) != origin_key(self.origin):
            return False
        if self.since is None and self.until is None:
            return True
        if claim.when is None:
            return False
        return (self.since is None or claim.when.end >= self.since) and (
            self.until is None or claim.when.start <= self.until
        )


def event_statuses(store: Store, subject_id: str | None = None) -> dict[str, str]:
    """Event id -> status, for one subject or the whole ledger."""
    return {e.id: e.status for e in store.iter_events(subject_id=subject_id)}


def list_claims(
    store: Store, filters: ClaimFilter, *, limit: int | None = None, offset: int = 0
) -> list[Claim]:
    """Claims that pass ``filters``, in document and text order, one page of them."""
    statuses = event_statuses(store, filters.subject_id) if filters.status else {}
    claims = store.iter_claims(
        subject_id=filters.subject_id,
        predicate=filters.predicate,
        document_id=filters.document_id,
    )
    kept = (c for c in claims if filters.keeps(c, statuses))
    stop = None if limit is None else offset + limit
    return list(islice(kept, offset, stop))


def list_events(
    store: Store,
    *,
    subject_id: str | None = None,
    status: str | None = None,
    predicate: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Event]:
    """Events, oldest first (undated last), filtered by subject, status and predicate."""
    events = [
        e
        for e in store.iter_events(subject_id=subject_id)
        if status in (None, e.status) and predicate in (None, e.predicate)
    ]
    events.sort(key=_event_order)
    return events[offset : None if limit is None else offset + limit]


def recent_events(store: Store, limit: int = 10) -> list[Event]:
    """The latest dated events (by the end of their time span), newest first."""
    dated = [e for e in store.iter_events() if e.when is not None]
    dated.sort(key=lambda e: (e.when.end if e.when else date.min, e.id), reverse=True)
    return dated[:limit]


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """A person with how many events are reported about them and how many are contested."""

    entity: Entity
    events: int
    contested: int  # refuted or disputed events

    def as_dict(self) -> dict[str, Any]:
        return {"entity": self.entity.as_dict(), "events": self.events, "contested": self.contested}


def contested_people(store: Store, limit: int = 10) -> list[PersonSummary]:
    """Persons with the most refuted or disputed events, then the most events."""
    counts: dict[str, list[int]] = {}
    for event in store.iter_events():
        row = counts.setdefault(event.subject_id, [0, 0])
        row[0] += 1
        row[1] += event.status in ("refuted", "disputed")
    people = [
        PersonSummary(e, *counts[e.id])
        for e in store.iter_entities()
        if e.type == "person" and e.id in counts
    ]
    people.sort(key=lambda p: (-p.contested, -p.events, p.entity.name))
    return people[:limit]


@dataclass(frozen=True, slots=True)
class LedgerStats:
    """Counts of the ledger, each as its listing lists it, the documents stored but not
    extracted, by language, and the documents whose extraction failed."""

    counts: dict[str, int]
    not_extracted: dict[str, int]
    extraction_failed: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The counts with "sources", the publishers' count under the name the HTTP API has
        always given it (its clients and schema expect the key)."""
        return {**self.listing_dict(), "sources": self.counts["publishers"]}

    def listing_dict(self) -> dict[str, Any]:
        """The counts as `stats --json` prints them, each named as its listing."""
        return {
            **self.counts,
            "not_extracted": dict(self.not_extracted),
            "extraction_failed": self.extraction_failed,
        }

    def rows(self) -> Iterator[tuple[str, int]]:
        """(what, count) for a table: the counts, then not extracted in all and by language,
        then the failed extractions."""
        yield from self.counts.items()
        yield "not extracted", sum(self.not_extracted.values())
        for language, count in self.not_extracted.items():
            yield f"not extracted: language {language}", count
        yield "extraction failed", self.extraction_failed


def ledger_stats(store: Store) -> LedgerStats:
    """The ledger's counts, named and counted as the listings show them: "publishers" are the
    outlets documents name (the store's ``sources`` table), "origins" the first claimants
    ``sources`` ranks, "claims" those of the documents' latest versions (``claims list``)."""
    rows = store.stats()
    counts = {
        "documents": rows["documents"],
        "versions": rows["versions"],
        "publishers": rows["sources"],
        "origins": len(standings(store)),  # the rows `sources` lists
        "entities": rows["entities"],
        "mentions": rows["mentions"],
        "claims": store.count_claims(),
        "events": rows["events"],
    }
    return LedgerStats(counts, store.not_extracted_counts(), store.count_failed_documents())


@dataclass(frozen=True, slots=True)
class DocumentClaims:
    """A stored document with its claims (text order) and the events they belong to."""

    document: StoredDocument
    claims: tuple[Claim, ...]
    events: dict[str, Event]


def document_with_claims(store: Store, document_id: str) -> DocumentClaims | None:
    doc = store.get_document(document_id)
    if doc is None:
        return None
    claims = tuple(store.iter_claims(document_id=doc.document_id))
    wanted = {c.event_id for c in claims if c.event_id}
    events = {e.id: e for e in store.iter_events() if e.id in wanted}
    return DocumentClaims(doc, claims, events)


@dataclass(frozen=True, slots=True)
class OriginDetail:
    """An origin's track record and every claim traced back to it, with the claims' events;
    ``counted`` are the events behind the record's counts (one per event it supported)."""

    record: TrackRecord
    claims: tuple[Claim, ...]
    events: dict[str, Event]
    counted: tuple[Event, ...] = ()

    @property
    def standing(self) -> OriginStanding:
        return standing(self.record)

    def counted_by_status(self) -> dict[str, list[Event]]:
        """The counted events by status, in the order statuses are listed."""
        return {s: [e for e in self.counted if e.status == s] for s in STATUSES}

    def as_dict(self) -> dict[str, Any]:
        statuses = {k: e.status for k, e in self.events.items()}
        return {
            **self.standing.as_dict(),
            "counted_events": [_event_brief(e) for e in self.counted],
            "claims": [
                {**c.as_dict(), "status": statuses.get(c.event_id or "")} for c in self.claims
            ],
        }


def _event_brief(event: Event) -> dict[str, Any]:
    when = event.when.as_dict() if event.when else None
    return {"id": event.id, "subject_id": event.subject_id, "predicate": event.predicate,
            "when": when, "where": event.where, "status": event.status}  # fmt: skip


def origin_detail(store: Store, name: str) -> OriginDetail | None:
    """One origin (matched by its comparison key) with its track record, the events behind
    its counts and the claims traced to it."""
    shown, keys = origin_keys(store, name)
    claims = tuple(c for c in store.iter_claims() if origin_key(claim_origin(c)) in keys)
    found = store.track_records(sorted(keys))
    record = (found[0] if len(found) == 1 else _summed(shown, found)) if found else None
    if record is None and not claims:
        return None
    counted_ids = {e: st for k in sorted(keys) for e, st in store.origin_events(k)}
    wanted = {c.event_id for c in claims if c.event_id} | set(counted_ids)
    events = {e.id: e for e in store.iter_events() if e.id in wanted}
    counted = tuple(sorted((events[i] for i in counted_ids if i in events), key=_event_order))
    return OriginDetail(record or TrackRecord(shown), claims, events, counted)
