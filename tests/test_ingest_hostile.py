"""Hostile inputs, one case each (issue 14): every input is read or refused with a reason that
names it, and the rest of its file is still read. The fixtures are written here, after the
cases the readers' own upstream suites teach (feedparser's ``tests/illformed``, warcio's
``test/data``); none of those files is copied.
"""

from __future__ import annotations

import gzip
import inspect
import io
import json
import os
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.errors import SettingsError
from claimledger.ingest import IngestOptions, read_inputs, read_jsonl_text, read_path
from claimledger.ingest.readers import READER_BUG
from claimledger.settings import Settings
from claimledger.types import Document, InputFailure

OPTIONS = IngestOptions()
GOOD = "The commander was killed in an airstrike near the border, officials said on Monday."
PAGE = (
    "<html><head><title>Raid</title></head><body><article><h1>Raid near the border</h1>"
    f"<p>{GOOD}</p><p>Police said two suspects were arrested after the raid.</p>"
    "</article></body></html>"
).encode()


def items_of(path: Path, options: IngestOptions = OPTIONS) -> list[Document | InputFailure]:
    items = list(read_path(path, options=options))
    assert items, f"{path} has no outcome"
    assert not any(isinstance(i, InputFailure) and i.reason.startswith(READER_BUG) for i in items)
    return items


def kinds(items: list[Document | InputFailure]) -> list[str]:
    return ["D" if isinstance(item, Document) else "F" for item in items]


def reasons(items: list[Document | InputFailure]) -> list[str]:
    return [item.reason for item in items if isinstance(item, InputFailure)]


def warc_bytes(records: list[tuple[str, str | None, bytes]], *, compressed: bool) -> bytes:
    """A WARC of (type, target URI or None for none, HTML payload) records."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    for rec_type, uri, payload in records:
        if rec_type == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.example")], is_http_request=True)
        else:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
        record = writer.create_warc_record(
            uri or "https://placeholder.example/", rec_type, io.BytesIO(payload), http_headers=http
        )
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return out.getvalue()


# --- compressed and archived input ------------------------------------------------------------


def test_corrupt_deflate_stream_in_warc_gz(tmp_path: Path) -> None:
    data = bytearray(warc_bytes([("response", "https://a.example/", PAGE)], compressed=True))
    data[30:60] = b"\xff" * 30
    (tmp_path / "bad.warc.gz").write_bytes(bytes(data))
    [failure] = items_of(tmp_path / "bad.warc.gz")
    assert failure.reason.startswith("corrupt gzip data: Error -3")


@pytest.mark.parametrize("name", ["magic.warc.gz", "magic.jsonl.gz", "magic"])
def test_file_of_only_the_two_gzip_magic_bytes(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"\x1f\x8b")
    [failure] = items_of(tmp_path / name)
    assert isinstance(failure, InputFailure) and "gzip" in failure.reason


def test_request_record_without_target_uri_does_not_end_the_archive(tmp_path: Path) -> None:
    data = warc_bytes(
        [("request", None, b""), ("response", "https://a.example/2", PAGE)], compressed=False
    )
    (tmp_path / "a.warc").write_bytes(data)
    [doc] = items_of(tmp_path / "a.warc")
    assert isinstance(doc, Document) and doc.url == "https://a.example/2"


def test_record_cut_short_is_refused_not_read_as_complete(tmp_path: Path) -> None:
    data = warc_bytes([("response", "https://a.example/", PAGE)], compressed=False)
    (tmp_path / "cut.warc").write_bytes(data[:-60])
    items = items_of(tmp_path / "cut.warc")
    assert kinds(items) == ["F", "F"]
    assert reasons(items)[0].startswith("truncated record: it ends before its declared length")


def test_record_whose_length_is_too_short_is_refused(tmp_path: Path) -> None:
    # As warcio's example-trunc.warc: Content-Length shorter than the block that follows.
    data = warc_bytes(
        [("response", "https://a.example/1", PAGE), ("response", "https://a.example/2", PAGE)],
        compressed=False,
    )
    head, rest = data.split(b"Content-Length: ", 1)
    length, rest = rest.split(b"\r\n", 1)
    (tmp_path / "short.warc").write_bytes(
        head + b"Content-Length: " + str(int(length) - 40).encode() + b"\r\n" + rest
    )
    items = items_of(tmp_path / "short.warc")
    assert "Content-Length does not match" in reasons(items)[0] or "digest" in reasons(items)[0]
    assert [i.url for i in items if isinstance(i, Document)] == ["https://a.example/2"]


def test_record_with_a_wrong_digest_is_refused(tmp_path: Path) -> None:
    data = warc_bytes([("response", "https://a.example/", PAGE)], compressed=False)
    (tmp_path / "digest.warc").write_bytes(data.replace(b"suspects", b"suspectz"))
    [failure] = items_of(tmp_path / "digest.warc")
    assert isinstance(failure, InputFailure) and "digest failed" in failure.reason


def test_warc_gzipped_as_one_member_is_read(tmp_path: Path) -> None:
    # `gzip file.warc` makes one member; warcio alone refuses it after the first record.
    data = warc_bytes(
        [("response", "https://a.example/1", PAGE), ("response", "https://a.example/2", PAGE)],
        compressed=False,
    )
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress(data))
    urls = [i.url for i in items_of(tmp_path / "whole.warc.gz") if isinstance(i, Document)]
    assert urls == ["https://a.example/1", "https://a.example/2"]


@pytest.mark.parametrize("name", ["bad.arc", "bad.arc.gz", "noext"])
def test_arc_with_no_readable_record_is_reported(tmp_path: Path, name: str) -> None:
    data = b"filedesc://bad.arc 0.0.0.0 20000101000000 text/plain 10\nnot a record at all\n"
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    [failure] = items_of(tmp_path / name)
    assert isinstance(failure, InputFailure)
    assert failure.reason.startswith("no HTML responses in the web archive")


def test_archive_with_only_requests_is_reported(tmp_path: Path) -> None:
    (tmp_path / "req.warc").write_bytes(
        warc_bytes([("request", "https://a.example/", b"")], compressed=False)
    )
    [failure] = items_of(tmp_path / "req.warc")
    assert failure == InputFailure(
        str(tmp_path / "req.warc"), "no HTML responses in the web archive (1 request)"
    )


# --- JSONL ------------------------------------------------------------------------------------


def jsonl_items(tmp_path: Path, lines: list[str]) -> list[Document | InputFailure]:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8", errors="surrogatepass")
    return items_of(path)


GOOD_LINE = json.dumps({"text": GOOD})


@pytest.mark.parametrize(
    "bad,reason",
    [
        ("[" * 100_000, "JSON nested deeper than 32 levels"),
        ('{"text": "x", "n": ' + "9" * 5000 + "}", "Exceeds the limit (4300 digits)"),
        ('{"text": "x", "n": 1e999}', "too large for a float"),
        ('{"text": "x", "n": NaN}', "NaN is not a JSON number"),
        (json.dumps({"text": GOOD, "id": "\ud800"}), "'id' holds a lone surrogate"),
        (json.dumps({"text": GOOD, "url": "https://a.example/\udfff"}), "'url' holds a lone"),
        (json.dumps({"text": GOOD, "language": "\ud800"}), "'language' holds a lone surrogate"),
        (json.dumps({"text": GOOD, "id": "a\x00b"}), "'id' holds a control character"),
        (json.dumps({"text": GOOD, "id": 1.5}), "'id' must be a string or an integer"),
        (json.dumps({"text": GOOD, "id": True}), "'id' must be a string or an integer"),
        (json.dumps({"text": GOOD, "id": 10**300}), "'id' is 301 characters long"),
        (json.dumps({"text": GOOD, "url": "https://a.example/" + "x" * 3000}), "'url' is 3,018"),
        (json.dumps({"text": GOOD, "language": "english-language"}), None),
        (json.dumps({"text": GOOD, "language": "x" * 17}), "'language' is 17 characters"),
        (json.dumps({"text": GOOD, "published_at": "0000-00-00"}), "is not a date"),
        (json.dumps({"text": "\x00\x01\x7f"}), "needs a non-empty 'text' string"),
    ],
)
def test_one_bad_jsonl_line_never_ends_the_file(
    tmp_path: Path, bad: str, reason: str | None
) -> None:
    items = jsonl_items(tmp_path, [GOOD_LINE, bad, GOOD_LINE])
    assert kinds(items) == (["D", "D", "D"] if reason is None else ["D", "F", "D"])
    if reason is not None:
        assert isinstance(items[1], InputFailure) and items[1].line == 2
        assert reason in items[1].reason, items[1].reason


def test_integer_ids_are_kept_as_strings(tmp_path: Path) -> None:
    [doc] = jsonl_items(tmp_path, [json.dumps({"text": GOOD, "id": 7})])
    assert isinstance(doc, Document) and doc.id == "7"


def test_lone_surrogates_in_the_text_are_repaired_not_refused(tmp_path: Path) -> None:
    [doc] = jsonl_items(tmp_path, [json.dumps({"text": GOOD + " \ud800", "title": "T\udc00"})])
    assert isinstance(doc, Document)
    assert "\ufffd" in doc.text and doc.title == "T\ufffd"


def test_raw_line_separators_inside_a_json_string_do_not_split_the_line() -> None:
    text = json.dumps({"text": f"{GOOD}\u2028{GOOD}\u0085{GOOD}"}, ensure_ascii=False)
    [doc] = list(read_jsonl_text(text + "\r\n", origin="<request>", options=OPTIONS))
    assert isinstance(doc, Document)


def test_overlong_jsonl_line_is_refused_and_the_next_is_read(tmp_path: Path) -> None:
    small = IngestOptions(max_input_bytes=1_000)
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join([json.dumps({"text": "x " * 5_000}), GOOD_LINE]) + "\n", "utf-8")
    items = items_of(path, small)
    assert kinds(items) == ["F", "D"]
    assert reasons(items)[0].startswith("the line (10,013 bytes) is larger than the limit of 1,000")


def test_gzip_bomb_line_is_refused_without_being_held(tmp_path: Path) -> None:
    bomb = b'{"text": "' + b"a" * 50_000_000 + b'"}\n' + GOOD_LINE.encode() + b"\n"
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(bomb, compresslevel=9))
    items = items_of(tmp_path / "bomb.jsonl.gz", IngestOptions(max_input_bytes=1_000_000))
    assert kinds(items) == ["F", "D"]
    assert "larger than the limit of 1,000,000 bytes" in reasons(items)[0]


def test_document_over_the_size_limit_is_refused_with_the_setting_named(tmp_path: Path) -> None:
    items = jsonl_items(tmp_path, [json.dumps({"text": GOOD * 8_000}), GOOD_LINE])
    assert kinds(items) == ["F", "D"]
    assert (
        "more than the limit of 200,000 (raise CLAIMLEDGER_MAX_DOCUMENT_CHARS" in reasons(items)[0]
    )


def test_stdin_reads_bytes_so_one_bad_line_costs_one_line() -> None:
    raw = b"\n".join([GOOD_LINE.encode(), b'{"text": "caf\xe9"}', GOOD_LINE.encode()])
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    items = list(read_inputs(["-"], stdin=stdin))
    assert kinds(items) == ["D", "F", "D"]
    assert isinstance(items[1], InputFailure) and items[1].line == 2


# --- feeds and HTML ---------------------------------------------------------------------------


def test_impossible_pub_date_does_not_drop_the_other_entries(tmp_path: Path) -> None:
    (tmp_path / "feed.rss").write_text(
        '<rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>A</title><pubDate>0000-00-00</pubDate><description>{GOOD}</description></item>"
        f"<item><title>B</title><pubDate>Sun, 27 Oct 2019 01:30:00 +0300</pubDate>"
        f"<description>{GOOD}</description></item></channel></rss>",
        "utf-8",
    )
    first, second = items_of(tmp_path / "feed.rss")
    assert isinstance(first, Document) and isinstance(second, Document)
    assert str(second.published_at) == "2019-10-27"


def test_feed_that_names_a_file_is_not_opened(tmp_path: Path) -> None:
    # feedparser opens a str or bytes naming a file; the reader gives it a stream.
    secret = tmp_path / "secret.rss"
    item = f"<item><description>{GOOD}</description></item>"
    secret.write_text(f'<rss version="2.0"><channel>{item}</channel></rss>', "utf-8")
    (tmp_path / "name.rss").write_text(str(secret), "utf-8")
    [failure] = items_of(tmp_path / "name.rss")
    assert isinstance(failure, InputFailure) and failure.reason.startswith("not an RSS or Atom")


def test_feed_with_an_entity_bomb_is_refused_quickly(tmp_path: Path) -> None:
    entities = "".join(
        f'<!ENTITY e{n} "{("&e" + str(n - 1) + ";") * 10 if n else "lol"}">' for n in range(9)
    )
    (tmp_path / "bomb.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        f"<item><description>&e8;</description></item></channel></rss>",
        "utf-8",
    )
    items_of(tmp_path / "bomb.xml")


def test_rdf_feed_in_koi8r_and_a_feed_with_incomplete_cdata(tmp_path: Path) -> None:
    (tmp_path / "feed.rdf").write_bytes(
        '<?xml version="1.0" encoding="koi8-r"?>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel><title>Лента</title></channel>'
        "<item><title>Новость</title><description>Командир был убит в результате авиаудара, "
        "сообщили официальные лица.</description></item></rdf:RDF>".encode("koi8-r")
    )
    (tmp_path / "cdata.rss").write_text(
        f'<rss version="2.0"><channel><item><description><![CDATA[{GOOD}</description></item>',
        "utf-8",
    )
    [rdf] = items_of(tmp_path / "feed.rdf")
    assert isinstance(rdf, Document) and rdf.language == "ru"
    [cdata] = items_of(tmp_path / "cdata.rss")
    assert isinstance(cdata, InputFailure)


def test_page_with_too_many_elements_is_refused_before_extraction(tmp_path: Path) -> None:
    (tmp_path / "many.html").write_bytes(b"<html><body>" + b"<p>x</p>" * 60_000 + b"</body></html>")
    [failure] = items_of(tmp_path / "many.html")
    assert isinstance(failure, InputFailure)
    assert failure.reason.startswith("HTML page has more than 50,000 elements")


def test_html_metadata_with_an_impossible_date_keeps_the_article(tmp_path: Path) -> None:
    page = PAGE.replace(
        b"<title>", b'<meta property="article:published_time" content="0000-00-00"><title>'
    )
    (tmp_path / "page.html").write_bytes(page)
    [doc] = items_of(tmp_path / "page.html")
    assert isinstance(doc, Document) and doc.published_at is None


def test_file_over_the_input_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(GOOD * 100, "utf-8")
    [failure] = items_of(tmp_path / "big.txt", IngestOptions(max_input_bytes=1_000))
    assert isinstance(failure, InputFailure)
    assert (
        "too large: the limit is 1,000 bytes (raise CLAIMLEDGER_MAX_INPUT_BYTES" in failure.reason
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be"])
def test_text_and_pages_in_utf16_or_utf32_with_a_bom_are_read(
    tmp_path: Path, encoding: str
) -> None:
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    (tmp_path / "wide.txt").write_bytes((bom + GOOD).encode(encoding))
    (tmp_path / "wide.html").write_bytes((bom + PAGE.decode()).encode(encoding))
    [text] = items_of(tmp_path / "wide.txt")
    assert isinstance(text, Document) and text.text == GOOD
    [page] = items_of(tmp_path / "wide.html")
    assert isinstance(page, Document) and GOOD in page.text
    (tmp_path / "wide.jsonl").write_bytes((bom + GOOD_LINE).encode(encoding))
    [failure] = items_of(tmp_path / "wide.jsonl")
    assert isinstance(failure, InputFailure) and "JSON Lines must be UTF-8" in failure.reason


def test_text_in_utf16_without_a_bom_is_refused_as_binary(tmp_path: Path) -> None:
    (tmp_path / "wide.txt").write_bytes(GOOD.encode("utf-16-le"))
    [failure] = items_of(tmp_path / "wide.txt")
    assert isinstance(failure, InputFailure) and "binary" in failure.reason


# --- the directory walk -----------------------------------------------------------------------


def test_walk_reads_rdf_arc_and_extensionless_files_and_reports_the_rest(tmp_path: Path) -> None:
    (tmp_path / "feed.rdf").write_text(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns="http://purl.org/rss/1.0/"><item><description>{GOOD}</description></item></rdf:RDF>',
        "utf-8",
    )
    (tmp_path / "archive.arc").write_bytes(b"filedesc://archive.arc 0.0.0.0 20000101000000 x 0\n")
    (tmp_path / "README").write_text(GOOD, "utf-8")
    (tmp_path / "notes.md").write_text(GOOD, "utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "dangling").symlink_to(tmp_path / "missing")
    (tmp_path / "sub").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "sub")
    os.mkfifo(tmp_path / "pipe")
    items = list(read_path(tmp_path, options=OPTIONS))
    outcome = {Path(i.origin or "").name.split("#")[0]: i for i in items}
    assert isinstance(outcome["README"], Document)
    assert isinstance(outcome["feed.rdf"], Document)
    assert outcome["archive.arc"].reason.startswith("no HTML responses")  # type: ignore[union-attr]
    assert outcome["notes.md"].reason.startswith("not read: '.md' is not a kind")  # type: ignore[union-attr]
    assert outcome["loop"].reason == "symbolic link loop: the link never reaches a file"  # type: ignore[union-attr]
    assert outcome["dangling"].reason == "broken symbolic link"  # type: ignore[union-attr]
    assert outcome["linked"].reason.startswith("not followed: a symbolic link to a directory")  # type: ignore[union-attr]
    assert outcome["pipe"].reason.startswith("not a regular file")  # type: ignore[union-attr]
    assert len(items) == 8  # every entry has an outcome; the empty folder has none to give


def test_a_pipe_named_on_the_command_line_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    [failure] = items_of(tmp_path / "pipe")
    assert isinstance(failure, InputFailure) and "use '-' for a pipe" in failure.reason


def test_very_deep_folders_do_not_exhaust_recursion(tmp_path: Path) -> None:
    folder = tmp_path
    for _ in range(150):
        folder = folder / "d"
        folder.mkdir()
    (folder / "deep.txt").write_text(GOOD, "utf-8")
    # The walk keeps its own stack: 150 folders deep under a recursion limit of 100 frames
    # more than the test itself uses (folders deeper than Python's limit would also be too
    # deep for pytest's own clean-up).
    limit = len(inspect.stack()) + 100
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        items = list(read_path(tmp_path, options=IngestOptions(extensions=frozenset({".txt"}))))
    finally:
        sys.setrecursionlimit(old)
    [doc] = items
    assert isinstance(doc, Document) and doc.origin == str(folder / "deep.txt")


# --- limits as settings -----------------------------------------------------------------------


def test_limits_are_settings_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {"CLAIMLEDGER_MAX_DOCUMENT_CHARS": "1_000", "CLAIMLEDGER_MAX_JSON_DEPTH": "8"}
    )
    options = IngestOptions.from_settings(settings)
    assert (options.max_document_chars, options.max_json_depth) == (1_000, 8)
    with pytest.raises(SettingsError, match="MAX_INPUT_BYTES: 'lots' is not a whole number"):
        Settings.from_env({"CLAIMLEDGER_MAX_INPUT_BYTES": "lots"})
    with pytest.raises(SettingsError, match="MAX_HTML_ELEMENTS: 0 is not a positive number"):
        Settings.from_env({"CLAIMLEDGER_MAX_HTML_ELEMENTS": "0"})


def test_json_file_whose_first_line_is_longer_than_the_sniffed_head(tmp_path: Path) -> None:
    (tmp_path / "long.json").write_text(json.dumps({"text": GOOD * 200}) + "\n", "utf-8")
    [doc] = items_of(tmp_path / "long.json")
    assert isinstance(doc, Document)


def test_closed_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", None)
    assert list(read_inputs(["-"])) == [
        InputFailure("<stdin>", "standard input is closed: nothing to read")
    ]
