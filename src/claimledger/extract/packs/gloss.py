"""Claimants in English: a claimant phrase of a pack language glossed word by word.

A track record is kept per origin, and the same ministry, army or agency is quoted in every
language: "Власти Афганистана", "السلطات الأفغانية" and "les autorités afghanes" are the Afghan
authorities of an English report. Each pack language has a claimant glossary
(``claimledger/data/gloss/<code>.yaml``) of the words news uses for who says so: institutions,
roles, outlets, nationality adjectives and country names. A phrase is glossed when every word
is in the glossary, a function word, or a name (kept in Latin script, or transliterated from
Cyrillic); otherwise it keeps its own words, since half a translation would name nobody.

Word order follows the language: in French, Italian and Arabic an adjective follows its noun
("l'armée tchadienne", "التلفزيون الرسمي") and goes before it in English ("Chadian army",
"official television"); in Russian and Arabic a noun after a noun is its genitive
("представитель Талибана", "وزير الداخلية": "representative of Taliban", "minister of interior").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from anyascii import anyascii

from claimledger.errors import InputError
from claimledger.extract.packs.analysis import Token
from claimledger.extract.packs.pack import fold
from claimledger.resolve.korean import korean_latin
from claimledger.resolve.russian import is_cyrillic, nominative

GLOSS_DIR = "data/gloss"
# Words of a multi-word glossary entry, at most ("вооруженные силы России").
MAX_ENTRY_WORDS = 3

Kind = Literal["noun", "adjective", "group", "person", "of", "and"]


@dataclass(frozen=True, slots=True, eq=False)
class Glossary:
    language: str
    adjective_first: bool  # adjectives before their noun, as in English
    genitive_of: bool  # a noun right after a noun is its genitive ("X of Y")
    skip: frozenset[str]
    of: frozenset[str]
    and_: frozenset[str]
    entries: dict[tuple[str, ...], tuple[Kind, str]]  # folded words -> (kind, English)


@dataclass(frozen=True, slots=True)
class _Item:
    kind: Kind
    text: str
    written: str = ""  # a name as the text writes it, for the ledger's known names


@cache
def load_glossary(language: str) -> Glossary | None:
    """The claimant glossary of ``language``, or ``None`` when it has none."""
    path = resources.files("claimledger").joinpath(f"{GLOSS_DIR}/{language}.yaml")
    if not path.is_file():
        return None
    where = f"claimledger/{GLOSS_DIR}/{language}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(where, f"cannot read the claimant glossary: {exc}") from None
    if not isinstance(data, dict) or data.get("order") not in ("adjective-noun", "noun-adjective"):
        raise InputError(where, "a glossary says its 'order': adjective-noun or noun-adjective")
    entries: dict[tuple[str, ...], tuple[Kind, str]] = {}
    for key, kind in (("names", "group"), ("nouns", "noun"), ("adjectives", "adjective")):
        for word, english in (data.get(key) or {}).items():
            entries.setdefault(_split(str(word)), (kind, str(english)))  # type: ignore[arg-type]
    return Glossary(
        language=language,
        adjective_first=data["order"] == "adjective-noun",
        genitive_of=bool(data.get("genitive_of")),
        skip=frozenset(fold(str(w)) for w in data.get("skip") or []),
        of=frozenset(fold(str(w)) for w in data.get("of") or []),
        and_=frozenset(fold(str(w)) for w in data.get("and") or []),
        entries=entries,
    )


def gloss_claimant(
    words: Sequence[Token], language: str, known_name: Callable[[str], str | None] | None = None
) -> str | None:
    """The English of a claimant phrase, or ``None`` when some word has no gloss.

    ``known_name`` gives the ledger's name of a person it knows under a spelling in another
    script ("رحمن ملك": Rehman Malik), which is used for the names in the phrase."""
    glossary = load_glossary(language)
    if glossary is None or not words:
        return None
    items = _items(list(words), glossary)
    if items is None:
        return None
    if known_name is not None:
        items = [_known(i, known_name) for i in items]
    while items and items[0].kind in ("of", "and"):  # "и сайт ..." (and the website)
        items.pop(0)
    while items and items[-1].kind in ("of", "and"):
        items.pop()
    if not any(i.kind in ("noun", "adjective", "group") for i in items):
        # Only names: worth giving when they were transliterated ("Рамзан Кадыров").
        return " ".join(i.text for i in items) if is_cyrillic(words[0].text) else None
    return _english(items, glossary)


def names_a_source(words: Sequence[Token], language: str) -> bool:
    """Whether the words gloss as a common noun phrase of who says so ("Российские СМИ",
    "les autorités tchadiennes"), not a bare place or person name ("Mali", "Niger")."""
    glossary = load_glossary(language)
    if glossary is None or not words:
        return False
    items = _items(list(words), glossary)
    return items is not None and any(i.kind == "noun" for i in items)


def names_a_group(words: Sequence[Token], language: str) -> bool:
    """Whether the words are, as a whole, a group, outlet or place of the glossary ("Кореи",
    "كوريا الشمالية", "Талибан"): a name finder's run that is no person."""
    glossary = load_glossary(language)
    if glossary is None or not words:
        return False
    found = _entry(list(words), 0, glossary)
    return found is not None and found[0] == len(words) and found[1] == "group"


def _items(words: list[Token], glossary: Glossary) -> list[_Item] | None:
    korean = korean_latin(tuple(w.text for w in words)) if is_cyrillic(words[0].text) else None
    if korean is not None:
        return [_Item("person", " ".join(part.capitalize() for part in korean))]
    items: list[_Item] = []
    i = 0
    while i < len(words):
        found = _entry(words, i, glossary)
        if found is not None:
            size, kind, english = found
            items.append(_Item(kind, english))
            i += size
            continue
        token = words[i]
        folded = fold(token.text)
        i += 1
        if folded in glossary.skip:
            continue
        if folded in glossary.of:
            items.append(_Item("of", "of"))
        elif folded in glossary.and_:
            items.append(_Item("and", "and"))
        elif token.text.isascii() and token.text[:1].isalpha():
            items.append(_Item("person", token.text))  # a name in Latin script: "CNN", "Kavkaz"
        elif is_cyrillic(token.text) and token.text[:1].isupper():
            items.append(_Item("person", _transliterated(token.text), token.text))
        elif items and items[-1].kind in ("noun", "person") and _is_arabic(token.text):
            # A name after a role ("وزير الداخلية رحمن ملك"): kept in its own script, since an
            # unvowelled transliteration would be no spelling anyone uses.
            items.append(_Item("person", token.text, token.text))
        else:
            return None
    return _merge_names(items)


def _entry(words: list[Token], i: int, glossary: Glossary) -> tuple[int, Kind, str] | None:
    """The longest glossary entry starting at word ``i``: (words it takes, kind, English)."""
    for size in range(min(MAX_ENTRY_WORDS, len(words) - i), 0, -1):
        run = words[i : i + size]
        for key in _keys(run):
            hit = glossary.entries.get(key)
            if hit is not None:
                return size, hit[0], hit[1]
    return None


def _known(item: _Item, known_name: Callable[[str], str | None]) -> _Item:
    if item.kind != "person" or not item.written:
        return item
    name = known_name(item.written)
    return _Item("person", name, item.written) if name else item


def _split(text: str) -> tuple[str, ...]:
    """A phrase as glossary keys compare it: folded words, hyphenated words split
    ("état-major" is one word to one tokenizer and two to another)."""
    return tuple(fold(text).replace("-", " ").split())


def _keys(run: list[Token]) -> list[tuple[str, ...]]:
    """Keys a run of words may be listed under: as written, then by each word's lemmas (the
    longest first, so "الباكستاني" is "باكستاني" before it is "باكستان")."""
    written = tuple(w for t in run for w in _split(t.text))
    if len(run) == 1:
        forms = sorted(run[0].forms, key=lambda f: (-len(f), f))
        return [written, *(_split(f) for f in forms)]
    lemmas = tuple(w for t in run for w in _split(min(t.forms, key=len)))
    return [written, lemmas]


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def _transliterated(word: str) -> str:
    latin = anyascii(nominative(word))
    return latin[:1].upper() + latin[1:]


def _merge_names(items: list[_Item]) -> list[_Item]:
    """Consecutive name words are one name ("Adam Delimkhanov")."""
    out: list[_Item] = []
    for item in items:
        if item.kind == "person" and out and out[-1].kind == "person":
            written = f"{out[-1].written} {item.written}".strip()
            out[-1] = _Item("person", f"{out[-1].text} {item.text}", written)
        else:
            out.append(item)
    return out


def _english(items: list[_Item], glossary: Glossary) -> str:
    groups: list[list[str]] = []  # each: the words of one noun phrase, English order
    chain_start = 0  # index in ``groups`` of the first noun phrase of the current "of" chain
    pending: list[str] = []  # adjectives waiting for their noun (adjective-first languages)
    previous: Kind | None = None
    for item in items:
        if item.kind == "adjective":
            if glossary.adjective_first and glossary.genitive_of and previous in ("noun", "group"):
                groups.append(["of"])  # "сайт чеченских сепаратистов": website of Chechen ...
            if glossary.adjective_first or not groups or previous in ("of", "and"):
                pending.append(item.text)
            else:
                groups[chain_start].insert(0, item.text)  # "l'armée tchadienne": Chadian army
        elif item.kind in ("noun", "group", "person"):
            genitive = (
                glossary.genitive_of
                and previous in ("noun", "group")
                and item.kind != "person"
                and not pending
            )
            if genitive:
                groups.append(["of", item.text])
            else:
                # After an "of" word the chain goes on ("le ministère de la Défense russe":
                # Russian ministry of defence), except where genitives are construct states
                # and "of" words open a new one ("الناطق باسم وزارة الدفاع الروسية": the
                # adjective belongs to the ministry).
                if previous != "of" or glossary.genitive_of:
                    chain_start = len(groups)
                groups.append([*pending, item.text])
            pending = []
        else:  # "of", "and"
            groups.append([item.text])
            if item.kind == "and":
                chain_start = len(groups)
        previous = item.kind
    words = [w for group in groups for w in group] + pending
    return " ".join(words).strip()
