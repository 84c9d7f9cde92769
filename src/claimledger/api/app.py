"""The HTTP API's application: settings, the store, one error shape, tokens, size limits.

Routes live in ``claimledger.api.routes`` and call the same library functions as the CLI.
Every error, whatever raised it, leaves as ``{"ok": false, "error": ..., "status": ...}``.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimledger import __version__
from claimledger.api.security import SecurityHeaders
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings
from claimledger.store import Store

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 10 * 1024 * 1024  # a JSONL batch larger than this belongs to the CLI


class ApiError(Exception):
    """An error with an HTTP status, rendered in the one error shape."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


class BodySizeLimit:
    """Refuse request bodies over a limit before reading them (413), by header or by count."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = error_response(413, f"request body over {self.max_bytes} bytes")
            await response(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise ApiError(413, f"request body over {self.max_bytes} bytes")
            return message

        await self.app(scope, counting_receive, send)


class _App(FastAPI):
    """FastAPI with the security headers outermost, so even a 500 carries them."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the API (and, mounted on it, the web pages) for one ledger database."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or Store.open(settings.db)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = _App(
        title="claimledger",
        version=__version__,
        description="A ledger of claims made in the news: has this been claimed before, "
        "by whom, and how did it turn out?",
        lifespan=lifespan,
        docs_url=None,  # served from packaged assets by claimledger.api.docs
        redoc_url=None,
        dependencies=[Depends(refuse_nul)],
    )
    app.state.settings = settings
    if store is not None:
        app.state.store = store
    _install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["*"]
        )
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)

    from claimledger.api import export_routes, ledger_routes, routes
    from claimledger.api.docs import install_docs
    from claimledger.web import routes as web

    install_docs(app)
    app.include_router(routes.router)
    app.include_router(ledger_routes.router)
    app.include_router(export_routes.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(packages=[("claimledger", "static")]), name="static")
    return app


def wants_page(request: Request) -> bool:
    """True for a browser asking for a web page (not /api): its errors are pages too."""
    path = request.url.path
    return not path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str) -> Response:
    if wants_page(request):
        from claimledger.web.routes import error_page

        return error_page(request, status, message)
    return error_response(status, message)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        return _error(request, 422, f"invalid request: {problems}")

    @app.exception_handler(ClaimledgerError)
    async def claimledger_error(request: Request, exc: ClaimledgerError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        # A bug, never the client's fault: the error shape still, and the traceback in the log
        # (Starlette logs it and re-raises after this answer is sent).
        return error_response(500, "internal error; the server log has the details")


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _token_matches(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def require_write(request: Request) -> None:
    """Writes need CLAIMLEDGER_TOKEN as a bearer token; without a configured token, no writes."""
    expected = request.app.state.settings.token
    if not expected:
        raise ApiError(401, "writes are disabled: the server has no CLAIMLEDGER_TOKEN set")
    if not _token_matches(_bearer(request), expected):
        raise ApiError(401, "this endpoint needs 'Authorization: Bearer <CLAIMLEDGER_TOKEN>'")


def require_read(request: Request) -> None:
    """Reads are open unless CLAIMLEDGER_READ_TOKEN is set."""
    expected = request.app.state.settings.read_token
    if expected and not _token_matches(_bearer(request), expected):
        raise ApiError(401, "reads need 'Authorization: Bearer <CLAIMLEDGER_READ_TOKEN>'")


def refuse_nul(request: Request) -> None:
    """Refuse a NUL character in the path or query (``%00``), alike on every database.

    Nothing stored holds one (ingest refuses it in ids, URLs and languages and removes it from
    text), and PostgreSQL cannot even compare text with it: it would refuse the query while
    SQLite answers "not found".
    """
    for name, value in (*request.path_params.items(), *request.query_params.multi_items()):
        if "\x00" in name or "\x00" in str(value):
            raise ApiError(
                400, f"parameter {name!r} holds a NUL character (%00), which no id or name holds"
            )


StoreDep = Annotated[Store, Depends(get_store)]
