"""Errors that teach: each names what was wrong, where, and what would be accepted."""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base class for every error claimledger raises on purpose."""


class InputError(ClaimledgerError):
    """An input file (or one record in it) cannot be read; the run reports it and goes on."""

    def __init__(self, origin: str, reason: str, line: int | None = None) -> None:
        self.origin = origin
        self.reason = reason
        self.line = line
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {reason}")


class StoreError(ClaimledgerError):
    """The database cannot be opened or written; nothing stored was changed."""


class SettingsError(ClaimledgerError):
    """A setting has a value that is not accepted."""
