"""Normalisation: the shortcut past ftfy gives exactly what ftfy gives; language detection."""

from __future__ import annotations

import json
import unicodedata

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.ingest.normalize import (
    _FTFY_CONFIG,
    _ftfy_leaves_alone,
    detect_language,
    fix_text,
)
from datapaths import SAMPLE


def ftfy_reference(text: str) -> str:
    """What ``fix_text`` returned before it learnt to skip clean text."""
    return unicodedata.normalize("NFC", ftfy.fix_text(text, config=_FTFY_CONFIG))


# Plain letters and news punctuation, mojibake pieces, and a character of each kind some ftfy
# fixer changes (entities, CR, C1 controls, ligatures, wide forms, controls, decomposed accents).
PIECES = [
    *"abc XYZ 09.,;:-'\"\n\t",
    *"éüçñ’‘“”«»–—…©°€ﷺ",
    *"ДжиАлБагдадиعبد",
    "Ã©",
    "â€™",
    "Ã",
    "Â ",
    "Ð¿Ñ€",
    "&amp;",
    "&lt;b&gt;",
    "<b>",
    "\r\n",
    "\r",
    "\u2028",
    "\x85",
    "\x9c",
    "ﬁ",
    "ＡＢ",
    "\u3000",
    "\x00",
    "\x1b[1m",
    "\ufeff",
    "e\u0301",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_fix_text_equals_ftfy_on_any_mix(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert fix_text(text) == ftfy_reference(text)


def test_clean_news_text_skips_ftfy_and_is_unchanged() -> None:
    texts = [json.loads(line)["text"] for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    for text in texts:
        assert _ftfy_leaves_alone(text)
        assert fix_text(text) == ftfy_reference(text) == text


def test_text_needing_repair_goes_through_ftfy() -> None:
    for broken in ("The groupâ€™s leader said", "caf\u0065\u0301", "a\r\nb", "AT&amp;T"):
        assert not _ftfy_leaves_alone(broken)
    assert fix_text("The groupâ€™s leader said") == "The group’s leader said"
    assert fix_text("caf\u0065\u0301") == "café"


def test_language_of_a_long_text_is_read_from_its_head() -> None:
    russian = "Министерство обороны сообщило, что командир был убит в результате удара. " * 10
    english = " The ministry said the commander was killed in the strike." * 100
    assert detect_language(russian + english, ("en", "ru")) == "ru"
    assert detect_language(english + russian, ("en", "ru")) == "en"


def test_latin_look_alikes_inside_cyrillic_words_are_written_in_cyrillic() -> None:
    from claimledger.ingest.normalize import cyrillic_homoglyphs

    # "Cына" typed with a Latin C; Latin words and abbreviations stay as they are.
    fixed = cyrillic_homoglyphs("Cына убитого лидера показали CNN и Reuters.")
    assert fixed == "Сына убитого лидера показали CNN и Reuters."
    assert len(fixed) == len("Cына убитого лидера показали CNN и Reuters.")
