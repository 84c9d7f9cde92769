"""The encoding of bytes that may not say it: feeds, HTML pages, plain text.

The order is a browser's (WHATWG's encoding sniffing), with detection where a browser would
fall back to its locale's default:

1. a byte-order mark;
2. UTF-8, valid or nearly so (a stray bad byte): text in a legacy encoding is almost never
   UTF-8 by chance, while a page in UTF-8 that declares windows-1252 is common;
3. the encoding the transport declares (a WARC record's HTTP ``Content-Type``), then the one
   the document declares (an XML declaration, a ``<meta charset>``), when the bytes decode in
   it;
4. charset-normalizer's best guess (a maintained detector; requests depends on it too). Of
   guesses it rates alike, windows-1252, the web's default for undeclared Latin text: a
   French "à" in Latin-1 is the Romanian "ŕ" of windows-1250, byte for byte, and the
   detector's tie went to windows-1250.

Without step 4, feedparser read an undeclared windows-1251 (Russian) or cp1256 (Arabic) feed
as windows-1252 mojibake, and a plain-text file in either was refused.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from typing import Literal

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

# Where a declaration may stand: HTML5 prescans the first 1,024 bytes; XML puts it first.
DECLARATION_BYTES = 4096
# Bytes the detector reads: enough text to tell languages apart, at a bounded cost.
DETECTION_BYTES = 64 * 1024
# Above this share of "chaos" (charset-normalizer's measure of implausible text) a guess is
# no better than the bytes replaced.
MAX_CHAOS = 0.2
# Guesses as good as the best within this margin count as tied.
TIE = 0.001
# Of tied guesses, the one the web assumes for undeclared Latin text (WHATWG's default).
PREFERRED = ("windows-1252",)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)

How = Literal["bom", "utf-8", "declared", "detected", "replaced"]


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and how it was chosen."""

    text: str
    encoding: str
    how: How


def codec_name(label: str) -> str | None:
    """Python's name for an encoding label ("Windows-1251" -> "cp1251"), or None if unknown."""
    try:
        return codecs.lookup(label.strip()).name
    except (LookupError, ValueError):
        return None


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    found = _HEADER_CHARSET.search(content_type or "")
    return found.group(1) if found else None


def declared_in(data: bytes) -> str | None:
    """The encoding the document itself declares: its XML declaration, else a ``<meta>``."""
    head = data[:DECLARATION_BYTES]
    found = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with some broken sequences rather than another encoding: it
    holds more valid multi-byte characters than broken bytes (in text of a legacy encoding,
    a valid UTF-8 sequence is a rare accident and nearly every non-ASCII byte is broken)."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - broken > broken


def _decodes(data: bytes, label: str | None) -> str | None:
    """``data`` decoded as ``label`` when that is a known encoding that decodes it all."""
    name = codec_name(label) if label else None
    if name is None:
        return None
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def detect(data: bytes) -> tuple[str, float] | None:
    """charset-normalizer's guess for ``data`` (Python's codec name) and its chaos (0 is
    plausible text, 1 none), or None when it finds no encoding that decodes it plausibly."""
    sample = data if len(data) <= DETECTION_BYTES else data[:DETECTION_BYTES]
    matches = list(from_bytes(sample))
    if not matches:
        return None
    best = matches[0]
    tied = [
        m for m in matches if m.chaos <= best.chaos + TIE and m.coherence >= best.coherence - TIE
    ]
    names = [codec_name(m.encoding) or m.encoding for m in tied]
    for preferred in PREFERRED:
        wanted = codec_name(preferred)
        if wanted in names:
            return wanted or preferred, best.chaos
    return names[0], best.chaos


def decode_markup(data: bytes, *, declared: str | None = None) -> Decoded:
    """An HTML page's (or any markup's) text: BOM, UTF-8, ``declared`` (the transport's
    encoding), the document's own declaration, a detected encoding; else UTF-8 with the
    undecodable bytes replaced, as browsers do."""
    bom = bom_encoding(data)
    if bom is not None:
        text = _decodes(data, bom)
        if text is not None:
            return Decoded(text, bom, "bom")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    if mostly_utf8(data):
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", "replaced")
    for label in (declared, declared_in(data)):
        text = _decodes(data, label)
        if text is not None and label is not None:
            return Decoded(text, codec_name(label) or label, "declared")
    guess = detect(data)
    if guess is not None and guess[1] <= MAX_CHAOS:
        text = _decodes(data, guess[0])
        if text is not None:
            return Decoded(text, guess[0], "detected")
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", "replaced")


def feed_encoding(data: bytes) -> str | None:
    """The encoding to impose on feedparser for a feed that does not say its own right, or
    None to let feedparser decide (a BOM, valid UTF-8, or a declaration that decodes it).

    Left to itself, feedparser reads an undeclared feed that is not UTF-8 as windows-1252.
    """
    if bom_encoding(data) is not None:
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    if mostly_utf8(data) or _decodes(data, declared_in(data)) is not None:
        return None
    guess = detect(data)
    if guess is None or guess[1] > MAX_CHAOS:
        return None
    return guess[0]
