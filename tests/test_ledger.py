"""Events from claims (grouping by subject, kind, time, place) and origins of claims."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.ledger import (
    EventDraft,
    assign_event,
    claim_key,
    group_events,
    independent_origins,
    index_claims,
    is_hearsay,
    kind_of,
    link_claims,
    places_compatible,
    trace_origin,
)
from claimledger.types import Claim, TimeSpan
from factories import claim

JUNE_2016 = TimeSpan(date(2016, 6, 1), date(2016, 6, 30), "June 2016", "month")


def day(y: int, m: int, d: int) -> TimeSpan:
    return TimeSpan(date(y, m, d), date(y, m, d), f"{y}-{m}-{d}", "day")


def partition(drafts: list[EventDraft]) -> set[frozenset[str]]:
    return {frozenset(d.claim_ids) for d in drafts}


# ---- kinds and places ------------------------------------------------------------------------


def test_kinds_merge_synonyms_and_keep_legal_steps_apart() -> None:
    assert kind_of("killed") == kind_of("died") == "death"
    assert kind_of("captured") == kind_of("arrested") == kind_of("detained") == "custody"
    assert len({kind_of(p) for p in ("charged", "tried", "convicted", "sentenced")}) == 4


def test_places_fold_case_diacritics_article_and_containment() -> None:
    assert places_compatible("Raqqa", "southern suburbs of Raqqa")
    assert places_compatible("Rakka", "RAQQA")
    assert places_compatible("al-Qaim", "Qaim, Anbar province")
    assert places_compatible("Iraq-Syria border", "the border of Syria and Iraq")
    assert places_compatible("Zaysan", "Zaïsan")
    assert places_compatible(None, "Mosul")
    assert not places_compatible("Raqqa", "Mosul")
    assert not places_compatible("Iraq", "Raqqa")


# ---- grouping --------------------------------------------------------------------------------


def test_same_day_claims_merge_across_documents() -> None:
    claims = [
        claim("a", when=day(2016, 6, 12), where="Raqqa"),
        claim("b", document_id="d2", predicate="died", when=day(2016, 6, 12)),
    ]
    (event,) = group_events(claims)
    assert set(event.claim_ids) == {"a", "b"}
    assert event.kind == "death" and event.predicate == "killed"
    assert event.where == "Raqqa"


def test_month_claim_joins_day_event_and_event_takes_most_precise_span() -> None:
    claims = [
        claim("month", when=JUNE_2016, where="vicinity of Raqqa"),
        claim("day", document_id="d2", when=day(2016, 6, 12), where="Raqqa"),
    ]
    (event,) = group_events(claims)
    assert event.when == day(2016, 6, 12)
    assert event.where == "Raqqa"  # "vicinity of" is vaguer than the name alone


def test_event_place_is_the_narrowest_wording() -> None:
    places = ["near the city of Raqqa", "southern suburbs of Raqqa", "Raqqa"]
    claims = [claim(f"c{i}", when=JUNE_2016, where=p) for i, p in enumerate(places)]
    (event,) = group_events(claims)
    assert event.where == "southern suburbs of Raqqa"


def test_different_days_are_different_events() -> None:
    drafts = group_events([claim("a", when=day(2015, 4, 22)), claim("b", when=day(2015, 3, 18))])
    assert partition(drafts) == {frozenset({"a"}), frozenset({"b"})}


def test_estimated_dates_tolerate_one_day() -> None:
    estimated = TimeSpan(date(2017, 5, 29), date(2017, 5, 29), "yesterday", "day", estimated=True)
    drafts = group_events([claim("a", when=day(2017, 5, 28)), claim("b", when=estimated)])
    assert len(drafts) == 1


def test_different_places_same_date_are_different_events() -> None:
    drafts = group_events(
        [claim("a", when=JUNE_2016, where="Raqqa"), claim("b", when=JUNE_2016, where="Mosul")]
    )
    assert len(drafts) == 2


def test_a_city_and_its_country_are_one_place_and_other_countries_are_not() -> None:
    assert places_compatible("a hospital in Karachi", "Pakistan")
    assert places_compatible("Pakistan", "the port city of Karachi")
    assert not places_compatible("Raqqa", "Iraq")
    assert not places_compatible("Pakistan", "Afghanistan")
    claims = [
        claim("city", when=JUNE_2016, where="Karachi"),
        claim("country", start=20, when=JUNE_2016, where="Pakistan"),
    ]
    assert len(group_events(claims)) == 1


def test_a_claim_dated_by_its_report_does_not_narrow_the_event_it_joins() -> None:
    told = TimeSpan(date(2018, 5, 30), date(2018, 6, 29), "June 29", "reported")
    claims = [
        claim("day", when=day(2016, 6, 12)),
        claim("told", start=40, when=told),
        claim("year", start=80, when=TimeSpan(date(2016, 1, 1), date(2016, 12, 31), "", "year")),
    ]
    (event,) = group_events(claims)
    assert set(event.claim_ids) == {"day", "told", "year"}


def test_different_subjects_and_kinds_never_merge() -> None:
    drafts = group_events(
        [
            claim("a", when=JUNE_2016),
            claim("b", when=JUNE_2016, subject_id="person-y"),
            claim("c", when=JUNE_2016, predicate="wounded"),
            claim("d", when=JUNE_2016, predicate="detained"),
            claim("e", when=JUNE_2016, predicate="captured"),
        ]
    )
    assert partition(drafts) == {
        frozenset({"a"}),
        frozenset({"b"}),
        frozenset({"c"}),
        frozenset({"d", "e"}),
    }


def test_unresolved_subjects_group_by_folded_name() -> None:
    claims = [
        claim("a", subject_id=None, subject="Umar al-Shishani", when=JUNE_2016),
        claim("b", subject_id=None, subject="UMAR AL SHISHANI", when=JUNE_2016),
    ]
    (event,) = group_events(claims)
    assert event.subject_id == "unresolved:umar al shishani"


def test_undated_claim_joins_the_only_candidate() -> None:
    drafts = group_events([claim("a", when=JUNE_2016), claim("b", modality="denied")])
    assert partition(drafts) == {frozenset({"a", "b"})}


def test_undated_claim_prefers_matching_place() -> None:
    claims = [
        claim("raqqa", when=JUNE_2016, where="Raqqa"),
        claim("mosul", when=day(2016, 11, 1), where="Mosul"),
        claim("u", document_id="d9", modality="denied", where="southern suburbs of Raqqa"),
    ]
    assert frozenset({"raqqa", "u"}) in partition(group_events(claims))


def test_undated_claim_follows_nearest_claim_of_same_document() -> None:
    claims = [
        claim("early", when=day(2015, 3, 18), start=100),
        claim("late", when=day(2017, 5, 28), start=2000),
        claim("doubt", modality="denied", start=2300, claimant="a colonel"),
    ]
    assert frozenset({"late", "doubt"}) in partition(group_events(claims))


def test_undated_claim_follows_its_own_origin() -> None:
    claims = [
        claim("early", when=day(2015, 3, 18), document_id="d1", claimant="Agency A"),
        claim("late", when=day(2017, 5, 28), document_id="d2", claimant="Ministry B"),
        claim("again", document_id="d3", claimant="the Ministry B"),
    ]
    assert frozenset({"late", "again"}) in partition(group_events(claims))


def test_ambiguous_undated_claims_of_one_document_open_one_undated_event() -> None:
    claims = [
        claim("a", when=day(2015, 3, 18), document_id="d1"),
        claim("b", when=day(2017, 5, 28), document_id="d2"),
        claim("u1", document_id="d3", start=100),
        claim("u2", document_id="d3", start=900),
    ]
    drafts = group_events(claims)
    assert frozenset({"u1", "u2"}) in partition(drafts)
    undated = [d for d in drafts if d.when is None]
    assert len(undated) == 1


def test_undated_claims_of_two_documents_are_two_events() -> None:
    """Two undated reports (say, years apart) that agree on nothing but the subject."""
    alone = [claim("u1", document_id="d3"), claim("u2", document_id="d4")]
    assert partition(group_events(alone)) == {frozenset({"u1"}), frozenset({"u2"})}
    among_dated = [
        claim("a", when=day(2015, 3, 18), document_id="d1"),
        claim("b", when=day(2017, 5, 28), document_id="d2"),
        *alone,
    ]
    drafts = group_events(among_dated)
    assert len([d for d in drafts if d.when is None]) == 2


def test_undated_claims_of_one_news_cycle_join_and_of_years_apart_do_not() -> None:
    claims = [
        claim("u1", document_id="d3"),
        claim("u2", document_id="d4"),
        claim("u3", document_id="d5"),
    ]
    published = {"d3": date(2017, 6, 16), "d4": date(2017, 6, 17), "d5": date(2011, 5, 7)}
    drafts = group_events(claims, published=published)
    assert partition(drafts) == {frozenset({"u1", "u2"}), frozenset({"u3"})}
    events = group_events(claims[:1] + claims[2:], published=published)
    assert assign_event(claims[1], events, index_claims(claims), published=published) == next(
        e.id for e in events if "u1" in e.claim_ids
    )


def test_undated_claims_of_two_documents_join_on_the_same_place_or_agent() -> None:
    by_place = [
        claim("u1", document_id="d3", where="Miranshah"),
        claim("u2", document_id="d4", where="near Miranshah"),
    ]
    assert partition(group_events(by_place)) == {frozenset({"u1", "u2"})}
    by_agent = [
        claim("u1", document_id="d3", agent="a US drone strike"),
        claim("u2", document_id="d4", agent="US drone"),
        claim("u3", document_id="d5", agent="the Chadian army"),
    ]
    assert partition(group_events(by_agent)) == {frozenset({"u1", "u2"}), frozenset({"u3"})}


def test_event_ids_are_stable_and_content_derived() -> None:
    claims = [claim("a", when=JUNE_2016), claim("b", when=day(2016, 6, 12), document_id="d2")]
    first = group_events(claims)
    again = group_events(list(reversed(claims)))
    assert [d.id for d in first] == [d.id for d in again]
    assert first[0].id.startswith("ev-")


def test_claims_without_ids_get_stable_keys() -> None:
    c = claim("x", id=None, start=5, end=9)
    assert claim_key(c) == "d1:5-9:killed"
    (event,) = group_events([c])
    assert event.claim_ids == ("d1:5-9:killed",)


def test_assign_event_matches_grouping() -> None:
    claims = [claim("a", when=JUNE_2016, where="Raqqa"), claim("b", when=day(2017, 5, 28))]
    drafts = group_events(claims)
    index = index_claims(claims)
    joiner = claim("c", when=day(2016, 6, 12), where="Raqqa", document_id="d2")
    expected = next(d.id for d in drafts if "a" in d.claim_ids)
    assert assign_event(joiner, drafts, index) == expected
    assert assign_event(claim("d", when=day(2010, 1, 1)), drafts, index) is None


def test_link_claims_fills_event_and_origin() -> None:
    claims = [claim("a", when=JUNE_2016, claimant="the Agency A"), claim("b", when=None)]
    drafts = group_events(claims)
    linked = {c.id: c for c in link_claims(claims, drafts)}
    assert linked["a"].event_id == linked["b"].event_id == drafts[0].id
    assert (linked["a"].origin, linked["b"].origin) == ("Agency A", "doc:d1")


# ---- order independence (property) -----------------------------------------------------------

WHENS = [
    None,
    day(2016, 6, 12),
    day(2016, 6, 13),
    JUNE_2016,
    TimeSpan(date(2016, 1, 1), date(2016, 12, 31), "2016", "year"),
    TimeSpan(date(2016, 6, 12), date(2016, 6, 12), "Sunday", "day", estimated=True),
    TimeSpan(date(2016, 9, 1), date(2016, 9, 30), "said on Monday", "reported"),
]
PLACES = [None, "Raqqa", "southern suburbs of Raqqa", "Mosul"]


@st.composite
def claim_sets(draw: st.DrawFn) -> list[Claim]:
    n = draw(st.integers(min_value=1, max_value=12))
    return [
        claim(
            f"c{i}",
            subject_id=draw(st.sampled_from(["p1", "p2"])),
            predicate=draw(st.sampled_from(["killed", "died", "wounded", "captured"])),
            modality=draw(st.sampled_from(["asserted", "hedged", "denied"])),
            when=draw(st.sampled_from(WHENS)),
            where=draw(st.sampled_from(PLACES)),
            document_id=draw(st.sampled_from(["d1", "d2", "d3"])),
            start=draw(st.integers(min_value=0, max_value=3000)),
            claimant=draw(st.sampled_from([None, "Agency A", "Ministry B"])),
        )
        for i in range(n)
    ]


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_grouping_is_order_independent(data: st.DataObject) -> None:
    claims = data.draw(claim_sets())
    shuffled = data.draw(st.permutations(claims))
    reference = group_events(claims)
    assert group_events(shuffled) == reference
    # Every claim lands in exactly one event of its own subject and kind.
    placed = [cid for d in reference for cid in d.claim_ids]
    assert sorted(placed) == sorted(c.id for c in claims if c.id)
    by_id = index_claims(claims)
    for draft in reference:
        members = [by_id[cid] for cid in draft.claim_ids]
        assert {m.subject_id for m in members} == {draft.subject_id}
        assert {kind_of(m.predicate) for m in members} == {draft.kind}
        dated = [m for m in members if m.when]
        assert all(_compatible(a, b) for a in dated for b in dated)


def _compatible(a: Claim, b: Claim) -> bool:
    """Overlapping dates, two dates of one death in one sentence (grouping rule 5), a denial
    and the report it answers (rule 7), or news that gives no day of an event dated before it
    (rules 6 and 8)."""
    assert a.when is not None and b.when is not None
    if a.when.overlaps(b.when) or a.when.estimated or b.when.estimated:
        return True
    for news, other in ((a.when, b.when), (b.when, a.when)):
        if news.precision == "reported" and other.start <= news.end:
            return True  # news that gives no day may tell of what was dated before it (6, 8)
    if "denied" in (a.modality, b.modality) or "retracted" in (a.modality, b.modality):
        return True  # a denial answers an earlier report (grouping rule 7)
    same_sentence = (a.document_id, a.start) == (b.document_id, b.start)
    gap = max(a.when.start - b.when.end, b.when.start - a.when.end).days
    return kind_of(a.predicate) == "death" and same_sentence and gap <= 31


# ---- origins ---------------------------------------------------------------------------------


def test_trace_origin_follows_the_chain() -> None:
    assert trace_origin(claim("a", claimant="the Russian Defence Ministry", via=("Reuters",))) in {
        "Russian Ministry of Defense",
        "Russian Defense Ministry",
    }
    assert trace_origin(claim("b", via=("Reuters", "TASS"))) == "Reuters"
    assert trace_origin(claim("c"), source="Example Times") == "Example Times"
    assert trace_origin(claim("d", document_id="a5")) == "doc:a5"


def test_generic_claimants_are_hearsay_not_origins() -> None:
    assert is_hearsay("the media") and is_hearsay("media reports") and is_hearsay("the press")
    assert not is_hearsay("the Guardian")
    # Nobody named: the article recounts what "the media" said, charged to unnamed reports.
    assert trace_origin(claim("a", claimant="the media", document_id="a4")) == "doc:a4#reports"


def test_one_origin_relayed_by_many_outlets_counts_once() -> None:
    claims = [
        claim("a", claimant="Russian Defense Ministry", via=("Reuters",), document_id="d1"),
        claim("b", claimant="the Russian Ministry of Defence", document_id="d2"),
        claim("c", claimant="Russian Ministry of Defense", via=("TASS",), document_id="d3"),
    ]
    assert len(independent_origins(claims)) == 1


def test_syndicated_copies_count_once() -> None:
    text = "The militant leader was killed in an airstrike near the city on Sunday, officials said"
    claims = [
        claim("a", document_id="outlet-1", quote=text),
        claim("b", document_id="outlet-2", quote=text.replace("Sunday", "Sunday,") + "."),
        claim("c", document_id="outlet-3", quote="A different account entirely, from the field"),
    ]
    origins = independent_origins(claims)
    assert len(origins) == 2
    assert "doc:outlet-3" in origins


def test_independent_named_origins_stay_apart() -> None:
    claims = [claim("a", claimant="Al-Arabiya"), claim("b", claimant="Al-Jazeera")]
    assert independent_origins(claims) == ["Al-Arabiya", "Al-Jazeera"]


# ---- ledger.rules.v2: a recalled year, undated mentions refer back ---------------------------


def no_year(y: int, m: int, d: int) -> TimeSpan:
    """A day written without its year ("March 18"), the year filled in by the extractor."""
    return TimeSpan(date(y, m, d), date(y, m, d), date(y, m, d).strftime("%B %d"), "day")


def test_day_without_written_year_joins_the_same_day_of_a_written_year() -> None:
    claims = [
        claim("written", when=day(2015, 3, 18), predicate="died"),
        claim("recalled", document_id="d2", when=no_year(2017, 3, 18), modality="hedged"),
        claim("other", document_id="d3", when=no_year(2017, 4, 22)),
    ]
    assert partition(group_events(claims)) == {
        frozenset({"written", "recalled"}),
        frozenset({"other"}),
    }


def test_day_with_written_year_stays_apart_from_the_same_day_of_another_year() -> None:
    claims = [
        claim("a", when=day(2015, 3, 18)),
        claim(
            "b",
            document_id="d2",
            when=TimeSpan(date(2017, 3, 18), date(2017, 3, 18), "March 18, 2017", "day"),
        ),
    ]
    assert len(group_events(claims)) == 2


def test_undated_claim_joins_the_event_described_just_before_it() -> None:
    claims = [
        claim("may", when=TimeSpan(date(2017, 5, 1), date(2017, 5, 31), "last month", "month")),
        claim("the-strike", start=1500, end=1560),
        claim("june", start=2500, end=2560, when=day(2017, 6, 10)),
    ]
    events = group_events(claims)
    assert partition(events) == {frozenset({"may", "the-strike"}), frozenset({"june"})}
    assert partition(group_events(list(reversed(claims)))) == partition(events)


def test_claim_dated_by_its_report_joins_the_event_its_document_dated() -> None:
    reported = TimeSpan(date(2015, 5, 30), date(2015, 6, 29), "June 29", "reported")
    claims = [
        claim(
            "a", predicate="died", when=TimeSpan(date(2013, 4, 1), date(2013, 4, 30), "", "month")
        ),
        claim("b", predicate="died", when=reported, start=50, end=60),
    ]
    (event,) = group_events(claims)
    assert set(event.claim_ids) == {"a", "b"}
    alone = group_events([claim("b", predicate="died", when=reported)])
    assert alone[0].when == reported


def test_one_sentence_giving_a_death_two_dates_weeks_apart_tells_one_death() -> None:
    claims = [
        claim("a", when=day(2009, 8, 5), start=0, end=10),
        claim("b", predicate="died", when=day(2009, 8, 23), start=0, end=10, quote="q b"),
        claim("c", document_id="d1", start=40, end=50),  # undated, later in the same text
    ]
    (event,) = group_events(claims)
    assert set(event.claim_ids) == {"a", "b", "c"}
    other = [claim("a", when=day(2009, 8, 5)), claim("b", document_id="d2", when=day(2009, 8, 23))]
    assert len(group_events(other)) == 2
    rival = [
        claim("a", when=day(2017, 5, 28), agent="Russian airstrike"),
        claim("b", when=day(2017, 6, 10), agent="the Iraqis", quote="q b"),
    ]
    assert len(group_events(rival)) == 2


def test_a_later_denial_answers_the_report_before_it() -> None:
    claims = [
        claim("report", when=TimeSpan(date(2010, 1, 14), date(2010, 1, 14), "", "day")),
        claim(
            "denial",
            modality="denied",
            when=TimeSpan(date(2010, 4, 1), date(2010, 4, 30), "", "month"),
            document_id="d2",
        ),
    ]
    (event,) = group_events(claims)
    assert set(event.claim_ids) == {"report", "denial"}
    alone = [claims[1]]
    assert len(group_events(alone)) == 1


def test_an_event_dated_only_by_a_denial_answers_the_report_before_it() -> None:
    # "In the footage recorded in April he called the reports propaganda; the BBC says the video
    # will end all speculation about his death" (the speculation is undated).
    claims = [
        claim("report", when=TimeSpan(date(2010, 1, 14), date(2010, 1, 14), "", "day")),
        claim(
            "denial",
            modality="denied",
            when=TimeSpan(date(2010, 4, 1), date(2010, 4, 30), "", "month"),
            document_id="d2",
        ),
        claim("speculation", modality="hedged", document_id="d2", start=40),
    ]
    (event,) = group_events(claims)
    assert set(event.claim_ids) == {"report", "denial", "speculation"}


def test_news_of_a_death_that_gives_no_day_is_news_of_the_death_dated_before_it() -> None:
    # "He died in September", then months later "his group announced on Tuesday that he had
    # died": one death, told late.
    september = TimeSpan(date(2013, 9, 1), date(2013, 9, 30), "in September", "month")
    news = TimeSpan(date(2014, 2, 16), date(2014, 3, 18), "on Tuesday", "reported")
    died = claim("died", predicate="died", when=september)
    told = claim("told", predicate="died", when=news, document_id="d2")
    (event,) = group_events([died, told])
    assert set(event.claim_ids) == {"died", "told"}
    assert event.when == september


def test_late_news_of_a_death_stays_apart_when_he_was_seen_alive_in_between() -> None:
    september = TimeSpan(date(2013, 9, 1), date(2013, 9, 30), "in September", "month")
    news = TimeSpan(date(2014, 2, 16), date(2014, 3, 18), "on Tuesday", "reported")
    video = claim("video", predicate="alive", when=day(2013, 12, 1), document_id="d3")
    died = claim("died", predicate="died", when=september)
    told = claim("told", predicate="died", when=news, document_id="d2")
    assert len([d for d in group_events([died, told, video]) if d.kind == "death"]) == 2
    # Nor does news join a death dated years before, or one dated only by its own report.
    old = claim(
        "old", predicate="died", when=TimeSpan(date(2010, 1, 1), date(2010, 12, 31), "", "year")
    )
    assert len(group_events([old, told])) == 2
    earlier_news = TimeSpan(date(2013, 9, 1), date(2013, 9, 30), "on Friday", "reported")
    assert len(group_events([claim("e", predicate="died", when=earlier_news), told])) == 2
