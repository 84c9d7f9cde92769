"""The ``serve`` command: the HTTP API and the web pages."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger.cli.common import DbOption, fail, refuse_missing_ledger
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI schema at /docs) and the web pages.

    Writes need CLAIMLEDGER_TOKEN sent as a bearer token; reads are open unless
    CLAIMLEDGER_READ_TOKEN is set.

    Example:

        CLAIMLEDGER_TOKEN=secret claimledger serve --db sqlite:///sample.db --port 8000
    """
    import uvicorn

    from claimledger.api import create_app

    try:
        settings = Settings.from_env(db=db)
    except ClaimledgerError as exc:
        raise fail(str(exc), code=2) from None
    refuse_missing_ledger(settings.db)  # a mistyped --db would serve a new, empty ledger
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
