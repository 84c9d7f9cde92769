"""The ledger commands on the sample: timeline, check, sources, extract, reassess, eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from datapaths import SAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'sample.db'}"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["claims"] > 40
    return url


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_timeline_is_the_same_for_any_spelling(db: str) -> None:
    by_name = json.loads(run("timeline", "al-Baghdadi", "--db", db, "--json"))
    by_other = json.loads(run("timeline", "Al Bogdadi", "--db", db, "--json"))
    assert by_name == by_other
    assert by_name["entity"]["name"] == "Abu Bakr al-Baghdadi"
    deaths = [e for e in by_name["events"] if e["predicate"] in ("killed", "died")]
    assert len(deaths) >= 8
    quotes = [c["quote"] for e in by_name["events"] for c in e["claims"]]
    assert not any("Abu Bakr died on Monday" in q for q in quotes)
    claim_ids = {c["id"] for e in by_name["events"] for c in e["claims"]}
    for event in by_name["events"]:
        assert event["status"] in {"confirmed", "refuted", "disputed", "unverified"}
        assert event["status_reason"]
        assert event["evidence"] and set(event["evidence"]) <= claim_ids
        assert [c["id"] for c in event["evidence_claims"]] == event["evidence"]


def test_timeline_table_and_csv(db: str) -> None:
    table = run("timeline", "Baghdadi", "--db", db)
    assert "Abu Bakr al-Baghdadi" in table and "reported killed" in table
    rows = run("timeline", "Baghdadi", "--db", db, "--csv").splitlines()
    assert rows[0].startswith("start,end,event,where,status")


def test_unknown_person_is_a_clear_error(db: str) -> None:
    result = CliRunner().invoke(app, ["timeline", "Nobody Atall", "--db", db])
    assert result.exit_code == 1
    assert "nobody called 'Nobody Atall'" in result.output


def test_check_says_seen_before_with_history(db: str) -> None:
    text = (
        "The Russian Defense Ministry said Abu Bakr al-Baghdadi was killed in an airstrike "
        "near Raqqa on May 28, 2017."
    )
    answer = json.loads(run("check", text, "--db", db, "--json"))
    finding = answer["findings"][0]
    assert finding["entity"]["name"] == "Abu Bakr al-Baghdadi"
    assert finding["seen_before"] is True
    assert finding["history"]["total"] >= 8
    assert finding["matching_event"]["when"]["start"] <= "2017-05-28"


def test_check_reads_stdin_and_new_people_are_new(db: str) -> None:
    result = CliRunner().invoke(
        app, ["check", "-", "--db", db, "--json"], input="John Roe was arrested in Oslo.\n"
    )
    assert result.exit_code == 0, result.output
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["entity"] is None and finding["seen_before"] is False


def test_sources_lists_track_records(db: str) -> None:
    rows = json.loads(run("sources", "--db", db, "--json"))
    assert rows and all(
        r["total"] == r["confirmed"] + r["refuted"] + r["disputed"] + r["unverified"] for r in rows
    )


def test_extract_and_reassess_are_repeatable(db: str, tmp_path: Path) -> None:
    before = json.loads(run("export", "--db", db, "--no-text"))
    summary = json.loads(run("extract", "a3-mod-statement", "--db", db, "--json"))
    assert summary["failed"] == 0 and summary["claims"] > 0
    run("reassess", "--db", db)
    after = json.loads(run("export", "--db", db, "--no-text"))
    assert {c["id"] for c in after["claims"]} == {c["id"] for c in before["claims"]}
    assert [(e["id"], e["status"]) for e in after["events"]] == [
        (e["id"], e["status"]) for e in before["events"]
    ]


def test_events_and_claims_listings_filter(db: str) -> None:
    refuted = json.loads(run("events", "list", "--db", db, "--status", "refuted", "--json"))
    assert refuted and {e["status"] for e in refuted} == {"refuted"}
    claims = json.loads(
        run(
            "claims",
            "list",
            "--db",
            db,
            "--person",
            "Al Bogdadi",
            "--predicate",
            "killed",
            "--json",
        )
    )
    assert claims and {c["predicate"] for c in claims} == {"killed"}
    assert len({c["subject_id"] for c in claims}) == 1
    rows = run("claims", "list", "--db", db, "--document", "a6-zaisan-trial", "--csv")
    assert rows.splitlines()[0].startswith("id,document_id,subject,predicate")


def test_watchlist_import_then_lookup(db: str, tmp_path: Path) -> None:
    watchlist = tmp_path / "watchlist.csv"
    watchlist.write_text(
        "name,aliases,type,description,wikidata\n"
        "Jane Qorvex,J. Qorvex|Jana Korveks,person,a made-up minister,Q1\n",
        encoding="utf-8",
    )
    run("entities", "import", str(watchlist), "--db", db)
    found = json.loads(run("entities", "list", "--db", db, "--name", "Jana Korveks", "--json"))
    assert found[0]["name"] == "Jane Qorvex" and found[0]["wikidata"] == "Q1"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases,type\n,x,person\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["entities", "import", str(bad), "--db", db])
    assert result.exit_code == 1 and "bad.csv" in result.output
