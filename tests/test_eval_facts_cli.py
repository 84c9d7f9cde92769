"""``claimledger eval`` on facts-only gold: the command, and agreement with the reference scorer
(``../shared/tools/score.py``) on the same synthetic export and gold."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from claimledger.cli import app
from datapaths import SHARED_DATA
from facts_factories import article, claim, entity, event, export, gold, gold_claim, gold_event

REFERENCE_SCORER = SHARED_DATA.parent / "tools" / "score.py"


def synthetic_gold() -> dict[str, Any]:
    """Four made-up people: a shared surname, a split, a wrong merge, four languages."""
    aliases = {
        "Jane Roe": ["Jane Roe", "Roe", "Jana Roeva", "Джейн Роу"],
        "John Roe": ["John Roe", "Roe", "Mr Roe"],
        "Ann Poe": ["Ann Poe", "Poe", "Anne Poé"],
        "Bob Poe": ["Bob Poe", "Poe"],
    }
    articles = [article("en1"), article("en2"), article("fr1", "fr"), article("ru1", "ru")]
    events = [
        gold_event(
            "g1",
            "Jane Roe",
            [
                gold_claim("en1", "Interior Ministry (spokesman)"),
                gold_claim("fr1", None, "hedged"),
                gold_claim("ru1", "army spokesman", "denied"),
            ],
            when="2020-05",
            status="confirmed",
        ),
        gold_event(
            "g2",
            "Jane Roe",
            [gold_claim("en2", "police")],
            when=["2021-01-10", "2021-01-12"],
            status="refuted",
            note="reported killed, later refuted by a video",
        ),
        gold_event(
            "g3",
            "Jane Roe",
            [gold_claim("en2"), gold_claim("fr1", "a relative")],
            "alive",
            "2021-02",
            "confirmed",
        ),
        gold_event("g4", "John Roe", [gold_claim("fr1", "witnesses")], "wounded", "2019"),
        gold_event(
            "g5",
            "Ann Poe",
            [gold_claim("ru1", "a local official", "hedged")],
            "captured",
            date(2018, 3, 1),
            "disputed",
        ),
        gold_event("g6", "Bob Poe", [gold_claim("en1")], when="unknown"),
        gold_event("g7", ["Jane Roe", "John Roe"], [gold_claim("en1")]),  # not scored
        gold_event("g8", "Jane Roe", [gold_claim("en1", "Reuters")], when="2020-05"),
        gold_event("g9", "Ann Poe", [gold_claim("fr1", "a court")], "tried", "2017"),
    ]
    return gold(articles, events, aliases)


def synthetic_export() -> dict[str, Any]:
    entities = [
        entity("e1", "Jane Roe", "Roe", "Джейн Роу"),
        entity("e2", "Jana Roeva"),
        entity("e3", "John Roe", "Mr. Roe"),
        entity("e4", "Ann Poe", "Anne Poe", "Bob Poe"),
        entity("e5", "Someone Else"),
    ]
    events = [
        event("v1", "e1", "killed", "2020-05-25", "disputed"),
        event("v2", "e2", "killed", "2021-01-30", "disputed"),
        event("v3", "e1", "alive", "2021-02-10", "confirmed"),
        event("v4", "e3", "wounded"),
        event("v5", "e1", "wounded", "2019-06-01"),
        event("v6", "e4", "arrested", "2018-03-15"),
        event("v7", "e4", "killed"),
        event("v8", "e5", "killed", "2020-05-01"),
        event("v9", "e1", "died", "2020-05-03"),
    ]
    claims = [
        claim("c1", "en1", "v1", "the interior ministry"),
        claim("c2", "fr1", "v1", None, "hedged"),
        claim("c3", "ru1", "v1", "army", "asserted"),
        claim("c4", "en2", "v2", "local police", "hedged"),
        claim("c5", "en2", "v3", None),
        claim("c6", "fr1", "v5", "witness"),
        claim("c7", "ru1", "v6", "local official", "hedged"),
        claim("c8", "en1", "v7", None),
        claim("c9", "en1", "v8", "police"),
    ]
    return export(entities, events, claims)


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold_path = tmp_path / "gold.yaml"
    gold_path.write_text(yaml.safe_dump(synthetic_gold(), allow_unicode=True), encoding="utf-8")
    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(synthetic_export(), ensure_ascii=False), encoding="utf-8")
    return gold_path, export_path


def ours(runner: CliRunner, gold_path: Path, export_path: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(
        app, ["eval", "--gold", str(gold_path), "--export", str(export_path), "--json", *args]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def reference(gold_path: Path, export_path: Path, *args: str) -> dict[str, Any]:
    command = [sys.executable, str(REFERENCE_SCORER), str(export_path), str(gold_path), "--json"]
    done = subprocess.run([*command, *args], capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout)
    # The reference names a missed event "id (predicate when)"; ours lists the ids.
    figures["missed_events"] = [m.split(" (")[0] for m in figures["missed_events"]]
    return figures


def same_figures(mine: dict[str, Any], theirs: dict[str, Any]) -> None:
    assert {k: mine[k] for k in theirs} == theirs


@pytest.mark.skipif(not REFERENCE_SCORER.is_file(), reason=f"{REFERENCE_SCORER} is missing")
def test_figures_agree_with_the_reference_scorer(files: tuple[Path, Path]) -> None:
    gold_path, export_path = files
    runner = CliRunner()
    result = ours(runner, gold_path, export_path)
    theirs = reference(gold_path, export_path)
    same_figures(result["overall"], theirs)
    # The case exercises every rule: none of the figures is trivially perfect or zero.
    assert theirs["persons_split"] and theirs["wrong_merges"] and theirs["missed_events"]
    assert 0 < theirs["claimant_accuracy"] < 1 and 0 < theirs["modality_accuracy"] < 1
    assert 0 < theirs["status_accuracy"] < 1 and 0 < theirs["event_precision"] < 1
    assert list(result["by_language"]) == ["en", "fr", "ru"]
    for language, figures in result["by_language"].items():
        same_figures(figures, reference(gold_path, export_path, "--lang", language))
    restricted = ours(runner, gold_path, export_path, "--lang", "en,fr")
    same_figures(restricted["overall"], reference(gold_path, export_path, "--lang", "en,fr"))


def test_explain_lists_every_mistake(files: tuple[Path, Path]) -> None:
    gold_path, export_path = files
    result = CliRunner().invoke(
        app, ["eval", "--gold", str(gold_path), "--export", str(export_path), "--explain"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for expected in (
        "split: Jane Roe: its own names are in e1, e2",
        "wrong merge: Ann Poe + Bob Poe: in e4",
        "missed event: g9: tried 2017",
        "claimant: g4 in fr1: gold 'witnesses', got 'witness' (origin 'witness')",
    ):
        assert expected in lines
    assert any(line.startswith("modality: g1 in ru1: gold denied, got asserted") for line in lines)
    # The claims of a missed event (g9) are counted as not found but not listed one by one.
    assert [line for line in lines if line.startswith("claim not found")] == [
        "claim not found: g3 in fr1: claimant 'a relative'"
    ]
    table = result.stdout.split("split:")[0]
    assert "event recall" in table and " ru" in table


def test_floors_hold_per_language(files: tuple[Path, Path], tmp_path: Path) -> None:
    gold_path, export_path = files
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"floors": {"fr.event_recall": 1.0, "wrong_merges": 0}}))
    result = CliRunner().invoke(
        app,
        ["eval", "--gold", str(gold_path), "--export", str(export_path), "--floors", str(floors)],
    )
    assert result.exit_code == 1
    assert "fr.event_recall: 0.75 is below the floor 1.0" in result.stderr
    assert "wrong_merges: 1.0 is above the ceiling 0.0" in result.stderr


def test_articles_and_export_exclude_each_other(files: tuple[Path, Path]) -> None:
    gold_path, export_path = files
    result = CliRunner().invoke(
        app,
        ["eval", "--gold", str(gold_path), "--export", str(export_path), "--articles", "a.jsonl"],
    )
    assert result.exit_code == 2
