"""Senses of trigger words: said of things or in idioms they are no claims; of people they are.

Every sentence is made up; names are invented.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from spacy.language import Language

from claimledger.extract.claims import extract_claims
from claimledger.extract.predicates import (
    AGENT_VERBS,
    EVENT_NOUNS,
    MESSAGE_NOUNS,
    PATIENT_VERBS,
    find_triggers,
    violent_context,
)
from claimledger.extract.senses import SenseDataError, Senses, _senses, load_senses
from claimledger.nlp import load_pipeline
from claimledger.types import Document

pytestmark = pytest.mark.slow

# (sentence, predicate that must not be found): things and idioms.
OTHER_SENSES = [
    # released a version / update / album / film / report / statement
    ("As we just released the latest version of our parser, a reader wrote in.", "released"),
    ("Tarvo 3.0 was first released on March 3, 2008.", "released"),
    ("Tarvo 3.5, 3.6 and 3.7 were released and 3.8 was scheduled.", "released"),
    ("The company released a security update on Tuesday.", "released"),
    ("The band released their new album in May.", "released"),
    ("The newly released film drew large crowds.", "released"),
    ("The ministry released a statement on Monday.", "released"),
    ("The agency released a report on the floods.", "released"),
    ("Last October, the agency released its Annual Winter Outlook.", "released"),
    ("The album, which was released in 2010, sold well.", "released"),
    ("They released a video of him on Monday.", "released"),
    ("The officer was treated and released.", "released"),
    ("She was released from hospital on Friday.", "released"),
    ("The company issued a press release about the merger of Ardent Kova.", "released"),
    # dying to (do), and other idioms of "die"
    ("Because people are dying to get in!", "died"),
    ("I am dying for a coffee.", "died"),
    ("It is a view to die for.", "died"),
    ("Old habits die hard.", "died"),
    ("The noise died down after midnight.", "died"),
    ("She nearly died of embarrassment.", "died"),
    # things that die, things that are dead
    ("The battery died after two hours.", "died"),
    ("My phone died in the middle of the call.", "died"),
    ("The battery is dead.", "died"),
    ("That idea is dead.", "died"),
    ("We hit a dead end.", "died"),
    # killed it, the project was killed, it is killing her
    ("You really killed it last night.", "killed"),
    ("The project was killed last year.", "killed"),
    ("The proposal was killed in committee.", "killed"),
    ("She misses him badly and it is killing her.", "killed"),
    ("He made a killing on the stock market.", "killed"),
    # captured the title / imagination / moment; captured on camera
    ("The captain captured the title in 2019.", "captured"),
    ("The film captured the imagination of millions.", "captured"),
    ("The photographer captured the moment perfectly.", "captured"),
    ("She was captured on camera leaving the building.", "captured"),
    ("Cameras captured the mangled car under the overpass.", "captured"),
    # arrested development, cardiac arrest
    ("He suffered a cardiac arrest during the match.", "arrested"),
    # charged a fee, charged the phone
    ("Customers are charged a fee for every transfer.", "charged"),
    ("The phone was fully charged.", "charged"),
    # tried out, tried the dish, a free trial
    ("The dish was tried by every guest.", "tried"),
    ("The new format was tried out last year.", "tried"),
    ("Download a free trial of Rendix Studio.", "tried"),
    ("The method was found by trial and error.", "tried"),
    # executed a plan / order / warrant
    ("The plan was executed flawlessly.", "killed"),
    ("The police executed a search warrant at the house.", "killed"),
    ("The broker executed the order within seconds.", "killed"),
    ("The execution of the plan took two years.", "killed"),
    # eliminated from a tournament; eliminating a fear
    ("The team was eliminated from the tournament.", "killed"),
    ("The new design eliminated the need for a second engine.", "killed"),
    # sentenced only of people
    ("The case was sentenced in a single afternoon.", "sentenced"),
    # moved to a new version, to Friday, to tears
    ("We moved to a new version last year.", "moved"),
    ("The meeting was moved to Friday.", "moved"),
    ("He moved on to the next question.", "moved"),
    ("The audience was moved to tears.", "moved"),
    # freed up, alive of things
    ("The change freed up memory for other tasks.", "released"),
    ("They kept the tradition alive.", "alive"),
    # old recordings and speeches are no sign of life now
    ("She keeps a copy of Oskar Veld's collected speeches at her bedside.", "alive"),
    ("An old video of Oskar Veld was posted online.", "alive"),
    # the German article "die" in a German sentence quoted on an English page
    ("Wer interessiert ist, die Software auszuprobieren, der findet hier die Downloads.", "died"),
]

# (sentence, predicate that must still be found): real claims about people.
KEPT = [
    ("He was released from prison.", "released"),
    ("He was released on bail after two days.", "released"),
    ("The rebels freed the hostages on Sunday.", "released"),
    ("Oskar Veld was released after ten years in jail.", "released"),
    ("The commander was killed in an airstrike.", "killed"),
    ("Two were killed and three were wounded in the blast.", "killed"),
    ("Those killed in the attack included a local commander.", "killed"),
    ("He was tried for treason.", "tried"),
    ("He was sentenced to life in prison.", "sentenced"),
    ("He was executed by firing squad in 1990.", "killed"),
    ("The soldiers died for their country.", "died"),
    ("He died of cancer in 2010.", "died"),
    ("Oskar Veld is alive, his brother said.", "alive"),
    ("A video of him was released on Monday.", "alive"),
    ("A new video of Oskar Veld was posted on Monday.", "alive"),
    ("Oskar Veld's new audio message surfaced on Friday.", "alive"),
    ("The leader of the group was captured by special forces.", "captured"),
    ("Police arrested the driver at the scene.", "arrested"),
    ("A car with a group of activists was detained on the highway.", "detained"),
    ("He moved to a new home in Tirana.", "moved"),
    ("He was moved to a hospital in Tirana.", "moved"),
    ("Civilians were wounded when the shells hit the market.", "wounded"),
    ("Many people die in floods every year.", "died"),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _predicates(nlp: Language, sentence: str) -> set[str]:
    return {t.predicate for sent in nlp(sentence).sents for t in find_triggers(sent)}


@pytest.mark.parametrize(("sentence", "predicate"), OTHER_SENSES)
def test_things_and_idioms_are_no_triggers(nlp: Language, sentence: str, predicate: str) -> None:
    assert predicate not in _predicates(nlp, sentence)


@pytest.mark.parametrize(("sentence", "predicate"), KEPT)
def test_claims_about_people_are_kept(nlp: Language, sentence: str, predicate: str) -> None:
    assert predicate in _predicates(nlp, sentence)


def test_trying_to_escape_is_no_trial(nlp: Language) -> None:
    """ "tried" is a trial only in the passive: trying to do something is none."""
    assert "tried" not in _predicates(nlp, "He tried to escape.")
    assert "tried" not in _predicates(nlp, "She tried the dish and liked it.")


@pytest.mark.parametrize(
    ("sentence", "violent"),
    [
        ("He died after a long battle with cancer.", False),
        ("The winery, which has been in operation since 1900, lost its owner, who died.", False),
        ("He died during a heart operation.", False),
        ("He died in a military operation near the border.", True),
        ("He died in a battle near the border.", True),
    ],
)
def test_peaceful_senses_of_violent_causes(nlp: Language, sentence: str, violent: bool) -> None:
    """A death after "a battle with cancer" is no killing; one in "a military operation" is."""
    sent = next(iter(nlp(sentence).sents))
    died = next(t for t in sent if t.lemma_ == "die")
    assert violent_context(died) is violent


def _claims(text: str) -> list[tuple[str, str]]:
    doc = Document(text=text, published_at=date(2022, 5, 10), language="en")
    return [(c.predicate, c.subject) for c in extract_claims(doc, document_id="d1").claims]


def test_page_of_things_gives_no_claims() -> None:
    text = (
        "Lina Ortez leads the team behind Tarvo. As we just released the latest version of "
        "Tarvo, people are dying to get in. Tarvo 2.1 was first released in 2019. The old "
        "plugin was killed last year, and she said the battery died twice during the demo. "
        "The magazine that covered it met its demise in 2010."
    )
    assert _claims(text) == []


def test_real_claims_beside_idioms_are_kept() -> None:
    text = (
        "Oskar Veld was released from prison on Monday, his lawyer said. "
        "People are dying to see him. His sister released a statement."
    )
    assert _claims(text) == [("released", "Oskar Veld")]


def test_every_idiom_belongs_to_a_trigger() -> None:
    """No dead cue: every idiom's lemma is a trigger verb or noun ("try" is phrasal; message
    nouns carry evidence of life)."""
    senses = load_senses()
    assert set(senses.verb_idioms) <= set(PATIENT_VERBS) | set(AGENT_VERBS) | {"try"}
    assert set(senses.noun_idioms) <= set(EVENT_NOUNS) | MESSAGE_NOUNS


def test_person_thing_and_place_nouns_are_apart() -> None:
    senses = load_senses()
    assert not senses.person_nouns & senses.thing_nouns
    assert not senses.person_nouns & senses.place_nouns
    assert not senses.thing_nouns & senses.place_nouns


def test_bad_sense_data_names_the_file_and_key() -> None:
    lists = [f.name for f in fields(Senses) if f.type == "frozenset[str]"]
    good: dict[str, object] = {key: [] for key in lists}
    assert _senses(good, "senses.yaml").thing_nouns == frozenset()
    with pytest.raises(SenseDataError, match=r"senses\.yaml: thing_nouns: expected a list"):
        _senses({**good, "thing_nouns": "version"}, "senses.yaml")
    with pytest.raises(SenseDataError, match=r"verb_idioms\.die: expected a mapping"):
        _senses({**good, "verb_idioms": {"die": [{"particle": ["down"]}]}}, "senses.yaml")


def test_harm_told_in_the_simple_present_of_running_text_is_a_plot() -> None:
    plot = (
        "In the second act the stranger kills him, then comes for the heroine. "
        "Two friends marry and are arrested by the guards."
    )
    assert _claims(plot) == []
    # Someone's report in the present, or a headline, is still a claim.
    reported = "Police said Oskar Veld is arrested and held in Lyon."
    assert _claims(reported) == [("arrested", "Oskar Veld")]
