"""The HTTP API fuzzed from its own OpenAPI schema (schemathesis, in process over ASGI).

Every operation gets generated parameters and bodies; no answer may be a server error, have a
status, content type or headers the schema does not declare, or a body its schema rejects.
Writes are sent with the token, so ``POST /api/documents`` really ingests what is generated.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks
from schemathesis.schemas import BaseSchema
from sqlalchemy import create_engine, text

from claimledger.api import create_app
from claimledger.settings import Settings
from claimledger.store import Store
from claimledger.store.engine import parse_url
from conftest import postgres_url

TOKEN = "schema-token"
# Examples per operation and mode: 50 cases on two backends in under a minute in CI; set
# CLAIMLEDGER_SCHEMA_EXAMPLES for a longer run (the figures in the README's API section).
EXAMPLES = int(os.environ.get("CLAIMLEDGER_SCHEMA_EXAMPLES", "15"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def _cases() -> list[tuple[str, str, GenerationMode]]:
    """(method, path, mode) of every operation, positive; negative too where the schema has
    something to violate (parameters with types or bounds, a body). The schema does not depend
    on the data: an app that is never started (no database opened) lists it at collection."""
    paths = create_app(Settings(db="sqlite://")).openapi()["paths"]
    cases = []
    for path, operations in sorted(paths.items()):
        for method, operation in operations.items():
            cases.append((method.upper(), path, GenerationMode.POSITIVE))
            if _constrained(operation):
                cases.append((method.upper(), path, GenerationMode.NEGATIVE))
    return cases


def _constrained(operation: dict) -> bool:
    if "requestBody" in operation:
        return True
    schemas = [p["schema"] for p in operation.get("parameters", ())]
    return any(schema.get("type") != "string" or len(schema) > 2 for schema in schemas)


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def api_schema(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BaseSchema]:
    """The schema of an app over the small hand-built ledger, once per database backend."""
    if request.param == "sqlite":
        yield from _schema_over(f"sqlite:///{tmp_path_factory.mktemp('schema') / 'ledger.db'}")
        return
    with postgres_schema() as url:
        yield from _schema_over(url)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A PostgreSQL URL on a fresh schema of its own, dropped afterwards (as conftest's
    per-test fixture, for the whole module)."""
    base = parse_url(postgres_url())
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        url = base.update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()


def _schema_over(url: str) -> Iterator[BaseSchema]:
    from test_web import build_ledger

    with Store.open(url) as store:
        build_ledger(store)
        app = create_app(Settings(db=url, token=TOKEN), store=store)
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize(("method", "path", "mode"), _cases())
def test_api_keeps_its_schema(
    api_schema: BaseSchema, method: str, path: str, mode: GenerationMode
) -> None:
    """Valid requests (positive) and requests that break the schema (negative): neither may
    get a server error or an answer the schema does not describe."""
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,  # the same examples on every run, on every machine
        derandomize=True,
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)

    run()
