"""Plain text: decoding bytes safely, telling text from binary, and finding a heading."""

from __future__ import annotations

import codecs
import logging
import unicodedata
from collections.abc import Iterator

from claimledger.errors import InputError
from claimledger.ingest.charsets import MAX_CHAOS, detect, mostly_utf8
from claimledger.ingest.limits import document_problem
from claimledger.ingest.split import split_documents
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)

# A file whose head has a NUL byte is binary (text encodings other than UTF-16/32 never do).
SNIFF_BYTES = 8192
# Above this share of undecodable bytes or control characters a file is "mostly not text".
MAX_BAD_SHARE = 0.01
# A heading is short and does not read like a sentence.
MAX_TITLE_CHARS = 150
MAX_TITLE_WORDS = 20

_ALLOWED_CONTROLS = frozenset("\n\r\t\f\v")


def decode_text(data: bytes, *, origin: str) -> str:
    """Decode ``data`` as UTF-8 text, or raise ``InputError`` saying why it is not text.

    A few undecodable bytes in an otherwise UTF-8 file are replaced (and logged); a file in
    another encoding (a text file cannot declare one) is read in the encoding
    charset-normalizer finds, when it finds a plausible one (logged); a file with NUL bytes,
    many control characters, or bytes no encoding reads plausibly, is refused.
    """
    if not data.strip():
        raise InputError(origin, "empty file: nothing to read")
    wide = wide_encoding(data)
    if wide is not None:
        return _decode_wide(data, wide, origin=origin)
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(origin, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        text = _repair_utf8(data, err, origin=origin)
    if _control_share(text) > MAX_BAD_SHARE:
        raise InputError(origin, "binary file (mostly control characters), not text")
    return text


# Byte-order marks of the encodings whose text holds NUL bytes; UTF-32 first, as its
# little-endian mark begins with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def wide_encoding(data: bytes) -> str | None:
    """ "utf-16" or "utf-32" when ``data`` starts with that encoding's byte-order mark."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _decode_wide(data: bytes, encoding: str, *, origin: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            origin,
            f"not valid {encoding.upper()} (at byte {err.start}) despite its byte-order mark",
        ) from None
    if _control_share(text) > MAX_BAD_SHARE:
        raise InputError(origin, "binary file (mostly control characters), not text")
    return text


def _repair_utf8(data: bytes, err: UnicodeDecodeError, *, origin: str) -> str:
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(1, len(data) * MAX_BAD_SHARE) or mostly_utf8(data):
        logger.warning("%s: replaced %d byte(s) that are not valid UTF-8", origin, bad)
        return text
    guess = detect(data)
    if guess is not None and guess[1] <= MAX_CHAOS:
        logger.warning("%s: not UTF-8; read as %s (detected)", origin, guess[0])
        return data.decode(guess[0], errors="replace")
    raise InputError(
        origin,
        f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start} and "
        f"{bad - 1} more cannot be decoded), and no other encoding reads it as plausible "
        "text; save the file as UTF-8, e.g. `iconv -f windows-1251 -t utf-8`",
    )


def _control_share(text: str) -> float:
    head = text[:SNIFF_BYTES]
    controls = sum(
        1 for ch in head if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return controls / max(1, len(head))


def heading_of(text: str) -> str | None:
    """The first line if it looks like a heading (short, not a sentence, more text follows)."""
    lines = text.strip().splitlines()
    if len(lines) < 2:
        return None
    first = lines[0].strip()
    if not first or len(first) > MAX_TITLE_CHARS or len(first.split()) > MAX_TITLE_WORDS:
        return None
    # Headlines may ask or exclaim, but a trailing period or comma marks a sentence.
    if first[-1] in ".,;:":
        return None
    return first


def document_from_text(text: str, *, origin: str) -> Document:
    """One plain-text document; its title is the first line when that looks like a heading."""
    if not text.strip():
        raise InputError(origin, "empty file: nothing to read")
    return Document(text=text.strip(), title=heading_of(text), origin=origin)


def read_text_bytes(data: bytes, *, origin: str, max_chars: int | None = None) -> Document:
    """Decode a plain-text file and make it one document (raises ``InputError``).

    A text longer than ``max_chars`` is refused with a hint that ``--split`` reads a text of
    several articles one article at a time.
    """
    doc = document_from_text(decode_text(data, origin=origin), origin=origin)
    if max_chars is not None and len(doc.text) > max_chars:
        raise InputError(
            origin,
            f"{document_problem(doc, max_document_chars=max_chars)}; if it holds several "
            "articles glued together, `ingest --split` cuts it into articles and holds each "
            "to the limit",
        )
    return doc


def read_split_text(
    data: bytes, *, origin: str, max_chars: int
) -> Iterator[Document | InputFailure]:
    """A plain-text file of several glued articles, one document per article found (see
    :mod:`claimledger.ingest.split`); an article still longer than ``max_chars`` (no boundary
    was found inside it) is refused with its lines and the rest read."""
    text = decode_text(data, origin=origin)
    parts = split_documents(text, origin=origin)
    if not parts:
        raise InputError(origin, "empty file: nothing to read")
    for part in parts:
        if len(part.text) > max_chars:
            yield InputFailure(
                part.origin or origin,
                f"this article is {len(part.text):,} characters, more than the limit of "
                f"{max_chars:,}, and --split found no boundary inside it (raise "
                "CLAIMLEDGER_MAX_DOCUMENT_CHARS to read it whole)",
            )
        else:
            yield part
