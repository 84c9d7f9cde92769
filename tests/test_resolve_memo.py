"""The shortcuts that keep resolution fast must not change what it finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.resolve.aliases import _CUE_RES
from claimledger.resolve.keys import name_tokens, token_similarity
from claimledger.resolve.resolver import relation


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_every_alias_cue_needs_one_of_its_skip_words(data: st.DataObject) -> None:
    # A text without any of a cue's words skips that cue's pattern, so every text the
    # pattern matches must contain one of them.
    for pattern, _kind, words in _CUE_RES:
        text = data.draw(st.from_regex(pattern), label=pattern.pattern)
        assert re.search(pattern, text)
        assert any(word in text for word in words), (pattern.pattern, text)


def test_relation_answers_alike_for_lists_and_tuples() -> None:
    short, long = name_tokens("al-Baghdadi"), name_tokens("Abu Bakr al-Bagdadi")
    assert relation(short, long) == relation(list(short), list(long)) == "part"
    assert relation(long, long) == "same"
    assert relation(name_tokens("Abu Bakr"), name_tokens("Ibn Bakr")) is None


def test_token_similarity_is_memoised_without_changing_scores() -> None:
    first = token_similarity("baghdadi", "bogdadi")
    assert token_similarity("baghdadi", "bogdadi") == first == 0.9
    assert token_similarity("baghdad", "baghdadi") == 0.0  # the place is not the nisba
