"""The ledger's nouns: one frozen record per domain noun, each with one way to become a dict.

Stages pass these records to each other; nothing passes tuples or loose dicts. The vocabulary
follows DESIGN.md: a Document holds Mentions of Entities; a Claim is one statement in one
Document; Claims about the same real occurrence form an Event, whose status is decided by rules.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

PREDICATES: tuple[str, ...] = (
    "killed",
    "died",
    "wounded",
    "poisoned",
    "captured",
    "arrested",
    "detained",
    "released",
    "charged",
    "tried",
    "convicted",
    "sentenced",
    "appointed",
    "moved",
    "alive",
)
Predicate = Literal[
    "killed",
    "died",
    "wounded",
    "poisoned",
    "captured",
    "arrested",
    "detained",
    "released",
    "charged",
    "tried",
    "convicted",
    "sentenced",
    "appointed",
    "moved",
    "alive",
]

MODALITIES: tuple[str, ...] = ("asserted", "hedged", "denied", "retracted")
Modality = Literal["asserted", "hedged", "denied", "retracted"]

STATUSES: tuple[str, ...] = ("confirmed", "refuted", "disputed", "unverified")
Status = Literal["confirmed", "refuted", "disputed", "unverified"]

ENTITY_TYPES: tuple[str, ...] = ("person", "organization", "place", "other")
EntityType = Literal["person", "organization", "place", "other"]

# How precise a time expression is; events use it as a matching tolerance.
# "reported": the date of a report of the event ("officials said on Monday that he had died"):
# the event came on or before ``end``; ``start`` only bounds how stale news usually is.
Precision = Literal[
    "day", "week", "month", "season", "quarter", "year", "years", "reported", "unknown"
]


def content_hash(text: str) -> str:
    """Hex SHA-256 of the NFC-normalised text: the identity of a document's content."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Document:
    """One article, as a reader produced it.

    ``id`` is the identifier given by the input (a JSONL ``id``) or ``None``; the store then
    identifies the document by its content hash. ``origin`` says where it came from
    (``path``, ``path:line``, ``path#record``, ``<stdin>``) so errors and users can find it.
    """

    text: str
    id: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: date | None = None
    # True when the date was taken from the body text rather than metadata (low confidence).
    published_at_estimated: bool = False
    language: str | None = None
    origin: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not be read, with where it is and why, so the run can go on."""

    origin: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line is not None else self.origin
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """An inclusive date range with the expression it came from and how precise it is."""

    start: date
    end: date
    text: str = ""
    precision: Precision = "day"
    # True when the anchor (the document date) was itself estimated, or a year was guessed.
    estimated: bool = False

    def overlaps(self, other: TimeSpan) -> bool:
        return self.start <= other.end and other.start <= self.end

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document naming an entity (or a pronoun or description resolved to one)."""

    document_id: str
    start: int
    end: int
    text: str
    label: str  # spaCy-style NER label: PERSON, ORG, GPE, NORP, ... or PRON / DESC
    entity_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with every name seen for it."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    description: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement in one document about what happened to whom, who says so and how firmly.

    ``start``/``end`` are character offsets of ``quote`` in the document's stored text.
    ``subject`` is the subject as written (after pronoun resolution, the antecedent's name);
    ``subject_id`` is the resolved entity.
    """

    document_id: str
    subject: str
    predicate: Predicate
    modality: Modality
    quote: str
    start: int
    end: int
    extractor: str
    when: TimeSpan | None = None
    where: str | None = None
    agent: str | None = None
    claimant: str | None = None
    via: tuple[str, ...] = ()
    origin: str | None = None
    subject_id: str | None = None
    id: str | None = None
    event_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One step in an event's status history: which claim changed it, to what, and why."""

    status: Status
    reason: str
    claim_id: str | None
    at: str  # ISO timestamp

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Event:
    """The real-world occurrence several claims are about, with its status and evidence."""

    id: str
    subject_id: str
    predicate: Predicate
    status: Status
    status_reason: str
    assessor: str
    when: TimeSpan | None = None
    where: str | None = None
    evidence: tuple[str, ...] = ()  # claim ids that decided the status
    claims: tuple[str, ...] = ()  # every claim id in the event
    history: tuple[StatusChange, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(frozen=True, slots=True)
class TrackRecord:
    """For one origin: how its claims ended."""

    origin: str
    confirmed: int = 0
    refuted: int = 0
    disputed: int = 0
    unverified: int = 0

    @property
    def total(self) -> int:
        return self.confirmed + self.refuted + self.disputed + self.unverified

    @property
    def resolved(self) -> int:
        """Events that turned out one way or the other (confirmed or refuted)."""
        return self.confirmed + self.refuted

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "total": self.total, "resolved": self.resolved}
