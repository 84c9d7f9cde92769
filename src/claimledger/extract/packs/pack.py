"""Language packs: the per-language data of the multilingual extractor, read from YAML files.

One file per language in ``claimledger/data/lang/<code>.yaml``, every file with the same keys
(``PACK_KEYS``), so a linguist can review a language's cues without reading the engine. Cues are
compared after ``fold`` (lower case, and for Arabic script the hamza forms of alef, alef maqsura
and ta marbuta unified, the Persian and Urdu forms of yeh, kaf and heh read as the Arabic ones),
so the files write them in their ordinary spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from claimledger.errors import InputError
from claimledger.types import PREDICATES

PACK_DIR = "data/lang"
# ``wordforms``: no lemmatiser (none is packaged for the language, e.g. Urdu); the pack lists
# the word forms themselves.
BACKENDS = frozenset({"pymorphy3", "spacy-fr", "simplemma", "wordforms"})
CUE_KEYS = (
    "negations",
    "hedges",
    "denials",
    "retractions",
    "source_after",
    "source_before",
    "source_back",
    "source_stops",
    "name_titles",
    "name_particles",
)
PACK_KEYS = ("language", "backend", "triggers", "trigger_phrases", *CUE_KEYS, "dates")

_ALEF = re.compile("[أإآٱ]")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel
# One character for one, so a folded sentence keeps its offsets: Persian and Urdu yeh, kaf and
# heh (and heh with hamza, teh marbuta goal) as the Arabic letters, which the same words are
# often typed with; Arabic-Indic and Persian digits as ASCII ones ("۲۰۱۹" is a year); the
# zero-width non-joiner inside Persian words ("کشته‌شد") as a space, so a cue is written with
# either; the Ukrainian apostrophe letter ("пʼять") as an apostrophe.
_LETTERS = str.maketrans(
    {
        "ی": "ي",
        "ک": "ك",
        "ہ": "ه",
        "ۀ": "ه",
        "ۃ": "ه",
        "\u200c": " ",
        "ʼ": "'",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)


def fold(text: str) -> str:
    """A word or phrase as cues are compared: lower case, Arabic letter variants unified."""
    # Turkish "İ" casefolds to "i" and a combining dot: the dot goes, the length stays.
    text = text.casefold().replace("i\u0307", "i").translate(_LETTERS)
    text = _DIACRITICS.sub("", text.replace("ё", "е").replace("’", "'"))
    return _ALEF.sub("ا", text).replace("ى", "ي").replace("ة", "ه")


@dataclass(frozen=True, slots=True, eq=False)  # cached on by identity, like the pack
class AgoWords:
    """How a language says "two years ago" ("два года назад", "il y a deux ans", "قبل عامين")."""

    before: tuple[str, ...]  # cues before the count ("il y a", "قبل")
    after: tuple[str, ...]  # cues after the unit ("назад", "fa")
    alternatives: tuple[str, ...]  # "or" between two counts ("два или три года")
    numbers: dict[str, int]  # number words
    units: dict[str, tuple[str, int]]  # unit word -> (day|week|month|year, count it implies)


@dataclass(frozen=True, slots=True, eq=False)  # compared (and cached on) by identity
class LanguagePack:
    """One language's cue lists, folded; ``triggers`` maps a folded lemma to its predicate."""

    language: str
    backend: str
    triggers: dict[str, str]
    trigger_phrases: tuple[tuple[str, str], ...]  # (folded phrase, predicate), longest first
    negations: frozenset[str]
    hedges: tuple[str, ...]
    denials: tuple[str, ...]
    retractions: tuple[str, ...]
    source_after: tuple[str, ...]
    source_before: tuple[str, ...]
    source_back: tuple[str, ...]
    source_stops: frozenset[str]
    name_titles: frozenset[str]
    name_particles: frozenset[str]
    # Twelve lists of month words: the first as dateparser reads it, then the folded ones.
    months: tuple[tuple[str, ...], ...]
    relative_dates: tuple[str, ...]
    # Month words are stems that take case endings ("января", "январе"): matched as prefixes.
    month_endings: bool = False
    ago: AgoWords | None = None
    # Words before a date that give the start of a state ("since 2011"), not an event's date.
    since: tuple[str, ...] = ()
    # Words after a month that put it in the year before the report ("of last year").
    last_year: tuple[str, ...] = ()
    # Weekday words, Monday first (each a tuple of forms).
    weekdays: tuple[tuple[str, ...], ...] = ()
    # Phrases for the last few days before the report ("ces derniers jours").
    recent: tuple[str, ...] = ()
    # Words that open a contrasting clause ("хотя", "mais"): cues do not reach across them.
    contrasts: tuple[str, ...] = ()
    # Phrases that neither confirm nor deny ("ni confirmer ni démentir"): no cue inside them.
    non_answers: tuple[str, ...] = ()
    # Words that count victims before a harm word ("vingtaine de morts").
    count_words: frozenset[str] = frozenset()
    # Phrases that take up the previous sentence's report ("cette information").
    report_anaphora: tuple[str, ...] = ()
    # Words after which a capitalised name is a group's, not a person's ("leader di X").
    group_cues: tuple[str, ...] = ()
    # Trigger stems, longest first: a word that begins with one has it among its forms, for
    # languages whose lemmatiser joins words a trigger must tell apart (simplemma gives Turkish
    # "öldürüldü", was killed, the lemma "öl", die).
    stems: tuple[str, ...] = ()
    # A proper noun's case ending follows an apostrophe ("Yılmaz'ın", Turkish): the apostrophe
    # ends the word, so the name is "Yılmaz".
    suffix_apostrophe: bool = False
    # Month words that are a month only beside a day or a year (Turkish "kasım", November, is
    # also the given name Kasım).
    months_need_number: frozenset[str] = frozenset()


def pack_path(language: str) -> Any:
    return resources.files("claimledger").joinpath(f"{PACK_DIR}/{language}.yaml")


def available_packs() -> tuple[str, ...]:
    """The language codes that have a pack file, sorted."""
    folder = resources.files("claimledger").joinpath(PACK_DIR)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@lru_cache(maxsize=32)
def load_pack(language: str) -> LanguagePack:
    """The pack of ``language``, checked; ``InputError`` names the file and what is wrong."""
    path = pack_path(language)
    where = f"claimledger/{PACK_DIR}/{language}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(where, f"cannot read the language pack: {exc}") from None
    return parse_pack(data, where)


def parse_pack(data: Any, where: str) -> LanguagePack:
    if not isinstance(data, dict):
        raise InputError(where, "a language pack is a mapping with keys " + ", ".join(PACK_KEYS))
    missing = [k for k in PACK_KEYS if k not in data]
    if missing:
        raise InputError(where, f"missing keys: {', '.join(missing)}; every pack has all of them")
    if data["backend"] not in BACKENDS:
        raise InputError(
            where, f"backend {data['backend']!r} is not one of {', '.join(sorted(BACKENDS))}"
        )
    triggers = _predicate_lists(data["triggers"], where, "triggers")
    stems = _predicate_lists(data.get("trigger_stems") or {}, where, "trigger_stems")
    triggers.update(stems)
    phrases = _predicate_lists(data["trigger_phrases"] or {}, where, "trigger_phrases")
    cues = {k: tuple(fold(str(c)) for c in _cue_list(data, k, where)) for k in CUE_KEYS}
    months, relative = _dates(data["dates"], where)
    dates = data["dates"]
    longest = sorted(phrases.items(), key=lambda kv: -len(kv[0]))
    return LanguagePack(
        language=str(data["language"]),
        backend=str(data["backend"]),
        triggers=triggers,
        trigger_phrases=tuple(longest),
        negations=frozenset(cues["negations"]),
        hedges=cues["hedges"],
        denials=cues["denials"],
        retractions=cues["retractions"],
        source_after=tuple(sorted(cues["source_after"], key=len, reverse=True)),
        source_before=tuple(sorted(cues["source_before"], key=len, reverse=True)),
        source_back=cues["source_back"],
        source_stops=frozenset(cues["source_stops"]),
        name_titles=frozenset(cues["name_titles"]),
        name_particles=frozenset(cues["name_particles"]),
        months=months,
        relative_dates=relative,
        month_endings=bool(dates.get("month_endings", False)),
        ago=_ago_words(dates.get("ago"), where),
        since=tuple(fold(str(w)) for w in dates.get("since") or []),
        recent=tuple(fold(str(w)) for w in dates.get("recent") or []),
        last_year=tuple(fold(str(w)) for w in dates.get("last_year") or []),
        weekdays=tuple(tuple(fold(str(w)) for w in day) for day in dates.get("weekdays") or []),
        contrasts=tuple(fold(str(w)) for w in data.get("contrasts") or []),
        non_answers=tuple(fold(str(w)) for w in data.get("non_answers") or []),
        count_words=frozenset(fold(str(w)) for w in data.get("count_words") or []),
        report_anaphora=tuple(fold(str(w)) for w in data.get("report_anaphora") or []),
        group_cues=tuple(fold(str(c)) for c in data.get("group_cues") or []),
        stems=tuple(sorted(stems, key=len, reverse=True)),
        suffix_apostrophe=bool(data.get("suffix_apostrophe", False)),
        months_need_number=frozenset(fold(str(w)) for w in dates.get("months_need_number") or []),
    )


def _cue_list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data[key]
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(where, f"'{key}' must be a list of cue words, not {type(value).__name__}")
    return value


def _predicate_lists(value: Any, where: str, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InputError(where, f"'{key}' maps predicates ({', '.join(PREDICATES)}) to lists")
    out: dict[str, str] = {}
    for predicate, words in value.items():
        if predicate not in PREDICATES:
            raise InputError(
                where, f"'{key}': {predicate!r} is not a predicate ({', '.join(PREDICATES)})"
            )
        if not isinstance(words, list):
            raise InputError(where, f"'{key}.{predicate}' must be a list")
        for word in words:
            out[fold(str(word))] = predicate
    return out


def _dates(value: Any, where: str) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    if not isinstance(value, dict) or "months" not in value or "relative" not in value:
        raise InputError(where, "'dates' has 'months' (twelve lists) and 'relative' (a list)")
    months = value["months"]
    if not isinstance(months, list) or len(months) != 12:
        raise InputError(where, "'dates.months' must list twelve months, January first")
    if not all(isinstance(m, list) and m for m in months):
        raise InputError(where, "'dates.months': each month is a list of one word or more")
    # Each month's first word leads its list as written (in lower case): it is what dateparser
    # reads, and folding may spell it otherwise (Urdu "جنوری" folds to "جنوري", which it does
    # not know). The folded words that follow are what the text is matched on.
    return (
        tuple((str(m[0]).casefold(), *(fold(str(w)) for w in m)) for m in months),
        tuple(fold(str(w)) for w in value["relative"] or []),
    )


UNITS = ("day", "week", "month", "year")


def _ago_words(value: Any, where: str) -> AgoWords | None:
    """``dates.ago``: cue lists, number words, and unit words by unit (a unit word may carry its
    count, as Arabic duals do: ``year: [عام, {عامين: 2}]``)."""
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("units"), dict):
        raise InputError(where, "'dates.ago' has 'units' (day, week, month, year: word lists)")
    units: dict[str, tuple[str, int]] = {}
    for unit, words in value["units"].items():
        if unit not in UNITS or not isinstance(words, list):
            raise InputError(where, f"'dates.ago.units': {unit!r} is not one of {', '.join(UNITS)}")
        for word in words:
            items = word.items() if isinstance(word, dict) else [(word, 1)]
            for text, count in items:
                units[fold(str(text))] = (unit, int(count))
    numbers = {fold(str(k)): int(v) for k, v in (value.get("numbers") or {}).items()}
    return AgoWords(
        before=tuple(fold(str(w)) for w in value.get("before") or []),
        after=tuple(fold(str(w)) for w in value.get("after") or []),
        alternatives=tuple(fold(str(w)) for w in value.get("or") or []),
        numbers=numbers,
        units=units,
    )
