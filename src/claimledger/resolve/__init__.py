"""Resolve: mentions to entities across spellings, scripts and documents.

Each module is imported by name (the package imports none of them), so code that needs one
does not load the others: the store needs only ``keys``, and a command that reads the ledger
should not pay for the resolver and the YAML reader of the watchlist.

- ``keys``: transliteration-aware name keys (``name_key``, ``latin``, ``similarity``);
- ``aliases``: "known as" links harvested from text (``harvest_aliases``, ``AliasLink``);
- ``resolver``: mentions clustered into entities with context (``Resolver``);
- ``index``: the entities and their keyed names (``EntityIndex``);
- ``context``: what a document says of its time and subject (``DocumentContext``);
- ``affiliation``: the groups a person belongs to; ``russian``: Russian names in the nominative;
- ``watchlist``: known entities that seed the index (``load_watchlist``).
"""
