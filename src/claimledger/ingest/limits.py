"""Bounds on what one input may cost, and checks that a Document can be stored as it is.

Every reader reads through these helpers, so a hostile input (a gzip bomb, a 50 MB line, JSON
nested a million deep, an id holding a lone surrogate) becomes one InputFailure with a reason
naming the limit, instead of taking the run's memory or time or failing at the database write.
The limits themselves are settings (:mod:`claimledger.settings`), carried by ``IngestOptions``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import AnyStr, Protocol, TypeVar

from claimledger.errors import InputError
from claimledger.types import Document

# Columns the store keeps bounded (store/models.py): document ids are String(200), languages
# String(16), source names String(300); PostgreSQL refuses longer values. A URL is indexed, and a
# btree entry holds at most about 2,700 bytes; 2,000 is the de facto limit browsers keep.
MAX_ID_CHARS = 200
MAX_LANGUAGE_CHARS = 16
MAX_SOURCE_CHARS = 300
MAX_URL_BYTES = 2000
# Reading the rest of an overlong line in pieces of this size keeps memory bounded.
_CHUNK = 1 << 20

AnyStr_co = TypeVar("AnyStr_co", str, bytes, covariant=True)

# Lone surrogates cannot be encoded as UTF-8, NUL cannot be stored by PostgreSQL, and other C0
# controls in an identifier are damage, not data.
_NOT_STORABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
# A JSON string literal (the unrolled form is linear and fast in Python's re).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKETS = re.compile(r"[\[\]{}]")


@dataclass(frozen=True, slots=True)
class Overlong:
    """Stands for a line longer than the limit, which was read past but not kept."""

    size: int


def too_large(what: str, limit: int) -> str:
    """The reason for refusing an item over ``max_input_bytes``."""
    return (
        f"{what} is larger than the limit of {limit:,} bytes "
        "(raise CLAIMLEDGER_MAX_INPUT_BYTES to read it)"
    )


def read_bounded(stream: ByteReader, limit: int, *, origin: str, what: str = "the file") -> bytes:
    """All of ``stream``, or ``InputError`` when it holds more than ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(origin, too_large(what, limit))
    return data


class LineReader(Protocol[AnyStr_co]):
    """A stream with ``readline(size)``: a binary or text file, gzip, standard input."""

    def readline(self, size: int = -1, /) -> AnyStr_co: ...


class ByteReader(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def bounded_lines(stream: LineReader[AnyStr], limit: int) -> Iterator[AnyStr | Overlong]:
    """The lines of ``stream``; a line longer than ``limit`` is skipped and stands as Overlong."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line[-1:] in ("\n", b"\n"):
            yield line
            continue
        size = len(line)
        while True:
            rest = stream.readline(_CHUNK)
            size += len(rest)
            if not rest or rest[-1:] in ("\n", b"\n"):
                break
        yield Overlong(size)


def json_too_deep(line: str, limit: int) -> bool:
    """Whether the JSON text ``line`` nests arrays and objects deeper than ``limit``.

    Checked before decoding, because the decoder recurses once per level. Brackets inside
    strings do not count; most lines have too few brackets to need the exact count at all.
    """
    if line.count("[") + line.count("{") <= limit:
        return False
    depth = 0
    for match in _JSON_BRACKETS.finditer(_JSON_STRING.sub('""', line)):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def _identifier_problem(name: str, value: str | None, max_chars: int) -> str | None:
    if value is None:
        return None
    bad = _NOT_STORABLE.search(value)
    if bad is not None:
        kind = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
        return f"{name!r} holds {kind} ({bad.group()!r}), not valid text: {value!r:.80}"
    if len(value) > max_chars:
        return f"{name!r} is {len(value):,} characters long; at most {max_chars:,} are accepted"
    return None


def document_problem(doc: Document, *, max_document_chars: int) -> str | None:
    """Why ``doc`` cannot be ingested as it is, or ``None``.

    Text, title, author and source are repaired by normalisation (lone surrogates and NUL
    become U+FFFD or go); the id, the URL and the language identify the document, so damage
    there refuses it rather than silently changing what it is.
    """
    if len(doc.text) > max_document_chars:
        return (
            f"document text is {len(doc.text):,} characters, more than the limit of "
            f"{max_document_chars:,} (raise CLAIMLEDGER_MAX_DOCUMENT_CHARS to read it)"
        )
    for problem in (
        _identifier_problem("id", doc.id, MAX_ID_CHARS),
        _identifier_problem("language", doc.language, MAX_LANGUAGE_CHARS),
        _identifier_problem("url", doc.url, MAX_URL_BYTES),
    ):
        if problem is not None:
            return problem
    if doc.url is not None and len(doc.url.encode("utf-8")) > MAX_URL_BYTES:
        return f"'url' is longer than {MAX_URL_BYTES:,} bytes in UTF-8: {doc.url!r:.80}"
    return None


EMPTIED = "text is empty once control characters are removed"


def check_repaired(doc: Document, *, origin: str, line: int | None = None) -> Document:
    """``doc`` after normalisation, or ``InputError`` if repair left no text to read."""
    if not doc.text.strip():
        raise InputError(origin, EMPTIED, line)
    return doc


def check_document(
    doc: Document, *, max_document_chars: int, origin: str, line: int | None = None
) -> Document:
    """``doc`` with its source name cut to what the store keeps; ``InputError`` if refused."""
    problem = document_problem(doc, max_document_chars=max_document_chars)
    if problem is not None:
        raise InputError(origin, problem, line)
    if doc.source is not None and len(doc.source) > MAX_SOURCE_CHARS:
        # A source is a label (a feed's or site's name); a cut label still names it.
        return dataclasses.replace(doc, source=doc.source[:MAX_SOURCE_CHARS])
    return doc
