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
    subjects = {c.subject_id for c in detail.claims} | {e.subject_id for e in detail.counted}
    names = {e.id: e.name for e in store.get_entities(s for s in subjects if s)}
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


def _quotes_once(claims: Any) -> list[Any]:
    """Claims with distinct quotes, in order: one sentence can hold several claims."""
    seen: set[str] = set()
    kept = []
    for claim in claims:
        if claim.quote not in seen:
            seen.add(claim.quote)
            kept.append(claim)
    return kept


def print_check(answer: Any) -> None:
    """Each finding: verdict, the claim, who it is charged to, the events it matches or
    resembles and why, the evidence behind a matched event's status, earlier reports."""
    from claimledger.languages import supported_languages

    console = Console()
    say = console.print
    if answer.not_extracted:
        supported = ", ".join(supported_languages())
        say(
            f"Not checked: the text is in language {answer.language!r}, which claims are not "
            f"extracted from; supported languages: {supported}.",
            highlight=False,
        )
    for finding in answer.findings:
        say(f"[bold]{finding.headline}[/bold]", highlight=False)
        say(f"  claim: “{finding.claim.quote}” ({finding.claim.modality})", markup=False)
        say(f"  {finding.origin_text}", highlight=False, markup=False)
        for match in finding.matches:
            event = match.event
            what = "matches" if match.level == "same" else "resembles"
            where = f" in {event.where}" if event.where else ""
            say(
                f"  {what} {_when_text(event)} {event.predicate}{where} ({event.status}, "
                f"{event.id}): {match.why}",
                highlight=False,
                markup=False,
            )
        if finding.matching_event:
            event = finding.matching_event.event
            say(f"  its status: {event.status_reason}", highlight=False, markup=False)
            for claim in _quotes_once(finding.matching_event.evidence)[:3]:
                say(f"    “{claim.quote}” ({claim.document_id})", highlight=False, markup=False)
        shown = {m.event.id for m in finding.matches}
        for event in [e for e in finding.earlier if e.id not in shown][:10]:
            where = f" in {event.where}" if event.where else ""
            say(
                f"  earlier: {_when_text(event)} {event.predicate}{where}: {event.status}",
                highlight=False,
            )
    if not answer.findings:
        if not answer.not_extracted:
            say("No claim found in the text; the nearest stored claims:")
        elif answer.similar:
            say("The nearest stored claims:")
        for item in answer.similar:
            c = item.claim
            say(f"  “{c.quote}” ({c.document_id}; {item.why})", highlight=False, markup=False)


def claim_source(claim: Any, published: Any = None) -> str:
    """Who made a claim, when it was published and in which document, in one phrase."""
    from claimledger.ledger import origin_label, trace_origin

    who = claim.claimant or origin_label(claim.origin or trace_origin(claim))
    when = f", published {published.isoformat()}" if published else ""
    return f"{who}{when}, in {claim.document_id} ({claim.modality})"


def print_timeline(line: Any) -> None:
    """One block per event, claim first: who first claimed it, when, in which document, the
    quote; then the status with the evidence that decided it, each quote once."""
    console = Console()
    say = console.print
    aliases = ", ".join(line.entity.aliases[:8])
    also = f" (also {aliases})" if aliases else ""
    say(f"[bold]{line.entity.name}[/bold]{also}", highlight=False)
    for summary in line.summaries:
        say(f"  {summary.text}", highlight=False)
    for entry in line.events:
        event = entry.event
        style = STATUS_STYLE.get(event.status, "bold")
        where = f" in {event.where}" if event.where else ""
        say()
        say(
            f"[bold]{_when_text(event)}[/bold] {event.predicate}{where} "
            f"[{style}]{event.status}[/{style}]  ({event.id})",
            highlight=False,
        )
        first = entry.first_claim
        if first is not None:
            source = claim_source(first, entry.published.get(first.document_id))
            say(f"  first claimed by {source}:", highlight=False, markup=False)
            say(f"    “{first.quote}”", highlight=False, markup=False)
        say(f"  {event.status_reason}", highlight=False, markup=False)
        for claim in entry.deciding[:4]:
            source = claim_source(claim, entry.published.get(claim.document_id))
            say(f"    “{claim.quote}” — {source}", highlight=False, markup=False)
        count = len(entry.claims)
        plural = "claim" if count == 1 else "claims"
        say(
            f"  {count} {plural}; origins: {', '.join(_labels(entry.origins))}",
            highlight=False,
            markup=False,
        )


def _labels(origins: Any) -> list[str]:
    from claimledger.ledger import origin_label

    return [origin_label(o) for o in origins]
