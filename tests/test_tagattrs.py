"""The memoised attribute ruler and lemmatizer against spaCy's own components."""

from __future__ import annotations

import pytest
import spacy
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from claimledger.extract import tagattrs
from claimledger.extract.tagattrs import speed_up, speed_up_lemmatizer
from claimledger.nlp import MODEL

# Colloquial forms reach the two-token and regular-expression patterns ("gon na", "y' all",
# "ai n't", "there is"), spacing tokens the IS_SPACE ones, pronouns the DEP ones.
TEXTS = [
    "I ain't gonna say it, y'all. Let's go: he's got 'em and there is nothing left.",
    "C'mon, we gotta go. Nothin' doin', she's goin' to the ol' house. 'Nuff said, I'd say.",
    "  Spaces   and\n\nbreaks  here. It does what it has to do; they did.\t",
    "There were many; there are more. Did he? He had done what he did to them and us.",
    "The ministry said that the commander, whom nobody had seen, was not killed in the raid.",
    "Militants who had attacked the convoys were arrested, officials said on Tuesday.",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(MODEL)  # spaCy's own components, not the shared (sped-up) pipeline


@pytest.fixture(scope="module")
def parsed(nlp: Language) -> list[Doc]:
    """The texts up to the attribute ruler (tagger and parser done)."""
    return list(nlp.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]))


def _fresh(nlp: Language) -> tuple[AttributeRuler, Lemmatizer]:
    """New components with the model's patterns and tables (the model's own stay untouched)."""
    model_ruler, model_lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    assert isinstance(model_ruler, AttributeRuler) and isinstance(model_lemmatizer, Lemmatizer)
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(model_ruler.patterns)
    lemmatizer = EnglishLemmatizer(nlp.vocab, None, mode="rule")
    lemmatizer.lookups = model_lemmatizer.lookups
    return ruler, lemmatizer


def _annotate(docs: list[Doc], ruler: AttributeRuler, lemmatizer: Lemmatizer) -> list[tuple]:
    out = [lemmatizer(ruler(doc.copy())) for doc in docs]
    return [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for doc in out for t in doc]


def test_memoised_matcher_returns_spacys_matches(nlp: Language, parsed: list[Doc]) -> None:
    original, fast = _fresh(nlp)[0], _fresh(nlp)[0]
    assert speed_up(fast)
    for _ in range(2):  # a cold memo, then a warm one
        for doc in parsed:
            assert fast.match(doc) == original.match(doc)
    spans = {
        (end - start, fast.indices[attr_id])
        for doc in parsed
        for attr_id, _, start, end in fast.match(doc)
    }
    assert {(2, 0), (2, 1)} <= spans  # the two-token patterns were exercised, both indices


def test_fast_components_annotate_like_spacys(nlp: Language, parsed: list[Doc]) -> None:
    ruler, lemmatizer = _fresh(nlp)
    expected = _annotate(parsed, ruler, lemmatizer)
    ruler, lemmatizer = _fresh(nlp)
    assert speed_up(ruler) and speed_up_lemmatizer(lemmatizer)
    assert _annotate(parsed, ruler, lemmatizer) == expected
    assert _annotate(parsed, ruler, lemmatizer) == expected  # warm memos


def test_memos_stay_bounded_and_exact(
    nlp: Language, parsed: list[Doc], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _annotate(parsed, *_fresh(nlp))
    monkeypatch.setattr(tagattrs, "MEMO_LIMIT", 3)
    monkeypatch.setattr(tagattrs, "LEMMA_MEMO_LIMIT", 3)
    ruler, lemmatizer = _fresh(nlp)
    assert speed_up(ruler) and speed_up_lemmatizer(lemmatizer)
    assert _annotate(parsed, ruler, lemmatizer) == expected
    matcher = ruler.match
    assert isinstance(matcher, tagattrs._MemoMatcher)
    assert 0 < len(matcher._entries) <= 3 and 0 < len(matcher._form_class) <= 3


def test_unsupported_components_are_left_alone(nlp: Language) -> None:
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"ORTH": "x"}]], {"LEMMA": "y"})  # a key the memo matcher does not read
    assert not speed_up(ruler)
    assert "match" not in vars(ruler)
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "x"}]], {"LEMMA": "y"}, index=1)  # spaCy raises E1001 on a match
    assert not speed_up(ruler)
    lookup = Lemmatizer(nlp.vocab, None, mode="lookup")
    assert not speed_up_lemmatizer(lookup)
    assert lookup.lemmatize == lookup.lookup_lemmatize
    assert not speed_up(lookup) and not speed_up_lemmatizer(ruler)
