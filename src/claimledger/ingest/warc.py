"""WARC (and ARC) web archives via warcio: HTML responses go through the HTML reader."""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from claimledger.errors import InputError
from claimledger.ingest.html import read_html
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 20


def _head(path: Path, size: int = 16) -> bytes:
    """The first bytes of ``path``'s content, decompressed when it is gzip."""
    with path.open("rb") as raw:
        magic = raw.read(2)
        raw.seek(0)
        if magic != GZIP_MAGIC:
            return raw.read(size)
        with gzip.GzipFile(fileobj=raw) as unzipped:
            return unzipped.read(size)


def gzip_damage(path: Path) -> str | None:
    """Why the gzip file at ``path`` cannot be read to its end, or ``None`` if it is whole."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(_CHUNK):
                pass
    except EOFError:
        return "truncated gzip: the file ends before the end of its compressed stream"
    except (gzip.BadGzipFile, zlib.error) as err:
        return f"corrupt gzip data: {err}"
    return None


def _html_record(record: ArcWarcRecord) -> bool:
    """A successful HTTP response whose payload is an HTML page."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    # Redirects and error pages carry no article; skipping them is not a failure.
    return status.startswith("2") and content_type.startswith(_HTML_TYPES)


def _records(stream: BinaryIO, origin: str) -> Iterator[Document | InputFailure]:
    for number, record in enumerate(ArchiveIterator(stream, arc2warc=True), start=1):
        if not _html_record(record):
            continue
        where = f"{origin}#record-{number}"
        uri = record.rec_headers.get_header("WARC-Target-URI")
        try:
            yield read_html(record.content_stream().read(), origin=where, url=uri)
        except InputError as err:
            yield InputFailure(err.origin, f"{err.reason} ({uri})")


def read_warc(path: Path, *, origin: str) -> Iterator[Document | InputFailure]:
    """Documents for the HTML responses in a WARC/ARC file (plain or gzip).

    Records read before damage (a truncated gzip, a broken record) are yielded first; the
    damage is then reported as one InputFailure.
    """
    head = _head(path)
    if not head.startswith((b"WARC/", b"filedesc://")):
        yield InputFailure(origin, "not a WARC or ARC file: it does not start with 'WARC/'")
        return
    try:
        with path.open("rb") as stream:
            yield from _records(stream, origin)
    except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile) as err:
        yield InputFailure(origin, f"damaged web archive: {err}")
        return
    # warcio stops quietly at a truncated record, so the file's end is checked on its own.
    damage = truncation(path, warc=head.startswith(b"WARC/"))
    if damage is not None:
        yield InputFailure(origin, damage)


def truncation(path: Path, *, warc: bool) -> str | None:
    """Why the archive at ``path`` ends early, or ``None`` if it ends where it should."""
    with path.open("rb") as raw:
        if raw.read(2) == GZIP_MAGIC:
            return gzip_damage(path)
        if not warc:
            return None
        raw.seek(0, 2)
        raw.seek(max(0, raw.tell() - 4))
        # Every WARC record ends with two CRLFs; a file cut inside a record does not.
        if raw.read() != b"\r\n\r\n":
            return "truncated WARC: the last record is cut short"
    return None
