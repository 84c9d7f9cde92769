"""HTTP routes over the ledger: entities, timelines, events, claims, origins and `check`.

Thin adapters: each parses its parameters, calls a function of ``claimledger.queries`` and
shapes the answer; free-text parameters only ever reach SQL as bound parameters.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from claimledger import queries
from claimledger.api.app import ApiError, StoreDep, require_read
from claimledger.api.routes import Limit, Offset, page
from claimledger.api.schemas import (
    EARLIEST_REPORT,
    LATEST_REPORT,
    CheckAnswerOut,
    ClaimPage,
    EntityAnswer,
    EntityPage,
    EventAnswer,
    EventPage,
    OriginAnswer,
    OriginPage,
    ReportDate,
    TimelineAnswer,
)
from claimledger.export import claim_record, entity_record, event_record
from claimledger.store import Store
from claimledger.types import Entity, Predicate, Status

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)])

# The closed vocabularies of types.py, so FastAPI validates and documents them.
StatusParam = Status
PredicateParam = Predicate
MAX_CHECK_CHARS = 100_000


def _entity_or_404(store: Store, entity_id: str) -> Entity:
    entity = queries.get_entity(store, entity_id)
    if entity is None:
        raise ApiError(404, f"no entity with id {entity_id!r}; search with /api/entities?q=NAME")
    return entity


def _person_or_404(store: Store, person: str) -> Entity:
    entity = queries.resolve_person(store, person)
    if entity is None:
        raise ApiError(404, f"nobody with the id or name {person!r} is in the ledger")
    return entity


@router.get(
    "/entities",
    summary="Entities, or those a name (any spelling) may refer to",
    response_model=EntityPage,
)
def list_entities(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=300, description="Any name or spelling.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict:
    if q is not None:
        found = queries.find_entities(store, q)[offset : offset + limit + 1]
    else:
        found = list(store.iter_entities())[offset : offset + limit + 1]
    items = [entity_record(e) for e in found]
    return page(items, limit=limit, offset=offset, request=request)


@router.get(
    "/entities/{entity_id}", summary="One entity with its names", response_model=EntityAnswer
)
def get_entity(entity_id: str, store: StoreDep) -> dict:
    return {"ok": True, "entity": entity_record(_entity_or_404(store, entity_id))}


@router.get(
    "/entities/{entity_id}/timeline",
    summary="An entity's events, oldest first",
    response_model=TimelineAnswer,
)
def get_timeline(entity_id: str, store: StoreDep) -> dict:
    line = queries.timeline(store, _entity_or_404(store, entity_id))
    return {"ok": True, **line.as_dict()}


@router.get(
    "/events",
    summary="Events, filtered by status, predicate and subject; paginated",
    response_model=EventPage,
)
def list_events(
    request: Request,
    store: StoreDep,
    status: StatusParam | None = None,
    predicate: PredicateParam | None = None,
    subject: Annotated[str | None, Query(max_length=300, description="Id or name.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict:
    subject_id = _person_or_404(store, subject).id if subject else None
    events = queries.list_events(
        store,
        subject_id=subject_id,
        status=status,
        predicate=predicate,
        limit=limit + 1,
        offset=offset,
    )
    return page([event_record(e) for e in events], limit=limit, offset=offset, request=request)


@router.get(
    "/events/{event_id}",
    summary="One event with every claim in it and its origins",
    response_model=EventAnswer,
)
def get_event(event_id: str, store: StoreDep) -> dict:
    detail = queries.event_detail(store, event_id)
    if detail is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    return {"ok": True, "event": detail.as_dict()}


@router.get(
    "/claims",
    summary="Claims filtered by person, predicate, status, origin, dates",
    response_model=ClaimPage,
)
def list_claims(
    request: Request,
    store: StoreDep,
    person: Annotated[str | None, Query(max_length=300, description="Id or name.")] = None,
    predicate: PredicateParam | None = None,
    status: StatusParam | None = None,
    origin: Annotated[str | None, Query(max_length=300)] = None,
    document: Annotated[str | None, Query(max_length=300, description="Document id.")] = None,
    since: Annotated[date | None, Query(description="Claims whose time ends on or after.")] = None,
    until: Annotated[date | None, Query(description="Claims whose time starts by.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict:
    if since and until and since > until:
        raise ApiError(422, f"since ({since}) is after until ({until}); swap them")
    filters = queries.ClaimFilter(
        subject_id=_person_or_404(store, person).id if person else None,
        predicate=predicate,
        status=status,
        origin=origin,
        document_id=document,
        since=since,
        until=until,
    )
    claims = queries.list_claims(store, filters, limit=limit + 1, offset=offset)
    return page([claim_record(c) for c in claims], limit=limit, offset=offset, request=request)


@router.get(
    "/origins",
    summary="Origins with their track records, the most active first",
    response_model=OriginPage,
)
def list_origins(request: Request, store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict:
    records = queries.sources(store)[offset : offset + limit + 1]
    items = [r.as_dict() for r in records]
    return page(items, limit=limit, offset=offset, request=request)


@router.get(
    "/origins/{name:path}",
    summary="One origin's track record and claims",
    response_model=OriginAnswer,
)
def get_origin(name: str, store: StoreDep) -> dict:
    detail = queries.origin_detail(store, name)
    if detail is None:
        raise ApiError(404, f"no claim in the ledger traces back to {name!r}")
    return {"ok": True, "origin": detail.as_dict()}


class CheckRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_CHECK_CHARS, description="A report to check.")
    published_at: ReportDate | None = Field(
        default=None,
        description="The report's date, which anchors 'yesterday' (today if unset); from "
        f"{EARLIEST_REPORT} to {LATEST_REPORT}.",
    )


@router.post(
    "/check",
    summary="Has this been claimed before, by whom, and how did it turn out?",
    response_model=CheckAnswerOut,
)
def check(body: CheckRequest, request: Request, store: StoreDep) -> dict:
    languages = request.app.state.settings.languages
    answer = queries.check(store, body.text, published_at=body.published_at, languages=languages)
    return {"ok": True, **answer.as_dict()}
