"""Articles replicated into a corpus of any size: the copies the throughput benchmarks ingest.

Each copy is a window of whole paragraphs of about ``WORDS_PER_ARTICLE`` words of one source
article (the whole text when it is shorter), with an id and a mark of its own, so every copy
has its own content hash and is stored and extracted like a new article. ``replicate`` cycles
through the articles first and through each one's windows second, so a corpus of N copies uses
every article about equally.

``read_articles`` reads any JSONL of articles with a ``language`` (the texts are the caller's:
nothing here keeps them) and ``by_language`` groups them, so each language can be replicated
to the same number of copies and timed apart. Only the standard library is imported, so the
test suite can load this module without the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

WORDS_PER_ARTICLE = 600

# What a copy keeps of its article besides the text: no URL (a copy is not the page).
KEPT_FIELDS = ("title", "published_at", "language")


@dataclass(frozen=True)
class Problem:
    """A line of the input that was skipped, and why."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def windows(text: str, words: int = WORDS_PER_ARTICLE) -> list[str]:
    """Every run of whole paragraphs of about ``words`` words (at least one paragraph): the
    one starting at the first paragraph always, the others when they hold half of ``words``."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    found = []
    for start in range(len(paragraphs)):
        chosen: list[str] = []
        count = 0
        for paragraph in paragraphs[start:]:
            chosen.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
        if count >= words // 2 or start == 0:
            found.append("\n\n".join(chosen))
    return found


def replicate(
    records: Sequence[Mapping[str, object]],
    articles: int,
    mark: Callable[[int, str], str],
    *,
    keep: Sequence[str] = KEPT_FIELDS,
) -> Iterator[dict[str, object]]:
    """``articles`` copies of ``records`` (each with an ``id`` and a ``text``); copy ``n`` is
    ``mark(n, window)``, which must differ for every ``n`` (a dateline, a reference line)."""
    if not records:
        raise ValueError("no articles to replicate")
    cut = [(r, windows(str(r["text"]))) for r in records]
    for n in range(articles):
        record, texts = cut[n % len(cut)]
        body = texts[(n // len(cut)) % len(texts)]
        copy: dict[str, object] = {"id": f"{record['id']}-copy{n:06d}"}
        copy.update({key: record.get(key) for key in keep})
        copy["text"] = mark(n, body)
        yield copy


def reference_mark(n: int, body: str) -> str:
    """The body with a last paragraph of its own, written alike in every language and script
    (no word, no capital, no date), so the copies differ without the rules reading the mark."""
    return f"{body}\n\n#r{n:06x}"


def read_articles(path: Path) -> tuple[list[dict[str, object]], list[Problem]]:
    """The articles of a JSONL file: objects with a non-empty ``text`` and ``language`` (an id
    is made from the line number when there is none). Lines that are not are skipped, each
    with a ``Problem`` naming the line and the reason; blank lines are ignored."""
    articles: list[dict[str, object]] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record, reason = _article(line)
            if record is None:
                problems.append(Problem(path, number, reason))
                continue
            record.setdefault("id", f"{path.stem}-{number}")
            articles.append(record)
    return articles, problems


def _article(line: str) -> tuple[dict[str, object] | None, str]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    for key in ("text", "language"):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            return None, f"no {key}"
    return record, ""


def by_language(articles: Sequence[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """The articles grouped by language code (lower case, primary subtag: "en-GB" -> "en"),
    English first, then the others in alphabetical order."""
    groups: dict[str, list[dict[str, object]]] = {}
    for article in articles:
        code = str(article["language"]).strip().replace("_", "-").split("-")[0].lower()
        groups.setdefault(code, []).append(article)
    return {code: groups[code] for code in sorted(groups, key=lambda c: (c != "en", c))}
