"""The web pages in process (FastAPI's TestClient) over a small hand-built ledger.

The ledger's texts carry markup and script on purpose: pages must show them as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimledger.api import create_app
from claimledger.settings import Settings
from claimledger.store import Store
from claimledger.types import Claim, Document, Entity, Event, StatusChange, TimeSpan
from claimledger.web.chart import timeline_chart, vertical_chart
from claimledger.web.highlight import Span, paragraph_with, paragraphs

HOSTILE_TEXT = (
    "Reuters said the ministry announced that Jane Roe was killed in Exampletown on 3 May.\n"
    "Readers saw <script>alert('x')</script> and <b>bold</b> here.\n\n"
    "Jane Roe was seen alive on 20 May, <img src=x onerror=alert(1)> said a witness."
)
OTHER_TEXT = "Jane Roe was wounded, officials said. <i>No date</i> was given."
KILLED = "Jane Roe was killed in Exampletown on 3 May"
ALIVE = "Jane Roe was seen alive on 20 May, <img src=x onerror=alert(1)> said a witness"
WOUNDED = "Jane Roe was wounded"


def _claim(doc: str, text: str, quote: str, cid: str, **fields: object) -> Claim:
    start = text.index(quote)
    return Claim(
        document_id=doc,
        subject="Jane Roe",
        quote=quote,
        start=start,
        end=start + len(quote),
        extractor="claims.rules.v1",
        subject_id="p-jane",
        id=cid,
        **fields,  # type: ignore[arg-type]
    )


def build_ledger(store: Store) -> None:
    """Two documents, one person, three claims and three events (one undated)."""
    store.add_document(
        Document(
            text=HOSTILE_TEXT,
            id="hostile",
            title="A <script>title</script>",
            url="https://news.example/a",
            source="Example News",
            published_at=date(2020, 5, 25),
            language="en",
        )
    )
    store.add_document(Document(text=OTHER_TEXT, id="other", published_at=date(2020, 6, 1)))
    store.upsert_entities(
        [Entity("p-jane", "person", "Jane Roe", aliases=("J. Roe", "<b>Jaen Roe</b>"))]
    )
    may3 = TimeSpan(date(2020, 5, 3), date(2020, 5, 3), "on 3 May")
    may20 = TimeSpan(date(2020, 5, 20), date(2020, 5, 20), "on 20 May")
    store.replace_claims(
        "hostile",
        [
            _claim(
                "hostile",
                HOSTILE_TEXT,
                KILLED,
                "c-killed",
                predicate="killed",
                modality="hedged",
                when=may3,
                where="Exampletown",
                claimant="the ministry",
                via=("Reuters",),
                origin="the ministry",
            ),
            _claim(
                "hostile",
                HOSTILE_TEXT,
                ALIVE,
                "c-alive",
                predicate="alive",
                modality="asserted",
                when=may20,
                claimant="a witness",
                origin="a witness",
            ),
        ],
    )
    store.replace_claims(
        "other",
        [
            _claim(
                "other",
                OTHER_TEXT,
                WOUNDED,
                "c-wounded",
                predicate="wounded",
                modality="asserted",
                claimant="officials",
                origin="officials",
            )
        ],
    )
    history = (
        StatusChange("unverified", "claimed by 1 origin", "c-killed", "2020-05-25T00:00:00Z"),
        StatusChange("refuted", "seen alive <after> the report", "c-alive", "2020-05-25T00:00:00Z"),
    )
    store.replace_events(
        [
            Event(
                "ev-killed",
                "p-jane",
                "killed",
                "refuted",
                "seen alive <after> the report",
                "assess.rules.v1",
                when=may3,
                where="Exampletown",
                evidence=("c-killed", "c-alive"),
                claims=("c-killed",),
                history=history,
            ),
            Event(
                "ev-alive",
                "p-jane",
                "alive",
                "confirmed",
                "seen by a witness",
                "assess.rules.v1",
                when=may20,
                evidence=("c-alive",),
                claims=("c-alive",),
            ),
            Event(
                "ev-wounded",
                "p-jane",
                "wounded",
                "unverified",
                "claimed by 1 origin",
                "assess.rules.v1",
                evidence=("c-wounded",),
                claims=("c-wounded",),
            ),
        ]
    )


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    with Store.open(url) as store:
        build_ledger(store)
        with TestClient(create_app(Settings(db=url), store=store)) as test_client:
            yield test_client


def html_of(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def assert_no_live_markup(page: str) -> None:
    """Markup from the ledger's data appears only escaped."""
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")


def test_home_lists_contested_people_and_recent_events(client: TestClient) -> None:
    page = html_of(client, "/")
    assert '<html lang="en">' in page and "<main" in page and 'role="search"' in page
    assert '<label for="q">' in page
    assert 'href="/people/p-jane"' in page
    assert "1 of 3 events refuted or disputed" in page
    recent = re.findall(r'href="/events/([^"]+)"', page)
    assert recent == ["ev-alive", "ev-killed"]  # newest first; undated events are not "recent"


def test_search_finds_by_alias_and_escapes_the_query(client: TestClient) -> None:
    page = html_of(client, "/search?q=J.%20Roe")
    assert 'href="/people/p-jane"' in page
    page = html_of(client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert_no_live_markup(page)


def test_person_page_draws_one_linked_mark_per_event(client: TestClient) -> None:
    page = html_of(client, "/people/p-jane")
    # Two drawings of one chart: wide (rows per kind) and narrow (columns), one shown by CSS.
    wide, narrow = page.split('id="timeline-vertical"')
    for svg in (wide, narrow):
        marks = re.findall(r'<a class="mark" href="/events/([^"]+)" aria-label="([^"]+)"', svg)
        assert sorted(m[0] for m in marks) == ["ev-alive", "ev-killed", "ev-wounded"]
    labels = dict(marks)
    assert labels["ev-killed"] == "killed in Exampletown, 2020-05-03: refuted"
    assert labels["ev-wounded"] == "wounded, undated: unverified"
    assert page.count("<title>killed in Exampletown, 2020-05-03: refuted</title>") == 2
    assert ">undated</text>" in page and ">2020</text>" in page
    assert ">killed/died</text>" in wide and ">wounded</text>" in wide
    assert "seen alive &lt;after&gt; the report" in page
    assert "&lt;b&gt;Jaen Roe&lt;/b&gt;" in page
    assert 'href="/origins/the%20ministry"' in page
    assert_no_live_markup(page)


def test_event_page_highlights_each_quote_in_its_paragraph(client: TestClient) -> None:
    page = html_of(client, "/events/ev-killed")
    assert f"<mark>{KILLED}</mark>" in page
    assert "Reuters said the ministry announced that <mark>" in page  # its paragraph around it
    assert "via Reuters" in page and "hedged" in page and "the ministry" in page
    assert page.count("<li><time>2020-05-25</time>") == 2  # the status history
    assert 'href="/api/events/ev-killed/claimreview"' in page
    assert 'href="/documents/hostile"' in page
    assert_no_live_markup(page)


def test_event_page_escapes_markup_inside_a_quote(client: TestClient) -> None:
    page = html_of(client, "/events/ev-alive")
    marked = re.search(r"<mark>(.*?)</mark>", page, re.S)
    assert marked is not None and unescape(marked.group(1)) == ALIVE
    assert_no_live_markup(page)


def test_document_page_shows_markup_as_text_with_claims_linked(client: TestClient) -> None:
    page = html_of(client, "/documents/hostile")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "A &lt;script&gt;title&lt;/script&gt;" in page
    assert f'<mark><a href="#claim-c-killed">{KILLED}</a></mark>' in page
    assert 'id="claim-c-alive"' in page and 'href="/events/ev-alive"' in page
    assert page.count('<p class="para">') == 3
    assert_no_live_markup(page)


def test_origin_pages(client: TestClient) -> None:
    page = html_of(client, "/origins")
    assert 'href="/origins/ministry"' in page and 'class="bar"' in page
    page = html_of(client, "/origins/the%20ministry")
    assert "1 refuted" in page and 'href="/documents/hostile#claim-c-killed"' in page
    html_of(client, "/origins/nobody%20at%20all", status=404)


def test_unknown_pages_are_html_404s(client: TestClient) -> None:
    for path in ("/people/nobody", "/events/nope", "/documents/nope", "/no/such/page"):
        assert "Not found" in html_of(client, path, status=404)
    # Without a browser's Accept header, the same miss is the API's JSON error shape.
    assert client.get("/events/nope", headers={"accept": "application/json"}).status_code == 404


def test_check_form_renders_and_refuses_an_empty_report(client: TestClient) -> None:
    page = html_of(client, "/check")
    assert '<label for="text">' in page and 'method="get"' in page
    response = client.post("/check", data={"text": "  "})
    assert response.status_code == 400 and "Paste a report" in response.text
    response = client.post("/check", data={"text": "x", "published_at": "May 3"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.text


@pytest.mark.slow
def test_check_page_answers_a_report(client: TestClient) -> None:
    text = "Jane Roe was killed in Exampletown on 3 May, the ministry said. <script>x</script>"
    response = client.post("/check", data={"text": text, "published_at": "2020-05-10"})
    assert response.status_code == 200
    assert "Jane Roe killed: seen before" in response.text
    assert 'href="/events/ev-killed"' in response.text
    assert_no_live_markup(response.text)


def test_static_css_is_served(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200 and "@media" in response.text


def test_templates_autoescape() -> None:
    from claimledger.web.routes import templates

    assert templates().env.autoescape is True


def _event(eid: str, start: date | None, end: date | None = None, status: str = "refuted") -> Event:
    when = TimeSpan(start, end or start) if start else None
    return Event(eid, "p", "killed", status, "r", "a", when=when)  # type: ignore[arg-type]


def test_chart_places_marks_by_date_with_year_ticks() -> None:
    events = [
        _event("a", date(2015, 1, 1)),
        _event("b", date(2017, 6, 1)),
        _event("c", date(2016, 1, 1), date(2016, 12, 31)),
        _event("u", None),
    ]
    chart = timeline_chart(events)
    x = {m.event_id: m for m in chart.marks}
    assert x["a"].x < x["c"].x < x["b"].x
    assert x["c"].x_start < x["c"].x < x["c"].x_end
    assert [t.label for t in chart.ticks] == ["2015", "2016", "2017"]
    assert chart.undated_x is not None and x["u"].x > chart.undated_x > x["b"].x
    assert all(m.y < chart.axis_y for m in chart.marks)


def test_chart_has_one_row_per_kind_of_event() -> None:
    events = [
        _event("k", date(2015, 1, 1)),
        Event("w", "p", "wounded", "unverified", "r", "a", when=TimeSpan(date(2015, 2, 1),
              date(2015, 2, 1))),
        Event("d", "p", "died", "refuted", "r", "a"),
    ]  # fmt: skip
    chart = timeline_chart(events)
    assert [r.kind for r in chart.rows] == ["death", "wounded"]
    rows = {r.kind: r.at for r in chart.rows}
    y = {m.event_id: m.y for m in chart.marks}
    assert y["k"] == y["d"] == rows["death"] and y["w"] == rows["wounded"]


def test_chart_folds_empty_years_into_a_break_and_gives_busy_years_room() -> None:
    events = [_event("old", date(2004, 6, 1))]
    events += [_event(f"n{i}", date(2015 + i // 6, 1 + 2 * (i % 6), 10)) for i in range(18)]
    chart = timeline_chart(events)
    assert [g.label for g in chart.gaps] == ["2005–2014"]
    assert [t.label for t in chart.ticks] == ["2004", "2015", "2016", "2017"]
    width = chart.plot_right - chart.plot_left
    busy = [m.x for m in chart.marks if m.event_id != "old"]
    assert max(busy) - min(busy) > 0.6 * width  # 18 of 19 marks get most of the width


def test_chart_strip_counts_claims_per_month() -> None:
    from factories import claim

    events = [_event("a", date(2015, 3, 18)), _event("b", date(2016, 6, 12))]
    claims = [claim("c1", when="2015-03-18"), claim("c2", when="2015-03"), claim("c3", when=None)]
    claims.append(claim("c4", when="2016-06-12"))
    bars = timeline_chart(events, claims).bars
    assert [(b.count, b.label) for b in bars] == [
        (2, "March 2015: 2 claims"),
        (1, "June 2016: 1 claim"),
    ]
    assert bars[0].height > bars[1].height


def test_vertical_chart_fits_a_phone_and_runs_down() -> None:
    events = [_event("a", date(2015, 1, 1)), _event("b", date(2017, 6, 1)), _event("u", None)]
    chart = vertical_chart(events)
    assert chart.width <= 340 and chart.vertical
    y = {m.event_id: m.y for m in chart.marks}
    assert y["a"] < y["b"] < y["u"]
    assert all(0 < m.x < chart.width for m in chart.marks)


def test_chart_nudges_marks_that_would_overlap() -> None:
    events = [_event(str(i), date(2020, 1, 1 + i)) for i in range(3)]
    events.append(_event("far", date(2025, 1, 1)))
    marks = {m.event_id: m for m in timeline_chart(events).marks}
    assert len({marks[str(i)].y for i in range(3)}) == 3
    assert marks["far"].y == marks["0"].y


def test_paragraph_segments_rebuild_the_text() -> None:
    text = "First line here.\n\nSecond has a quote and more.\nThird."
    quote_start = text.index("a quote")
    spans = [Span(quote_start, quote_start + 7, "q1"), Span(quote_start + 2, len(text), "q2")]
    paras = paragraphs(text, spans)
    assert [text[p.start : p.end] for p in paras] == [
        "First line here.",
        "Second has a quote and more.",
        "Third.",
    ]
    for p in paras:
        assert "".join(s.text for s in p.segments) == text[p.start : p.end]
    marked = [(s.text, s.keys) for s in paras[1].segments if s.keys]
    assert marked == [("a ", ("q1",)), ("quote", ("q1", "q2")), (" and more.", ("q2",))]
    assert [s.keys for s in paras[2].segments] == [("q2",)]


def test_paragraph_with_a_span_out_of_range_is_none() -> None:
    assert paragraph_with("short", Span(10, 20, "x")) is None
    para = paragraph_with("one\ntwo three", Span(4, 7, "x"))
    assert para is not None and [s.text for s in para.segments if s.keys] == ["two"]
