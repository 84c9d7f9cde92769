"""Commands over the ledger: timelines, checks, origins, events, claims, entities."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimledger.cli.common import (
    CsvOption,
    DbOption,
    JsonOption,
    WideOption,
    _when_text,
    err,
    fail,
    find_person,
    open_store,
    output_format,
    span_dates,
    when_short,
)
from claimledger.errors import ClaimledgerError
from claimledger.output import Format, write_rows
from claimledger.settings import Settings
from claimledger.types import PREDICATES, Predicate, Status

if TYPE_CHECKING:
    from claimledger.store import Store

# Filters with a closed list of values: an unknown one is a usage error naming the allowed
# values (exit code 2), not an empty listing.
StatusFilter = Annotated[
    Status | None, typer.Option(case_sensitive=False, help="Only events with this status.")
]
# The predicates are too many for Click's "<a|b|...>" on one line: listed in the help instead.
PredicateFilter = Annotated[
    Predicate | None,
    typer.Option(
        case_sensitive=False,
        show_choices=False,
        metavar="<predicate>",
        help=f"Only this kind of event: {', '.join(PREDICATES)}.",
    ),
]


def timeline(
    name: Annotated[
        str, typer.Argument(help="Any name, alias or spelling of a person, or an entity id.")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """A person's reported events in date order: status, reason, origins and evidence quotes.

    A name that fits several people lists them with their ids instead (exit code 1).

    Example:

        claimledger timeline "Al Bogdadi"
    """
    from claimledger.queries import timeline as build_timeline

    fmt = output_format(as_json, as_csv)
    with open_store(db, must_exist=True) as store:
        line = build_timeline(store, find_person(store, name))
    if fmt is Format.json:
        typer.echo(json.dumps(line.as_dict(), ensure_ascii=False, indent=2))
        return
    rows = (
        {
            **span_dates(t.event.when),
            "event": t.event.predicate,
            "where": t.event.where,
            "status": t.event.status,
            "reason": t.event.status_reason,
            "origins": list(t.origins),
            "evidence": [f"“{c.quote}”" for c in t.evidence][:3],
            "id": t.event.id,
        }
        for t in line.events
    )
    columns = ("start", "end", "event", "where", "status", "reason", "origins", "evidence", "id")
    if fmt is Format.csv:
        write_rows(rows, columns=columns, fmt=fmt)
        return
    _print_timeline(line)


def _print_timeline(line: Any) -> None:
    from claimledger.cli.views import print_timeline

    print_timeline(line)


def check(
    text: Annotated[str, typer.Argument(help="The report to check, or '-' for stdin.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Has this been claimed before, by whom, and how did it turn out?

    Extracts the claims in the text; for each, says whether the ledger has seen it, how many
    earlier events of this kind the person has and how they ended, the matching event with its
    evidence, and the origin's track record. Text with no claim gets the nearest stored claims.
    Text surely in a language claims are not extracted from is not read: the answer names its
    language and the supported ones (exit code 0; in --json, "not_extracted" is set), with the
    nearest stored claims.

    Example:

        claimledger check "Islamic State leader al-Baghdadi was killed in an airstrike"
    """
    from claimledger.queries import check as run_check

    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise fail("nothing to check: give a text or pipe one to '-'", code=2)
    try:
        languages = Settings.from_env(db=db).languages
    except ClaimledgerError as exc:
        raise fail(str(exc)) from None
    with open_store(db, must_exist=True) as store:
        answer = run_check(store, text, languages=languages)
    if as_json:
        typer.echo(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_check(answer)


def _print_check(answer: Any) -> None:
    from claimledger.cli.views import print_check

    print_check(answer)


def sources_command(
    origin: Annotated[
        str | None, typer.Argument(help="One origin: its record and the events behind it.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Origins (first claimants) with their track records: how their claims turned out.

    Origins with enough resolved events are ranked, the most often refuted first; the others
    say why they are not. Unattributed claims an article asserts are the publisher's; the
    earlier reports it recounts are "unnamed earlier reports".

    Example:

        claimledger sources --csv > origins.csv
        claimledger sources "Russian Ministry of Defense"
    """
    from claimledger.cli.views import origin_rows, print_origin

    fmt = output_format(as_json, as_csv)
    with open_store(db, must_exist=True) as store:
        if origin is not None:
            print_origin(store, origin, as_json=as_json)
            return
        rows = origin_rows(store, fmt)
    columns: tuple[str, ...] = ("origin", "confirmed", "refuted", "disputed", "unverified")
    columns = (*columns, "standing")
    if fmt is not Format.table:
        columns = (*columns[:-1], "total", "resolved", "ranked", "kind", "label", "standing")
    write_rows(
        rows,
        columns=columns,
        fmt=fmt,
        title="Origins and track records",
        wrap={"origin", "standing"},
        max_widths={"origin": 24, "standing": 16},
    )


def reassess(
    db: DbOption = None,
    replay_history: Annotated[
        bool,
        typer.Option(
            "--replay-history",
            help="Rebuild each event's status history from scratch in publication order.",
        ),
    ] = False,
) -> None:
    """Recompute every event, status and claim origin by this release's rules (after an
    upgrade: `stats` and `check-ledger` say when a ledger needs it).

    Each event whose status changes gets a step in its history; --replay-history rebuilds
    the histories instead, dated by the reports that decided them (exact, slower for
    much-reported people; what a ledger assessed by an older release needs).

    Example:

        claimledger reassess --db sqlite:///claimledger.db --replay-history
    """
    from claimledger.pipeline import reassess as run_reassess

    with open_store(db, must_exist=True) as store:
        count = run_reassess(store, replay_history=replay_history)
    err.print(f"{count} events reassessed")


ENTITY_COLUMNS = ("id", "type", "name", "aliases", "wikidata")
ENTITY_TABLE = ("name", "type", "aliases", "id")


def entities_list(
    db: DbOption = None,
    name: Annotated[
        str | None,
        typer.Option(help="Only entities with a name that has these words, in any spelling."),
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    wide: WideOption = False,
) -> None:
    """List entities with every name seen for them.

    --name matches any part of a name in any spelling ("Zebari" finds "Hoshyar Zebari";
    "Al Bogdadi" finds "Abu Bakr al-Baghdadi"), whole-name matches first.

    Example:

        claimledger entities list --name "Al Bogdadi" --json
    """
    from claimledger.lookup import match_entities

    fmt = output_format(as_json, as_csv)
    with open_store(db, must_exist=True) as store:
        found = match_entities(store, name) if name else store.iter_entities()
        rows = (e.as_dict() for e in found)
        write_rows(
            rows,
            columns=ENTITY_COLUMNS,
            fmt=fmt,
            title="Entities",
            table_columns=ENTITY_TABLE,
            wrap={"name", "aliases"},
            max_widths={"name": 24},
            wide=wide,
        )


def entities_import(
    path: Annotated[Path, typer.Argument(help="A watchlist: YAML or CSV.")],
    db: DbOption = None,
) -> None:
    """Load a watchlist of known entities (name, aliases, type, description, Wikidata id).

    YAML: a list of mappings with those keys; CSV: those columns, aliases separated by '|'.
    Documents ingested afterwards resolve against these entities.

    Example:

        claimledger entities import watchlist.yaml
    """
    from claimledger.pipeline import import_entities
    from claimledger.resolve.watchlist import load_watchlist

    with open_store(db) as store:
        try:
            count = import_entities(store, load_watchlist(path))
        except ClaimledgerError as exc:
            raise fail(str(exc)) from None
    err.print(f"imported {count} entities from {path}")


EVENT_COLUMNS = (
    "id",
    "subject_id",
    "person",
    "predicate",
    "when",
    "start",
    "end",
    "where",
    "status",
    "status_reason",
)
EVENT_TABLE = ("when", "person", "predicate", "where", "status")


def events_list(
    db: DbOption = None,
    person: Annotated[
        str | None, typer.Option(help="Any spelling of a person's name, or an entity id.")
    ] = None,
    status: StatusFilter = None,
    predicate: PredicateFilter = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    wide: WideOption = False,
) -> None:
    """List events, oldest first, with the person's name, status and reason.

    The table shows when, who, what, where and status; --wide adds the ids and the reason.
    CSV and JSON give the dates in separate start and end columns.

    Example:

        claimledger events list --status refuted --predicate killed --csv
    """
    from claimledger.queries import list_events

    fmt = output_format(as_json, as_csv)
    with open_store(db, must_exist=True) as store:
        subject = _person_id(store, person)
        events = list_events(
            store, subject_id=subject, status=status, predicate=predicate, limit=limit
        )
        names = {e.id: e.name for e in store.get_entities({e.subject_id for e in events})}
    rows = (
        {
            **e.as_dict(),
            "person": names.get(e.subject_id, e.subject_id),
            "when": when_short(e.when) if fmt is Format.table else _when_text(e),
            **span_dates(e.when),
        }
        for e in events
    )
    write_rows(
        rows,
        columns=EVENT_COLUMNS,
        fmt=fmt,
        title="Events",
        table_columns=EVENT_TABLE,
        wrap={"person", "where", "status_reason"},
        max_widths={"when": 23},
        wide=wide,
    )


CLAIM_COLUMNS = (
    "id",
    "document_id",
    "subject",
    "predicate",
    "when",
    "start",
    "end",
    "where",
    "claimant",
    "via",
    "origin",
    "modality",
    "quote",
    "event_id",
)
CLAIM_TABLE = ("subject", "predicate", "modality", "claimant", "quote")


def claims_list(
    db: DbOption = None,
    person: Annotated[
        str | None, typer.Option(help="Any spelling of a person's name, or an entity id.")
    ] = None,
    predicate: PredicateFilter = None,
    status: Annotated[
        Status | None, typer.Option(case_sensitive=False, help="Status of the claim's event.")
    ] = None,
    origin: Annotated[str | None, typer.Option(help="Origin (first claimant).")] = None,
    document: Annotated[str | None, typer.Option(help="Document id.")] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    wide: WideOption = False,
) -> None:
    """List claims, with filters; each row quotes the text it came from.

    "when" is the time as the text gives it; start and end are the dates it was read as.
    The table shows who, what, how firmly, claimant and quote; --wide adds the rest.

    Example:

        claimledger claims list --person "al-Baghdadi" --predicate killed --json
    """
    from claimledger.queries import ClaimFilter, list_claims

    fmt = output_format(as_json, as_csv)
    with open_store(db, must_exist=True) as store:
        filters = ClaimFilter(
            subject_id=_person_id(store, person),
            predicate=predicate,
            status=status,
            origin=origin,
            document_id=document,
        )
        claims = list_claims(store, filters, limit=limit)
    rows = (
        {
            **c.as_dict(),
            "when": c.when.text if c.when else None,
            **span_dates(c.when),
            "via": list(c.via),
        }
        for c in claims
    )
    write_rows(
        rows,
        columns=CLAIM_COLUMNS,
        fmt=fmt,
        title="Claims",
        table_columns=CLAIM_TABLE,
        wrap={"subject", "when", "claimant", "quote"},
        max_widths={"subject": 16, "claimant": 16},
        wide=wide,
    )


def _person_id(store: Store, person: str | None) -> str | None:
    return None if person is None else find_person(store, person).id
