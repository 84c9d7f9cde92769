"""Russian and Ukrainian names in the nominative, for name keys: "Хамзы бен Ладена" and "Хамза
бен Ладен" are one name in two cases, and a key must not read the genitive "-ы" as the "-i" of
an Arabic "Baghdadi". pymorphy3 (with its Russian and Ukrainian dictionaries, dependencies)
gives the case of a word known or guessed as a name; other words are left as written ("Сена" is
no name it knows, and not the hay "сено").

A word with a letter only Ukrainian writes (і ї є ґ: "Ібрагіма") is read with the Ukrainian
dictionary, every other Cyrillic word with the Russian one, as before Ukrainian joined.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters of Ukrainian that Russian does not write (either case).
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
# The languages pymorphy3 has a dictionary package for among our dependencies.
MORPH_LANGUAGES = frozenset({"ru", "uk"})


def is_cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


def morph(language: str = "ru") -> Any:
    """The process's one pymorphy3 analyser of ``language`` (``ru`` or ``uk``; the Russian and
    Ukrainian packs read words with it too)."""
    if language not in MORPH_LANGUAGES:
        raise ValueError(
            f"no pymorphy3 dictionary for {language!r}; have {sorted(MORPH_LANGUAGES)}"
        )
    return _analyser(language)


@cache
def _analyser(language: str) -> Any:
    import pymorphy3  # imported on first use: only Cyrillic text needs it

    # The dictionary comes from the pymorphy3-dicts-<language> package.
    return pymorphy3.MorphAnalyzer(lang=language)


def cyrillic_language(word: str) -> str:
    """``uk`` for a word written with a letter only Ukrainian has, else ``ru``."""
    return "uk" if _UKRAINIAN.search(word) else "ru"


@lru_cache(maxsize=1 << 16)
def nominative(word: str) -> str:
    """``word`` in the nominative when pymorphy3 reads it as a name in another case."""
    if not is_cyrillic(word) or len(word) < 3:
        return word
    # One person's name is singular: "Делимханов" is not the plural genitive of "Делимхан".
    named = [
        p
        for p in morph(cyrillic_language(word)).parse(word)
        if _NAME_TAGS & set(p.tag.grammemes) and p.tag.number != "plur"
    ]
    if not named or named[0].tag.case in (None, "nomn"):
        return word
    found = named[0].inflect({"nomn"})
    if found is None:
        return word
    form = found.word
    return form[:1].upper() + form[1:] if word[:1].isupper() else form
