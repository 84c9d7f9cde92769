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
import hashlib
import logging
import threading
import time
import uuid
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


RUN_SUFFIX = "-run-"
TRY_LOCK = text("SELECT pg_try_advisory_lock(:key)")
# A run's lock file is locked the moment it is made; an unlocked one older than this is a dead
# run's, and a sweep may remove it.
STALE_SECONDS = 60.0


class RunLeases:
    """Which ingest runs are alive, across processes: a run holds its lease while it stores
    documents and extracts them, and the operating system or the server drops the lease when
    its process dies, however it dies.

    A writer resuming a killed run's documents (those stored without their claims) leaves
    alone those of a run that is still alive: it is extracting them, and extracting them
    here too would only do its work twice (recording is done once either way, under the writer
    lock). SQLite file: an exclusive ``flock`` on ``ledger.db-run-<id>.lock`` beside the
    database; PostgreSQL: a session advisory lock keyed by the schema and the run, on a
    connection of the run's own; in-memory SQLite: one process, so the runs of this object.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._mine: set[str] = set()
        self._guard = threading.Lock()
        writer = lock_path(engine.url)  # beside the writer lock: ledger.db-run-<id>.lock
        self._prefix = (
            None
            if writer is None
            else writer.with_name(writer.name.removesuffix(LOCK_SUFFIX) + RUN_SUFFIX)
        )

    @contextmanager
    def held(self) -> Iterator[str]:
        """A new run's id, its lease held until the block ends."""
        run = uuid.uuid4().hex
        with self._guard:
            self._mine.add(run)
        try:
            if self._prefix is not None:
                with _file_lease(self._prefix, run):
                    yield run
            elif self.engine.dialect.name == "postgresql":
                with self._pg_lease(run):
                    yield run
            else:
                yield run
        finally:
            with self._guard:
                self._mine.discard(run)

    def alive(self, run: str) -> bool:
        """Whether the run ``run`` still holds its lease (in this process or another)."""
        with self._guard:
            if run in self._mine:
                return True
        if self._prefix is not None:
            return _file_alive(self._prefix, run)
        if self.engine.dialect.name == "postgresql":
            return self._pg_alive(run)
        return False

    @contextmanager
    def _pg_lease(self, run: str) -> Iterator[None]:
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # Held by this connection's session, which the process's death ends. The pool
            # keeps the session when the connection goes back to it: unlocked explicitly.
            key = _run_key(connection, run)
            connection.execute(LOCK, {"key": key})
            try:
                yield
            finally:
                try:
                    connection.execute(UNLOCK, {"key": key})
                except BaseException:
                    connection.invalidate()  # ends the session, and the lock with it
                    raise

    def _pg_alive(self, run: str) -> bool:
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            key = _run_key(connection, run)
            if not connection.execute(TRY_LOCK, {"key": key}).scalar():
                return True
            connection.execute(UNLOCK, {"key": key})
            return False


def _run_key(connection: Connection, run: str) -> int:
    """An advisory-lock key for one run of the ledger, apart from the writer lock's."""
    schema = connection.execute(text("SELECT current_schema()")).scalar() or ""
    digest = hashlib.blake2b(f"claimledger.run:{schema}:{run}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def _run_file(prefix: Path, run: str) -> Path:
    return prefix.with_name(f"{prefix.name}{run}.lock")


@contextmanager
def _file_lease(prefix: Path, run: str) -> Iterator[None]:
    path = _run_file(prefix, run)
    with path.open("ab") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
    _sweep(prefix)


def _file_alive(prefix: Path, run: str) -> bool:
    try:
        handle = _run_file(prefix, run).open("rb")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
    return False


def _sweep(prefix: Path) -> None:
    """Remove the lock files killed runs left (unlocked, and older than a minute: a run locks
    its file the moment it makes it)."""
    now = time.time()
    for path in prefix.parent.glob(f"{prefix.name}*.lock"):
        try:
            if now - path.stat().st_mtime < STALE_SECONDS:
                continue
            with path.open("rb") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                path.unlink(missing_ok=True)
        except (BlockingIOError, FileNotFoundError):
            continue
