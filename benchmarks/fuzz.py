"""Fuzz every reader: generated hostile inputs through ``read_path`` and ``read_stdin``.

    PYTHONPATH=src python benchmarks/fuzz.py                    # 100,000 inputs, 2 processes
    PYTHONPATH=src python benchmarks/fuzz.py --inputs 5000 --seed 7 --workers 1

Input ``i`` of a run is generated from ``(seed, i)`` alone, so any input can be made again
(``--only i`` reruns one and prints it). Each is a JSONL file, an RSS/Atom/RDF feed, an HTML
page, a WARC or ARC archive (plain, gzip, or whole-file gzip), a text file, a file of random
bytes, or standard input: a valid input built from short sentences, then made hostile by
structural changes (deep nesting, huge numbers, lone surrogates, NUL, U+2028, impossible
dates, missing headers, wrong lengths, entity bombs, many elements) and byte-level mutations
(flips, cuts, splices, repeats, wrong extensions, corrupt or truncated compression).

An outcome is "clean" when the reader yields Documents and InputFailures; a "crash" is an
exception out of a reader, a failure whose reason is ``READER_BUG``, a Document the store could
not keep (empty text, over the size limit, an id, URL or language that is not storable text),
or a file with no outcome at all. A run over 60 s (SIGALRM) is a hang. Crashing inputs are
written to ``benchmarks/out/fuzz/`` to replay.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import logging
import multiprocessing
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ingest import IngestOptions, read_inputs
from claimledger.ingest.limits import document_problem
from claimledger.ingest.readers import READER_BUG
from claimledger.types import Document, InputFailure

HANG_SECONDS = 60
OUT = Path(__file__).parent / "out" / "fuzz"
# Small limits, so the limits themselves are reached often and cheaply. One language skips
# lingua's detection (half the cost of a small document; it reads any text, and the property
# tests run it), so the readers get the time.
OPTIONS = IngestOptions(
    languages=("en",),
    max_document_chars=20_000,
    max_input_bytes=200_000,
    max_json_depth=32,
    max_html_elements=3_000,
)

SENTENCES = (
    "The commander was killed in an airstrike near the border, officials said on Monday.",
    "Police said two suspects were arrested after the raid.",
    "The ministry denied reports that the general had died.",
    "Командир был убит в результате авиаудара, сообщили официальные лица.",
    "قال مسؤولون إن القائد قتل في غارة جوية.",
    "Le ministre a été blessé lors de l'attaque, selon la police.",
    "The spokesman said the prisoner was released on Friday.",
)
HOSTILE_STRINGS = (
    "\ud800",
    "\udfff",
    "a\x00b",
    "line\u2028sep",
    "para\u2029sep",
    "\x85next",
    "\ufeffbom",
    "javascript:alert(1)",
    "x" * 5000,
    "\u202eevil",
    "\x1b[31mred",
    "",
    " ",
    "é" * 300,
)
HOSTILE_NUMBERS = ("9" * 5000, "1e999", "-1e999", "NaN", "Infinity", "-0.0", "1" * 300, "0x10")
HOSTILE_DATES = (
    "0000-00-00",
    "9999-12-31T23:59:59Z",
    "0001-01-01",
    "2019-13-45",
    "-0001-01-01",
    "Tue, 99 Foo 99999 99:99:99 +9999",
    "yesterday",
    "2019-10-28T10:00:00+25:00",
    "",
    "99999-01-01",
    "Sun, 27 Oct 2019 01:30:00 +0300",
)


@dataclass(frozen=True, slots=True)
class Case:
    """One generated input: a file name (its extension picks the reader) and its bytes."""

    name: str
    data: bytes
    stdin: bool = False


# --- generators: one valid input of each kind, made hostile -----------------------------------


def _text(rng: random.Random, sentences: int = 6) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, sentences)))


def _hostile_value(rng: random.Random) -> str:
    """A JSON value as text: hostile strings, numbers, nesting, wrong types."""
    pick = rng.randrange(6)
    if pick == 0:
        return json.dumps(rng.choice(HOSTILE_STRINGS), ensure_ascii=rng.random() < 0.5)
    if pick == 1:
        return rng.choice(HOSTILE_NUMBERS)
    if pick == 2:
        depth = rng.choice((5, 40, 1000, 20000))
        return "[" * depth + "1" + "]" * depth
    if pick == 3:
        return rng.choice(("true", "null", "[]", "{}", '{"a": 1}', "[1, 2]"))
    if pick == 4:
        return json.dumps(rng.choice(HOSTILE_DATES))
    return json.dumps(_text(rng))


def _jsonl_line(rng: random.Random) -> str:
    fields = {"text": json.dumps(_text(rng), ensure_ascii=rng.random() < 0.5)}
    for key in ("id", "url", "language", "title", "source", "author", "published_at"):
        if rng.random() < 0.5:
            fields[key] = json.dumps(f"{key}-{rng.randrange(10**6)}")
    for _ in range(rng.randint(0, 3)):
        fields[rng.choice(("id", "url", "language", "text", "title", "published_at", "x"))] = (
            _hostile_value(rng)
        )
    return "{" + ", ".join(f'"{k}": {v}' for k, v in fields.items()) + "}"


def gen_jsonl(rng: random.Random) -> Case:
    lines = [_jsonl_line(rng) for _ in range(rng.randint(1, 8))]
    if rng.random() < 0.2:
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(("[1]", "{", "nul\x00l", "")))
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    ext = rng.choice((".jsonl", ".jsonl", ".ndjson", ".json", ".jsonl.gz", ""))
    if ext == ".jsonl.gz":
        data = gzip.compress(data)
    return Case("input" + ext, data)


_FEEDS = {
    "rss": (
        '<?xml version="1.0" encoding="{enc}"?>{doctype}<rss version="2.0"><channel>'
        "<title>{title}</title><language>{lang}</language>{items}</channel></rss>",
        "<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        "<description>{text}</description></item>",
    ),
    "atom": (
        '<?xml version="1.0" encoding="{enc}"?>{doctype}<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>{title}</title>{items}</feed>",
        '<entry><title>{title}</title><link href="{link}"/><updated>{date}</updated>'
        '<content type="html">{text}</content></entry>',
    ),
    "rdf": (
        '<?xml version="1.0" encoding="{enc}"?>{doctype}<rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>{title}</title></channel>{items}</rdf:RDF>",
        "<item><title>{title}</title><link>{link}</link><dc:date>{date}</dc:date>"
        "<description>{text}</description></item>",
    ),
}
_BOMB = (
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)


def _markup_text(rng: random.Random) -> str:
    text = _text(rng)
    pick = rng.randrange(6)
    if pick == 0:
        return "&lt;p&gt;" + text + "&lt;/p&gt;" * rng.randint(1, 3)
    if pick == 1:
        return f"<![CDATA[<p>{text}</p><script>x()</script>]]>"
    if pick == 2:
        return text + "&d;&nbsp;&#0;&#xD800;&#99999999;"
    if pick == 3:
        return "<![CDATA[" + "<div>" * rng.choice((10, 300, 3000)) + text + "]]>"
    return text


def gen_feed(rng: random.Random) -> Case:
    kind = rng.choice(tuple(_FEEDS))
    page, item = _FEEDS[kind]
    items = "".join(
        item.format(
            title=rng.choice((_text(rng, 1), "&lt;b&gt;x", "<![CDATA[<i>t</i>]]>", "")),
            link=rng.choice(("https://a.example/1", "javascript:alert(1)", "", "x" * 3000)),
            date=rng.choice(HOSTILE_DATES),
            text=_markup_text(rng),
        )
        for _ in range(rng.randint(0, 6))
    )
    xml = page.format(
        enc=rng.choice(("utf-8", "utf-8", "iso-8859-1", "utf-16", "x-bogus", "koi8-r")),
        doctype=_BOMB if rng.random() < 0.1 else "",
        title=rng.choice(("Wire", "W" * 400, "")),
        lang=rng.choice(("en-us", "ru", "", "x" * 40, "\x00")),
        items=items,
    )
    encoding = rng.choice(("utf-8", "utf-8", "latin-1", "utf-16"))
    data = xml.encode(encoding, errors="replace")
    return Case("feed" + rng.choice((".rss", ".xml", ".atom", ".rdf", "")), data)


def _html(rng: random.Random) -> str:
    paragraphs = "".join(f"<p>{_text(rng)}</p>" for _ in range(rng.randint(1, 6)))
    pick = rng.randrange(8)
    if pick == 0:
        paragraphs += "<div>" * rng.choice((50, 300, 5000)) + _text(rng)
    elif pick == 1:
        paragraphs += "<p>x</p>" * rng.choice((500, 4000))
    elif pick == 2:
        paragraphs += '<script type="application/ld+json">{"datePublished": "' + (
            rng.choice(HOSTILE_DATES) + '", "@graph": [[[[[[' + "]]]]]]}</script>"
        )
    meta = rng.choice(
        (
            f'<meta property="article:published_time" content="{rng.choice(HOSTILE_DATES)}">',
            '<meta charset="x-bogus">',
            '<link rel="canonical" href="javascript:alert(1)">',
            f'<time itemprop="datePublished" datetime="{rng.choice(HOSTILE_DATES)}">t</time>',
            "",
        )
    )
    return (
        f"<html><head><title>{_text(rng, 1)}</title>{meta}</head>"
        f"<body><article><h1>{_text(rng, 1)}</h1>{paragraphs}</article></body></html>"
    )


def gen_html(rng: random.Random) -> Case:
    data = _html(rng).encode(rng.choice(("utf-8", "utf-8", "utf-16", "cp1251")), errors="replace")
    return Case("page" + rng.choice((".html", ".htm", ".xhtml", "")), data)


def _warc_record(rng: random.Random, writer: WARCWriter, number: int) -> None:
    payload = _html(rng).encode("utf-8")
    headers = [("Content-Type", rng.choice(("text/html", "text/html; charset=utf-8", "image/png")))]
    if rng.random() < 0.15:
        headers.append(("Content-Encoding", "gzip"))
        payload = gzip.compress(payload)[: rng.choice((None, 30))]
    if rng.random() < 0.1:
        headers.append(("Transfer-Encoding", "chunked"))
    status = rng.choice(("200 OK", "200 OK", "301 Moved", "404 Not Found", "2xx"))
    uri = rng.choice(
        (f"https://a.example/{number}", "", "not a uri", "https://a.example/" + "x" * 3000)
    )
    rec_type = rng.choice(("response", "response", "response", "request", "resource", "revisit"))
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    if rec_type == "request":
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.example")], is_http_request=True)
    record = writer.create_warc_record(
        uri, rec_type, payload=io.BytesIO(payload), http_headers=http
    )
    if rng.random() < 0.1:
        record.rec_headers.remove_header("WARC-Target-URI")
    if rng.random() < 0.05:
        record.rec_headers.replace_header("Content-Length", rng.choice(("-5", "abc", "99999999")))
    writer.write_record(record)


def gen_warc(rng: random.Random) -> Case:
    out = io.BytesIO()
    chunked = rng.random() < 0.5
    writer = WARCWriter(out, gzip=chunked)
    for number in range(rng.randint(0, 4)):
        _warc_record(rng, writer, number)
    data = out.getvalue()
    if not chunked and rng.random() < 0.2:
        data = gzip.compress(data)  # a whole-file gzip archive
    if rng.random() < 0.1:
        data = b"filedesc://a.arc 0.0.0.0 20000101000000 text/plain 10\n" + _text(rng).encode()
    ext = ".warc.gz" if data[:2] == b"\x1f\x8b" else rng.choice((".warc", ".arc", ""))
    return Case("archive" + ext, data)


def gen_text(rng: random.Random) -> Case:
    text = "\n".join(_text(rng) for _ in range(rng.randint(1, 5)))
    pick = rng.randrange(7)
    if pick == 0:
        text = text.replace("\n", " ") * rng.choice((10, 300))  # one long line
    elif pick == 1:
        text += "".join(chr(rng.randrange(0x110000)) for _ in range(50))
    encoding = rng.choice(("utf-8", "utf-8", "utf-16", "cp1251", "latin-1", "utf-32"))
    # Lone surrogates go into UTF-8 as the bytes a careless encoder writes.
    errors = "surrogatepass" if encoding == "utf-8" else "replace"
    data = text.encode(encoding, errors=errors)
    return Case("article" + rng.choice((".txt", ".text", "")), data)


def gen_bytes(rng: random.Random) -> Case:
    data = rng.randbytes(rng.choice((0, 1, 2, 10, 1000, 20000)))
    if rng.random() < 0.3:
        data = b"\x1f\x8b" + data
    if rng.random() < 0.2:
        data = rng.choice((b"WARC/1.0\r\n", b"filedesc://", b"{", b"<rss", b"<html>")) + data
    ext = rng.choice(SUFFIXES)
    return Case("blob" + ext, data)


SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".warc", ".warc.gz", ".arc", ".arc.gz", ".html")
SUFFIXES += (".xml", ".rss", ".atom", ".rdf", ".txt", "", ".bin")
GENERATORS: tuple[tuple[str, Callable[[random.Random], Case], int], ...] = (
    ("jsonl", gen_jsonl, 30),
    ("feed", gen_feed, 18),
    ("html", gen_html, 12),
    ("warc", gen_warc, 15),
    ("text", gen_text, 12),
    ("bytes", gen_bytes, 8),
)


# --- byte-level mutation ----------------------------------------------------------------------


def mutate(rng: random.Random, data: bytes) -> bytes:
    """``data`` with one to three random byte-level changes."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        if not buf:
            buf.extend(rng.randbytes(rng.randint(1, 8)))
            continue
        at = rng.randrange(len(buf))
        op = rng.randrange(6)
        if op == 0:
            buf[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            del buf[at:]  # truncate
        elif op == 2:
            del buf[at : at + rng.randint(1, 64)]
        elif op == 3:
            buf[at:at] = rng.choice(
                (b"\x00", b"\xff\xfe", b"\r", b"\n", b"\xed\xa0\x80", b"<", b"{")
            )
        elif op == 4:
            end = min(len(buf), at + rng.randint(1, 200))
            buf[at:at] = bytes(buf[at:end]) * rng.randint(2, 50)
        else:
            buf[at : at + 4] = rng.randbytes(4)
    return bytes(buf)


def make_case(seed: int, index: int) -> Case:
    rng = random.Random(f"{seed}:{index}")
    weights = [weight for _, _, weight in GENERATORS]
    _, generate, _ = rng.choices(GENERATORS, weights=weights)[0]
    case = generate(rng)
    if rng.random() < 0.4:
        case = Case(case.name, mutate(rng, case.data))
    if rng.random() < 0.06:
        case = Case(case.name, case.data, stdin=True)
    return case


# --- running ----------------------------------------------------------------------------------


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def _problem(item: Document | InputFailure) -> str | None:
    """Why ``item`` is a crash rather than a clean outcome, or ``None``."""
    if isinstance(item, InputFailure):
        return item.reason if item.reason.startswith(READER_BUG) else None
    if not item.text.strip():
        return "document with empty text"
    problem = document_problem(item, max_document_chars=OPTIONS.max_document_chars + 1000)
    if problem is not None:
        return f"document the store cannot keep: {problem}"
    try:
        json.dumps(item.as_dict(), ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError) as err:
        return f"document that is not storable text: {err}"
    return None


def run_case(seed: int, index: int, folder: Path) -> tuple[str, float, str]:
    """('clean' | 'crash' | 'hang', seconds, detail) for input ``index``."""
    case = make_case(seed, index)
    path = folder / f"{index}-{case.name}"
    path.write_bytes(case.data)
    start = time.perf_counter()
    signal.alarm(HANG_SECONDS)
    try:
        if case.stdin:
            stream = io.TextIOWrapper(io.BytesIO(case.data), encoding="utf-8")
            items = list(read_inputs(["-"], options=OPTIONS, stdin=stream))
        else:
            items = list(read_inputs([path], options=OPTIONS))
    except Hang:
        return "hang", time.perf_counter() - start, f"over {HANG_SECONDS} s"
    except Exception as err:
        return "crash", time.perf_counter() - start, f"{type(err).__name__}: {err}"[:300]
    finally:
        signal.alarm(0)
        path.unlink(missing_ok=True)
    seconds = time.perf_counter() - start
    if not items:
        return "crash", seconds, "no outcome: neither a document nor a failure"
    for item in items:
        problem = _problem(item)
        if problem is not None:
            return "crash", seconds, problem[:300]
    failures = sum(isinstance(item, InputFailure) for item in items)
    return "clean", seconds, f"{len(items) - failures} documents, {failures} failures"


def _worker(args: tuple[int, int, int]) -> list[tuple[int, str, float, str]]:
    seed, start, stop = args
    logging.disable(logging.CRITICAL)
    # warcio prints its warnings ("Record not followed by newline") straight to stderr.
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 -- open for the worker's whole life
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory(prefix="claimledger-fuzz-") as tmp:
        return [(i, *run_case(seed, i, Path(tmp))) for i in range(start, stop)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", type=int, help="run input N alone and show it")
    args = parser.parse_args(argv)
    if args.only is not None:
        case = make_case(args.seed, args.only)
        print(case.name, case.stdin, repr(case.data[:2000]))
        print(_worker((args.seed, args.only, args.only + 1)))
        return 0
    batches = [(args.seed, i, min(i + 250, args.inputs)) for i in range(0, args.inputs, 250)]
    totals: Counter[str] = Counter()
    slowest = (0.0, -1)
    failures_seen = 0
    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        for done, results in enumerate(pool.imap_unordered(_worker, batches), start=1):
            if done % 40 == 0:  # every 10,000 inputs: what a stopped run can still report
                print(f"... {sum(totals.values()):,} inputs, {dict(totals)}", flush=True)
            for index, kind, seconds, detail in results:
                totals[kind] += 1
                slowest = max(slowest, (seconds, index))
                if kind == "clean" and "0 failures" not in detail:
                    failures_seen += 1
                if kind != "clean":
                    case = make_case(args.seed, index)
                    (OUT / f"{args.seed}-{index}-{case.name or 'input'}").write_bytes(case.data)
                    print(f"{kind} input {index} ({case.name}, stdin={case.stdin}): {detail}")
    elapsed = time.perf_counter() - started
    print(
        f"{sum(totals.values()):,} inputs tried in {elapsed:.0f} s ({args.workers} processes, "
        f"seed {args.seed}): {totals['clean']:,} clean ({failures_seen:,} with a reported "
        f"failure), {totals['crash']} crashes, {totals['hang']} runs over {HANG_SECONDS} s; "
        f"slowest input {slowest[1]} at {slowest[0]:.2f} s"
    )
    return 1 if totals["crash"] or totals["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
