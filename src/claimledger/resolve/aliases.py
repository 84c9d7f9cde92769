"""Aliases stated in the text: "X, also known as Y", "X (real name Y)", "then called Y".

Each cue is a general phrase of English news style; the names on either side are taken from the
spaCy entities of the paragraph when they sit there, else from a capitalised-name pattern. The
links are symmetric: the resolver treats ``name`` and ``alias`` as one entity.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from claimledger.resolve.keys import word_set

logger = logging.getLogger(__name__)

NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

# One name word: an optional hyphenated article, a capitalised word, hyphenated continuations.
_ARTICLE = r"(?:[Aa]l|[Ee]l|[Aa]sh|[Aa][dnrstz])-"
_WORD = rf"(?:{_ARTICLE})?[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*"
_LINK = r"(?:al|el|bin|ibn|bint|abu|Abu|de|da|van|von|der|la|le)"
NAME = rf"{_WORD}(?:\s+(?:{_LINK}\s+)?{_WORD}){{0,5}}"
_NAME_AT = re.compile(NAME)

# (cue pattern, where the other name is, words it cannot match without): "after" = the alias
# follows the cue and the name is the nearest name before it; "between" = both names follow the
# cue. The words let a text without them skip the pattern: most news has no alias cue at all,
# and scanning for a pattern that starts with a word boundary costs far more than a substring test.
_CUES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"\(\s*(?:his |her |the )?real name(?: of| is| was)?:?\s+", "paren", ("real name",)),
    (
        r"\(\s*(?:born|n[ée]e|a\.k\.a\.?|aka|also known as|alias|known as|formerly)\s+",
        "paren",
        ("(",),
    ),
    (r"\b(?:whose|his|her) real name (?:is|was)\s+", "after", ("real name",)),
    (r"\breal name\s+", "after", ("real name",)),
    (r",\s*born\s+", "after", ("born",)),
    (
        r"\b(?:also|better|widely|commonly|formerly|previously|then) known as\s+",
        "after",
        ("known as",),
    ),
    (r"\ba\.k\.a\.?\s+|\baka\s+", "after", ("a.k.a", "aka")),
    (r"\bknown as\s+", "after", ("known as",)),
    (r",?\s*alias\s+", "after", ("alias",)),
    (
        r"\b(?:nicknamed|dubbed|nom de guerre)\s+",
        "after",
        ("nicknamed", "dubbed", "nom de guerre"),
    ),
    (r"\bwhose name was (?:then\s+)?", "after", ("whose name was",)),
    (r"\b(?:then|once|formerly|previously) called\s+", "after", ("called",)),
    (r"\bname was not\s+", "between", ("name was not",)),
)
_CUE_RES = tuple((re.compile(p), kind, words) for p, kind, words in _CUES)
_BUT = re.compile(r",?\s+but\s+(?:(?:more\s+)?\w+,\s+|just\s+|simply\s+|rather\s+)?")
_KUNYA = r"(?:Abu|Umm|Abou|Ibn) [A-Z][\w'’]+"
_KUNYA_PAIR = re.compile(rf"\b({_KUNYA})-({_KUNYA})")
_PARTICLE_NAME = re.compile(r"\b(?:Abu|Umm|Abou|Ibn|ibn|bin|bint)\s|\b(?:al|el|Al|El)-\w")
_BRACKETED = re.compile(rf"\(\s*({NAME})\s*\)")
_SENTENCE_END = re.compile(r"[.!?\n]")
_POSSESSIVE = re.compile(r"['’]s$")
# Capitalised at the start of a sentence without being a name.
_FUNCTION_WORDS = word_set(
    "the a an then he she it they we i his her its their this that these those in on at by "
    "for from with but and or when while after before since as so yet according"
)


class _Span(Protocol):
    start_char: int
    end_char: int
    text: str
    label_: str


class _Doc(Protocol):
    @property
    def ents(self) -> Iterable[_Span]: ...


@dataclass(frozen=True, slots=True)
class AliasLink:
    """Two names the text says belong to one entity, with the cue and where it was said."""

    name: str
    alias: str
    cue: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Name:
    text: str
    start: int
    end: int


def _clean(text: str) -> str:
    return _POSSESSIVE.sub("", text.strip(" ,;:"))


def _entity_names(doc: _Doc | None) -> list[_Name]:
    if doc is None:
        return []
    return [
        _Name(_clean(e.text), e.start_char, e.end_char) for e in doc.ents if e.label_ in NAME_LABELS
    ]


def _name_after(text: str, pos: int, ents: list[_Name]) -> _Name | None:
    for ent in ents:
        if ent.start == pos:
            return ent
    match = _NAME_AT.match(text, pos)
    if match is None:
        return None
    return _Name(_clean(match.group(0)), match.start(), match.end())


def _strip_function_words(name: _Name) -> _Name | None:
    words = name.text.split()
    offset = 0
    while words and words[0].casefold() in _FUNCTION_WORDS:
        offset += name.text.index(words[0], offset) - offset + len(words[0])
        words = words[1:]
    if not words:
        return None
    text = " ".join(words)
    start = name.start + name.text.index(words[0], offset)
    return _Name(text, start, name.end)


def _name_before(text: str, pos: int, ents: list[_Name]) -> _Name | None:
    """The nearest name ending before ``pos`` in the same sentence."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, pos)]
    floor = ends[-1] if ends else 0
    pool = [e for e in ents if floor <= e.start and e.end <= pos]
    if not pool:
        found = (_Name(m.group(0), m.start(), m.end()) for m in _NAME_AT.finditer(text, floor, pos))
        pool = [n for n in map(_strip_function_words, found) if n is not None]
    if not pool:
        return None
    best = max(pool, key=lambda n: n.end)
    return _Name(_clean(best.text), best.start, best.end)


def _from_cues(text: str, ents: list[_Name]) -> Iterable[AliasLink]:
    for pattern, kind, words in _CUE_RES:
        if not any(word in text for word in words):
            continue
        for cue in pattern.finditer(text):
            alias = _name_after(text, cue.end(), ents)
            if alias is None:
                continue
            if kind == "between":
                but = _BUT.match(text, alias.end)
                other = _name_after(text, but.end(), ents) if but else None
                name = other
            else:
                name = _name_before(text, cue.start(), ents)
            if name is None or name.text == alias.text:
                continue
            cue_text = " ".join(cue.group(0).strip(" ,(").split())
            start, end = min(name.start, alias.start), max(alias.end, name.end)
            yield AliasLink(name.text, alias.text, cue_text, start, end)


def _bracket_alias(name: str, alias: str) -> bool:
    """Whether a bracketed name renames the one before it rather than locating it.

    "Mosul (Iraq)" is a place and its country; "Syrian Democratic Forces (SDF)" (an acronym),
    "Omar Farid (Abu Hamza)" (a particle name) and "Jane Roe (Jane Smith)" (two full names) are
    aliases.
    """
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w[0].isupper())
    if alias.isupper() and alias.isalpha() and alias == initials:
        return True
    if _PARTICLE_NAME.search(alias) or _PARTICLE_NAME.search(name):
        return True
    return len(name.split()) >= 2 and len(alias.split()) >= 2


def _from_brackets(text: str, ents: list[_Name]) -> Iterable[AliasLink]:
    """A name in brackets right after a name: "Abu Dua (Ibrahim al-Badri)"."""
    for match in _BRACKETED.finditer(text):
        before = text[: match.start()].rstrip()
        name = _name_before(text, len(before), ents)
        if name is None or name.end != len(before):
            continue
        alias = _clean(match.group(1))
        if alias != name.text and _bracket_alias(name.text, alias):
            yield AliasLink(name.text, alias, "brackets", name.start, match.end())


def _from_kunya_pairs(text: str) -> Iterable[AliasLink]:
    """Two kunyas joined by a hyphen name one person in two ways: "Abu X-Abu Y"."""
    for match in _KUNYA_PAIR.finditer(text):
        yield AliasLink(match.group(1), match.group(2), "hyphen", match.start(), match.end())


def harvest_aliases(text: str, doc: _Doc | None = None) -> list[AliasLink]:
    """Alias links stated in ``text``; ``doc`` (spaCy, same text) gives better name boundaries."""
    ents = _entity_names(doc)
    links = [*_from_cues(text, ents), *_from_brackets(text, ents), *_from_kunya_pairs(text)]
    seen: set[tuple[str, str]] = set()
    unique: list[AliasLink] = []
    for link in sorted(links, key=lambda lk: (lk.start, lk.end)):
        pair = (link.name, link.alias)
        if pair not in seen and (link.alias, link.name) not in seen:
            seen.add(pair)
            unique.append(link)
    logger.debug("harvested %d alias links", len(unique))
    return unique
