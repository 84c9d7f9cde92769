"""Ingesting the same documents in any order gives the same events (issue: the ledger)."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from claimledger.export import write_json_export
from claimledger.ingest import IngestOptions, read_jsonl_text
from claimledger.pipeline import ingest_items
from claimledger.store import Store
from datapaths import SAMPLE

pytestmark = pytest.mark.slow


def events_after_ingesting(order: list[int], tmp_path: Path) -> list[tuple[str, ...]]:
    """Events as (person's name, predicate, when, where, status, evidence quotes).

    Entity and claim ids carry the document they were first seen in, so they differ between
    orders by design; names, dates, statuses and the quotes behind them must not."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines[i] for i in order)
    path = tmp_path / ("order-" + "-".join(map(str, order)) + ".db")
    with Store.open(f"sqlite:///{path}") as store:
        outcomes = list(
            ingest_items(read_jsonl_text(text, origin="t", options=IngestOptions()), store)
        )
        assert {o.status for o in outcomes} == {"new"}
        buffer = io.StringIO()
        write_json_export(store, buffer, with_text=False)
    export = json.loads(buffer.getvalue())
    names = {e["id"]: e["name"] for e in export["entities"]}
    quotes = {c["id"]: c["quote"] for c in export["claims"]}
    return sorted(
        (
            names[e["subject_id"]],
            e["predicate"],
            json.dumps(e["when"]),
            e["where"] or "",
            e["status"],
            json.dumps(sorted(quotes[c] for c in e["evidence"])),
        )
        for e in export["events"]
    )


def test_any_order_gives_the_same_events(tmp_path: Path) -> None:
    count = len(SAMPLE.read_text(encoding="utf-8").splitlines())
    forward = list(range(count))
    shuffled = forward[:]
    random.Random(7).shuffle(shuffled)
    expected = events_after_ingesting(forward, tmp_path)
    assert len(expected) > 20
    assert events_after_ingesting(forward[::-1], tmp_path) == expected
    assert events_after_ingesting(shuffled, tmp_path) == expected
