"""Claim identity, event kinds and the ``EventDraft`` record shared by the ledger's modules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from anyascii import anyascii

from claimledger.types import Claim, Predicate, TimeSpan

EVENT_KINDS: Mapping[str, str] = {
    "killed": "death",
    "died": "death",
    "wounded": "wounded",
    "poisoned": "poisoned",
    "captured": "custody",
    "arrested": "custody",
    "detained": "custody",
    "released": "released",
    "charged": "charged",
    "tried": "tried",
    "convicted": "convicted",
    "sentenced": "sentenced",
    "appointed": "appointed",
    "moved": "moved",
    "alive": "alive",
}


@dataclass(frozen=True, slots=True)
class EventDraft:
    """Claims grouped into one event, before assessment gives it a status."""

    id: str
    subject_id: str
    kind: str
    predicate: Predicate
    claim_ids: tuple[str, ...]
    when: TimeSpan | None = None
    where: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "subject_id": self.subject_id,
            "kind": self.kind,
            "predicate": self.predicate,
            "claim_ids": list(self.claim_ids),
            "when": self.when.as_dict() if self.when else None,
            "where": self.where,
        }


# Kinds of event that show the person alive at their date (alive, or wounded, held, moving).
LIFE_KINDS = frozenset({"alive", "wounded", "custody", "moved", "appointed", "released"})


def kind_of(predicate: str) -> str:
    """The event kind of a predicate (``killed`` and ``died`` are both ``death``)."""
    return EVENT_KINDS.get(predicate, predicate)


def claim_key(claim: Claim) -> str:
    """The claim's id, or a stable stand-in from its document, offsets and predicate."""
    if claim.id:
        return claim.id
    return f"{claim.document_id}:{claim.start}-{claim.end}:{claim.predicate}"


def words(text: str) -> list[str]:
    """Lower-case ASCII words of a text (any script transliterated)."""
    return re.findall(r"[a-z0-9]+", anyascii(text).lower())


def subject_key(claim: Claim) -> str:
    """The resolved entity id, or ``unresolved:<folded subject text>`` when not resolved."""
    if claim.subject_id:
        return claim.subject_id
    return "unresolved:" + " ".join(words(claim.subject))


def index_claims(claims: Iterable[Claim]) -> dict[str, Claim]:
    """Claims by ``claim_key``: the mapping ``assess`` expects."""
    return {claim_key(c): c for c in claims}
