"""`check`: has this been claimed before, by whom, and how did it turn out?

The text's claims are extracted and each is compared with the ledger's events for the same
person by indexed lookups only (``claimledger.store.lookups``); a text with no claim gets the
nearest stored claims instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from claimledger.assess import HistorySummary, summarize_history
from claimledger.languages import is_supported, not_extracted_reason, supported_languages
from claimledger.ledger import (
    index_claims,
    is_unnamed,
    kind_of,
    origin_key,
    origin_label,
    trace_origin,
)
from claimledger.matching import EventMatch, compare, verdict_text
from claimledger.queries.origins import origin_keys, standing, summed_record
from claimledger.queries.people import find_entities
from claimledger.queries.timeline import TimelineEvent, event_order, timeline_entry
from claimledger.retrieve import claim_text, clean_query, search_claims
from claimledger.settings import DEFAULT_LANGUAGES
from claimledger.store import Store
from claimledger.types import Claim, Document, Entity, Event, TrackRecord


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
    events = sorted(store.subject_events(entity.id), key=event_order)
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
            records[key] = found[0] if len(found) == 1 else summed_record(name, found)
    return records.get(key)


def _subject_entry(store: Store, event: Event, subject_id: str) -> TimelineEvent:
    """The event as ``timeline`` shows it: its claims and evidence among the subject's."""
    claims = store.claims_by_ids([*event.claims, *event.evidence])
    mine = index_claims(c for c in claims if c.subject_id == subject_id)
    return timeline_entry(
        event, mine, store.published_dates({c.document_id for c in mine.values()})
    )


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
