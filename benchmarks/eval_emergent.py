"""Headline modality on the Emergent test split (Ferreira & Vlachos 2016).

Each headline is classified by ``modality_of_text`` (general cue lists, no training) and its
modality mapped to Emergent's stance: asserted -> for, hedged -> observing, denied or
retracted -> against. Prints accuracy, per-class precision/recall and the confusion matrix,
next to the published feature model (accuracy 0.733 on the same rows).

    .venv/bin/python benchmarks/eval_emergent.py [--data DIR] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import logging
from collections import Counter
from pathlib import Path

from claimledger.extract.modality import modality_of_text

logger = logging.getLogger(__name__)

DEFAULT_DATA = Path("/work/shared/data/emergent-test")
FILE_NAME = "emergent_test_headline_stance.csv"
STANCES = ("for", "observing", "against")
TO_STANCE = {"asserted": "for", "hedged": "observing", "denied": "against", "retracted": "against"}
PUBLISHED_ACCURACY = 0.733


def evaluate(data_dir: Path) -> tuple[Counter[tuple[str, str]], list[tuple[str, str, str]]]:
    """(gold, predicted) counts and the misclassified (headline, gold, predicted) rows."""
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    with (data_dir / FILE_NAME).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            gold = row["stance"]
            predicted = TO_STANCE[modality_of_text(row["articleHeadline"])]
            confusion[gold, predicted] += 1
            if gold != predicted:
                errors.append((row["articleHeadline"], gold, predicted))
    return confusion, errors


def report(confusion: Counter[tuple[str, str]]) -> None:
    total = sum(confusion.values())
    right = sum(confusion[s, s] for s in STANCES)
    print(f"Emergent test headlines: {total}")
    print(f"accuracy {right / total:.3f}  (published Ferreira & Vlachos 2016: "
          f"{PUBLISHED_ACCURACY:.3f})")  # fmt: skip
    print("\nconfusion (rows gold, columns predicted)")
    print(f"{'':>10}" + "".join(f"{s:>11}" for s in STANCES))
    for gold in STANCES:
        print(f"{gold:>10}" + "".join(f"{confusion[gold, p]:>11}" for p in STANCES))
    print()
    for stance in STANCES:
        tp = confusion[stance, stance]
        predicted = sum(confusion[g, stance] for g in STANCES)
        actual = sum(confusion[stance, p] for p in STANCES)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        print(f"{stance:>10}: precision {precision:.3f} recall {recall:.3f} (n={actual})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="emergent-test folder")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors")
    args = parser.parse_args()
    confusion, errors = evaluate(args.data)
    report(confusion)
    for headline, gold, predicted in errors[: args.errors]:
        print(f"  gold {gold:<9} got {predicted:<9} {headline}")


if __name__ == "__main__":
    main()
