"""The API's documentation: an OpenAPI schema that says everything, and pages that work offline.

``/docs`` (Swagger UI) and ``/redoc`` load their scripts and styles from the installed
``fastapi-offline`` package (which ships ``swagger-ui-bundle.js``, ``swagger-ui.css`` and
``redoc.standalone.js``), served under ``/docs-assets``; no CDN is asked for anything.

The schema FastAPI builds is completed here, in one place: the bearer token (required for
writes, optional for reads: only a server with ``CLAIMLEDGER_READ_TOKEN`` asks for it) and the
one error shape for every 4xx answer, instead of FastAPI's own validation-error model, which
this API never sends.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from claimledger.api.schemas import ErrorOut, ExportOut
from claimledger.api.security import CSP, script_hashes

ASSETS = "/docs-assets"
ASSETS_PACKAGE = ("fastapi_offline", "static")
BEARER = "bearer"
WRITE_SECURITY: list[dict[str, list[str]]] = [{BEARER: []}]
READ_SECURITY: list[dict[str, list[str]]] = [{}, {BEARER: []}]  # {}: no token needed

# Swagger UI and ReDoc build their pages in the browser: inline styles, data: images,
# blob: workers (ReDoc), and their one inline start-up script, allowed by its hash.
_DOCS_POLICY = (
    "default-src 'self'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_BEARER_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "Writes need CLAIMLEDGER_TOKEN; reads need CLAIMLEDGER_READ_TOKEN when the "
    "server sets one.",
}


def install_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc from packaged assets and complete the schema (see module doc)."""
    app.mount(ASSETS, StaticFiles(packages=[ASSETS_PACKAGE]), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} API",
            swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from elsewhere
        )
        return _with_policy(page)

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} API",
            redoc_js_url=f"{root}{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
        return _with_policy(page)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = complete_schema(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _with_policy(page: HTMLResponse) -> HTMLResponse:
    scripts = script_hashes(bytes(page.body).decode("utf-8"))
    page.headers[CSP] = _DOCS_POLICY.format(scripts=scripts)
    return page


def complete_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the bearer token and the error shape on every operation."""
    components = schema.setdefault("components", {})
    components.setdefault("securitySchemes", {})[BEARER] = _BEARER_SCHEME
    schemas = components.setdefault("schemas", {})
    for model in (ErrorOut, ExportOut):  # named by $ref only, not by a route's model
        schemas[model.__name__] = model.model_json_schema()
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    error = {
        "description": "A refused request, in the one error shape (400 bad body, 401 token, "
        "404 not found, 413 too large, 422 invalid parameter).",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            responses["4XX"] = error
            operation.setdefault("security", READ_SECURITY)
    return schema
