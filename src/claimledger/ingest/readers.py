"""Entry points: read files, directories and standard input into Documents or InputFailures.

Every reader is a generator, so a directory of any size or a JSONL file of any length is read
one document at a time and memory stays flat. A bad input never stops the run: it becomes an
InputFailure naming the file (and line) and the reason, and reading goes on.
"""

from __future__ import annotations

import gzip
import itertools
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from lxml.etree import LxmlError

from claimledger.errors import InputError
from claimledger.ingest.feeds import read_feed
from claimledger.ingest.html import read_html
from claimledger.ingest.jsonl import looks_like_jsonl_line, read_jsonl_lines
from claimledger.ingest.normalize import normalize_document
from claimledger.ingest.options import IngestOptions, extension_of, wanted_extensions
from claimledger.ingest.text import SNIFF_BYTES, document_from_text, read_text_bytes
from claimledger.ingest.warc import GZIP_MAGIC, read_warc
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)

STDIN_ORIGIN = "<stdin>"
Item = Document | InputFailure

_KIND_BY_EXTENSION = {
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc.gz": "warc",
    ".arc.gz": "warc",
    ".warc": "warc",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".txt": "text",
    ".text": "text",
}
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def read_inputs(
    paths: Iterable[str | Path],
    *,
    options: IngestOptions = IngestOptions(),
    stdin: TextIO | None = None,
) -> Iterator[Item]:
    """Documents and failures from each path in turn; ``-`` reads standard input."""
    for path in paths:
        if str(path) == "-":
            yield from read_stdin(stdin if stdin is not None else sys.stdin, options=options)
        else:
            yield from read_path(Path(path), options=options)


def read_path(path: Path, *, options: IngestOptions) -> Iterator[Item]:
    """Documents and failures from one file, or from every supported file under a directory."""
    if not path.exists():
        yield InputFailure(str(path), "no such file or directory")
        return
    if not path.is_dir():
        yield from _read_file(path, options=options)
        return
    for found in iter_files(path, options=options):
        if isinstance(found, InputFailure):
            yield found
        else:
            yield from _read_file(found, options=options)


def count_inputs(paths: Iterable[str | Path], *, options: IngestOptions = IngestOptions()) -> int:
    """How many files (or streams) ``read_inputs`` will open: a cheap size for a progress bar."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if str(raw) != "-" and path.is_dir():
            total += sum(
                1 for found in iter_files(path, options=options) if isinstance(found, Path)
            )
        else:
            total += 1
    return total


def iter_files(root: Path, *, options: IngestOptions) -> Iterator[Path | InputFailure]:
    """Supported files under ``root``, depth first in name order; hidden entries are skipped.

    Symbolic links to directories are not followed, so a link loop cannot trap the walk.
    """
    wanted = wanted_extensions(options)
    try:
        with os.scandir(root) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except PermissionError:
        yield InputFailure(str(root), "permission denied: cannot list the directory")
        return
    except OSError as err:
        yield InputFailure(str(root), f"cannot list the directory: {err.strerror}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from iter_files(Path(entry.path), options=options)
        elif entry.is_file() and extension_of(entry.name) in wanted:
            yield Path(entry.path)


def _read_file(path: Path, *, options: IngestOptions) -> Iterator[Item]:
    """One file's items, normalised; any error reading it becomes an InputFailure."""
    origin = str(path)
    try:
        for item in _raw_items(path, origin=origin):
            yield normalize_document(item, options=options) if isinstance(item, Document) else item
    except InputError as err:
        yield InputFailure(err.origin, err.reason, err.line)
    except PermissionError:
        yield InputFailure(origin, "permission denied: cannot read the file")
    except OSError as err:
        yield InputFailure(origin, f"cannot read the file: {err.strerror or err}")
    except (LxmlError, ValueError) as err:
        # Parsers can still choke on pathological markup; the file is reported, the run goes on.
        yield InputFailure(origin, f"cannot parse the file: {err}")


def _head(path: Path) -> tuple[bytes, bool]:
    """The first bytes of the file's content (decompressed when gzip), and whether it is gzip."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    if not head.startswith(GZIP_MAGIC):
        return head, False
    try:
        with gzip.open(path, "rb") as unzipped:
            return unzipped.read(SNIFF_BYTES), True
    except (EOFError, gzip.BadGzipFile, zlib.error):
        # Too damaged to peek into; the reader of its kind reports the damage.
        return b"", True


def sniff_kind(head: bytes) -> str:
    """What a file of unknown extension holds, judged from its first bytes."""
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        return "feed" if any(root in stripped for root in _FEED_ROOTS) else "html"
    return "text"


def _kind_of(path: Path, head: bytes) -> str:
    extension = extension_of(path.name)
    return _KIND_BY_EXTENSION[extension] if extension else sniff_kind(head)


def _raw_items(path: Path, *, origin: str) -> Iterator[Item]:
    """Un-normalised items of one file, by its kind (raises InputError / OSError)."""
    if path.stat().st_size == 0:
        raise InputError(origin, "empty file: nothing to read")
    head, compressed = _head(path)
    kind = _kind_of(path, head)
    if compressed and kind not in {"warc", "jsonl", "json"}:
        raise InputError(origin, f"gzip-compressed {kind} is not supported; decompress it first")
    if kind == "warc":
        yield from read_warc(path, origin=origin)
        return
    if b"\x00" in head:
        raise InputError(origin, "binary file (contains NUL bytes), not text")
    if kind == "json" and not looks_like_jsonl_line(_first_line(head)):
        raise InputError(
            origin,
            "not JSON Lines (one JSON object per line); convert it, e.g. `jq -c '.[]' file.json`",
        )
    if kind in {"jsonl", "json"}:
        yield from _read_jsonl_file(path, origin=origin, compressed=compressed)
    elif kind == "html":
        yield read_html(path.read_bytes(), origin=origin)
    elif kind == "feed":
        yield from read_feed(path.read_bytes(), origin=origin)
    else:
        yield read_text_bytes(path.read_bytes(), origin=origin)


def _first_line(head: bytes) -> str:
    for line in head.splitlines():
        if line.strip():
            return line.decode("utf-8-sig", errors="replace")
    return ""


def _read_jsonl_file(path: Path, *, origin: str, compressed: bool) -> Iterator[Item]:
    """Lines of a (possibly gzip) JSONL file, one at a time; damage ends it with a failure."""
    opener = gzip.open if compressed else open
    try:
        with opener(path, "rb") as stream:
            yield from read_jsonl_lines(stream, origin=origin)
    except EOFError:
        yield InputFailure(origin, "truncated gzip: the file ends before its compressed stream")
    except (gzip.BadGzipFile, zlib.error) as err:
        yield InputFailure(origin, f"corrupt gzip data: {err}")


def read_stdin(stream: TextIO, *, options: IngestOptions) -> Iterator[Item]:
    """Standard input as JSONL (when its first line is a JSON object), HTML, a feed or text.

    Only the first non-blank line is inspected, so a JSONL stream is read line by line.
    """
    try:
        for item in _raw_stdin_items(stream):
            yield normalize_document(item, options=options) if isinstance(item, Document) else item
    except UnicodeDecodeError as err:
        yield InputFailure(STDIN_ORIGIN, f"not valid UTF-8 (byte 0x{err.object[err.start]:02x})")
    except InputError as err:
        yield InputFailure(err.origin, err.reason, err.line)


def _raw_stdin_items(stream: TextIO) -> Iterator[Item]:
    leading: list[str] = []
    for line in stream:
        leading.append(line)
        if line.strip():
            break
    if not leading or not leading[-1].strip():
        raise InputError(STDIN_ORIGIN, "empty input on standard input: nothing to read")
    if looks_like_jsonl_line(leading[-1]):
        yield from read_jsonl_lines(itertools.chain(leading, stream), origin=STDIN_ORIGIN)
        return
    text = "".join(leading) + stream.read()
    if "\x00" in text:
        raise InputError(STDIN_ORIGIN, "binary input (contains NUL bytes), not text")
    kind = sniff_kind(text[:SNIFF_BYTES].encode("utf-8"))
    if kind == "feed":
        yield from read_feed(text.encode("utf-8"), origin=STDIN_ORIGIN)
    elif kind == "html":
        yield read_html(text, origin=STDIN_ORIGIN)
    else:
        yield document_from_text(text, origin=STDIN_ORIGIN)
