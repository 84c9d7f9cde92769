"""Property tests: every reader is total over generated input (issue 14).

Each reader, given anything, yields Documents the store can keep and InputFailures with a
reason; it never raises, never reports a reader bug, and never lets one bad line, entry or
record cost the others. ``benchmarks/fuzz.py`` runs the same idea at volume.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ingest import IngestOptions, read_inputs, read_jsonl_text, read_path
from claimledger.ingest.gunzip import open_gunzip
from claimledger.ingest.limits import Overlong, bounded_lines, document_problem, json_too_deep
from claimledger.ingest.readers import READER_BUG
from claimledger.types import Document, InputFailure

OPTIONS = IngestOptions(
    languages=("en", "ru"), max_document_chars=5_000, max_input_bytes=50_000, max_json_depth=16
)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD = "The commander was killed in an airstrike near the border, officials said."

# Any code point, surrogates and controls included: what a careless JSON writer emits.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
date_texts = st.one_of(
    st.sampled_from(["0000-00-00", "2019-13-45", "9999-12-31T23:59:59Z", "-0001-01-01", ""]),
    st.dates().map(str),
    any_text,
)


def assert_storable(item: Document | InputFailure) -> None:
    """A Document the store can keep, or a failure with a reason that is not a reader bug."""
    if isinstance(item, InputFailure):
        assert item.reason and not item.reason.startswith(READER_BUG), item
        return
    assert item.text.strip()
    assert document_problem(item, max_document_chars=OPTIONS.max_document_chars + 100) is None
    json.dumps(item.as_dict(), ensure_ascii=False).encode("utf-8")  # no lone surrogate anywhere


def read_file(tmp_path: Path, name: str, data: bytes) -> list[Document | InputFailure]:
    path = tmp_path / name
    path.write_bytes(data)
    items = list(read_path(path, options=OPTIONS))
    assert items, "every file has an outcome"
    for item in items:
        assert_storable(item)
    return items


# --- JSONL: the document fields ---------------------------------------------------------------

record_fields = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(any_text, st.just(GOOD), json_values),
        "id": json_values,
        "url": st.one_of(any_text, json_values),
        "language": st.one_of(st.sampled_from(["en", "EN", "ru", "x" * 30]), any_text),
        "title": st.one_of(any_text, json_values),
        "source": st.one_of(any_text, st.text(min_size=301, max_size=400)),
        "author": any_text,
        "published_at": st.one_of(date_texts, json_values),
        "published_at_estimated": json_values,
    },
)


@FAST
@given(record=record_fields, ensure_ascii=st.booleans())
def test_any_record_between_two_good_lines_costs_only_its_own_line(
    record: dict[str, object], ensure_ascii: bool
) -> None:
    good = json.dumps({"text": GOOD})
    hostile = json.dumps(record, ensure_ascii=ensure_ascii)
    items = list(read_jsonl_text(f"{good}\n{hostile}\n{good}\n", origin="x", options=OPTIONS))
    # U+2028 and friends inside a JSON string never split a line: three lines, three items.
    assert len(items) == 3
    assert isinstance(items[0], Document) and isinstance(items[2], Document)
    assert items[2].origin == "x:3"
    if isinstance(items[1], InputFailure):
        assert items[1].line == 2
    for item in items:
        assert_storable(item)


@FAST
@given(
    lines=st.lists(
        st.binary(max_size=200) | any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        max_size=6,
    )
)
def test_jsonl_file_of_any_lines(tmp_path_factory, lines: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    tmp_path = tmp_path_factory.mktemp("jsonl")
    data = b"\n".join([json.dumps({"text": GOOD}).encode(), *lines])
    items = read_file(tmp_path, "batch.jsonl", data)
    assert isinstance(items[0], Document)


@FAST
@given(depth=st.integers(0, 3000), noise=st.text(alphabet='[]{}"\\ ,:a1', max_size=30))
def test_json_depth_check_matches_the_structure(depth: int, noise: str) -> None:
    line = "[" * depth + "1" + "]" * depth
    assert json_too_deep(line, 16) == (depth > 16)
    # Brackets inside strings are not structure.
    assert not json_too_deep(json.dumps({"text": "[" * depth + noise}), 16)


@FAST
@given(data=st.binary(max_size=400), limit=st.integers(1, 64))
def test_bounded_lines_keeps_every_line_and_bounds_each(data: bytes, limit: int) -> None:
    items = list(bounded_lines(io.BytesIO(data), limit))
    assert len(items) == len(data.splitlines(keepends=True) if b"\r" not in data else items)
    for item, line in zip(items, data.split(b"\n"), strict=False):
        if isinstance(item, Overlong):
            assert len(line) + 1 >= limit
        else:
            assert len(item) <= limit + 1 and item.rstrip(b"\n") == line


@FAST
@given(count=st.integers(1, 60), cut=st.floats(0.0, 1.0))
def test_truncated_jsonl_gz_keeps_every_line_before_the_cut(
    tmp_path_factory, count: int, cut: float
) -> None:  # type: ignore[no-untyped-def]
    body = "".join(
        json.dumps({"id": f"r{n}", "text": f"Report {n}. {GOOD}"}) + "\n" for n in range(count)
    )
    data = gzip.compress(body.encode(), mtime=0)
    items = read_file(tmp_path_factory.mktemp("gz"), "b.jsonl.gz", data[: int(len(data) * cut)])
    ids = [item.id for item in items if isinstance(item, Document)]
    assert ids == [f"r{n}" for n in range(len(ids))]
    with open_gunzip(io.BytesIO(data[: int(len(data) * cut)])) as stream:
        whole_lines = stream.read().count(b"\n")
    assert len(ids) >= whole_lines - 1


# --- feeds, HTML, WARC, text, raw bytes -------------------------------------------------------

xml_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)


@FAST
@given(
    entries=st.lists(st.tuples(xml_text, date_texts, xml_text), min_size=1, max_size=5),
    kind=st.sampled_from(["rss", "atom", "rdf"]),
)
def test_every_feed_entry_has_its_own_outcome(
    tmp_path_factory, entries: list[tuple[str, str, str]], kind: str
) -> None:  # type: ignore[no-untyped-def]
    items = read_file(tmp_path_factory.mktemp("feed"), f"feed.{kind}", _feed(kind, entries))
    # A bad date or an empty entry never drops the other entries.
    assert len(items) == len(entries)


def _feed(kind: str, entries: list[tuple[str, str, str]]) -> bytes:
    def clean(value: str) -> str:
        return escape("".join(ch for ch in value if ch.isprintable() or ch in "\n\t"))

    if kind == "atom":
        body = "".join(
            f"<entry><title>{clean(t)}</title><updated>{clean(d)}</updated>"
            f"<content>{GOOD} {clean(x)}</content></entry>"
            for t, d, x in entries
        )
        return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>{body}</feed>'.encode()
    body = "".join(
        f"<item><title>{clean(t)}</title><pubDate>{clean(d)}</pubDate>"
        f"<description>{GOOD} {clean(x)}</description></item>"
        for t, d, x in entries
    )
    if kind == "rdf":
        return (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/"><channel><title>W</title></channel>{body}</rdf:RDF>'
        ).encode()
    return f'<rss version="2.0"><channel><title>W</title>{body}</channel></rss>'.encode()


html_pieces = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<meta charset='x'>",
        "<script>",
        "&#0;",
        "&nbsp;",
        "<time itemprop='datePublished' datetime='0000-00-00'>",
        "<![CDATA[",
        "<html>",
        GOOD,
    ]
)


@FAST
@given(
    pieces=st.lists(html_pieces | xml_text, max_size=30),
    encoding=st.sampled_from(["utf-8", "utf-16"]),
)
def test_any_html_page(tmp_path_factory, pieces: list[str], encoding: str) -> None:  # type: ignore[no-untyped-def]
    data = "".join(pieces).encode(encoding)
    [item] = read_file(tmp_path_factory.mktemp("html"), "page.html", data or b"<p>")
    assert_storable(item)


warc_records = st.lists(
    st.tuples(
        st.sampled_from(["response", "request", "resource", "revisit", "metadata"]),
        st.one_of(st.none(), st.just("https://a.example/"), xml_text),
        st.sampled_from(["200 OK", "404 Not Found", "2", "301 Moved"]),
        st.sampled_from(["text/html", "image/png", ""]),
        st.binary(max_size=100) | st.just(f"<html><body><p>{GOOD}</p></body></html>".encode()),
    ),
    max_size=4,
)


@FAST
@given(records=warc_records, compressed=st.booleans(), cut=st.integers(0, 400))
def test_any_warc_archive(tmp_path_factory, records, compressed: bool, cut: int) -> None:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    for rec_type, uri, status, content_type, payload in records:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri or "", rec_type, payload=io.BytesIO(payload), http_headers=http
        )
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    data = out.getvalue()
    data = data[: len(data) - cut] if cut < len(data) else data
    items = read_file(
        tmp_path_factory.mktemp("warc"), "a.warc.gz" if compressed else "a.warc", data or b"WARC/"
    )
    assert sum(isinstance(item, Document) for item in items) <= len(records)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=300),
    prefix=st.sampled_from(
        [b"", b"\x1f\x8b", b"WARC/1.0\r\n", b"filedesc://", b"{", b"<rss", b"<"]
    ),
    name=st.sampled_from(
        [
            "a.jsonl",
            "a.jsonl.gz",
            "a.json",
            "a.warc",
            "a.warc.gz",
            "a.arc",
            "a.html",
            "a.xml",
            "a.rdf",
            "a.txt",
            "noextension",
        ]
    ),
)
def test_any_bytes_under_any_name(tmp_path_factory, data: bytes, prefix: bytes, name: str) -> None:  # type: ignore[no-untyped-def]
    read_file(tmp_path_factory.mktemp("raw"), name, prefix + data)


@FAST
@given(data=st.binary(max_size=300), text=any_text)
def test_standard_input_of_anything(data: bytes, text: str) -> None:
    for stdin in (
        io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"),
        io.StringIO(text),
    ):
        items = list(read_inputs(["-"], options=OPTIONS, stdin=stdin))
        assert items
        for item in items:
            assert_storable(item)
