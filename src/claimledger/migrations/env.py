"""Alembic environment for the ledger database.

The store runs migrations in code (``claimledger.store.engine.upgrade``, only for a database
whose revision is not ``SCHEMA_REVISION``) and hands over its open connection in
``config.attributes["connection"]``. For developers writing a new revision (which sets
``SCHEMA_REVISION`` to its id), ``alembic -x url=sqlite:///dev.db revision --autogenerate -m
"..."`` with a config whose ``script_location`` is this directory works too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from claimledger.store.models import metadata
from claimledger.store.search import include_name as search_include_name

config = context.config
target_metadata = metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The full-text search objects (FTS5 tables, the tsvector column) are not models;
        # without this, autogenerate would propose dropping them.
        include_name=search_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("give the database with: alembic -x url=sqlite:///dev.db ...")
    engine = create_engine(url)
    with engine.begin() as connection:
        run_with(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them against a database")
run_online()
