"""The ledger database: SQLite by default, PostgreSQL for teams, migrated with Alembic."""

from claimledger.store.records import AddResult, StoredDocument, default_alias_key
from claimledger.store.store import Store

__all__ = ["AddResult", "Store", "StoredDocument", "default_alias_key"]
