"""Place compatibility: a missing place fits anything; named places fit when one contains the
other's words after folding case, diacritics, transliteration and the Arabic article ("Raqqa" ~
"southern suburbs of Raqqa", "al-Qaim" ~ "Qaim, Anbar province"), or when one is a country and
the other a city in it (``ledger.gazetteer``: "Karachi" ~ "Pakistan")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from claimledger.ledger.gazetteer import country_code, in_country
from claimledger.ledger.keys import words


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say where without saying which place; ignored when comparing places.
_PLACE_STOPWORDS = _wordset(
    "the of in on at near a an and city town village region area province district "
    "governorate vicinity outskirts suburb suburbs southern northern eastern western south "
    "north east west central border borders country territory"
)
_ARABIC_ARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "ar", "as", "ash", "at", "az", "an"})
# Words that make a place narrower or vaguer, for choosing an event's most specific place.
_PLACE_NARROWER = _wordset(
    "suburb suburbs outskirts district neighbourhood neighborhood quarter street village "
    "southern northern eastern western central hospital"
)
_PLACE_VAGUER = _wordset("near vicinity area around region province")


def _fold_place_word(word: str) -> str:
    """Fold common transliteration variants ("Rakka"/"Raqqa", "Zaysan"/"Zaisan").

    Gentler than the resolver's consonant skeleton, which would make "Iraq" equal "Raqqa".
    """
    word = word.replace("q", "k").replace("y", "i").replace("ou", "u").replace("ph", "f")
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=4096)
def place_tokens(place: str) -> frozenset[str]:
    """The words that identify a place, folded for comparison."""
    kept = [w for w in words(place) if w not in _PLACE_STOPWORDS and w not in _ARABIC_ARTICLES]
    return frozenset(_fold_place_word(w) for w in kept)


def places_compatible(a: str | None, b: str | None) -> bool:
    """A missing place fits anything; named places fit when one's words contain the other's,
    or when one is a country and the other a city in it ("Karachi" and "Pakistan")."""
    if not a or not b:
        return True
    return places_match(a, b) or _within(a, b) or _within(b, a)


@lru_cache(maxsize=4096)
def _within(place: str, country: str) -> bool:
    code = country_code(country)
    return code is not None and in_country(place, code)


def places_match(a: str, b: str) -> bool:
    """Both places named and one contained in the other (after folding)."""
    ta, tb = place_tokens(a), place_tokens(b)
    if not ta or not tb:
        return False
    return ta <= tb or tb <= ta


def most_specific(places: Sequence[str]) -> str | None:
    """The narrowest wording ("southern suburbs of Raqqa" over "near Raqqa" over "Raqqa")."""

    def specificity(place: str) -> tuple[int, int, int, str]:
        ws = words(place)
        narrow = sum(w in _PLACE_NARROWER for w in ws) - sum(w in _PLACE_VAGUER for w in ws)
        return (narrow, len(place_tokens(place)), -len(place), place)

    return max(places, key=specificity) if places else None
