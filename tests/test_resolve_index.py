"""The entity index's blocking: bounded candidates, merges that touch only their own keys."""

from __future__ import annotations

from collections import Counter

from claimledger.resolve.index import MAX_CANDIDATES, EntityIndex, EntityRecord, Profile
from claimledger.resolve.keys import name_tokens


def _index(names: list[str], counts: list[int] | None = None) -> EntityIndex:
    index = EntityIndex()
    for i, name in enumerate(names):
        count = counts[i] if counts else 1
        index.add(EntityRecord(f"e{i:05d}", names=Counter({name: count})))
    return index


def _surnames(n: int) -> list[str]:
    # Made-up surnames with distinct consonant skeletons: "Bakar", "Bakas", ... "Dovet".
    first, second, third = "BDFGKLMNPRSTVZ", "kmnprstvz", "dgklmnrst"
    names = [f"{a}a{b}o{c}" for a in first for b in second for c in third]
    return names[:n]


def test_below_the_cap_candidates_are_every_entity_sharing_a_key() -> None:
    index = _index(["Marcus Velloni", "Marcus Ortane", "Delia Velloni", "Tomas Brisk"])
    found = index.candidates(name_tokens("Marcus Velloni"))
    assert found == {"e00000", "e00001", "e00002"}


def test_a_common_given_name_gives_a_bounded_set_led_by_the_full_name() -> None:
    names = [f"Marcus {s}" for s in _surnames(5 * MAX_CANDIDATES)]
    index = _index(names)
    target = names[-1]
    found = index.candidates(name_tokens(target))
    assert len(found) == MAX_CANDIDATES
    assert f"e{len(names) - 1:05d}" in found  # shares both tokens: ranked first


def test_ties_go_to_the_most_mentioned_entities() -> None:
    names = [f"Marcus {s}" for s in _surnames(2 * MAX_CANDIDATES)]
    counts = [1] * len(names)
    counts[7] = 50
    index = _index(names, counts)
    found = index.candidates(name_tokens("Marcus"))
    assert len(found) == MAX_CANDIDATES and "e00007" in found
    assert index.candidates(name_tokens("Marcus"), limit=None) == set(index._records)


def test_merge_moves_postings_like_a_rebuild() -> None:
    index = _index(["Marcus Velloni", "Marco Veloni", "Delia Brisk", "Marcus Brisk"])
    index.merge("e00000", "e00001")
    index.merge("e00003", "e00002")
    rebuilt = EntityIndex.from_records(index.to_records())
    assert {k: v for k, v in index._by_key.items() if v} == {
        k: v for k, v in rebuilt._by_key.items() if v
    }
    assert index.canonical_id("e00001") == "e00000"


def test_profile_keeps_a_bounded_list_of_documents() -> None:
    profile = Profile()
    for n in range(500):
        profile.absorb(Profile(documents={f"doc-{n:04d}"}))
    assert 0 < len(profile.documents) <= 20
    assert len(profile.as_dict()["documents"]) == len(profile.documents)
