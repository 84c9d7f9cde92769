"""Origin groups: the fast grouping gives exactly the groups of comparing every pair of claims."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.ledger import (
    independence_key,
    is_unnamed,
    origin_groups,
    origin_words,
    trace_origin,
)
from claimledger.ledger.origins import _copies
from claimledger.types import Claim
from factories import claim

BASE = "the ministry of defence said the commander was killed in an air strike near the city"
# Equal, near-equal (a word or a letter changed, a word added) and unrelated quotes, and ones
# too short to count as copies, so that some pairs sit on either side of the 90 cut-off.
QUOTES = [
    BASE,
    BASE.upper(),
    BASE.replace("killed", "slain"),
    BASE.replace("commander", "leader"),
    BASE.replace("near the city", "near the town of the north"),
    BASE + " on tuesday",
    BASE + " on tuesday, officials added later",
    BASE[:40],
    BASE[:36],
    BASE[:30],
    "short quote",
    "the group denied that its leader had been wounded and said he was well",
    "the group denied that its leader had been wounded and said he is well",
]
CLAIMANTS = [
    None,
    "Ministry of Defence",
    "Defense Ministry",
    "the Russian Ministry of Defence",
    "the media",
    "Reuters",
    "Group",
]


def reference_groups(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Union of same origin key and ``_copies`` over every pair, groups by first claim."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    names = [trace_origin(c) for c in claims]
    keys = [independence_key(n) for n in names]
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            if (
                keys[i] == keys[j]
                or _copies(claims[i], claims[j])
                or _short_form(claims, names, i, j)
            ):
                parent[find(i)] = find(j)
    groups: dict[int, list[Claim]] = {}
    for i, c in enumerate(claims):
        groups.setdefault(find(i), []).append(c)
    return list(groups.values())


def _short_form(claims: Sequence[Claim], names: Sequence[str], i: int, j: int) -> bool:
    """Two named origins of one document where one's words end the other's."""
    if claims[i].document_id != claims[j].document_id or is_unnamed(names[i]):
        return False
    if is_unnamed(names[j]):
        return False
    a, b = origin_words(names[i]), origin_words(names[j])
    short, full = sorted((a, b), key=len)
    return bool(short) and len(short) < len(full) and full[-len(short) :] == short


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(QUOTES), st.sampled_from(CLAIMANTS), st.sampled_from(["d1", "d2", "d3"])
        ),
        max_size=30,
    )
)
def test_groups_equal_the_all_pairs_reference(rows: list[tuple[str, str | None, str]]) -> None:
    claims = [
        claim(f"c{i}", quote=quote, claimant=claimant, document_id=doc)
        for i, (quote, claimant, doc) in enumerate(rows)
    ]
    assert origin_groups(claims) == reference_groups(claims)


def test_copies_of_one_report_are_one_origin_whoever_relays_them() -> None:
    claims = [
        claim("a", quote=BASE, claimant="Reuters"),
        claim("b", quote=BASE.replace("killed", "slain"), claimant="Agence X"),
        claim("c", quote="an unrelated account of the same strike by a witness", claimant="Y"),
    ]
    groups = origin_groups(claims)
    assert [[c.id for c in g] for g in groups] == [["a", "b"], ["c"]]
