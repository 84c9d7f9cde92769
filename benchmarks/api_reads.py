"""Read latency of the HTTP API while a write runs: GET /api/stats during a POST /api/documents.

Starts `claimledger serve`'s app under uvicorn on a fresh SQLite ledger, warms it up (one small
POST loads the language model), then POSTs a batch of copies of the sample articles (each its
own id and text, so each is stored and extracted) while another thread GETs /api/stats in a
loop. Prints the POST's duration and the GETs' latencies during it (count, median, p95, max).

    .venv/bin/python benchmarks/api_reads.py                 # 60 articles
    .venv/bin/python benchmarks/api_reads.py --copies 20     # 120 articles

Run it with another checkout's sources first on PYTHONPATH to measure that one.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "seed-articles.jsonl"
TOKEN = "bench-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def batch(copies: int) -> bytes:
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    lines = []
    for n in range(copies):
        for record in records:
            copy = {**record, "id": f"{record.get('id', 'doc')}-copy-{n}"}
            copy["text"] = f"{record['text']}\n\n(Copy {n} of the report.)"
            lines.append(json.dumps(copy, ensure_ascii=False))
    return "\n".join(lines).encode("utf-8")


def request(url: str, body: bytes | None = None, timeout: float = 600) -> bytes:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
    req = urllib.request.Request(url, data=body, headers=headers if body else {})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return bytes(response.read())


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request(f"{base}/api/stats", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not answer within {seconds:.0f} s")


def measure(base: str, body: bytes) -> tuple[float, list[float]]:
    latencies: list[float] = []
    done = threading.Event()

    def reads() -> None:
        while not done.is_set():
            start = time.perf_counter()
            request(f"{base}/api/stats", timeout=120)
            latencies.append(time.perf_counter() - start)
            time.sleep(0.05)

    reader = threading.Thread(target=reads)
    start = time.perf_counter()
    reader.start()
    request(f"{base}/api/documents", body)
    took = time.perf_counter() - start
    done.set()
    reader.join()
    return took, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of the 6 sample articles")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CLAIMLEDGER_DB": f"sqlite:///{tmp}/reads.db"}
        env["CLAIMLEDGER_TOKEN"] = TOKEN
        code = "from claimledger.api import create_app; app = create_app()"
        Path(tmp, "serve_app.py").write_text(code, encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", tmp, "serve_app:app", "--port",
             str(port), "--log-level", "warning"],
            env=env,
        )  # fmt: skip
        try:
            wait_until_up(base)
            request(f"{base}/api/documents", _warm_up())
            took, latencies = measure(base, batch(args.copies))
        finally:
            server.terminate()
            server.wait(timeout=30)
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else float("nan")
    print(f"POST of {6 * args.copies} articles: {took:.1f} s")
    print(
        f"GET /api/stats during it: {len(ms)} reads, median {statistics.median(ms):.0f} ms, "
        f"p95 {p95:.0f} ms, max {ms[-1]:.0f} ms"
    )


def _warm_up() -> bytes:
    # One short document: the first extraction loads the language model.
    doc = {
        "id": "warm-up",
        "text": "Jane Roe was arrested on Monday, police said.",
        "language": "en",
    }
    return json.dumps(doc).encode("utf-8")


if __name__ == "__main__":
    main()
