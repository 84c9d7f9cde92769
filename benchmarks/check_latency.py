"""`check` latency on a synthetic ledger of a million claims, on SQLite and PostgreSQL.

The ledger comes from ``benchmarks/synthetic.py`` (generated once per size and cached: the
SQLite file under ``benchmarks/out/``, the PostgreSQL rows in a schema of their own). The
queries are report sentences naming synthetic people in one of their spellings: most restate
one of the person's events (same kind, date and place: "seen before"), the rest report a new
one. Each is timed end to end through ``claimledger.queries.check`` (the code the CLI runs,
spaCy extraction of the sentence included); the extraction alone is timed too. Headlines cut
from the same sentences, without a verb (a person and a place; a place and a date), have no
claim to extract: they time ``check``'s full-text fallback, its slowest path.

    .venv/bin/python benchmarks/check_latency.py                   # 1,000,000 claims, both DBs
    .venv/bin/python benchmarks/check_latency.py --claims 100000 --backends sqlite
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import statistics
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from synthetic import CITIES, Generated, claimants, load

from claimledger import semantic
from claimledger.extract.claims import extract_claims
from claimledger.queries import check
from claimledger.retrieve import search_claims
from claimledger.store import Store
from claimledger.store.engine import parse_url
from claimledger.types import Document

logger = logging.getLogger(__name__)

OUT = Path(__file__).resolve().parent / "out"
PG_DEFAULT = "postgresql+psycopg://claimledger:claimledger@127.0.0.1:55432/claimledger_test"
CHECK_DATE = date(2024, 7, 15)
WORDS = {
    "killed": ("was killed in an airstrike", "died in a drone strike"),
    "wounded": ("was wounded in a raid",),
    "captured": ("was captured", "was arrested", "was detained"),
    "released": ("was released from custody",),
    "charged": ("was charged with terrorism", "was sentenced to life in prison"),
    "appointed": ("was appointed commander",),
    "moved": ("fled",),
}


# ---- queries --------------------------------------------------------------------------------


def sentence(rng: random.Random, person: Generated, claimant: str) -> str:
    """A report about the person: a known event restated (70%) or a new one."""
    event = rng.choice(person.events)
    predicate = "killed" if event.predicate in ("killed", "died") else event.predicate
    if rng.random() < 0.3 or event.when is None:
        place, when = rng.choice(CITIES), date(rng.randint(1995, 2024), rng.randint(1, 12), 14)
    else:
        place, when = event.where or rng.choice(CITIES), event.when.start
    name = rng.choice(person.person.variants)
    day = f"{when:%B} {when.day}, {when.year}"
    if predicate == "alive":
        return f"{claimant} said {name} is alive and appeared in a new video near {place} on {day}."
    kind = next((k for k, _ in WORDS.items() if predicate in (k, *_aliases(k))), "killed")
    phrase = rng.choice(WORDS[kind])
    if kind == "moved":
        return f"{claimant} reported that {name} fled to {place} on {day}."
    return f"{claimant} said {name} {phrase} near {place} on {day}."


def _aliases(kind: str) -> tuple[str, ...]:
    return {
        "captured": ("arrested", "detained"),
        "charged": ("tried", "convicted", "sentenced"),
    }.get(kind, ())


def make_queries(people: Sequence[Generated], count: int, seed: int = 3) -> list[str]:
    """``count`` sentences, half about the most-claimed people, half about anyone."""
    rng = random.Random(seed)
    outlets, officials = claimants(random.Random(1))
    famous = sorted(people, key=lambda g: -len(g.claims))[: max(1, count // 4)]
    chosen = [rng.choice(famous) if i % 2 else rng.choice(people) for i in range(count)]
    return [sentence(rng, g, rng.choice([*outlets[:50], *officials])) for g in chosen]


_PARTS = re.compile(
    r"(?:said|reported that) (?P<name>.+?) (?:is|was|died|fled)\b.*?"
    r"(?:near|to) (?P<place>[^,]+?) on (?P<day>[^.]+)\.$"
)


def headlines(queries: Sequence[str]) -> list[str]:
    """Verbless headlines from the report sentences: "<person> <place>", "<place>, <date>"."""
    found = []
    for query in queries:
        if match := _PARTS.search(query):
            found.append(f"{match['name']} {match['place']}")
            found.append(f"{match['place']}, {match['day']}")
    return found


# ---- the ledgers ----------------------------------------------------------------------------


def sqlite_url(claims: int) -> str:
    return f"sqlite:///{OUT / f'synthetic-{claims}.db'}"


def postgres_url(base: str, claims: int) -> str:
    """The server's URL with a search path on a schema of this ledger's own (created here)."""
    parsed = parse_url(base)
    schema = f"synthetic_{claims}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    url = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def ensure_ledger(url: str, name: str, claims: int) -> list[str]:
    """Load the synthetic ledger unless a finished one is there; returns the queries file's
    sentences (written at the first load)."""
    done = OUT / f"synthetic-{claims}-{name}.done"
    queries = OUT / f"synthetic-{claims}-queries.json"
    if not done.exists():
        if name == "sqlite":
            for stale in OUT.glob(f"synthetic-{claims}.db*"):
                stale.unlink()
        else:
            _reset_schema(url)
        started = time.perf_counter()
        with Store.open(url) as store:
            people = load(store, claims)
            stats = store.stats()
        seconds = time.perf_counter() - started
        print(
            f"{name}: loaded {stats['claims']} claims, {stats['events']} events, "
            f"{stats['entities']} entities in {seconds:.0f} s"
        )
        if not queries.exists():
            queries.write_text(json.dumps(make_queries(people, 400), indent=0))
        done.write_text(json.dumps({**stats, "seconds": round(seconds)}))
    return list(json.loads(queries.read_text()))


def _reset_schema(url: str) -> None:
    parsed = parse_url(url)
    schema = parsed.query["options"].split("=", 1)[1]
    admin = create_engine(parsed.difference_update_query(["options"]), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()


# ---- timing ---------------------------------------------------------------------------------


def percentiles(times: Sequence[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    median = statistics.median(ms)
    return f"median {median:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms"


def time_fallback(url: str, queries: Sequence[str]) -> None:
    """``check`` on headlines with no claim: the full-text fallback, end to end (reranked by
    sentence embeddings when the semantic extra is installed), and its lexical search alone."""
    if not queries:
        return
    with Store.open(url) as store:
        times, lexical, similar = [], [], 0
        for q in queries:
            started = time.perf_counter()
            answer = check(store, q, published_at=CHECK_DATE)
            times.append(time.perf_counter() - started)
            similar += bool(answer.similar)
            started = time.perf_counter()
            search_claims(store, q, limit=10, rerank=False)
            lexical.append(time.perf_counter() - started)
    n = len(queries)
    reranked = "reranked" if semantic.available() else "lexical only"
    print(f"  check, headlines without a claim ({n}, {reranked}): {percentiles(times)}")
    print(f"  full-text search alone on them: {percentiles(lexical)}")
    print(f"  headlines with stored claims found: {similar}/{n}")


def time_checks(url: str, queries: Sequence[str]) -> None:
    with Store.open(url) as store:
        for q in queries[:5]:  # warm up: spaCy loaded, connections and caches opened
            check(store, q, published_at=CHECK_DATE)
        times, found, known, seen = [], 0, 0, 0
        for q in queries:
            started = time.perf_counter()
            answer = check(store, q, published_at=CHECK_DATE)
            times.append(time.perf_counter() - started)
            found += bool(answer.findings)
            known += any(f.entity is not None for f in answer.findings)
            seen += any(f.seen_before for f in answer.findings)
    n = len(queries)
    print(f"  check, end to end ({n} sentences): {percentiles(times)}")
    print(
        f"  sentences with a claim {found}/{n}, with a known person {known}/{n}, "
        f"seen before {seen}/{n}"
    )


def time_extraction(queries: Sequence[str]) -> None:
    times = []
    for q in queries:
        started = time.perf_counter()
        extract_claims(Document(text=q, id="check", published_at=CHECK_DATE), document_id="check")
        times.append(time.perf_counter() - started)
    print(f"  extraction alone (spaCy + rules): {percentiles(times)}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="ledger size")
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--pg-url", default=os.environ.get("CLAIMLEDGER_TEST_PG_URL", PG_DEFAULT))
    parser.add_argument("--queries", type=int, default=400, help="sentences to check")
    parser.add_argument("--headlines", type=int, default=100, help="claimless headlines to check")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    OUT.mkdir(parents=True, exist_ok=True)
    queries: list[str] = []
    for name in args.backends:
        url = (
            sqlite_url(args.claims) if name == "sqlite" else postgres_url(args.pg_url, args.claims)
        )
        queries = ensure_ledger(url, name, args.claims)[: args.queries]
        print(f"{name}, {args.claims:,} claims:")
        time_checks(url, queries)
        time_fallback(url, headlines(queries)[: args.headlines])
    if queries:
        time_extraction(queries)


if __name__ == "__main__":
    main()
