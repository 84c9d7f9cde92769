"""Facts-only gold: the reader and each of the reference scorer's matching rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimledger.errors import InputError
from claimledger.evaluate import (
    FactsEvaluation,
    FactsGold,
    SeedGold,
    below_floors,
    read_facts_gold,
    read_gold,
    run_evaluation,
    score_facts,
)
from claimledger.evaluate.facts import fold, when_matches
from claimledger.evaluate.facts_gold import gold_span, parse_when
from facts_factories import (
    article,
    claim,
    entity,
    event,
    export,
    gold,
    gold_claim,
    gold_event,
)

ROE = {"Jane Roe": ["Jane Roe", "Roe", "J. Roe"]}


def score(
    exported: dict[str, Any], annotated: dict[str, Any], languages: list[str] | None = None
) -> FactsEvaluation:
    return score_facts(exported, read_facts_gold(annotated, "gold.yaml"), languages=languages)


def one_event_gold(when: Any = None, **kwargs: Any) -> dict[str, Any]:
    claims = [gold_claim("a1")]
    return gold([article("a1")], [gold_event("g1", "Jane Roe", claims, when=when, **kwargs)], ROE)


# --- names ---------------------------------------------------------------------------------


def test_names_are_folded_and_counted_per_listing() -> None:
    assert fold("Ḥamza  Roé (the son)") == "hamza roe"
    assert fold("al-Qaeda_in Yemen") == "al qaeda in yemen"
    exported = export([entity("e1", "JANE ROE", "j roe")], [])
    overall = score(exported, one_event_gold()).overall
    assert (overall.names_found, overall.names) == (2, 3)  # "Roe" reaches no entity


def test_a_person_whose_own_names_reach_two_entities_is_split() -> None:
    exported = export([entity("e1", "Jane Roe"), entity("e2", "J. Roe")], [])
    evaluation = score(exported, one_event_gold())
    assert evaluation.overall.persons_split == 1
    assert evaluation.findings[0].line() == "split: Jane Roe: its own names are in e1, e2"


def test_a_shared_name_neither_splits_nor_merges() -> None:
    aliases = {"Jane Roe": ["Jane Roe", "Roe"], "John Roe": ["John Roe", "Roe"]}
    annotated = gold([article("a1")], [gold_event("g1", "John Roe", [gold_claim("a1")])], aliases)
    # "Roe" is on Jane's entity: John's names then reach two entities, but only through a name
    # the gold gives both of them.
    exported = export(
        [entity("e1", "Jane Roe", "Roe"), entity("e2", "John Roe")],
        # A shared name makes an event about Jane's entity one about John as well.
        [event("v1", "e1")],
        [claim("c1", "a1", "v1")],
    )
    overall = score(exported, annotated).overall
    assert (overall.persons_split, overall.wrong_merges) == (0, 0)
    assert overall.events_matched == 1


def test_two_people_whose_own_names_share_an_entity_are_a_wrong_merge() -> None:
    aliases = {"Jane Roe": ["Jane Roe"], "John Roe": ["John Roe"], "Ann Poe": ["Ann Poe"]}
    annotated = gold([article("a1")], [], aliases)
    exported = export([entity("e1", "Jane Roe", "John Roe", "Ann Poe")], [])
    evaluation = score(exported, annotated)
    assert evaluation.overall.wrong_merges == 3  # each pair once
    assert evaluation.findings[0].line() == "wrong merge: Jane Roe + John Roe: in e1"


# --- events --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold_when", "system", "matches"),
    [
        ("2020-05-10", ("2020-05-30", None), True),  # 20 days after: within the slack
        ("2020-05-10", ("2020-05-31", None), False),  # 21 days
        ("2020-05-10", ("2020-04-01", "2020-04-20"), True),  # a range ending 20 days before
        ("2020-05", ("2020-06-20", None), True),  # a month runs to its last day
        ("2020-05", ("2020-06-21", None), False),
        (["2020-01-14", "2020-01-17"], ("2020-02-06", None), True),
        ("2020", ("2021-01-20", None), True),
        (None, (None, None), True),  # undated gold takes any date
        ("unknown", ("1999-01-01", None), True),  # so does free text
        ("2020-05-10", (None, None), False),  # an undated system event fits no dated gold
    ],
)
def test_when_has_twenty_days_of_slack(gold_when: Any, system: tuple, matches: bool) -> None:
    assert when_matches(gold_span(gold_when), parse_when(span_of(*system))) is matches
    exported = export(
        [entity("e1", "Jane Roe")], [event("v1", "e1", when=system[0], end=system[1])]
    )
    assert score(exported, one_event_gold(gold_when)).overall.events_matched == int(matches)


def span_of(start: str | None, end: str | None) -> dict[str, str] | None:
    return {"start": start, "end": end or start} if start else None


def test_gold_dates_read_like_the_reference_scorer() -> None:
    assert gold_span("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))
    assert gold_span("2016-12") == (date(2016, 12, 1), date(2016, 12, 31))
    assert gold_span(date(2016, 3, 1)) == (date(2016, 3, 1), date(2016, 3, 1))
    assert gold_span(2016) == (date(2016, 1, 1), date(2016, 12, 31))
    assert gold_span(["2017", "2019"]) == (date(2017, 1, 1), date(2019, 12, 31))
    assert gold_span("around 2016") is None


def test_predicates_match_within_their_group() -> None:
    exported = export([entity("e1", "Jane Roe")], [event("v1", "e1", predicate="died")])
    assert score(exported, one_event_gold()).overall.events_matched == 1
    exported = export([entity("e1", "Jane Roe")], [event("v1", "e1", predicate="wounded")])
    assert score(exported, one_event_gold()).overall.events_matched == 0


def test_unmatched_events_are_preferred_then_the_one_with_most_claims() -> None:
    claims = [gold_claim("a1")]
    annotated = gold(
        [article("a1")],
        [gold_event("g1", "Jane Roe", claims), gold_event("g2", "Jane Roe", claims)],
        ROE,
    )
    two = export(
        [entity("e1", "Jane Roe")],
        [event("v1", "e1"), event("v2", "e1")],
        [claim("c1", "a1", "v2"), claim("c2", "a1", "v2"), claim("c3", "a1", "v1")],
    )
    overall = score(two, annotated).overall
    assert (overall.events_matched, overall.system_events_matched, overall.system_events) == (
        2,
        2,
        2,
    )
    # With one system event, both gold events match it: recall counts both, precision once.
    one = export([entity("e1", "Jane Roe")], [event("v1", "e1")], [claim("c1", "a1", "v1")])
    figures = score(one, annotated).overall.figures()
    assert (figures["event_recall"], figures["event_precision"]) == (1.0, 1.0)


def test_precision_counts_the_system_events_about_the_gold_subjects() -> None:
    exported = export(
        [entity("e1", "Jane Roe"), entity("e2", "Someone Else")],
        [
            event("v1", "e1", "killed"),
            event("v2", "e1", "wounded"),
            event("v3", "e1", "captured"),
            event("v4", "e2", "killed"),  # about nobody in the gold: not counted
        ],
    )
    figures = score(exported, one_event_gold()).overall.figures()
    assert figures["event_precision"] == 0.333


def test_a_missed_event_counts_its_claims_as_not_found() -> None:
    exported = export([entity("e1", "Jane Roe")], [])
    evaluation = score(exported, one_event_gold("2020-05"))
    assert evaluation.overall.figures()["claims_found"] == "0/1"
    assert evaluation.overall.missed_events == ["g1"]
    assert evaluation.findings[0].line() == "missed event: g1: killed 2020-05"


@pytest.mark.parametrize(
    ("gold_status", "note", "system_status", "right"),
    [
        ("refuted", None, "refuted", True),
        ("refuted", None, "disputed", False),
        ("refuted", "reported killed; later refuted by a video", "disputed", True),
        ("disputed", "some call it refuted", "refuted", True),
        ("confirmed", "refuted at first", "refuted", False),
        ("unverified", None, "confirmed", False),
    ],
)
def test_status_and_the_refuted_note(
    gold_status: str, note: str | None, system_status: str, right: bool
) -> None:
    exported = export([entity("e1", "Jane Roe")], [event("v1", "e1", status=system_status)])
    annotated = one_event_gold(status=gold_status, note=note)
    assert score(exported, annotated).overall.status_right == int(right)


# --- claims --------------------------------------------------------------------------------


def claims_case(gold_claims: list[dict], system_claims: list[dict]) -> FactsEvaluation:
    annotated = gold(
        [article("a1"), article("a2")], [gold_event("g1", "Jane Roe", gold_claims)], ROE
    )
    exported = export([entity("e1", "Jane Roe")], [event("v1", "e1")], system_claims)
    return score(exported, annotated)


def test_a_claim_is_found_in_its_article_by_the_closest_claimant() -> None:
    evaluation = claims_case(
        [gold_claim("a1", "Interior Ministry (spokesman)", "hedged")],
        [
            claim("c1", "a2", "v1", "the Interior Ministry"),  # another article
            claim("c2", "a1", "v1", "police"),
            claim("c3", "a1", "v1", "the ministry of the interior", "hedged"),
        ],
    )
    overall = evaluation.overall
    assert (overall.claims_found, overall.claimant_right, overall.modality_right) == (1, 1, 1)


def test_a_claim_in_no_candidate_event_is_not_found() -> None:
    annotated = gold([article("a1")], [gold_event("g1", "Jane Roe", [gold_claim("a1")])], ROE)
    exported = export(
        [entity("e1", "Jane Roe")],
        [event("v1", "e1"), event("v2", "e1", "alive")],
        [claim("c1", "a1", "v2")],  # the article's claim is about another event
    )
    evaluation = score(exported, annotated)
    assert evaluation.overall.figures()["claims_found"] == "0/1"
    assert evaluation.findings[0].line() == (
        "claim not found: g1 in a1: claimant none (the article itself)"
    )


@pytest.mark.parametrize(
    ("gold_claimant", "claimant", "origin", "right"),
    [
        (None, None, "doc:a1", True),  # the article itself, on both sides
        (None, "police", None, False),
        ("police", None, "doc:a1", False),
        ("police", None, "local police", True),  # the origin stands in for a missing claimant
        ("the army", "the police", None, False),  # "the" is no shared word
        ("Army of the South", "southern army", None, True),
    ],
)
def test_claimant_shares_a_word(
    gold_claimant: str | None, claimant: str | None, origin: str | None, right: bool
) -> None:
    evaluation = claims_case(
        [gold_claim("a1", gold_claimant)], [claim("c1", "a1", "v1", claimant, origin=origin)]
    )
    assert evaluation.overall.claimant_right == int(right)
    assert [f.kind for f in evaluation.findings] == ([] if right else ["claimant"])


def test_modality_defaults_to_asserted() -> None:
    ok = claims_case([gold_claim("a1", modality="asserted")], [claim("c1", "a1", "v1", None, None)])
    assert ok.overall.modality_right == 1
    wrong = claims_case([gold_claim("a1", modality="denied")], [claim("c1", "a1", "v1")])
    assert wrong.overall.modality_right == 0
    assert wrong.findings[0].line().startswith("modality: g1 in a1: gold denied, got asserted")


# --- languages -----------------------------------------------------------------------------


def test_per_language_scores_only_the_claims_made_in_it() -> None:
    annotated = gold(
        [article("en1", "en"), article("fr1", "fr")],
        [
            gold_event("g1", "Jane Roe", [gold_claim("en1"), gold_claim("fr1")], when="2020-05"),
            gold_event("g2", "Jane Roe", [gold_claim("fr1")], predicate="alive", when="2021"),
        ],
        ROE,
    )
    exported = export(
        [entity("e1", "Jane Roe")],
        [event("v1", "e1", when="2020-05-02"), event("v2", "e1", "wounded", when="2022-01-01")],
        [claim("c1", "en1", "v1")],
    )
    evaluation = score(exported, annotated)
    assert list(evaluation.by_language) == ["en", "fr"]
    en, fr = evaluation.by_language["en"], evaluation.by_language["fr"]
    assert (en.gold_events, en.claims, en.claims_found, en.missed_events) == (1, 1, 1, [])
    assert (fr.gold_events, fr.claims, fr.claims_found, fr.missed_events) == (2, 2, 0, ["g2"])
    # Precision still counts every system event about the person, the wounded one too.
    assert en.figures()["event_precision"] == 0.5
    assert evaluation.metrics()["fr.event_recall"] == 0.5
    restricted = score(exported, annotated, languages=["fr"])
    assert restricted.overall.figures() == fr.figures()
    assert list(restricted.by_language) == ["fr"]


def test_floors_read_per_language_keys_and_ceilings() -> None:
    metrics = {"event_recall": 0.9, "en.event_recall": 0.7, "en.persons_split": 2.0}
    floors = {"en.event_recall": 0.8, "en.persons_split": 0, "event_recall": 0.9}
    assert below_floors(metrics, floors) == [
        "en.event_recall: 0.7 is below the floor 0.8",
        "en.persons_split: 2.0 is above the ceiling 0",
    ]


# --- reading gold files --------------------------------------------------------------------


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_gold_format_is_told_by_its_keys(tmp_path: Path) -> None:
    facts = read_gold(write_yaml(tmp_path / "facts.yaml", one_event_gold("2020-05")))
    assert isinstance(facts, FactsGold)
    assert facts.people == {"Jane Roe": ("Jane Roe", "Roe", "J. Roe")}
    assert facts.events[0].span == (date(2020, 5, 1), date(2020, 5, 31))
    seed = read_gold(write_yaml(tmp_path / "seed.yaml", {"entities": [], "events": []}))
    assert isinstance(seed, SeedGold)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"people": []}, "unknown gold format (top-level keys: 'people'); expected a gold file"),
        ("a: [b", "not YAML"),
        (["a list"], "not a mapping of annotations"),
        ({"articles": [], "events": {}, "aliases": {}}, "'events' must be a list"),
        (
            gold([], [gold_event("g1", "Jane Roe", [gold_claim("a9")])], ROE),
            "event 'g1': claim article 'a9' is not listed under 'articles'",
        ),
        (
            gold([article("a1")], [gold_event("g1", "Jane Roe", [], when="2020-13")], ROE),
            "event 'g1': when '2020-13' is not a date",
        ),
        (gold([], [], {"Jane Roe": [1]}), "aliases of 'Jane Roe': every name must be a string"),
    ],
)
def test_a_bad_gold_file_is_named_with_what_is_expected(
    tmp_path: Path, content: Any, message: str
) -> None:
    path = tmp_path / "gold.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        write_yaml(path, content)
    with pytest.raises(InputError) as raised:
        read_gold(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_a_missing_article_cache_says_where_and_how_to_rebuild(tmp_path: Path) -> None:
    gold_path = write_yaml(tmp_path / "gold.yaml", one_event_gold())
    missing = tmp_path / "cache" / "articles.jsonl"
    with pytest.raises(InputError) as raised:
        run_evaluation(gold_path, articles=missing)
    message = str(raised.value)
    assert message.startswith(f"{missing}: no such file")
    assert f"folder's README.md ({tmp_path / 'README.md'})" in message


def test_an_export_file_must_be_an_export(tmp_path: Path) -> None:
    gold_path = write_yaml(tmp_path / "gold.yaml", one_event_gold())
    other = tmp_path / "other.json"
    other.write_text('{"schema": "something.else", "claims": []}', encoding="utf-8")
    with pytest.raises(InputError, match=r"schema is 'something\.else'; expected a claimledger"):
        run_evaluation(gold_path, export_path=other)


def test_a_language_the_gold_lacks_is_refused(tmp_path: Path) -> None:
    gold_path = write_yaml(tmp_path / "gold.yaml", one_event_gold())
    with pytest.raises(InputError, match="no gold article is in de; the gold's languages are en"):
        run_evaluation(gold_path, export_path=tmp_path / "unused.json", languages=["de"])
