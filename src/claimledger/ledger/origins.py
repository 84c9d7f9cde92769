"""Origins of claims: the first claimant in a citation chain, and independent origins.

Four roles are kept apart. The *claimant* is who makes the claim in the document (as written);
the *relays* (``via``) pass it on; the *publisher* is the outlet that printed the document; the
*origin* is the first claimant the ledger can trace, the one a track record holds to account:

1. a named claimant, else the first named relay, unless it is the claim's own subject speaking
   of his own death (nobody is the origin of his own death: "al-Baghdadi's murder would be a
   blow" is not al-Baghdadi's claim);
2. nobody named, but the claim is hearsay ("media reported", "it was reported", "he was
   reportedly killed"): the article recounts earlier reports and charges them to *unnamed
   earlier reports* (``doc:<id>#reports``), not to itself;
3. otherwise the article asserts it: the publisher (the document's source, else the document
   itself, ``doc:<id>``).

Names are normalised (``normalize_name``) and compared by ``origin_key``; within one document a
short form that ends a longer one ("Stepanyan", "Arayik Stepanyan") is the same origin. Copies
of one report (near-identical quotes) and one origin repeated by many outlets count once; the
unnamed claims of one document (its own and the reports it recounts) are one origin for
independence, as they always were, but are charged apart in track records.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz, process

from claimledger.ledger.keys import kind_of, words
from claimledger.types import Claim

logger = logging.getLogger(__name__)

T = TypeVar("T")

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
_ORIGIN_SKIPPED = _ORIGIN_STOPWORDS | {"s"}  # and a possessive's "s" ("Russia's")
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


# "the Al-Jazeera TV channel", "Interfax news agency": the outlet's name alone.
_MEDIA_SUFFIX = re.compile(
    r"\s+(?:tv channel|tv station|television channel|channel|news agency|agency|newspaper|"
    r"broadcaster|tv|radio station|website|daily)$",
    re.IGNORECASE,
)
_DEFENCE = re.compile(r"\bdefen[cs]e\b", re.IGNORECASE)
_X_MINISTRY = re.compile(r"^(?P<x>.*?)\s*\b(?P<topic>[\w-]+) Ministry$", re.IGNORECASE)


def normalize_claimant(name: str) -> str:
    """One form per claimant for counting origins.

    Strips articles, a possessive "'s", quotes and extra spaces; writes "Defence" as "Defense";
    turns "X <Topic> Ministry" into "X Ministry of <Topic>" for subject-area topics (defense,
    health, interior, ...), so "Russian Defense Ministry", "the Russian Defence Ministry" and
    "Russian Ministry of Defense" are one. "Foreign Ministry" is left as written: its long form
    ("Ministry of Foreign Affairs") is not a mechanical rewrite.
    """
    text = re.sub(r"\s+", " ", name).strip(" \t\"'“”‘’.,;:")
    text = _DATELINE_PREFIX.sub("", text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[’']s$", "", text).strip()
    text = _MEDIA_SUFFIX.sub("", text) if text[:1].isupper() else text
    text = _DEFENCE.sub("Defense", text)
    match = _X_MINISTRY.match(text)
    if match and _is_topic(match.group("topic")):
        prefix = match.group("x").strip()
        topic = match.group("topic")
        text = f"{prefix} Ministry of {topic[0].upper()}{topic[1:]}".strip()
    return text


# A wire dateline the parser ran into the first name of the story: "PESHAWAR - Interior
# Minister X", "MOSCOW (AP) X".
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .'-]{2,}(?:\s*\([^)]{1,20}\))?\s*[-–—:]\s+(?=\S)")

# Ministry topics written before "Ministry" whose "Ministry of <Topic>" form is the usual name.
_TOPICS = frozenset(
    {"defense", "health", "interior", "justice", "finance", "education", "agriculture",
     "energy", "culture", "labour", "labor", "transport"}
)  # fmt: skip


def _is_topic(word: str) -> bool:
    return word.lower() in _TOPICS


# "Russia's defence ministry": a country's possessive is its adjective ("Russian ...").
_COUNTRY_POSSESSIVE = re.compile(r"^(?P<country>[A-Z][A-Za-z]+)['’]s\s+(?=\w)")
_COUNTRY_ADJECTIVES = {"russia": "Russian", "britain": "British", "america": "American"}
# "Iraqi TV", "Syrian state TV": the medium word stays when the name would be a bare
# nationality without it (a people is not an outlet).
_MEDIUM_WORD = re.compile(
    r"^(?P<name>.+?)\s+(?P<medium>tv|television|radio|channel|tv channel|news agency|agency)$",
    re.IGNORECASE,
)
_NATIONALITY_ENDING = re.compile(r"(?:i|an|ese|ish)$")


def normalize_name(name: str) -> str:
    """One display form per claimant ("the Russian Defence Ministry's" -> "Russian ...",
    "Russia's defence ministry" -> "Russian Ministry of Defense", "Iraqi TV" kept whole)."""
    text = re.sub(r"\s+", " ", name).strip(" \t\"'“”‘’.,;:")
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    possessive = _COUNTRY_POSSESSIVE.match(text)
    if possessive and possessive.group("country").casefold() in _COUNTRY_ADJECTIVES:
        adjective = _COUNTRY_ADJECTIVES[possessive.group("country").casefold()]
        text = adjective + " " + text[possessive.end() :]
    normalised = normalize_claimant(text)
    medium = _MEDIUM_WORD.match(text)
    if medium and _is_nationality(normalised) and normalised == medium.group("name"):
        return text  # "Iraqi TV": stripping the medium would leave a people
    return normalised


def _is_nationality(name: str) -> bool:
    """One capitalised word with a nationality's ending ("Iraqi", "Syrian", "Chinese")."""
    return " " not in name and name[:1].isupper() and bool(_NATIONALITY_ENDING.search(name))


# The origin of claims an article recounts from nobody named: "doc:<id>" + this suffix.
REPORTS_SUFFIX = "#reports"
UNNAMED_REPORTS = "unnamed earlier reports"


def is_unnamed(origin: str) -> bool:
    """An origin that names nobody: the publishing document, or the reports it recounts."""
    return origin.startswith("doc:")


def is_recounted(origin: str) -> bool:
    """The unnamed earlier reports a document recounts (``doc:<id>#reports``)."""
    return origin.startswith("doc:") and origin.endswith(REPORTS_SUFFIX)


def document_of(origin: str) -> str | None:
    """The document id of an unnamed origin, else None."""
    if not is_unnamed(origin):
        return None
    return origin.removeprefix("doc:").removesuffix(REPORTS_SUFFIX)


def origin_label(origin: str, *, titles: Mapping[str, str] | None = None) -> str:
    """How an origin reads to a person: named origins as they are, a publishing document as
    "publisher of <doc>", recounted reports as "unnamed earlier reports in <doc>"."""
    doc = document_of(origin)
    if doc is None:
        return origin
    shown = (titles or {}).get(doc) or doc
    if is_recounted(origin):
        return f"{UNNAMED_REPORTS} in {shown}"
    return f"publisher of {shown}"


def independence_key(origin: str) -> str:
    """What independence is judged by: ``origin_key``, except that a document's own claims
    and the reports it recounts are one (nobody can tell them apart)."""
    doc = document_of(origin)
    return f"doc:{doc}" if doc is not None else origin_key(origin)


@lru_cache(maxsize=65536)
def origin_key(name: str) -> str:
    """Comparison key for origins: folded words, order-free ("Defense Ministry" ~ "Ministry
    of Defense")."""
    if name.startswith("doc:"):
        return name
    return " ".join(sorted(set(origin_words(name))))


def origin_words(name: str) -> list[str]:
    """The folded words of an origin's name in order, country abbreviations expanded (a
    possessive's "s" dropped: "Russia's" is "russian")."""
    found = words(name.replace("efence", "efense"))
    return [_COUNTRY_ALIASES.get(w, w) for w in found if w not in _ORIGIN_SKIPPED]


@lru_cache(maxsize=65536)
def is_hearsay(name: str | None) -> bool:
    """True for a claimant that names nobody ("the media", "reports", "the press")."""
    if not name:
        return False
    found = words(name)
    return bool(found) and all(w in _GENERIC_SOURCE_WORDS for w in found)


def trace_origin(claim: Claim, *, source: str | None = None) -> str:
    """The origin of a claim (see the module docstring): a named claimant or relay that is not
    the subject of his own death, else ``doc:<id>#reports`` for recounted hearsay, else the
    document's source, else ``doc:<document_id>``."""
    own_death = kind_of(claim.predicate) == "death" and claim.modality in _SUPPORTING
    subject = claim.subject if own_death else ""
    hearsay = claim.modality in _SUPPORTING and _recounts(claim.quote)
    return _trace(claim.claimant, claim.via, source, claim.document_id, subject, hearsay)


@lru_cache(maxsize=65536)
def _recounts(quote: str) -> bool:
    # Memoised: grouping, origin groups and assessment trace each claim's origin many times.
    return _REPORTED.search(quote) is not None


# Modalities that put a claim forward (assess.facts.SUPPORT; not imported: assess imports us).
_SUPPORTING = ("asserted", "hedged")
# Words that say a claim comes from others ("reportedly", "it was reported", "allegedly",
# "rumours", "a version appeared", "a fake was spread"): with nobody named, the article
# recounts earlier reports. A few words in scare quotes (he was “killed”, the “caliph”) are
# the writer's distance too.
_REPORTED = re.compile(
    r"\b(?:report(?:s|ed|edly|ing)?|alleged(?:ly)?|rumou?r(?:s|ed)?|purported(?:ly)?|"
    r"according to|(?:is|are|was|were) said to|it was said|claimed|wrote|stated|"
    r"a version|information appeared|messages? appeared|news|fakes?)\b"
    r"|[“\"‘](?:[\w’'-]+ ?){1,5}[”\"’]",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def _trace(
    claimant: str | None,
    via: tuple[str, ...],
    source: str | None,
    doc: str,
    subject: str = "",
    hearsay: bool = False,
) -> str:
    for name in (claimant, *via):
        if not name or not name.strip():
            continue
        if is_hearsay(name):
            hearsay = True
        elif not (subject and is_the_subject(name, subject)):
            return normalize_name(name)
    if hearsay:
        return f"doc:{doc}{REPORTS_SUFFIX}"
    if source and source.strip() and not is_hearsay(source):
        return normalize_name(source)
    return f"doc:{doc}"


def is_the_subject(name: str, subject: str) -> bool:
    """A claimant that names the claim's subject ("al-Baghdadi's" of "Abu Bakr al-Baghdadi")."""
    mine, theirs = set(origin_words(name)) - {"s"}, set(origin_words(subject)) - {"s"}
    return bool(mine) and bool(theirs) and (mine <= theirs or theirs <= mine)


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
    named: dict[str, dict[tuple[str, ...], int]] = {}  # document -> origin words -> claim
    names = [trace_origin(c, source=sources.get(c.document_id)) for c in claims]
    for i, claim in enumerate(claims):
        name = names[i]
        union(i, by_key.setdefault(independence_key(name), i))
        if not is_unnamed(name):
            named.setdefault(claim.document_id, {}).setdefault(tuple(origin_words(name)), i)
        quote = _fold_quote(claim.quote)
        if len(quote) >= COPY_MIN_CHARS:
            union(i, by_quote.setdefault(quote, i))
    # "Experts say he is alive, the Mirror reported" and "the Mirror says he is alive": in one
    # document, a source heard only through a relay is not independent of that relay.
    first_by_origin: dict[tuple[str, str], int] = {}
    for i, claim in enumerate(claims):
        first_by_origin.setdefault((claim.document_id, independence_key(names[i])), i)
    for i, claim in enumerate(claims):
        for relay in claim.via:
            j = first_by_origin.get((claim.document_id, independence_key(relay)))
            if j is not None:
                union(i, j)
    quotes = list(by_quote)
    for a, b in _copied_pairs(quotes):
        union(by_quote[quotes[a]], by_quote[quotes[b]])
    for in_document in named.values():
        for i, j in _short_forms(in_document):
            union(i, j)
    groups: dict[int, list[Claim]] = {}
    for i, claim in enumerate(claims):
        groups.setdefault(find(i), []).append(claim)
    return list(groups.values())


def _short_forms(names: Mapping[tuple[str, ...], T]) -> Iterator[tuple[T, T]]:
    """Pairs of one document's origins where one name ends the other ("Stepanyan" of "Arayik
    Stepanyan", "Ministry of Defense" of "Russian Ministry of Defense"): the article names the
    origin in full once and shortly after."""
    forms = [w for w in names if w]
    for short in forms:
        for full in forms:
            if len(short) < len(full) and full[-len(short) :] == short:
                yield names[short], names[full]


def named_origins(claims: Sequence[Claim]) -> list[str]:
    """The claims' origins (stored, else traced) once each, in order, a short form written in
    full as its document names it ("Stepanyan" as "Arayik Stepanyan"; not when the document
    names two it could be): how an event lists who claimed it."""
    names = [c.origin or trace_origin(c) for c in claims]
    forms: dict[str, dict[tuple[str, ...], str]] = {}  # document -> origin words -> name
    for claim, name in zip(claims, names, strict=True):
        if not is_unnamed(name):
            forms.setdefault(claim.document_id, {}).setdefault(tuple(origin_words(name)), name)
    fuller: dict[tuple[str, str], set[str]] = {}
    for document, in_document in forms.items():
        for short, full in _short_forms(in_document):
            fuller.setdefault((document, short), set()).add(full)
    shown = []
    for claim, name in zip(claims, names, strict=True):
        candidates = fuller.get((claim.document_id, name), set())
        shown.append(next(iter(candidates)) if len(candidates) == 1 else name)
    return list(dict.fromkeys(shown))


def origin_name(claims: Sequence[Claim], *, sources: Mapping[str, str] | None = None) -> str:
    """The display name of one origin group: see ``preferred_name``."""
    sources = sources or {}
    return preferred_name([trace_origin(c, source=sources.get(c.document_id)) for c in claims])


def preferred_name(names: Sequence[str]) -> str:
    """A named origin before a document, the document's own claim before the reports it
    recounts; then the most used form, the longest, the first."""
    counts = Counter(names)
    return min(counts, key=lambda n: (is_unnamed(n), is_recounted(n), -counts[n], -len(n), n))


def independent_origins(
    claims: Iterable[Claim], *, sources: Mapping[str, str] | None = None
) -> list[str]:
    """One name per independent origin of the claims, sorted."""
    groups = origin_groups(list(claims), sources=sources)
    return sorted(origin_name(g, sources=sources) for g in groups)
