"""Event statuses with evidence, status history, track records and history summaries."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from claimledger.assess import (
    ASSESSOR,
    assess_claims,
    assess_subject,
    decide,
    summarize_history,
    track_records,
)
from claimledger.ledger import group_events, independent_origins, index_claims
from claimledger.types import Claim, Event, TimeSpan
from factories import claim, span

NOW = "2026-01-01T00:00:00Z"


def assess(claims: list[Claim], **options: object) -> list[Event]:
    return assess_subject(group_events(claims), index_claims(claims), now=NOW, **options)  # type: ignore[arg-type]


def event_of(events: list[Event], claim_id: str) -> Event:
    return next(e for e in events if claim_id in e.claims)


# ---- single-event rules ----------------------------------------------------------------------


def test_single_origin_is_unverified_however_often_repeated() -> None:
    claims = [
        claim("a", claimant="Ministry of Defense", when="2017-05-28", document_id="d1"),
        claim("b", claimant="the Ministry of Defence", via=("Reuters",), document_id="d2"),
        claim("c", claimant="Ministry of Defense", via=("TASS",), document_id="d3"),
    ]
    (event,) = assess(claims)
    assert event.status == "unverified"
    assert event.status_reason == "unverified: claimed by 1 origin (Ministry of Defense)"
    assert event.assessor == ASSESSOR
    assert set(event.evidence) == {"a", "b", "c"}


def test_hedged_only_stays_unverified() -> None:
    claims = [
        claim("a", modality="hedged", claimant="Agency A", when="2015-03-18"),
        claim("b", modality="hedged", claimant="Agency B", when="2015-03-18", document_id="d2"),
    ]
    (event,) = assess(claims)
    assert event.status == "unverified"
    assert "only hedged" in event.status_reason


def test_two_independent_firm_origins_confirm() -> None:
    claims = [
        claim("a", claimant="Agency A", when="2016-07-13"),
        claim("b", claimant="Agency B", when="2016-07-13", document_id="d2"),
    ]
    (event,) = assess(claims)
    assert event.status == "confirmed"
    assert "2 independent origins (Agency A, Agency B)" in event.status_reason


def test_two_bodies_of_one_government_do_not_corroborate() -> None:
    claims = [
        claim("a", claimant="Freedonian Ministry of Defense", when="2016-07-13"),
        claim("b", claimant="Freedonian Foreign Ministry", when="2016-07-13", document_id="d2"),
    ]
    (event,) = assess(claims)
    assert event.status == "unverified"


def test_hearsay_does_not_corroborate() -> None:
    claims = [
        claim("a", claimant="the media", when="2016-10", document_id="d1"),
        claim("b", claimant="Agency B", when="2016-10", document_id="d2"),
    ]
    (event,) = assess(claims)
    assert event.status == "unverified"


def test_independent_denial_disputes() -> None:
    claims = [
        claim("a", claimant="Ministry of Defense", when="2017-05-28"),
        claim("b", claimant="the coalition", modality="denied", start=50),
        claim("c", claimant="a colonel", modality="denied", start=80),
    ]
    (event,) = assess(claims)
    assert event.status == "disputed"
    assert event.status_reason == (
        "disputed: claimed by 1 origin (Ministry of Defense); "
        "doubted by 2 independent origins (coalition, colonel)"
    )
    assert set(event.evidence) == {"a", "b", "c"}


def test_claimant_withdrawing_refutes() -> None:
    claims = [
        claim("a", claimant="Ministry of Defense", when="2017-05-28"),
        claim("b", claimant="the Ministry of Defense", modality="retracted", document_id="d2"),
    ]
    (event,) = assess(claims)
    assert event.status == "refuted"
    assert event.status_reason.startswith("refuted: withdrawn by its claimant")
    assert event.evidence == ("b",)


def test_withdrawal_by_one_of_two_claimants_only_disputes() -> None:
    claims = [
        claim("a", claimant="Agency A", when="2017-05-28"),
        claim("b", claimant="Agency B", when="2017-05-28", document_id="d2"),
        claim("c", claimant="Agency A", modality="retracted", document_id="d3"),
    ]
    assert assess(claims)[0].status == "disputed"


def test_same_government_without_confirmation_disputes() -> None:
    claims = [
        claim("a", claimant="Freedonian Ministry of Defense", when="2017-05-28"),
        claim(
            "b",
            claimant="Freedonian Foreign Ministry",
            modality="retracted",
            quote="the Foreign Ministry admitted there was no confirmation of the death",
            document_id="d2",
        ),
    ]
    (event,) = assess(claims)
    assert event.status == "disputed"
    assert "Freedonian Foreign Ministry" in event.status_reason


def test_forged_source_refutes() -> None:
    claims = [
        claim("a", claimant="Ministry of Defense", when="2017-06"),
        claim(
            "b",
            claimant="Agency B",
            modality="denied",
            quote="the photo of the body turned out to be forged, an old picture",
            document_id="d2",
        ),
    ]
    (event,) = assess(claims)
    assert event.status == "refuted"
    assert event.evidence == ("b",)


def test_own_side_confirms_by_cue_words() -> None:
    (event,) = assess([claim("a", claimant="the Islamists", when="2016-07-13")])
    assert event.status == "confirmed"
    assert event.status_reason == "confirmed: announced by the subject's own side (the Islamists)"


def test_own_side_confirms_by_affiliation_but_not_when_hedged() -> None:
    claims = [claim("a", claimant="Example Front (its news agency)", when="2016")]
    (event,) = assess(claims, affiliations={"person-x": {"Example Front"}})
    assert event.status == "confirmed"
    (plain,) = assess(claims)
    assert plain.status == "unverified"
    hedged = [claim("a", claimant="the group", modality="hedged", when="2016")]
    assert assess(hedged)[0].status == "unverified"


def test_a_defector_is_not_the_side_he_left() -> None:
    claims = [claim("a", claimant="a Ruritanian defector", when="2020-04")]
    (event,) = assess(claims, affiliations={"person-x": {"Ruritanian"}})
    assert event.status == "unverified"


def test_article_weighing_its_own_report_has_not_withdrawn_it() -> None:
    claims = [
        claim("a", when="2013-11-01"),
        claim("b", modality="denied", when="2013-11-01", quote="while his death is a blow, ..."),
    ]
    (event,) = assess(claims)
    assert event.status != "refuted"
    retracted = [claim("a", when="2013-11-01"), claim("b", modality="retracted")]
    assert assess(retracted)[0].status == "refuted"


def test_the_person_himself_shows_he_is_alive() -> None:
    own = [claim("a", predicate="alive", subject="Karim Nasser", claimant="Karim Nasser")]
    assert assess(own)[0].status == "confirmed"
    seen = "state media said he reappeared at a factory on Friday"
    appearance = [claim("a", predicate="alive", claimant="Agency A", quote=seen)]
    assert assess(appearance)[0].status == "confirmed"
    hearsay = [claim("a", predicate="alive", claimant="Agency A", quote="he is alive")]
    assert assess(hearsay)[0].status == "unverified"


def test_a_death_denied_by_the_person_himself_is_refuted() -> None:
    claims = [
        claim("a", subject="Karim Nasser", claimant="Agency A", when="2010-01"),
        claim("b", subject="Karim Nasser", claimant="Karim Nasser", modality="denied"),
    ]
    assert event_of(assess(claims), "a").status == "refuted"
    namesake = [
        claim("a", subject="Karim Nasser", claimant="Agency A", when="2010-01"),
        claim("b", subject="Karim Nasser", claimant="Nasser", modality="denied"),
    ]
    assert event_of(assess(namesake), "a").status != "refuted"


def test_a_government_confirming_its_own_operation_confirms() -> None:
    quote = "the White House confirmed he was killed in a counter-terrorism operation"
    (event,) = assess([claim("a", claimant="White House officials", quote=quote, when="2019")])
    assert event.status == "confirmed"
    first = "the army said it had killed him in an operation"
    (claimed,) = assess([claim("a", claimant="the army", quote=first, when="2013-03")])
    assert claimed.status == "unverified"


def test_a_government_announcing_its_own_operation_and_confirming_the_death_confirms() -> None:
    announced = "He was killed in a US counter-terrorism operation, White House officials said."
    confirmed = "The statement does not say how the US confirmed his death."
    claims = [
        claim("a", claimant="White House officials", quote=announced, when="2019"),
        claim("b", claimant="US", quote=confirmed, start=40),
    ]
    (event,) = assess(claims)
    assert event.status == "confirmed"
    assert event.status_reason.startswith("confirmed: the government whose operation")
    # Another country's operation, or a confirmation by someone else, is no such thing.
    theirs = "He was killed in a US drone strike, Pakistani officials said."
    others = [
        claim("a", claimant="Pakistani officials", quote=theirs, when="2019"),
        claim("b", claimant="Agency B", quote="Agency B confirmed his death.", start=40),
    ]
    assert "operation" not in assess(others)[0].status_reason
    alone = [claim("a", claimant="White House officials", quote=announced, when="2019")]
    assert assess(alone)[0].status == "unverified"


def test_its_leader_makes_the_claimant_his_own_side() -> None:
    quote = "the group said its leader was in good health"
    (event,) = assess([claim("a", predicate="alive", claimant="the Front", quote=quote)])
    assert event.status == "confirmed"


def test_life_after_a_confirmed_death_is_refuted() -> None:
    claims = [
        claim("a", claimant="the Islamists", predicate="died", when="2013-04"),
        claim("b", predicate="alive", claimant="Agency B", when="2015-07-15", document_id="d2"),
    ]
    events = assess(claims)
    assert event_of(events, "a").status == "confirmed"
    assert event_of(events, "b").status == "refuted"


def test_official_identification_confirms_a_death() -> None:
    quote = "officials said his body was identified through DNA tests"
    (event,) = assess([claim("a", claimant="Agency A", quote=quote, when="2019-10-27")])
    assert event.status == "confirmed"
    assert "official identification" in event.status_reason


def test_denials_alone_are_unverified() -> None:
    (event,) = assess([claim("a", claimant="Agency A", modality="denied", when="2017-05")])
    assert event.status == "unverified"
    assert event.status_reason.startswith("unverified: nobody claims it")


# ---- cross-event rules: a person dies once ---------------------------------------------------


def test_evidence_of_life_after_a_death_refutes_it() -> None:
    claims = [
        claim("death", claimant="Agency A", when="2005-10"),
        claim("alive", predicate="alive", modality="hedged", when="2015", document_id="d2"),
    ]
    events = assess(claims)
    death = event_of(events, "death")
    assert death.status == "refuted"
    assert death.status_reason == "refuted: evidence of life dated 2015 after the reported death"
    assert death.evidence == ("alive",)


def test_one_outlets_word_of_life_does_not_undo_a_death_several_sides_assert() -> None:
    claims = [
        claim("death", claimant="Agency A", when="2019-07"),
        claim("death-b", claimant="Agency B", when="2019-07", document_id="d2"),
        claim("alive", predicate="alive", claimant="a tabloid", when="2024", document_id="d3",
              quote="The tabloid says he is alive and leads the group."),
    ]  # fmt: skip
    assert event_of(assess(claims), "death").status != "refuted"
    # His own voice does undo it.
    own = replace(claims[2], claimant="X", quote="X spoke in a new audio message.")
    assert event_of(assess([*claims[:2], own]), "death").status == "refuted"


def test_a_source_heard_only_through_its_relay_is_not_independent() -> None:
    claims = [
        claim("experts", predicate="alive", claimant="experts", via=("the Mirror",)),
        claim("mirror", predicate="alive", claimant="the Mirror", start=40),
    ]
    assert len(independent_origins(claims)) == 1


def test_life_evidence_must_be_clearly_after() -> None:
    claims = [
        claim("death", claimant="Agency A", when="2015-04-22"),
        claim("alive", predicate="alive", when="2015", document_id="d2"),
    ]
    assert event_of(assess(claims), "death").status == "unverified"


def test_firm_wounding_after_refutes_but_hedged_does_not() -> None:
    death = claim("death", claimant="Agency A", when="2015-02")
    firm = claim("w", predicate="wounded", claimant="The Daily Example", when="2015-03-18")
    hedged = claim("w", predicate="wounded", modality="hedged", when="2015-03-18")
    assert event_of(assess([death, firm]), "death").status == "refuted"
    assert event_of(assess([death, hedged]), "death").status == "unverified"


def test_confirmed_death_refutes_other_deaths() -> None:
    claims = [
        claim("real", claimant="the group", when="2019-10-27"),
        claim("old", claimant="Agency A", when="2016-06", document_id="d2"),
    ]
    events = assess(claims)
    assert event_of(events, "real").status == "confirmed"
    old = event_of(events, "old")
    assert old.status == "refuted"
    assert "confirmed death of 2019-10-27" in old.status_reason


def test_corroborated_death_refutes_earlier_firm_death() -> None:
    claims = [
        claim("early", claimant="Agency A", when="2001-12"),
        claim("real-1", claimant="Agency B", when="2011-05-02", document_id="d2"),
        claim("real-2", claimant="Agency C", when="2011-05-02", document_id="d3"),
    ]
    events = assess(claims)
    assert event_of(events, "real-1").status == "confirmed"
    assert event_of(events, "early").status == "refuted"


def test_later_corroborated_death_outweighs_an_earlier_corroborated_one() -> None:
    claims = [
        claim("one", claimant="Agency A", when="2001-12"),
        claim("one-b", claimant="Agency B", when="2001-12", document_id="d2"),
        claim("two", claimant="Agency C", when="2011-05-02", document_id="d3"),
        claim("two-b", claimant="Agency D", when="2011-05-02", document_id="d4"),
    ]
    events = assess(claims)
    assert event_of(events, "two").status == "confirmed"
    assert event_of(events, "one").status == "refuted"


def test_weak_death_superseded_by_later_firm_death_is_refuted() -> None:
    claims = [
        claim("first", modality="hedged", when="2015-04-22"),
        claim("second", claimant="the media", when="2016-10"),  # hearsay: weak too
        claim("last", claimant="Ministry of Defense", when="2017-05-28", document_id="d2"),
    ]
    events = assess(claims)
    assert event_of(events, "first").status == "refuted"
    assert event_of(events, "second").status == "refuted"
    assert event_of(events, "last").status == "unverified"


def test_firm_death_followed_by_another_report_is_disputed() -> None:
    claims = [
        claim("first", claimant="Agency A", when="2015-02"),
        claim("second", modality="hedged", when="2015-10-11", document_id="d2"),
    ]
    events = assess(claims)
    first = event_of(events, "first")
    assert first.status == "disputed"
    assert "later death (2015-10-11)" in first.status_reason
    assert event_of(events, "second").status == "unverified"


def test_a_death_dated_only_by_a_later_report_neither_disputes_nor_refutes_it() -> None:
    # "His group said on Tuesday he had died": the report may tell the death of months before.
    told = TimeSpan(date(2014, 2, 16), date(2014, 3, 18), "on Tuesday", "reported")
    claims = [
        claim("death", claimant="Agency A", when="2013-09"),
        claim("death-b", claimant="Agency B", when="2013-09", document_id="d2"),
        claim("told", claimant="the group", when=told, document_id="d3"),
        claim("told-b", claimant="Agency C", when=told, document_id="d4"),
    ]
    events = assess(claims)
    assert event_of(events, "death").status == "confirmed"
    assert event_of(events, "told").status == "confirmed"


# ---- history ---------------------------------------------------------------------------------


def test_history_replays_claims_in_publication_order() -> None:
    claims = [
        claim("retract", claimant="Ministry of Defense", modality="retracted", document_id="d3"),
        claim("claim", claimant="Ministry of Defense", when="2017-05-28", document_id="d1"),
        claim("doubt", claimant="the coalition", modality="denied", document_id="d2"),
    ]
    published = {"d1": date(2017, 6, 16), "d2": date(2017, 6, 17), "d3": date(2017, 6, 25)}
    (event,) = assess(claims, published=published)
    steps = [(s.status, s.claim_id, s.at) for s in event.history]
    assert steps == [
        ("unverified", "claim", "2017-06-16"),
        ("disputed", "doubt", "2017-06-17"),
        ("refuted", "retract", "2017-06-25"),
    ]
    assert event.status == event.history[-1].status == "refuted"


def test_history_records_changes_caused_by_other_events() -> None:
    claims = [
        claim("death", claimant="Agency A", when="2015-02", document_id="d1"),
        claim("alive", predicate="alive", when="2016", document_id="d2"),
    ]
    published = {"d1": date(2015, 2, 20)}  # d2 undated: replayed last, stamped with `now`
    death = event_of(assess(claims, published=published), "death")
    assert [(s.status, s.claim_id, s.at) for s in death.history] == [
        ("unverified", "death", "2015-02-20"),
        ("refuted", "alive", NOW),
    ]


def test_assessment_does_not_depend_on_event_order() -> None:
    claims = [
        claim("a", claimant="Agency A", when="2015-02"),
        claim("b", modality="hedged", when="2015-10-11", document_id="d2"),
        claim("c", predicate="alive", when="2016", document_id="d3"),
    ]
    drafts = group_events(claims)
    index = index_claims(claims)
    forward = assess_subject(drafts, index, now=NOW)
    backward = assess_subject(list(reversed(drafts)), index, now=NOW)
    assert sorted(forward, key=lambda e: e.id) == sorted(backward, key=lambda e: e.id)


# ---- track records and summaries -------------------------------------------------------------


def test_track_records_count_each_origin_once_per_event() -> None:
    claims = [
        claim("a1", claimant="Ministry of Defense", when="2015-02", document_id="d1"),
        claim("a2", claimant="Ministry of Defense", via=("Reuters",), when="2015-02"),
        claim("alive", predicate="alive", claimant="Agency B", when="2016", document_id="d2"),
        claim("b1", claimant="Ministry of Defense", when="2017-05-28", document_id="d3"),
        claim("b2", claimant="Agency C", modality="denied", document_id="d3", start=40),
    ]
    index = index_claims(claims)
    events = assess_subject(group_events(claims), index, now=NOW)
    records = {r.origin: r for r in track_records(events, index)}
    ministry = records["Ministry of Defense"]
    assert (ministry.refuted, ministry.disputed, ministry.total) == (1, 1, 2)
    assert records["Agency B"].unverified == 1
    assert "Agency C" not in records  # its denial is not a claim that the event happened


def test_summarize_history_counts_and_text() -> None:
    claims = [
        claim("a", modality="hedged", when="2005-10"),
        claim("b", claimant="Agency A", when="2015-02", document_id="d2"),
        claim("c", claimant="Ministry of Defense", when="2017-05-28", document_id="d3"),
        claim("d", claimant="Agency C", modality="denied", document_id="d3", start=40),
        claim("w", predicate="wounded", claimant="Agency B", when="2015-03-18"),
    ]
    summary = summarize_history(assess(claims), "killed")
    assert (summary.total, summary.refuted, summary.disputed) == (3, 2, 1)
    assert summary.first == date(2005, 10, 1) and summary.last == date(2017, 5, 28)
    assert summary.text == "reported killed 3 times since 2005: 0 confirmed, 2 refuted, 1 disputed"


# ---- a realistic scenario: the development set's claims, made by hand ------------------------

FIXTURE = Path(__file__).parent / "fixtures" / "ledger" / "seed_claims.yaml"


def fixture_span(value: object) -> TimeSpan:
    if isinstance(value, list):
        first, last = span(str(value[0])), span(str(value[-1]))
        precision = first.precision if first.start.year == last.end.year else "years"
        return TimeSpan(first.start, last.end, f"{value[0]}..{value[-1]}", precision)
    return span(str(value))


def load_scenario() -> tuple[list[Claim], dict[str, str], dict[str, date], dict[str, list[str]]]:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    claims, gold = [], {}
    for row in data["claims"]:
        claims.append(
            Claim(
                id=row["id"],
                document_id=row["doc"],
                subject=row["subject"],
                subject_id=row["subject"],
                predicate=row["predicate"],
                modality=row["modality"],
                claimant=row.get("claimant"),
                via=tuple(row.get("via", ())),
                when=fixture_span(row["when"]) if "when" in row else None,
                where=row.get("where"),
                quote=row["quote"],
                start=row["start"],
                end=row["start"] + len(row["quote"]),
                extractor="hand-made",
            )
        )
        gold[row["id"]] = row["gold"]
    return claims, gold, data["published"], data["gold_status"]


def assess_scenario() -> tuple[list[Event], list[Claim], dict[str, str], dict[str, list[str]]]:
    claims, gold, published, gold_status = load_scenario()
    events = assess_claims(claims, now=NOW, published=published)
    return events, claims, gold, gold_status


def statuses_by_gold(events: list[Event], gold: dict[str, str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for event in events:
        for gold_id in {gold[c] for c in event.claims}:
            found.setdefault(gold_id, set()).add(event.status)
    return found


def test_seed_scenario_groups_claims_like_the_gold() -> None:
    events, _, gold, gold_status = assess_scenario()
    # No event mixes claims of two gold events.
    assert all(len({gold[c] for c in e.claims}) == 1 for e in events)
    # Every gold event is found; one is split: its two reports name different places ("a
    # hospital in Raqqa", "the border of Syria and Iraq"), which the rules keep apart.
    per_gold = Counter(gold[e.claims[0]] for e in events)
    assert set(per_gold) == set(gold_status)
    assert {g for g, n in per_gold.items() if n > 1} == {"bg-killed-2015-03-18-convoy"}


def test_seed_scenario_statuses_against_gold() -> None:
    events, _, gold, gold_status = assess_scenario()
    found = statuses_by_gold(events, gold)
    matched = {g for g, statuses in found.items() if statuses <= set(gold_status[g])}
    baghdadi = {g for g in gold_status if g.startswith("bg-")}
    # Measured: 21 of 24 gold events (15 of al-Baghdadi's 17). The misses need evidence these
    # rules do not read: a forged photo described in prose, a poisoning refuted only by the
    # debunking article's tone, and bin Laden's death, which the gold confirms from general
    # knowledge. The trial is confirmed as a court act on the public record, the capture is
    # superseded by a later firm report of the person at large.
    assert (len(matched), len(matched & baghdadi)) == (21, 15)
    assert set(gold_status) - matched == {
        "bg-poisoned-2016-10",
        "bg-killed-2017-06-iraq-photo",
        "bin-laden-killed",
    }
    by_claim = {c: e for e in events for c in e.claims}
    assert by_claim["mod-statement"].status_reason == (
        "disputed: claimed by 1 origin (Russian Ministry of Defense); doubted by 3 independent "
        "origins (Hoshyar Zebari, Iraqi National Security Colonel, US-led coalition); "
        "no confirmation from 1 origin (Russian Foreign Ministry)"
    )
    assert by_claim["k2005"].status_reason == (
        "refuted: evidence of life dated 2015 after the reported death"
    )
    assert by_claim["shishani"].status == "confirmed"
    assert "own side" in by_claim["shishani"].status_reason


def test_seed_scenario_history_summary_and_track_records() -> None:
    events, claims, _, _ = assess_scenario()
    baghdadi = [e for e in events if e.subject_id == "baghdadi"]
    summary = summarize_history(baghdadi, "killed")
    # Ten events for the nine reported deaths: the 2015-03-18 report is split by place.
    assert summary.text == (
        "reported killed 10 times since 2005: 0 confirmed, 8 refuted, 1 disputed, 1 unverified"
    )
    by_claim = {c: e for e in baghdadi for c in e.claims}
    mosul = [(s.status, s.claim_id, s.at) for s in by_claim["mosul"].history]
    # Disputed when a later (hedged) death report appeared the same day; refuted once the
    # ministry's own statement asserted that later death firmly.
    assert mosul == [
        ("disputed", "mosul", "2017-06-16"),
        ("refuted", "mod-statement", "2017-06-17"),
    ]
    strike = [(s.status, s.claim_id, s.at) for s in by_claim["mod-statement"].history]
    assert strike == [
        ("unverified", "mod-a2", "2017-06-16"),
        ("disputed", "doubt-coalition", "2017-06-17"),
    ]
    records = {r.origin: r for r in track_records(events, index_claims(claims))}
    ministry = records["Russian Ministry of Defense"]
    assert (ministry.disputed, ministry.total) == (1, 2)  # the strike, and the commanders
    assert records["Islamists"].confirmed == 2  # al-Shishani and al-Adnani
    assert "US-led coalition" not in records


# ---- assess.rules.v2 -------------------------------------------------------------------------


def test_court_act_reported_by_a_named_outlet_is_confirmed() -> None:
    tried = claim("t", predicate="tried", claimant="Radio Azattyk", when="2020-01-06")
    (event,) = assess([tried])
    assert event.status == "confirmed"
    assert event.status_reason.startswith("confirmed: a court act on the public record (tried)")
    (unnamed,) = assess([claim("t", predicate="tried", when="2020-01-06")])
    assert unnamed.status == "unverified"
    denied = claim(
        "d", predicate="tried", claimant="Defense lawyer", modality="denied", document_id="d2"
    )
    (contested,) = assess([tried, denied])
    assert contested.status != "confirmed"


def test_a_guess_at_forgery_disputes_but_a_shown_forgery_refutes() -> None:
    alive = claim(
        "a", predicate="alive", when="2015", quote="audio recordings indicated he was alive"
    )
    guess = claim(
        "g",
        predicate="alive",
        modality="denied",
        claimant="Analyst",
        document_id="d2",
        quote="the recordings that appeared later could well have been fakes",
    )
    shown = replace(guess, id="s", quote="the recording was shown to be a forgery")
    assert event_of(assess([alive, guess]), "a").status == "disputed"
    assert event_of(assess([alive, shown]), "a").status == "refuted"


def test_undated_claims_from_other_documents_do_not_corroborate_a_date() -> None:
    dated = claim("a", predicate="captured", claimant="Reuters", when="2017-04")
    undated = claim("b", predicate="arrested", claimant="Al-Jazeera", document_id="d2")
    (event,) = assess([dated, undated])
    assert set(event.claims) == {"a", "b"}
    assert event.status == "unverified"
    (both_dated,) = assess([dated, replace(undated, when=span("2017-04"))])
    assert both_dated.status == "confirmed"


def test_a_weak_capture_is_superseded_by_a_later_firm_report_of_the_person_at_large() -> None:
    capture = claim("c", predicate="captured", modality="hedged", when="2017-04")
    wounded = claim(
        "w", predicate="wounded", claimant="Ministry", document_id="d2", when="2017-06-10"
    )
    events = assess([capture, wounded])
    verdict = event_of(events, "c")
    assert verdict.status == "refuted"
    assert "later wounded report (2017-06-10)" in verdict.status_reason
    assert set(verdict.evidence) == {"c", "w"}


def test_incremental_history_matches_deciding_from_scratch_each_day() -> None:
    claims, _, published, _ = load_scenario()
    index = index_claims(claims)
    drafts = group_events(claims)
    events = assess_subject(drafts, index, now=NOW, published=published)
    days = sorted({published[c.document_id] for c in claims if c.document_id in published})
    expected: dict[str, list[str]] = {d.id: [] for d in drafts}
    for day in days:
        seen = {c.id for c in claims if published.get(c.document_id, date.max) <= day}
        partial = [replace(d, claim_ids=tuple(c for c in d.claim_ids if c in seen)) for d in drafts]
        for event_id, verdict in decide([d for d in partial if d.claim_ids], index).items():
            if not expected[event_id] or expected[event_id][-1] != verdict.status:
                expected[event_id].append(verdict.status)
    undated_docs = {c.document_id for c in claims} - published.keys()
    for event in events:
        if not any(index[c].document_id in undated_docs for c in event.claims):
            assert [s.status for s in event.history] == expected[event.id]
        assert event.history[-1].status == event.status


# ---- incremental update (the ingest path) ----------------------------------------------------


def test_update_subject_extends_history_only_when_status_changes() -> None:
    from claimledger.assess import update_subject

    death = [claim("death", claimant="Agency A", when="2005-10")]
    first = update_subject(group_events(death), index_claims(death), {}, now="t1")
    assert [(s.status, s.at) for s in first[0].history] == [("unverified", "t1")]

    same = update_subject(
        group_events(death), index_claims(death), {first[0].id: first[0]}, now="t2"
    )
    assert same[0].history == first[0].history

    later = [
        *death,
        claim("alive", predicate="alive", modality="hedged", when="2015", document_id="d2"),
    ]
    previous = {e.id: e for e in first}
    updated = event_of(
        update_subject(group_events(later), index_claims(later), previous, now="t3"), "death"
    )
    assert [(s.status, s.at, s.claim_id) for s in updated.history] == [
        ("unverified", "t1", "death"),
        ("refuted", "t3", "alive"),
    ]


def test_update_subject_dates_a_change_by_the_news_that_made_it() -> None:
    from claimledger.assess import update_subject

    death = [claim("death", claimant="Agency A", when="2005-10")]
    published = {"d1": date(2005, 10, 20), "d2": date(2015, 3, 1)}
    first = update_subject(
        group_events(death), index_claims(death), {}, now="t1", published=published
    )
    assert [s.at for s in first[0].history] == ["2005-10-20"]
    later = [*death, claim("alive", predicate="alive", modality="hedged", when="2015",
                           document_id="d2")]  # fmt: skip
    updated = event_of(
        update_subject(
            group_events(later), index_claims(later), {first[0].id: first[0]}, now="t3",
            published=published,
        ),
        "death",
    )  # fmt: skip
    assert [(s.status, s.at) for s in updated.history] == [
        ("unverified", "2005-10-20"),
        ("refuted", "2015-03-01"),
    ]


def test_update_subject_decides_as_the_replay_does() -> None:
    from claimledger.assess import update_subject

    claims = [
        claim("death", claimant="Agency A", when="2005-10"),
        claim("alive", predicate="alive", modality="hedged", when="2015", document_id="d2"),
        claim("wound", predicate="wounded", claimant="Agency B", when="2016-02", document_id="d3"),
        claim("doubt", modality="denied", claimant="Agency C", when="2005-10", document_id="d4"),
    ]
    replayed = {e.id: (e.status, e.status_reason, e.evidence) for e in assess(claims)}
    updated = update_subject(group_events(claims), index_claims(claims), {}, now=NOW)
    assert {e.id: (e.status, e.status_reason, e.evidence) for e in updated} == replayed


def test_later_news_decides_between_an_acknowledged_death_and_a_sign_of_life() -> None:
    death = claim("a", claimant="the Islamists", when="2010-01-14", document_id="d1")
    video = claim(
        "b",
        predicate="alive",
        claimant="Agency B",
        quote="a new video shows him sitting between two armed men",
        when="2010-04-04",
        document_id="d2",
    )
    later_video = {"d1": date(2010, 2, 10), "d2": date(2010, 5, 3)}
    events = assess([death, video], published=later_video)
    assert event_of(events, "a").status == "refuted"
    assert event_of(events, "b").status == "confirmed"
    later_word = {"d1": date(2010, 6, 1), "d2": date(2010, 5, 3)}
    events = assess([death, video], published=later_word)
    assert event_of(events, "a").status == "confirmed"
    assert event_of(events, "b").status == "refuted"


def test_a_death_contested_by_a_firm_word_of_life_at_the_time_is_disputed() -> None:
    death = claim("a", claimant="the government", when="2015-06-14")
    alive = claim(
        "b",
        predicate="alive",
        claimant="Agency B",
        quote="Agency B insisted that he is still alive",
        when=TimeSpan(date(2015, 6, 9), date(2015, 6, 15), "", "week"),
        document_id="d2",
    )
    events = assess([death, alive])
    assert event_of(events, "a").status == "disputed"
    later = replace(alive, when=span("2016-01"))
    assert event_of(assess([death, later]), "a").status == "refuted"  # alive clearly after


def test_a_wounding_on_the_day_others_firmly_say_he_was_killed_is_disputed() -> None:
    claims = [
        claim("killed", claimant="Agency A", when="2009-08-05", document_id="d1"),
        claim(
            "wounded",
            predicate="wounded",
            claimant="his deputy",
            when="2009-08-05",
            quote="his deputy said he was only wounded on August 5",
            document_id="d2",
        ),
    ]
    wounding = event_of(assess(claims), "wounded")
    assert wounding.status == "disputed"
    assert "said he was killed at the time" in wounding.status_reason
    # A wounding dated loosely ("in early August") is no account of the day he was killed.
    loose = [claims[0], replace(claims[1], when=span("2009-08"))]
    assert event_of(assess(loose), "wounded").status == "unverified"


def test_a_wounding_is_refuted_by_confirmed_word_of_good_health_days_later() -> None:
    claims = [
        claim(
            "wounded",
            predicate="wounded",
            claimant="Ministry B",
            when="2017-10-03",
            quote="Ministry B said it had seriously injured him on Oct. 3",
        ),
        claim(
            "healthy",
            predicate="alive",
            claimant="the Front",
            when="2017-10-04",
            quote="the Front said its leader was in good health",
            document_id="d2",
        ),
    ]
    events = assess(claims)
    assert event_of(events, "healthy").status == "confirmed"
    wounding = event_of(events, "wounded")
    assert wounding.status == "refuted"
    assert "good health" in wounding.status_reason
    # Word of life that says nothing of his health leaves the wounding standing.
    plain = [claims[0], replace(claims[1], quote="the Front said its leader is alive")]
    assert event_of(assess(plain), "wounded").status != "refuted"
