"""schema.org ClaimReview and CSV exports: field names, rating scale, fallbacks, the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger.claimreview import (
    BEST_RATING,
    CSV_FIELDS,
    RATING_VALUES,
    WORST_RATING,
    event_review,
    write_reviews,
)
from claimledger.cli import app
from claimledger.store import Store
from claimledger.types import Entity
from test_web import KILLED, build_ledger

# The schema.org properties each type may carry here (https://schema.org/ClaimReview,
# /Claim, /CreativeWork, /Rating, /Organization, /Person): an export using any other name, or
# missing a required one, fails.
ALLOWED = {
    "ClaimReview": {
        "@context",
        "@type",
        "identifier",
        "claimReviewed",
        "itemReviewed",
        "author",
        "datePublished",
        "reviewRating",
        "url",
    },
    "Claim": {"@type", "author", "appearance", "firstAppearance", "datePublished"},
    "CreativeWork": {"@type", "url", "headline", "datePublished", "publisher"},
    "Rating": {
        "@type",
        "ratingValue",
        "worstRating",
        "bestRating",
        "alternateName",
        "ratingExplanation",
    },
    "Organization": {"@type", "name", "description"},
    "Person": {"@type", "name"},
}
REQUIRED = {
    "ClaimReview": {
        "@context",
        "@type",
        "claimReviewed",
        "itemReviewed",
        "datePublished",
        "reviewRating",
    },
    "Claim": {"@type", "author", "appearance"},
    "CreativeWork": {"@type", "url"},
    "Rating": {"@type", "ratingValue", "alternateName", "ratingExplanation"},
    "Organization": {"@type", "name"},
    "Person": {"@type", "name"},
}


def validate(node: Any) -> None:
    """Every typed object uses schema.org's property names and has the required ones."""
    if isinstance(node, list):
        for item in node:
            validate(item)
        return
    if not isinstance(node, dict):
        return
    kind = node["@type"]
    assert kind in ALLOWED, kind
    assert set(node) <= ALLOWED[kind], (kind, set(node) - ALLOWED[kind])
    assert REQUIRED[kind] <= set(node), (kind, REQUIRED[kind] - set(node))
    for value in node.values():
        validate(value)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'cr.db'}") as opened:
        build_ledger(opened)
        yield opened


def test_every_review_validates_against_the_schema_org_names(store: Store) -> None:
    out = io.StringIO()
    assert write_reviews(store, out, base_url="https://ledger.example/") == 3
    reviews = json.loads(out.getvalue())
    for review in reviews:
        validate(review)
        assert review["@context"] == "https://schema.org"
        assert review["url"] == f"https://ledger.example/events/{review['identifier']}"


def test_a_review_carries_status_reason_origin_and_appearances(store: Store) -> None:
    review = event_review(store, "ev-killed")
    assert review is not None and "url" not in review  # no base URL configured
    assert review["claimReviewed"] == "Jane Roe was killed in Exampletown (2020-05-03)"
    rating = review["reviewRating"]
    assert rating["alternateName"] == "refuted"
    assert rating["ratingExplanation"] == "seen alive <after> the report"
    assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (1, 1, 4)
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "the ministry"}
    assert item["appearance"] == [
        {
            "@type": "CreativeWork",
            "url": "https://news.example/a",
            "headline": "A <script>title</script>",
            "datePublished": "2020-05-25",
            "publisher": {"@type": "Organization", "name": "Example News"},
        }
    ]
    assert review["datePublished"] == "2020-05-25"


def test_a_document_without_url_appears_as_a_urn(store: Store) -> None:
    review = event_review(store, "ev-wounded")
    assert review is not None
    urls = [a["url"] for a in review["itemReviewed"]["appearance"]]
    assert urls == ["urn:claimledger:document:other"]
    assert review["claimReviewed"] == "Jane Roe was wounded"


def test_an_origin_the_ledger_knows_as_a_person_is_a_person(store: Store) -> None:
    store.upsert_entities([Entity("p-witness", "person", "a witness")])
    review = event_review(store, "ev-alive")
    assert review is not None
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "a witness"}
    assert event_review(store, "nope") is None


def test_the_rating_scale_orders_statuses_by_support() -> None:
    order = sorted(RATING_VALUES, key=RATING_VALUES.__getitem__)
    assert order == ["refuted", "disputed", "unverified", "confirmed"]
    assert (
        min(RATING_VALUES.values()) == WORST_RATING and max(RATING_VALUES.values()) == BEST_RATING
    )


def test_cli_exports_claimreview_and_csv(store: Store, tmp_path: Path) -> None:
    db = str(store.engine.url)
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["export", "--format", "claimreview", "--db", db, "--base-url", "https://ledger.example"],
    )
    assert result.exit_code == 0, result.output
    reviews = json.loads(result.stdout)
    validate(reviews)
    assert len(reviews) == 3
    out = tmp_path / "claims.csv"
    result = runner.invoke(app, ["export", "--format", "csv", "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert tuple(rows[0]) == CSV_FIELDS
    assert {r["quote"] for r in rows} >= {KILLED}
    result = runner.invoke(app, ["export", "--format", "xml", "--db", db])
    assert result.exit_code == 2 and "claimreview" in result.output
