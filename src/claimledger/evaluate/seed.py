"""Score a ledger export against the seed gold format (``../shared/data/seed/gold.yaml``).

The seed gold lists ``entities`` with their names and ``events`` whose claims carry the document
and the quoted text (``doc`` + ``text``).

The evaluation reads the public export format (``claimledger.export.v1``), so it measures what
outside tools see. Matching rules, stated once here:

- a gold **name** is found when an exported entity has it as name or alias (case-insensitive);
  a name annotated "(in article X)" is looked up among that article's mentions instead;
- a gold **claim** is found when a claim of the same document overlaps its quote's characters
  and has a compatible predicate (killed and died are one kind);
- a gold **event** is matched by a system event about the same person, of a compatible
  predicate, whose dates overlap (an undated gold event accepts any date); an event annotated
  with several subjects counts once per person, since a ledger event has one subject;
- claimant: equal after normalisation, or the same words in another order ("Russian Defense
  Ministry" = "Russian Ministry of Defense"); a gold null claimant needs a null claimant;
- status: equal, or an alternative the gold note allows ("disputed or refuted both score");
  the historical status "established" accepts confirmed or unverified.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

KIND = {
    "killed": "death",
    "died": "death",
    "captured": "custody",
    "arrested": "custody",
    "detained": "custody",
}

_ARTICLE_NOTE = re.compile(r"^(?P<name>.+?)\s*\(in articles? (?P<docs>[^)]+)\)$")
_ALTERNATIVES = re.compile(r"\b(\w+) or (\w+) both score\b")
_STOPWORDS = {"the", "a", "an", "of", "s"}


def kind(predicate: str) -> str:
    return KIND.get(predicate, predicate)


@dataclass(slots=True)
class NameResult:
    person: str
    names: int
    found: int
    merged: int  # names in the entity most of them landed in

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "names": self.names,
            "found": self.found,
            "merged": self.merged,
        }


@dataclass(slots=True)
class Report:
    names: list[NameResult] = field(default_factory=list)
    wrong_merges: list[tuple[str, str]] = field(default_factory=list)
    gold_claims: int = 0
    claims_found: int = 0
    claimant_right: int = 0
    modality_right: int = 0
    misattributed: int = 0  # matched claims whose subject is another gold person
    gold_events: int = 0
    system_events: int = 0
    events_matched_gold: int = 0
    events_matched_system: int = 0
    status_right: int = 0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(num: int, den: int) -> float:
        return round(num / den, 3) if den else 0.0

    def metrics(self) -> dict[str, float]:
        names = sum(r.names for r in self.names)
        return {
            "names_merged": self._ratio(sum(r.merged for r in self.names), names),
            "wrong_merges": float(len(self.wrong_merges)),
            "claim_recall": self._ratio(self.claims_found, self.gold_claims),
            "claimant_accuracy": self._ratio(self.claimant_right, self.claims_found),
            "modality_accuracy": self._ratio(self.modality_right, self.claims_found),
            "misattributed_claims": float(self.misattributed),
            "event_recall": self._ratio(self.events_matched_gold, self.gold_events),
            "event_precision": self._ratio(self.events_matched_system, self.system_events),
            "status_accuracy": self._ratio(self.status_right, self.events_matched_gold),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "metrics": self.metrics(),
            "names": [r.as_dict() for r in self.names],
            "wrong_merges": [list(p) for p in self.wrong_merges],
            "claims": {"gold": self.gold_claims, "found": self.claims_found},
            "events": {
                "gold": self.gold_events,
                "system": self.system_events,
                "matched_gold": self.events_matched_gold,
            },
            "misses": self.misses,
        }


class _Ledger:
    """Indexes over an export for the lookups the scoring needs."""

    def __init__(self, export: Mapping[str, Any]) -> None:
        self.texts = {d["id"]: d.get("text", "") for d in export["documents"]}
        self.by_name: dict[str, set[str]] = defaultdict(set)
        for entity in export["entities"]:
            for name in (entity["name"], *entity.get("aliases", ())):
                self.by_name[_norm(name)].add(entity["id"])
        self.by_doc_mention: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for m in export.get("mentions", ()):
            if m.get("entity_id"):
                self.by_doc_mention[(m["document_id"], _norm(m["text"]))][m["entity_id"]] += 1
        for c in export["claims"]:
            if c.get("subject_id"):
                key = (c["document_id"], _norm(c.get("subject", "")))
                self.by_doc_mention[key][c["subject_id"]] += 1
        self.claims_by_doc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for c in export["claims"]:
            self.claims_by_doc[c["document_id"]].append(c)
        self.events = list(export.get("events", ()))

    def entities_for(self, gold_name: str) -> set[str]:
        match = _ARTICLE_NOTE.match(gold_name)
        if not match:
            return set(self.by_name.get(_norm(gold_name), set()))
        name = _norm(match["name"])
        found: set[str] = set()
        for doc_prefix in re.split(r"\s*,\s*|\s+and\s+", match["docs"]):
            for (doc_id, text), counts in self.by_doc_mention.items():
                if doc_id.startswith(doc_prefix.strip()) and text == name:
                    found |= set(counts)
        return found


def _norm(text: str) -> str:
    return re.sub(r"[\s\u2019'`]+", " ", text.casefold()).strip()


def evaluate(export: Mapping[str, Any], gold: Mapping[str, Any]) -> Report:
    ledger = _Ledger(export)
    report = Report()
    person_entities = _score_names(ledger, gold.get("entities", ()), report)
    _score_claims(ledger, gold.get("events", ()), person_entities, report)
    _score_events(ledger, gold.get("events", ()), person_entities, report)
    return report


def _score_names(
    ledger: _Ledger, entities: Iterable[Mapping[str, Any]], report: Report
) -> dict[str, set[str]]:
    """Per gold entity: the system entity most of its names landed in (its home)."""
    homes: dict[str, set[str]] = {}
    for entity in entities:
        votes: Counter[str] = Counter()
        found = 0
        for name in entity["names"]:
            ids = ledger.entities_for(name)
            found += bool(ids)
            votes.update(ids)
        home = votes.most_common(1)[0][0] if votes else None
        homes[entity["id"]] = {home} if home else set()
        if entity.get("type") == "person":
            merged = sum(1 for n in entity["names"] if home and home in ledger.entities_for(n))
            report.names.append(NameResult(entity["id"], len(entity["names"]), found, merged))
    people = [e["id"] for e in entities if e.get("type") == "person"]
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if homes[a] and homes[a] == homes[b]:
                report.wrong_merges.append((a, b))
    return homes


def _subject_entities(subject: Any, homes: Mapping[str, set[str]], ledger: _Ledger) -> set[str]:
    subjects = subject if isinstance(subject, list) else [subject]
    found: set[str] = set()
    for s in subjects:
        found |= homes.get(s) or ledger.entities_for(str(s))
    return found


def _score_claims(
    ledger: _Ledger,
    events: Iterable[Mapping[str, Any]],
    homes: Mapping[str, set[str]],
    report: Report,
) -> None:
    gold_people = set().union(*homes.values()) if homes else set()
    for event in events:
        subjects = _subject_entities(event["subject"], homes, ledger)
        for claim in event.get("claims", ()):
            report.gold_claims += 1
            match = _find_claim(ledger, claim, event["predicate"])
            if match is None:
                report.misses.append(f"claim not found: {claim['doc']}: {claim['text'][:70]}")
                continue
            report.claims_found += 1
            sid = match.get("subject_id")
            if subjects and sid in gold_people and sid not in subjects:
                report.misattributed += 1
            report.claimant_right += _same_claimant(claim.get("claimant"), match.get("claimant"))
            report.modality_right += claim.get("modality") == match.get("modality")


def _find_claim(
    ledger: _Ledger, claim: Mapping[str, Any], predicate: str
) -> Mapping[str, Any] | None:
    text = ledger.texts.get(claim["doc"], "")
    start = text.find(claim["text"])
    if start < 0:
        return None
    end = start + len(claim["text"])
    best, best_overlap = None, 0
    for c in ledger.claims_by_doc.get(claim["doc"], ()):
        overlap = min(end, c["end"]) - max(start, c["start"])
        if overlap <= 0 or kind(c["predicate"]) != kind(predicate):
            continue
        overlap += 10_000 * (c["predicate"] == predicate)
        if overlap > best_overlap:
            best, best_overlap = c, overlap
    return best


def _claimant_words(name: str) -> frozenset[str]:
    words = re.findall(r"\w+", name.casefold().replace("defence", "defense"))
    return frozenset(w for w in words if w not in _STOPWORDS)


def _same_claimant(gold: str | None, system: str | None) -> bool:
    if gold is None or system is None:
        return gold is None and system is None
    g, s = _claimant_words(gold), _claimant_words(system)
    return bool(g) and (g == s or g <= s or s <= g)


def _score_events(
    ledger: _Ledger,
    events: Sequence[Mapping[str, Any]],
    homes: Mapping[str, set[str]],
    report: Report,
) -> None:
    events = per_person(events)
    report.gold_events = len(events)
    report.system_events = len(ledger.events)
    used: set[str] = set()
    # One-to-one matching, the most precisely dated gold events first, so that a system event
    # that swallowed two real events scores one of them, not both.
    for event in sorted(events, key=_span_width):
        subjects = _subject_entities(event["subject"], homes, ledger)
        span = gold_span(event.get("when"))
        candidates = [
            e
            for e in ledger.events
            if e["id"] not in used
            and e["subject_id"] in subjects
            and kind(e["predicate"]) == kind(event["predicate"])
            and (span is None or _overlaps(span, e.get("when")))
        ]
        if not candidates:
            report.misses.append(f"event not found: {event['id']}")
            continue
        chosen = min(candidates, key=lambda e: _distance(span, e.get("when")))
        used.add(chosen["id"])
        report.events_matched_gold += 1
        report.status_right += chosen.get("status") in accepted_statuses(event)
    report.events_matched_system = len(used)


def per_person(events: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One gold event per person: an event annotated with a list of subjects ("X and Y were
    tried") is, in the ledger's terms, one event for each of them (an event has one subject)."""
    out: list[Mapping[str, Any]] = []
    for event in events:
        subjects = event["subject"]
        if isinstance(subjects, list) and len(subjects) > 1:
            out += [{**event, "id": f"{event['id']}/{s}", "subject": s} for s in subjects]
        else:
            out.append(event)
    return out


def accepted_statuses(event: Mapping[str, Any]) -> set[str]:
    status = event.get("status")
    if status == "established":
        return {"confirmed", "unverified"}
    accepted = {status}
    alternatives = _ALTERNATIVES.search(str(event.get("note", "")))
    if alternatives and status in alternatives.groups():
        accepted |= set(alternatives.groups())
    return accepted  # type: ignore[return-value]


def gold_span(when: Any) -> tuple[date, date] | None:
    """A gold ``when`` (YYYY, YYYY-MM, YYYY-MM-DD, a [from, to] list, or null) as a range."""
    if when is None:
        return None
    if isinstance(when, list):
        first, last = gold_span(when[0]), gold_span(when[-1])
        return (first[0], last[1]) if first and last else None
    if isinstance(when, date):
        return when, when
    text = str(when)
    if m := re.fullmatch(r"(\d{4})", text):
        return date(int(text), 1, 1), date(int(text), 12, 31)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), _month_end(year, month)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return (d := date(int(m[1]), int(m[2]), int(m[3]))), d
    # "07-13 (year not stated; 2016)": a month-day with the annotator's year in a note.
    if (m := re.match(r"(\d{2})-(\d{2})\b", text)) and (y := re.search(r"\b(\d{4})\b", text)):
        return (d := date(int(y[1]), int(m[1]), int(m[2]))), d
    return None


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _overlaps(span: tuple[date, date], when: Mapping[str, Any] | None) -> bool:
    if not when or not when.get("start"):
        return False
    start, end = date.fromisoformat(when["start"]), date.fromisoformat(when["end"])
    return start <= span[1] and span[0] <= end


def _span_width(event: Mapping[str, Any]) -> int:
    span = gold_span(event.get("when"))
    return (span[1] - span[0]).days if span else 100_000


def _distance(span: tuple[date, date] | None, when: Mapping[str, Any] | None) -> int:
    if span is None or not when or not when.get("start"):
        return 0 if span is None and not (when and when.get("start")) else 1
    start, end = date.fromisoformat(when["start"]), date.fromisoformat(when["end"])
    return abs((start - span[0]).days) + abs((end - span[1]).days)
