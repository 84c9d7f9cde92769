"""Resolve: mentions to entities across spellings, scripts and documents.

``keys`` turns names into transliteration-aware keys, ``aliases`` harvests "known as" links from
text, ``resolver`` clusters mentions into entities with context, ``watchlist`` loads known
entities to seed the index.
"""

from claimledger.resolve.aliases import AliasLink, harvest_aliases
from claimledger.resolve.context import DocumentContext, years_in
from claimledger.resolve.index import EntityIndex
from claimledger.resolve.keys import latin, name_key, name_tokens, similarity, skeleton
from claimledger.resolve.resolver import Resolver
from claimledger.resolve.watchlist import load_watchlist

__all__ = [
    "AliasLink",
    "DocumentContext",
    "EntityIndex",
    "Resolver",
    "harvest_aliases",
    "latin",
    "load_watchlist",
    "name_key",
    "name_tokens",
    "similarity",
    "skeleton",
    "years_in",
]
