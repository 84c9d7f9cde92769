"""Affiliations: the organisation a role word ties a person's name to, in made-up sentences."""

from __future__ import annotations

import re

from claimledger.resolve.affiliation import Span, affiliations_of
from claimledger.resolve.context import DocumentContext
from claimledger.resolve.resolver import Resolver
from claimledger.types import Mention


def _span(text: str, name: str) -> Span:
    start = text.index(name)
    return Span(start, start + len(name), name)


def test_role_word_between_group_and_name() -> None:
    text = "Jundallah leader Karim Nasser said the Army had lied."
    orgs = [_span(text, "Jundallah"), _span(text, "Army")]
    assert affiliations_of(_span(text, "Karim Nasser"), orgs, text) == {"Jundallah"}


def test_role_of_group_after_the_name_and_acronym() -> None:
    text = "Karim Nasser, the head of the Northern Movement (NM), was wounded."
    orgs = [_span(text, "Northern Movement")]
    found = affiliations_of(_span(text, "Karim Nasser"), orgs, text)
    assert found == {"Northern Movement", "NM"}


def test_leader_of_group_then_name() -> None:
    text = "The leader of the Northern Movement (NM), Karim Nasser, was wounded."
    orgs = [_span(text, "Northern Movement")]
    assert "Northern Movement" in affiliations_of(_span(text, "Karim Nasser"), orgs, text)


def test_no_role_no_affiliation() -> None:
    text = "Jundallah and Karim Nasser met; the Army watched Karim Nasser."
    orgs = [_span(text, "Jundallah"), _span(text, "Army")]
    assert affiliations_of(_span(text, "Karim Nasser"), orgs, text) == set()


def test_resolver_keeps_affiliations_in_the_profile() -> None:
    text = "Jundallah spokesman Karim Nasser denied it. Karim Nasser spoke again."
    labels = {"Jundallah": "ORG", "Karim Nasser": "PERSON"}
    mentions = sorted(
        (
            Mention("d", m.start(), m.end(), name, label)
            for name, label in labels.items()
            for m in re.finditer(re.escape(name), text)
        ),
        key=lambda m: m.start,
    )
    resolver = Resolver()
    resolved = resolver.resolve_document(mentions, DocumentContext.from_text("d", text, None))
    person = next(m.entity_id for m in resolved if m.text == "Karim Nasser")
    assert person is not None
    assert resolver.affiliations(person) == {"Jundallah"}
    record = resolver.index.get(person)
    assert record.profile.as_dict()["affiliations"] == {"Jundallah": 1}


def test_name_the_tagger_cut_short_is_read_whole_with_its_acronym() -> None:
    text = "The Jaish-e-Nasr Front (JNF) chief Karim Nasser was killed."
    orgs = [_span(text, "Jaish")]
    found = affiliations_of(_span(text, "Karim Nasser"), orgs, text)
    assert found == {"Jaish-e-Nasr Front", "JNF"}
