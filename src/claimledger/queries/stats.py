"""The ledger's counts, each named and counted as the listing that lists it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from claimledger.queries.origins import standings
from claimledger.store import Store


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
