"""Claim assembly: quotes, dedup, lists, streaming, and the sample corpus against its gold."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from claimledger.extract.claims import EXTRACTOR, Extraction, extract_claims, extract_many
from claimledger.types import Claim, Document
from datapaths import SEED_DIR

pytestmark = pytest.mark.slow

# Floors reached on the sample gold (42 claims); they may only go up (recall) / down (extras).
SEED_FOUND_FLOOR = 42
SEED_UNMATCHED_CEILING = 48

TEXT = (
    "Officials in Baghdad said on Monday that Karim Haddad was killed in an airstrike near "
    "the city of Mosul. Karim Haddad was killed, the ministry repeated.\n\n"
    "Police arrested John Carter, Maria Lopez and Peter Novak in Lyon on 3 May 2021."
)


def _claims(text: str, published: date | None = date(2021, 5, 10)) -> Extraction:
    return extract_claims(Document(text=text, published_at=published), document_id="d1")


def test_claim_fields_and_exact_quote() -> None:
    extraction = _claims(TEXT)
    killed = [c for c in extraction.claims if c.predicate == "killed"]
    assert killed and killed[0].subject == "Karim Haddad"
    first = killed[0]
    assert TEXT[first.start : first.end] == first.quote
    assert first.where == "Mosul"
    assert first.extractor == EXTRACTOR
    assert first.subject_id is None
    assert len(extraction.subjects) == len(extraction.claims)


def test_one_claim_per_subject_predicate_sentence_and_one_per_listed_person() -> None:
    extraction = _claims(TEXT)
    keys = [(c.subject, c.predicate, c.start) for c in extraction.claims]
    assert len(keys) == len(set(keys))
    arrested = sorted(c.subject for c in extraction.claims if c.predicate == "arrested")
    assert arrested == ["John Carter", "Maria Lopez", "Peter Novak"]
    when = next(c.when for c in extraction.claims if c.predicate == "arrested")
    assert when is not None and when.start == date(2021, 5, 3)


def test_not_killed_but_wounded_gives_two_claims() -> None:
    text = "Karim Haddad was not killed in the raid, but was seriously wounded."
    found = {(c.predicate, c.modality) for c in _claims(text).claims}
    assert ("killed", "denied") in found
    assert "wounded" in {p for p, _ in found}


FOLLOW = (
    "Karim Haddad was killed in an airstrike on 3 March 2020, the army said. "
    "A spokesman for the rebels expressed doubts about what happened. "
    "According to his aide, Karim Haddad was not in the city during the strike. "
    "Then - again on 5 May 2020. New photos eliminate all doubts."
)


def test_follow_up_sentences_contest_or_repeat_the_latest_claim() -> None:
    claims = _claims(FOLLOW).claims
    sentences = [FOLLOW[c.start : c.end] for c in claims]
    assert all(c.subject == "Karim Haddad" and c.predicate == "killed" for c in claims)
    doubt = sentences.index("A spokesman for the rebels expressed doubts about what happened.")
    assert claims[doubt].modality == "denied"
    alibi = next(i for i, s in enumerate(sentences) if "not in the city" in s)
    assert claims[alibi].modality == "denied"
    again = next(c for c in claims if "again" in c.quote)
    assert again.when is not None and again.when.start == date(2020, 5, 5)
    assert not any("eliminate all doubts" in s for s in sentences)


def test_empty_document_has_no_claims() -> None:
    extraction = _claims("", published=None)
    assert extraction.claims == () and extraction.mentions == ()


def test_missing_date_is_estimated() -> None:
    text = "Moscow, 12 March 2019. Karim Haddad was killed in an airstrike on Sunday."
    extraction = _claims(text, published=None)
    assert extraction.estimated_date is not None
    claim = extraction.claims[0]
    assert claim.when is not None and claim.when.estimated


def test_undated_document_leaves_relative_dates_unresolved() -> None:
    """No publication date: "last June" has no year to count from, even when the text mentions
    years elsewhere; a date with its year still resolves."""
    text = "The siege ended in 2015.\n\nKarim Haddad was killed in an airstrike last June."
    extraction = _claims(text, published=None)
    assert extraction.estimated_date is None
    (killed,) = [c for c in extraction.claims if c.predicate == "killed"]
    assert killed.when is None
    absolute = _claims("Karim Haddad was killed in an airstrike on 14 January 2010.", None)
    (dated,) = absolute.claims
    assert dated.when is not None and dated.when.start == date(2010, 1, 14)


def test_extract_many_matches_extract_claims() -> None:
    docs = [Document(text=TEXT, published_at=date(2021, 5, 10)), Document(text="Nothing here.")]
    many = list(extract_many([(d, f"d{i}") for i, d in enumerate(docs)]))
    assert [len(e.claims) for e in many] == [len(_claims(TEXT).claims), 0]
    assert many[0].mentions


def _seed() -> dict[str, Document]:
    docs = {}
    with open(SEED_DIR / "articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            published = date.fromisoformat(row["published_at"]) if row["published_at"] else None
            docs[row["id"]] = Document(text=row["text"], id=row["id"], published_at=published)
    return docs


def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} <= {"killed", "died"}


def _score(docs: dict[str, Document], claims: dict[str, tuple[Claim, ...]]) -> tuple[int, int]:
    """(gold claims found, extracted claims matching no gold claim)."""
    gold = yaml.safe_load((SEED_DIR / "gold.yaml").read_text(encoding="utf-8"))
    found, matched = 0, set()
    for event in gold["events"]:
        for item in event["claims"]:
            start = docs[item["doc"]].text.find(item["text"])
            end = start + len(item["text"])
            hits = [
                (item["doc"], i)
                for i, c in enumerate(claims[item["doc"]])
                if c.start < end and start < c.end and _compatible(c.predicate, event["predicate"])
            ]
            found += bool(hits)
            matched.update(hits)
    total = sum(len(c) for c in claims.values())
    return found, total - len(matched)


Seed = tuple[dict[str, Document], dict[str, tuple[Claim, ...]]]


@pytest.fixture(scope="module")
def seed_claims() -> Seed:
    docs = _seed()
    return docs, {k: extract_claims(d, document_id=k).claims for k, d in docs.items()}


def test_seed_recall_and_extras(seed_claims: Seed) -> None:
    docs, claims = seed_claims
    found, unmatched = _score(docs, claims)
    assert found >= SEED_FOUND_FLOOR, f"found {found}/42"
    assert unmatched <= SEED_UNMATCHED_CEILING, f"{unmatched} claims match no gold claim"


def test_seed_quotes_are_exact(seed_claims: Seed) -> None:
    docs, claims = seed_claims
    for doc_id, found in claims.items():
        for c in found:
            assert docs[doc_id].text[c.start : c.end] == c.quote


def test_seed_first_caliph_died(seed_claims: Seed) -> None:
    docs, claims = seed_claims
    text = docs["a1-abu-bakr-siddiq"].text
    start = text.find("Abu Bakr died on Monday")
    died = [
        c
        for c in claims["a1-abu-bakr-siddiq"]
        if c.predicate == "died" and c.start <= start < c.end
    ]
    assert [c.subject for c in died] == ["Abu Bakr"]


def test_quotation_claims_belong_to_the_speaker() -> None:
    text = (
        "According to Tomas Berg, the rebels lost the valley. “There are many rumours. It was "
        "reported that Karim Haddad was wounded in the spring and fled the country,” he noted."
    )
    [wounded] = [c for c in _claims(text).claims if c.predicate == "wounded"]
    assert wounded.claimant == "Tomas Berg"
    assert wounded.modality == "hedged"  # "it was reported" stays part of what he says


def test_an_unnamed_source_inside_a_quotation_is_the_speakers_word() -> None:
    text = (
        "Rumours about the rebel leader spread overnight. “According to reliable sources, Karim "
        "Haddad was killed in the capital on 3 March 2020. Unknown men broke into his house and "
        "his guards shot them,” one post claimed."
    )
    [killed] = [c for c in _claims(text).claims if c.subject == "Karim Haddad"]
    assert killed.claimant == "one post"
    assert killed.modality == "asserted"  # as "X claimed, citing reliable sources, that ..."


def test_doubts_about_the_reports_question_them() -> None:
    text = (
        "Karim Haddad was killed in an airstrike on 3 March 2020, the army said. "
        "Police commanders have expressed doubts about the reports, the agency said."
    )
    claims = _claims(text).claims
    [doubt] = [c for c in claims if "doubts" in c.quote]
    assert doubt.modality == "hedged"
    assert doubt.claimant == "Police commanders"


def test_a_denial_answers_the_latest_claim_about_someone_not_a_group() -> None:
    text = (
        "Rumours spread that Karim Haddad was killed in the capital on 3 March 2020. Unknown "
        "persons broke into his residence and were subsequently shot and killed by the "
        "bodyguards. Freedonian officials said that they believed the claim to be untrue."
    )
    [denial] = [c for c in _claims(text).claims if "untrue" in c.quote]
    assert denial.subject == "Karim Haddad"
    assert denial.modality == "denied"


def test_quoted_statement_after_a_lead_in_is_the_lead_ins() -> None:
    text = (
        "The Freedonian Defense Ministry said on Friday that the raid had succeeded.\n\n"
        "“On the night of May 3, the command post of the militants was struck by aircraft.\n\n"
        "The field commander Karim Haddad was killed in the strike.”"
    )
    [killed] = [c for c in _claims(text).claims if c.subject == "Karim Haddad"]
    assert killed.claimant is not None and "Defense Ministry" in killed.claimant


def test_a_sentence_that_only_dates_the_previous_claim() -> None:
    text = "The first time Karim Haddad was “killed” was long ago. This happened in October 2005."
    [killed] = _claims(text).claims
    assert killed.when is not None
    assert (killed.when.start, killed.when.end) == (date(2005, 10, 1), date(2005, 10, 31))


def test_a_quoted_statement_dates_its_later_paragraphs() -> None:
    text = (
        "The Freedonian Defense Ministry said on Friday that the raid had succeeded.\n\n"
        "“On March 3, 2019, the command post of the militants was struck by aircraft.\n\n"
        "The aim of the meeting was to plan the retreat of the units.\n\n"
        "The field commander Karim Haddad was also killed.”"
    )
    [killed] = [c for c in _claims(text).claims if c.subject == "Karim Haddad"]
    assert killed.when is not None and killed.when.start == date(2019, 3, 3)


def test_a_date_outside_the_quotation_is_not_carried_into_it() -> None:
    text = (
        "On March 3, 2019, the rebels held a meeting.\n\n"
        "“The field commander Karim Haddad was killed in the fighting,” the ministry said."
    )
    [killed] = [c for c in _claims(text).claims if c.subject == "Karim Haddad"]
    assert killed.when is None


def test_a_sentence_opening_the_next_paragraph_dates_the_last_claim() -> None:
    text = (
        "According to the police, Karim Haddad was arrested at the border.\n\n"
        "According to court records, this happened in March 2011. Later he was released."
    )
    [held] = [c for c in _claims(text).claims if c.predicate == "arrested"]
    assert held.when is not None
    assert (held.when.start, held.when.end) == (date(2011, 3, 1), date(2011, 3, 31))


def test_a_bracketed_date_dates_the_trigger_before_it() -> None:
    text = (
        "The reports so far include the wounding of Karim Haddad in a mortar attack (May 2) "
        "and the death of Karim Haddad in an air raid, which we described earlier."
    )
    claims = _claims(text).claims
    [wounded] = [c for c in claims if c.predicate == "wounded"]
    [killed] = [c for c in claims if c.predicate in ("killed", "died")]
    assert wounded.when is not None and wounded.when.start == date(2021, 5, 2)
    assert killed.when is None


def test_next_month_counts_from_the_narrated_date() -> None:
    text = (
        "His death was first reported in August 2013 by a local radio station. "
        "Already in the next month, according to witnesses, Karim Haddad was wounded in a raid."
    )
    [wounded] = [c for c in _claims(text).claims if c.predicate == "wounded"]
    assert wounded.when is not None
    assert (wounded.when.start, wounded.when.end) == (date(2013, 9, 1), date(2013, 9, 30))


@pytest.mark.parametrize(
    "text",
    [
        "If Karim Haddad was killed in the raid, the group will choose a new leader.",
        "It is too early to say whether Karim Haddad was killed.",
        "Was Karim Haddad killed in the raid?",
        "Unless Karim Haddad was arrested, the talks will go on.",
        "The next time you see reports that Karim Haddad was killed, check the source.",
        "This is not the last rumour - Karim Haddad will be killed again in air raids.",
        "Karim Haddad will be eliminated in raids, blown up in cars and poisoned with gas.",
    ],
)
def test_hypothetical_mentions_make_no_claim(text: str) -> None:
    assert [c for c in _claims(text).claims if c.subject == "Karim Haddad"] == []


def test_a_scheduled_step_in_the_future_is_kept_and_a_past_one_beside_a_future_one() -> None:
    text = (
        "Karim Haddad will be tried in Lyon on Monday. "
        "Omar Nasser was arrested on Friday and will be questioned."
    )
    found = {(c.subject, c.predicate) for c in _claims(text).claims}
    assert ("Karim Haddad", "tried") in found
    assert ("Omar Nasser", "arrested") in found


def test_generic_groups_in_nominal_mentions_make_no_claim() -> None:
    text = (
        "The movement always announces the deaths of its commanders. "
        "Rumours about executions of prisoners spread quickly. "
        "Police said 12 protesters were detained in the square on Monday."
    )
    subjects = {c.subject for c in _claims(text).claims}
    assert "its commanders" not in subjects and "prisoners" not in subjects
    assert any("12 protesters" in s for s in subjects)


def test_a_plain_report_beside_a_hypothesis_is_kept() -> None:
    text = "Karim Haddad was killed in the raid, but if Omar Nasser was arrested, no one knows."
    claims = _claims(text).claims
    assert [c.predicate for c in claims if c.subject == "Karim Haddad"] == ["killed"]
    assert [c for c in claims if c.subject == "Omar Nasser"] == []


def test_next_month_opening_a_paragraph_counts_from_the_paragraph_before() -> None:
    text = (
        "His death was first reported in August 2013 by a local radio station.\n\n"
        "Already in the next month, according to witnesses, Karim Haddad was wounded in a raid."
    )
    [wounded] = [c for c in _claims(text).claims if c.predicate == "wounded"]
    assert wounded.when is not None
    assert (wounded.when.start, wounded.when.end) == (date(2013, 9, 1), date(2013, 9, 30))


def test_a_bracketed_date_does_not_date_the_sentences_after_it() -> None:
    text = (
        "In April, Omar Nasser was arrested in Lyon. "
        "The reports include the wounding of Karim Haddad in a mortar attack (May 2). "
        "This is not the last rumour about the death of Karim Haddad."
    )
    claims = _claims(text).claims
    [wounded] = [c for c in claims if c.predicate == "wounded"]
    [killed] = [c for c in claims if c.predicate in ("killed", "died")]
    assert wounded.when is not None and wounded.when.start == date(2021, 5, 2)
    assert killed.when is None


def test_a_sentence_calling_the_report_a_fake_denies_it() -> None:
    text = (
        "Then a rumour spread that Karim Haddad was killed by the army. "
        "The users themselves recognized the fake. His head was photoshopped."
    )
    claims = [c for c in _claims(text).claims if c.subject == "Karim Haddad"]
    assert [c.modality for c in claims] == ["asserted", "denied", "denied"]
    assert "the fake" in claims[1].quote


@pytest.mark.parametrize(
    "second",
    [
        "The essence of all these fakes remains unclear.",
        "It is unclear whether the forgery was the work of the army.",
        "Fake news spreads fast.",
    ],
)
def test_talk_of_fakes_in_general_denies_nothing(second: str) -> None:
    text = f"Then a rumour spread that Karim Haddad was killed by the army. {second}"
    claims = [c for c in _claims(text).claims if c.subject == "Karim Haddad"]
    assert [c.modality for c in claims] == ["asserted"]


def test_a_stay_there_until_a_later_year_extends_the_custody() -> None:
    text = (
        "According to the police, Karim Haddad was held in a large prison camp.\n\n"
        "According to official data, he was there from February to December 2004. "
        "But the camp commander says Karim Haddad is staying there until 2009."
    )
    held = [c for c in _claims(text).claims if c.predicate == "detained"]
    assert len(held) == 2
    first, stay = held
    assert first.when is not None
    assert (first.when.start, first.when.end) == (date(2004, 2, 1), date(2004, 12, 31))
    assert stay.when is not None
    assert (stay.when.start, stay.when.end) == (date(2004, 2, 1), date(2009, 12, 31))
    assert stay.claimant is not None and "camp commander" in stay.claimant
    assert stay.modality == first.modality


def test_a_verbless_run_of_names_after_a_list_continues_it() -> None:
    text = (
        "The airstrike killed Karim Haddad and Omar Nasser, who controlled the area from the "
        "river to the village. Tal Hamra and security chief John Carter."
    )
    killed = {c.subject for c in _claims(text).claims if c.predicate == "killed"}
    assert {"Karim Haddad", "Omar Nasser", "John Carter"} <= killed


def test_a_verbless_sentence_after_a_single_claim_adds_nobody() -> None:
    text = "Karim Haddad was killed in the raid. Omar Nasser and John Carter."
    subjects = {c.subject for c in _claims(text).claims}
    assert subjects == {"Karim Haddad"}


def test_a_report_date_is_not_the_event_date() -> None:
    text = "On June 29, officials told reporters that Karim Haddad had died in a hospital."
    (claim,) = _claims(text, date(2015, 8, 31)).claims
    assert claim.when is not None
    assert claim.when.precision == "reported"
    assert claim.when.end == date(2015, 6, 29) and claim.when.start < claim.when.end
    own = "Officials said that Karim Haddad died in a hospital on June 29."
    (dated,) = _claims(own, date(2015, 8, 31)).claims
    assert dated.when is not None and dated.when.precision == "day"


def test_undated_evidence_of_life_is_dated_by_publication() -> None:
    (claim,) = _claims("Karim Haddad is alive, his deputy insisted.", date(2011, 5, 23)).claims
    assert claim.predicate == "alive"
    assert claim.when is not None and claim.when.end == date(2011, 5, 23)


def test_a_date_that_cannot_be_placed_stops_inheritance() -> None:
    text = (
        "The warrant was issued in 2008. On June 13, jets struck a camp to kill Karim Haddad. "
        "The bombs were meant to kill Karim Haddad."
    )
    claims = _claims(text, None).claims
    assert claims and all(c.when is None for c in claims)


def test_present_evidence_of_life_does_not_take_an_earlier_date() -> None:
    text = "The attack of January 2013 was his. His group insists that Karim Haddad is alive."
    (claim,) = [c for c in _claims(text, date(2015, 6, 15)).claims if c.predicate == "alive"]
    assert claim.when is not None and claim.when.end == date(2015, 6, 15)


@pytest.mark.parametrize(
    "text",
    [
        "Without treatment Karim Haddad could die within days.",
        "Karim Haddad should be charged with fraud, the editorial said.",
        "The jets were seeking to assassinate Karim Haddad.",
        "A reward could help the police capture Karim Haddad.",
    ],
)
def test_possible_due_or_attempted_events_are_no_claims(text: str) -> None:
    assert _claims(text).claims == ()


def test_a_hedged_past_event_is_still_a_claim() -> None:
    (claim,) = _claims("Karim Haddad may have been killed in the strike.").claims
    assert claim.modality == "hedged"


def test_everyday_acts_tell_life_only_where_harm_is_in_question() -> None:
    chat = "Karim Haddad said in an interview that he loves jazz."
    assert [c.predicate for c in _claims(chat).claims] == []
    news = (
        "Karim Haddad was reported killed in a strike last week. "
        "Karim Haddad told the BBC by phone on Monday that he was fine."
    )
    assert "alive" in {c.predicate for c in _claims(news).claims}
    message = "In his annual holiday message, Karim Haddad praised the fighters."
    assert [c.predicate for c in _claims(message).claims] == ["alive"]


def test_reported_killed_is_a_hedged_claim() -> None:
    (claim,) = _claims("Karim Haddad was reported killed in a strike last week.").claims
    assert (claim.predicate, claim.modality) == ("killed", "hedged")


def test_a_pronoun_in_a_speakers_own_quotation_is_not_the_speaker() -> None:
    text = (
        "“The male was on his forklift when a lone gunman discharged several shots at him, "
        "fatally wounding him,” Supt Karim Peters said."
    )
    assert all(
        c.subject != "Karim Peters" and "Peters" not in c.subject for c in _claims(text).claims
    )
