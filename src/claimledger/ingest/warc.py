"""WARC (and ARC) web archives via warcio: HTML responses go through the HTML reader.

Damage is reported, never raised: records read before it are yielded first, then one
InputFailure says what is wrong (a corrupt or truncated gzip member, a record cut short, a
header warcio cannot parse). An archive with no HTML response at all is reported too, so every
archive has an outcome.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader

from claimledger.errors import InputError
from claimledger.ingest.html import read_html
from claimledger.ingest.limits import too_large
from claimledger.ingest.options import IngestOptions
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
ARCHIVE_STARTS = (b"WARC/", b"filedesc://")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 20
# What warcio and the decompressors raise on damaged archives (BadGzipFile is an OSError).
ARCHIVE_ERRORS = (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, LookupError)


class _Loader(ArcWarcRecordLoader):
    """warcio's record loader, tolerant of a record without ``WARC-Target-URI``.

    warcio calls ``uri.startswith`` on every request and response record, so one such record
    (legal for a WARC request) ends the archive with an AttributeError.
    """

    def load_http_headers(self, rec_type: str, uri: str | None, stream: Any, length: Any) -> Any:
        if uri is None:
            return None
        return super().load_http_headers(rec_type, uri, stream, length)


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


def _cut_short(record: ArcWarcRecord) -> bool:
    """Whether the file ends before the record's declared Content-Length."""
    remaining = getattr(record.raw_stream, "limit", 0)
    if not isinstance(remaining, int) or remaining <= 0:
        return False
    # Bytes the payload decoder left unread (after a gzip member, say) are not damage;
    # a block that stops short of its length is.
    while remaining > 0:
        chunk = record.raw_stream.read(min(remaining, _CHUNK))
        if not chunk:
            return True
        remaining -= len(chunk)
    return False


def _record_item(
    record: ArcWarcRecord, *, where: str, options: IngestOptions
) -> Document | InputFailure:
    """One HTML response record as a Document, or why it cannot be one."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    limit = options.max_input_bytes
    try:
        payload = record.content_stream().read(limit + 1)
    except ARCHIVE_ERRORS as err:
        # A damaged Content-Encoding (gzip, brotli, chunked) spoils this record only.
        return InputFailure(where, f"cannot decode the record's payload: {err} ({uri})")
    if len(payload) > limit:
        return InputFailure(where, f"{too_large('the record', limit)} ({uri})")
    if _cut_short(record):
        return InputFailure(where, f"truncated record: it ends before its declared length ({uri})")
    try:
        return read_html(payload, origin=where, url=uri, max_elements=options.max_html_elements)
    except InputError as err:
        return InputFailure(err.origin, f"{err.reason} ({uri})")


def _records(
    stream: IO[bytes], *, origin: str, options: IngestOptions, seen: Counter[str]
) -> Iterator[Document | InputFailure]:
    archive = ArchiveIterator(stream, arc2warc=True)
    archive.loader = _Loader(arc2warc=True)
    for number, record in enumerate(archive, start=1):
        seen[record.rec_type or "untyped"] += 1
        if _html_record(record):
            seen["html"] += 1
            yield _record_item(record, where=f"{origin}#record-{number}", options=options)


def read_warc(
    path: Path, *, origin: str, head: bytes, options: IngestOptions
) -> Iterator[Document | InputFailure]:
    """Documents for the HTML responses in a WARC/ARC file (plain or gzip).

    ``head`` is the start of the (decompressed) content. Records read before damage are
    yielded first; the damage is then reported as one InputFailure.
    """
    if not head.startswith(ARCHIVE_STARTS):
        yield InputFailure(
            origin, "not a WARC or ARC file: it does not start with 'WARC/' or 'filedesc://'"
        )
        return
    seen: Counter[str] = Counter()
    try:
        with path.open("rb") as stream:
            yield from _records(stream, origin=origin, options=options, seen=seen)
    except ARCHIVE_ERRORS as err:
        records = sum(n for kind, n in seen.items() if kind != "html")
        yield InputFailure(origin, f"damaged web archive after {records} records: {err}")
        return
    # warcio stops quietly at a truncated record, so the file's end is checked on its own.
    damage = truncation(path, warc=head.startswith(b"WARC/"))
    if damage is not None:
        yield InputFailure(origin, damage)
    elif not seen["html"]:
        yield InputFailure(origin, f"no HTML responses in the web archive ({_tally(seen)})")


def _tally(seen: Counter[str]) -> str:
    if not seen:
        return "no records"
    return ", ".join(f"{n} {kind}" for kind, n in sorted(seen.items()))


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
