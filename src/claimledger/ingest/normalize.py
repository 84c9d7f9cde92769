"""Normalisation applied to every document: Unicode repair, NFC, language detection."""

from __future__ import annotations

import dataclasses
import logging
import unicodedata
from functools import lru_cache

import ftfy
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from claimledger.errors import SettingsError
from claimledger.ingest.options import IngestOptions
from claimledger.types import Document

logger = logging.getLogger(__name__)

# Language is clear long before this many characters; detecting on the head keeps it cheap.
DETECTION_CHARS = 3000

# Straight quotes would lose what the writer typed; claim quotes are cut from this text.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC")


def fix_text(text: str) -> str:
    """Repair mojibake and broken Unicode with ftfy, then NFC-normalise."""
    return unicodedata.normalize("NFC", ftfy.fix_text(text, config=_FTFY_CONFIG))


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


def normalize_document(doc: Document, *, options: IngestOptions) -> Document:
    """Repair and NFC-normalise the text fields; detect the language unless one is given."""
    text = fix_text(doc.text)
    language = doc.language.strip().lower() if doc.language and doc.language.strip() else None
    if language is None:
        language = detect_language(text, options.languages)
    return dataclasses.replace(
        doc,
        text=text,
        title=_fix_optional(doc.title),
        author=_fix_optional(doc.author),
        source=_fix_optional(doc.source),
        language=language,
    )
