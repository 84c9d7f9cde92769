"""Questions asked of the ledger: a person's timeline, "has this been claimed before?", origins.

These are the service functions the CLI, the HTTP API and the web pages share; each takes a
Store and returns typed records, so the adapters only format. One module per concern:

- ``people``: an entity by id or by any name or spelling, the most contested people;
- ``timeline``: a person's events leading with their claims, the person page's filters;
- ``origins``: track records, how each reads, one origin in detail;
- ``check``: a text's claims against the ledger, or the nearest stored claims;
- ``listings``: filtered claims and events, recent events, one document's claims;
- ``stats``: the ledger's counts as the listings count them.

Every name is importable from ``claimledger.queries`` itself, as before the split.
"""

from claimledger.queries.check import (
    CHECK_LANGUAGE_CONFIDENCE,
    CheckAnswer,
    Finding,
    SimilarClaim,
    check,
    check_language,
)
from claimledger.queries.listings import (
    ClaimFilter,
    DocumentClaims,
    document_with_claims,
    event_statuses,
    list_claims,
    list_events,
    recent_events,
)
from claimledger.queries.origins import (
    MIN_RESOLVED,
    OriginDetail,
    OriginStanding,
    claim_origin,
    merged_records,
    origin_detail,
    origin_keys,
    origin_person,
    sources,
    standing,
    standings,
)
from claimledger.queries.people import (
    PersonSummary,
    contested_people,
    find_entities,
    get_entity,
    resolve_person,
)
from claimledger.queries.stats import LedgerStats, ledger_stats
from claimledger.queries.timeline import (
    Timeline,
    TimelineEvent,
    TimelineFilter,
    event_detail,
    origin_records,
    timeline,
)

__all__ = [
    "CHECK_LANGUAGE_CONFIDENCE",
    "MIN_RESOLVED",
    "CheckAnswer",
    "ClaimFilter",
    "DocumentClaims",
    "Finding",
    "LedgerStats",
    "OriginDetail",
    "OriginStanding",
    "PersonSummary",
    "SimilarClaim",
    "Timeline",
    "TimelineEvent",
    "TimelineFilter",
    "check",
    "check_language",
    "claim_origin",
    "contested_people",
    "document_with_claims",
    "event_detail",
    "event_statuses",
    "find_entities",
    "get_entity",
    "ledger_stats",
    "list_claims",
    "list_events",
    "merged_records",
    "origin_detail",
    "origin_keys",
    "origin_person",
    "origin_records",
    "recent_events",
    "resolve_person",
    "sources",
    "standing",
    "standings",
    "timeline",
]
