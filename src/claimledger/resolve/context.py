"""Context of a document for disambiguation: the years it speaks of, its vocabulary, titles.

Two entities that share a short name are told apart by context: an essay on the seventh century
and a report on 2015 do not speak of the same "Abu Bakr". These helpers are deliberately coarse:
they decide "agrees", "disagrees" or "unknown", never a fine score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from claimledger.resolve.keys import HONORIFICS, word_set

Era = Literal["agree", "disagree", "unknown"]

# Years closer than a generation agree; further apart than a long lifetime disagree.
AGREE_YEARS = 30
DISAGREE_YEARS = 100
MODERN_FROM = 1900

_YEAR = re.compile(r"(?<![\d.,/-])(1[0-9]{3}|20[0-9]{2})(?![\d.,]\d)")
_CENTURY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", re.IGNORECASE)
# Words that only occur in writing about the twentieth century or later.
_MODERN = re.compile(
    r"\b(?:internet|online|website|e-?mail|facebook|twitter|telegram channel|youtube|"
    r"airstrikes?|air ?strikes?|drones?|aircraft|helicopters?|missiles?|satellite|tanks?|"
    r"television|tv|radio|telephone|mobile phones?|smartphones?|video|photographs?|computer|"
    r"nuclear|artillery|machine ?guns?|automobiles?|cars?|airport)\b",
    re.IGNORECASE,
)
# Role words that describe a person near a mention; titles from keys plus common roles.
ROLE_WORDS = HONORIFICS | word_set(
    "spokesman minister emir caliph leader commander founder chairman director official "
    "expert analyst journalist correspondent activist defendant judge prosecutor"
)
_ROLE_WINDOW = 40


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the resolver knows of a document besides its mentions."""

    document_id: str
    text: str
    published_at: date | None = None
    years: frozenset[int] = frozenset()

    @classmethod
    def from_text(
        cls, document_id: str, text: str, published_at: date | None = None
    ) -> DocumentContext:
        """Context with ``years`` computed from the text (and the publication year)."""
        return cls(document_id, text, published_at, years_in(text, published_at))

    @property
    def modern(self) -> bool:
        return any(y >= MODERN_FROM for y in self.years) or bool(_MODERN.search(self.text))


def years_in(text: str, published_at: date | None = None) -> frozenset[int]:
    """Years a text speaks of: four-digit years, centuries (as their middle), publication year."""
    this_year = date.today().year + 1
    years = {int(m.group(1)) for m in _YEAR.finditer(text)}
    years = {y for y in years if y <= this_year}
    years |= {int(m.group(1)) * 100 - 50 for m in _CENTURY.finditer(text)}
    if published_at is not None:
        years.add(published_at.year)
    return frozenset(years)


def _distance(a: Iterable[int], b: Iterable[int]) -> int:
    sa, sb = sorted(a), sorted(b)
    best = abs(sa[0] - sb[0])
    i = j = 0
    while i < len(sa) and j < len(sb):
        best = min(best, abs(sa[i] - sb[j]))
        if sa[i] < sb[j]:
            i += 1
        else:
            j += 1
    return best


def era_relation(
    years_a: Iterable[int], modern_a: bool, years_b: Iterable[int], modern_b: bool
) -> Era:
    """Whether two sets of years (with a 'modern vocabulary' flag) speak of the same era."""
    ya, yb = set(years_a), set(years_b)
    if ya and yb:
        # A shared year is the common case (a main person's years include the document's) and
        # needs no sorting: the gap is 0.
        gap = 0 if not ya.isdisjoint(yb) else _distance(ya, yb)
        if gap <= AGREE_YEARS:
            return "agree"
        return "disagree" if gap > DISAGREE_YEARS else "unknown"
    known, other_modern = (ya, modern_b) if ya else (yb, modern_a)
    if known and other_modern:
        return "agree" if max(known) >= MODERN_FROM else "disagree"
    if modern_a and modern_b:
        return "agree"
    return "unknown"


def roles_near(text: str, start: int, end: int) -> set[str]:
    """Role words just before a mention or inside it ("IS spokesman al-Adnani")."""
    window = text[max(0, start - _ROLE_WINDOW) : end].casefold()
    return {w for w in re.findall(r"[a-z]+", window) if w in ROLE_WORDS}
