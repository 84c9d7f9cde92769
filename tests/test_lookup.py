"""Finding the entity a user means: by id, by a whole name or by any of its words, in any
spelling; a name that fits several people is answered with all of them. On both backends."""

from __future__ import annotations

import pytest

from claimledger.lookup import look_up, match_entities
from claimledger.store import Store
from claimledger.types import Entity

PEOPLE = (
    Entity("zebari", "person", "Hoshyar Zebari"),
    Entity("baghdadi", "person", "Abu Bakr al-Baghdadi", aliases=("Abu Bakr", "Al Bogdadi")),
    Entity("caliph", "person", "Abu Bakr", description="the first caliph"),
    Entity("shamil", "person", "Shamil Basayev"),
    Entity("samil", "person", "Samil Dakhu"),
    Entity("bakr-town", "place", "Bakr"),
)


@pytest.fixture
def ledger(store: Store) -> Store:
    store.upsert_entities(PEOPLE)
    return store


def _ids(found: list[Entity]) -> list[str]:
    return [e.id for e in found]


@pytest.mark.parametrize(
    "text", ["Zebari", "zibari", "Hoshyar", "Zebari Hoshyar", "Hoshyar Zebari"]
)
def test_any_word_of_a_name_in_any_spelling(ledger: Store, text: str) -> None:
    assert _ids(match_entities(ledger, text)) == ["zebari"]


def test_whole_name_matches_come_first(ledger: Store) -> None:
    # "Abu Bakr" is the caliph's name and one of al-Baghdadi's aliases; "Bakr" a place too.
    found = _ids(match_entities(ledger, "Abu Bakr"))
    assert set(found[:2]) == {"baghdadi", "caliph"} and "bakr-town" not in found
    assert _ids(match_entities(ledger, "Bakr"))[0] == "bakr-town"  # its whole name
    assert set(_ids(match_entities(ledger, "Bakr"))) == {"bakr-town", "baghdadi", "caliph"}


def test_words_compare_as_keys_not_as_sql_patterns(ledger: Store) -> None:
    # SQLite's LIKE ignores case; the keys do not ("Sh" is not "S"), on either backend.
    assert _ids(match_entities(ledger, "Samil")) == ["samil"]
    assert _ids(match_entities(ledger, "Shamil")) == ["shamil"]
    assert match_entities(ledger, "%") == [] and match_entities(ledger, "_") == []
    assert match_entities(ledger, "  ") == []


def test_look_up_by_id_name_or_word(ledger: Store) -> None:
    assert look_up(ledger, "caliph").entity == ledger.get_entities(["caliph"])[0]
    assert (look_up(ledger, "Al Bogdadi").entity or PEOPLE[0]).id == "baghdadi"
    assert (look_up(ledger, "Basayev").entity or PEOPLE[0]).id == "shamil"
    missing = look_up(ledger, "Nobody Atall")
    assert missing.entity is None and missing.candidates == ()


def test_an_ambiguous_name_gives_every_person_it_fits(ledger: Store) -> None:
    found = look_up(ledger, "Abu Bakr")
    assert found.entity is None
    assert {e.id for e in found.candidates} == {"baghdadi", "caliph"}  # persons, not the place


def test_get_entities_keeps_only_those_that_exist(ledger: Store) -> None:
    found = ledger.get_entities(["zebari", "no-such", "caliph"])
    assert _ids(found) == ["caliph", "zebari"]
    assert found[1].aliases == () and ledger.get_entities([]) == []
