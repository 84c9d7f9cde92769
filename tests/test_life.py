"""Evidence of life in the forms news gives it (``claimledger.extract.life``): sentences made up
with the structures real reports use."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimledger.extract.predicates import find_triggers, has_trigger
from claimledger.nlp import load_pipeline

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _alive(nlp: Language, sentence: str) -> list[str]:
    sent = next(iter(nlp(sentence).sents))
    return [t.token.text for t in find_triggers(sent) if t.predicate == "alive"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Karim Nasser reappeared at a cement factory on Friday.",
        "The group said its leader was in good health and carrying out his duties.",
        "In his annual holiday message, Karim Nasser praised the fighters.",
        "Karim Nasser has claimed responsibility for the bombing in Gao.",
        "Karim Nasser told the BBC by phone that the reports were lies.",
        "A spokesman said Karim Nasser was safe and sound.",
        "People cheered when he appeared, the agency said.",
    ],
)
def test_life_forms(nlp: Language, sentence: str) -> None:
    assert has_trigger(sentence), "the prefilter must let every form through"
    assert _alive(nlp, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Karim Nasser appeared to approve of the talks.",
        "The minister appeared tired after the meeting.",
        "Karim Nasser appears there as a wanted terrorist.",
        "Karim Nasser used his speech at the dinner to criticise the president.",
        "They met in a safe house near the border.",
        "The phone company raised its prices.",
        "The video game was released in May.",
    ],
)
def test_not_life(nlp: Language, sentence: str) -> None:
    assert not _alive(nlp, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A new video shows Karim Nasser near a map.",
        "The new video showed Mr Nasser sat between two armed men.",
    ],
)
def test_a_recording_that_shows_the_person(nlp: Language, sentence: str) -> None:
    assert has_trigger(sentence)
    assert _alive(nlp, sentence)


def test_a_picture_of_a_thing_is_no_evidence_of_life(nlp: Language) -> None:
    assert not _alive(nlp, "The photo showed a burning car.")
