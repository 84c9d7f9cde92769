"""Read a gold file and tell its format from its top-level keys.

Two formats are understood:

- **seed** (``../shared/data/seed/gold.yaml``): ``entities`` with names, ``events`` whose claims
  carry ``doc`` and the quoted ``text``; scored by ``claimledger.evaluate.seed``;
- **facts-only** (``../shared/data/realnews-dev/gold.yaml``): ``articles``, ``events`` whose claims
  carry ``article``, ``claimant`` and ``modality``, and ``aliases`` per person; scored by
  ``claimledger.evaluate.facts`` with the reference scorer's rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claimledger.errors import InputError
from claimledger.evaluate.facts_gold import FactsGold, is_facts_gold, read_facts_gold

EXPECTED = (
    "expected a gold file in the seed format (top-level 'entities' and 'events', claims with "
    "doc and text) or in the facts-only format (top-level 'articles', 'events' and 'aliases', "
    "claims with article, claimant and modality)"
)


@dataclass(frozen=True, slots=True)
class SeedGold:
    """Seed-format annotations, as the mapping the seed scorer reads."""

    data: Mapping[str, Any]


Gold = SeedGold | FactsGold


def read_gold(path: Path) -> Gold:
    """The gold file at ``path`` in whichever format it is written."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the gold annotations: {exc}") from None
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"not YAML ({_yaml_problem(exc)}); {EXPECTED}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), f"not a mapping of annotations; {EXPECTED}")
    if "entities" in data and "events" in data:
        return SeedGold(data)
    if is_facts_gold(data):
        return read_facts_gold(data, str(path))
    keys = ", ".join(repr(k) for k in data) or "none"
    raise InputError(str(path), f"unknown gold format (top-level keys: {keys}); {EXPECTED}")


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """The YAML error in one line: what, and on which line."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)
