"""WARC (and ARC) web archives via warcio: HTML responses go through the HTML reader.

Damage is reported, never raised: records read before it are yielded first, then one
InputFailure says what is wrong (a corrupt or truncated gzip member, a record cut short, a
header warcio cannot parse). An archive with no HTML response at all is reported too, so every
archive has an outcome.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeadersParserException

from claimledger.errors import InputError
from claimledger.ingest.charsets import header_charset
from claimledger.ingest.gunzip import Gunzip, open_gunzip
from claimledger.ingest.html import read_html
from claimledger.ingest.limits import too_large
from claimledger.ingest.options import IngestOptions
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
TRUNCATED_GZIP = "truncated gzip: the file ends before the end of its compressed stream"
ARCHIVE_STARTS = (b"WARC/", b"filedesc://")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 20
# What warcio and the decompressors raise on damaged archives (BadGzipFile is an OSError).
ARCHIVE_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    zlib.error,
    OSError,
    ValueError,
    LookupError,
)


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
    if record.digest_checker.passed is False:
        problems = "; ".join(record.digest_checker.problems)
        return InputFailure(where, f"damaged record: {problems} ({uri})")
    try:
        return read_html(
            payload,
            origin=where,
            url=uri,
            max_elements=options.max_html_elements,
            charset=header_charset(record.http_headers.get_header("Content-Type")),
        )
    except InputError as err:
        return InputFailure(err.origin, f"{err.reason} ({uri})")


def _records(
    stream: IO[bytes], *, origin: str, options: IngestOptions, seen: Counter[str]
) -> Iterator[Document | InputFailure]:
    """Items for the archive's HTML responses, each yielded once the next record is found.

    warcio learns that a record's Content-Length was wrong only when the bytes after it are
    not the next record (it counts an error and resynchronises), so an item is held back
    until then: a record whose length was wrong is refused, not read as a cut-short page.
    """
    archive = ArchiveIterator(stream, arc2warc=True, check_digests=True)
    archive.loader = _Loader(arc2warc=True)
    pending: Document | InputFailure | None = None
    errors = 0
    for number, record in enumerate(_quietly(archive, origin), start=1):
        if pending is not None:
            yield _unless_misaligned(pending, archive.err_count > errors)
            pending = None
        errors = archive.err_count
        seen[record.rec_type or "untyped"] += 1
        if _html_record(record):
            seen["html"] += 1
            pending = _record_item(record, where=f"{origin}#record-{number}", options=options)
    if pending is not None:
        yield _unless_misaligned(pending, archive.err_count > errors)


def _quietly(archive: ArchiveIterator, origin: str) -> Iterator[ArcWarcRecord]:
    """The archive's records; what warcio prints to stderr about them is logged instead.

    warcio writes its warnings ("Record not followed by newline") straight to stderr, where
    they would break into the CLI's report; the reader reports the damage itself.
    """
    records = iter(archive)
    while True:
        with contextlib.redirect_stderr(io.StringIO()) as noise:
            record = next(records, None)
        if noise.getvalue().strip():
            logger.warning("%s: warcio: %s", origin, " ".join(noise.getvalue().split()))
        if record is None:
            return
        yield record


def _unless_misaligned(item: Document | InputFailure, misaligned: bool) -> Document | InputFailure:
    if isinstance(item, InputFailure) or not misaligned:
        return item
    return InputFailure(
        item.origin or "<archive>",
        f"record's Content-Length does not match its content: it may be cut short ({item.url})",
    )


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
    with path.open("rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        stream = open_gunzip(raw) if compressed else raw
        try:
            yield from _records(stream, origin=origin, options=options, seen=seen)
        except ARCHIVE_ERRORS as err:
            records = sum(n for kind, n in seen.items() if kind != "html")
            yield InputFailure(origin, f"{_damage_reason(err)} (after {records} records)")
            return
        cut = getattr(stream, "raw", None)
    # warcio stops quietly at a truncated record, so the file's end is checked on its own.
    if compressed:
        damage = TRUNCATED_GZIP if isinstance(cut, Gunzip) and cut.truncated else None
    else:
        damage = truncation(path, warc=head.startswith(b"WARC/"))
    if damage is not None:
        yield InputFailure(origin, damage)
    elif not seen["html"]:
        yield InputFailure(origin, f"no HTML responses in the web archive ({_tally(seen)})")


def _damage_reason(err: Exception) -> str:
    if isinstance(err, EOFError):
        return TRUNCATED_GZIP
    if isinstance(err, gzip.BadGzipFile | zlib.error):
        return f"corrupt gzip data: {err}"
    # warcio's messages span lines ("\n    ERROR: ..."); one line reads better in a report.
    return "damaged web archive: " + " ".join(str(err).split())


def _tally(seen: Counter[str]) -> str:
    if not seen:
        return "no records"
    return ", ".join(f"{n} {kind}" for kind, n in sorted(seen.items()))


def truncation(path: Path, *, warc: bool) -> str | None:
    """Why the plain archive at ``path`` ends early, or ``None`` if it ends where it should."""
    if not warc:
        return None
    with path.open("rb") as raw:
        raw.seek(0, 2)
        raw.seek(max(0, raw.tell() - 4))
        # Every WARC record ends with two CRLFs; a file cut inside a record does not.
        if raw.read() != b"\r\n\r\n":
            return "truncated WARC: the last record is cut short"
    return None
