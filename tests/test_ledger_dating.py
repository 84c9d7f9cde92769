"""Dating an undated document by the events the ledger knows (``claimledger.ledger.dating``)."""

from __future__ import annotations

from datetime import date

import pytest

from claimledger.ledger.dating import ledger_date
from claimledger.pipeline import ingest_items
from claimledger.store import Store
from claimledger.types import Document, TimeSpan


def _day(y: int, m: int, d: int) -> TimeSpan:
    return TimeSpan(date(y, m, d), date(y, m, d), "", "day")


def test_a_yearless_day_in_one_events_year_dates_the_document() -> None:
    told = [([(1, 16, 0)], [_day(2010, 1, 14), _day(2013, 11, 1)])]
    assert ledger_date(told) == date(2010, 1, 16)


def test_two_years_that_fit_leave_the_document_undated() -> None:
    told = [([(1, 16, 0)], [_day(2010, 1, 15), _day(2012, 1, 16)])]
    assert ledger_date(told) is None


def test_every_claim_that_can_be_placed_must_agree_on_the_year() -> None:
    # The killing fits January 2010 and 2012; the wounding only 2010; "August of last year"
    # (one year back) fits a 2009 event, so 2010 again.
    told = [
        ([(1, 16, 0)], [_day(2010, 1, 14), _day(2012, 1, 16)]),
        ([(1, 16, 0)], [_day(2010, 1, 14)]),
        ([(8, None, 1)], [_day(2009, 8, 5)]),
    ]
    assert ledger_date(told) == date(2010, 1, 16)


def test_long_event_spans_and_a_month_beside_a_day_do_not_place_dates() -> None:
    year_long = TimeSpan(date(2017, 1, 1), date(2017, 12, 31), "2017", "year")
    assert ledger_date([([(10, 25, 0)], [year_long])]) is None
    # "25 October" fits nothing; its month written again beside it does not count alone.
    assert ledger_date([([(10, 25, 0), (10, None, 0)], [_day(2017, 10, 4)])]) is None


@pytest.mark.slow
def test_an_undated_report_is_read_again_with_the_date_the_ledger_gives(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMLEDGER_EXTRACT_LANGUAGES", "all")
    english = Document(
        id="en1",
        language="en",
        published_at=date(2018, 3, 16),
        text="Police said on Wednesday that Ibrahim Safarov was wounded in an attack on March 14.",
    )
    russian = Document(
        id="ru1",
        language="ru",
        text=(
            "По данным полиции, Ибрагим Сафаров ранен 14 марта при нападении. "
            "Вчера Ибрагим Сафаров, по словам врачей, скончался."
        ),
    )
    list(ingest_items([english, russian], sqlite_store))
    stored = sqlite_store.get_document("ru1")
    assert stored is not None
    doc = stored.to_document()
    assert doc.published_at == date(2018, 3, 14) and doc.published_at_estimated
    claims = {c.predicate: c for c in sqlite_store.iter_claims(document_id="ru1")}
    assert claims["died"].when is not None and claims["died"].when.start == date(2018, 3, 13)
    wounded = [e for e in sqlite_store.iter_events() if e.predicate == "wounded"]
    assert len(wounded) == 1  # the Russian report joined the English one's event


def test_a_page_is_not_dated_before_the_dates_it_writes_out() -> None:
    from claimledger.extract.packs import load_pack
    from claimledger.extract.packs.dates import latest_written_date

    text = "En juin 2015, la police l'avait annoncé mort. Le 19 mai 2016, il réapparut."
    assert latest_written_date(text, load_pack("fr")) == date(2016, 5, 19)
