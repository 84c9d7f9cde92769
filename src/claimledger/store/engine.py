"""Opening a ledger database: URL checks, engine set-up, database creation and migrations.

``open_engine`` is the only way the store gets an engine, so every database is migrated to the
newest schema before anything reads or writes it. A ledger already at the newest revision
(``SCHEMA_REVISION``, read from its ``alembic_version`` table) is opened without Alembic and
without the writer lock: loading Alembic costs a command some 0.1 s, and a ledger at head has
nothing to migrate.
"""

from __future__ import annotations

import logging
import os
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from claimledger.errors import StoreError
from claimledger.store.locks import WriterLock

logger = logging.getLogger(__name__)

URL_EXAMPLES = "'sqlite:///claimledger.db' or 'postgresql+psycopg://user:password@host:5432/db'"

# The newest revision under migrations/versions, Alembic's head. A new revision must change it
# (tests/test_store.py fails until it does); a ledger at it needs no migration.
SCHEMA_REVISION = "0010"


def migrations_dir() -> Path:
    """The packaged Alembic script directory (a plain directory of files, not a package)."""
    return Path(str(files("claimledger").joinpath("migrations")))


def parse_url(url: str) -> URL:
    """Parse a database URL, choosing the psycopg 3 driver for plain ``postgresql://`` URLs."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"database URL {url!r} is not an SQLAlchemy URL; use {URL_EXAMPLES}"
        ) from exc
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise StoreError(
            f"database URL {parsed.render_as_string(hide_password=True)!r} names the backend "
            f"{backend!r}; claimledger supports SQLite and PostgreSQL, e.g. {URL_EXAMPLES}"
        )
    return parsed


def open_engine(url: str) -> Engine:
    """Create an engine for ``url``, create the database if needed and migrate it to head."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed)
    else:
        engine = create_engine(parsed, pool_pre_ping=True)
        _ensure_postgres_database(engine)
    try:
        if _is_new_sqlite_file(parsed) or schema_revision(engine) != SCHEMA_REVISION:
            _migrate(engine, parsed)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(_connect_message(parsed, exc)) from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(
            f"could not migrate the database {_shown(parsed)} to the current schema: {exc}"
        ) from exc
    return engine


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for one without claimledger's tables (new)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        versions = connection.execute(text("SELECT version_num FROM alembic_version"))
        found = versions.scalars().all()
    # One row in a linear history; anything else is for Alembic to sort out or refuse.
    return found[0] if len(found) == 1 else None


def _migrate(engine: Engine, parsed: URL) -> None:
    lock = WriterLock(engine)
    try:
        # Two processes opening a new database at once: the second waits, then finds it at head.
        with lock.held():
            _create_sqlite_whole(parsed)
            upgrade(engine)
    finally:
        lock.close()


def _is_new_sqlite_file(parsed: URL) -> bool:
    """An SQLite file not made yet (or left empty). Not connected to before it is migrated:
    connecting would write the file's header (journal_mode=WAL), and it must appear whole."""
    if parsed.get_backend_name() != "sqlite" or is_in_memory(parsed):
        return False
    path = Path(parsed.database or "").expanduser()
    return not path.exists() or path.stat().st_size == 0


def _create_sqlite_whole(parsed: URL) -> None:
    """A new SQLite file is migrated under a temporary name and renamed into place: Python's
    sqlite3 commits each DDL statement on its own, so a run killed while creating the schema
    would otherwise leave tables without ``alembic_version``, a file no later run can open."""
    if not _is_new_sqlite_file(parsed):
        return
    path = Path(parsed.database or "").expanduser()
    temporary = path.with_name(f".{path.name}.creating-{os.getpid()}")
    for stale in path.parent.glob(f".{path.name}.creating-*"):
        # Left by a run killed while creating (under the writer lock: no one is using it).
        stale.unlink(missing_ok=True)
    engine = _sqlite_engine(parsed.set(database=str(temporary)))
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    os.replace(temporary, path)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run ``alembic upgrade head`` (or to ``revision``, for tests of a migration) on
    ``engine`` in one transaction (a no-op when up to date)."""
    # Imported here, not at the top: only a ledger that needs a migration pays for Alembic.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def is_in_memory(url: URL) -> bool:
    """True for an SQLite database that lives in one connection and vanishes with it."""
    return url.get_backend_name() == "sqlite" and (url.database or "") in {"", ":memory:"}


def _sqlite_engine(parsed: URL) -> Engine:
    database = parsed.database or ""
    in_memory = is_in_memory(parsed)
    if not in_memory:
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(
                f"cannot create the SQLite database {database!r}: the directory {str(parent)!r} "
                "does not exist; create it first or give another path"
            )
    connect_args: dict[str, Any] = {"timeout": 30}
    extra: dict[str, Any] = {}
    if in_memory:
        # One shared connection keeps an in-memory database alive for the engine's lifetime;
        # web servers call from worker threads, so it may not be thread-bound (Store then
        # serialises its use: sqlite3 connections must not be used by two threads at once).
        connect_args["check_same_thread"] = False
        extra["poolclass"] = StaticPool
    engine = create_engine(parsed, connect_args=connect_args, **extra)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers go on while one writer writes.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _ensure_postgres_database(engine: Engine) -> None:
    """Connect once; when the database does not exist, create it from the ``postgres`` one."""
    try:
        with engine.connect():
            return
    except OperationalError as exc:
        name = engine.url.database
        if not name or f'"{name}" does not exist' not in str(exc):
            engine.dispose()
            raise StoreError(_connect_message(engine.url, exc)) from exc
    logger.info("creating PostgreSQL database %s", name)
    admin = create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            quoted = admin.dialect.identifier_preparer.quote(name)
            connection.execute(text(f"CREATE DATABASE {quoted}"))
    except SQLAlchemyError as exc:
        if "already exists" in str(exc):  # another process created it meanwhile
            return
        raise StoreError(
            f"the PostgreSQL database {name!r} does not exist and could not be created ({exc}); "
            "create it (createdb) or give a user with the CREATEDB privilege"
        ) from exc
    finally:
        admin.dispose()


def _shown(parsed: URL) -> str:
    return repr(parsed.render_as_string(hide_password=True))


def _connect_message(parsed: URL, exc: Exception) -> str:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if parsed.get_backend_name() == "sqlite":
        return (
            f"cannot open the SQLite database {_shown(parsed)}: {reason}; check that the file "
            "is a claimledger database and that the directory is writable"
        )
    return (
        f"cannot connect to PostgreSQL at {_shown(parsed)}: {reason}; check that the server "
        "is running (scripts/start-postgres.sh starts one for tests) and that the host, port, "
        f"user and password are right, e.g. {URL_EXAMPLES}"
    )
