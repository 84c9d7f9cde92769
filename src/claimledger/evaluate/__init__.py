"""The evaluation: score a ledger export against hand annotations (gold).

The evaluation reads the public export format (``claimledger.export.v1``), so it measures what
outside tools see. One module per concern:

- ``gold``: read a gold file and tell its format (seed, or facts-only);
- ``seed``: the seed format's scorer (``../shared/data/seed/gold.yaml``);
- ``facts_gold`` and ``facts``: the facts-only format (``../shared/data/realnews-dev/gold.yaml``)
  and its scorer, with the reference scorer's rules (``../shared/tools/score.py``);
- ``floors``: the ratchet;
- ``run``: get an export (a fresh ledger built by the pipeline, or an export file) and score it.
"""

from claimledger.evaluate.facts import FactsEvaluation, FactsScore, Finding, score_facts
from claimledger.evaluate.facts_gold import FactsGold, read_facts_gold
from claimledger.evaluate.floors import LOWER_IS_BETTER, below_floors, load_floors
from claimledger.evaluate.gold import Gold, SeedGold, read_gold
from claimledger.evaluate.run import (
    Evaluation,
    evaluate_corpus,
    export_corpus,
    load_export,
    realnews_cache,
    run_evaluation,
)
from claimledger.evaluate.seed import (
    Report,
    accepted_statuses,
    evaluate,
    gold_span,
    kind,
    per_person,
)

__all__ = [
    "LOWER_IS_BETTER",
    "Evaluation",
    "FactsEvaluation",
    "FactsGold",
    "FactsScore",
    "Finding",
    "Gold",
    "Report",
    "SeedGold",
    "accepted_statuses",
    "below_floors",
    "evaluate",
    "evaluate_corpus",
    "export_corpus",
    "gold_span",
    "kind",
    "load_export",
    "load_floors",
    "per_person",
    "read_facts_gold",
    "read_gold",
    "realnews_cache",
    "run_evaluation",
    "score_facts",
]
