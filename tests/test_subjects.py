"""Subjects (slots, lists, pronouns, descriptions) and places/agents, on made-up sentences."""

from __future__ import annotations

import pytest

from claimledger.extract.people import index_people, name_key
from claimledger.extract.places import Circumstances, circumstances
from claimledger.extract.predicates import find_triggers
from claimledger.extract.subjects import find_subjects
from claimledger.nlp import parse_text

pytestmark = pytest.mark.slow


def subjects_of(text: str, predicate: str) -> list[str]:
    """Subject names of every ``predicate`` trigger in ``text``, resolved within the text."""
    parsed = parse_text(text)
    people = index_people((p.start, p.doc.ents) for p in parsed.paragraphs)
    names: list[str] = []
    for para in parsed.parsed:
        for sent in para.doc.sents:
            for trigger in find_triggers(sent):
                if trigger.predicate == predicate:
                    found = find_subjects(trigger, offset=para.start, people=people)
                    names.extend(s.name for s in found)
    return names


@pytest.mark.parametrize(
    ("text", "predicate", "expected"),
    [
        ("Karim Haddad was killed in a raid.", "killed", ["Karim Haddad"]),
        ("Special forces killed Karim Haddad on Monday.", "killed", ["Karim Haddad"]),
        ("The army announced the death of Karim Haddad.", "died", ["Karim Haddad"]),
        ("Karim Haddad died on Monday.", "died", ["Karim Haddad"]),
        ("Witnesses say Karim Haddad is alive.", "alive", ["Karim Haddad"]),
        ("Police arrested Karim Haddad and Lena Vos.", "arrested", ["Karim Haddad", "Lena Vos"]),
        (
            "Dozens of fighters were killed, including Karim Haddad.",
            "killed",
            ["Karim Haddad"],
        ),
        (
            "The meeting was attended by Karim Haddad, who was killed in the strike.",
            "killed",
            ["Karim Haddad"],
        ),
        ("One of John Carter's aides was killed, not John Carter.", "killed", []),
        (
            "The leader of the Northern Front, John Carter, was killed.",
            "killed",
            ["John Carter"],
        ),
        ("Paramedics pronounced Karim Haddad dead at the scene.", "died", ["Karim Haddad"]),
        # A bracketed abbreviation cuts the "of" phrase short in the parse.
        (
            "The army confirmed the death of the Northern Front (NF) commander Karim Haddad.",
            "died",
            ["Karim Haddad"],
        ),
        ("The death of Freedonia as a nation was a theme of the book.", "died", []),
        ("People injured by the fighting need care.", "wounded", []),
        (
            "Karim Haddad does not know what became of the patients: who is alive, injured, "
            "or dead.",
            "wounded",
            [],
        ),
        ("Courts may resentence people who were sentenced to life.", "sentenced", []),
        ("Three people injured in the blast were taken to hospital.", "wounded", ["Three people"]),
        ("The floods make it harder for people to flee to safety.", "moved", []),
        # "she" is not the mother named after her in the same sentence.
        (
            "A woman will appear in court after she was charged with the murder of her mother, "
            "Lena Vos.",
            "charged",
            [],
        ),
        ("The strike destroyed a warehouse.", "killed", []),
        ("Officials said the convoy was destroyed.", "killed", []),
    ],
)
def test_grammatical_slots(text: str, predicate: str, expected: list[str]) -> None:
    assert subjects_of(text, predicate) == expected


def test_pronoun_goes_to_the_recent_person() -> None:
    text = (
        "John Carter led the group for a decade. Maria Lopez covered the story.\n\n"
        "John Carter spoke in March. Reports said he was wounded in a raid."
    )
    assert subjects_of(text, "wounded") == ["John Carter"]


def test_possessive_pronoun_of_a_nominal_trigger() -> None:
    text = "Karim Haddad led the group. His death was first reported in May."
    assert subjects_of(text, "died") == ["Karim Haddad"]


def test_description_goes_to_the_apposed_person() -> None:
    text = (
        "The leader of the Northern Front, Karim Haddad, spoke on Monday. "
        "Lena Vos and Tom Berg attended.\n\n"
        "Later the leader was wounded in an airstrike."
    )
    assert subjects_of(text, "wounded") == ["Karim Haddad"]


def test_non_person_objects_make_no_claim() -> None:
    assert subjects_of("The rebels released a new video on Tuesday.", "released") == []


def test_name_key_ignores_article_and_possessive() -> None:
    assert name_key("Abu Karim al-Haddad") == name_key("Haddad's") == "haddad"


def _first(text: str, predicate: str) -> Circumstances:
    parsed = parse_text(text)
    for para in parsed.parsed:
        for sent in para.doc.sents:
            for trigger in find_triggers(sent):
                if trigger.predicate == predicate:
                    return circumstances(trigger.token, moved=predicate == "moved")
    raise AssertionError(f"no {predicate} trigger in {text!r}")


@pytest.mark.parametrize(
    ("text", "predicate", "where", "agent"),
    [
        (
            "Karim Haddad was killed in an airstrike near the Syrian city of Homs.",
            "killed",
            "Homs",
            "airstrike",
        ),
        (
            "Karim Haddad died as a result of an airstrike by the Royal Air Force.",
            "killed",
            None,
            "Royal Air Force",
        ),
        ("Karim Haddad was killed in a US raid in Idlib.", "killed", "Idlib", "US"),
        ("Karim Haddad was killed by government troops.", "killed", None, "government troops"),
        ("Karim Haddad moved to Libya.", "moved", "Libya", None),
        ("Karim Haddad died in a hospital in Aleppo.", "died", "Aleppo", None),
    ],
)
def test_where_and_agent(text: str, predicate: str, where: str | None, agent: str | None) -> None:
    found = _first(text, predicate)
    assert found.where == where
    assert (found.agent or found.cause) == agent


def test_reflexive_object_is_no_victim() -> None:
    """ "freed himself from debt": the object slot is filled, so no nearby name stands in."""
    assert subjects_of("Karim Haddad was rich. He freed himself from his debts.", "released") == []


def test_place_in_a_title_is_not_part_of_the_name() -> None:
    text = (
        "The strike hit a house in Kandor. Among the dead is the governor of Kandor "
        "Abu Tariq al-Fazi."
    )
    names = subjects_of(text, "killed") + subjects_of(text, "died")
    assert all(not n.startswith("Kandor") for n in names)


# Names, namesakes, speakers and descriptions (made-up sentences with the structures the real
# news showed).


def test_namesakes_sharing_a_word_stay_two_people() -> None:
    text = (
        "Adel Nour led the rebels for a decade. Adel Nour's deputy, Rafiq Nour, spoke on "
        "Monday.\n\nNour was killed in an airstrike, the army said."
    )
    assert subjects_of(text, "killed") == ["Adel Nour"]


def test_namesakes_in_one_sentence_make_two_claims() -> None:
    from claimledger.extract.claims import extract_claims
    from claimledger.types import Document

    text = "Rafiq Nour and Adel Nour were cousins. Adel Nour was killed and Rafiq Nour was killed."
    found = extract_claims(Document(text=text, language="en"), document_id="d").claims
    assert sorted({c.subject for c in found if c.predicate == "killed"}) == [
        "Adel Nour",
        "Rafiq Nour",
    ]


def test_short_name_stands_for_the_full_name() -> None:
    text = "Lena Vos founded the party in 1990. Police said Vos was arrested on Friday."
    assert subjects_of(text, "arrested") == ["Lena Vos"]


def test_speakers_are_not_what_his_death_is_about() -> None:
    text = (
        "Karim Haddad led the group for years.\n\n"
        "Spokesman Tom Berg and John Carter of the ministry had said that his death could not "
        "be confirmed."
    )
    assert subjects_of(text, "died") == ["Karim Haddad"]


def test_name_right_before_the_auxiliaries_is_the_subject() -> None:
    text = (
        "Adviser John Carter had claimed that there was evidence that proved Karim Haddad had "
        "been killed."
    )
    assert subjects_of(text, "killed") == ["Karim Haddad"]


def test_title_is_not_part_of_the_name() -> None:
    assert subjects_of("Interior Minister Tom Berg was wounded on Monday.", "wounded") == [
        "Tom Berg"
    ]


def test_organisation_led_is_not_the_subject() -> None:
    text = "The leader of Jaish al-Nour (JN), Karim Haddad, may have been killed in a strike."
    assert subjects_of(text, "killed") == ["Karim Haddad"]


def test_copula_names_the_person_described() -> None:
    text = (
        "Officials concluded that Karim Haddad's son, who was killed in the raid, was Samir "
        "Haddad and not Adel Haddad."
    )
    assert subjects_of(text, "killed") == ["Samir Haddad"]


def test_family_name_of_a_plural_is_a_group() -> None:
    assert subjects_of("The Haddad brothers were arrested on Monday.", "arrested") == [
        "The Haddad brothers"
    ]


def test_indefinite_description_is_no_one_in_particular() -> None:
    text = (
        "Karim Haddad led the group. Analysts said that the death of a single leader would "
        "not end the group."
    )
    assert subjects_of(text, "died") == []


def test_pronoun_after_a_spokesman_goes_to_the_topic_person() -> None:
    text = (
        "Rebels deny leader Karim Haddad has died.\n\n"
        "Rebel spokesman Tom Berg told reporters that the talks would go on.\n\n"
        "Karim Haddad had not been seen since March.\n\n"
        "A letter that Berg sent later again denied his death."
    )
    assert subjects_of(text, "died")[-1] == "Karim Haddad"


def test_a_pronoun_is_not_the_spokesman_who_only_speaks() -> None:
    # The victim is never named: "he" is not the police spokesman.
    unnamed = (
        "Police spokesman Tom Berg said officers found a man on the road at noon. "
        "He was pronounced dead by paramedics."
    )
    assert subjects_of(unnamed, "died") == []
    # The same when the spokesman's paragraph holds no trigger and is read by the NER only,
    # and a leader's name that only modifies an institution is no one spoken of.
    assert subjects_of(unnamed.replace(". ", ".\n\n", 1), "died") == []
    institution = "The Davis administration promised action.\n\nHe was pronounced dead there."
    assert subjects_of(institution, "died") == []
    # A spokesman who is himself reported on stays the one a later "he" is about.
    reported = "Rebel spokesman Tom Berg was killed in a raid. He died on the way to hospital."
    assert subjects_of(reported, "died") == ["Tom Berg"]


def test_a_street_or_a_body_tagged_person_is_not_indexed_as_one() -> None:
    from spacy.tokens import Span as SpacySpan

    from claimledger.extract.people import index_people
    from claimledger.nlp import load_pipeline

    doc = load_pipeline()("He lived on the Joe Farrington Road and met Karim Haddad there.")
    road = SpacySpan(doc, 4, 7, label="PERSON")  # "Joe Farrington Road", as the tagger may
    person = SpacySpan(doc, 9, 11, label="PERSON")
    people = index_people([(0, [road, person])])
    assert people.is_person_name("Karim Haddad")
    assert not people.is_person_name("Joe Farrington Road")
