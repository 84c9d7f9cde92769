"""The ``claimledger`` command line (console script ``claimledger.cli:main``)."""

from claimledger.cli.app import app, main

__all__ = ["app", "main"]
