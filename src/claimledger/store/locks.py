"""One writer at a time per ledger, across processes: the lock writers hold while they change it.

Several ``claimledger ingest`` processes may share a ledger. Each keeps the entity index in
memory, so resolving a document against it, and recording the result, must see every other
writer's entities: a writer takes this lock, reads what others changed since it last looked,
resolves, records and lets go (``claimledger.pipeline.Ledger``). Migrating a new database takes
it too, so two processes opening one at the same moment do not both create the tables.

- SQLite file: ``flock`` on a lock file beside the database (``ledger.db-writer.lock``). It is
  a process-level lock, so the holder may use any number of its own connections meanwhile
  (SQLite's own ``BEGIN IMMEDIATE`` would bind the lock to one connection).
- PostgreSQL: a session-level advisory lock on a connection of its own (kept open, in autocommit,
  so taking the lock costs one round trip), keyed by the schema, so ledgers in other schemas of
  the same database do not wait for each other.
- In-memory SQLite: one process by definition; a thread lock.

The lock is re-entrant within a process (a thread lock counts the depth), and the operating
system or the server drops it when its process dies, so a killed writer never leaves it held.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

logger = logging.getLogger(__name__)

LOCK_SUFFIX = "-writer.lock"
LOCK = text("SELECT pg_advisory_lock(:key)")
UNLOCK = text("SELECT pg_advisory_unlock(:key)")


def lock_path(url: URL) -> Path | None:
    """The lock file of an SQLite file database (None for other databases)."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in {"", ":memory:"}:
        return None
    return Path(database).expanduser().resolve().with_name(Path(database).name + LOCK_SUFFIX)


class WriterLock:
    """The ledger-wide writer lock of one engine; ``with lock.held(): ...``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._file: IO[bytes] | None = None
        self._connection: Connection | None = None
        self._pg_key: int | None = None
        self._path = lock_path(engine.url)

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0:
                self._acquire()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release()

    def close(self) -> None:
        with self._thread_lock:
            if self._file is not None:
                self._file.close()
                self._file = None
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _acquire(self) -> None:
        if self._path is not None:
            if self._file is None:
                self._file = self._path.open("ab")
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
        elif self.engine.dialect.name == "postgresql":
            if self._connection is None:
                connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                self._pg_key, self._connection = _key(connection), connection
            try:
                self._connection.execute(LOCK, {"key": self._pg_key})
            except BaseException:
                self._drop_connection()  # a broken connection: the next call opens another
                raise

    def _release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        if self._connection is not None:
            try:
                self._connection.execute(UNLOCK, {"key": self._pg_key})
            except BaseException:
                self._drop_connection()  # closing it ends the session, and the lock with it
                raise

    def _drop_connection(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.invalidate()
            connection.close()


def _key(connection: Connection) -> int:
    """An advisory-lock key for the ledger: the connection's schema, hashed to 32 bits."""
    schema = connection.execute(text("SELECT current_schema()")).scalar() or ""
    return zlib.crc32(f"claimledger.writer:{schema}".encode())
