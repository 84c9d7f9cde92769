"""The multilingual extractor: language packs and claims in Russian, French, Arabic, Italian.

Sentences are made up for these tests (no article text)."""

from __future__ import annotations

from datetime import date

import pytest

from claimledger.errors import InputError
from claimledger.extract.packs import PACK_LANGUAGES, NameSet, extract_pack, load_pack
from claimledger.extract.packs.analysis import analyse
from claimledger.extract.packs.names import gazetteer_names
from claimledger.extract.packs.pack import PACK_KEYS, parse_pack
from claimledger.languages import EXTRACTION_LANGUAGES
from claimledger.types import Document


def _claims(text: str, language: str, *, known: set[str] | None = None):
    doc = Document(text=text, id="t", language=language, published_at=date(2020, 5, 10))
    gazetteer = NameSet(known) if known else None
    return extract_pack(doc, document_id="t", gazetteer=gazetteer).claims


def test_every_pack_language_is_open_and_has_every_key() -> None:
    assert {"ru", "fr", "ar", "it"} <= PACK_LANGUAGES
    assert PACK_LANGUAGES | {"en"} == EXTRACTION_LANGUAGES
    for language in PACK_LANGUAGES:
        pack = load_pack(language)
        assert pack.triggers and pack.hedges and pack.denials and pack.source_after
        assert len(pack.months) == 12


def test_a_pack_missing_a_key_is_an_error_naming_the_file() -> None:
    data: dict[str, list[str]] = {key: [] for key in PACK_KEYS[:3]}
    with pytest.raises(InputError, match=r"xx\.yaml.*missing keys"):
        parse_pack(data, "data/lang/xx.yaml")


def test_russian_passive_claim_with_source_and_date() -> None:
    text = "По данным местных властей, командир отряда Ибрагим Сафаров убит 3 мая."
    (claim,) = _claims(text, "ru")
    assert claim.subject == "Ибрагим Сафаров"
    assert claim.predicate == "killed"
    assert claim.modality == "asserted"
    assert claim.claimant == "local authorities"  # glossed: "местных властей"
    assert claim.when is not None and claim.when.start == date(2020, 5, 3)


def test_russian_hedge_and_denial() -> None:
    hedged = _claims("Предположительно, Ибрагим Сафаров погиб при взрыве.", "ru")
    assert [c.modality for c in hedged] == ["hedged"]
    denied = _claims("Штаб опроверг сообщения о гибели Ибрагима Сафарова.", "ru")
    assert [(c.predicate, c.modality) for c in denied] == [("died", "denied")]


def test_french_conditional_is_hedged() -> None:
    (claim,) = _claims("Le chef rebelle Jean-Pierre Moulin aurait été tué samedi.", "fr")
    assert claim.subject == "Jean-Pierre Moulin"
    assert (claim.predicate, claim.modality) == ("killed", "hedged")
    assert claim.when is not None and claim.when.start == date(2020, 5, 9)


def test_french_source_after_selon() -> None:
    text = "Karim Benali a été blessé dans une embuscade, selon le ministère."
    (claim,) = _claims(text, "fr")
    assert (claim.predicate, claim.claimant) == ("wounded", "ministry")


def test_arabic_trigger_with_clitics_and_kunya_name() -> None:
    text = "أعلن الجيش مقتل القائد أبو سعيد الحلبي في غارة جوية."
    (claim,) = _claims(text, "ar")
    assert claim.subject == "أبو سعيد الحلبي"
    assert claim.predicate == "killed"
    assert claim.claimant == "army"  # glossed: "الجيش"


def test_arabic_denial() -> None:
    (claim,) = _claims("ونفت الجماعة مقتل أبو سعيد الحلبي.", "ar")
    assert claim.modality == "denied"


def test_arabic_name_from_the_gazetteer_in_another_script() -> None:
    text = "قالت مصادر محلية إن سليم حداد أصيب في القصف."
    (claim,) = _claims(text, "ar", known={"Salim Haddad"})
    assert claim.subject == "سليم حداد"
    assert claim.predicate == "wounded"


def test_a_gazetteer_name_ends_before_a_relative_pronoun_or_a_preposition() -> None:
    class Loose:
        """A gazetteer that knows any run starting with the name (as a loose match does)."""

        def is_person(self, name: str) -> bool:
            return name.startswith("سليم حداد")

    text = "أكدت الحكومة مقتل سليم حداد الذي قاد الهجوم في المدينة."
    [sentence] = analyse(text, load_pack("ar")).sentences
    found = gazetteer_names(text, sentence, Loose(), taken=[])
    assert [n.text for n in found] == ["سليم حداد"]


def test_a_sentence_without_a_name_takes_the_previous_subject() -> None:
    text = "Ибрагим Сафаров ранен. Позже он скончался в больнице."
    claims = _claims(text, "ru")
    assert [(c.subject, c.predicate) for c in claims] == [
        ("Ибрагим Сафаров", "wounded"),
        ("Ибрагим Сафаров", "died"),
    ]


def test_italian_claim() -> None:
    (claim,) = _claims("Secondo la polizia, Marco Bellini sarebbe morto ieri.", "it")
    assert (claim.predicate, claim.modality) == ("died", "hedged")
    assert claim.subject == "Marco Bellini"


def test_check_reads_a_report_in_a_pack_language(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_EXTRACT_LANGUAGES", "all")
    from claimledger.queries import check
    from claimledger.store import Store

    with Store.open(f"sqlite:///{tmp_path / 'c.db'}") as store:
        text = "По данным военных, командир отряда Ибрагим Сафаров убит в понедельник при обстреле."
        answer = check(store, text)
    assert answer.language == "ru"
    assert [f.claim.predicate for f in answer.findings] == ["killed"]


# --- dates, names and modality scope (made-up sentences with the structures real reports use) --


def _when(text: str, language: str) -> tuple[date, date, str] | None:
    (claim,) = _claims(text, language)
    return None if claim.when is None else (claim.when.start, claim.when.end, claim.when.precision)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("По данным штаба, Ибрагим Сафаров скончался два или три года назад.", "ru"),
        ("Selon la police, Jean-Pierre Moulin est mort il y a deux ou trois ans.", "fr"),
        ("Secondo la polizia, Marco Bellini è morto due o tre anni fa.", "it"),
    ],
)
def test_two_or_three_years_ago_spans_both_years(text: str, language: str) -> None:
    assert _when(text, language) == (date(2017, 1, 1), date(2018, 12, 31), "years")


def test_an_arabic_dual_counts_two_years() -> None:
    text = "قال مصدر إن أبو سليم الحداد قتل قبل عامين."
    assert _when(text, "ar") == (date(2018, 1, 1), date(2018, 12, 31), "year")


def test_a_year_after_since_is_no_date_of_the_report() -> None:
    text = "Jean-Pierre Moulin aurait été tué par une frappe, une première depuis 2011."
    when = _when(text, "fr")
    assert when is None or when[0].year != 2011


def test_arabic_month_names_are_whole_words() -> None:
    # "آب" (August) must not be read inside "أبو" (the kunya).
    text = "قال مصدر إن أبو سليم الحداد أصيب في غارة."
    when = _when(text, "ar")
    assert when is None or when[2] != "month"


def test_recent_days_reach_back_a_week_from_the_report() -> None:
    text = "Nei giorni scorsi Marco Bellini sarebbe stato ucciso in un raid."
    assert _when(text, "it") == (date(2020, 5, 3), date(2020, 5, 10), "week")


def test_a_yearless_date_in_an_undated_report_is_not_taken_from_the_sentence_before() -> None:
    text = "В 2015 году Ибрагим Сафаров уехал.\nА 31 июля СМИ сообщили, что Ибрагим Сафаров убит."
    doc = Document(text=text, id="t", language="ru")
    (claim,) = extract_pack(doc, document_id="t").claims
    assert claim.when is None


def test_a_name_with_a_glued_article_is_a_name() -> None:
    (claim,) = _claims("Secondo fonti locali, Abu Salim al-Haddad sarebbe morto ieri.", "it")
    assert claim.subject == "Abu Salim al-Haddad"


def test_the_group_a_leader_heads_is_no_person() -> None:
    text = "Abu Salim al-Haddad, leader di Jaish Nasr al-Din, sarebbe stato ucciso."
    (claim,) = _claims(text, "it")
    assert claim.subject == "Abu Salim al-Haddad"


def test_a_city_is_no_person() -> None:
    text = "N'Djamena avait annoncé que Jean-Pierre Moulin avait été tué."
    (claim,) = _claims(text, "fr")
    assert claim.subject == "Jean-Pierre Moulin"


def test_the_claimants_name_is_not_the_subject_when_the_text_was_telling_of_another() -> None:
    text = "Ибрагим Сафаров ранен при обстреле. Министр Олег Петров подтвердил его гибель."
    claims = _claims(text, "ru")
    assert [(c.subject, c.predicate) for c in claims] == [
        ("Ибрагим Сафаров", "wounded"),
        ("Ибрагим Сафаров", "died"),
    ]


def test_report_cues_in_a_sentence_with_a_harm_are_about_the_harm_not_the_sign_of_life() -> None:
    text = "Smentita la notizia: Marco Bellini, dato per morto, è apparso in pubblico."
    modalities = {c.predicate: c.modality for c in _claims(text, "it")}
    assert modalities["alive"] == "asserted"
    assert modalities["died"] in ("denied", "hedged")


def test_a_weekday_is_the_latest_such_day_on_or_before_the_report() -> None:
    # 10 May 2020 was a Sunday: "today, Sunday" is that day; "on Friday" two days before.
    assert _when("Aujourd'hui dimanche, Jean-Pierre Moulin a été tué.", "fr") == (
        date(2020, 5, 10),
        date(2020, 5, 10),
        "day",
    )
    assert _when("Vendredi, Jean-Pierre Moulin a été tué.", "fr") == (
        date(2020, 5, 8),
        date(2020, 5, 8),
        "day",
    )


def test_a_date_word_ends_a_claimant_phrase() -> None:
    text = "قال مصدر عسكري الثلاثاء إن أبو سليم الحداد قتل."
    (claim,) = _claims(text, "ar")
    assert claim.claimant is not None and "الثلاثاء" not in claim.claimant


def test_a_capitalised_participle_opening_a_french_sentence_is_no_person() -> None:
    text = "Déclaré mort à plusieurs reprises, Jean-Pierre Moulin aurait été tué samedi."
    assert {c.subject for c in _claims(text, "fr")} == {"Jean-Pierre Moulin"}


def test_a_country_the_glossary_lists_is_no_person() -> None:
    text = "Сообщения о гибели руководителя Северной Кореи появились вчера."
    assert _claims(text, "ru") == ()


@pytest.mark.parametrize(
    ("phrase", "language", "english"),
    [
        ("Власти Афганистана", "ru", "authorities of Afghanistan"),
        ("американские СМИ", "ru", "US media"),
        ("Рамзан Кадыров", "ru", "Ramzan Kadyrov"),
        ("Ким Чен Ын", "ru", "Kim Jong-un"),
        ("التليفزيون الرسمي الباكستاني", "ar", "Pakistani official television"),
        ("الناطق باسم وزارة الدفاع الروسية", "ar", "spokesman of Russian ministry of defence"),
        ("l'armée tchadienne", "fr", "Chadian army"),
        ("le ministère de la Défense russe", "fr", "Russian ministry of defence"),
        ("media arabi", "it", "Arab media"),
    ],
)
def test_claimant_phrases_are_glossed_in_english(phrase: str, language: str, english: str) -> None:
    from claimledger.extract.packs.gloss import gloss_claimant

    tokens = [t for s in analyse(phrase, load_pack(language)).sentences for t in s.tokens]
    assert gloss_claimant(tokens, language) == english


def test_a_claimant_phrase_with_an_unknown_word_keeps_its_own_words() -> None:
    from claimledger.extract.packs.gloss import gloss_claimant

    tokens = [t for s in analyse("загадочные власти", load_pack("ru")).sentences for t in s.tokens]
    assert gloss_claimant(tokens, "ru") is None


def test_the_claimant_of_a_pack_claim_is_its_english_gloss() -> None:
    text = "Американские спецслужбы опровергли сообщения о гибели Ибрагима Сафарова."
    (claim,) = _claims(text, "ru")
    assert (claim.claimant, claim.modality) == ("US intelligence services", "denied")


def test_a_harm_a_named_source_reports_without_a_date_is_news_of_the_weeks_before() -> None:
    text = "Министр Олег Петров заявил, что Ибрагим Сафаров погиб."
    assert _when(text, "ru") == (date(2020, 4, 26), date(2020, 5, 10), "reported")


def test_a_hedge_belongs_to_the_harm_it_stands_nearest() -> None:
    # Two deaths: the hedge is about the first; the second (a past death) is told as fact.
    text = "Возможно, Ибрагим Сафаров погиб, как это было после смерти Олега Петрова в 2011 году."
    modalities = {c.subject: c.modality for c in _claims(text, "ru")}
    assert modalities == {"Ибрагим Сафаров": "hedged", "Олега Петрова": "asserted"}


def test_the_speaker_opening_a_sentence_is_its_claimant_not_the_document_it_cites() -> None:
    text = "L'armée tchadienne affirme avoir tué Jean-Pierre Moulin, selon un communiqué."
    (claim,) = _claims(text, "fr")
    assert claim.claimant == "Chadian army"


def test_a_numeric_date_is_read_day_first() -> None:
    text = "26.04.2020\nLa police affirme que Jean-Pierre Moulin a été tué le 25.04.2020."
    (claim,) = _claims(text, "fr")
    assert claim.when is not None and claim.when.start == date(2020, 4, 25)


def test_a_date_line_is_not_the_date_of_the_sentences_after_it() -> None:
    text = "03.05.2020\nJean-Pierre Moulin, selon la police, aurait été tué."
    (claim,) = _claims(text, "fr")
    assert claim.when is None or claim.when.precision != "day"


def test_a_count_of_dead_is_no_claim_about_the_person_named() -> None:
    text = "Jean-Pierre Moulin a revendiqué l'attentat qui a fait une vingtaine de morts."
    assert [c.predicate for c in _claims(text, "fr")] == []


def test_for_two_months_dates_the_report_two_months_back() -> None:
    text = "Jean-Pierre Moulin était donné pour mort depuis plus de deux mois."
    assert _when(text, "fr") == (date(2020, 3, 1), date(2020, 3, 31), "month")


def test_a_denial_of_the_previous_report_is_a_claim_of_its_own() -> None:
    text = (
        "Selon la police, Jean-Pierre Moulin a été tué le 3 mai. "
        "Le groupe rebelle a toujours démenti cette information."
    )
    claims = _claims(text, "fr")
    assert [(c.subject, c.predicate, c.modality) for c in claims] == [
        ("Jean-Pierre Moulin", "killed", "asserted"),
        ("Jean-Pierre Moulin", "killed", "denied"),
    ]
    assert claims[1].when == claims[0].when and claims[1].claimant != claims[0].claimant


def test_a_known_arabic_name_starts_after_a_glued_preposition() -> None:
    text = "أعلن القائد نفسه خلفا لسليم الحداد الذي قتل بغارة."
    claims = _claims(text, "ar", known={"سليم الحداد"})
    assert [c.subject for c in claims] == ["سليم الحداد"]


def test_a_glossed_claimant_drops_a_leading_conjunction_and_reads_genitives() -> None:
    from claimledger.extract.packs.gloss import gloss_claimant

    phrase = "и сайт чеченских сепаратистов"
    tokens = [t for s in analyse(phrase, load_pack("ru")).sentences for t in s.tokens]
    assert gloss_claimant(tokens, "ru") == "website of Chechen separatists"


def test_refusing_to_confirm_or_deny_is_no_denial() -> None:
    text = "Selon la police, Jean-Pierre Moulin a été tué; le groupe veut ni confirmer ni démentir."
    (claim,) = _claims(text, "fr")
    assert claim.modality == "asserted"


def test_yearless_dates_and_last_year() -> None:
    from claimledger.extract.packs.dates import yearless_dates

    text = "أصيب يوم 16 يناير، وكان قد عين في أغسطس من العام الماضي."
    assert yearless_dates(text, load_pack("ar")) == [(1, 16, 0), (8, None, 1)]


def test_a_claimant_the_ledger_knows_in_latin_script_is_named_so() -> None:
    text = "وأكد وزير الداخلية سليم الحداد مقتل أبو خالد العراقي."
    (claim,) = _claims(text, "ar", known={"Salim al-Haddad", "سليم الحداد"})
    assert claim.claimant == "minister of interior Salim al-Haddad"


def test_a_source_named_after_a_preposition_credits_the_sentence_before() -> None:
    text = "Ибрагим Сафаров убит. Об этом говорится в заявлении Министерства обороны."
    (claim,) = _claims(text, "ru")
    assert claim.claimant is not None and "ministry" in claim.claimant


def test_a_long_speaker_phrase_cut_short_keeps_the_name_before_the_verb() -> None:
    text = (
        "Советник президента по вопросам национальной безопасности Олег Петров сказал, "
        "что Ибрагим Сафаров погиб."
    )
    (claim,) = _claims(text, "ru")
    assert claim.claimant == "Oleg Petrov"


def test_a_date_before_the_speaker_is_not_part_of_the_claimant() -> None:
    text = "А 31 марта американские СМИ сообщили, что Ибрагим Сафаров убит."
    (claim,) = _claims(text, "ru")
    assert claim.claimant == "US media"


def test_a_speaker_before_the_report_and_a_relay_closing_it() -> None:
    text = "Между тем, движение опровергает гибель Ибрагима Сафарова, передает Интерфакс."
    (claim,) = _claims(text, "ru")
    assert (claim.claimant, claim.via, claim.modality) == ("movement", ("Interfax",), "denied")


def test_a_cue_across_a_contrast_word_is_about_the_other_clause() -> None:
    text = "Ибрагим Сафаров заявил, что жив, хотя ходят слухи о болезни."
    (claim,) = _claims(text, "ru")
    assert (claim.predicate, claim.modality) == ("alive", "asserted")


def test_a_count_after_the_harm_word_is_of_victims() -> None:
    text = "Ибрагим Сафаров сказал, что при взрыве погибли несколько человек."
    assert _claims(text, "ru") == ()


def test_a_headline_source_before_a_colon_is_the_claimant() -> None:
    (claim,) = _claims("Российские СМИ: ликвидирован командир Ибрагим Сафаров", "ru")
    assert claim.claimant == "Russian media"
    # A place before the colon is a heading.
    (placed,) = _claims("Mali : Jean-Pierre Moulin aurait été tué", "fr")
    assert placed.claimant is None


def test_a_sentence_answering_a_report_two_sentences_back() -> None:
    text = (
        "По данным полиции, Ибрагим Сафаров убит 3 мая. Названо имя его преемника. "
        "Подтверждения этой информации пока не получено, сообщает Интерфакс."
    )
    claims = _claims(text, "ru")
    assert [(c.claimant, c.modality) for c in claims] == [
        ("police", "asserted"),
        ("Interfax", "hedged"),
    ]


def test_a_report_phrase_opening_a_sentence_is_no_name() -> None:
    from claimledger.extract.packs.analysis import NameSpan
    from claimledger.extract.packs.assemble import _in_trigger_phrase

    text = "Déclaré mort à plusieurs reprises, Jean-Pierre Moulin aurait été tué samedi."
    pack = load_pack("fr")
    sentence = analyse(text, pack).sentences[0]
    assert _in_trigger_phrase(text, sentence, NameSpan(0, 7, "Déclaré"), pack)
    assert not _in_trigger_phrase(text, sentence, NameSpan(35, 53, "Jean-Pierre Moulin"), pack)


def test_a_pronoun_refers_to_the_one_person_a_sentence_without_a_claim_told_of() -> None:
    text = (
        "Jean-Pierre Moulin a été tué le 3 mai, selon la police. Rien ne le confirmait. "
        "Son frère Paul habite Lyon. Jean-Pierre Moulin voyageait beaucoup. "
        "En juin 2015, la police avait affirmé qu'il avait été blessé."
    )
    claims = _claims(text, "fr")
    assert [(c.subject, c.predicate) for c in claims][-1] == ("Jean-Pierre Moulin", "wounded")


def test_a_name_whose_own_first_letter_is_a_preposition_keeps_it_inside_a_name() -> None:
    text = "نفى التنظيم مقتل سليم بلحداد في غارة."
    claims = _claims(text, "ar", known={"Salim Belhaddad"})
    assert [c.subject for c in claims] == ["سليم بلحداد"]


def test_lower_case_words_are_no_known_name_in_a_script_with_capitals() -> None:
    from claimledger.extract.packs.names import gazetteer_names

    # A ledger that once took a capitalised "De La" for a person must not find it in every
    # "de la" of Spanish or French text.
    text = "Durante la captura de la banda, Ana de la Cruz fue detenida."
    pack = load_pack("es")
    sentence = analyse(text, pack).sentences[0]
    found = gazetteer_names(text, sentence, NameSet({"De La", "Ana de la Cruz"}), taken=[])
    assert [n.text for n in found] == ["Ana de la Cruz"]
