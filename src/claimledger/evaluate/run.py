"""Run an evaluation: get an export (run the pipeline into a fresh ledger, or read an export
file) and score it with the scorer of the gold file's format."""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimledger.errors import InputError
from claimledger.evaluate.facts import FactsEvaluation, score_facts
from claimledger.evaluate.facts_gold import FactsGold
from claimledger.evaluate.gold import SeedGold, read_gold
from claimledger.evaluate.seed import Report, evaluate
from claimledger.export import SCHEMA, write_json_export
from claimledger.ingest import read_inputs
from claimledger.pipeline import ingest_items
from claimledger.store import Store

Evaluation = Report | FactsEvaluation


def realnews_cache() -> Path:
    """Where the real-news article texts are cached (they are never stored in a repository)."""
    return Path(os.environ.get("TMPDIR") or "/tmp") / "claimledger-realnews" / "articles.jsonl"


def default_articles(gold_path: Path, gold: SeedGold | FactsGold) -> Path:
    """Seed gold: ``articles.jsonl`` beside it; facts-only gold: the local text cache."""
    return (
        realnews_cache() if isinstance(gold, FactsGold) else gold_path.with_name("articles.jsonl")
    )


def run_evaluation(
    gold_path: Path,
    *,
    articles: Path | None = None,
    export_path: Path | None = None,
    languages: Sequence[str] | None = None,
    db_url: str | None = None,
) -> Evaluation:
    """Score ``export_path``, or else a fresh ledger built from ``articles``, against the gold.

    ``languages`` restricts a facts-only evaluation to claims made in those languages' articles.
    """
    gold = read_gold(gold_path)
    if languages:
        _check_languages(gold_path, gold, languages)
    if export_path is not None:
        export = load_export(export_path)
    else:
        source = articles or default_articles(gold_path, gold)
        if isinstance(gold, FactsGold) and not source.is_file():
            raise InputError(str(source), _missing_cache(gold_path))
        export = export_corpus(source, with_text=isinstance(gold, SeedGold), db_url=db_url)
    if isinstance(gold, FactsGold):
        return score_facts(export, gold, languages=languages)
    return evaluate(export, gold.data)


def _check_languages(gold_path: Path, gold: SeedGold | FactsGold, languages: Sequence[str]) -> None:
    if isinstance(gold, SeedGold):
        raise InputError(
            str(gold_path),
            "a language restriction needs facts-only gold, whose articles carry "
            "a language; the seed format has none",
        )
    unknown = [lang for lang in languages if lang not in gold.languages()]
    if unknown:
        raise InputError(
            str(gold_path),
            f"no gold article is in {', '.join(unknown)}; the gold's languages "
            f"are {', '.join(gold.languages())}",
        )


def _missing_cache(gold_path: Path) -> str:
    return (
        "no such file. The article texts of this gold set are not stored with it: they live only "
        "in a local cache, expected at this path (or give --articles). The folder's README.md "
        f"({gold_path.parent / 'README.md'}) explains how to rebuild the cache."
    )


def export_corpus(articles: Path, *, with_text: bool = True, db_url: str | None = None) -> Any:
    """The export of a fresh ledger into which the whole pipeline ingested ``articles``.

    ``db_url`` defaults to a temporary SQLite file, removed afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="claimledger-eval-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'eval.db'}"
        with Store.open(url) as store:
            for outcome in ingest_items(read_inputs([articles]), store):
                if outcome.status == "failed":
                    raise InputError(outcome.origin, outcome.reason or "failed", outcome.line)
            buffer = io.StringIO()
            write_json_export(store, buffer, with_text=with_text)
    return json.loads(buffer.getvalue())


def load_export(path: Path) -> dict[str, Any]:
    """A ``claimledger export --format json`` file, checked to be one."""
    try:
        export = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read the export: {exc}") from None
    hint = f"expected a {SCHEMA} JSON export (claimledger export --format json)"
    if not isinstance(export, dict):
        raise InputError(str(path), f"not a JSON object; {hint}")
    if export.get("schema", SCHEMA) != SCHEMA:
        raise InputError(str(path), f"schema is {export.get('schema')!r}; {hint}")
    for section in ("documents", "entities", "claims", "events"):
        if not isinstance(export.get(section), list):
            raise InputError(str(path), f"'{section}' is missing or not a list; {hint}")
    return export


def evaluate_corpus(articles: Path, gold_path: Path, *, db_url: str | None = None) -> Report:
    """Run the pipeline over ``articles`` into a fresh ledger and score it against seed gold."""
    gold = read_gold(gold_path)
    if not isinstance(gold, SeedGold):
        raise InputError(str(gold_path), "evaluate_corpus scores seed gold; use run_evaluation")
    return evaluate(export_corpus(articles, db_url=db_url), gold.data)
