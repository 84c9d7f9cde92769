"""Which languages claim extraction reads: the one registry of supported extraction languages.

Extraction rules are written for particular languages (trigger lemmas, hedges, denials,
reporting verbs, date words and the NLP backend that finds sentences, lemmas and names). A
document in any other language is stored like every document but never read with another
language's rules: read with the English rules, the German article "die" becomes the verb.
Ingest, re-extraction (``claimledger extract``), ``check``, the store's statistics and the
interfaces all ask this module, so the gate is decided in one place.

How a language pack joins: once its data files and its NLP backend are in place and the
extractor picks them for documents in that language, add its ISO 639-1 code to
``EXTRACTION_LANGUAGES`` below (and a test with a sentence in it); it is read when
``CLAIMLEDGER_EXTRACT_LANGUAGES`` names it, and by default once it joins
``DEFAULT_LANGUAGES``. Documents stored before the pack joined keep their "not extracted"
mark until ``claimledger extract --all`` reads them.
"""

from __future__ import annotations

import os

from claimledger.errors import SettingsError

# ISO 639-1 codes of the languages the extractor has rules for: English (claimledger.extract's
# dependency rules) and each language with a pack (claimledger/data/lang/<code>.yaml, read by
# claimledger.extract.packs; a test checks the two agree).
EXTRACTION_LANGUAGES: frozenset[str] = frozenset(
    {"en", "ar", "es", "fa", "fr", "it", "ru", "tr", "uk", "ur"}
)
# The languages read unless ``CLAIMLEDGER_EXTRACT_LANGUAGES`` names others. The packs are
# opt-in for now: until names in Cyrillic and Arabic script join their Latin-script entities,
# their claims land on separate people (see the README's language section).
DEFAULT_LANGUAGES: frozenset[str] = frozenset({"en"})
ENV_VAR = "CLAIMLEDGER_EXTRACT_LANGUAGES"


def enabled_languages() -> frozenset[str]:
    """The languages extraction reads in this process: ``CLAIMLEDGER_EXTRACT_LANGUAGES``
    (comma-separated codes, "all" for every pack) among those it has rules for, else English.

    Read on each call (cheap), so workers started with the same environment agree."""
    raw = os.environ.get(ENV_VAR, "").strip().lower()
    if not raw:
        return DEFAULT_LANGUAGES
    if raw == "all":
        return EXTRACTION_LANGUAGES
    wanted = {code.strip() for code in raw.split(",") if code.strip()}
    unknown = wanted - EXTRACTION_LANGUAGES
    if unknown:
        known = ", ".join(sorted(EXTRACTION_LANGUAGES))
        raise SettingsError(
            f"{ENV_VAR} names {', '.join(sorted(unknown))}, which extraction has no rules for; "
            f"known: {known}"
        )
    return frozenset(wanted)


# The key for a document whose language was neither given nor detected (empty or very short
# text, digits only): it is not extracted either, since no language's rules are known to fit.
UNKNOWN = "unknown"


def supported_languages() -> tuple[str, ...]:
    """The codes of the languages extraction reads, sorted (for messages and the API)."""
    return tuple(sorted(enabled_languages()))


def language_key(language: str | None) -> str:
    """A document's language as extraction decides on it: the primary subtag, lower case
    ("en-GB" -> "en"), or ``UNKNOWN`` when there is none."""
    if language is None:
        return UNKNOWN
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    return primary or UNKNOWN


def is_supported(language: str | None) -> bool:
    """Whether extraction reads documents in ``language``."""
    return language_key(language) in enabled_languages()


def not_extracted_reason(language: str | None) -> str | None:
    """Why a document in ``language`` is not extracted ("language de", "language unknown"),
    or ``None`` when extraction reads it."""
    if is_supported(language):
        return None
    return f"language {language_key(language)}"
