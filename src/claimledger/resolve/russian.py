"""Russian names in the nominative, for name keys: "Хамзы бен Ладена" and "Хамза бен Ладен"
are one name in two cases, and a key must not read the genitive "-ы" as the "-i" of an Arabic
"Baghdadi". pymorphy3 (with its Russian dictionaries, a dependency) gives the case of a word
known or guessed as a name; other words are left as written ("Сена" is no name it knows, and
not the hay "сено").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


def is_cyrillic(word: str) -> bool:
    return _CYRILLIC.search(word) is not None


@cache
def morph() -> Any:
    """The process's one pymorphy3 analyser (the Russian pack reads words with it too)."""
    import pymorphy3  # imported on first use: only Cyrillic text needs it

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1 << 16)
def nominative(word: str) -> str:
    """``word`` in the nominative when pymorphy3 reads it as a name in another case."""
    if not is_cyrillic(word) or len(word) < 3:
        return word
    # One person's name is singular: "Делимханов" is not the plural genitive of "Делимхан".
    named = [
        p
        for p in morph().parse(word)
        if _NAME_TAGS & set(p.tag.grammemes) and p.tag.number != "plur"
    ]
    if not named or named[0].tag.case in (None, "nomn"):
        return word
    found = named[0].inflect({"nomn"})
    if found is None:
        return word
    form = found.word
    return form[:1].upper() + form[1:] if word[:1].isupper() else form
