"""Floors for the evaluation's ratchet: a metric below its floor fails the run.

A floors file is JSON, ``{"about": "...", "floors": {"metric": value, ...}}`` (a bare mapping of
metrics works too). Keys are the metric names an evaluation reports; the facts-only evaluation
also reports each language's figures as ``<language>.<metric>`` (``"en.event_recall"``), so a
floor can hold for one language. Counts of mistakes (wrong merges, split persons, claims about
the wrong person) are ceilings: they fail above the value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from claimledger.errors import InputError

# Lower-is-better metrics; every other metric is higher-is-better.
LOWER_IS_BETTER = frozenset({"wrong_merges", "misattributed_claims", "persons_split"})


def is_ceiling(metric: str) -> bool:
    """Whether ``metric`` (possibly ``<language>.<metric>``) is a count of mistakes."""
    return metric.rpartition(".")[2] in LOWER_IS_BETTER


def below_floors(metrics: Mapping[str, float], floors: Mapping[str, float]) -> list[str]:
    """The metrics that fall short of their floor, as readable lines (empty when all pass)."""
    failures = []
    for name, floor in floors.items():
        value = metrics.get(name)
        if value is None:
            failures.append(f"{name}: missing from the evaluation")
        elif is_ceiling(name) and value > floor:
            failures.append(f"{name}: {value} is above the ceiling {floor}")
        elif not is_ceiling(name) and value < floor:
            failures.append(f"{name}: {value} is below the floor {floor}")
    return failures


def load_floors(path: Path) -> dict[str, float]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read the floors: {exc}") from None
    floors = data.get("floors", data) if isinstance(data, dict) else None
    if not isinstance(floors, dict):
        raise InputError(str(path), 'floors need a JSON object {"floors": {"metric": value}}')
    return {str(k): float(v) for k, v in floors.items() if isinstance(v, int | float)}
