"""The web pages: server-rendered Jinja2 templates over the same queries as the API and CLI.

Every page works without JavaScript. Autoescaping is on for every template, so text from
documents (which may contain markup) is shown as text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined

from claimledger import queries
from claimledger.api.app import StoreDep, require_read
from claimledger.api.schemas import EARLIEST_REPORT, LATEST_REPORT
from claimledger.languages import supported_languages
from claimledger.ledger import kind_of, origin_key, origin_label
from claimledger.store import Store
from claimledger.types import Claim, Entity
from claimledger.web.chart import STATUS_ORDER, span_label, timeline_chart, vertical_chart
from claimledger.web.highlight import Span, paragraph_with, paragraphs
from claimledger.web.links import is_web_url

logger = logging.getLogger(__name__)

router = APIRouter(dependencies=[Depends(require_read)], include_in_schema=False)

MAX_CHECK_CHARS = 100_000


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The page templates (loaded once), autoescaped whatever their file name."""
    env = Environment(
        loader=PackageLoader("claimledger", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = span_label
    env.tests["web_url"] = is_web_url
    env.filters["origin_label"] = origin_label
    env.globals["statuses"] = STATUS_ORDER
    return Jinja2Templates(env=env)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates().TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An error as a page (the API's JSON error shape is for /api)."""
    return render(request, "error.html", status, status_code=status, message=message)


def _names(store: Store, entity_ids: Iterable[str | None]) -> dict[str, str]:
    """The names of these entities (a page names its people), read by id, not a pass over
    every entity."""
    return {e.id: e.name for e in store.get_entities({i for i in entity_ids if i})}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> HTMLResponse:
    recent = queries.recent_events(store, limit=10)
    return render(
        request,
        "home.html",
        people=queries.contested_people(store, limit=10),
        recent=recent,
        names=_names(store, (e.subject_id for e in recent)),
        stats=store.stats(),
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, store: StoreDep, q: Annotated[str, Query(max_length=300)] = ""
) -> HTMLResponse:
    found: list[Entity] = queries.find_entities(store, q) if q.strip() else []
    return render(request, "search.html", q=q, found=found)


@router.get("/people/{entity_id}", response_class=HTMLResponse)
def person(
    entity_id: str,
    request: Request,
    store: StoreDep,
    kind: Annotated[str, Query(max_length=40)] = "",
    status: Annotated[str, Query(max_length=20)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    origin: Annotated[str, Query(max_length=300)] = "",
) -> HTMLResponse:
    """A person's timeline: the charts and the events, claim first, filtered by kind,
    status, date range and origin (the range also sets the charts' time axis)."""
    entity = queries.get_entity(store, entity_id)
    if entity is None:
        return error_page(request, 404, f"Nobody with the id {entity_id!r} is in the ledger.")
    full = queries.timeline(store, entity)
    chosen = queries.TimelineFilter(
        kind=kind or None,
        status=status if status in STATUS_ORDER else None,
        since=_date_or_none(since),
        until=_date_or_none(until),
        origin=origin or None,
    )
    line = chosen.apply(full)
    events = [t.event for t in line.events]
    claims = _unique_claims(c for t in line.events for c in t.claims)
    options = {
        "kinds": list(dict.fromkeys(kind_of(t.event.predicate) for t in full.events)),
        "origins": sorted({o for t in full.events for o in t.origins}, key=origin_label),
    }
    return render(
        request,
        "person.html",
        entity=entity,
        line=line,
        full=full,
        chart=timeline_chart(events, claims),
        narrow=vertical_chart(events, claims),
        chosen=chosen,
        form={"kind": kind, "status": status, "since": since, "until": until, "origin": origin},
        options=options,
    )


def _unique_claims(claims: Iterable[Claim]) -> list[Claim]:
    """Claims once each (an event's claims may be another event's evidence too)."""
    return list({c.id or f"{c.document_id}:{c.start}": c for c in claims}.values())


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(event_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    detail = queries.event_detail(store, event_id)
    if detail is None:
        return error_page(request, 404, f"No event with the id {event_id!r}.")
    evidence = set(detail.event.evidence)
    first = detail.first_claim
    # The claim that first put the event forward leads; the rest follow in document order.
    ordered = sorted(detail.claims, key=lambda c: c is not first)
    items = []
    for claim in ordered:
        doc = store.get_document(claim.document_id)
        text = doc.text if doc else ""
        para = paragraph_with(text, Span(claim.start, claim.end, claim.id or ""))
        items.append(
            {
                "claim": claim,
                "doc": doc,
                "paragraph": para,
                "key": claim.id in evidence,
                "first": claim is first,
            }
        )
    subject = queries.get_entity(store, detail.event.subject_id)
    return render(request, "event.html", detail=detail, items=items, subject=subject)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(document_id: str, request: Request, store: StoreDep) -> HTMLResponse:
    found = queries.document_with_claims(store, document_id)
    if found is None:
        return error_page(request, 404, f"No document with the id {document_id!r}.")
    spans = [Span(c.start, c.end, c.id or "") for c in found.claims]
    by_id = {c.id: c for c in found.claims}
    paras = paragraphs(found.document.text, spans)
    return render(
        request,
        "document.html",
        found=found,
        paragraphs=paras,
        by_id=by_id,
        names=_names(store, (c.subject_id for c in found.claims)),
    )


@router.get("/origins", response_class=HTMLResponse)
def origins(request: Request, store: StoreDep) -> HTMLResponse:
    standings = queries.standings(store)
    grouped: dict[str, list[queries.OriginStanding]] = {"ranked": [], "few": [], "unnamed": []}
    for item in standings:
        group = "ranked" if item.ranked else "unnamed" if item.kind == "unnamed reports" else "few"
        grouped[group].append(item)
    return render(
        request,
        "origins.html",
        standings=standings,
        grouped=grouped,
        min_resolved=queries.MIN_RESOLVED,
    )


@router.get("/origins/{name:path}", response_class=HTMLResponse)
def origin(name: str, request: Request, store: StoreDep) -> HTMLResponse:
    detail = queries.origin_detail(store, name)
    if detail is None:
        return error_page(request, 404, f"No claim in the ledger traces back to {name!r}.")
    subjects = [*(c.subject_id for c in detail.claims), *(e.subject_id for e in detail.counted)]
    names = _names(store, subjects)
    return render(request, "origin.html", detail=detail, names=names, key=origin_key(name))


# A check asked by GET can be shared as a link; the text must then fit a URL.
MAX_LINK_CHECK_CHARS = 4000


@router.get("/check", response_class=HTMLResponse)
def check_form(
    request: Request,
    store: StoreDep,
    text: Annotated[str, Query(max_length=MAX_LINK_CHECK_CHARS)] = "",
    published_at: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    """The form; with ``?text=...`` (and ``published_at``) the answer too, on a page whose
    address can be shared."""
    if not text and not published_at:
        return render(request, "check.html", text="", published_at="", answer=None)
    return _check_page(request, store, text, published_at)


@router.post("/check", response_class=HTMLResponse)
def check_answer(
    request: Request,
    store: StoreDep,
    text: Annotated[str, Form(max_length=MAX_CHECK_CHARS)] = "",
    published_at: Annotated[str, Form(max_length=10)] = "",
) -> HTMLResponse:
    return _check_page(request, store, text, published_at)


def _check_page(request: Request, store: Store, text: str, published_at: str) -> HTMLResponse:
    when = _date_or_none(published_at)
    if not text.strip() or (published_at and when is None):
        dates = f"Give the date as YYYY-MM-DD, from {EARLIEST_REPORT} to {LATEST_REPORT}."
        problem = "Paste a report to check." if not text.strip() else dates
        return render(
            request,
            "check.html",
            400,
            text=text,
            published_at=published_at,
            answer=None,
            problem=problem,
        )
    languages = request.app.state.settings.languages
    answer = queries.check(store, text, published_at=when, languages=languages)
    link = None
    if len(text) <= MAX_LINK_CHECK_CHARS:
        query = {"text": text, **({"published_at": published_at} if published_at else {})}
        link = "/check?" + urlencode(query)
    return render(
        request,
        "check.html",
        text=text,
        published_at=published_at,
        answer=answer,
        link=link,
        supported_languages=supported_languages(),
    )


def _date_or_none(raw: str) -> date | None:
    """The form's date, or None when unset, malformed, or outside the days reports can have
    (as the API: 0001-01-01 and 9999-12-31 are placeholders, see ``api.schemas``)."""
    try:
        found = date.fromisoformat(raw.strip()) if raw.strip() else None
    except ValueError:
        return None
    return found if found is None or EARLIEST_REPORT <= found <= LATEST_REPORT else None
