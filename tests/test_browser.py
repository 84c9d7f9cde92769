"""The real pages in headless Chromium (Debian's ``chromium``; never a downloaded browser).

The app is served by uvicorn in a background thread on a free local port, over a ledger built
once from the sample corpus. Run with ``pytest -m browser``; skipped when Chromium is missing
locally, failing under CI instead.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimledger.api import create_app
from claimledger.ingest import read_inputs
from claimledger.pipeline import ingest_items
from claimledger.settings import Settings
from claimledger.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "seed-articles.jsonl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOT = ARTIFACTS / "person-page.png"
SPELLING = "Al Bogdadi"
REPORT = "al-Baghdadi was killed in Raqqa last month, the ministry said."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app serving a ledger built from the sample corpus."""
    import uvicorn

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'ledger.db'}"
    store = Store.open(url)
    for _ in ingest_items(read_inputs([SAMPLE]), store):
        pass
    port = _free_port()
    app = create_app(Settings(db=url), store=store)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI is set but /usr/bin/chromium is missing: apt-get install chromium")
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    opened = context.new_page()
    opened.set_default_timeout(30_000)  # the first check loads the language model
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture(scope="module")
def person(server: str) -> dict:
    """The entity the sample spelling finds, and its timeline, from the API."""
    found = httpx.get(f"{server}/api/entities", params={"q": SPELLING}).json()["items"]
    assert found, f"the API finds nobody called {SPELLING!r}"
    entity = found[0]
    line = httpx.get(f"{server}/api/entities/{entity['id']}/timeline").json()
    return {"entity": entity, "events": line["events"]}


def test_person_page_has_one_mark_per_event(server: str, page, person: dict) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/people/{person['entity']['id']}")
    marks = page.locator("svg#timeline a.mark")
    assert marks.count() == len(person["events"]) > 0
    hrefs = {marks.nth(i).get_attribute("href") for i in range(marks.count())}
    assert hrefs == {f"/events/{e['id']}" for e in person["events"]}
    legend = page.locator(".legend li").all_inner_texts()
    assert {t.strip() for t in legend} == {"confirmed", "refuted", "disputed", "unverified"}
    ARTIFACTS.mkdir(exist_ok=True)
    # The README's docs/person-page*.png are drawn by `python scripts/screenshots.py`.
    page.screenshot(path=str(SCREENSHOT), full_page=False)


def test_clicking_a_mark_opens_the_event_with_its_quotes(server: str, page, person: dict) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/people/{person['entity']['id']}")
    first = page.locator("svg#timeline a.mark").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_url(f"{server}{href}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event-page.png"))
    event = next(e for e in person["events"] if f"/events/{e['id']}" == href)
    marked = page.locator("blockquote mark").all_inner_texts()
    assert len(marked) == len(event["claims"])
    shown = [" ".join(m.split()) for m in marked]
    assert sorted(shown) == sorted(" ".join(c["quote"].split()) for c in event["claims"])
    assert shown[0] == " ".join(event["first_claim"]["quote"].split())  # the claim leads


def test_a_mark_is_reachable_by_keyboard(server: str, page, person: dict) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/people/{person['entity']['id']}")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('class')") == "mark":
            break
    else:
        pytest.fail("no timeline mark took the keyboard focus within 40 tabs")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/events/**")


def test_search_finds_the_person_by_another_spelling(server: str, page, person: dict) -> None:  # type: ignore[no-untyped-def]
    page.goto(server)
    page.get_by_label("Find a person by any spelling of their name").fill(SPELLING)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/search?**")
    name = person["entity"]["name"]
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(f"{server}/people/{person['entity']['id']}")
    assert page.locator("h1").inner_text() == name


def test_check_page_answers_a_pasted_report(server: str, page, person: dict) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/check")
    page.get_by_label("Paste the report").fill(REPORT)
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#answer-section")
    headline = page.locator(".finding h3").first.inner_text()
    assert headline.startswith(person["entity"]["name"])
    assert any(word in headline for word in ("seen before", "resembles", "new"))
    link = page.locator(".finding").first.get_by_role("link", name=person["entity"]["name"])
    assert link.get_attribute("href") == f"/people/{person['entity']['id']}"


def test_pages_fit_a_phone_width(server: str, browser, person: dict) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        phone = context.new_page()
        for path in ("/", f"/people/{person['entity']['id']}", "/check", "/origins"):
            phone.goto(f"{server}{path}")
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px"
    finally:
        context.close()


def _shown(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).display")
                != "none")  # fmt: skip


@pytest.mark.parametrize("width", [1280, 375])
def test_the_chart_at_desktop_and_phone_widths(
    server: str, browser, person: dict, width: int
) -> None:  # type: ignore[no-untyped-def]
    """Wide: one row per kind, time running right. Phone: the vertical chart, no sideways
    scrolling, every event still a mark. Screenshots go to test-artifacts/."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server}/people/{person['entity']['id']}")
        wide = width >= 1000
        assert _shown(page, "svg#timeline") is wide
        assert _shown(page, "svg#timeline-vertical") is not wide
        shown = "svg#timeline" if wide else "svg#timeline-vertical"
        assert page.locator(f"{shown} a.mark").count() == len(person["events"])
        labels = page.locator(f"{shown} .row-label, {shown} .col-label").all_text_contents()
        assert "killed/died" in labels and "claims/month" in labels
        box = page.locator(shown).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the person page scrolls sideways by {overflow}px at {width}px"
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#chart-heading").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"person-page-{width}.png"), full_page=True)
    finally:
        context.close()


def test_refuted_and_disputed_marks_differ_in_shape_and_lightness(
    server: str, page, person: dict
) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/people/{person['entity']['id']}")
    fills = page.evaluate(
        """() => Object.fromEntries(['refuted', 'disputed', 'confirmed'].map(s => {
             const sel = `svg#timeline a.mark[data-status=${s}] > :last-child`;
             const el = document.querySelector(sel);
             return [s, el ? [el.tagName, getComputedStyle(el).fill] : null];
           }))"""
    )
    assert fills["refuted"] and fills["disputed"], fills
    assert fills["refuted"][0] != fills["disputed"][0]  # square and diamond

    def lightness(css: str) -> float:
        r, g, b = (int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    # Apart in lightness, so they stay apart whatever hues a reader cannot tell apart.
    assert abs(lightness(fills["refuted"][1]) - lightness(fills["disputed"][1])) > 50


def test_a_check_link_opens_the_answer(server: str, page, person: dict) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/check?text=" + REPORT.replace(" ", "+"))
    page.wait_for_selector("#answer-section")
    assert "Link to this check" in page.locator("#answer-section").inner_text()
    assert page.locator(".finding .criteria li").count() > 0


def test_the_origins_page_at_desktop_width(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server}/origins")
        rows = page.evaluate(
            """[...document.querySelectorAll('.records tbody tr')].map(tr => [
                 Number(tr.cells[1].innerText),
                 tr.querySelector('.bar').getBoundingClientRect().width])"""
        )
        assert len(rows) > 3 and len({w for _, w in rows}) > 1
        # The bars are sized by the number of events each origin claimed.
        assert all(wa > wb for ta, wa in rows for tb, wb in rows if ta > tb)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "origins-page-1280.png"), full_page=True)
    finally:
        context.close()
