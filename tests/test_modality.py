"""Modality: asserted / hedged / denied / retracted on made-up sentences and headlines."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimledger.extract.attribution import attribute
from claimledger.extract.modality import classify_modality, english_pipeline, modality_of_text


@pytest.fixture(scope="session")
def nlp() -> Language:
    return english_pipeline()


def _modality(nlp: Language, text: str, trigger: str) -> str:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    context = [s for s in doc.sents if s.end <= tok.sent.start]
    found = attribute(tok.sent, tok, context=context)
    return classify_modality(tok.sent, tok, attribution=found)


CASES = [
    # asserted
    ("The commander was killed in the strike.", "killed", "asserted"),
    ("The ministry said the commander was killed in the strike.", "killed", "asserted"),
    ("The press wrote that the leader was poisoned.", "poisoned", "asserted"),
    # hedged: modals, adverbs, raising verbs, phrases, impersonal sources, scare quotes
    ("The leader may have been killed in an airstrike.", "killed", "hedged"),
    ("The leader might have died in the raid.", "died", "hedged"),
    ("Presumably, he died as a result of an airstrike.", "died", "hedged"),
    ("The leader was allegedly poisoned.", "poisoned", "hedged"),
    ("The leader reportedly died in hospital.", "died", "hedged"),
    ("The commander is believed to have been killed in the raid.", "killed", "hedged"),
    ("There is a high probability that the leader was killed.", "killed", "hedged"),
    ("It is possible that the leader was wounded.", "wounded", "hedged"),
    ("It was reported that the leader was injured in an airstrike.", "injured", "hedged"),
    ("According to media reports, the leader was seriously wounded.", "wounded", "hedged"),
    ("The militants claimed that the pilot was killed.", "killed", "asserted"),
    ("Officials say the leader allegedly died in the strike.", "died", "hedged"),
    ("He was “killed” during an airstrike on a convoy.", "killed", "hedged"),
    ('He was "destroyed" by a drone.', "destroyed", "hedged"),
    ("A version appeared that the leader had moved abroad.", "moved", "hedged"),
    ("He allegedly came under a strike, after which he was taken to a hospital, where he died.",
     "died", "hedged"),
    # denied: negation in the trigger's own clause, denial verbs, doubts
    ("The commander was not killed in the strike.", "killed", "denied"),
    ("The ministry denied that the commander had been killed.", "killed", "denied"),
    ("The former minister also doubted the death of the commander.", "death", "denied"),
    ("Officials refuted reports that the leader was captured.", "captured", "denied"),
    ("There was no confirmation of the death of the leader.", "death", "hedged"),
    ("The coalition said the leader was not in the city and was not killed.", "killed",
     "denied"),
    # an unconfirmed claim is left open, not contradicted
    ("Officials said that his death could not be confirmed.", "death", "hedged"),
    ("The capital has yet to confirm his killing.", "killing", "hedged"),
    ("Officials said they could not confirm the reports of his death.", "death", "hedged"),
    # a denial in one clause does not reach a claim in another
    ("Officials said it could not be confirmed, although the adviser had claimed that there was "
     "evidence that proved the leader had been killed.", "killed", "asserted"),
    # characterising the reports as lies denies them; a named claimant's claim is firm
    ("Karim Haddad referred to reports of his death as propaganda.", "death", "denied"),
    ("Videos emerged, contradicting Freedonian claims he was killed in a raid.", "killed",
     "asserted"),
    ("The agency quoted officials as saying that according to preliminary information the "
     "leader was killed.", "killed", "hedged"),
    # doubting a report leaves the claim open; doubting the event contradicts it
    ("Army officers and police commanders have expressed doubt about the reports of Karim's "
     "death, according to the agency.", "death", "hedged"),
    ("The coalition doubted reports of his death.", "death", "hedged"),
    # a failed attempt denies the act; an attack someone else survived does not
    ("The report claimed that Karim not only survived army attempts to kill him in 2019, but "
     "is running the group.", "kill", "denied"),
    ("The attack that killed ten people was survived by Karim.", "killed", "asserted"),
    # a message is evidence of life whatever it leaves unsaid
    ("While Karim's holiday message did not directly mention the talks, he wrote that peace "
     "was near.", "message", "asserted"),
    # a source that withholds confirmation leaves the claim open
    ("The ministry refused to confirm that the leader had died.", "died", "hedged"),
    ("Despite the government asserting that Karim was killed, Freedonia has yet to confirm "
     "his killing.", "killing", "hedged"),
    # a report held by a named outlet is the outlet's word
    ("A report seen by the Daily Herald says: “Karim is alive and well.”", "alive", "asserted"),
    # an unnamed individual's post: nobody answers for it
    ("Rumours spread after a person wrote on Weibo that Karim was killed.", "killed", "hedged"),
    # retracted: the claimant withdraws or admits there is no support
    ("Later, the ministry admitted that there was no confirmation of the liquidation of the "
     "leader.", "liquidation", "retracted"),
    ("The army retracted its claim that the commander was killed.", "killed", "retracted"),
    ("The agency withdrew its report that the commander was killed.", "killed", "retracted"),
    ("The ministry walked back its statement that the commander had died.", "died",
     "retracted"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger", "expected"), CASES)
def test_modality_cases(nlp: Language, text: str, trigger: str, expected: str) -> None:
    assert _modality(nlp, text, trigger) == expected


@pytest.mark.slow
def test_negation_scope_stops_at_the_conjunct(nlp: Language) -> None:
    text = "The leader was not killed in the strike but was seriously wounded."
    assert _modality(nlp, text, "killed") == "denied"
    assert _modality(nlp, text, "wounded") == "asserted"


@pytest.mark.slow
def test_hedge_in_a_neighbouring_sentence_does_not_count(nlp: Language) -> None:
    text = "The leader may have fled. The commander was killed in the raid."
    assert _modality(nlp, text, "killed") == "asserted"


@pytest.mark.slow
def test_scare_quotes_only_around_the_trigger(nlp: Language) -> None:
    assert _modality(nlp, "The “caliph” was killed in the raid.", "killed") == "asserted"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Militants kill 300 soldiers in the north", "asserted"),
        ("Rebel leader injured in air strike, officials say", "hedged"),
        ("Rebel leader reportedly killed in raid", "hedged"),
        ("Was the rebel leader killed in the raid?", "hedged"),
        ("Company denies layoff rumors", "denied"),
        ("Singer is not dead, despite viral death hoax", "denied"),
        ("No, the city has not banned cars", "denied"),
        ("Newspaper retracts story on minister's arrest", "retracted"),
    ],
)
def test_modality_of_text(headline: str, expected: str) -> None:
    assert modality_of_text(headline) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # The writer's scare quotes do not change how firmly a named claimant said it.
        ("The commander was “killed” in March, as reported by the Daily Planet.", "killed",
         "asserted"),
        ("The commander was “killed” in March.", "killed", "hedged"),
        # A negated belief verb denies.
        ("The villagers say that they don't believe he's dead.", "dead", "denied"),
        # Conditions and indirect questions are not reports.
        ("It is too early to say whether he was killed.", "killed", "hedged"),
        ("If the commander had been killed, his portrait would be on every wall.", "killed",
         "hedged"),
    ],
)  # fmt: skip
def test_claimant_scare_quotes_beliefs_and_conditions(
    nlp: Language, text: str, trigger: str, expected: str
) -> None:
    assert _modality(nlp, text, trigger) == expected
