"""Database fixtures shared by every test that needs a ledger.

``store`` (and ``db_url``) run a test on SQLite (a temp file) and on PostgreSQL. PostgreSQL comes
from ``CLAIMLEDGER_TEST_PG_URL`` (``bash scripts/start-postgres.sh`` starts a server and prints
one); each test gets a schema of its own, dropped afterwards, so tests never see each other's
rows even when several test runs share the server. Without the variable the PostgreSQL cases
are skipped locally, but fail under CI (``CI`` set) so CI cannot silently skip them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claimledger.store import Store
from claimledger.store.engine import parse_url

PG_ENV = "CLAIMLEDGER_TEST_PG_URL"


def postgres_url() -> str:
    """The test server's URL, or skip (fail under CI) with what to do about it."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    message = (
        f"{PG_ENV} is not set; start PostgreSQL with "
        f"'export {PG_ENV}=\"$(bash scripts/start-postgres.sh)\"'"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose connections use a fresh, empty schema (dropped after the test)."""
    base = parse_url(postgres_url())
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]
)
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database, once per backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_schema_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open, migrated, empty ledger, once on SQLite and once on PostgreSQL."""
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    """An open, migrated, empty SQLite ledger, for tests that need only one backend."""
    with Store.open(sqlite_url) as opened:
        yield opened
