"""/docs (Swagger UI) and /redoc in headless Chromium, offline, under the server's CSP.

Every request the page makes to another host is aborted (as on a machine with no network);
the documentation must still render every operation, and the browser must report no content
policy violation (the pages' own start-up script is allowed by its hash, nothing else).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from claimledger.api import create_app
from claimledger.settings import Settings
from test_browser import _free_port, browser  # noqa: F401  (the Chromium fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# ReDoc's "API docs by Redocly" logo is a fixed CDN image in its sidebar: the policy blocks it
# (so nothing is fetched) and ReDoc drops the image when it fails to load. The one exception.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    url = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'ledger.db'}"
    port = _free_port()
    config = uvicorn.Config(create_app(Settings(db=url)), port=port, log_level="warning")
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


def _offline_page(browser, base: str):  # type: ignore[no-untyped-def]  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    outside: list[str] = []
    problems: list[str] = []
    host = urlsplit(base).netloc

    def route(r) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(r.request.url).netloc == host:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return context, page, outside, problems


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/docs", "#operations-tag-default, .opblock"),
        ("/redoc", "[data-section-id]"),
    ],
)
def test_docs_render_offline_under_the_policy(
    docs_server: str,
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
    path: str,
    ready: str,
) -> None:
    context, page, outside, problems = _offline_page(browser, docs_server)
    try:
        page.goto(f"{docs_server}{path}")
        page.wait_for_selector(ready)
        assert (
            page.get_by_text("/api/documents").count()
            or page.get_by_text("Ingest one document").count()
        )
        assert outside == [], f"{path} asked other hosts for {outside}"
        problems = [p for p in problems if f"image '{REDOC_LOGO}'" not in p]
        assert problems == [], f"{path} broke the content policy: {problems}"
        assert page.locator(f"img[src='{REDOC_LOGO}']").count() == 0
    finally:
        context.close()
