"""Hand-made records for the ledger and assessment tests."""

from __future__ import annotations

from datetime import date

from claimledger.types import Claim, TimeSpan


def span(text: str) -> TimeSpan:
    """ "2015", "2015-03" or "2015-03-18" as an inclusive TimeSpan of that precision."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return TimeSpan(d, d, text, "day")
    if len(parts) == 2:
        y, m = parts
        end = date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
        return TimeSpan(date(y, m, 1), date.fromordinal(end), text, "month")
    return TimeSpan(date(parts[0], 1, 1), date(parts[0], 12, 31), text, "year")


def claim(cid: str, **fields: object) -> Claim:
    """A killed claim about person-x in d1; ``when`` may be given as text for ``span``."""
    base: dict[str, object] = {
        "document_id": "d1",
        "subject": "X",
        "subject_id": "person-x",
        "predicate": "killed",
        "modality": "asserted",
        "quote": f"quote {cid}",
        "start": 0,
        "end": 10,
        "extractor": "test",
        "id": cid,
    }
    if isinstance(fields.get("when"), str):
        fields["when"] = span(str(fields["when"]))
    base.update(fields)
    return Claim(**base)  # type: ignore[arg-type]
