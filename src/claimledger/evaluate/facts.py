"""Score a ledger export against facts-only gold, with the reference scorer's matching rules.

Outside evaluations run ``../shared/tools/score.py`` on the export; this module applies the same
rules so that ``claimledger eval`` prints the same figures (a test runs both). The rules:

- Names are compared *folded*: accents dropped, lower case, "(...)" removed, punctuation and
  ``_`` read as spaces.
- **Names found**: each name of each person (as listed) that an exported entity has as its name
  or an alias.
- A person's *own* names are those the gold gives no other person; a shared name ("bin Laden")
  may reach either person's entity without counting against the ledger. **Persons split**: the
  persons whose own names reach more than one entity. **Wrong merges**: the pairs of persons
  whose own names reach a common entity.
- A system event is *about* a person when its subject entity is reached by one of the person's
  names (shared ones too). (The reference also accepts a subject entity having one of the
  person's names, which is the same test: every name of an entity reaches it.)
- **Events**, in the gold's order: the candidates are the system events about the subject, of
  the same predicate group (killed = died = dead), whose dates come within 20 days of the gold
  range (an undated gold event takes any date; an undated system event fits no dated one).
  The candidate not matched before, with the most claims, is the match; when every candidate
  was matched before, the event still counts for recall but not twice for precision.
- **Status**: equal; a refuted or disputed gold event whose note says "refuted" accepts either;
  the historical "established" accepts confirmed.
- **Claims**: a gold claim is found among the claims of all the event's candidates made in its
  article: the one whose claimant (else origin) shares most words with the gold claimant. The
  claims of a missed event are not found. **Claimant** right: neither names one (an origin
  ``doc:...`` names none), or they share a word besides "the", "of", "a". **Modality** right:
  equal, a missing one read as asserted.
- **Event precision**: the system events matched over the system events about the gold events'
  subjects.

Per language (``languages=``): only the claims made in articles of those languages are scored,
and events without one are left out. Names are counted as without the restriction, and precision
still counts every system event (whatever its articles' language) about the people of the
remaining gold events.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from claimledger.evaluate.facts_gold import (
    DateSpan,
    FactsGold,
    GoldClaim,
    GoldEvent,
    parse_when,
)

KILLED = frozenset({"killed", "died", "dead", "death", "killed_or_died"})
# Predicates in one group match each other. A predicate outside every group is group -1, so
# two such predicates match: the reference scorer's rule, kept for agreement.
PREDICATE_GROUPS: tuple[frozenset[str], ...] = (
    KILLED,
    frozenset({"wounded", "injured"}),
    frozenset({"captured", "arrested", "detained"}),
    frozenset({"poisoned"}),
    frozenset({"alive"}),
    frozenset({"moved"}),
    frozenset({"tried", "charged", "convicted", "sentenced"}),
    frozenset({"released"}),
    frozenset({"appointed"}),
)
WHEN_SLACK_DAYS = 20
_FILLER_WORDS = frozenset({"the", "of", "a"})
_EITHER_WAY = frozenset({"disputed", "refuted"})

_PARENTHESES = re.compile(r"\(.*?\)")
_PUNCTUATION = re.compile(r"[^\w ]+|_")
_SPACES = re.compile(r"\s+")

FindingKind = Literal[
    "split", "wrong merge", "missed event", "claim not found", "claimant", "modality"
]


def fold(text: str | None) -> str:
    """A name or claimant as the rules compare it: "Ḥamza (son)" -> "hamza"."""
    if not text:
        return ""
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()
    bare = _PUNCTUATION.sub(" ", _PARENTHESES.sub(" ", bare))
    return _SPACES.sub(" ", bare).strip()


def _words(text: str | None) -> frozenset[str]:
    return frozenset(fold(text).split())


def predicate_group(predicate: str | None) -> int:
    predicate = (predicate or "").lower()
    return next((i for i, group in enumerate(PREDICATE_GROUPS) if predicate in group), -1)


def when_matches(gold: DateSpan | None, system: DateSpan | None) -> bool:
    """Whether a system date range comes within the slack of a gold one (None: undated)."""
    if gold is None:
        return True
    if system is None:
        return False
    slack = WHEN_SLACK_DAYS
    return (
        system[0].toordinal() <= gold[1].toordinal() + slack
        and gold[0].toordinal() <= system[1].toordinal() + slack
    )


def _ratio(num: int, den: int) -> float:
    return round(num / den, 3) if den else 0.0


@dataclass(frozen=True, slots=True)
class Finding:
    """One mistake, for ``--explain``: what kind, about what (a person, a pair, a gold event)."""

    kind: FindingKind
    about: str
    detail: str
    article: str | None = None

    def line(self) -> str:
        where = f" in {self.article}" if self.article else ""
        return f"{self.kind}: {self.about}{where}: {self.detail}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "about": self.about,
            "article": self.article,
            "detail": self.detail,
        }


@dataclass(slots=True)
class FactsScore:
    """The figures of one scope (all the gold's languages, or some)."""

    names: int = 0
    names_found: int = 0
    persons_split: int = 0
    wrong_merges: int = 0
    gold_events: int = 0
    events_matched: int = 0
    status_right: int = 0
    system_events: int = 0  # about the gold events' subjects
    system_events_matched: int = 0
    claims: int = 0
    claims_found: int = 0
    claimant_right: int = 0
    modality_right: int = 0
    missed_events: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        """The reference scorer's ``--json`` figures (missed events by gold id)."""
        return {
            "names_found": f"{self.names_found}/{self.names}",
            "persons_split": self.persons_split,
            "wrong_merges": self.wrong_merges,
            "event_recall": _ratio(self.events_matched, self.gold_events),
            "event_precision": _ratio(self.system_events_matched, self.system_events),
            "status_accuracy": _ratio(self.status_right, self.events_matched),
            "claims_found": f"{self.claims_found}/{self.claims}",
            "claimant_accuracy": _ratio(self.claimant_right, self.claims_found),
            "modality_accuracy": _ratio(self.modality_right, self.claims_found),
            "missed_events": list(self.missed_events),
        }

    def metrics(self) -> dict[str, float]:
        """Every figure as a number, for floors."""
        figures = self.figures()
        del figures["missed_events"]
        figures["names_found"] = _ratio(self.names_found, self.names)
        figures["claims_found"] = _ratio(self.claims_found, self.claims)
        return {k: float(v) for k, v in figures.items()}

    def counts(self) -> dict[str, int]:
        """The raw counts behind the figures."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: v for k, v in values.items() if isinstance(v, int)}


@dataclass(frozen=True, slots=True)
class FactsEvaluation:
    overall: FactsScore
    by_language: Mapping[str, FactsScore]
    findings: tuple[Finding, ...]  # of the overall scope
    languages: tuple[str, ...] | None = None  # the restriction, if any

    def metrics(self) -> dict[str, float]:
        """Overall metrics, and each language's as ``<language>.<metric>``."""
        metrics = self.overall.metrics()
        for language, score in self.by_language.items():
            metrics |= {f"{language}.{k}": v for k, v in score.metrics().items()}
        return metrics

    def as_dict(self) -> dict[str, Any]:
        def scope(score: FactsScore) -> dict[str, Any]:
            return {**score.figures(), "counts": score.counts()}

        return {
            "format": "facts",
            "languages": list(self.languages) if self.languages else None,
            "overall": scope(self.overall),
            "by_language": {lang: scope(s) for lang, s in self.by_language.items()},
            "explain": [f.as_dict() for f in self.findings],
            "metrics": self.metrics(),
        }


@dataclass(frozen=True, slots=True)
class _SystemEvent:
    id: Any
    subject_id: Any
    group: int
    span: DateSpan | None
    status: Any
    claims: tuple[Mapping[str, Any], ...]


class _Export:
    """The lookups the rules need over a ``claimledger.export.v1`` mapping."""

    def __init__(self, export: Mapping[str, Any]) -> None:
        entities = list(export.get("entities") or ())
        self.by_name: dict[str, set[Any]] = {}
        for entity in entities:
            for name in {fold(n) for n in _entity_names(entity)}:
                self.by_name.setdefault(name, set()).add(entity.get("id"))
        claims_by_event: dict[Any, list[Mapping[str, Any]]] = {}
        for claim in export.get("claims") or ():
            claims_by_event.setdefault(claim.get("event_id"), []).append(claim)
        self.events = [
            _SystemEvent(
                id=e.get("id"),
                subject_id=e.get("subject_id"),
                group=predicate_group(e.get("predicate")),
                span=_system_span(e.get("when")),
                status=e.get("status"),
                claims=tuple(claims_by_event.get(e.get("id"), ())),
            )
            for e in export.get("events") or ()
        ]


def _entity_names(entity: Mapping[str, Any]) -> list[str]:
    return [n for n in [entity.get("name"), *(entity.get("aliases") or ())] if n]


def _system_span(when: Any) -> DateSpan | None:
    try:
        return parse_when(when)
    except (ValueError, TypeError):
        return None  # an impossible date in an export is no date


@dataclass(frozen=True, slots=True)
class _People:
    """Where the gold people's names landed in the ledger."""

    reached: Mapping[str, frozenset[Any]]  # person -> entities any of its names reach
    own: Mapping[str, frozenset[Any]]  # person -> entities its own names reach
    listed: int
    found: int

    def splits(self) -> list[Finding]:
        return [
            Finding("split", person, f"its own names are in {_ids(entities)}")
            for person, entities in self.own.items()
            if len(entities) > 1
        ]

    def wrong_merges(self) -> list[Finding]:
        persons = list(self.own)
        found = []
        for i, first in enumerate(persons):
            for second in persons[i + 1 :]:
                if both := self.own[first] & self.own[second]:
                    found.append(Finding("wrong merge", f"{first} + {second}", f"in {_ids(both)}"))
        return found


def _ids(ids: frozenset[Any]) -> str:
    return ", ".join(sorted(str(i) for i in ids))


def _resolve_people(people: Mapping[str, tuple[str, ...]], index: _Export) -> _People:
    owners: dict[str, set[str]] = {}
    for person, names in people.items():
        for name in names:
            owners.setdefault(fold(name), set()).add(person)
    reached: dict[str, frozenset[Any]] = {}
    own: dict[str, frozenset[Any]] = {}
    listed = found = 0
    for person, names in people.items():
        anywhere: set[Any] = set()
        own_hits: set[Any] = set()
        for name in names:
            listed += 1
            hits = index.by_name.get(fold(name))
            if hits:
                found += 1
                anywhere |= hits
                if owners[fold(name)] == {person}:
                    own_hits |= hits
        reached[person], own[person] = frozenset(anywhere), frozenset(own_hits)
    return _People(reached, own, listed, found)


def score_facts(
    export: Mapping[str, Any], gold: FactsGold, *, languages: Sequence[str] | None = None
) -> FactsEvaluation:
    """Score ``export`` against ``gold``: overall (restricted to ``languages`` when given) and
    per language (each of ``languages``, else each language of the gold's articles)."""
    index = _Export(export)
    people = _resolve_people(gold.people, index)
    findings = [*people.splits(), *people.wrong_merges()]
    overall = _score_scope(
        gold.restricted(languages) if languages else gold, people, index, findings
    )
    by_language = {
        lang: _score_scope(gold.restricted([lang]), people, index, None)
        for lang in (languages or gold.languages())
    }
    scope = tuple(languages) if languages else None
    return FactsEvaluation(overall, by_language, tuple(findings), scope)


def _score_scope(
    gold: FactsGold, people: _People, index: _Export, findings: list[Finding] | None
) -> FactsScore:
    """One scope's figures; its mistakes go to ``findings`` unless that is None."""
    # Events about several people, or about someone without aliases, are not scored.
    events = [
        (e.subject, e)
        for e in gold.events
        if isinstance(e.subject, str) and e.subject in people.reached
    ]
    about = {
        person: [i for i, e in enumerate(index.events) if e.subject_id in people.reached[person]]
        for person in {subject for subject, _ in events}
    }
    score = FactsScore(
        names=people.listed,
        names_found=people.found,
        persons_split=len(people.splits()),
        wrong_merges=len(people.wrong_merges()),
        gold_events=len(events),
        system_events=len(set().union(*about.values())),
    )
    used: set[Any] = set()
    notes: list[Finding] = []
    for subject, event in events:
        candidates = _candidates(event, [index.events[i] for i in about[subject]], used)
        if not candidates:
            score.missed_events.append(event.id)
            score.claims += len(event.claims)
            notes.append(
                Finding("missed event", event.id, f"{event.predicate} {_when_text(event)}")
            )
            continue
        used.add(candidates[0].id)
        score.events_matched += 1
        score.status_right += _status_right(event, candidates[0].status)
        pool = [claim for candidate in candidates for claim in candidate.claims]
        for claim in event.claims:
            _score_claim(event, claim, pool, score, notes)
    score.system_events_matched = len(used)
    if findings is not None:
        findings += notes
    return score


def _candidates(event: GoldEvent, about: list[_SystemEvent], used: set[Any]) -> list[_SystemEvent]:
    """The system events that can be ``event``, the best first: not matched before, then the
    most claims (ties in export order)."""
    group = predicate_group(event.predicate)
    found = [e for e in about if e.group == group and when_matches(event.span, e.span)]
    return sorted(found, key=lambda e: (e.id in used, -len(e.claims)))


def _status_right(event: GoldEvent, status: Any) -> bool:
    if status == event.status:
        return True
    if event.status in _EITHER_WAY and status in _EITHER_WAY and "refuted" in event.note:
        return True
    return event.status == "established" and status == "confirmed"


def _score_claim(
    event: GoldEvent,
    claim: GoldClaim,
    pool: list[Mapping[str, Any]],
    score: FactsScore,
    notes: list[Finding],
) -> None:
    score.claims += 1
    found = _find_claim(claim, pool)
    if found is None:
        notes.append(
            Finding("claim not found", event.id, f"claimant {_claimant_text(claim)}", claim.article)
        )
        return
    score.claims_found += 1
    if _claimant_right(claim.claimant, found):
        score.claimant_right += 1
    else:
        detail = (
            f"gold {_claimant_text(claim)}, got {found.get('claimant')!r} "
            f"(origin {found.get('origin')!r})"
        )
        notes.append(Finding("claimant", event.id, detail, claim.article))
    gold_modality, modality = claim.modality or "asserted", found.get("modality") or "asserted"
    if gold_modality == modality:
        score.modality_right += 1
    else:
        detail = f"gold {gold_modality}, got {modality}: {str(found.get('quote'))[:90]!r}"
        notes.append(Finding("modality", event.id, detail, claim.article))


def _find_claim(claim: GoldClaim, pool: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The pool's claim made in the gold claim's article whose claimant (else origin) shares most
    words with the gold claimant; the first such in the pool's order."""
    in_article = [c for c in pool if c.get("document_id") == claim.article]
    if not in_article:
        return None
    wanted = _words(claim.claimant) - _FILLER_WORDS
    return max(in_article, key=lambda c: len(wanted & _words(c.get("claimant") or c.get("origin"))))


def _claimant_right(gold: str | None, claim: Mapping[str, Any]) -> bool:
    origin = claim.get("origin")
    if str(origin or "").startswith("doc:"):
        origin = None  # the document itself: no claimant, as a null claimant
    expected, got = _words(gold), _words(claim.get("claimant") or origin)
    if not expected or not got:
        return not expected and not got
    return bool((expected & got) - _FILLER_WORDS)


def _claimant_text(claim: GoldClaim) -> str:
    return repr(claim.claimant) if claim.claimant else "none (the article itself)"


def _when_text(event: GoldEvent) -> str:
    when = event.when
    if when is None:
        return "undated"
    if isinstance(when, list | tuple):
        return " to ".join(str(w) for w in when)
    return str(when)
