"""Writing many rows in one statement: SQLAlchemy Core executemany of plain dicts.

A document's claims, mentions and entities are written for every article ingested; building an
ORM object per row and flushing it through the unit of work cost several times more than the
database itself (the store no longer uses the ORM at all). These helpers send plain dicts
(keyed by column name) as one executemany.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import sqlite

from claimledger.store.records import batches

BATCH = 500  # rows per statement: bounded memory, and the same on SQLite and PostgreSQL

Row = Mapping[str, Any]

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql

    # An INSERT with ON CONFLICT clauses: the two dialects' statements share that interface.
    Insert = postgresql.Insert | sqlite.Insert


def insert_rows(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` in order (autoincrement ids follow it), in the caller's transaction."""
    for chunk in batches(rows, BATCH):
        connection.execute(table.insert(), list(chunk))


def upsert_rows(
    connection: Connection, table: Table, rows: Sequence[Row], *, key: str = "id"
) -> None:
    """Insert ``rows``, or update every other column of the row with the same ``key``.

    Each key must appear once in ``rows`` (PostgreSQL refuses to update a row twice in one
    statement).
    """
    if not rows:
        return
    dialect = connection.dialect.name
    statement = _upsert(table, dialect, key, tuple(rows[0]))
    for chunk in batches(rows, BATCH):
        connection.execute(statement, list(chunk))


def dialect_insert(table: Table, dialect: str) -> Insert:
    """The dialect's INSERT of ``table``, the one with ON CONFLICT clauses."""
    if dialect == "postgresql":
        # Imported only on PostgreSQL: loading the dialect costs a command that reads an
        # SQLite ledger some 40 ms of start-up (SQLite's is loaded with its engine anyway).
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    return sqlite.insert(table)


@lru_cache(maxsize=32)
def _upsert(table: Table, dialect: str, key: str, columns: tuple[str, ...]) -> Insert:
    """INSERT ... ON CONFLICT (key) DO UPDATE, built once per table and columns (building it
    costs more than SQLite takes to run it)."""
    insert = dialect_insert(table, dialect)
    return insert.on_conflict_do_update(
        index_elements=[key],
        set_={name: insert.excluded[name] for name in columns if name != key},
    )
