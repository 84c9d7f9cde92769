"""The language packs for Spanish, Ukrainian, Turkish, Persian and Urdu, and the hooks they need.

Sentences are made up for these tests (no article text); the names are invented."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
import yaml

from claimledger.extract.packs import NameSet, extract_pack, load_pack
from claimledger.extract.packs.analysis import analyse
from claimledger.extract.packs.gloss import gloss_claimant
from claimledger.extract.packs.names import gazetteer_names
from claimledger.extract.packs.pack import fold
from claimledger.languages import EXTRACTION_LANGUAGES
from claimledger.resolve.keys import name_key
from claimledger.types import Document

NEW = ("es", "uk", "tr", "fa", "ur")
# Latin-script names the ledger knows, for the Arabic-script packs (no capitals to find names by).
KNOWN = {"Salim Haddad", "Hakimullah Mehsud", "Karim Nouri"}


def _claims(text: str, language: str, *, known: set[str] | None = None):
    doc = Document(text=text, id="t", language=language, published_at=date(2020, 5, 10))
    gazetteer = NameSet(known) if known else None
    return extract_pack(doc, document_id="t", gazetteer=gazetteer).claims


def _one(text: str, language: str):
    known = KNOWN if language in ("fa", "ur") else None
    (claim,) = _claims(text, language, known=known)
    return claim


def _raw(kind: str, language: str) -> dict:
    path = resources.files("claimledger").joinpath(f"data/{kind}/{language}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", NEW)
def test_each_new_pack_has_every_key_the_others_have(language: str) -> None:
    assert language in EXTRACTION_LANGUAGES
    reference = _raw("lang", "ru")
    data = _raw("lang", language)
    assert set(reference) <= set(data)
    assert set(reference["dates"]) - {"month_endings"} <= set(data["dates"])
    assert len(data["dates"]["weekdays"]) == 7
    for predicate in ("killed", "died", "wounded", "captured", "alive"):
        assert data["triggers"].get(predicate), predicate
    gloss = _raw("gloss", language)
    assert gloss["order"] in ("adjective-noun", "noun-adjective")
    assert {"names", "nouns", "adjectives", "skip", "of", "and"} <= set(gloss)


# --- per language: a passive killing with a source and a date, a hedge, a denial, "two years ago"


@pytest.mark.parametrize(
    ("language", "text", "subject", "claimant", "day"),
    [
        (
            "es",
            "Según fuentes locales, el comandante Tomás Ribera fue asesinado el 3 de mayo.",
            "Tomás Ribera",
            "local sources",
            date(2020, 5, 3),
        ),
        (
            "uk",
            "За даними місцевої влади, командира загону Ібрагіма Сафарова вбито 3 травня.",
            "Ібрагіма Сафарова",
            "local authorities",
            date(2020, 5, 3),
        ),
        (
            "tr",
            "Yerel kaynaklara göre, komutan Ahmet Yılmaz 3 Mayıs'ta öldürüldü.",
            "Ahmet Yılmaz",
            "local sources",
            date(2020, 5, 3),
        ),
        (
            "fa",
            "به گزارش منابع محلی، سلیم حداد روز ۳ مه در شمال کشور کشته شد.",
            "سلیم حداد",
            "local sources",
            date(2020, 5, 3),
        ),
        (
            "ur",
            "سکیورٹی ذرائع کے مطابق سلیم حداد کو 3 مئی کو ایک کارروائی میں قتل کر دیا گیا۔",
            "سلیم حداد",
            "security sources",
            date(2020, 5, 3),
        ),
    ],
)
def test_a_passive_killing_with_its_source_and_date(
    language: str, text: str, subject: str, claimant: str, day: date
) -> None:
    claim = _one(text, language)
    assert claim.subject == subject
    assert (claim.predicate, claim.modality) == ("killed", "asserted")
    assert claim.claimant == claimant  # glossed in English
    assert claim.when is not None and (claim.when.start, claim.when.end) == (day, day)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "En la capital, Tomás Ribera habría muerto en un bombardeo."),
        ("uk", "Ймовірно, Ібрагім Сафаров загинув під час вибуху."),
        ("tr", "İddiaya göre, komutan Ahmet Yılmaz bir hava saldırısında hayatını kaybetti."),
        ("fa", "احتمالا سلیم حداد در یک حمله هوایی کشته شده است."),
        ("ur", "سلیم حداد مبینہ طور پر ایک ڈرون حملے میں ہلاک ہو گئے۔"),
    ],
)
def test_a_hedged_report(language: str, text: str) -> None:
    claim = _one(text, language)
    assert claim.predicate in ("killed", "died")
    assert claim.modality == "hedged"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "El portavoz del Gobierno desmintió la muerte de Tomás Ribera."),
        ("uk", "Генштаб спростував повідомлення про загибель Ібрагіма Сафарова."),
        ("tr", "Ordu sözcüsü, Ahmet Yılmaz'ın öldürüldüğü haberlerini yalanladı."),
        ("fa", "سخنگوی ارتش خبر مرگ سلیم حداد را تکذیب کرد."),
        ("ur", "فوج کے ترجمان نے سلیم حداد کی ہلاکت کی تردید کی۔"),
    ],
)
def test_a_denial(language: str, text: str) -> None:
    claim = _one(text, language)
    assert claim.predicate in ("killed", "died")
    assert claim.modality == "denied"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Según la policía, Tomás Ribera murió hace dos años."),
        ("uk", "Як повідомляє речник поліції, Олег Петренко помер два роки тому."),
        ("tr", "Suriyeli yetkililere göre, militan lider Mehmet Demir iki yıl önce öldü."),
        ("fa", "مقامات آمریکایی گفتند که سلیم حداد دو سال پیش درگذشت."),
        ("ur", "امریکی حکام نے بتایا کہ حکیم اللہ محسود دو سال پہلے ہلاک ہوا تھا۔"),
    ],
)
def test_two_years_ago_is_the_year_two_before_the_report(language: str, text: str) -> None:
    claim = _one(text, language)
    assert claim.when is not None
    assert (claim.when.start, claim.when.end, claim.when.precision) == (
        date(2018, 1, 1),
        date(2018, 12, 31),
        "year",
    )


@pytest.mark.parametrize(
    ("phrase", "language", "english"),
    [
        ("el ejército sirio", "es", "Syrian army"),
        ("el portavoz del Ministerio de Defensa", "es", "spokesman of ministry of defence"),
        ("речник Міноборони", "uk", "spokesman of Defence Ministry"),
        ("Генштаб ЗСУ", "uk", "General Staff of Ukrainian Armed Forces"),
        ("американські спецслужби", "uk", "US intelligence services"),
        ("İçişleri Bakanlığı'nın", "tr", "Interior Ministry"),
        ("ordu sözcüsü", "tr", "army spokesman"),
        ("Suriyeli yetkililer", "tr", "Syrian officials"),
        ("مقامات آمریکایی", "fa", "US officials"),
        ("سخنگوی وزارت دفاع", "fa", "spokesman of ministry of defence"),
        ("خبرگزاری فارس", "fa", "Fars News Agency"),
        ("فوج کے ترجمان", "ur", "army spokesman"),
        ("امریکی حکام", "ur", "US officials"),
        ("وزیر داخلہ", "ur", "interior minister"),
    ],
)
def test_claimants_are_glossed_in_english(phrase: str, language: str, english: str) -> None:
    tokens = [t for s in analyse(phrase, load_pack(language)).sentences for t in s.tokens]
    assert gloss_claimant(tokens, language) == english


# --- Arabic-script names in Urdu and Persian


def test_an_urdu_name_in_arabic_script_is_found_by_the_gazetteer() -> None:
    text = "پولیس کے مطابق حکیم اللہ محسود گزشتہ روز ایک حملے میں زخمی ہو گئے۔"
    (claim,) = _claims(text, "ur", known={"Hakimullah Mehsud"})
    assert claim.subject == "حکیم اللہ محسود"
    assert name_key(claim.subject) == name_key("Hakimullah Mehsud")
    assert claim.predicate == "wounded"
    assert claim.when is not None and claim.when.start == date(2020, 5, 9)  # "the day before"
    # Without the gazetteer, Urdu (no capitals) has no name here.
    assert _claims(text, "ur") == ()


def test_a_name_beginning_with_a_letter_arabic_glues_on_is_found_as_written() -> None:
    # "بشیر" begins with "ب" (Arabic's "with"): the word is compared as written too.
    text = "پولیس کے مطابق بشیر احمد گرفتار ہو گئے۔"
    (claim,) = _claims(text, "ur", known={"Bashir Ahmad"})
    assert claim.subject == "بشیر احمد"


def test_urdu_name_shapes_and_final_heh() -> None:
    text = "اسامہ بن لادن کے بیٹے حمزہ بن لادن زندہ ہیں۔"
    (claim,) = _claims(text, "ur")
    assert (claim.subject, claim.predicate) == ("حمزہ بن لادن", "alive")
    # A final "ہ" is the vowel "-a": one key with the Latin spelling.
    assert name_key("حمزہ بن لادن") == name_key("Hamza bin Laden")
    assert name_key("شاہ محمود قریشی") == name_key("Shah Mahmood Qureshi")


def test_a_gazetteer_name_begins_after_a_function_word() -> None:
    text = "مقامات آمریکایی گفتند که سلیم حداد زنده است."
    (claim,) = _claims(text, "fa", known={"Salim Haddad"})
    assert claim.subject == "سلیم حداد"


@pytest.mark.parametrize("stop", ["۔ ", "۔"])  # often typed without the space
def test_urdu_sentences_end_at_the_urdu_full_stop(stop: str) -> None:
    text = f"سلیم حداد زخمی ہو گئے{stop}کریم نوری کو گرفتار کر لیا گیا۔"
    claims = _claims(text, "ur", known=KNOWN)
    assert [(c.subject, c.predicate) for c in claims] == [
        ("سلیم حداد", "wounded"),
        ("کریم نوری", "captured"),
    ]


def test_a_gazetteer_name_in_urdu_ends_before_the_verb() -> None:
    class Loose:
        """A gazetteer that knows any run starting with the name (as a loose match does)."""

        def is_person(self, name: str) -> bool:
            return name.startswith("حکیم اللہ محسود")

        def is_other(self, name: str) -> bool:
            return False

    text = "ذرائع کے مطابق حکیم اللہ محسود مارا گیا۔"
    [sentence] = analyse(text, load_pack("ur")).sentences
    found = gazetteer_names(text, sentence, Loose(), taken=[])
    assert [n.text for n in found] == ["حکیم اللہ محسود"]


# --- the hooks: stems, apostrophes, months, weekdays, folding, morphology


def test_turkish_stems_tell_a_killing_from_a_death() -> None:
    # simplemma gives both "öl"; the longest stem decides.
    assert _one("Yerel kaynaklara göre, komutan Ahmet Yılmaz öldürüldü.", "tr").predicate == (
        "killed"
    )
    assert _one("Yerel kaynaklara göre, komutan Ahmet Yılmaz öldü.", "tr").predicate == "died"


def test_a_turkish_case_ending_after_an_apostrophe_is_not_part_of_the_name() -> None:
    claim = _one("Bakanlığa göre, Ebu Salim el-Haddad'ın geçen yıl öldürüldüğü doğrulandı.", "tr")
    assert claim.subject == "Ebu Salim el-Haddad"
    assert name_key(claim.subject) == name_key("Abu Salim al-Haddad")
    assert claim.when is not None and claim.when.start == date(2019, 1, 1)  # "last year"


def test_kasim_is_a_month_only_beside_a_day_or_a_year() -> None:
    named = _one("Yerel kaynaklara göre, komutan Kasım Demir yakalandı.", "tr")
    assert named.subject == "Kasım Demir"
    assert named.when is None or named.when.start.month != 11
    dated = _one("Yerel kaynaklara göre, komutan Ahmet Yılmaz 3 Kasım'da yakalandı.", "tr")
    assert dated.when is not None and dated.when.start == date(2019, 11, 3)


def test_a_spanish_date_with_its_de_words_is_read_whole() -> None:
    claim = _one("El ejército sirio afirmó que Tomás Ribera murió el 3 de mayo de 2019.", "es")
    assert claim.claimant == "Syrian army"
    assert claim.when is not None and claim.when.start == date(2019, 5, 3)


def test_ago_words_before_and_after_in_one_language() -> None:
    # Spanish has both "hace dos años" and "el año pasado".
    last_year = _one("Según la policía, Tomás Ribera fue detenido el año pasado.", "es")
    assert last_year.when is not None and last_year.when.start == date(2019, 1, 1)
    weeks = _one("Según la policía, Tomás Ribera fue detenido hace tres semanas.", "es")
    assert weeks.when is not None and weeks.when.precision == "week"


def test_a_ministry_is_no_spanish_person() -> None:
    text = "En la capital, Tomás Ribera habría muerto, según el Ministerio de Defensa."
    claim = _one(text, "es")
    assert claim.subject == "Tomás Ribera"
    assert claim.claimant == "ministry of defence"


def test_persian_sunday_is_not_saturday() -> None:
    # 10 May 2020 was a Sunday: "یکشنبه" (Sunday) ends in "شنبه" (Saturday).
    sunday = _one("سلیم حداد روز یکشنبه دستگیر شد.", "fa")
    assert sunday.when is not None and sunday.when.start == date(2020, 5, 10)
    saturday = _one("سلیم حداد روز شنبه دستگیر شد.", "fa")
    assert saturday.when is not None and saturday.when.start == date(2020, 5, 9)


def test_a_persian_word_with_a_zero_width_non_joiner() -> None:
    claim = _one("به گزارش خبرگزاری فارس، سلیم حداد در روزهای اخیر کشته‌شد.", "fa")
    assert (claim.predicate, claim.claimant) == ("killed", "Fars News Agency")
    assert claim.when is not None and claim.when.precision == "week"


def test_urdu_weekdays_that_are_other_words_need_their_postposition() -> None:
    # "ہفتے کو" is on Saturday (9 May 2020); "گزشتہ ہفتے" is last week.
    saturday = _one("سلیم حداد کو ہفتے کو گرفتار کیا گیا۔", "ur")
    assert saturday.when is not None and saturday.when.start == date(2020, 5, 9)
    week = _one("سلیم حداد کو گزشتہ ہفتے گرفتار کیا گیا۔", "ur")
    assert week.when is not None and week.when.precision == "week"


def test_fold_keeps_offsets_and_reads_persian_letters_and_digits() -> None:
    for text in ("کشته‌شد ۲۰۱۹", "İçişleri Bakanlığı", "пʼять", "مئی ٢٠٢٠"):
        assert len(fold(text)) == len(text)
    assert fold("۲۰۱۹") == "2019" == fold("٢٠١٩")
    assert fold("کی") == fold("كي")
    assert fold("İÇİŞLERİ") == "içişleri"


def test_ukrainian_names_in_another_case_share_their_key() -> None:
    assert name_key("Ібрагіма Сафарова") == name_key("Ібрагім Сафаров")
    assert name_key("Олега Петренка") == name_key("Олег Петренко")


def test_the_morphology_backend_takes_the_language() -> None:
    from claimledger.resolve.russian import morph

    assert morph() is morph("ru")
    assert morph("uk").parse("загинув")[0].normal_form == "загинути"
    with pytest.raises(ValueError, match="xx"):
        morph("xx")


def test_a_ukrainian_word_typed_with_a_latin_i_is_repaired() -> None:
    from claimledger.ingest.normalize import cyrillic_homoglyphs

    assert cyrillic_homoglyphs("Biйськовi заявили") == "Військові заявили"


def test_italian_and_urdu_are_detected() -> None:
    from claimledger.ingest.normalize import detect_language
    from claimledger.settings import DEFAULT_LANGUAGES

    italian = "Secondo la polizia locale, il comandante del gruppo sarebbe morto ieri sera."
    urdu = "پولیس کے مطابق گروپ کا کمانڈر گزشتہ روز ایک کارروائی کے دوران ہلاک ہو گیا۔"
    assert detect_language(italian, DEFAULT_LANGUAGES) == "it"
    assert detect_language(urdu, DEFAULT_LANGUAGES) == "ur"
    assert set(EXTRACTION_LANGUAGES) <= set(DEFAULT_LANGUAGES)


@pytest.mark.parametrize(
    ("language", "text", "subject"),
    [
        (
            "es",
            "Según fuentes locales, el comandante Tomás Ribera fue asesinado ayer.",
            "Tomás Ribera",
        ),
        (
            "uk",
            "За даними місцевої влади, командира Ібрагіма Сафарова вбито вчора.",
            "Ібрагіма Сафарова",
        ),
        ("tr", "Yerel kaynaklara göre, komutan Ahmet Yılmaz dün öldürüldü.", "Ahmet Yılmaz"),
        ("fa", "به گزارش منابع محلی، ملا سلیم احمدی دیروز کشته شد.", "ملا سلیم احمدی"),
        ("ur", "پولیس کے مطابق مولانا سلیم احمد کو گزشتہ روز قتل کر دیا گیا۔", "مولانا سلیم احمد"),
    ],
)
def test_check_detects_and_reads_each_new_language(
    tmp_path, monkeypatch, language: str, text: str, subject: str
) -> None:
    monkeypatch.setenv("CLAIMLEDGER_EXTRACT_LANGUAGES", "all")
    from claimledger.queries import check
    from claimledger.store import Store

    with Store.open(f"sqlite:///{tmp_path / 'c.db'}") as store:
        answer = check(store, text)
    assert answer.language == language
    assert [(f.claim.subject, f.claim.predicate) for f in answer.findings] == [(subject, "killed")]
