"""Entry points: read files, directories and standard input into Documents or InputFailures.

Every reader is a generator, so a directory of any size or a JSONL file of any length is read
one document at a time and memory stays flat. A bad input never stops the run: it becomes an
InputFailure naming the file (and line or record) and the reason, and reading goes on. What one
input may cost is bounded by the ``max_*`` limits of ``IngestOptions`` (see ``limits``).
"""

from __future__ import annotations

import errno
import io
import logging
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TextIO

from lxml.etree import LxmlError

from claimledger.errors import InputError
from claimledger.ingest.feeds import read_feed
from claimledger.ingest.gunzip import open_gunzip
from claimledger.ingest.html import read_html
from claimledger.ingest.jsonl import looks_like_jsonl_line, read_jsonl_lines
from claimledger.ingest.limits import (
    Overlong,
    bounded_lines,
    check_document,
    check_repaired,
    read_bounded,
)
from claimledger.ingest.normalize import normalize_document
from claimledger.ingest.options import (
    SUPPORTED_EXTENSIONS,
    IngestOptions,
    extension_of,
    wanted_extensions,
)
from claimledger.ingest.text import SNIFF_BYTES, read_split_text, read_text_bytes, wide_encoding
from claimledger.ingest.warc import ARCHIVE_STARTS, GZIP_MAGIC, gzip_damage, read_warc
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)

STDIN_ORIGIN = "<stdin>"
# Prefix of the reason given when a reader fails in a way nobody foresaw: a bug to report.
READER_BUG = "reader error (a bug in claimledger, please report it)"
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
    ".arc": "warc",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".txt": "text",
    ".text": "text",
}
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
# Compressed bytes read to sniff a gzip file's kind: enough for 8 KB of any text.
_GZIP_PEEK = 1 << 16


def read_inputs(
    paths: Iterable[str | Path],
    *,
    options: IngestOptions = IngestOptions(),
    stdin: TextIO | None = None,
) -> Iterator[Item]:
    """Documents and failures from each path in turn; ``-`` reads standard input."""
    for path in paths:
        if str(path) == "-":
            yield from read_stdin(stdin or sys.stdin, options=options)
        else:
            yield from read_path(Path(path), options=options)


def read_path(path: Path, *, options: IngestOptions) -> Iterator[Item]:
    """Documents and failures from one file, or from every file under a directory."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        yield InputFailure(str(path), _missing_reason(path, err))
        return
    if not stat.S_ISDIR(mode):
        yield from _read_file(path, options=options)
        return
    for found in iter_files(path, options=options):
        if isinstance(found, InputFailure):
            yield found
        else:
            yield from _read_file(found, options=options)


def _missing_reason(path: Path, err: OSError) -> str:
    """Why ``path`` cannot be opened at all, in words (a loop, a dangling link, no such file)."""
    if err.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file"
    if err.errno == errno.ENOENT:
        return "broken symbolic link" if path.is_symlink() else "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied: cannot reach the file"
    return f"cannot open: {err.strerror or err}"


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
    """Files under ``root`` to read, depth first in name order; hidden entries are skipped.

    Every other entry has an outcome: a file of a known kind or without an extension (its
    content is sniffed) is read; a file of another kind, a link to a directory (not followed,
    so a loop cannot trap the walk), a broken link or a device is reported with the reason.
    With ``options.extensions`` only files of those kinds are read, the rest skipped quietly.
    The walk keeps its own stack, so no depth of folders exhausts Python's recursion.
    """
    wanted = wanted_extensions(options)
    listed = _list(root)
    if isinstance(listed, InputFailure):
        yield listed
        return
    stack: list[Iterator[os.DirEntry[str]]] = [iter(listed)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        if _is_dir(entry):
            listed = _list(Path(entry.path))
            if isinstance(listed, InputFailure):
                yield listed
            else:
                stack.append(iter(listed))
            continue
        found = _walked_entry(entry, wanted, filtered=options.extensions is not None)
        if found is not None:
            yield found


def _list(folder: Path) -> list[os.DirEntry[str]] | InputFailure:
    try:
        with os.scandir(folder) as scan:
            return sorted(scan, key=lambda entry: entry.name)
    except PermissionError:
        return InputFailure(str(folder), "permission denied: cannot list the directory")
    except OSError as err:
        return InputFailure(str(folder), f"cannot list the directory: {err.strerror or err}")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _walked_entry(
    entry: os.DirEntry[str], wanted: frozenset[str], *, filtered: bool
) -> Path | InputFailure | None:
    """What the walk does with one non-directory entry: read it, report it, or skip it."""
    path = Path(entry.path)
    extension = extension_of(entry.name)
    if filtered and extension not in wanted:
        return None
    try:
        mode = os.stat(entry.path).st_mode
    except OSError as err:
        return InputFailure(str(path), _missing_reason(path, err))
    if stat.S_ISDIR(mode):
        return InputFailure(
            str(path), "not followed: a symbolic link to a directory (name the target to read it)"
        )
    if not stat.S_ISREG(mode):
        return InputFailure(str(path), "not a regular file (a device, pipe or socket)")
    if extension is not None or not path.suffix:
        return path
    return InputFailure(
        str(path),
        f"not read: {path.suffix!r} is not a kind claimledger reads "
        f"(it reads {' '.join(SUPPORTED_EXTENSIONS)} and files without an extension; "
        "name the file to have its content sniffed)",
    )


def _read_file(path: Path, *, options: IngestOptions) -> Iterator[Item]:
    """One file's items, normalised; any error reading it becomes an InputFailure."""
    origin = str(path)
    try:
        for item in _raw_items(path, origin=origin, options=options):
            yield _finish(item, options=options)
    except InputError as err:
        yield InputFailure(err.origin, err.reason, err.line)
    except PermissionError:
        yield InputFailure(origin, "permission denied: cannot read the file")
    except OSError as err:
        yield InputFailure(origin, f"cannot read the file: {err.strerror or err}")
    except (LxmlError, ValueError, EOFError, zlib.error) as err:
        # Parsers can still choke on pathological input; the file is reported, the run goes on.
        yield InputFailure(origin, f"cannot parse the file: {err}")
    except Exception as err:
        # The last guard of "one input never stops a run": nothing above foresaw this, so
        # the traceback is kept for a bug report and the run goes on.
        logger.exception("%s: reader failed", origin)
        yield InputFailure(origin, f"{READER_BUG}: {type(err).__name__}: {err}")


def _finish(item: Item, *, options: IngestOptions) -> Item:
    """A reader's raw Document checked against the limits and normalised, or its failure."""
    if isinstance(item, InputFailure):
        return item
    origin = item.origin or "<input>"
    try:
        checked = check_document(item, max_document_chars=options.max_document_chars, origin=origin)
        return check_repaired(normalize_document(checked, options=options), origin=origin)
    except InputError as err:
        return InputFailure(err.origin, err.reason, err.line)


def _head(path: Path) -> tuple[bytes, bool]:
    """The first bytes of the file's content (decompressed when gzip), and whether it is gzip."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
        if not head.startswith(GZIP_MAGIC):
            return head, False
        compressed = head + raw.read(_GZIP_PEEK - len(head))
    # A decompressor fed a prefix gives what it can without complaint about the rest, so a
    # truncated file still shows its kind; the reader of that kind reports the damage.
    try:
        return zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(
            compressed, SNIFF_BYTES
        ), True
    except zlib.error:
        return b"", True


def sniff_kind(head: bytes) -> str:
    """What a file of unknown extension holds, judged from its first bytes."""
    if head.startswith(ARCHIVE_STARTS):
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


def _raw_items(path: Path, *, origin: str, options: IngestOptions) -> Iterator[Item]:
    """Un-normalised items of one file, by its kind (raises InputError / OSError)."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            origin, "not a regular file (a device, pipe or socket); use '-' for a pipe"
        )
    if info.st_size == 0:
        raise InputError(origin, "empty file: nothing to read")
    head, compressed = _head(path)
    kind = _kind_of(path, head)
    if compressed and kind not in {"warc", "jsonl", "json"}:
        raise InputError(origin, f"gzip-compressed {kind} is not supported; decompress it first")
    if compressed and not head:
        raise InputError(origin, _gzip_head_damage(path))
    if kind == "warc":
        yield from read_warc(path, origin=origin, head=head, options=options)
        return
    wide = wide_encoding(head)
    if wide is not None and kind in {"jsonl", "json"}:
        raise InputError(
            origin,
            f"JSON Lines must be UTF-8, this file is {wide.upper()}; convert it, e.g. "
            f"`iconv -f {wide} -t utf-8`",
        )
    lines_of_json = kind in {"jsonl", "json"} and _starts_like_jsonl(head)
    # A NUL on a later JSONL line spoils that line only (the line is reported); UTF-16 and
    # UTF-32 text (with its byte-order mark) is made of NULs and read as such.
    if b"\x00" in head and not lines_of_json and wide is None:
        raise InputError(origin, "binary file (contains NUL bytes), not text")
    if kind == "json" and not lines_of_json:
        raise InputError(
            origin,
            "not JSON Lines (one JSON object per line); convert it, e.g. `jq -c '.[]' file.json`",
        )
    if kind in {"jsonl", "json"}:
        yield from _read_jsonl_file(path, origin=origin, compressed=compressed, options=options)
        return
    if info.st_size > options.max_input_bytes:
        raise InputError(
            origin, f"the file ({info.st_size:,} bytes) is too large: " + _limit(options)
        )
    with path.open("rb") as stream:
        data = read_bounded(stream, options.max_input_bytes, origin=origin)
    yield from _whole_items(data, kind=kind, origin=origin, options=options)


def _limit(options: IngestOptions) -> str:
    return (
        f"the limit is {options.max_input_bytes:,} bytes "
        "(raise CLAIMLEDGER_MAX_INPUT_BYTES to read it)"
    )


def _gzip_head_damage(path: Path) -> str:
    """Why a gzip file could not be opened at all (its first block is already damaged)."""
    return gzip_damage(path) or "corrupt gzip data: nothing can be decompressed"


def _whole_items(data: bytes, *, kind: str, origin: str, options: IngestOptions) -> Iterator[Item]:
    """The items of a file (or stream) read whole: an HTML page, a feed, or plain text."""
    if kind == "html":
        yield read_html(data, origin=origin, max_elements=options.max_html_elements)
    elif kind == "feed":
        yield from read_feed(data, origin=origin)
    elif options.split:
        yield from read_split_text(data, origin=origin, max_chars=options.max_document_chars)
    else:
        yield read_text_bytes(data, origin=origin, max_chars=options.max_document_chars)


def _starts_like_jsonl(head: bytes) -> bool:
    """Whether the file's first non-blank line is a JSON object.

    A first line longer than the head (an article of 10 KB is) is judged by its start.
    """
    for line in head.splitlines(keepends=True):
        if not line.strip():
            continue
        text = line.decode("utf-8-sig", errors="replace")
        if line.endswith((b"\n", b"\r")):
            return looks_like_jsonl_line(text)
        return text.lstrip().startswith("{") and b"\x00" not in line
    return False


def _read_jsonl_file(
    path: Path, *, origin: str, compressed: bool, options: IngestOptions
) -> Iterator[Item]:
    """Lines of a (possibly gzip) JSONL file, one at a time; damage ends it with a failure."""
    with path.open("rb") as raw:
        stream = open_gunzip(raw) if compressed else raw
        found = 0
        try:
            lines = bounded_lines(stream, options.max_input_bytes)
            for item in read_jsonl_lines(lines, origin=origin, options=options):
                found += 1
                yield item
        except zlib.error as err:
            yield InputFailure(origin, f"corrupt gzip data: {err}")
            return
        if isinstance(stream, io.BufferedReader) and getattr(stream.raw, "truncated", False):
            yield InputFailure(origin, "truncated gzip: the file ends before its compressed stream")
        elif not found:
            yield InputFailure(origin, "empty file: only blank lines, no JSON records")


class _EncodedText:
    """A text stream read as UTF-8 bytes (for standard input replaced by a text stream).

    Lines come from iterating the stream, the one reading every text stream supports; the
    size bound holds for real standard input, which is read through its binary buffer.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lines = iter(stream)

    def _encode(self, text: str) -> bytes:
        # A lone surrogate (from surrogateescape) becomes bytes that fail UTF-8 decoding
        # later, where the failure names the line.
        return text.encode("utf-8", errors="surrogatepass")

    def readline(self, size: int = -1) -> bytes:
        return self._encode(next(self._lines, ""))

    def read(self, size: int = -1) -> bytes:
        return self._encode(self._stream.read(size))


def _binary_stdin(stream: TextIO) -> IO[bytes] | _EncodedText:
    """Standard input's bytes: each line is decoded on its own, so one bad line costs one."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and hasattr(buffer, "readline"):
        return buffer
    return _EncodedText(stream)


def read_stdin(stream: TextIO | None, *, options: IngestOptions) -> Iterator[Item]:
    """Standard input as JSONL (when its first line is a JSON object), HTML, a feed or text.

    Only the first non-blank line is inspected, so a JSONL stream is read line by line.
    """
    if stream is None:  # sys.stdin is None when the process was started without one
        yield InputFailure(STDIN_ORIGIN, "standard input is closed: nothing to read")
        return
    try:
        for item in _raw_stdin_items(_binary_stdin(stream), options=options):
            yield _finish(item, options=options)
    except InputError as err:
        yield InputFailure(err.origin, err.reason, err.line)
    except OSError as err:
        yield InputFailure(STDIN_ORIGIN, f"cannot read standard input: {err.strerror or err}")
    except (LxmlError, ValueError) as err:
        yield InputFailure(STDIN_ORIGIN, f"cannot parse standard input: {err}")
    except Exception as err:  # as in _read_file: report it, keep the traceback
        logger.exception("%s: reader failed", STDIN_ORIGIN)
        yield InputFailure(STDIN_ORIGIN, f"{READER_BUG}: {type(err).__name__}: {err}")


def _raw_stdin_items(stream: IO[bytes] | _EncodedText, *, options: IngestOptions) -> Iterator[Item]:
    limit = options.max_input_bytes
    lines = bounded_lines(stream, limit)
    leading: list[bytes] = []
    for line in lines:
        if not isinstance(line, bytes):
            raise InputError(STDIN_ORIGIN, f"the first line is too large: {_limit(options)}")
        leading.append(line)
        if line.strip():
            break
    if not leading or not leading[-1].strip():
        raise InputError(STDIN_ORIGIN, "empty input on standard input: nothing to read")
    first = leading[-1].decode("utf-8-sig", errors="replace")
    if looks_like_jsonl_line(first):
        yield from read_jsonl_lines(_chain(leading, lines), origin=STDIN_ORIGIN, options=options)
        return
    taken = sum(map(len, leading))
    data = b"".join(leading) + read_bounded(
        stream,
        max(0, limit - taken),
        origin=STDIN_ORIGIN,
        what="standard input",
    )
    kind = sniff_kind(data[:SNIFF_BYTES])
    if kind == "warc":
        raise InputError(
            STDIN_ORIGIN, "a web archive cannot be read from standard input; name the file"
        )
    if kind == "jsonl":
        kind = "text"  # the first line starts with "{" but is not a JSON object
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(STDIN_ORIGIN, "binary input (contains NUL bytes), not text")
    yield from _whole_items(data, kind=kind, origin=STDIN_ORIGIN, options=options)


def _chain(leading: list[bytes], rest: Iterator[bytes | Overlong]) -> Iterator[bytes | Overlong]:
    yield from leading
    yield from rest
