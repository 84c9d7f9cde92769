"""CLI manners on the sample ledger: tables that fit, names not slugs, filters that say what
they accept, no empty ledger created by a typo, names matched by any word in any spelling,
ambiguous names answered with the candidates, counts that agree, help that names real commands,
start-up without spaCy."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.cli.app import YOUNG_COLLECTION
from claimledger.cli.common import when_short
from claimledger.store.engine import SCHEMA_REVISION
from datapaths import ROOT, SAMPLE
from factories import span

pytestmark = pytest.mark.slow

LISTINGS = (
    ("events", "list"),
    ("claims", "list"),
    ("entities", "list"),
    ("documents", "list"),
    ("sources",),
    ("stats",),
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('manners') / 'sample.db'}"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    return url


def invoke(*args: str, code: int = 0) -> str:
    # COLUMNS unset: output that is not a terminal is laid out for 80 columns.
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": None})
    assert result.exit_code == code, result.output
    return result.output


def as_json(*args: str) -> Any:
    return json.loads(invoke(*args, "--json"))


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_tables_fit_80_columns_with_whole_headers(db: str, command: tuple[str, ...]) -> None:
    table = invoke(*command, "--db", db)
    assert max(len(line) for line in table.splitlines()) <= 80
    header = next(line for line in table.splitlines() if line.startswith("┃"))
    cells = [cell.strip() for cell in header.strip("┃").split("┃")]
    # Each column keeps its whole name on one line: none is squeezed to a few letters.
    assert all(len(cell) >= 4 or cell in {"id"} for cell in cells), header


def test_wide_shows_every_column_without_wrapping(db: str) -> None:
    narrow = invoke("events", "list", "--db", db)
    wide = invoke("events", "list", "--db", db, "--wide")
    assert "status_reason" not in narrow and "subject_id" not in narrow
    for column in ("id", "subject_id", "person", "start", "end", "status_reason"):
        assert column in wide
    rows = [line for line in wide.splitlines() if line.startswith("│")]
    assert len(rows) == len(as_json("events", "list", "--db", db))  # one line per event


def test_events_list_names_the_person(db: str) -> None:
    events = as_json("events", "list", "--db", db)
    baghdadi = [e for e in events if e["person"] == "Abu Bakr al-Baghdadi"]
    assert len(baghdadi) >= 8
    assert "Abu Bakr al-Baghdadi" in invoke("events", "list", "--db", db, "--wide")
    assert not any(e["person"] == e["subject_id"] for e in events)


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (("events", "list", "--status", "fake"), "'unverified'"),
        (("events", "list", "--predicate", "kiled"), "'killed'"),
        (("claims", "list", "--predicate", "kiled"), "'wounded'"),
        (("claims", "list", "--status", "true"), "'refuted'"),
    ],
)
def test_unknown_choices_are_usage_errors_naming_the_values(
    db: str, args: tuple[str, ...], allowed: str
) -> None:
    output = invoke(*args, "--db", db, code=2)
    assert allowed in output and "is not one of" in output


def test_choices_ignore_case(db: str) -> None:
    refuted = as_json("events", "list", "--db", db, "--status", "REFUTED")
    assert refuted and {e["status"] for e in refuted} == {"refuted"}


# Commands that read or rework an existing ledger (serve too, tested by name: it would block).
READ_ONLY = (
    ("stats",),
    ("sources",),
    ("timeline", "al-Baghdadi"),
    ("check", "He was killed."),
    ("events", "list"),
    ("claims", "list"),
    ("entities", "list"),
    ("documents", "list"),
    ("documents", "show", "a3-mod-statement"),
    ("export",),
    ("reassess",),
    ("extract", "--all"),
    ("check-ledger",),
    ("serve",),
)


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_read_only_commands_refuse_a_missing_sqlite_file(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "typo.db"
    output = invoke(*command, "--db", f"sqlite:///{missing}", code=1)
    assert "no ledger at" in output and str(missing) in output
    assert "claimledger ingest" in output  # the hint
    assert not missing.exists()


def test_ingest_still_creates_a_new_ledger(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    text = "A court in the town heard the case on Monday.\n"
    result = CliRunner().invoke(app, ["ingest", "-", "--db", url, "--no-extract"], input=text)
    assert result.exit_code == 0, result.output
    assert as_json("stats", "--db", url)["documents"] == 1


@pytest.mark.parametrize("name", ["Zebari", "Zibari", "hoshyar", "Zebari Hoshyar"])
def test_name_filter_matches_any_word_in_any_spelling(db: str, name: str) -> None:
    found = as_json("entities", "list", "--db", db, "--name", name)
    assert "Hoshyar Zebari" in [e["name"] for e in found]


def test_name_filter_puts_whole_name_matches_first(db: str) -> None:
    found = as_json("entities", "list", "--db", db, "--name", "Baghdadi")
    assert found[0]["name"] == "Abu Bakr al-Baghdadi"
    assert as_json("entities", "list", "--db", db, "--name", "Nobody Atall") == []


def test_an_ambiguous_name_lists_the_people_it_could_be(db: str) -> None:
    output = invoke("timeline", "Abu Bakr", "--db", db, code=1)
    assert "could be any of 2 people" in output
    baghdadi = as_json("entities", "list", "--db", db, "--name", "Abu Bakr al-Baghdadi")[0]
    caliph = next(
        e
        for e in as_json("entities", "list", "--db", db, "--name", "Abu Bakr")
        if e["name"] == "Abu Bakr"
    )
    assert baghdadi["id"] in output and caliph["id"] in output
    # Either id then answers for that person alone.
    line = as_json("timeline", caliph["id"], "--db", db)
    assert line["entity"]["name"] == "Abu Bakr"
    events = as_json("events", "list", "--db", db, "--person", caliph["id"])
    assert {e["person"] for e in events} == {"Abu Bakr"}
    invoke("claims", "list", "--db", db, "--person", "Abu Bakr", code=1)


def test_csv_dates_in_start_and_end_columns(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("events", "list", "--db", db, "--csv"))))
    assert {"start", "end"} <= set(rows[0])
    dated = [r for r in rows if r["start"]]
    assert dated and all(len(r["start"]) == len(r["end"]) == 10 for r in dated)
    assert all(r["start"] <= r["end"] for r in dated)
    assert all(not r["end"] for r in rows if not r["start"])
    claims = list(csv.DictReader(io.StringIO(invoke("claims", "list", "--db", db, "--csv"))))
    assert {"when", "start", "end"} <= set(claims[0])
    timeline = invoke("timeline", "al-Baghdadi", "--db", db, "--csv").splitlines()
    assert timeline[0].startswith("start,end,")


def test_check_finds_the_claimants_record_under_its_normalised_name(db: str) -> None:
    # The sample's articles name the ministry "the Russian Defense Ministry" and "the Russian
    # Ministry of Defense"; a check that writes it another way finds the same record.
    text = "Russia's defence ministry said al-Baghdadi was killed in Raqqa"
    finding = as_json("check", text, "--db", db)["findings"][0]
    record = finding["track_record"]
    assert record is not None and record["origin"] == "Russian Ministry of Defense"
    assert record["total"] > 0
    assert finding["origin_text"].startswith(
        "claimant “Russia's defence ministry”, origin Russian Ministry of Defense: "
    )
    ranked = {r["origin"]: r for r in as_json("sources", "--db", db)}
    assert record["total"] == ranked["Russian Ministry of Defense"]["total"]


def test_stats_agree_with_the_listings(db: str) -> None:
    counts = as_json("stats", "--db", db)
    assert counts["documents"] == len(as_json("documents", "list", "--db", db))
    assert counts["origins"] == len(as_json("sources", "--db", db)) > 0
    assert counts["entities"] == len(as_json("entities", "list", "--db", db))
    assert counts["claims"] == len(as_json("claims", "list", "--db", db))
    assert counts["events"] == len(as_json("events", "list", "--db", db))
    assert "sources" not in counts  # publishers and origins are named apart
    table = invoke("stats", "--db", db)
    assert "origins" in table and "publishers" in table


def test_stats_count_the_latest_versions_claims(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'versions.db'}"
    first = '{"id": "v-doc", "text": "Rebel commander Omar Dasko was killed in Idlib."}\n'
    second = '{"id": "v-doc", "text": "Rebel commander Omar Dasko was wounded in Idlib."}\n'
    for text in (first, second):
        result = CliRunner().invoke(app, ["ingest", "-", "--db", url, "-q"], input=text)
        assert result.exit_code == 0, result.output
    counts = as_json("stats", "--db", url)
    assert counts["versions"] == 2
    assert counts["claims"] == len(as_json("claims", "list", "--db", url))


@pytest.mark.parametrize(
    ("when", "short"),
    [
        (None, "undated"),
        ("2017-06-16", "2017-06-16"),
        ("2005-10", "2005-10"),
        ("2014", "2014"),
    ],
)
def test_when_short_gives_the_coarsest_exact_form(when: str | None, short: str) -> None:
    assert when_short(span(when) if when else None) == short


def test_when_short_of_ranges() -> None:
    months = span("2004-02")
    december = span("2004-12")
    joined = type(months)(months.start, december.end, "2004", "month")
    assert when_short(joined) == "2004-02 – 2004-12"
    days = type(months)(span("2017-06-16").start, span("2017-06-18").end)
    assert when_short(days) == "2017-06-16 – 2017-06-18"


# ---- help that names the commands that exist --------------------------------------------------


def _tree() -> Any:
    return get_command(app)


def _groups(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, group)]
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _groups(command, (*path, name))
    return found


def _every_command(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        sub = (*path, name)
        found += _every_command(command, sub) if hasattr(command, "commands") else [sub]
    return found


def _resolves(words: list[str]) -> bool:
    """Whether ``claimledger WORDS...`` starts with a real command path."""
    node = _tree()
    for word in words:
        if not hasattr(node, "commands"):
            return True  # reached a command: the rest are its arguments
        if word not in node.commands:
            return False
        node = node.commands[word]
    return not hasattr(node, "commands")


SUBCOMMAND_WORDS = {path[-1] for path in _every_command(_tree()) if len(path) > 1}


@pytest.mark.parametrize(("path", "group"), _groups(_tree())[1:], ids=lambda p: str(p))
def test_group_help_names_only_its_own_commands(path: tuple[str, ...], group: Any) -> None:
    words = {w.strip(".,;:").lower() for w in (group.help or "").split()}
    named = words & SUBCOMMAND_WORDS
    assert named <= set(group.commands), f"{' '.join(path)} --help names {named}"


@pytest.mark.parametrize("command", _every_command(_tree()), ids=" ".join)
def test_help_examples_run_commands_that_exist(command: tuple[str, ...]) -> None:
    output = invoke(*command, "--help")
    examples = [
        line.split("claimledger ", 1)[1].split()
        for line in output.splitlines()
        if "claimledger " in line and "Usage:" not in line
    ]
    assert examples
    for words in examples:
        assert _resolves(words), f"{' '.join(command)} --help: claimledger {' '.join(words)}"


def test_help_examples_checker_rejects_a_missing_command() -> None:
    assert not _resolves(["entities", "show", "x"])
    assert _resolves(["entities", "list", "--name", "x"])


# ---- start-up without the NLP stack -----------------------------------------------------------

HEAVY = ("spacy", "thinc", "torch", "trafilatura", "lingua", "htmldate", "sentence_transformers")
# What a command that reads a ledger already at the current schema does not need either:
# Alembic (only a migration does), SQLAlchemy's ORM (the store is Core only), the PostgreSQL
# dialect (on SQLite), the pipeline, the resolver and the YAML reader of its watchlist.
NOT_FOR_READING = (
    *HEAVY,
    "alembic",
    "mako",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.postgresql",
    "claimledger.pipeline",
    "claimledger.resolve.resolver",
    "yaml",
)
# What `--help` does not need: no ledger is opened. (pydantic is Typer's: it coerces the
# options of a subcommand even for its --help.)
NOT_FOR_HELP = (*NOT_FOR_READING, "sqlalchemy", "claimledger.store")


def _loaded_after(*args: str, watched: tuple[str, ...] = HEAVY) -> set[str]:
    """Which of the ``watched`` modules running ``claimledger ARGS`` imports (in a fresh
    interpreter, as the console script runs it)."""
    code = (
        "import json, sys\n"
        "from claimledger.cli import main\n"
        f"sys.argv = ['claimledger', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps([m for m in {watched!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_loads_no_nlp_and_no_database_library() -> None:
    assert _loaded_after("--help", watched=NOT_FOR_HELP) == set()
    assert _loaded_after("entities", "list", "--help", watched=NOT_FOR_HELP) == set()


def test_read_commands_load_no_nlp_and_no_migration_tools(db: str) -> None:
    commands = (
        ("stats",),
        ("events", "list"),
        ("timeline", "al-Baghdadi"),
        ("sources",),
        ("entities", "list", "--name", "Baghdadi"),
        ("documents", "list"),
        ("export", "--format", "csv"),
        ("check-ledger",),
    )
    for command in commands:
        assert _loaded_after(*command, "--db", db, watched=NOT_FOR_READING) == set(), command


def test_a_ledger_behind_the_schema_is_migrated_with_alembic(tmp_path: Path) -> None:
    # The other side of the assertions above (which a check that saw nothing would pass too):
    # a read command on a ledger of an older revision loads Alembic and migrates it.
    from sqlalchemy import create_engine

    from claimledger.store import engine

    older = tmp_path / "older.db"
    url = f"sqlite:///{older}"
    behind = create_engine(engine.parse_url(url))
    try:
        engine.upgrade(behind, "0008")  # a ledger genuinely one revision behind
    finally:
        behind.dispose()
    loaded = _loaded_after("stats", "--db", url, watched=NOT_FOR_READING)
    assert "alembic" in loaded
    assert not loaded & set(HEAVY)
    with sqlite3.connect(older) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    connection.close()
    assert revision == [(SCHEMA_REVISION,)]


def test_the_console_script_sets_the_collector_for_a_short_process() -> None:
    code = (
        "import gc, sys\n"
        "from claimledger.cli import main\n"
        "sys.argv = ['claimledger', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.get_threshold()[0], gc.get_freeze_count(), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    threshold, frozen = map(int, done.stderr.split()[-2:])
    assert threshold == YOUNG_COLLECTION
    assert frozen > 10_000  # everything made before exit, left out of the shutdown collections
