"""The benchmarks' corpus reader and replicator (``benchmarks/replicas.py``), on made-up text.

The throughput benchmark times ingest language by language on copies of a JSONL of articles;
its figures only mean something if every copy is a new article to the store (its own id and
content hash), cut as the sample is cut (whole paragraphs, about 600 words, or the whole text),
and if bad lines of the input are reported and skipped rather than stopping the run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def replicas() -> ModuleType:
    """The module loaded from its file: the benchmarks folder is not a package."""
    spec = importlib.util.spec_from_file_location("replicas", BENCHMARKS / "replicas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("replicas", module)
    spec.loader.exec_module(module)
    return module


def _paragraph(n: int, words: int) -> str:
    """A made-up paragraph of ``words`` words, told apart by ``n``."""
    return " ".join(f"word{n}x{i}" for i in range(words))


def _long_text(paragraphs: int, words: int) -> str:
    return "\n\n".join(_paragraph(n, words) for n in range(paragraphs))


def test_windows_are_runs_of_whole_paragraphs(replicas: ModuleType) -> None:
    text = _long_text(paragraphs=12, words=100)  # 1,200 words
    found = replicas.windows(text, 600)
    paragraphs = text.split("\n\n")
    assert found[0] == "\n\n".join(paragraphs[:6])
    for window in found:
        parts = window.split("\n\n")
        start = paragraphs.index(parts[0])
        assert parts == paragraphs[start : start + len(parts)]
        assert len(window.split()) >= 300
    # Seven windows reach 600 words; the last runs that hold 300-500 words count too.
    assert len(found) == 10


def test_a_short_text_is_one_window_of_itself(replicas: ModuleType) -> None:
    text = "A made-up report of two short paragraphs.\n\nNothing else is in it."
    assert replicas.windows(text, 600) == [text]
    assert replicas.windows("One paragraph with no break at all.", 600) == [
        "One paragraph with no break at all."
    ]


def test_copies_are_new_articles(replicas: ModuleType) -> None:
    records = [
        {"id": "a", "language": "xx", "title": "T", "text": _long_text(10, 100), "url": "u"},
        {"id": "b", "language": "xx", "text": "Short made-up text.\n\nIts second paragraph."},
    ]
    copies = list(replicas.replicate(records, 9, replicas.reference_mark))
    assert len(copies) == 9
    assert len({c["id"] for c in copies}) == 9
    hashes = {hashlib.sha256(str(c["text"]).encode()).hexdigest() for c in copies}
    assert len(hashes) == 9
    # Both articles are used, alternately; the short one whole each time.
    assert [str(c["id"]).split("-copy")[0] for c in copies[:4]] == ["a", "b", "a", "b"]
    short = [c for c in copies if str(c["id"]).startswith("b-")]
    assert all(str(c["text"]).startswith(records[1]["text"] + "\n\n") for c in short)
    # A copy keeps the title, date and language, not the URL (it is not the page).
    assert copies[0]["title"] == "T" and copies[0]["language"] == "xx"
    assert "url" not in copies[0] and copies[1]["title"] is None


def test_the_mark_is_no_word_a_rule_could_read(replicas: ModuleType) -> None:
    marks = {replicas.reference_mark(n, "body").rpartition("\n\n")[2] for n in range(500)}
    assert len(marks) == 500
    assert not any(ch.isupper() for mark in marks for ch in mark)
    assert replicas.reference_mark(7, "body").startswith("body\n\n")


def test_copies_without_the_language_leave_it_to_detection(replicas: ModuleType) -> None:
    records = [{"id": "a", "language": "xx", "text": "Made-up words here."}]
    copy = next(replicas.replicate(records, 1, replicas.reference_mark, keep=("title",)))
    assert set(copy) == {"id", "title", "text"}


def test_nothing_to_replicate_is_an_error(replicas: ModuleType) -> None:
    with pytest.raises(ValueError, match="no articles"):
        list(replicas.replicate([], 3, replicas.reference_mark))


def test_reader_skips_bad_lines_and_says_why(replicas: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "made-up.jsonl"
    lines = [
        json.dumps({"id": "one", "language": "en", "text": "A made-up report."}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-text", "language": "fr", "text": "  "}),
        json.dumps({"id": "no-language", "text": "Words without a language."}),
        json.dumps({"language": "ru-RU", "text": "Выдуманный текст."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, problems = replicas.read_articles(path)
    assert [a["id"] for a in articles] == ["one", "made-up-7"]
    assert [(p.line, p.reason) for p in problems] == [
        (3, "not JSON (Expecting property name enclosed in double quotes)"),
        (4, "not a JSON object"),
        (5, "no text"),
        (6, "no language"),
    ]
    assert str(problems[0]).startswith(f"{path}:3: ")


def test_languages_group_by_primary_subtag_english_first(replicas: ModuleType) -> None:
    articles = [
        {"id": "1", "language": "ru-RU", "text": "x"},
        {"id": "2", "language": "ar", "text": "x"},
        {"id": "3", "language": "EN_gb", "text": "x"},
        {"id": "4", "language": "ru", "text": "x"},
    ]
    groups = replicas.by_language(articles)
    assert list(groups) == ["en", "ar", "ru"]
    assert [a["id"] for a in groups["ru"]] == ["1", "4"]
