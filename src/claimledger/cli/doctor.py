"""``check-ledger``: the ledger's consistency checks, and the repair a killed run needs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from claimledger.cli.common import DbOption, JsonOption, err, open_store

if TYPE_CHECKING:
    from claimledger.store import Store
    from claimledger.store.consistency import Finding


def check_ledger(
    db: DbOption = None,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="First finish what a killed run left: extract documents stored without their "
            "claims and reassess out-of-date events (what any `ingest` does first).",
        ),
    ] = False,
    workers: Annotated[int, typer.Option(min=1, help="Processes for extraction (--repair).")] = 1,
    as_json: JsonOption = False,
) -> None:
    """Check a ledger's consistency and say what is wrong: the database's own integrity check
    (SQLite), claims and mentions without their document, events with missing claims, origin
    tallies against the events, documents stored without their claims, subjects whose events
    are out of date, events assessed by an older release's rules (after an upgrade: run
    `claimledger reassess --replay-history`). Exit code 0 when every check passes, 1 otherwise.

    Example:

        claimledger check-ledger --db sqlite:///ledger.db
    """
    with open_store(db, must_exist=True) as store:
        repaired = _repair(store, workers) if repair else ""
        findings = store.check_consistency()
    if as_json:
        payload = {"ok": all(f.ok for f in findings), "checks": [f.as_dict() for f in findings]}
        if repair:
            payload["repaired"] = repaired
        typer.echo(json.dumps(payload, indent=2))
    else:
        if repaired:
            err.print(repaired, highlight=False)
        for finding in findings:
            _print_finding(finding)
    raise typer.Exit(0 if all(f.ok for f in findings) else 1)


def _repair(store: Store, workers: int) -> str:
    """What ``ingest`` does first: extract what a killed run left, reassess stale events."""
    # Imported here: the pipeline loads the NLP stack, which checking alone does not need.
    from claimledger.pipeline import IngestSummary, Ledger, PipelineOptions

    summary = IngestSummary()
    for outcome in Ledger(store, options=PipelineOptions(workers=workers)).ingest([]):
        summary.add(outcome)
    return summary.repaired_text() or "nothing to repair"


def _print_finding(finding: Finding) -> None:
    if finding.ok:
        typer.echo(f"ok       {finding.check}")
        return
    typer.echo(f"PROBLEM  {finding.check}: {finding.problems} ({finding.meaning})")
    for example in finding.examples:
        typer.echo(f"           e.g. {example}")
    typer.echo(f"           repair: {finding.repair}")
