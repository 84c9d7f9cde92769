"""Feeds, HTML pages and text files in legacy encodings, declared or not (issue 14): each is
read as the text it holds, not as mojibake and not refused. Fixtures are made up here, in
Russian (windows-1251), Arabic (windows-1256) and French (Latin-1)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ingest import IngestOptions, read_path
from claimledger.ingest.charsets import declared_in, decode_markup, feed_encoding
from claimledger.types import Document

RUSSIAN = (
    "ru",
    "cp1251",
    "Командир группировки убит при авиаударе",
    "Командир вооружённой группировки Иван Петров был убит при авиаударе под Алеппо в "
    "понедельник, сообщили местные чиновники. Его заместитель задержан на границе во вторник.",
)
ARABIC = (
    "ar",
    "cp1256",
    "مقتل قائد الجماعة في غارة جوية",
    "قتل القائد العسكري عمر الحسن في غارة جوية قرب مدينة حلب يوم الاثنين، حسبما أفاد مسؤولون "
    "محليون. واعتقلت قوات الأمن نائبه على الحدود يوم الثلاثاء.",
)
FRENCH = (
    "fr",
    "latin-1",
    "Un commandant tué lors d'une frappe près d'Alep",
    "Le commandant François Lefèvre a été tué à l'aube lundi lors d'une frappe aérienne près "
    "d'Alep, ont déclaré des responsables. Son adjoint a été arrêté à la frontière mardi.",
)
CASES = pytest.mark.parametrize("case", [RUSSIAN, ARABIC, FRENCH], ids=["ru", "ar", "fr"])
Case = tuple[str, str, str, str]


def rss(title: str, body: str, declaration: str = '<?xml version="1.0"?>') -> str:
    return (
        f'{declaration}\n<rss version="2.0"><channel><title>{title}</title>'
        "<link>http://example.org/</link><description>news</description>"
        f"<item><title>{title}</title><link>http://example.org/a/1</link>"
        f"<description>{body}</description></item></channel></rss>\n"
    )


def atom(title: str, body: str) -> str:
    return (
        '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:example:feed</id><updated>2021-09-06T10:00:00Z</updated>"
        f"<entry><title>{title}</title><id>urn:example:1</id>"
        '<updated>2021-09-06T10:00:00Z</updated><link href="http://example.org/a/2"/>'
        f'<content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry></feed>\n'
    )


def page(title: str, body: str, head: str = "") -> str:
    return (
        f"<html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{body}</p></article></body></html>"
    )


def only_document(path: Path) -> Document:
    [item] = list(read_path(path, options=IngestOptions()))
    assert isinstance(item, Document), item
    return item


@CASES
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_undeclared_feed_in_a_legacy_encoding_is_read(
    tmp_path: Path, case: Case, kind: str
) -> None:
    language, encoding, title, body = case
    build = rss if kind == "rss" else atom
    path = tmp_path / f"feed.{kind}"
    path.write_bytes(build(title, body).encode(encoding))
    doc = only_document(path)
    assert (doc.title, doc.text, doc.language) == (title, body, language)


def test_a_feed_that_declares_its_encoding_is_read_as_declared(tmp_path: Path) -> None:
    _, encoding, title, body = RUSSIAN
    data = rss(title, body, '<?xml version="1.0" encoding="windows-1251"?>').encode(encoding)
    assert feed_encoding(data) is None  # feedparser reads the declaration itself
    (tmp_path / "declared.rss").write_bytes(data)
    assert only_document(tmp_path / "declared.rss").text == body


def test_a_feed_that_declares_the_wrong_encoding_is_read_as_it_is(tmp_path: Path) -> None:
    _, encoding, title, body = ARABIC
    data = rss(title, body, '<?xml version="1.0" encoding="utf-8"?>').encode(encoding)
    (tmp_path / "wrong.rss").write_bytes(data)
    assert only_document(tmp_path / "wrong.rss").text == body


@CASES
def test_an_undeclared_html_page_in_a_legacy_encoding_is_read(tmp_path: Path, case: Case) -> None:
    language, encoding, title, body = case
    (tmp_path / "page.html").write_bytes(page(title, body).encode(encoding))
    doc = only_document(tmp_path / "page.html")
    assert doc.title == title and body in doc.text and doc.language == language


@CASES
def test_a_text_file_in_a_legacy_encoding_is_read(tmp_path: Path, case: Case) -> None:
    language, encoding, title, body = case
    (tmp_path / "story.txt").write_bytes(f"{title}\n\n{body}\n".encode(encoding))
    doc = only_document(tmp_path / "story.txt")
    assert (doc.title, doc.language) == (title, language)
    assert doc.text == f"{title}\n\n{body}"


def test_an_html_record_in_a_web_archive_is_read_in_its_http_charset(tmp_path: Path) -> None:
    _, encoding, title, body = RUSSIAN
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=windows-1251")], "HTTP/1.1"
    )
    payload = page(title, body).encode(encoding)
    writer.write_record(
        writer.create_warc_record(
            "http://example.org/ru/1",
            "response",
            payload=io.BytesIO(payload),
            http_headers=headers,
        )
    )
    (tmp_path / "crawl.warc").write_bytes(out.getvalue())
    assert body in only_document(tmp_path / "crawl.warc").text


def test_a_short_french_latin1_text_keeps_its_accents() -> None:
    # Latin-1 French reads the same in windows-1250 but for "à" (there "ŕ"); the detector
    # rates both alike, and windows-1252, the web's default, is taken.
    decoded = decode_markup("Il a été tué à l'aube, selon la défense.".encode("latin-1"))
    assert decoded.text == "Il a été tué à l'aube, selon la défense."
    assert decoded.how == "detected"


def test_the_order_of_evidence_for_an_encoding() -> None:
    _, encoding, title, body = RUSSIAN
    koi8 = page(title, body, '<meta charset="koi8-r">').encode("koi8-r")
    assert declared_in(koi8) == "koi8-r"
    assert decode_markup(koi8).how == "declared" and body in decode_markup(koi8).text
    # The transport's charset comes before the page's.
    undeclared = page(title, body).encode(encoding)
    assert decode_markup(undeclared, declared="windows-1251").how == "declared"
    # Valid UTF-8 wins over a declaration of a single-byte encoding (a common mistake).
    utf8 = page(title, body, '<meta charset="windows-1252">').encode("utf-8")
    assert decode_markup(utf8).how == "utf-8" and body in decode_markup(utf8).text
    # A declaration the bytes do not decode in is not trusted; the bytes are read as they are.
    lying = page(title, body, '<meta charset="utf-8">').encode(encoding)
    assert decode_markup(lying).how == "detected" and body in decode_markup(lying).text
