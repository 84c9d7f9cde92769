"""claimledger: a ledger of claims made in the news."""

from claimledger.types import Claim, Document, Entity, Event, InputFailure, Mention, TimeSpan

__version__ = "0.1.0"

__all__ = ["Claim", "Document", "Entity", "Event", "InputFailure", "Mention", "TimeSpan"]
