"""Regenerate the README's screenshots from the bundled sample, in headless Chromium.

Builds a fresh ledger from ``samples/seed-articles.jsonl``, serves it on a free local port and
saves the person page of the sample's most reported person at a desktop width (1280 px) and a
phone width (375 px), and the origins page at the desktop width:

    python scripts/screenshots.py            # docs/person-page.png, -narrow.png, origins
    python scripts/screenshots.py --out /tmp/shots

Needs the test extra (Playwright) and Debian's ``chromium`` (``apt-get install chromium``);
no browser is downloaded.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "seed-articles.jsonl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SPELLING = "Al Bogdadi"  # any spelling of the sample's most reported person
WIDTHS = {"person-page.png": 1280, "person-page-narrow.png": 375}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_sample(folder: Path) -> Iterator[tuple[str, str]]:
    """The base URL of the app over a ledger built from the sample, and the person's id."""
    import uvicorn

    from claimledger.api import create_app
    from claimledger.ingest import read_inputs
    from claimledger.pipeline import ingest_items
    from claimledger.queries import find_entities
    from claimledger.settings import Settings
    from claimledger.store import Store

    url = f"sqlite:///{folder / 'sample.db'}"
    store = Store.open(url)
    for _ in ingest_items(read_inputs([SAMPLE]), store):
        pass
    person = find_entities(store, SPELLING)[0].id
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(Settings(db=url), store=store), port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SystemExit("error: the app did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", person
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


def take(base: str, person: str, out: Path) -> list[Path]:
    """Save the screenshots into ``out``; returns their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(f"{base}/people/{person}")
                # The chart and the first events: what the README shows.
                page.evaluate("document.getElementById('chart-heading').scrollIntoView()")
                page.screenshot(path=str(out / name), full_page=False)
                saved.append(out / name)
                page.close()
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/origins")
            page.screenshot(path=str(out / "origins-page.png"), full_page=False)
            saved.append(out / "origins-page.png")
        finally:
            browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"error: {CHROMIUM} is missing: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as folder, serve_sample(Path(folder)) as (base, person):
        for path in take(base, person, args.out):
            print(path)


if __name__ == "__main__":
    main()
