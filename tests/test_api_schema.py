"""The HTTP API fuzzed from its own OpenAPI schema (schemathesis, in process over ASGI).

Every operation gets generated parameters and bodies; no answer may be a server error, have a
status, content type or headers the schema does not declare, or a body its schema rejects.
Writes are sent with the token, so ``POST /api/documents`` really ingests what is generated.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.schemas import BaseSchema

from claimledger.api import create_app
from claimledger.settings import Settings
from claimledger.store import Store

TOKEN = "schema-token"
EXAMPLES = 15  # per operation: about 20 operations in well under a minute
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def _operations() -> list[tuple[str, str]]:
    # The schema does not depend on the data: an app that is never started (no database
    # opened) lists the operations at collection time.
    paths = create_app(Settings(db="sqlite://")).openapi()["paths"]
    return [(method.upper(), path) for path, ops in sorted(paths.items()) for method in ops]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BaseSchema]:
    from test_web import build_ledger

    url = f"sqlite:///{tmp_path_factory.mktemp('schema') / 'ledger.db'}"
    with Store.open(url) as store:
        build_ledger(store)
        app = create_app(Settings(db=url, token=TOKEN), store=store)
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize(("method", "path"), _operations())
def test_api_keeps_its_schema(api_schema: BaseSchema, method: str, path: str) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
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
