"""The command line as a user meets it: ingest the sample, count, list, show, export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from claimledger.cli import app
from datapaths import SAMPLE


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def db(db_url: str) -> str:
    """Each CLI test runs on SQLite and on PostgreSQL (see conftest.py)."""
    return db_url


def _ingest(runner: CliRunner, db: str, *paths: str) -> dict:
    result = runner.invoke(app, ["ingest", *paths, "--db", db, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_ingest_sample_then_again_is_idempotent(runner: CliRunner, db: str) -> None:
    first = _ingest(runner, db, str(SAMPLE))
    assert (first["ingested"], first["already_present"], first["failed"]) == (6, 0, 0)
    second = _ingest(runner, db, str(SAMPLE))
    assert (second["ingested"], second["already_present"], second["failed"]) == (0, 6, 0)
    stats = runner.invoke(app, ["stats", "--db", db, "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["documents"] == 6


def test_ingest_says_how_many_extraction_workers_it_chose(runner: CliRunner, db: str) -> None:
    # The sample is far below the size that pays for starting workers.
    result = runner.invoke(app, ["ingest", str(SAMPLE), "--db", db])
    assert result.exit_code == 0, result.output
    assert "extraction: 1 worker (" in result.output
    again = _ingest(runner, db, str(SAMPLE))
    assert again["workers"] == 1


def test_ingest_reports_bad_input_and_goes_on(runner: CliRunner, db: str, tmp_path: Path) -> None:
    # Extraction is left out here: this is about reading, and the sample test covers both.
    bad = tmp_path / "mixed.jsonl"
    bad.write_text(
        '{"id": "ok-1", "text": "A first good article about a court hearing."}\n'
        "{not json\n"
        '{"id": "ok-2", "text": "A second good article about a release."}\n',
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(
        app, ["ingest", str(bad), str(empty), "--db", db, "--json", "--no-extract"]
    )
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["ingested"] == 2
    assert summary["failed"] == 2
    failures = {(Path(f["origin"]).name, f["line"]) for f in summary["failures"]}
    assert ("mixed.jsonl", 2) in failures
    assert any(name == "empty.txt" for name, _ in failures)


def test_ingest_from_stdin(runner: CliRunner, db: str) -> None:
    text = "Court hears case of two border crossers\n\nThe trial began on Monday in the town.\n"
    result = runner.invoke(app, ["ingest", "-", "--db", db, "--json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ingested"] == 1


def test_documents_list_show_and_csv(runner: CliRunner, db: str) -> None:
    _ingest(runner, db, str(SAMPLE))
    listed = runner.invoke(app, ["documents", "list", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    ids = {row["id"] for row in json.loads(listed.stdout)}
    assert "a3-mod-statement" in ids and len(ids) == 6
    as_csv = runner.invoke(app, ["documents", "list", "--db", db, "--csv"])
    assert as_csv.stdout.splitlines()[0].startswith("id,version,published_at")
    assert len(as_csv.stdout.strip().splitlines()) == 7
    shown = runner.invoke(app, ["documents", "show", "a3-mod-statement", "--db", db, "--json"])
    assert json.loads(shown.stdout)["published_at"] == "2017-06-17"
    missing = runner.invoke(app, ["documents", "show", "no-such-doc", "--db", db])
    assert missing.exit_code == 1
    assert "no document with id 'no-such-doc'" in missing.output


def test_export_json_follows_the_contract(runner: CliRunner, db: str, tmp_path: Path) -> None:
    _ingest(runner, db, str(SAMPLE))
    out = tmp_path / "ledger.json"
    result = runner.invoke(app, ["export", "--format", "json", "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "claimledger.export.v1"
    docs = {d["id"]: d for d in data["documents"]}
    assert docs["a1-abu-bakr-siddiq"]["published_at"] is None
    assert docs["a3-mod-statement"]["published_at_estimated"] is False
    for key in ("url", "title", "source", "language", "published_at"):
        assert key in docs["a3-mod-statement"]


def test_usage_errors_exit_2(runner: CliRunner, db: str) -> None:
    assert runner.invoke(app, ["export", "--format", "xml", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["stats", "--json", "--csv", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):  # a group (Typer may vendor its own click)
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(get_command(app)))  # type: ignore[arg-type]
def test_every_command_help_has_an_example(runner: CliRunner, command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "claimledger " in result.output
