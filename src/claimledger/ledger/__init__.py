"""The ledger: claims about the same real occurrence become one event; claims trace to origins.

- ``grouping``: claims -> ``EventDraft`` (rule set ``ledger.rules.v2``, rules in its docstring);
- ``spans`` and ``places``: when two claims' times and places are compatible;
- ``origins``: the first claimant of a claim, and which claims are independent;
- ``keys``: claim identity, event kinds and the ``EventDraft`` record.
"""

from claimledger.ledger.grouping import RULES_NAME, assign_event, group_events, link_claims
from claimledger.ledger.keys import (
    EVENT_KINDS,
    LIFE_KINDS,
    EventDraft,
    claim_key,
    index_claims,
    kind_of,
    subject_key,
)
from claimledger.ledger.origins import (
    UNNAMED_REPORTS,
    document_of,
    independence_key,
    independent_origins,
    is_hearsay,
    is_recounted,
    is_unnamed,
    named_origins,
    normalize_name,
    origin_groups,
    origin_key,
    origin_label,
    origin_name,
    origin_words,
    preferred_name,
    trace_origin,
)
from claimledger.ledger.places import place_tokens, places_compatible, places_match
from claimledger.ledger.spans import spans_compatible, year_inferred

__all__ = [
    "EVENT_KINDS",
    "LIFE_KINDS",
    "RULES_NAME",
    "UNNAMED_REPORTS",
    "EventDraft",
    "assign_event",
    "claim_key",
    "document_of",
    "group_events",
    "independence_key",
    "independent_origins",
    "index_claims",
    "is_hearsay",
    "is_recounted",
    "is_unnamed",
    "kind_of",
    "link_claims",
    "named_origins",
    "normalize_name",
    "origin_groups",
    "origin_key",
    "origin_label",
    "origin_name",
    "origin_words",
    "place_tokens",
    "places_compatible",
    "places_match",
    "preferred_name",
    "spans_compatible",
    "subject_key",
    "trace_origin",
    "year_inferred",
]
