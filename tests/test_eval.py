"""The golden evaluation with a ratchet: the sample ledger must stay at or above the floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.evaluate import (
    accepted_statuses,
    below_floors,
    evaluate,
    evaluate_corpus,
    gold_span,
    load_floors,
)
from datapaths import ROOT, SAMPLE, SEED_DIR

FLOORS = ROOT / "evaluation" / "floors.json"


@pytest.mark.slow
def test_sample_evaluation_meets_the_floors() -> None:
    report = evaluate_corpus(SAMPLE, SEED_DIR / "gold.yaml")
    failures = below_floors(report.metrics(), load_floors(FLOORS))
    assert failures == [], "\n".join([*failures, *report.misses])


def test_floors_cover_every_metric() -> None:
    floors = load_floors(FLOORS)
    assert set(floors) == set(
        evaluate({"documents": [], "entities": [], "claims": []}, {}).metrics()
    )


def test_below_floors_reads_ceilings_and_floors() -> None:
    floors = {"claim_recall": 0.9, "wrong_merges": 0}
    assert below_floors({"claim_recall": 0.95, "wrong_merges": 0}, floors) == []
    assert below_floors({"claim_recall": 0.8, "wrong_merges": 1}, floors) == [
        "claim_recall: 0.8 is below the floor 0.9",
        "wrong_merges: 1 is above the ceiling 0",
    ]


def test_gold_dates_and_statuses() -> None:
    from datetime import date

    assert gold_span("2015-02") == (date(2015, 2, 1), date(2015, 2, 28))
    assert gold_span(["2004-02", 2009]) == (date(2004, 2, 1), date(2009, 12, 31))
    assert gold_span("07-13 (year not stated; 2016)") == (date(2016, 7, 13), date(2016, 7, 13))
    assert gold_span(None) is None
    note = {"status": "disputed", "note": "disputed or refuted both score."}
    assert accepted_statuses(note) == {"disputed", "refuted"}
    assert accepted_statuses({"status": "established"}) == {"confirmed", "unverified"}


def test_claim_matching_needs_overlap_and_a_compatible_predicate(tmp_path: Path) -> None:
    text = "Officials said X was killed on Monday. Later X was arrested."
    export = {
        "documents": [{"id": "d", "text": text}],
        "entities": [{"id": "e1", "name": "X", "aliases": []}],
        "claims": [
            {
                "id": "c1",
                "document_id": "d",
                "subject": "X",
                "subject_id": "e1",
                "predicate": "died",
                "start": 0,
                "end": 38,
                "claimant": "Officials",
                "modality": "asserted",
            },
        ],
        "events": [],
    }
    gold = {
        "entities": [{"id": "x", "type": "person", "names": ["X"]}],
        "events": [
            {
                "id": "k",
                "subject": "x",
                "predicate": "killed",
                "when": None,
                "status": "unverified",
                "claims": [
                    {
                        "doc": "d",
                        "claimant": "officials",
                        "modality": "asserted",
                        "text": "X was killed on Monday",
                    }
                ],
            },
            {
                "id": "a",
                "subject": "x",
                "predicate": "arrested",
                "when": None,
                "status": "unverified",
                "claims": [
                    {
                        "doc": "d",
                        "claimant": None,
                        "modality": "asserted",
                        "text": "Later X was arrested.",
                    }
                ],
            },
        ],
    }
    report = evaluate(export, gold)
    assert (report.gold_claims, report.claims_found) == (2, 1)
    assert report.claimant_right == 1 and report.modality_right == 1
