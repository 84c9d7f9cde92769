"""Publication dates of undated documents: from the URL, from the head of the text, or none."""

from __future__ import annotations

from datetime import date

import pytest

from claimledger.ingest import IngestOptions, document_from_record, normalize_document
from claimledger.ingest.dates import publication_date
from claimledger.ingest.url_dates import url_dates
from claimledger.types import Document

TODAY = date(2025, 1, 1)
D = date.fromisoformat
BODY = "\n\nA spokesman said the commander had been killed, as in 2009 and again in 2014."


@pytest.mark.parametrize(
    ("url", "day", "estimated"),
    [
        ("https://news.example/2010/02/10/commander-dead-11090", "2010-02-10", False),
        ("https://news.example/stories/2013-11-04/commander-dead", "2013-11-04", False),
        ("https://news.example/world/commander-dead-20110720-1abcd.html", "2011-07-20", True),
        ("https://news.example/africa/commander-dead_AN-201303020045.html", "2013-03-02", True),
        ("https://news.example/world/8jun2009/story456.html", "2009-06-08", True),
        ("https://news.example/weekly-15-june-2015/", "2015-06-15", True),
        ("https://news.example/june-15-2015-weekly", "2015-06-15", True),
        ("https://news.example/Detail.aspx?ID=58&dt=25/7/2011", "2011-07-25", True),
        ("https://news.example/story-video-24-12-2024-227465", "2024-12-24", True),
    ],
)
def test_url_date_shapes(url: str, day: str, estimated: bool) -> None:
    found = publication_date("Commander reported dead" + BODY, url, "en", today=TODAY)
    assert found is not None
    assert (found.day, found.estimated, found.source) == (D(day), estimated, "url")


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/news/amp-11726234310582.html",  # a long id starting with 1
        "https://news.example/news/article26739822/",  # eight digits glued to a word
        "https://news.example/newsA.php?st=1326681060",  # a timestamp is just a number
        "https://news.example/news/20990101-story",  # in the future
        "https://news.example/news/1197114/commander-died-in-april-2013",  # a month in a slug
        "https://news.example/world/440066-commander-dead",
    ],
)
def test_numbers_that_look_like_dates_are_not_url_dates(url: str) -> None:
    assert url_dates(url, today=TODAY).day is None
    assert publication_date("Commander reported dead" + BODY, url, "en", today=TODAY) is None


def test_a_partial_url_date_is_only_a_year_and_month() -> None:
    found = url_dates("https://news.example/2016/11/commander-dead", today=TODAY)
    assert (found.day, found.year, found.month) == (None, 2016, 11)
    assert url_dates("https://news.example/library/2011/story-111219.htm").year == 2011


def test_an_ambiguous_url_date_needs_the_head_to_agree() -> None:
    url = "https://news.example/Detail.aspx?ID=58&dt=5/7/2011"
    assert url_dates(url, today=TODAY).readings == {D("2011-05-07"), D("2011-07-05")}
    assert publication_date("Commander reported dead" + BODY, url, today=TODAY) is None
    head = "Thu, Nov 26, 2015 | Last updated 1 hour ago\n- Saturday, May 07, 2011 - Print\n"
    found = publication_date(head + BODY, url, "en", today=TODAY)
    assert found is not None and (found.day, found.source) == (D("2011-05-07"), "url")


@pytest.mark.parametrize(
    ("head", "day"),
    [
        ("ISLAMABAD, Jan. 31, 2014 (Reuters) - The army said", "2014-01-31"),
        ("MOSCOW, March 29, 2011 — The commander", "2011-03-29"),
        ("Oslo, 12 March 2019. The police said", "2019-03-12"),
        ("Commander reported dead\n\nTuesday 5 May 2015\n\nThe army said", "2015-05-05"),
        ("Commander reported dead\nPublished: July 29, 2015\nThe army said", "2015-07-29"),
        ("Commander reported dead\nUpdated 3 March 2016 10:15 GMT\nThe army", "2016-03-03"),
        ("Commander reported dead | World | 15.07.2015\nThe army said", "2015-07-15"),
        ("Commander reported dead 06:31 16.01.2012\nThe army said", "2012-01-16"),
        (" date 2019-09-14 The commander has been killed, officials said.", "2019-09-14"),
        ("Create: 08/31/2015 - 14:21\nThe commander died", "2015-08-31"),
    ],
)
def test_datelines_and_date_lines_at_the_top(head: str, day: str) -> None:
    found = publication_date(head + BODY, "https://news.example/world/story", "en", today=TODAY)
    assert found is not None
    assert (found.day, found.estimated, found.source) == (D(day), True, "dateline")


def test_date_lines_in_another_language() -> None:
    text = "Командир убит\n16 января 2012\nКомандир был убит в 2009 году."
    found = publication_date(text, None, "ru", today=TODAY)
    assert found is not None and found.day == D("2012-01-16")


def test_the_earliest_head_date_wins() -> None:
    head = "Friday 27 November 2015\nCommander reported dead\nTuesday 5 May 2015\n"
    found = publication_date(head + BODY, None, "en", today=TODAY)
    assert found is not None and found.day == D("2015-05-05")


def test_a_year_less_dateline_takes_the_year_of_the_url_only() -> None:
    text = "ISLAMABAD, Jan. 31 (Reuters) - The army said the commander was killed in 2013."
    assert publication_date(text, "https://news.example/world/story", today=TODAY) is None
    found = publication_date(text, "https://news.example/2014/story", "en", today=TODAY)
    assert found is not None and found.day == D("2014-01-31")
    other_month = "https://news.example/2014/02/story"
    assert publication_date(text, other_month, "en", today=TODAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "The commander was killed on 14 January 2010 in a strike, the army said in 2012.",
        "Commander reported dead\nHe was killed on 14 January 2010, officials said.",
        "Commander reported dead\nVersion: 1.0.2\nIn 2010 he was wounded; in 2013 he died.",
        "Commander reported dead\n\n" + "A long paragraph. " * 60 + "\nTuesday 5 May 2015\n",
        "DAKAR, Senegal — The commander, who was reported dead in 2013, spoke in 2015.",
    ],
)
def test_no_date_stated_stays_unknown(text: str) -> None:
    """Years the body mentions, a date inside a sentence, a date line below the head: none is
    the publication date."""
    assert publication_date(text, "https://news.example/world/story", "en", today=TODAY) is None


def test_normalize_fills_a_missing_date_and_keeps_a_given_one() -> None:
    options = IngestOptions(languages=("en",))
    text = "MOSCOW, March 29, 2011 — The commander was killed last June."
    filled = normalize_document(Document(text=text), options=options)
    assert (filled.published_at, filled.published_at_estimated) == (D("2011-03-29"), True)
    given = Document(text=text, published_at=D("2011-03-30"))
    kept = normalize_document(given, options=options)
    assert (kept.published_at, kept.published_at_estimated) == (D("2011-03-30"), False)
    undated = normalize_document(Document(text="He died in 2009." + BODY), options=options)
    assert undated.published_at is None


def test_jsonl_record_without_date_is_dated_by_its_url() -> None:
    record = {
        "id": "a1",
        "url": "https://news.example/world/2015/07/29/312234_commander.html",
        "published_at": None,
        "text": "The commander died two years ago, officials said in 2013.",
    }
    doc = document_from_record(record, origin="t.jsonl", line=1, options=IngestOptions())
    assert (doc.published_at, doc.published_at_estimated) == (D("2015-07-29"), False)
