"""Trigger lexicon: many phrasings with made-up names, mapped to the closed predicate list."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimledger.extract.predicates import (
    AGENT_VERBS,
    EVENT_NOUNS,
    PATIENT_VERBS,
    find_triggers,
    has_trigger,
)
from claimledger.nlp import load_pipeline
from claimledger.types import PREDICATES

pytestmark = pytest.mark.slow

CASES = [
    ("Commander Omar Dawud was killed in an airstrike.", "killed"),
    ("A drone strike killed Omar Dawud on Friday.", "killed"),
    ("Omar Dawud was slain by gunmen.", "killed"),
    ("The rebel chief Omar Dawud was eliminated in a raid.", "killed"),
    ("Omar Dawud was assassinated in Basra.", "killed"),
    ("Omar Dawud was \u201cdestroyed\u201d as a result of an airstrike.", "killed"),
    ("Omar Dawud blew himself up at a checkpoint.", "killed"),
    ("Omar Dawud died in hospital after a long illness.", "died"),
    ("Omar Dawud passed away on Sunday.", "died"),
    ("Omar Dawud died in a missile strike.", "killed"),
    ("The army confirmed the death of Omar Dawud.", "died"),
    ("The group announced the martyrdom of Omar Dawud.", "died"),
    ("Nobody explained the sudden demise of Omar Dawud.", "died"),
    ("Omar Dawud is dead, his family said.", "died"),
    ("Omar Dawud was seriously wounded in the attack.", "wounded"),
    ("Omar Dawud was injured in a car crash.", "wounded"),
    ("Omar Dawud was paralyzed after the blast.", "wounded"),
    ("Reports spoke of the wounding of Omar Dawud.", "wounded"),
    ("Omar Dawud was poisoned, the press wrote.", "poisoned"),
    ("Omar Dawud was captured by special forces.", "captured"),
    ("Police arrested Omar Dawud in Lyon.", "arrested"),
    ("Omar Dawud was detained at the airport.", "detained"),
    ("Omar Dawud was held in a military prison for two years.", "detained"),
    ("A judge ordered that Omar Dawud be taken into custody.", "detained"),
    ("Omar Dawud was released on bail.", "released"),
    ("Omar Dawud was freed in a prisoner swap.", "released"),
    ("Omar Dawud was charged with murder.", "charged"),
    ("Omar Dawud was tried in absentia.", "tried"),
    ("The trial of Omar Dawud opened on Monday.", "tried"),
    ("Omar Dawud was convicted of fraud.", "convicted"),
    ("Omar Dawud was found guilty of fraud.", "convicted"),
    ("Omar Dawud was sentenced to ten years.", "sentenced"),
    ("The council appointed Omar Dawud as its new leader.", "appointed"),
    ("Omar Dawud moved to Tripoli last year.", "moved"),
    ("Omar Dawud fled to Turkey.", "moved"),
    ("Omar Dawud was receiving treatment in Beirut.", "moved"),
    ("Omar Dawud is alive, his deputy insisted.", "alive"),
    ("Audio recordings of Omar Dawud surfaced on the internet.", "alive"),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.mark.parametrize(("sentence", "predicate"), CASES)
def test_trigger_predicate(nlp: Language, sentence: str, predicate: str) -> None:
    assert has_trigger(sentence), "the prefilter must let every trigger through"
    sent = next(iter(nlp(sentence).sents))
    assert predicate in {t.predicate for t in find_triggers(sent)}


@pytest.mark.parametrize(
    "sentence",
    [
        "The committee will meet in Geneva next week.",
        "She tried to open the window.",
        "He held a press conference in Ankara.",
        "The ministry moved quickly to respond.",
        "They charged their phones at the station.",
    ],
)
def test_no_trigger(nlp: Language, sentence: str) -> None:
    sent = next(iter(nlp(sentence).sents))
    assert [t.predicate for t in find_triggers(sent)] == []


def test_predicates_are_in_the_closed_list(nlp: Language) -> None:
    for sentence, _ in CASES:
        for trigger in find_triggers(next(iter(nlp(sentence).sents))):
            assert trigger.predicate in PREDICATES


# Trigger lemmas too common to parse for alone: the prefilter wants their company ("freed",
# "charged with", "moved to", "escaped to").
NEEDS_COMPANY = frozenset({"free", "charge", "move", "escape"})


def test_prefilter_lets_every_trigger_lemma_through() -> None:
    lemmas = set(EVENT_NOUNS) | set(PATIENT_VERBS) | set(AGENT_VERBS)
    assert {w for w in lemmas - NEEDS_COMPANY if not has_trigger(w)} == set()


def test_prefilter_is_cheap_and_selective() -> None:
    assert not has_trigger("The video game market grew in the spring.")
    assert not has_trigger("He held talks with the president.")
    assert has_trigger("He was held in a prison camp.")


@pytest.mark.parametrize(
    "sentence",
    [
        "The government offered a $5 million reward for his capture.",
        "A warrant for her arrest was issued on Monday.",
        "Protesters demanded his release from prison.",
    ],
)
def test_sought_events_are_not_triggers(nlp: Language, sentence: str) -> None:
    """An event that is wanted or sought ("a reward for his capture") is not reported."""
    sent = next(iter(nlp(sentence).sents))
    assert [t.predicate for t in find_triggers(sent)] == []
