"""The pipeline's own duties: dates from the dateline, failures isolated, order kept."""

from __future__ import annotations

from datetime import date

import pytest

from claimledger.pipeline import ingest_items
from claimledger.store import Store
from claimledger.types import Document, InputFailure

pytestmark = pytest.mark.slow


def test_a_missing_date_comes_from_the_dateline_and_is_marked(sqlite_store: Store) -> None:
    datelined = Document(
        text="OSLO, March 4, 2019 (Reuters) - The police said John Roe was arrested on Sunday.",
        id="datelined",
        language="en",
    )
    # A year the body mentions is no publication date: this one stays undated.
    undated = Document(
        text="On March 3, 2019, the police said John Roe was arrested in Oslo.",
        id="undated",
        language="en",
    )
    dated = Document(
        text="On May 1, 2018, Jane Roe was detained, officials said.",
        id="dated",
        published_at=date(2018, 5, 2),
        language="en",
    )
    outcomes = list(ingest_items([datelined, undated, dated], sqlite_store))
    assert [o.status for o in outcomes] == ["new", "new", "new"]
    found = {d: sqlite_store.get_document(d) for d in ("datelined", "undated", "dated")}
    assert all(found.values())
    dates = {d: (s.published_at, s.published_at_estimated) for d, s in found.items() if s}
    assert dates == {
        "datelined": (date(2019, 3, 4), True),
        "undated": (None, False),
        "dated": (date(2018, 5, 2), False),
    }


def test_outcomes_come_in_input_order_with_failures_in_place(sqlite_store: Store) -> None:
    killed = "Rebels said the commander Omar Qadiri was killed on Monday."
    items = [
        Document(text=killed, id="a", language="en"),
        InputFailure("bad.jsonl", "not JSON", line=2),
        Document(text=killed, id="a", language="en"),
        Document(
            text="The court said Lena Varga was sentenced to two years.", id="b", language="en"
        ),
    ]
    outcomes = list(ingest_items(items, sqlite_store))
    assert [(o.document_id, o.status) for o in outcomes] == [
        ("a", "new"),
        (None, "failed"),
        ("a", "present"),
        ("b", "new"),
    ]
    assert outcomes[0].claims >= 1 and outcomes[3].claims >= 1
