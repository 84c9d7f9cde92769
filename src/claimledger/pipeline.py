"""The pipeline, in the order DESIGN.md draws it.

    1. ingest   inputs -> Document | InputFailure            (claimledger.ingest)
    2. store    Document -> stored version, once per content (Store.add_document)
    3. nlp + extract    Document -> claims and mentions      (claimledger.extract)
    4. resolve  mentions -> entities across documents        (claimledger.resolve)
    5. ledger   claims -> events                             (claimledger.ledger)
    6. assess   events -> statuses with evidence             (claimledger.assess)

Each stage is a plain function over typed records; this module only strings them together and
calls the store at the edges. The CLI and the HTTP API both call ``ingest_items``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from claimledger.errors import StoreError
from claimledger.store import Store
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)

OutcomeStatus = Literal["new", "present", "new_version", "failed"]


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one input item."""

    origin: str
    status: OutcomeStatus
    document_id: str | None = None
    version: int | None = None
    reason: str | None = None
    line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "status": self.status,
            "document_id": self.document_id,
            "version": self.version,
            "reason": self.reason,
            "line": self.line,
        }


@dataclass(slots=True)
class IngestSummary:
    """Counts for the end-of-run summary, and the failures with their reasons."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[IngestOutcome] = field(default_factory=list)

    def add(self, outcome: IngestOutcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == "failed":
            self.failures.append(outcome)

    @property
    def ingested(self) -> int:
        return self.counts["new"] + self.counts["new_version"]

    @property
    def present(self) -> int:
        return self.counts["present"]

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "new_versions": self.counts["new_version"],
            "already_present": self.present,
            "failed": self.failed,
            "failures": [f.as_dict() for f in self.failures],
        }


def ingest_items(items: Iterable[Document | InputFailure], store: Store) -> Iterator[IngestOutcome]:
    """Store each document (one transaction each) and report what happened to every item.

    A failure of one item never stops the run: unreadable inputs arrive as InputFailure from
    the readers, and a document the store refuses is reported with the store's reason.
    """
    for item in items:
        if isinstance(item, InputFailure):
            yield IngestOutcome(item.origin, "failed", reason=item.reason, line=item.line)
            continue
        origin = item.origin or item.id or "<document>"
        try:
            result = store.add_document(item)
        except StoreError as exc:
            logger.warning("could not store %s: %s", origin, exc)
            yield IngestOutcome(origin, "failed", reason=str(exc))
            continue
        yield IngestOutcome(origin, result.status, result.document_id, result.version)
