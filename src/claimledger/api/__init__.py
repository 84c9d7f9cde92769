"""The HTTP API (FastAPI): `create_app()` builds it; `claimledger serve` runs it."""

from claimledger.api.app import create_app

__all__ = ["create_app"]
