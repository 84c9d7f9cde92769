"""``--split`` and the document size limit: a text of several glued articles, longer than the
limit as a whole, is cut into its articles and each is held to the limit; without ``--split``
it is refused with a reason that names the file and says so. Made-up articles only."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.ingest import IngestOptions, read_inputs, read_path
from claimledger.types import Document, InputFailure

FIXTURES = Path(__file__).parent / "fixtures" / "split"
LIMIT = 1_200  # each fixture article is under it, any two of them together are over it


def article(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").strip()


def glued(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def three_articles() -> str:
    return glued(
        "Dockworkers Walk Out Over Overtime Pay",
        "By Hana Olsberg",
        article("port_strike"),
        "Retired Pharmacist Finds New Comet",
        "By Tomas Edvinsen",
        article("comet"),
        "Late Winner Lifts Rovers",
        "By Ines Marlow",
        article("football"),
    )


def test_a_long_text_is_refused_whole_with_the_split_hint(tmp_path: Path) -> None:
    path = tmp_path / "glued.txt"
    path.write_text(three_articles(), encoding="utf-8")
    items = list(read_path(path, options=IngestOptions(max_document_chars=LIMIT)))
    assert len(items) == 1 and isinstance(items[0], InputFailure)
    failure = items[0]
    assert failure.origin == str(path)
    assert f"more than the limit of {LIMIT:,}" in failure.reason
    assert "--split" in failure.reason


def test_split_holds_each_article_to_the_limit_not_the_whole_text(tmp_path: Path) -> None:
    text = three_articles()
    assert len(text) > LIMIT
    path = tmp_path / "glued.txt"
    path.write_text(text, encoding="utf-8")
    items = list(read_path(path, options=IngestOptions(max_document_chars=LIMIT, split=True)))
    assert all(isinstance(item, Document) for item in items)
    docs = [item for item in items if isinstance(item, Document)]
    assert [d.title for d in docs] == [
        "Dockworkers Walk Out Over Overtime Pay",
        "Retired Pharmacist Finds New Comet",
        "Late Winner Lifts Rovers",
    ]
    lines = text.split("\n")
    for doc in docs:
        origin = doc.origin or ""
        assert origin.startswith(f"{path}#lines ")
        first, last = (int(n) for n in origin.rsplit(" ", 1)[1].split("-"))
        # Normalised (language detected), and the line range is the file's own.
        assert doc.language == "en"
        assert lines[first - 1].strip() == doc.title
        assert doc.text.endswith(lines[last - 1].strip())


def test_an_article_over_the_limit_is_refused_with_its_lines_and_the_rest_read(
    tmp_path: Path,
) -> None:
    # The middle article is the comet story told twice over, with no break inside it.
    long_story = article("comet") + " " + article("comet").replace("\n", " ")
    path = tmp_path / "glued.txt"
    path.write_text(
        glued(
            "Dockworkers Walk Out Over Overtime Pay",
            "By Hana Olsberg",
            article("port_strike"),
            "Retired Pharmacist Finds New Comet",
            "By Tomas Edvinsen",
            long_story,
            "Late Winner Lifts Rovers",
            "By Ines Marlow",
            article("football"),
        ),
        encoding="utf-8",
    )
    items = list(read_path(path, options=IngestOptions(max_document_chars=LIMIT, split=True)))
    assert ["D" if isinstance(i, Document) else "F" for i in items] == ["D", "F", "D"]
    refused = items[1]
    assert isinstance(refused, InputFailure)
    assert refused.origin.startswith(f"{path}#lines ")
    assert "--split found no boundary inside it" in refused.reason
    assert f"more than the limit of {LIMIT:,}" in refused.reason


def test_split_reads_text_on_standard_input_too() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(three_articles().encode()), encoding="utf-8")
    items = list(
        read_inputs(["-"], options=IngestOptions(max_document_chars=LIMIT, split=True), stdin=stdin)
    )
    assert len(items) == 3 and all(isinstance(i, Document) for i in items)
    assert all((i.origin or "").startswith("<stdin>#lines ") for i in items)


def test_split_leaves_records_with_ids_whole(tmp_path: Path) -> None:
    # JSON Lines records are one document each: --split cuts plain text only.
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": three_articles()}) + "\n", encoding="utf-8")
    items = list(read_path(path, options=IngestOptions(split=True)))
    assert len(items) == 1 and isinstance(items[0], Document) and items[0].id == "a1"


@pytest.mark.parametrize("split", [False, True])
def test_cli_split_and_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: bool
) -> None:
    monkeypatch.setenv("CLAIMLEDGER_MAX_DOCUMENT_CHARS", str(LIMIT))
    path = tmp_path / "glued.txt"
    path.write_text(three_articles(), encoding="utf-8")
    argv = ["ingest", str(path), "--db", f"sqlite:///{tmp_path / 'l.db'}", "--no-extract"]
    result = CliRunner().invoke(app, [*argv, "--json", *(["--split"] if split else [])])
    summary = json.loads(result.stdout)
    if split:
        assert result.exit_code == 0, result.output
        assert (summary["ingested"], summary["failed"]) == (3, 0)
    else:
        assert result.exit_code == 1, result.output  # refused, with the reason, run went on
        assert (summary["ingested"], summary["failed"]) == (0, 1)
        assert "--split" in json.dumps(summary)
