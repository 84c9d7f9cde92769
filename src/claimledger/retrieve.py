"""Has this been claimed before? The nearest stored claims to a piece of text.

For text with no extractable claim (a tweet, a headline) ``check`` ranks the stored claims:

1. clean the query: drop links and the ``pic.twitter.com`` stubs, keep the words of
   ``#hashtags`` and ``@handles`` (split at case changes: ``#FakeNews`` -> "Fake News"),
   drop English function words;
2. rank lexically in the database's own full-text index (``Store.search_claims``: BM25 on
   SQLite, IDF-weighted ``ts_rank`` on PostgreSQL);
3. optionally rerank a larger candidate set with sentence embeddings (``claimledger.semantic``):
   the final score is ``LEXICAL_WEIGHT * lexical / best lexical + (1 - LEXICAL_WEIGHT) *
   cosine``, so the embedding orders the candidates the words found but does not bring in
   claims that share no word, nor decide alone.

The weights were chosen on the CLEF CheckThat! 2021 task 2A train queries (see
``benchmarks/clef_retrieval.py``): linear fusion beat reciprocal rank fusion there
(MAP@5 0.90 against 0.88), and 100 candidates gained only 0.001 over 50.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from claimledger.store import Store
from claimledger.types import Claim

logger = logging.getLogger(__name__)

# Candidates the reranker reorders (lexical recall@50 was 0.96 on the CLEF train queries).
RERANK_CANDIDATES = 50
# Share of the max-normalised lexical score in the fused score; the rest is the cosine.
LEXICAL_WEIGHT = 0.3

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_TAG = re.compile(r"[#@](\w+)")
_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_WORD = re.compile(r"[^\W_]+")

# English function words: they match nearly every claim and only slow the index down. A short
# list of its own because the query side must not pull in spaCy just to read one.
_STOPWORD_TEXT = """a about above after again against all am an and any are as at be because
    been before being below between both but by can could did do does doing down during each
    few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves rt via amp"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True, slots=True)
class Hit:
    """A stored claim near the query: its final score and its rank (1-based) lexically."""

    claim: Claim
    score: float
    lexical_rank: int


def clean_query(text: str) -> str:
    """The words of ``text`` worth searching for, lowercased, in order, without repeats."""
    text = _URL.sub(" ", text)
    text = _TAG.sub(lambda m: " " + _CASE_CHANGE.sub(" ", m.group(1)) + " ", text)
    words = dict.fromkeys(w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS)
    return " ".join(words)


def claim_text(claim: Claim) -> str:
    """What the reranker compares with the query: the subject (when not in the quote) and
    the quote."""
    if claim.subject and claim.subject.casefold() not in claim.quote.casefold():
        return f"{claim.subject}. {claim.quote}"
    return claim.quote


def search_claims(
    store: Store, text: str, *, limit: int = 10, rerank: bool | None = None
) -> list[Hit]:
    """The stored claims nearest to ``text``, best first.

    ``rerank``: True to rerank with sentence embeddings (raises ``SemanticUnavailable`` when the
    semantic extra is missing), False for lexical ranking only, None to rerank when installed.
    """
    query = clean_query(text)
    if not query or limit <= 0:
        return []
    if rerank is None:
        from claimledger import semantic

        rerank = semantic.available()
    depth = max(limit, RERANK_CANDIDATES) if rerank else limit
    found = store.search_claims(query, limit=depth)
    if not rerank:
        return [Hit(claim, score, rank) for rank, (claim, score) in enumerate(found, 1)]
    return _rerank(text, found)[:limit]


def _rerank(text: str, found: list[tuple[Claim, float]]) -> list[Hit]:
    from claimledger.semantic import default_embedder

    if not found:
        return []
    query = " ".join(_URL.sub(" ", text).split())
    similarity = default_embedder().similarities(query, [claim_text(c) for c, _ in found])
    # Scores are comparable within one search only; dividing by the best makes the
    # lexical part independent of the backend's scale (BM25 or ts_rank).
    best = max((score for _, score in found), default=0.0) or 1.0
    hits = [
        Hit(claim, LEXICAL_WEIGHT * score / best + (1 - LEXICAL_WEIGHT) * cosine, rank)
        for rank, ((claim, score), cosine) in enumerate(zip(found, similarity, strict=True), 1)
    ]
    return sorted(hits, key=lambda hit: (-hit.score, hit.lexical_rank))
