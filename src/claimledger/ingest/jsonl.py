"""JSON Lines: one document per line; a bad line is reported and the next line is read."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from ftfy.chardata import CONTROL_CHARS

from claimledger.errors import InputError
from claimledger.ingest.limits import (
    Overlong,
    check_document,
    check_repaired,
    json_too_deep,
    too_large,
)
from claimledger.ingest.normalize import normalize_document
from claimledger.ingest.options import IngestOptions
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)

_STRING_FIELDS = ("url", "title", "source", "language", "author")
DEFAULT_OPTIONS = IngestOptions()


def parse_date(value: Any, *, origin: str, line: int | None) -> date | None:
    """An ISO date or datetime string (or null) as a date; anything else is an ``InputError``.

    A datetime keeps the calendar date as written: the publisher's local day is the day the
    article speaks from.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(
        origin,
        f"'published_at' {value!r:.60} is not a date; use an ISO 8601 date such as "
        "'2017-06-16' or datetime such as '2017-06-16T09:30:00Z', or null",
        line,
    )


def _optional_string(
    record: dict[str, Any], key: str, *, origin: str, line: int | None
) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    raise InputError(origin, f"{key!r} must be a string or null, not {value!r:.60}", line)


def _record_id(record: dict[str, Any], *, origin: str, line: int | None) -> str | None:
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value).strip() or None
    raise InputError(origin, f"'id' must be a string or an integer, not {value!r:.60}", line)


def raw_document_from_record(
    record: Any, *, origin: str, line: int | None, options: IngestOptions = DEFAULT_OPTIONS
) -> Document:
    """A Document from one JSON record, before normalisation (raises ``InputError``)."""
    if not isinstance(record, dict):
        raise InputError(
            origin, f"expected a JSON object, found {type(record).__name__}: {record!r:.60}", line
        )
    text = record.get("text")
    # Repair drops control characters (ftfy's table), so a text of them alone is empty.
    if not isinstance(text, str) or not text.translate(CONTROL_CHARS).strip():
        found = "missing" if "text" not in record else f"{text!r:.40}"
        raise InputError(
            origin,
            f"'text' is {found}; each record needs a non-empty 'text' string "
            f"(keys found: {_keys(record)})",
            line,
        )
    fields = {
        key: _optional_string(record, key, origin=origin, line=line) for key in _STRING_FIELDS
    }
    estimated = record.get("published_at_estimated", False)
    doc = Document(
        text=text,
        id=_record_id(record, origin=origin, line=line),
        published_at=parse_date(record.get("published_at"), origin=origin, line=line),
        published_at_estimated=estimated is True,
        origin=origin if line is None else f"{origin}:{line}",
        **fields,
    )
    return check_document(
        doc, max_document_chars=options.max_document_chars, origin=origin, line=line
    )


def _keys(record: dict[str, Any]) -> str:
    shown = ", ".join(key[:40] for key in sorted(record)[:12])
    return shown + (", ..." if len(record) > 12 else "") if record else "none"


def document_from_record(
    record: dict[str, Any], *, origin: str, line: int | None, options: IngestOptions
) -> Document:
    """A normalised Document from one JSON record; raises ``InputError`` saying what is wrong."""
    raw = raw_document_from_record(record, origin=origin, line=line, options=options)
    return check_repaired(normalize_document(raw, options=options), origin=origin, line=line)


def decode_json(raw: str, *, options: IngestOptions) -> Any:
    """One JSON value, or ``ValueError`` whose message says why it is refused.

    Nesting is capped before decoding (the decoder recurses); integers longer than Python
    converts (4,300 digits) and floats that overflow are refused, not turned into infinity.
    """
    if json_too_deep(raw, options.max_json_depth):
        raise ValueError(
            f"JSON nested deeper than {options.max_json_depth} levels "
            "(raise CLAIMLEDGER_MAX_JSON_DEPTH to read it)"
        )
    try:
        return json.loads(raw, parse_float=_finite_float, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise ValueError(f"not valid JSON: {err.msg} at column {err.colno}") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply to decode") from None
    except ValueError as err:
        # int() refuses integers above sys.get_int_max_str_digits(), or a hook refused a value.
        raise ValueError(f"not valid JSON: {err}") from None


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text:.40} is too large for a float")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def parse_line(
    raw: str | bytes | Overlong,
    *,
    origin: str,
    line: int,
    options: IngestOptions = DEFAULT_OPTIONS,
) -> Document | InputFailure | None:
    """One JSONL line as a raw Document, an InputFailure, or ``None`` for a blank line."""
    if isinstance(raw, Overlong):
        reason = too_large(f"the line ({raw.size:,} bytes)", options.max_input_bytes)
        return InputFailure(origin, reason, line)
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig" if line == 1 else "utf-8")
        except UnicodeDecodeError as err:
            reason = f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at column {err.start + 1})"
            return InputFailure(origin, reason, line)
    if not raw.strip():
        return None
    try:
        record = decode_json(raw, options=options)
    except ValueError as err:
        return InputFailure(origin, str(err), line)
    try:
        return raw_document_from_record(record, origin=origin, line=line, options=options)
    except InputError as err:
        return InputFailure(origin, err.reason, line)


def read_jsonl_lines(
    lines: Iterable[str | bytes | Overlong],
    *,
    origin: str,
    options: IngestOptions = DEFAULT_OPTIONS,
) -> Iterator[Document | InputFailure]:
    """Raw documents (and failures) from an iterable of lines, one at a time."""
    for number, raw in enumerate(lines, start=1):
        item = parse_line(raw, origin=origin, line=number, options=options)
        if item is not None:
            yield item


def split_jsonl(text: str) -> list[str]:
    """JSONL text as lines: only LF (and CRLF) end a line.

    ``str.splitlines`` also splits at U+2028, U+0085 and other characters that valid JSON
    may hold raw inside a string.
    """
    return [line.removesuffix("\r") for line in text.split("\n")]


def read_jsonl_text(
    text: str, *, origin: str, options: IngestOptions
) -> Iterator[Document | InputFailure]:
    """Normalised documents (and failures) from JSONL held in a string (e.g. a POSTed batch)."""
    for item in read_jsonl_lines(split_jsonl(text), origin=origin, options=options):
        if isinstance(item, InputFailure):
            yield item
            continue
        try:
            yield check_repaired(
                normalize_document(item, options=options), origin=item.origin or origin
            )
        except InputError as err:
            yield InputFailure(err.origin, err.reason, err.line)


def looks_like_jsonl_line(line: str) -> bool:
    """Whether ``line`` is one JSON object (used to sniff standard input and ``.json`` files)."""
    stripped = line.strip()
    if not stripped.startswith("{"):
        return False
    try:
        return isinstance(decode_json(stripped, options=DEFAULT_OPTIONS), dict)
    except ValueError:
        return False
