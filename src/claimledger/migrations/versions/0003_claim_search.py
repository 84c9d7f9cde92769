"""Full-text search over claims: "has this been claimed before?"

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

The searchable text of a claim is its quote, subject, claimant and predicate.

SQLite: an FTS5 table ``claim_search`` (porter stemming, diacritics folded) kept in step with
``claims`` by triggers. Its rowids come from ``claim_search_rows``, whose INTEGER PRIMARY KEY
survives VACUUM; ``claims`` has a text key, so its own implicit rowid may be renumbered by VACUUM
and cannot be the link. The FTS table keeps its own copy of the text for the same reason.
A later migration that rebuilds ``claims`` in batch mode drops these triggers with the old table
and must create them again (and run ``claimledger.store.search.rebuild_sqlite_index``).

PostgreSQL: a stored generated ``tsvector`` column ``claims.search_vector`` (English
configuration; weights A quote, B subject, C claimant, D predicate) with a GIN index.

These objects are not in ``claimledger.store.models``: the models-vs-migrations comparison
skips them with ``claimledger.store.search.include_name``.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "quote, subject, claimant, predicate"

SQLITE_UP = (
    """CREATE TABLE claim_search_rows (
        id INTEGER PRIMARY KEY,
        claim_id VARCHAR(200) NOT NULL UNIQUE
    )""",
    f"""CREATE VIRTUAL TABLE claim_search USING fts5(
        {COLUMNS}, tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER claim_search_insert AFTER INSERT ON claims BEGIN
        INSERT INTO claim_search_rows (claim_id) VALUES (new.id);
        INSERT INTO claim_search (rowid, {COLUMNS})
        VALUES (last_insert_rowid(), new.quote, new.subject, new.claimant, new.predicate);
    END""",
    """CREATE TRIGGER claim_search_delete AFTER DELETE ON claims BEGIN
        DELETE FROM claim_search
        WHERE rowid = (SELECT id FROM claim_search_rows WHERE claim_id = old.id);
        DELETE FROM claim_search_rows WHERE claim_id = old.id;
    END""",
    f"""CREATE TRIGGER claim_search_update
    AFTER UPDATE OF id, quote, subject, claimant, predicate ON claims BEGIN
        DELETE FROM claim_search
        WHERE rowid = (SELECT id FROM claim_search_rows WHERE claim_id = old.id);
        DELETE FROM claim_search_rows WHERE claim_id = old.id;
        INSERT INTO claim_search_rows (claim_id) VALUES (new.id);
        INSERT INTO claim_search (rowid, {COLUMNS})
        VALUES (last_insert_rowid(), new.quote, new.subject, new.claimant, new.predicate);
    END""",
    # Claims stored before this revision.
    "INSERT INTO claim_search_rows (claim_id) SELECT id FROM claims ORDER BY id",
    f"""INSERT INTO claim_search (rowid, {COLUMNS})
    SELECT r.id, c.quote, c.subject, c.claimant, c.predicate
    FROM claim_search_rows AS r JOIN claims AS c ON c.id = r.claim_id""",
)

SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS claim_search_update",
    "DROP TRIGGER IF EXISTS claim_search_delete",
    "DROP TRIGGER IF EXISTS claim_search_insert",
    "DROP TABLE IF EXISTS claim_search",
    "DROP TABLE IF EXISTS claim_search_rows",
)

POSTGRES_UP = (
    """ALTER TABLE claims ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(quote, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(subject, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(claimant, '')), 'C')
        || setweight(to_tsvector('english'::regconfig, coalesce(predicate, '')), 'D')
    ) STORED""",
    "CREATE INDEX ix_claims_search_vector ON claims USING gin (search_vector)",
)

POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_claims_search_vector",
    "ALTER TABLE claims DROP COLUMN IF EXISTS search_vector",
)


def upgrade() -> None:
    statements = SQLITE_UP if op.get_context().dialect.name == "sqlite" else POSTGRES_UP
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_context().dialect.name == "sqlite" else POSTGRES_DOWN
    for statement in statements:
        op.execute(statement)
