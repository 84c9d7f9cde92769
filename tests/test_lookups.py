"""Indexed lookups for `check` and the origin tallies ``Store.replace_events`` keeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from claimledger.assess import track_records
from claimledger.ledger import index_claims
from claimledger.store import Store
from claimledger.types import Claim, Document, Event, StatusChange, TimeSpan

TEXT = (
    "The Defense Ministry said Ivan Petrov was killed near Raqqa on May 28, 2017. "
    "Reuters reported that Ivan Petrov was killed in an airstrike. "
    "The group denied that Ivan Petrov was killed. "
    "TASS said Omar Haddad was arrested in Mosul."
)
# Distinct wording, so no two claims count as copies of one report.
QUOTES = (
    "The Defense Ministry said he was killed",
    "Reuters reported an airstrike",
    "The group denied it",
    "Wounded in the leg, Reuters wrote",
    "TASS: arrested in Mosul",
)
MAY = TimeSpan(date(2017, 5, 28), date(2017, 5, 28), "May 28, 2017", "day")


def _claim(n: int, subject: str, predicate: str, modality: str, claimant: str | None) -> Claim:
    return Claim(
        document_id="doc1",
        subject=subject,
        predicate=predicate,  # type: ignore[arg-type]
        modality=modality,  # type: ignore[arg-type]
        quote=QUOTES[n - 1],
        start=n * 10,
        end=n * 10 + 5,
        extractor="test.v1",
        when=MAY,
        claimant=claimant,
        subject_id="petrov" if "Petrov" in subject else "haddad",
        id=f"c{n}",
    )


CLAIMS = [
    _claim(1, "Ivan Petrov", "killed", "asserted", "the Defense Ministry"),
    _claim(2, "Ivan Petrov", "killed", "hedged", "Reuters"),
    _claim(3, "Ivan Petrov", "killed", "denied", "the group"),
    _claim(4, "Ivan Petrov", "wounded", "asserted", "Reuters"),
    _claim(5, "Omar Haddad", "arrested", "asserted", "TASS"),
]


def _event(event_id: str, subject: str, claims: list[str], status: str) -> Event:
    return Event(
        id=event_id,
        subject_id=subject,
        predicate="killed",
        status=status,  # type: ignore[arg-type]
        status_reason=f"because {status}",
        assessor="test.v1",
        when=MAY,
        where="Raqqa",
        evidence=tuple(claims[:1]),
        claims=tuple(claims),
        history=(StatusChange(status=status, reason="r", claim_id=claims[0], at="2024-01-01"),),  # type: ignore[arg-type]
    )


def _ledger(store: Store) -> list[Claim]:
    store.add_document(Document(text=TEXT, id="doc1"))
    return store.replace_claims("doc1", CLAIMS)


def _expected(store: Store) -> list[tuple[str, int, int, int, int]]:
    events = list(store.iter_events())
    claims = index_claims(store.iter_claims())
    return [_row(r) for r in track_records(events, claims)]


def _row(r: object) -> tuple[str, int, int, int, int]:
    return (r.origin, r.confirmed, r.refuted, r.disputed, r.unverified)  # type: ignore[attr-defined]


def test_subject_events_equal_iter_events(store: Store) -> None:
    _ledger(store)
    events = [
        _event("e2", "petrov", ["c1", "c2", "c3"], "disputed"),
        _event("e1", "petrov", ["c4"], "unverified"),
    ]
    store.replace_events(events, subject_id="petrov")
    assert store.subject_events("petrov") == list(store.iter_events(subject_id="petrov"))
    assert [e.id for e in store.subject_events("petrov")] == ["e1", "e2"]
    assert store.subject_events("nobody") == []


def test_claims_by_ids_reads_only_the_asked_claims(store: Store) -> None:
    stored = _ledger(store)
    found = store.claims_by_ids(["c4", "c2", "missing"])
    assert [c.id for c in found] == ["c2", "c4"]
    assert found == [c for c in stored if c.id in {"c2", "c4"}]


def test_tallies_follow_replaced_events_like_track_records(store: Store) -> None:
    _ledger(store)
    store.replace_events(
        [_event("e1", "petrov", ["c1", "c2", "c3"], "disputed")], subject_id="petrov"
    )
    store.replace_events([_event("e9", "haddad", ["c5"], "confirmed")], subject_id="haddad")
    assert [_row(r) for r in store.track_records()] == _expected(store)
    assert {r.origin for r in store.track_records()} == {"Ministry of Defense", "Reuters", "TASS"}
    # A reassessment changes the status and drops a claim: the old counts are taken out.
    store.replace_events([_event("e1", "petrov", ["c1", "c3"], "refuted")], subject_id="petrov")
    assert [_row(r) for r in store.track_records()] == _expected(store)
    assert "Reuters" not in {r.origin for r in store.track_records()}
    store.replace_events([], subject_id="haddad")
    assert [_row(r) for r in store.track_records()] == _expected(store)


def test_track_records_by_origin_key_and_full_rebuild(store: Store) -> None:
    _ledger(store)
    events = [
        _event("e1", "petrov", ["c1", "c2"], "refuted"),
        _event("e2", "petrov", ["c4"], "unverified"),
        _event("e9", "haddad", ["c5"], "confirmed"),
    ]
    store.replace_events(events)
    reuters = store.track_records(["reuters"])
    assert [_row(r) for r in reuters] == [("Reuters", 0, 1, 0, 1)]
    before = [_row(r) for r in store.track_records()]
    assert before == _expected(store)
    assert store.rebuild_track_records() == 4
    assert [_row(r) for r in store.track_records()] == before


def test_check_finds_the_matching_event_by_lookups(store: Store) -> None:
    from claimledger.queries.check import _finding
    from claimledger.types import Entity

    _ledger(store)
    store.upsert_entities([Entity(id="petrov", type="person", name="Ivan Petrov")])
    store.replace_events(
        [_event("e1", "petrov", ["c1", "c2", "c3"], "disputed")], subject_id="petrov"
    )
    claim = replace(CLAIMS[0], subject_id=None, id=None, document_id="check")
    finding = _finding(store, claim, {})
    assert finding.entity is not None and finding.entity.id == "petrov"
    assert finding.seen_before and finding.matching_event is not None
    assert [c.id for c in finding.matching_event.claims] == ["c1", "c2", "c3"]
    assert finding.track_record is not None and finding.track_record.disputed == 1


# ---- an origin's page by indexed reads -------------------------------------------------------


def _scanned_origin_claims(store: Store, name: str) -> list[Claim]:
    """What the origin page listed before claims carried their origin key: every claim of the
    ledger whose traced origin has one of the origin's keys."""
    from claimledger.ledger import origin_key
    from claimledger.queries import claim_origin, origin_keys

    _, keys = origin_keys(store, name)
    return [c for c in store.iter_claims() if origin_key(claim_origin(c)) in keys]


def test_an_origin_page_reads_no_claim_or_event_it_does_not_show(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimledger.queries import origin_detail

    _ledger(store)
    store.replace_events([_event("e1", "petrov", ["c1", "c2", "c3"], "refuted")])
    expected = {name: _scanned_origin_claims(store, name) for name in ("Reuters", "the group")}
    assert [c.id for c in expected["Reuters"]] == ["c2", "c4"]

    def scan(*args: object, **kwargs: object) -> None:
        raise AssertionError("an origin page must not read the whole ledger")

    monkeypatch.setattr(Store, "iter_claims", scan)
    monkeypatch.setattr(Store, "iter_events", scan)
    reuters = origin_detail(store, "Reuters")
    assert reuters is not None and list(reuters.claims) == expected["Reuters"]
    assert [e.id for e in reuters.counted] == ["e1"] and set(reuters.events) == {"e1"}
    assert reuters.record.refuted == 1
    # An origin that only denied has claims and no record.
    group = origin_detail(store, "the group")
    assert group is not None and list(group.claims) == expected["the group"]
    assert group.record.total == 0 and group.counted == ()
    assert origin_detail(store, "Nobody Named") is None


def test_claims_carry_the_key_of_their_traced_origin(store: Store) -> None:
    from sqlalchemy import select

    from claimledger.ledger import origin_key, trace_origin
    from claimledger.store.models import CLAIMS

    stored = _ledger(store)
    with store.engine.connect() as connection:
        keys = dict(connection.execute(select(CLAIMS.c.id, CLAIMS.c.origin_key)).all())
    assert keys == {c.id: origin_key(c.origin or trace_origin(c)) for c in stored}
    assert keys["c1"] == "defense ministry"


# ---- publishers and origins traced again ----------------------------------------------------

OWN = "The ministry building stood empty. Omar Haddad was arrested in Mosul on May 28, 2017."


def _published_by(store: Store, source: str | None) -> list[Claim]:
    from claimledger.types import Entity

    store.upsert_entities([Entity(id="haddad", type="person", name="Omar Haddad")])
    store.add_document(Document(text=OWN, id="wire1", source=source))
    own = Claim(
        document_id="wire1",
        subject="Omar Haddad",
        predicate="arrested",
        modality="asserted",
        quote="Omar Haddad was arrested in Mosul on May 28, 2017.",
        start=36,
        end=86,
        extractor="test.v1",
        when=MAY,
        subject_id="haddad",
    )
    return store.replace_claims("wire1", [own])


def test_what_a_document_asserts_is_its_publishers_record(store: Store) -> None:
    from claimledger.pipeline import reassess
    from claimledger.queries import origin_detail

    _published_by(store, "Example Wire")
    reassess(store, ["haddad"], affiliations={"haddad": set()})
    records = {r.origin: r for r in store.track_records()}
    assert set(records) == {"Example Wire"}  # not "doc:wire1"
    assert records["Example Wire"].unverified == 1
    assert [f.check for f in store.check_consistency() if not f.ok] == []
    detail = origin_detail(store, "Example Wire")
    assert detail is not None and detail.record.total == 1
    assert [c.origin for c in detail.claims] == ["Example Wire"]
    assert [e.subject_id for e in detail.counted] == ["haddad"]


def test_reassessing_traces_stored_origins_again(store: Store) -> None:
    from sqlalchemy import update

    from claimledger.pipeline import reassess
    from claimledger.queries import origin_detail, timeline
    from claimledger.store.models import CLAIMS
    from claimledger.types import Entity

    _published_by(store, "Example Wire")
    # A ledger written under older origin rules charged the article itself.
    with store.engine.begin() as connection:
        connection.execute(update(CLAIMS).values(origin="doc:wire1", origin_key="doc:wire1"))
    assert origin_detail(store, "Example Wire") is None
    reassess(store, affiliations={"haddad": set()})
    assert [c.origin for c in store.iter_claims()] == ["Example Wire"]
    line = timeline(store, Entity(id="haddad", type="person", name="Omar Haddad"))
    assert [e.origins for e in line.events] == [("Example Wire",)]
    detail = origin_detail(store, "Example Wire")
    assert detail is not None and len(detail.claims) == 1 and detail.record.total == 1
