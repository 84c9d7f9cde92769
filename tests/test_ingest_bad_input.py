"""Bad input never stops a run: each bad file becomes an InputFailure naming it and the reason."""

from __future__ import annotations

import gzip
import io
import os
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ingest import IngestOptions, read_inputs, read_path
from claimledger.types import Document, InputFailure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
OPTIONS = IngestOptions()
RUSSIAN = "Суд приговорил двух мужчин к условным срокам за незаконное пересечение границы. " * 5


def only_failure(path: Path) -> InputFailure:
    [item] = list(read_path(path, options=OPTIONS))
    assert isinstance(item, InputFailure), item
    assert item.origin == str(path)
    return item


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.html", "empty.rss", "empty"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    assert only_failure(tmp_path / name).reason == "empty file: nothing to read"


def test_whitespace_only_text_file_is_empty(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t\n")
    assert "empty file" in only_failure(tmp_path / "blank.txt").reason


@pytest.mark.parametrize("name", ["image.txt", "data.jsonl", "page.html", "blob"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary file (contains NUL bytes)" in only_failure(tmp_path / name).reason


def test_control_characters_without_nul_are_binary(tmp_path: Path) -> None:
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 9)) * 50 + b"some words")
    assert "binary file (mostly control characters)" in only_failure(tmp_path / "noise.txt").reason


def test_text_in_another_encoding_is_read_in_the_one_detected(tmp_path: Path) -> None:
    (tmp_path / "cp1251.txt").write_bytes(RUSSIAN.encode("cp1251"))
    [doc] = list(read_path(tmp_path / "cp1251.txt", options=OPTIONS))
    assert isinstance(doc, Document)
    assert doc.text == RUSSIAN.strip() and doc.language == "ru"


def test_bytes_no_encoding_reads_as_text_are_refused_with_a_hint(tmp_path: Path) -> None:
    rng = random.Random(4)
    noise = bytes(rng.randrange(128, 256) for _ in range(500))
    (tmp_path / "noise.txt").write_bytes(noise)
    reason = only_failure(tmp_path / "noise.txt").reason
    assert reason.startswith("not valid UTF-8 (byte 0x")
    assert "no other encoding reads it as plausible text" in reason and "iconv" in reason


def test_a_stray_invalid_byte_in_utf8_text_is_repaired(tmp_path: Path) -> None:
    data = RUSSIAN.encode("utf-8") + b"\xff" + RUSSIAN.encode("utf-8")
    (tmp_path / "mostly.txt").write_bytes(data)
    [doc] = list(read_path(tmp_path / "mostly.txt", options=OPTIONS))
    assert isinstance(doc, Document)
    assert "\ufffd" in doc.text and doc.language == "ru"


def test_invalid_utf8_line_in_jsonl_fails_that_line_only(tmp_path: Path) -> None:
    lines = [b'{"text": "The envoy was expelled."}', b'{"text": "caf\xe9"}', b'{"text": "Freed."}']
    (tmp_path / "x.jsonl").write_bytes(b"\n".join(lines))
    items = list(read_path(tmp_path / "x.jsonl", options=OPTIONS))
    assert [type(i).__name__ for i in items] == ["Document", "InputFailure", "Document"]
    assert items[1] == InputFailure(str(tmp_path / "x.jsonl"), items[1].reason, 2)
    assert items[1].reason.startswith("not valid UTF-8 (byte 0xe9")


def test_truncated_jsonl_gz_yields_lines_before_the_damage(tmp_path: Path) -> None:
    body = "".join(
        f'{{"id": "r{n}", "text": "Report {n}: the suspect was arrested."}}\n' for n in range(400)
    )
    data = gzip.compress(body.encode("utf-8"))
    (tmp_path / "batch.jsonl.gz").write_bytes(data[: len(data) // 2])
    items = list(read_path(tmp_path / "batch.jsonl.gz", options=OPTIONS))
    docs = [i for i in items if isinstance(i, Document)]
    assert docs and docs[0].id == "r0"
    # Only the damage is a failure; a partly written last line may be reported before it.
    assert items[-1] == InputFailure(
        str(tmp_path / "batch.jsonl.gz"),
        "truncated gzip: the file ends before its compressed stream",
    )


def _archive(path: Path, pages: int) -> None:
    page = (FIXTURES / "news_meta.html").read_bytes()
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://a.example/{n}",
                    "response",
                    payload=io.BytesIO(page),
                    http_headers=headers,
                )
            )


def test_truncated_warc_gz_yields_records_before_the_damage(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _archive(whole, pages=3)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 5 // 6])
    items = list(read_path(cut, options=OPTIONS))
    assert [i.url for i in items if isinstance(i, Document)] == [
        "https://a.example/0",
        "https://a.example/1",
    ]
    assert items[-1] == InputFailure(
        str(cut), "truncated gzip: the file ends before the end of its compressed stream"
    )


def test_truncated_plain_warc_is_reported(tmp_path: Path) -> None:
    page = (FIXTURES / "news_meta.html").read_bytes()
    path = tmp_path / "cut.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://a.example/", "response", io.BytesIO(page), http_headers=headers
            )
        )
    path.write_bytes(path.read_bytes()[:-200])
    items = list(read_path(path, options=OPTIONS))
    assert items[-1] == InputFailure(str(path), "truncated WARC: the last record is cut short")


def test_file_named_warc_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "fake.warc").write_text("hello, I am not an archive\n", "utf-8")
    assert "not a WARC or ARC file" in only_failure(tmp_path / "fake.warc").reason


def test_html_page_without_article_text() -> None:
    reason = only_failure(FIXTURES / "no_text.html").reason
    assert reason == "no article text found in the HTML page"


@pytest.mark.parametrize(
    "name,content",
    [
        ("page.rss", (FIXTURES / "news_meta.html").read_text("utf-8")),
        ("notes.xml", "just some words, no markup at all"),
        (
            "sitemap.xml",
            '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>',
        ),
    ],
)
def test_feed_that_is_not_a_feed(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, "utf-8")
    assert only_failure(tmp_path / name).reason.startswith("not an RSS or Atom feed: ")


def test_json_array_is_not_json_lines(tmp_path: Path) -> None:
    (tmp_path / "dump.json").write_text('[\n  {"text": "The envoy was expelled."}\n]\n', "utf-8")
    reason = only_failure(tmp_path / "dump.json").reason
    assert reason.startswith("not JSON Lines") and "jq -c" in reason


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    assert list(read_path(missing, options=OPTIONS)) == [
        InputFailure(str(missing), "no such file or directory")
    ]


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make ``denied`` unreadable: chmod where it binds, a patched open where we are root."""
    denied.chmod(0)
    if os.access(denied, os.R_OK):  # root reads anything; simulate what other users get
        real_open = Path.open

        def guarded(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self == denied:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", guarded)


def test_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The minister was arrested.", "utf-8")
    _deny(monkeypatch, secret)
    try:
        assert only_failure(secret).reason == "permission denied: cannot read the file"
    finally:
        secret.chmod(0o644)


def test_stdin_that_is_empty_or_not_utf8() -> None:
    [empty] = list(read_inputs(["-"], stdin=io.StringIO("\n\n")))
    assert empty == InputFailure("<stdin>", "empty input on standard input: nothing to read")
    rng = random.Random(4)
    noise = bytes(rng.randrange(128, 256) for _ in range(500))
    raw = io.TextIOWrapper(io.BytesIO(noise), encoding="utf-8")
    [bad] = list(read_inputs(["-"], stdin=raw))
    assert isinstance(bad, InputFailure) and bad.reason.startswith("not valid UTF-8")
    # Text in another encoding is read in the one detected, as from a file.
    raw = io.TextIOWrapper(io.BytesIO(RUSSIAN.encode("cp1251")), encoding="utf-8")
    [doc] = list(read_inputs(["-"], stdin=raw))
    assert isinstance(doc, Document) and doc.text == RUSSIAN.strip()


def test_the_run_goes_on_past_every_bad_input(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "good.txt").write_text("The envoy was expelled on Monday.", "utf-8")
    items = list(
        read_inputs(
            [
                tmp_path / "missing.txt",
                tmp_path,
                FIXTURES / "no_text.html",
                FIXTURES / "mixed.jsonl",
            ]
        )
    )
    kinds = [type(i).__name__ for i in items]
    assert kinds.count("Document") == 3  # good.txt and the two good JSONL lines
    assert kinds.count("InputFailure") == 9
    assert str(items[0]) == f"{tmp_path / 'missing.txt'}: no such file or directory"
    assert str(failures_with_lines(items)[0]).startswith(f"{FIXTURES / 'mixed.jsonl'}:2: ")


def failures_with_lines(items: list[Document | InputFailure]) -> list[InputFailure]:
    return [i for i in items if isinstance(i, InputFailure) and i.line is not None]


def test_unreadable_directory_is_reported_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "a-locked"
    locked.mkdir()
    (locked / "x.txt").write_text("The general was captured.", "utf-8")
    (tmp_path / "b.txt").write_text("The general was released.", "utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root lists anything; simulate what other users get
        real_scandir = os.scandir

        def guarded(path):  # type: ignore[no-untyped-def]
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", guarded)
    try:
        items = list(read_path(tmp_path, options=OPTIONS))
    finally:
        locked.chmod(0o755)
    assert items[0] == InputFailure(str(locked), "permission denied: cannot list the directory")
    assert isinstance(items[1], Document) and items[1].origin == str(tmp_path / "b.txt")
