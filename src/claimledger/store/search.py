"""Full-text search over stored claims, in the database's own index (see migration 0003).

SQLite ranks with FTS5's BM25; PostgreSQL has no BM25, so its score is a sum over query terms
of an inverse document frequency times ``ts_rank`` for that term (which counts the term in the
weighted columns). Either way a claim sharing the query's rarer words ranks higher.

Words found in very many claims ("killed", "said", a common surname) cost the most and tell the
least: scoring every claim they match takes seconds on a ledger of a million claims. A query
word is common when it matches at least ``COMMON_DF`` claims (counted with a limit, so counting
stays cheap): the rarer words then choose the candidates, and the common ones only add to the
score of those candidates. A query made only of common words must match all of them.

User text never reaches SQL: it is cut into word tokens (letters and digits only), and each
token travels as a bound parameter, quoted for FTS5 so that words like ``NEAR`` or ``NOT`` are
words, not operators. Only claims of each document's latest version are returned.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from claimledger.store.claims import to_claim
from claimledger.store.models import CLAIMS, DOCUMENTS, VERSIONS
from claimledger.types import Claim

logger = logging.getLogger(__name__)

# Tables, columns and indexes made by migration 0003 that the models do not declare.
SQLITE_PREFIX = "claim_search"
POSTGRES_COLUMN = "search_vector"
POSTGRES_INDEX = "ix_claims_search_vector"

# Column weights, in the order quote, subject, claimant, predicate. The quote carries the claim;
# the subject (a name) is what a reader searches by; claimant and predicate only break ties.
SQLITE_WEIGHTS = (1.0, 1.0, 0.5, 0.2)
# ts_rank takes weights for the labels {D, C, B, A} = {predicate, claimant, subject, quote}.
POSTGRES_WEIGHTS = [0.2, 0.5, 1.0, 1.0]
MAX_TERMS = 64
# Document frequencies are counted up to this many rows: beyond it a word is common anyway,
# and counting further would cost time on a large ledger.
DF_CAP = 20_000
# A word in at least this many claims only scores the candidates rarer words found (see above).
COMMON_DF = DF_CAP

_TOKEN = re.compile(r"[^\W_]+")


CANDIDATE_FACTOR = 5
MIN_CANDIDATES = 100


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """For Alembic's ``include_name``: False for the search objects the models do not declare
    (the FTS5 table, its shadow tables and row map; the tsvector column and its index)."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(SQLITE_PREFIX)
    if type_ == "column":
        return name != POSTGRES_COLUMN
    if type_ == "index":
        return name != POSTGRES_INDEX
    return True


def query_terms(query: str) -> list[str]:
    """The distinct word tokens of ``query``, lowercased, in order, at most ``MAX_TERMS``."""
    seen: dict[str, None] = {}
    for token in _TOKEN.findall(query.casefold()):
        seen.setdefault(token, None)
    return list(seen)[:MAX_TERMS]


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """Which query words choose the candidates and which only add to their score."""

    rare: tuple[str, ...]
    common: tuple[str, ...]

    @classmethod
    def of(cls, frequencies: dict[str, int]) -> QueryPlan:
        """Split words by how many claims they match (words matching none are left out)."""
        found = {term: df for term, df in frequencies.items() if df}
        rare = tuple(t for t, df in found.items() if df < COMMON_DF)
        return cls(rare, tuple(t for t in found if t not in rare))

    @property
    def terms(self) -> tuple[str, ...]:
        return (*self.rare, *self.common)


def search_claims(connection: Connection, query: str, limit: int) -> list[tuple[Claim, float]]:
    """Claims matching ``query``'s rarer words, best first, with a score (higher is better)."""
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    statement: Select[Any] | None
    if connection.dialect.name == "sqlite":
        statement = _sqlite_statement(QueryPlan.of(_sqlite_frequencies(connection, terms)), limit)
    else:
        statement = _postgres_statement(connection, terms, limit)
    if statement is None:
        return []
    rows = connection.execute(statement).all()
    return [(to_claim(row, row.document_id), float(row.score)) for row in rows]


def rebuild_sqlite_index(connection: Connection) -> None:
    """Refill the SQLite index from ``claims`` (after a migration rebuilt that table)."""
    connection.execute(text(f"DELETE FROM {SQLITE_PREFIX}"))
    connection.execute(text(f"DELETE FROM {SQLITE_PREFIX}_rows"))
    connection.execute(text(f"INSERT INTO {SQLITE_PREFIX}_rows (claim_id) SELECT id FROM claims"))
    connection.execute(
        text(
            f"INSERT INTO {SQLITE_PREFIX} (rowid, quote, subject, claimant, predicate) "
            f"SELECT r.id, c.quote, c.subject, c.claimant, c.predicate FROM {SQLITE_PREFIX}_rows "
            "AS r JOIN claims AS c ON c.id = r.claim_id"
        )
    )


def fts5_query(terms: Sequence[str]) -> str:
    """An FTS5 query matching any of ``terms``, each a quoted string (quotes doubled)."""
    return " OR ".join(_fts5_phrase(term) for term in terms)


def fts5_plan_query(plan: QueryPlan) -> str:
    """The FTS5 query for a plan: any rare word chooses a claim, and every word of the query
    is in the expression so that BM25 scores it; with no rare word, all common words must
    match."""
    if not plan.rare:
        return " AND ".join(_fts5_phrase(term) for term in plan.common)
    if not plan.common:
        return fts5_query(plan.rare)
    return f"({fts5_query(plan.rare)}) AND ({fts5_query(plan.terms)})"


def _fts5_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _sqlite_frequencies(connection: Connection, terms: Sequence[str]) -> dict[str, int]:
    """How many claims each term matches, counted up to ``DF_CAP``."""
    counts = ", ".join(
        f"(SELECT count(*) FROM (SELECT 1 FROM {SQLITE_PREFIX} WHERE {SQLITE_PREFIX} "
        f"MATCH :t{i} LIMIT :cap))"
        for i in range(len(terms))
    )
    params: dict[str, Any] = {f"t{i}": _fts5_phrase(term) for i, term in enumerate(terms)}
    params["cap"] = DF_CAP
    row = connection.execute(text(f"SELECT {counts}"), params).one()
    return dict(zip(terms, (int(n) for n in row), strict=True))


def _latest(statement: Select[Any]) -> Select[Any]:
    return (
        statement.join(VERSIONS, VERSIONS.c.id == CLAIMS.c.document_version_id)
        .join(DOCUMENTS, DOCUMENTS.c.id == VERSIONS.c.document_id)
        .where(VERSIONS.c.version == DOCUMENTS.c.latest_version)
    )


def _sqlite_statement(plan: QueryPlan, limit: int) -> Select[Any] | None:
    if not plan.terms:
        return None
    fts = table(SQLITE_PREFIX, column("rowid"))
    row_map = table(f"{SQLITE_PREFIX}_rows", column("id"), column("claim_id"))
    # bm25() is lower-is-better; negate it so every backend returns higher-is-better.
    bm25 = func.bm25(literal_column(SQLITE_PREFIX), *SQLITE_WEIGHTS)
    match = literal_column(SQLITE_PREFIX).op("MATCH")(bindparam("fts_query", fts5_plan_query(plan)))
    # Rank inside the FTS table first and keep a few times ``limit`` candidates: joining every
    # match to the claims before ordering costs seconds when common words match a large
    # ledger. The margin leaves room for candidates dropped as older document versions.
    top = (
        select(fts.c.rowid.label("rowid"), bm25.label("bm25"))
        .select_from(fts)
        .where(match)
        .order_by(bm25)
        .limit(max(limit * CANDIDATE_FACTOR, MIN_CANDIDATES))
        .subquery("top")
    )
    statement = (
        select(CLAIMS, VERSIONS.c.document_id, (-top.c.bm25).label("score"))
        .select_from(top)
        .join(row_map, row_map.c.id == top.c.rowid)
        .join(CLAIMS, CLAIMS.c.id == row_map.c.claim_id)
    )
    return _latest(statement).order_by(top.c.bm25, CLAIMS.c.id).limit(limit)


def _postgres_statement(
    connection: Connection, terms: Sequence[str], limit: int
) -> Select[Any] | None:
    # Imported here: only PostgreSQL ledgers pay for loading the dialect (see bulk.dialect_insert).
    from sqlalchemy.dialects.postgresql import ARRAY, REAL

    frequencies = _postgres_frequencies(connection, terms)
    weights = _postgres_idf(connection, frequencies)
    if not weights:
        return None
    plan = QueryPlan.of(frequencies)
    vector: Any = literal_column(f"claims.{POSTGRES_COLUMN}")
    rank_weights = cast(bindparam("rank_weights", POSTGRES_WEIGHTS), ARRAY(REAL))
    score: Any = None
    for i, (term, idf) in enumerate(weights.items()):
        # Normalisation 1 divides by 1 + log(length): long quotes do not win by length alone.
        part: Any = bindparam(f"idf_{i}", idf) * func.ts_rank(
            rank_weights, vector, _tsquery(bindparam(f"term_{i}", term)), 1
        )
        score = part if score is None else score + part
    chooser = " | ".join(plan.rare) if plan.rare else " & ".join(plan.common)
    match = vector.op("@@")(_tsquery(bindparam("any_term", chooser)))
    statement = select(CLAIMS, VERSIONS.c.document_id, score.label("score")).where(match)
    return _latest(statement).order_by(score.desc(), CLAIMS.c.id).limit(limit)


def _tsquery(value: Any) -> Any:
    return func.to_tsquery(literal_column("'english'::regconfig"), value)


def _postgres_idf(connection: Connection, frequencies: dict[str, int]) -> dict[str, float]:
    """Each term with its BM25 inverse document frequency; terms that match nothing (unknown
    words, stop words) are left out."""
    total = _postgres_claim_count(connection)
    return {
        term: math.log(1 + (total - df + 0.5) / (df + 0.5))
        for term, df in frequencies.items()
        if df
    }


def _postgres_frequencies(connection: Connection, terms: Sequence[str]) -> dict[str, int]:
    """Each term as a quoted tsquery lexeme, with how many claims it matches (up to
    ``DF_CAP``)."""
    quoted = [f"'{term}'" for term in terms]  # tokens are letters and digits: no quote inside
    counts = ", ".join(
        f"(SELECT count(*) FROM (SELECT 1 FROM claims WHERE {POSTGRES_COLUMN} @@ "
        f"to_tsquery('english'::regconfig, :t{i}) LIMIT :cap) AS s{i})"
        for i in range(len(quoted))
    )
    params: dict[str, Any] = {f"t{i}": term for i, term in enumerate(quoted)}
    params["cap"] = DF_CAP
    row = connection.execute(text(f"SELECT {counts}"), params).one()
    return dict(zip(quoted, (int(n) for n in row), strict=True))


def _postgres_claim_count(connection: Connection) -> int:
    """The number of claims: the planner's estimate on a large table, else counted."""
    estimate = connection.scalar(
        text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('claims')")
    )
    counted = connection.scalar(
        text("SELECT count(*) FROM (SELECT 1 FROM claims LIMIT :cap) AS s"), {"cap": DF_CAP}
    )
    return max(int(estimate or 0), int(counted or 0))
