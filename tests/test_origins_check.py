"""Origins kept apart from publishers and recounted reports, and `check` that explains itself.

The small ledger is built from sentences written for these tests: one person reported killed in
Raqqa three times (2015, 2016, 2017) and once, undated place, in 2005; one article recounts
earlier reports and asserts one claim of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from typer.testing import CliRunner

from claimledger.api import create_app
from claimledger.cli import app
from claimledger.ledger import (
    independent_origins,
    named_origins,
    normalize_name,
    origin_groups,
    trace_origin,
)
from claimledger.queries import MIN_RESOLVED, standing
from claimledger.settings import Settings
from claimledger.store import Store
from claimledger.types import TrackRecord
from factories import claim

DOCUMENTS = [
    {
        "id": "strike-2015",
        "source": "Daily Example",
        "published_at": "2015-03-20",
        "text": "Militant leader Karim Vaskov was reportedly killed in an airstrike in Raqqa on "
        "March 18, 2015. Officials did not comment.",
    },
    {
        "id": "ministry-2016",
        "source": "Example Wire",
        "published_at": "2016-06-14",
        "text": "The Defense Ministry of Examplia said that Karim Vaskov was killed in an "
        "airstrike in Raqqa on June 12, 2016.",
    },
    {
        "id": "debunk-2017",
        "published_at": "2017-06-25",
        "text": "Karim Vaskov has been “killed” many times. In October 2005 he was reportedly "
        "killed in an ambush. Karim Vaskov was killed in Raqqa on May 28, 2017. Karim Vaskov "
        "appeared alive in a video released on June 20, 2017.",
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("origins")
    path = folder / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in DOCUMENTS), encoding="utf-8")
    url = f"sqlite:///{folder / 'ledger.db'}"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", url, "--quiet"])
    assert result.exit_code == 0, result.output
    return url


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def check(db: str, text: str) -> dict:
    answer = json.loads(run("check", text, "--db", db, "--json"))
    assert len(answer["findings"]) == 1, answer
    return answer["findings"][0]


# ---- origins ---------------------------------------------------------------------------------


def test_recounted_reports_are_charged_to_unnamed_reports_not_the_article(db: str) -> None:
    rows = {r["origin"]: r for r in json.loads(run("sources", "--db", db, "--json"))}
    recounted = rows["doc:debunk-2017#reports"]
    assert recounted["kind"] == "unnamed reports" and recounted["ranked"] is False
    assert recounted["label"] == "unnamed earlier reports in debunk-2017"
    # The article's own assertions (the 2017 death, the video) are what its publisher answers
    # for; the reports it recounts (2005, and “killed” many times) are not.
    own = rows["doc:debunk-2017"]
    assert own["kind"] == "publisher" and (own["refuted"], own["confirmed"], own["total"]) == (
        1,
        1,
        2,
    )


def test_export_keeps_a_null_claimant_for_what_the_article_asserts(db: str) -> None:
    export = json.loads(run("export", "--db", db, "--no-text"))
    own = [c for c in export["claims"] if c["origin"] == "doc:debunk-2017"]
    assert own and all(c["claimant"] is None for c in own)
    recounted = [c for c in export["claims"] if c["origin"] == "doc:debunk-2017#reports"]
    assert recounted and all(c["modality"] == "hedged" for c in recounted)


def test_the_subject_is_never_the_origin_of_his_own_death() -> None:
    own = claim("a", subject="Abu Example", claimant="Abu Example's", modality="hedged")
    assert trace_origin(own) == "doc:d1"
    # Alive, or denying his death, he speaks for himself.
    alive = claim("b", subject="Abu Example", claimant="Abu Example", predicate="alive")
    assert trace_origin(alive) == "Abu Example"


def test_origin_names_are_normalised() -> None:
    assert normalize_name("Russia's defence ministry") == "Russian Ministry of Defense"
    assert normalize_name("Iraqi TV") == "Iraqi TV"  # a people is not an outlet
    assert normalize_name("the Al-Jazeera TV channel") == "Al-Jazeera"
    assert independent_origins(
        [claim("a", claimant="Russia's defence ministry", document_id="d1"),
         claim("b", claimant="the Russian Ministry of Defence", document_id="d2")]
    ) == ["Russian Ministry of Defense"]  # fmt: skip


def test_a_short_form_in_the_same_document_is_one_origin() -> None:
    claims = [
        claim("a", claimant="Arayo Petrosyan", quote="first words of the analyst"),
        claim("b", claimant="Petrosyan", quote="what the analyst concluded later"),
        claim("c", claimant="Vardan Petrosyan", document_id="d2", quote="a namesake elsewhere"),
    ]
    assert [[c.id for c in g] for g in origin_groups(claims)] == [["a", "b"], ["c"]]


def test_an_event_lists_a_short_form_under_the_full_name_its_document_gives() -> None:
    claims = [
        claim("a", claimant="Arayo Petrosyan", quote="first words of the analyst"),
        claim("b", claimant="Petrosyan", quote="what the analyst concluded later"),
        claim("c", claimant="Petrosyan", document_id="d2", quote="alone in another article"),
        claim("d", claimant="Nune Sargsyan", document_id="d3", quote="one of two Sargsyans"),
        claim("e", claimant="Davit Sargsyan", document_id="d3", quote="the other Sargsyan"),
        claim("f", claimant="Sargsyan", document_id="d3", quote="which Sargsyan said it?"),
    ]
    assert named_origins(claims) == [
        "Arayo Petrosyan",
        "Petrosyan",  # the other article never names him in full
        "Nune Sargsyan",
        "Davit Sargsyan",
        "Sargsyan",  # two full names end in it: left as written
    ]


def test_too_few_resolved_events_are_not_ranked() -> None:
    few = standing(TrackRecord("Example Wire", confirmed=1, refuted=1, unverified=9))
    assert not few.ranked and f"of {MIN_RESOLVED} needed" in few.note
    enough = standing(TrackRecord("Example Wire", confirmed=1, refuted=3))
    assert enough.ranked and enough.note == "3 of 4 resolved events refuted (75%)"


# ---- check -----------------------------------------------------------------------------------


def test_an_undated_claim_only_resembles_the_events_in_its_place(db: str) -> None:
    finding = check(db, "Karim Vaskov was killed in Raqqa, Iraqi TV said")
    assert finding["seen_before"] is False and finding["matching_event"] is None
    assert finding["verdict"].startswith("resembles 3 earlier death reports")
    assert finding["verdict"].endswith("but undated")
    assert {m["level"] for m in finding["matches"]} == {"resembles"}
    assert all("same place (Raqqa)" in m["why"] for m in finding["matches"])
    assert "origin Iraqi TV: no track record" in finding["origin_text"]


def test_a_dated_claim_in_a_known_place_resembles_the_events_there(db: str) -> None:
    finding = check(db, "Karim Vaskov was killed in a US airstrike near Raqqa on Sunday")
    assert finding["verdict"].startswith("resembles 3 earlier death reports")
    assert finding["verdict"].endswith("at other dates")
    criteria = {c["name"]: c["met"] for c in finding["matches"][0]["criteria"]}
    assert criteria == {
        "subject": True, "kind": True, "date": False, "place": True, "claimant": None
    }  # fmt: skip


def test_the_same_date_place_and_claimant_is_seen_before(db: str) -> None:
    text = (
        "The Defense Ministry of Examplia said Karim Vaskov was killed in Raqqa on June 12, 2016."
    )
    finding = check(db, text)
    assert finding["seen_before"] is True and finding["verdict"] == "seen before"
    best = finding["matches"][0]
    assert best["level"] == "same"
    assert {c["name"]: c["met"] for c in best["criteria"]}["claimant"] is True
    assert "dates overlap (2016-06-12)" in best["why"]
    assert "origin Defense Ministry of Examplia: 1 events supported" in finding["origin_text"]


def test_nearest_claims_show_each_quote_once_and_why_not_a_score(db: str) -> None:
    answer = json.loads(run("check", "#Vaskov dead again?", "--db", db, "--json"))
    quotes = [s["claim"]["quote"] for s in answer["similar"]]
    assert quotes and len(quotes) == len(set(quotes))
    assert all(s["why"].startswith("shares the words vaskov") for s in answer["similar"])
    table = run("check", "#Vaskov dead again?", "--db", db)
    assert "shares the words" in table and "0.0" not in table


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    store = Store.open(db)
    try:
        with TestClient(create_app(Settings(db=db), store=store)) as test_client:
            yield test_client
    finally:
        store.close()


def test_a_check_has_a_shareable_page_and_the_api_gives_the_same_reasons(
    client: TestClient,
) -> None:
    text = "Karim Vaskov was killed in Raqqa, Iraqi TV said"
    page = client.get("/check", params={"text": text})
    assert page.status_code == 200
    assert "Link to this check" in page.text and "/check?text=Karim+Vaskov" in page.text
    assert "same place (Raqqa)" in page.text and "resembles 3 earlier" in page.text
    api = client.post("/api/check", json={"text": text}).json()
    criteria = [c["text"] for m in api["findings"][0]["matches"] for c in m["criteria"]]
    assert criteria and all(str(escape(c)) in page.text for c in criteria)


def test_a_check_link_too_long_for_a_url_is_refused(client: TestClient) -> None:
    assert client.get("/check", params={"text": "x" * 5000}).status_code == 422


# ---- timeline: events lead with the claim ----------------------------------------------------


def _blocks(text: str) -> list[str]:
    """The events of a `timeline` table, one block each (its lines joined)."""
    events = text.split("\n\n")[1:]
    return [" ".join(block.split()) for block in events]


def test_the_timeline_opens_each_event_with_its_first_claim(db: str) -> None:
    blocks = _blocks(run("timeline", "Karim Vaskov", "--db", db))
    assert len(blocks) == 5
    ministry = next(b for b in blocks if b.startswith("2016-06-12 killed in Raqqa"))
    assert "first claimed by Defense Ministry of Examplia, published 2016-06-14, in " in ministry
    assert ministry.index("first claimed by") < ministry.index("refuted:")
    assert ministry.index("“The Defense Ministry of Examplia said") < ministry.index("refuted:")
    # Of one article's claims, the one that dates the event leads, not "killed many times".
    may = next(b for b in blocks if b.startswith("2017-05-28 killed in Raqqa"))
    first = may.split("first claimed by ", 1)[1]
    assert first.split("“", 1)[1].startswith("Karim Vaskov was killed in Raqqa on May 28, 2017.")
    for block in blocks:
        quotes = re.findall(r"“([^“”]*(?:“[^”]*”[^“”]*)*)”", block)
        assert len(quotes) == len(set(quotes)), block
    line = json.loads(run("timeline", "Karim Vaskov", "--db", db, "--json"))
    firsts = {e["when"]["start"]: e["first_claim"] for e in line["events"] if e["when"]}
    assert firsts["2016-06-12"]["claimant"] == "Defense Ministry of Examplia"
    assert firsts["2016-06-12"]["published_at"] == "2016-06-14"


# ---- pages: events lead with the claim, filters, origins --------------------------------------


def _person_id(client: TestClient) -> str:
    found = client.get("/api/entities", params={"q": "Karim Vaskov"}).json()["items"]
    return str(found[0]["id"])


def _events_of(page: str) -> list[str]:
    return page.split('<li class="event">')[1:]


def test_each_event_opens_with_its_first_claim_and_shows_each_quote_once(
    client: TestClient,
) -> None:
    page = client.get(f"/people/{_person_id(client)}").text
    events = _events_of(page)
    assert len(events) == 5
    for block in events:
        assert block.index("First claimed by") < block.index("Why ")
        quotes = [q for q in block.split("<q>")[1:]]
        assert len(quotes) == len(set(quotes))
    ministry = next(b for b in events if "June 12, 2016" in b or "2016-06-12" in b)
    assert "First claimed by Defense Ministry of Examplia" in ministry
    assert "2016-06-14" in ministry and 'href="/documents/ministry-2016"' in ministry


def test_the_person_page_filters_by_kind_status_dates_and_origin(client: TestClient) -> None:
    person = f"/people/{_person_id(client)}"
    deaths = client.get(person, params={"kind": "death", "since": "2016-01-01"}).text
    assert len(_events_of(deaths)) == 2 and "(2 of 5 events)" in deaths
    alive = client.get(person, params={"status": "confirmed"}).text
    assert len(_events_of(alive)) == 1 and "seen alive" in alive
    by_origin = client.get(person, params={"origin": "Defense Ministry of Examplia"}).text
    assert len(_events_of(by_origin)) == 1
    none = client.get(person, params={"until": "2000-01-01"}).text
    assert "No events match these filters" in none


def test_the_origins_page_ranks_apart_and_links_the_events_behind_a_record(
    client: TestClient,
) -> None:
    page = client.get("/origins").text
    assert "Too few resolved events to rank" in page
    assert "Unnamed earlier reports (not ranked)" in page
    assert page.index("Too few resolved") < page.index("unnamed earlier reports in debunk-2017")
    detail = client.get("/origins/Defense Ministry of Examplia").text
    assert "too few resolved events to rank (1 of 3 needed)" in detail
    assert re.search(
        r'href="/events/ev-[0-9a-f]+">Karim Vaskov killed in Raqqa, 2016-06-12', detail
    )


def test_one_persons_records_under_several_names_are_one(tmp_path: Path) -> None:
    from claimledger.queries import merged_records, origin_keys
    from claimledger.types import Entity

    store = Store.open(f"sqlite:///{tmp_path / 'people.db'}")
    try:
        store.upsert_entities([Entity("p1", "person", "Arayo Petrosyan", ("Petrosyan",))])
        records = [
            TrackRecord("Petrosyan", refuted=1),
            TrackRecord("Arayo Petrosyan", confirmed=2),
            TrackRecord("Example Wire", refuted=1),
        ]
        merged = {r.origin: (r.confirmed, r.refuted) for r in merged_records(store, records)}
        assert merged == {"Arayo Petrosyan": (2, 1), "Example Wire": (0, 1)}
        name, keys = origin_keys(store, "Petrosyan")
        assert name == "Arayo Petrosyan" and keys == {"petrosyan", "arayo petrosyan"}
    finally:
        store.close()
