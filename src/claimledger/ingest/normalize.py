"""Normalisation applied to every document: Unicode repair, NFC, language detection, and a
publication date from the URL or the text's dateline when the input gave none."""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES, WIDTH_MAP
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from claimledger.errors import SettingsError
from claimledger.ingest.dates import publication_date
from claimledger.ingest.options import IngestOptions
from claimledger.types import Document

logger = logging.getLogger(__name__)

# Language is clear long before this many characters; detecting on the head keeps it cheap
# (lingua's cost grows with the text). On spaCy's example sentences of nine of the default
# languages (single sentences, runs of three, all together) and on 600-word news articles,
# 1,000 characters gave the same language as 3,000 for every text, at about a third of the
# cost; lingua's low-accuracy mode was no faster at this length and missed short sentences.
DETECTION_CHARS = 1000

# Straight quotes would lose what the writer typed; claim quotes are cut from this text.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC")


def _char_class(codes: Iterable[int]) -> str:
    """A regex character class of code points, as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = (re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return "[" + "".join(parts) + "]"


# Every character some step of ``_FTFY_CONFIG`` other than the mojibake repair may change:
# "&" (HTML entities), ESC (terminal escapes), the line breaks it unifies, C1 controls,
# surrogates, and the keys of ftfy's own tables of ligatures, wide forms and control characters.
_FTFY_TOUCHES = re.compile(
    _char_class(
        [
            *(ord(c) for c in "&\x1b\r\u2028\u2029"),
            *range(0x80, 0xA0),
            *range(0xD800, 0xE000),
            *LIGATURES,
            *WIDTH_MAP,
            *CONTROL_CHARS,
        ]
    )
)


def _ftfy_leaves_alone(text: str) -> bool:
    """Whether ``fix_text`` would return ``text`` unchanged, decided in one pass or two.

    Most news text needs no repair, and ftfy checks it line by line, running every fixer on
    every line. Here: no character any fixer changes, already NFC, and no mojibake by ftfy's
    own test (``is_bad``) on any of the segments ftfy reads (lines, newline kept). The whole
    text at once is not enough: "\nÂ " passes as a whole, while its line "Â " is mojibake.
    """
    return (
        _FTFY_TOUCHES.search(text) is None
        and unicodedata.is_normalized("NFC", text)
        # Mojibake needs non-ASCII characters: an ASCII line is never bad.
        and (
            text.isascii()
            or not any(is_bad(line) for line in _ftfy_segments(text) if not line.isascii())
        )
    )


def _ftfy_segments(text: str) -> list[str]:
    """The pieces ``ftfy.fix_text`` fixes one by one: lines, each with its newline."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def fix_text(text: str) -> str:
    """Repair mojibake and broken Unicode with ftfy, then NFC-normalise."""
    if _ftfy_leaves_alone(text):
        return text
    return unicodedata.normalize("NFC", ftfy.fix_text(text, config=_FTFY_CONFIG))


# Latin letters that look like Cyrillic ones: a Russian word typed with a Latin "C" ("Cына")
# is another word to every dictionary and name key; so is a Ukrainian word typed with a Latin
# "i" for "і" ("Kиїв").
_LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHIiKMOoPpTXxy", "АаВСсЕеНІіКМОоРрТХху")
_MIXED_WORD = re.compile(r"\b(?=\w*[\u0400-\u04ff])(?=\w*[AaBCcEeHIiKMOoPpTXxy])[\w]+\b")
_OTHER_LATIN = re.compile(r"[b-df-gj-np-wzD-GJL-NQ-SU-WYZ]")


def cyrillic_homoglyphs(text: str) -> str:
    """``text`` with each word that mixes Cyrillic letters and Latin look-alikes (and no
    other Latin letter) written in Cyrillic; the same length, so offsets hold."""
    if text.isascii():
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        return word if _OTHER_LATIN.search(word) else word.translate(_LATIN_TO_CYRILLIC)

    return _MIXED_WORD.sub(fix, text)


def _fix_optional(value: str | None) -> str | None:
    if value is None:
        return None
    fixed = fix_text(value).strip()
    return fixed or None


@lru_cache(maxsize=8)
def language_detector(languages: tuple[str, ...]) -> LanguageDetector:
    """A lingua detector limited to ``languages`` (ISO 639-1 codes), built once per set."""
    codes = []
    for code in languages:
        try:
            codes.append(IsoCode639_1.from_str(code.lower()))
        except ValueError:
            raise SettingsError(
                f"language {code!r} is not an ISO 639-1 code lingua knows; "
                "give two-letter codes such as 'en', 'ru', 'ar'"
            ) from None
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect_language(text: str, languages: tuple[str, ...]) -> str | None:
    """The ISO 639-1 code of ``text``'s language among ``languages``, or ``None`` if unclear."""
    if not languages:
        return None
    if len(languages) == 1:
        # lingua needs two or more candidates; with one, there is no question to ask.
        return languages[0].lower()
    language = language_detector(tuple(languages)).detect_language_of(text[:DETECTION_CHARS])
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()


def language_confidences(text: str, languages: tuple[str, ...]) -> list[tuple[str, float]]:
    """Each of ``languages`` with lingua's confidence (0 to 1, summing to 1) that ``text`` is
    in it, the likeliest first; empty when nothing in the text says (no letters)."""
    if len(languages) <= 1:
        return [(code.lower(), 1.0) for code in languages]
    detector = language_detector(tuple(languages))
    values = detector.compute_language_confidence_values(text[:DETECTION_CHARS])
    if not values or values[0].value <= 0.0:
        return []
    return [(v.language.iso_code_639_1.name.lower(), v.value) for v in values]


def normalize_document(doc: Document, *, options: IngestOptions) -> Document:
    """Repair and NFC-normalise the text fields; detect the language unless one is given; date
    an undated document by its URL or dateline (:mod:`claimledger.ingest.dates`), if they tell."""
    text = cyrillic_homoglyphs(fix_text(doc.text))
    language = doc.language.strip().lower() if doc.language and doc.language.strip() else None
    if language is None:
        language = detect_language(text, options.languages)
    published, estimated = doc.published_at, doc.published_at_estimated
    if published is None and (found := publication_date(text, doc.url, language)) is not None:
        published, estimated = found.day, found.estimated
    return dataclasses.replace(
        doc,
        text=text,
        title=_fix_optional(doc.title),
        author=_fix_optional(doc.author),
        source=_fix_optional(doc.source),
        language=language,
        published_at=published,
        published_at_estimated=estimated,
    )
