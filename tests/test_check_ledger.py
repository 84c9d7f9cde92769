"""`claimledger check-ledger`: passes a sound ledger, names each kind of damage, repairs a
killed run's leftovers with --repair."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.pipeline import ingest_items
from claimledger.store import Store
from claimledger.types import Document

pytestmark = pytest.mark.slow

TEXTS = (
    "The ministry said the commander Omar Qadiri was killed in an airstrike on Monday.",
    "Rebels denied that Omar Qadiri was killed. A video showed Qadiri alive on Friday.",
    "Officials said Lena Varga was captured near the border on Tuesday.",
)


def _ledger(url: str) -> None:
    docs = [Document(text=t, id=f"d{n}", language="en") for n, t in enumerate(TEXTS)]
    with Store.open(url) as store:
        assert all(o.status == "new" for o in ingest_items(docs, store))


def _check(url: str, *extra: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["check-ledger", "--db", url, "--json", *extra])
    return result.exit_code, json.loads(result.stdout)


def _failing(report: dict) -> dict[str, int]:
    return {c["check"]: c["problems"] for c in report["checks"] if not c["ok"]}


def test_a_sound_ledger_passes_every_check(sqlite_url: str) -> None:
    _ledger(sqlite_url)
    code, report = _check(sqlite_url)
    assert code == 0
    assert report["ok"] and _failing(report) == {}
    assert "database integrity" in {c["check"] for c in report["checks"]}


def test_damage_is_named_with_what_repairs_it(sqlite_url: str) -> None:
    _ledger(sqlite_url)
    # Written past the ledger's code, with SQLite's foreign keys off (its default).
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE origin_tallies SET confirmed = confirmed + 5")
        connection.execute(
            "DELETE FROM claims WHERE id IN (SELECT claim_id FROM event_claims LIMIT 1)"
        )
    code, report = _check(sqlite_url)
    assert code == 1
    failing = _failing(report)
    assert failing["origin tallies"] > 0
    assert failing["events with missing claims"] == 1
    repairs = {c["check"]: c["repair"] for c in report["checks"] if not c["ok"]}
    assert "reassess" in repairs["origin tallies"]


def test_repair_finishes_documents_stored_without_their_claims(sqlite_url: str) -> None:
    _ledger(sqlite_url)
    with Store.open(sqlite_url) as store:
        store.add_document(Document(text="Police said Ivan Petrov was arrested.", id="late"))
    code, report = _check(sqlite_url)
    assert code == 1
    assert _failing(report) == {"documents stored without their claims": 1}
    code, report = _check(sqlite_url, "--repair")
    assert code == 0, report
    assert report["repaired"].startswith("repaired: 1 documents")


def test_events_assessed_by_older_rules_are_named_until_reassessed(sqlite_url: str) -> None:
    from claimledger.assess.facts import ASSESSOR

    _ledger(sqlite_url)
    # A ledger a release with older rules assessed.
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE events SET assessor = 'assess.rules.v1'")
        events = connection.execute("SELECT count(*) FROM events").fetchone()[0]
    code, report = _check(sqlite_url)
    assert code == 1 and _failing(report) == {"events assessed by older rules": events}
    older = next(c for c in report["checks"] if not c["ok"])
    assert "reassess --replay-history" in older["repair"] and ASSESSOR in older["meaning"]
    stats = CliRunner().invoke(app, ["stats", "--db", sqlite_url, "--json"])
    assert stats.exit_code == 0 and json.loads(stats.stdout)["events"] == events
    assert f"{events} events were assessed by rules older" in stats.stderr
    assert "claimledger reassess --replay-history" in stats.stderr
    reassessed = CliRunner().invoke(app, ["reassess", "--db", sqlite_url, "--replay-history"])
    assert reassessed.exit_code == 0, reassessed.output
    code, report = _check(sqlite_url)
    assert code == 0 and _failing(report) == {}
    stats = CliRunner().invoke(app, ["stats", "--db", sqlite_url])
    assert "older" not in stats.stderr
