"""Origins of claims: the first claimant in a citation chain, and independent origins.

The origin of a claim is its first claimant: the named claimant, else the first relay in ``via``,
else the document's source, else the document itself (``doc:<id>``). A generic description ("the
media", "media reports", "the press") names nobody and is skipped. Copies of one report
(near-identical quotes) and one origin repeated by many outlets count once.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from claimledger.ledger.keys import words
from claimledger.types import Claim

logger = logging.getLogger(__name__)

# A claimant made only of these words names nobody: it is hearsay, not an origin.
_GENERIC_SOURCE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "some",
        "several",
        "many",
        "various",
        "other",
        "local",
        "foreign",
        "western",
        "international",
        "media",
        "press",
        "reports",
        "report",
        "news",
        "outlets",
        "outlet",
        "sources",
        "source",
        "journalists",
        "newspapers",
        "newspaper",
        "publications",
        "channels",
        "internet",
        "social",
        "networks",
        "network",
        "rumours",
        "rumors",
        "rumour",
        "rumor",
        "information",
        "it",
        "they",
        "them",
        "there",
        "was",
        "were",
        "said",
        "reported",
        "wrote",
        "someone",
        "unnamed",
        "anonymous",
    ]
)
_ORIGIN_STOPWORDS = frozenset({"the", "of", "a", "an", "for", "and"})
# Abbreviations and country names written for the adjective, so "RF Ministry of Defense" and
# "Russian Ministry of Defense" are one origin.
_COUNTRY_ALIASES = {
    "rf": "russian",
    "russia": "russian",
    "us": "american",
    "usa": "american",
    "uk": "british",
    "britain": "british",
}


@lru_cache(maxsize=1)
def _claimant_normaliser() -> Callable[[str], str]:
    """The extractor's claimant normaliser when it is importable, else a minimal one."""
    try:
        from claimledger.extract.attribution import normalize_claimant
    except ImportError:
        logger.debug("extract.attribution unavailable; using the ledger's claimant normaliser")
        return _minimal_normaliser
    return normalize_claimant


def _minimal_normaliser(name: str) -> str:
    text = re.sub(r"\s+", " ", name).strip(" \t\"'“”‘’.,;:")
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[’']s$", "", text).strip()
    return re.sub(r"\bdefen[cs]e\b", "Defense", text, flags=re.IGNORECASE)


def normalize_name(name: str) -> str:
    """One display form per claimant ("the Russian Defence Ministry's" -> "Russian ...")."""
    return _claimant_normaliser()(name)


@lru_cache(maxsize=65536)
def origin_key(name: str) -> str:
    """Comparison key for origins: folded words, order-free ("Defense Ministry" ~ "Ministry
    of Defense")."""
    if name.startswith("doc:"):
        return name
    return " ".join(sorted(set(origin_words(name))))


def origin_words(name: str) -> list[str]:
    """The folded words of an origin's name in order, country abbreviations expanded."""
    found = words(name.replace("efence", "efense"))
    return [_COUNTRY_ALIASES.get(w, w) for w in found if w not in _ORIGIN_STOPWORDS]


@lru_cache(maxsize=65536)
def is_hearsay(name: str | None) -> bool:
    """True for a claimant that names nobody ("the media", "reports", "the press")."""
    if not name:
        return False
    found = words(name)
    return bool(found) and all(w in _GENERIC_SOURCE_WORDS for w in found)


def trace_origin(claim: Claim, *, source: str | None = None) -> str:
    """The first claimant in the claim's chain: claimant, first relay, document source or
    ``doc:<document_id>``."""
    return _trace(claim.claimant, claim.via, source, claim.document_id)


@lru_cache(maxsize=65536)
def _trace(claimant: str | None, via: tuple[str, ...], source: str | None, doc: str) -> str:
    for name in (claimant, *via, source):
        if name and name.strip() and not is_hearsay(name):
            return normalize_name(name)
    return f"doc:{doc}"


@lru_cache(maxsize=65536)
def _fold_quote(quote: str) -> str:
    return " ".join(words(quote))


# Folded quotes shorter than this are never copies: short phrases recur by chance.
COPY_MIN_CHARS = 30
COPY_MIN_RATIO = 90


def _copies(a: Claim, b: Claim) -> bool:
    """Near-identical quotes: one report copied (syndicated, translated the same way)."""
    return _quotes_copied(_fold_quote(a.quote), _fold_quote(b.quote))


def _quotes_copied(qa: str, qb: str) -> bool:
    return min(len(qa), len(qb)) >= COPY_MIN_CHARS and fuzz.ratio(qa, qb) >= COPY_MIN_RATIO


def _copied_pairs(quotes: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Pairs of positions of distinct folded quotes that ``_quotes_copied`` accepts.

    Every pair used to be scored in Python; a much-reported person has thousands of claims.
    Here each quote is scored in C against only the quotes whose length allows a ratio of 90
    (2m / (a + b) >= 0.9 with m <= a needs b <= 11a / 9), with a slightly lower cut-off, and the
    few candidates are checked with ``_quotes_copied`` itself, so the pairs are exactly the same.
    """
    order = sorted(
        (i for i, q in enumerate(quotes) if len(q) >= COPY_MIN_CHARS), key=lambda i: len(quotes[i])
    )
    lengths = [len(quotes[i]) for i in order]
    for k, i in enumerate(order):
        stop = bisect_right(lengths, lengths[k] * 11 // 9 + 1, lo=k + 1)
        window = [quotes[j] for j in order[k + 1 : stop]]
        found = process.extract(
            quotes[i], window, scorer=fuzz.ratio, score_cutoff=COPY_MIN_RATIO - 1, limit=None
        )
        for other, _, at in found:
            if _quotes_copied(quotes[i], other):
                yield i, order[k + 1 + at]


def origin_groups(
    claims: Sequence[Claim], *, sources: Mapping[str, str] | None = None
) -> list[list[Claim]]:
    """Claims partitioned by independent origin (same origin, or copies of one report).

    The groups are the connected components of "same ``origin_key``" and "copies" (``_copies``):
    claims whose folded quotes are equal are copies at once, and the other pairs of distinct
    quotes are found by ``_copied_pairs``. Groups come in the order of their first claim.
    """
    sources = sources or {}
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    by_key: dict[str, int] = {}
    by_quote: dict[str, int] = {}
    for i, claim in enumerate(claims):
        name = trace_origin(claim, source=sources.get(claim.document_id))
        union(i, by_key.setdefault(origin_key(name), i))
        quote = _fold_quote(claim.quote)
        if len(quote) >= COPY_MIN_CHARS:
            union(i, by_quote.setdefault(quote, i))
    quotes = list(by_quote)
    for a, b in _copied_pairs(quotes):
        union(by_quote[quotes[a]], by_quote[quotes[b]])
    groups: dict[int, list[Claim]] = {}
    for i, claim in enumerate(claims):
        groups.setdefault(find(i), []).append(claim)
    return list(groups.values())


def origin_name(claims: Sequence[Claim], *, sources: Mapping[str, str] | None = None) -> str:
    """The display name of one origin group: see ``preferred_name``."""
    sources = sources or {}
    return preferred_name([trace_origin(c, source=sources.get(c.document_id)) for c in claims])


def preferred_name(names: Sequence[str]) -> str:
    """A named origin before a document; then the most used form, the longest, the first."""
    counts = Counter(names)
    return min(counts, key=lambda n: (n.startswith("doc:"), -counts[n], -len(n), n))


def independent_origins(
    claims: Iterable[Claim], *, sources: Mapping[str, str] | None = None
) -> list[str]:
    """One name per independent origin of the claims, sorted."""
    groups = origin_groups(list(claims), sources=sources)
    return sorted(origin_name(g, sources=sources) for g in groups)
