"""Readers turn real files (JSONL, HTML, feeds, WARC, text, stdin, directories) into Documents."""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.errors import InputError, SettingsError
from claimledger.ingest import (
    IngestOptions,
    count_inputs,
    document_from_record,
    normalize_document,
    read_inputs,
    read_jsonl_text,
    read_path,
)
from claimledger.ingest.normalize import language_detector
from claimledger.types import Document, InputFailure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
# The repository's copy of the sample corpus (/work/shared/data/seed/articles.jsonl).
SEED = Path(__file__).resolve().parents[1] / "samples" / "seed-articles.jsonl"
OPTIONS = IngestOptions()


def documents(items: list[Document | InputFailure]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def failures(items: list[Document | InputFailure]) -> list[InputFailure]:
    return [item for item in items if isinstance(item, InputFailure)]


def write_warc(path: Path, *, gzip: bool) -> None:
    """A small archive: two HTML pages, a stylesheet, a request and a 404 page."""
    page = (FIXTURES / "news_meta.html").read_bytes()
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def response(uri: str, status: str, content_type: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)

        response("https://a.example/one", "200 OK", "text/html; charset=utf-8", page)
        response("https://a.example/site.css", "200 OK", "text/css", b"body { color: red }")
        request = writer.create_warc_record(
            "https://a.example/two", "request", payload=io.BytesIO(b"GET /two HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        response("https://a.example/two", "200 OK", "application/xhtml+xml", page)
        response("https://a.example/gone", "404 Not Found", "text/html", b"<p>Not found</p>")


# --- JSONL -----------------------------------------------------------------------------------


def test_seed_corpus_reads_as_six_english_documents() -> None:
    items = list(read_path(SEED, options=OPTIONS))
    assert failures(items) == []
    docs = documents(items)
    assert [d.id for d in docs] == [
        "a1-abu-bakr-siddiq",
        "a2-role-of-baghdadi",
        "a3-mod-statement",
        "a4-death-history",
        "a5-fakes-debunk",
        "a6-zaisan-trial",
    ]
    assert [d.published_at for d in docs] == [
        None,
        date(2017, 6, 16),
        date(2017, 6, 17),
        date(2017, 6, 23),
        date(2017, 6, 25),
        date(2020, 1, 6),
    ]
    assert {d.language for d in docs} == {"en"}
    assert docs[1].origin == f"{SEED}:2"
    assert all(d.text and d.title for d in docs)


def test_jsonl_bad_lines_are_reported_and_reading_goes_on() -> None:
    items = list(read_path(FIXTURES / "mixed.jsonl", options=OPTIONS))
    docs = documents(items)
    assert [d.id for d in docs] == ["good-1", "7"]
    first = docs[0]
    # The datetime keeps the publisher's local calendar day; extra fields ("lines") are ignored.
    assert first.published_at == date(2019, 10, 28)
    assert (first.source, first.url) == ("Example Wire", "https://wire.example.org/1")
    assert first.language == "en"
    reasons = {f.line: f.reason for f in failures(items)}
    assert sorted(reasons) == [2, 3, 4, 5, 6]
    assert "not valid JSON" in reasons[2]
    assert "expected a JSON object, found list" in reasons[3]
    assert "'text' is missing" in reasons[4] and "keys found: id, title" in reasons[4]
    assert "non-empty 'text'" in reasons[5]
    assert "'last Tuesday' is not a date" in reasons[6]
    assert all(f.origin == str(FIXTURES / "mixed.jsonl") for f in failures(items))


def test_jsonl_record_that_states_its_language_keeps_it() -> None:
    docs = documents(list(read_path(FIXTURES / "mixed.jsonl", options=OPTIONS)))
    assert docs[1].language == "fr"
    assert docs[1].published_at == date(2020, 1, 6)


def test_read_jsonl_text_numbers_lines_of_a_posted_batch() -> None:
    batch = '{"text": "The minister was detained at the airport."}\n\nnot json\n'
    items = list(read_jsonl_text(batch, origin="POST /documents", options=OPTIONS))
    assert items[0] == Document(
        text="The minister was detained at the airport.",
        language="en",
        origin="POST /documents:1",
    )
    assert items[1] == InputFailure("POST /documents", items[1].reason, 3)


def test_document_from_record_teaches_what_is_wrong() -> None:
    with pytest.raises(InputError) as raised:
        document_from_record(
            {"text": "x", "published_at": "16/06/2017"}, origin="f.jsonl", line=4, options=OPTIONS
        )
    message = str(raised.value)
    assert message.startswith("f.jsonl:4: 'published_at' '16/06/2017' is not a date")
    assert "'2017-06-16'" in message
    with pytest.raises(InputError, match="'title' must be a string"):
        document_from_record({"text": "x", "title": 3}, origin="f", line=1, options=OPTIONS)


def test_document_from_record_normalises() -> None:
    doc = document_from_record(
        {"text": "Cafe\u0301 owner arrested", "id": "r1"}, origin="f", line=None, options=OPTIONS
    )
    assert doc.text == "Café owner arrested" and unicodedata.is_normalized("NFC", doc.text)
    assert doc.origin == "f"


# --- HTML ------------------------------------------------------------------------------------


def test_html_with_metadata_date_and_canonical_link() -> None:
    [doc] = list(read_path(FIXTURES / "news_meta.html", options=OPTIONS))
    assert isinstance(doc, Document)
    assert doc.title == "Commander reported killed in strike, ministry says"
    assert doc.author == "Jane Roe"
    assert doc.source == "Example Herald"
    assert doc.url == "https://herald.example.org/world/commander-reported-killed"
    assert doc.published_at == date(2019, 10, 27)
    assert doc.published_at_estimated is False
    assert doc.language == "en"
    assert "genetic test" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text


def test_html_date_found_only_in_the_body_is_marked_estimated() -> None:
    [doc] = list(read_path(FIXTURES / "news_body_date.html", options=OPTIONS))
    assert isinstance(doc, Document)
    assert doc.published_at == date(2020, 1, 6)
    assert doc.published_at_estimated is True
    assert doc.title == "Court hears case of two men accused of crossing the border"


def test_html_microdata_date_counts_as_metadata(tmp_path: Path) -> None:
    page = (FIXTURES / "news_body_date.html").read_text(encoding="utf-8")
    page = page.replace(
        '<p class="dateline">6 January 2020</p>',
        '<p class="dateline"><time itemprop="datePublished" datetime="2020-01-05">5 Jan</time></p>',
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    [doc] = list(read_path(tmp_path / "page.html", options=OPTIONS))
    assert isinstance(doc, Document)
    assert (doc.published_at, doc.published_at_estimated) == (date(2020, 1, 5), False)


# --- feeds -----------------------------------------------------------------------------------


def test_rss_feed_entries_become_documents() -> None:
    items = list(read_path(FIXTURES / "feed_rss2.xml", options=OPTIONS))
    first, second = documents(items)
    assert first.title == "Militant leader captured in raid, police say"
    assert first.url == "https://wire.example.org/world/leader-captured"
    assert first.source == "Example Wire: World"
    # Full content wins over the summary; markup is stripped but paragraphs stay apart.
    assert first.text == (
        "Police said on Sunday that the leader of a militant cell was captured in a dawn raid.\n"
        "A police spokesman said two other suspects were detained."
    )
    # The day as the feed wrote it (+03:00), not the UTC day before.
    assert first.published_at == date(2019, 10, 27)
    assert second.text.endswith("saying he was in good health.")
    assert second.published_at == date(2019, 10, 28)
    assert first.language == second.language == "en"
    assert first.origin == f"{FIXTURES / 'feed_rss2.xml'}#entry-1"


def test_atom_feed_entries_become_documents() -> None:
    first, second = documents(list(read_path(FIXTURES / "feed_atom.atom", options=OPTIONS)))
    assert first.author == "John Doe"
    assert first.source == "Example Monitor"
    assert first.url == "https://monitor.example.net/2020/01/sentenced"
    assert first.published_at == date(2020, 1, 6)
    assert first.text.startswith("A court sentenced two men")
    assert "<p>" not in first.text
    # An entry with only <updated> is dated by it; its text comes from the summary.
    assert second.published_at == date(2020, 1, 7)
    assert second.text.startswith("A journalist detained at a protest")


# --- WARC ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,gzip", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_documents(tmp_path: Path, name: str, gzip: bool) -> None:
    path = tmp_path / name
    write_warc(path, gzip=gzip)
    items = list(read_path(path, options=OPTIONS))
    assert failures(items) == []
    docs = documents(items)
    assert [d.url for d in docs] == ["https://a.example/one", "https://a.example/two"]
    assert [d.origin for d in docs] == [f"{path}#record-1", f"{path}#record-4"]
    assert docs[0].published_at == date(2019, 10, 27)
    assert docs[0].title == "Commander reported killed in strike, ministry says"


# --- plain text, stdin, directories ----------------------------------------------------------


def test_plain_text_heading_becomes_title(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Journalist detained at protest\n\nA journalist was detained on Tuesday.\n", "utf-8"
    )
    (tmp_path / "b.text").write_text("A journalist was detained.\nHe was released.\n", "utf-8")
    (tmp_path / "notes").write_text("Police said the suspect was arrested on Friday.", "utf-8")
    a, b, notes = (
        next(iter(read_path(tmp_path / name, options=OPTIONS)))
        for name in ("a.txt", "b.text", "notes")
    )
    assert isinstance(a, Document) and a.title == "Journalist detained at protest"
    assert a.text.startswith("Journalist detained at protest\n\nA journalist")
    assert isinstance(b, Document) and b.title is None
    # A file with no known extension that decodes as text is read as text.
    assert isinstance(notes, Document) and notes.language == "en" and notes.title is None


def test_stdin_jsonl_html_and_text() -> None:
    jsonl = io.StringIO('\n{"id": "s1", "text": "The general was wounded."}\n{"oops"\n')
    items = list(read_inputs(["-"], stdin=jsonl))
    assert [type(i).__name__ for i in items] == ["Document", "InputFailure"]
    assert items[0].origin == "<stdin>:2" and items[1].line == 3
    html = io.StringIO((FIXTURES / "news_meta.html").read_text(encoding="utf-8"))
    [page] = list(read_inputs(["-"], stdin=html))
    assert isinstance(page, Document) and page.published_at == date(2019, 10, 27)
    text = io.StringIO("Два человека были задержаны на границе, сообщила полиция.")
    [doc] = list(read_inputs(["-"], stdin=text, options=IngestOptions(languages=("en", "ru"))))
    assert isinstance(doc, Document) and doc.language == "ru" and doc.origin == "<stdin>"


class _LineStream(io.TextIOBase):
    """Standard input that fails if it is read further than the consumer has asked for."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = iter(lines)

    def __next__(self) -> str:
        line = next(self._lines, None)
        if line is None:
            raise AssertionError("the reader read past what was consumed")
        return line

    def read(self, size: int | None = -1) -> str:
        raise AssertionError("the reader slurped a JSONL stream")


def test_stdin_jsonl_is_streamed_line_by_line() -> None:
    stream = _LineStream(
        ['{"text": "The colonel was captured."}\n', '{"text": "The colonel was released."}\n']
    )
    reader = read_inputs(["-"], stdin=stream)  # type: ignore[arg-type]
    first, second = next(reader), next(reader)
    assert isinstance(first, Document) and first.text == "The colonel was captured."
    assert isinstance(second, Document) and second.origin == "<stdin>:2"


def test_directory_is_walked_recursively_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.jsonl").write_text('{"text": "The envoy was expelled."}\n', "utf-8")
    (tmp_path / "b" / "page.html").write_bytes((FIXTURES / "news_meta.html").read_bytes())
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "c.txt").write_text("The mayor was charged with fraud.", "utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Not to be read.", "utf-8")
    items = list(read_inputs([tmp_path]))
    assert [item.origin for item in items] == [
        f"{tmp_path}/a.jsonl:1",
        f"{tmp_path}/b/image.png",
        f"{tmp_path}/b/page.html",
        f"{tmp_path}/c.txt",
    ]
    # A file of a kind claimledger does not read is reported, never skipped in silence.
    assert isinstance(items[1], InputFailure)
    assert items[1].reason.startswith("not read: '.png' is not a kind claimledger reads")
    assert count_inputs([tmp_path, "-"]) == 4
    only_text = IngestOptions(extensions=frozenset({"txt"}))
    assert [i.origin for i in read_path(tmp_path, options=only_text)] == [f"{tmp_path}/c.txt"]
    assert count_inputs([tmp_path], options=only_text) == 1


# --- normalisation and options ---------------------------------------------------------------


def test_normalize_repairs_mojibake_and_keeps_curly_quotes() -> None:
    broken = "The ministry said: â€œhe was killedâ€\x9d. “Quote” stays.\r\nNext line"
    doc = normalize_document(Document(text=broken), options=OPTIONS)
    assert doc.text == "The ministry said: “he was killed”. “Quote” stays.\nNext line"
    assert doc.language == "en"


def test_language_detection_is_limited_to_the_configured_set() -> None:
    text = "Суд приговорил двух мужчин к условным срокам за незаконное пересечение границы."
    doc = normalize_document(Document(text=text), options=IngestOptions(languages=("en", "uk")))
    assert doc.language in {"en", "uk"}
    doc = normalize_document(Document(text=text), options=IngestOptions(languages=("en", "ru")))
    assert doc.language == "ru"
    kept = normalize_document(Document(text=text, language="KK"), options=OPTIONS)
    assert kept.language == "kk"


def test_language_detector_is_built_once_per_language_set() -> None:
    language_detector.cache_clear()
    for _ in range(3):
        normalize_document(Document(text="The envoy was expelled."), options=OPTIONS)
    info = language_detector.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_options_reject_unknown_languages_and_extensions() -> None:
    with pytest.raises(SettingsError, match="'xx' is not an ISO 639-1 code"):
        IngestOptions(languages=("en", "xx"))
    with pytest.raises(SettingsError, match=r"cannot read files with extension \.docx"):
        IngestOptions(extensions=frozenset({".docx"}))
