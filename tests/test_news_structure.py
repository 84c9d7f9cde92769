"""Structures of real wire copy and web extractions, in sentences written for these tests:
headlines and datelines on lines of their own, dates of the report rather than of the event,
spans given as "two or three years ago", "one month later", news told in the present perfect,
and acts told as background."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimledger.extract.attribution import Attribution, _nearest_subject
from claimledger.extract.claims import _not_self, extract_claims
from claimledger.extract.subjects import Subject
from claimledger.extract.when import find_times
from claimledger.extract.when_relative import in_narrative_time
from claimledger.nlp import split_paragraphs
from claimledger.types import Claim, Document

PUBLISHED = date(2019, 3, 6)  # a Wednesday


def _claims(text: str, published: date | None = PUBLISHED) -> list[Claim]:
    document = Document(text=text, published_at=published)
    return list(extract_claims(document, document_id="d1").claims)


def test_a_line_break_before_a_capitalised_line_starts_a_paragraph() -> None:
    text = "Rebel commander dies at 70 - agency\n08:15 06/03/2019\nLONDON, March 6 - He died."
    assert [p.text for p in split_paragraphs(text)] == [
        "Rebel commander dies at 70 - agency",
        "08:15 06/03/2019",
        "LONDON, March 6 - He died.",
    ]


def test_a_soft_wrapped_line_stays_in_its_paragraph() -> None:
    text = "The commander of the northern\nbrigade was killed on Monday.\n\nNext paragraph."
    assert [p.text for p in split_paragraphs(text)] == [
        "The commander of the northern\nbrigade was killed on Monday.",
        "Next paragraph.",
    ]


def test_numbers_or_counts_ago_span_both() -> None:
    [found] = find_times("he died two or three years ago", anchor=date(2015, 7, 29))
    assert (found.span.start, found.span.end) == (date(2012, 1, 1), date(2013, 12, 31))
    [months] = find_times("2 to 3 months ago", anchor=date(2015, 7, 29))
    assert (months.span.start, months.span.end) == (date(2015, 4, 1), date(2015, 5, 31))


def test_later_counts_from_the_date_just_told_in_the_same_sentence() -> None:
    text = "He was poisoned in early May 2016 at a dinner and died one month later."
    found = in_narrative_time(text, find_times(text, anchor=PUBLISHED), [], PUBLISHED)
    later = [t for t in found if t.span.text == "one month later"]
    assert later and (later[0].span.start, later[0].span.end) == (
        date(2016, 6, 1),
        date(2016, 6, 30),
    )


@pytest.mark.slow
def test_a_datelines_date_is_the_reports_not_the_deaths() -> None:
    text = "LONDON, March 6 (Wire) - Rebel commander Omar Haddad died, his aides said."
    [claim] = [c for c in _claims(text) if c.predicate == "died"]
    assert claim.when is not None and claim.when.precision == "reported"
    assert claim.when.end == date(2019, 3, 6) and claim.when.start < date(2019, 3, 6)


@pytest.mark.slow
def test_news_in_the_present_perfect_is_dated_by_the_weeks_before_the_report() -> None:
    [claim] = [c for c in _claims("Rebels deny that Omar Haddad has died.") if c.subject]
    assert claim.when is not None and claim.when.precision == "reported"
    assert claim.when.end == PUBLISHED
    # A past of unknown date stays undated.
    [past] = _claims("Omar Haddad died of his wounds, his aides said.")
    assert past.when is None


@pytest.mark.slow
def test_an_act_told_as_background_is_no_evidence_of_life() -> None:
    text = (
        "Omar Haddad, a commander who had threatened to attack the capital, was reported "
        "dead on Tuesday by the group he led."
    )
    assert not [c for c in _claims(text) if c.predicate == "alive"]


@pytest.mark.slow
def test_an_act_of_the_news_itself_is_evidence_of_life() -> None:
    text = "Omar Haddad reappeared at a cement factory on Monday. He was reported dead in January."
    alive = [c for c in _claims(text) if c.predicate == "alive"]
    assert alive and alive[0].when is not None and alive[0].when.start == date(2019, 3, 4)


def test_of_two_subjects_the_one_nearest_the_reporting_verb_speaks() -> None:
    # The misparse of "X confirmed the death of Y, a day after the group said he had died":
    # Y hangs from "said" as a second subject.
    words = ["Porter", "confirmed", "death", "of", "Haddad", ",", "after", "group", "said", "he",
             "died"]  # fmt: skip
    heads = [1, 1, 1, 2, 8, 8, 8, 8, 1, 10, 8]
    deps = ["nsubj", "ROOT", "dobj", "prep", "nsubj", "punct", "mark", "nsubj", "advcl",
            "nsubj", "ccomp"]  # fmt: skip
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert _nearest_subject(doc[8]).text == "group"
    assert _nearest_subject(doc[1]).text == "Porter"


def test_no_one_is_the_source_of_a_report_of_his_own_death() -> None:
    subject = Subject("Omar Haddad", 0, 11, "Haddad", "PERSON")
    relayed = Attribution(claimant="Haddad", via=("Ali Nour", "Reuters"))
    assert _not_self(relayed, subject) == Attribution(claimant="Ali Nour", via=("Reuters",))
    assert _not_self(Attribution(claimant="Haddad"), subject).claimant is None
    other = Attribution(claimant="Ali Nour")
    assert _not_self(other, subject) is other


@pytest.mark.slow
def test_a_hyphenated_name_keeps_its_hyphens_as_a_claimant() -> None:
    text = "Omar Haddad was killed in a drone strike, Ali-ur-Nour told reporters on Friday."
    [claim] = _claims(text)
    assert claim.claimant == "Ali-ur-Nour"


@pytest.mark.slow
def test_an_attempt_or_a_mission_to_kill_reports_no_killing() -> None:
    for text in (
        "Nour ruled out a deliberate attempt by the police to kill Omar Haddad.",
        "In June the air force sent two jets on a mission to kill Omar Haddad.",
    ):
        assert not [c for c in _claims(text) if c.predicate == "killed"], text


@pytest.mark.slow
def test_what_is_said_of_the_aftermath_of_a_death_is_not_said_of_the_death() -> None:
    [impact] = _claims("The impact of Omar Haddad's death on the rebellion was not yet clear.")
    assert impact.modality == "asserted"
    [report] = _claims("Reports of Omar Haddad's death were not true.")
    assert report.modality == "denied"


@pytest.mark.slow
def test_a_bounty_for_a_capture_reports_no_capture() -> None:
    assert not _claims("The state offered a $1 million bounty for his capture, Omar Haddad.")
    assert not _claims("Police offered a reward for the capture of Omar Haddad.")


@pytest.mark.slow
def test_a_move_during_which_someone_was_killed_is_no_move_of_its_own() -> None:
    text = "An official said Omar Haddad had been shot dead while being moved from Gao to Kidal."
    assert {c.predicate for c in _claims(text)} == {"died"}


@pytest.mark.slow
def test_evidence_of_life_is_never_dated_after_the_report() -> None:
    text = "In his message for the holiday next Sunday, Omar Haddad praised the fighters."
    [alive] = [c for c in _claims(text) if c.predicate == "alive"]
    assert alive.when is not None and alive.when.end <= PUBLISHED


@pytest.mark.slow
def test_a_labelled_date_opening_a_line_is_the_reports() -> None:
    [claim] = _claims("Published: March 6, 2019 Omar Haddad has been killed in a raid.")
    assert claim.when is not None and claim.when.precision == "reported"


@pytest.mark.slow
def test_attending_an_occasion_is_evidence_of_life_where_harm_is_reported() -> None:
    text = (
        "Rumours said Omar Haddad had died after surgery. State radio said Omar Haddad "
        "attended the opening ceremony of a plant on Friday."
    )
    alive = [c for c in _claims(text) if c.predicate == "alive"]
    assert alive and alive[0].claimant == "State radio"
    # Without harm in question, attending is an everyday act.
    assert not _claims("Omar Haddad attended the opening ceremony of a plant on Friday.")


@pytest.mark.slow
def test_the_source_a_relay_cites_is_the_claimant() -> None:
    text = "Omar Haddad was killed, according to the BBC, which cited the state news agency."
    [claim] = _claims(text)
    assert (claim.claimant, claim.via) == ("state news agency", ("BBC",))


def test_a_bare_weekday_dates_a_verb_but_not_a_title() -> None:
    anchor = date(2020, 4, 25)  # a Saturday
    [night] = find_times("sources say the leader died Saturday night", anchor=anchor)
    assert night.span.start == anchor
    [said] = find_times("the minister said Tuesday that he had died", anchor=anchor)
    assert said.span.start == date(2020, 4, 21)
    assert not find_times("we watched Saturday Night Live", anchor=anchor)
    assert not find_times("the Tuesday meeting was put off", anchor=anchor)


@pytest.mark.slow
def test_the_injuries_one_died_of_were_his() -> None:
    text = "His aides said Omar Haddad died on Sunday, May 23 of injuries sustained on May 5."
    [wounded] = [c for c in _claims(text) if c.predicate == "wounded"]
    assert wounded.subject == "Omar Haddad"
    assert wounded.when is not None
    assert (wounded.when.start.month, wounded.when.start.day) == (5, 5)


@pytest.mark.slow
def test_an_identity_denied_of_a_dead_man_does_not_deny_the_death() -> None:
    text = "Sources claim that Omar Haddad's dead son was not Ali but Karim Haddad."
    assert all(c.modality != "denied" for c in _claims(text))
    [denied] = _claims("Rebels say Omar Haddad is not dead.")
    assert denied.modality == "denied"


def test_a_headline_denial_misread_by_the_parser_is_still_a_denial() -> None:
    [claim] = _claims("Rebels deny leader Karim Haddad has died")
    assert (claim.modality, claim.claimant) == ("denied", "Rebels")


def test_reports_the_article_itself_confirms_are_asserted() -> None:
    endorsed = (
        "Omar Haddad died in a drone strike on November 1. According to press reports, "
        "Haddad died when a drone struck his car on Friday night."
    )
    claims = _claims(endorsed, date(2013, 11, 4))
    assert [c.modality for c in claims] == ["asserted", "asserted"]
    assert claims[1].claimant == "press reports"
    # Reports of another date stay the reports' word.
    other = (
        "Omar Haddad died in a drone strike on November 1. In March, according to media "
        "reports, Haddad was killed in a raid."
    )
    assert [c.modality for c in _claims(other, date(2013, 11, 4))] == ["asserted", "hedged"]
