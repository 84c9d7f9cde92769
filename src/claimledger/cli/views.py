"""How the ledger commands print their answers for people: origins, timelines, checks.

The commands in ``cli.ledger`` parse options and call the service functions in
``claimledger.queries``; the blocks of text a reader needs to cite (quotes, who said them,
which document) are laid out here, one function per answer.
"""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console

from claimledger.cli.common import STATUS_STYLE, _when_text, fail
from claimledger.output import Format
from claimledger.store import Store


def _short_standing(item: Any) -> str:
    """The standing in a few words, for a table cell."""
    if item.ranked:
        return f"{round(100 * item.refuted_share)}% refuted"
    if item.kind == "unnamed reports":
        return "unnamed, not ranked"
    return f"too few resolved ({item.record.resolved})"


def origin_rows(store: Store, fmt: Format) -> list[dict[str, Any]]:
    """One row per origin, ranked ones first (``queries.standings``)."""
    from claimledger.queries import standings

    rows = []
    for item in standings(store):
        row = item.as_dict()
        if fmt is Format.table:
            row["origin"] = item.label
            row["standing"] = _short_standing(item)
        else:
            row["standing"] = item.note
        rows.append(row)
    return rows


def print_origin(store: Store, name: str, *, as_json: bool = False) -> None:
    """One origin's record, the events behind each count, and how many claims trace to it."""
    from claimledger.queries import origin_detail

    detail = origin_detail(store, name)
    if detail is None:
        raise fail(f"no claim in the ledger traces back to {name!r}; see `claimledger sources`")
    if as_json:
        typer.echo(json.dumps(detail.as_dict(), ensure_ascii=False, indent=2))
        return
    names = {e.id: e.name for e in store.iter_entities()}
    console = Console()
    item, r = detail.standing, detail.record
    console.print(f"[bold]{item.label}[/bold] ({item.kind})", highlight=False)
    console.print(
        f"  {r.total} events supported: {r.confirmed} confirmed, {r.refuted} refuted, "
        f"{r.disputed} disputed, {r.unverified} unverified; {item.note}",
        highlight=False,
    )
    for status, events in detail.counted_by_status().items():
        if not events:
            continue
        style = STATUS_STYLE.get(status, "bold")
        console.print(f"  [{style}]{status}[/{style}] ({len(events)}):", highlight=False)
        for event in events:
            where = f" in {event.where}" if event.where else ""
            console.print(
                f"    {_when_text(event)} {event.predicate}{where} — "
                f"{names.get(event.subject_id, event.subject_id)} "
                f"({event.id})",
                highlight=False,
                markup=False,
            )
    console.print(f"  {len(detail.claims)} claims trace back to it", highlight=False)
