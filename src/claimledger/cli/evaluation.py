"""The ``eval`` command: score the pipeline against hand annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from claimledger.cli.common import JsonOption, err, fail
from claimledger.errors import ClaimledgerError
from claimledger.output import Format, write_rows

DEFAULT_GOLD = Path("../shared/data/seed/gold.yaml")
DEFAULT_FLOORS = Path("evaluation/floors.json")


def evaluate_command(
    gold: Annotated[Path, typer.Option(help="Hand annotations (gold.yaml).")] = DEFAULT_GOLD,
    articles: Annotated[
        Path | None,
        typer.Option(help="The annotated articles [default: articles.jsonl beside --gold]."),
    ] = None,
    floors: Annotated[
        Path | None,
        typer.Option(help="Fail (exit 1) when a metric falls below its floor in this file."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Run the pipeline on annotated articles into a fresh ledger and score it against gold.

    Prints names merged per person, wrong merges, claims found, claimant and modality
    accuracy, event recall and precision, and status accuracy.

    Example:

        claimledger eval --gold ../shared/data/seed/gold.yaml --floors evaluation/floors.json
    """
    from claimledger.evaluate import below_floors, evaluate_corpus, load_floors

    try:
        report = evaluate_corpus(articles or gold.with_name("articles.jsonl"), gold)
        failures = below_floors(report.metrics(), load_floors(floors)) if floors else []
    except ClaimledgerError as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps({**report.as_dict(), "below_floors": failures}, indent=2))
    else:
        _print_report(report)
        for line in failures:
            err.print(f"[red]below floor[/red] {line}", highlight=False)
    raise typer.Exit(1 if failures else 0)


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
