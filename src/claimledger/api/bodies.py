"""Request bodies of the HTTP API, parsed with bounds: a hostile body is refused with a reason.

A POSTed document reaches the same record checks as a line of a JSONL file
(``claimledger.ingest.jsonl.raw_document_from_record``), but JSON from the network is parsed
here first, with three bounds Python's ``json`` does not keep:

- nesting: the decoder recurses once per ``[`` or ``{`` and dies with ``RecursionError``
  somewhere past a thousand levels; a document is flat, so more than the ``max_json_depth``
  setting is refused before the decoder sees it;
- numbers: an integer of thousands of digits costs quadratic time to convert (and past 4,300
  digits raises ``ValueError``); an id needs no more than ``MAX_INT_DIGITS``;
- lone surrogates (``"\\ud800"``): valid JSON, but not characters; no database can store
  them. The free-text fields are repaired by the normaliser (ftfy); the identifying ones (id,
  url, language) would change identity if repaired, so they are refused.

The limits the user set (``IngestOptions.from_settings``, as the CLI reads them) apply here
as to a file: document size, JSON nesting, and ``max_input_bytes`` for a body or a JSONL line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from claimledger.errors import InputError
from claimledger.ingest import IngestOptions
from claimledger.ingest.jsonl import raw_document_from_record
from claimledger.ingest.limits import json_too_deep, too_large
from claimledger.ingest.normalize import normalize_document
from claimledger.types import Document, InputFailure

MAX_INT_DIGITS = 40
IDENTIFYING_FIELDS = ("id", "url", "language")

_SURROGATE = re.compile("[\ud800-\udfff]")


class BodyError(ValueError):
    """A body (or one JSONL line of it) refused, with the reason a client can act on."""


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise BodyError(
            f"a number with {len(digits.lstrip('-'))} digits; numbers may have at most "
            f"{MAX_INT_DIGITS} (send a long id as a string)"
        )
    return int(digits)


def load_json(text: str, *, max_depth: int) -> Any:
    """``json.loads`` with the bounds above; raises ``BodyError`` saying which one failed."""
    if json_too_deep(text, max_depth):
        raise BodyError(
            f"JSON nested more than {max_depth} levels deep; a document is flat "
            "(the server's CLAIMLEDGER_MAX_JSON_DEPTH)"
        )
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise BodyError(f"not JSON: {exc.msg} at {where}") from None
    except RecursionError:  # unreachable past the depth check; kept so it can never be a 500
        raise BodyError(f"JSON nested more than {max_depth} levels deep") from None


def check_identifiers(record: dict[str, Any]) -> None:
    """Refuse lone surrogates in the fields that identify a document (see the module doc)."""
    for key in IDENTIFYING_FIELDS:
        value = record.get(key)
        if isinstance(value, str) and (found := _SURROGATE.search(value)):
            raise BodyError(
                f"{key!r} holds a lone surrogate (U+{ord(found.group()):04X}), which is not a "
                "character; send text as UTF-8 or as complete \\uXXXX surrogate pairs"
            )


def check_size(text: str, *, what: str, options: IngestOptions) -> None:
    """Refuse ``text`` when its UTF-8 form exceeds ``max_input_bytes``, as a reader would."""
    # Four bytes a character at most: most bodies are decided without encoding them.
    if len(text) * 4 > options.max_input_bytes and len(text.encode()) > options.max_input_bytes:
        raise BodyError(too_large(what, options.max_input_bytes))


def document_from_body(
    text: str, *, origin: str, line: int | None, options: IngestOptions
) -> Document:
    """One raw (not yet normalised) document from a JSON object; raises ``BodyError``."""
    record = load_json(text, max_depth=options.max_json_depth)
    if not isinstance(record, dict):
        raise BodyError(
            "send one JSON object, or JSON Lines with 'Content-Type: application/x-ndjson'"
        )
    check_identifiers(record)
    try:
        return raw_document_from_record(record, origin=origin, line=line, options=options)
    except InputError as exc:
        raise BodyError(exc.reason) from None


def documents_from_jsonl(
    text: str, *, origin: str, options: IngestOptions
) -> Iterator[Document | InputFailure]:
    """Normalised documents (and a failure for each refused line) from a JSON Lines body.

    Lines end at ``\\n`` only: U+2028 and other Unicode line breaks are valid inside a JSON
    string and do not end a record (``str.splitlines`` would split there).
    """
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            check_size(raw, what=f"the line ({len(raw):,} characters)", options=options)
            doc = document_from_body(
                raw.lstrip("\ufeff"), origin=origin, line=number, options=options
            )
        except BodyError as exc:
            yield InputFailure(origin, str(exc), number)
            continue
        yield normalize_document(doc, options=options)
