"""The ``eval`` command: score the pipeline against hand annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from claimledger.cli.common import JsonOption, err, fail
from claimledger.errors import ClaimledgerError
from claimledger.output import Format, write_rows

DEFAULT_GOLD = Path("../shared/data/seed/gold.yaml")
DEFAULT_FLOORS = Path("evaluation/floors.json")

# The facts-only figures, in the order they print, with their labels.
FACTS_FIGURES = {
    "names_found": "names found",
    "persons_split": "persons split",
    "wrong_merges": "wrong merges",
    "event_recall": "event recall",
    "event_precision": "event precision",
    "status_accuracy": "status accuracy",
    "claims_found": "claims found",
    "claimant_accuracy": "claimant accuracy",
    "modality_accuracy": "modality accuracy",
}


def evaluate_command(
    gold: Annotated[
        Path,
        typer.Option(help="Hand annotations (gold.yaml), seed or facts-only; told apart by keys."),
    ] = DEFAULT_GOLD,
    articles: Annotated[
        Path | None,
        typer.Option(
            help="The annotated articles [default: articles.jsonl beside a seed --gold; for "
            "facts-only gold the cache ${TMPDIR:-/tmp}/claimledger-realnews/articles.jsonl]."
        ),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Score this `claimledger export --format json` file instead of running the "
            "pipeline.",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Only claims made in articles of these languages, e.g. en,fr (facts-only gold).",
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="List every missed event, split, wrong merge, claim not found, wrong claimant "
            "and wrong modality (facts-only gold).",
        ),
    ] = False,
    floors: Annotated[
        Path | None,
        typer.Option(
            help="Fail (exit 1) when a metric falls below its floor in this file "
            '(per-language keys: "en.event_recall").'
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Run the pipeline on annotated articles into a fresh ledger and score it against gold.

    Seed gold: prints names merged per person, wrong merges, claims found, claimant and
    modality accuracy, event recall and precision, and status accuracy. Facts-only gold (no
    article text; the texts come from a local cache): prints names found, persons split,
    wrong merges, event recall and precision, status accuracy, claims found, claimant and
    modality accuracy, overall and per language, as ../shared/tools/score.py does.

    Example:

        claimledger eval --gold ../shared/data/seed/gold.yaml --floors evaluation/floors.json

        claimledger eval --gold ../shared/data/realnews-dev/gold.yaml
        --articles /tmp/claimledger-realnews/articles.jsonl --explain

        claimledger eval --gold ../shared/data/realnews-dev/gold.yaml --export ledger.json
        --lang en
    """
    from claimledger.evaluate import FactsEvaluation, below_floors, load_floors, run_evaluation

    if articles is not None and export is not None:
        raise fail("give --articles (run the pipeline) or --export (score a file), not both", 2)
    languages = _languages(lang)
    try:
        evaluation = run_evaluation(
            gold, articles=articles, export_path=export, languages=languages
        )
        failures = below_floors(evaluation.metrics(), load_floors(floors)) if floors else []
    except ClaimledgerError as exc:
        raise fail(str(exc)) from None
    if as_json:
        fmt = "facts" if isinstance(evaluation, FactsEvaluation) else "seed"
        data = {"gold": str(gold), "format": fmt, **evaluation.as_dict(), "below_floors": failures}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif isinstance(evaluation, FactsEvaluation):
        _print_facts(evaluation, explain=explain)
    else:
        _print_report(evaluation)
    if not as_json:
        for line in failures:
            err.print(f"[red]below floor[/red] {line}", highlight=False)
    raise typer.Exit(1 if failures else 0)


def _languages(lang: str | None) -> list[str] | None:
    if lang is None:
        return None
    languages = [code.strip() for code in lang.split(",") if code.strip()]
    if not languages:
        raise fail(f"--lang {lang!r}: give language codes separated by commas, e.g. en,fr", 2)
    return languages


def _print_facts(evaluation: Any, *, explain: bool) -> None:
    console = Console()
    overall = ",".join(evaluation.languages) if evaluation.languages else "all"
    scopes = {overall: evaluation.overall, **evaluation.by_language}
    figures = {name: score.figures() for name, score in scopes.items()}
    # No vertical rules: a column per language must fit 80 characters.
    table = Table(
        title="Evaluation on facts-only gold (per language: the claims made in it)",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("metric", no_wrap=True)
    for name in scopes:
        table.add_column(name, justify="right")
    table.add_row("gold events", *(str(score.gold_events) for score in scopes.values()))
    for key, label in FACTS_FIGURES.items():
        table.add_row(label, *(str(figures[name][key]) for name in scopes))
    console.print(table)
    if explain:
        for finding in evaluation.findings:
            console.print(finding.line(), highlight=False, markup=False)
        return
    counts: dict[str, int] = {}
    for finding in evaluation.findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    summary = ", ".join(f"{kind}: {n}" for kind, n in counts.items()) or "no mistakes"
    console.print(f"{summary} (--explain lists them)", highlight=False, markup=False)


def _print_report(report: Any) -> None:
    console = Console()
    names = ({**r.as_dict()} for r in report.names)
    write_rows(
        names,
        columns=("person", "names", "found", "merged"),
        fmt=Format.table,
        title="Names found and merged per person",
    )
    console.print(f"wrong merges: {report.wrong_merges or 'none'}", highlight=False)
    metrics = ({"metric": k, "value": v} for k, v in report.metrics().items())
    write_rows(metrics, columns=("metric", "value"), fmt=Format.table, title="Evaluation")
    for miss in report.misses:
        console.print(f"  {miss}", highlight=False, markup=False)
