"""Attribution: claimant and relays on made-up sentences, claimant normalisation, sample gold."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span, Token

from claimledger.extract.attribution import Attribution, attribute
from claimledger.extract.lexicon import is_news_organisation
from claimledger.extract.modality import english_pipeline
from claimledger.extract.quotes import Source, Speakers, find_quotations
from claimledger.ledger.origins import normalize_claimant
from datapaths import SEED_DIR
from fixtures.extract.seed_claims import score_seed

# Floors reached on the sample gold (42 claims); they may only go up.
SEED_CLAIMANT_FLOOR = 0.73
SEED_MODALITY_FLOOR = 0.85


@pytest.fixture(scope="session")
def nlp() -> Language:
    return english_pipeline()


def _parse(nlp: Language, text: str, trigger: str) -> tuple[Span, Token, list[Span]]:
    """The sentence holding the first token ``trigger``, the token, and earlier sentences."""
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    context = [s for s in doc.sents if s.end <= tok.sent.start]
    return tok.sent, tok, context


def _attr(nlp: Language, text: str, trigger: str) -> Attribution:
    sent, tok, context = _parse(nlp, text, trigger)
    return attribute(sent, tok, context=context)


CASES = [
    # (text, trigger, claimant, via, cue)
    ("Reuters reports the Russian Defense Ministry said the commander was killed.",
     "killed", "Russian Defense Ministry", ("Reuters",), "said"),
    ("The ministry said on Friday that the commander may have been killed in a strike, "
     "Reuters reports.", "killed", "ministry", ("Reuters",), "said"),
    ("The army said the commander was killed in the strike, AFP reports.",
     "killed", "army", ("AFP",), "said"),
    ("According to the Pentagon, the man was held in a prison camp.",
     "held", "Pentagon", (), "according to"),
    ("Interfax reported, citing a source in the security services, that the commander "
     "was killed.", "killed", "source in the security services", ("Interfax",), "citing"),
    ("It was reported that the leader was injured in an airstrike.",
     "injured", None, (), "was reported"),
    ("According to media reports, the leader was seriously wounded.",
     "wounded", "media reports", (), "according to"),
    ("The press wrote that the leader was poisoned.", "poisoned", "press", (), "wrote"),
    ("A representative of the US-led coalition said the leader was not killed.",
     "killed", "US-led coalition", (), "said"),
    ("The ministry's spokesman said the commander was captured.",
     "captured", "ministry", (), "said"),
    ("John Smith met reporters on Monday. He said that the commander had died.",
     "died", "John Smith", (), "said"),
    ("The ministry denied that the commander had been killed.",
     "killed", "ministry", (), "denied"),
    ("Jane Doe, the former minister, also doubted the death of the commander.",
     "death", "Jane Doe", (), "doubted"),
    ("As the ministry said, the commander was killed in the raid.",
     "killed", "ministry", (), "said"),
    ("The commander was killed in February, as reported by the Al-Jazeera TV channel.",
     "killed", "Al-Jazeera TV channel", (), "reported"),
    ('John Smith, the defense minister, told reporters: "The commander was killed."',
     "killed", "John Smith", (), "told"),
    ("The commander was killed in the strike.", "killed", None, (), None),
    ("The commander is believed to have been killed in the raid.",
     "killed", None, (), "is believed"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger", "claimant", "via", "cue"), CASES)
def test_attribution_cases(
    nlp: Language, text: str, trigger: str, claimant: str | None, via: tuple, cue: str | None
) -> None:
    got = _attr(nlp, text, trigger)
    assert (got.claimant, got.via, got.cue) == (claimant, via, cue)


@pytest.mark.slow
def test_cue_offset_points_at_the_cue(nlp: Language) -> None:
    text = "Officials said on Monday that the commander was killed."
    got = _attr(nlp, text, "killed")
    assert got.cue_start is not None
    assert text[got.cue_start : got.cue_start + 4] == "said"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "claimant", "impersonal"),
    [
        ("It was reported that the leader was injured.", "injured", None, True),
        ("Sources say the leader was injured.", "injured", None, True),
        ("According to reports, the leader was injured.", "injured", None, True),
        ("Reliable sources say the leader was injured.", "injured", None, True),
        # A named kind of report is kept as the source, still flagged as nobody's word.
        ("According to press reports, the leader was injured.", "injured", "press reports", True),
        ("Taliban sources say the leader was injured.", "injured", "Taliban sources", False),
        ("They wrote that the leader was injured.", "injured", None, True),
        ("The ministry said the leader was injured.", "injured", "ministry", False),
        ("According to official data, the leader was held there.", "held", None, False),
    ],
)
def test_impersonal_sources(
    nlp: Language, text: str, trigger: str, claimant: str | None, impersonal: bool
) -> None:
    # Unnamed sources name nobody and are flagged; evidence ("data") is no source.
    got = _attr(nlp, text, trigger)
    assert (got.claimant, got.impersonal) == (claimant, impersonal)


@pytest.mark.slow
def test_speaker_description_is_not_the_content(nlp: Language) -> None:
    # The trigger sits in the speaker's relative clause: the speaker does not report it.
    got = _attr(nlp, "A man who was wounded in the attack said the town was calm.", "wounded")
    assert got.claimant is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Russian Defense Ministry", "Russian Ministry of Defense"),
        ("Russian Ministry of Defense", "Russian Ministry of Defense"),
        ("the Russian Defence Ministry", "Russian Ministry of Defense"),
        ("The Iraqi Health Ministry", "Iraqi Ministry of Health"),
        ("Russian Foreign Ministry", "Russian Foreign Ministry"),
        ("the ministry's", "ministry"),
        ("The Guardian", "Guardian"),
        ("the Al-Jazeera TV channel", "Al-Jazeera"),
        ("  the  Pentagon ", "Pentagon"),
        # A wire dateline run into the name.
        ("KANDAHAR - Interior Minister Omar Haddad", "Interior Minister Omar Haddad"),
        ("LAGOS (AP) - the army", "army"),
        ("AFP", "AFP"),
    ],
)
def test_normalize_claimant(name: str, expected: str) -> None:
    assert normalize_claimant(name) == expected


def test_normalize_claimant_is_idempotent() -> None:
    for name in ("the Russian Defence Ministry", "Al Jazeera channel", "US-led coalition"):
        once = normalize_claimant(name)
        assert normalize_claimant(once) == once


@pytest.mark.parametrize(
    ("name", "known"),
    [("Reuters", True), ("the Associated Press", True), ("TASS news agency", True),
     ("Al-Arabiya channel", True), ("Pentagon", False), ("Russian Defense Ministry", False)],
)  # fmt: skip
def test_news_organisations(name: str, known: bool) -> None:
    assert is_news_organisation(name) is known


@pytest.mark.slow
def test_sample_gold_floors(nlp: Language) -> None:
    if not (SEED_DIR / "gold.yaml").exists():
        pytest.skip(f"sample gold not found in {SEED_DIR}")
    scored = score_seed(nlp, SEED_DIR)
    claimant = sum(s.claimant_ok for s in scored) / len(scored)
    modality = sum(s.modality_ok for s in scored) / len(scored)
    print(f"sample gold: {len(scored)} claims, claimant {claimant:.3f}, modality {modality:.3f}")
    assert len(scored) == 42
    assert claimant >= SEED_CLAIMANT_FLOOR
    assert modality >= SEED_MODALITY_FLOOR


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "claimant"),
    [
        # "they" stands for a people named in the plural before it.
        ("The Freedonians had a plan. When the time came, they announced that they had killed "
         "the rebel chief.", "killed", "Freedonians"),
        # A ruling body's decision is its own statement.
        ("On Monday the district court decided to place Lena Vos into custody.", "place",
         "district court"),
        # A published video is the thing published, not a source: the "according to" counts.
        ("According to Tomas Berg, the last video message of the leader was published in 2015.",
         "message", "Tomas Berg"),
    ],
)  # fmt: skip
def test_plural_pronouns_rulings_and_published_messages(
    nlp: Language, text: str, trigger: str, claimant: str
) -> None:
    assert _attr(nlp, text, trigger).claimant == claimant


def test_quotations_pair_marks_and_skip_scare_quotes() -> None:
    text = (
        "He was “killed” again. “The leader was wounded in the spring and he has not been "
        "seen since then,” he noted. A «short» one."
    )
    [quotation] = find_quotations(text)
    assert text[quotation.start : quotation.end].startswith("“The leader")
    assert text[quotation.start : quotation.end].endswith("since then,”")
    assert quotation.speaker == "he"


@pytest.mark.parametrize(
    ("after", "speaker"),
    [
        (", the expert explained.", "the expert"),
        (", said Jane Roe.", "Jane Roe"),
        (" Lena Vos added.", "Lena Vos"),
        (". Then the rain came.", None),
    ],
)
def test_speaker_after_a_quotation(after: str, speaker: str | None) -> None:
    text = "“The commander was killed in the raid and nobody has seen him since,”" + after
    [quotation] = find_quotations(text.replace(",”", "”") if after.startswith(".") else text)
    assert quotation.speaker == speaker


def test_quotation_speaker_is_the_named_speaker_or_the_lead_in() -> None:
    lead = "The ministry of defence said on Friday that the raid had succeeded.\n\n"
    body = "“During the raid the commander and his deputy were killed by the special forces.”"
    speakers = Speakers.of(lead + body)
    speakers.note(len(lead) - 2, "Ministry of Defense", ("Reuters",))
    inside = len(lead) + 20
    assert speakers.speaker_at(inside) == Source(len(lead) - 2, "Ministry of Defense", ("Reuters",))
    assert speakers.speaker_at(5) is None  # not inside a quotation
    named = Speakers.of(body + ", said Jane Roe.")
    assert named.speaker_at(20) is not None
    assert named.speaker_at(20).claimant == "Jane Roe"  # type: ignore[union-attr]
    far = Speakers.of(lead + "x" * 500 + body)
    far.note(len(lead) - 2, "Ministry of Defense")
    assert far.speaker_at(len(lead) + 520) is None  # the lead-in is too far back


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # A relayed quote: the person quoted says it, the channel relays it.
        ("A local channel had quoted a police official as saying that the leader was killed.",
         "killed", "police official"),
        # An unnamed source inside a named one is part of what the named one says.
        ("The deputy director of a radio station claimed that the leader was dead, citing a "
         "well-placed source.", "dead", "deputy director of a radio station"),
        ("Army officers said that his death could not be confirmed.", "death", "Army officers"),
        # A time is never the source, and a named kind of report is.
        ("The leader may have been killed, according to Monday evening Gulf media reports.",
         "killed", "Gulf media reports"),
        # A participle clause speaks with its main verb's subject.
        ("A former minister backed those reports, claiming that the leader died in surgery.",
         "died", "former minister"),
        # An instrument is not an agent.
        ("A second spokesman, Omar Haddad, also denied by phone that the leader had died.",
         "died", "spokesman Omar Haddad"),
        # Who carries a report relays it; a participle of saying speaks for its noun.
        ("News channels were carrying unconfirmed reports that Karim Haddad had been killed.",
         "killed", "News channels"),
        ("The deputy stating that Karim Haddad is alive is one of his successors.", "alive",
         "deputy"),
        # A headline's reporting verb misread as a noun's modifier or as the subject.
        ("Rebels deny leader Karim Haddad has died", "died", "Rebels"),
        ("Insurgents deny commander Omar Haddad was killed", "killed", "Insurgents"),
        # "reported dead" in a headline: the subject is who is reported on.
        ("Rebel commander who led the raid reported dead", "dead", None),
        ("Freedonian warlord who threatened Ruritania reported dead", "dead", None),
        # A quoted headline before a dash is not the speaker; unnamed sources name nobody.
        ("‘Karim Haddad dead’ – multiple sources claim rebel leader died Saturday night", "died",
         None),
        # "X claims" names X as the source of the claim.
        ("Videos emerged, contradicting Freedonian claims he was killed in a raid.", "killed",
         "Freedonian"),
        # "X referred to reports of his death as lies": X speaks (and denies).
        ("Karim Haddad referred to reports of his death as lies.", "death", "Karim Haddad"),
        # A report of no named kind ("reports in the past months") is part of what X says.
        ("Earlier reports in the past few months were only speculating on the leader's death, "
         "Mr. Haddad added.", "death", "Haddad"),
        # A report held by a named outlet is the outlet's.
        ("A report seen by the Daily Herald says: “Karim is alive and well.”", "alive",
         "Daily Herald"),
        # An unnamed individual's post names the platform's post.
        ("Rumours spread after a person wrote on Weibo that Karim was killed.", "killed",
         "Weibo post"),
        # An infinitive speaks with the subject of the verb that governs it.
        ("Despite the government asserting that Karim was killed, Freedonia has yet to confirm "
         "his killing.", "killing", "Freedonia"),
        ("The ministry refused to confirm that the leader had died.", "died", "ministry"),
        ("The general asked reporters to say that the leader had died.", "died", None),
    ],
)  # fmt: skip
def test_sources_by_structure(nlp: Language, text: str, trigger: str, expected: str | None) -> None:
    got = _attr(nlp, text, trigger)
    if expected is None:
        assert got.claimant is None
    else:
        assert got.claimant is not None and expected in got.claimant


@pytest.mark.slow
def test_pronoun_source_is_the_latest_speaker(nlp: Language) -> None:
    text = (
        "Tomas Berg, the spokesman of the agency, said Karim Haddad died in a hospital. "
        '"We confirm officially that he is dead," he told reporters.'
    )
    got = _attr(nlp, text, "dead")
    assert got.claimant == "Tomas Berg"
    assert not got.impersonal  # "we" is the speaker himself
