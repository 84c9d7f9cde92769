"""A synthetic ledger of N claims with realistic names, for timing `check` at scale.

People are generated from syllable lists in three naming styles (Arabic: kunya, given name,
nisba; Russian: given name, patronymic, surname; English: given name and surname), each with
spelling variants (transliteration: al-/el-/none, kh/h, q/k, ou/u, doubled letters, -ov/-off,
-sky/-skiy, Cyrillic script) that appear as the claims' subjects and as the entity's aliases.
Claims per person are heavy-tailed (a few people have hundreds of claims, most a handful), as
in the news. Each person has events (death, wounding, custody, legal steps, appointment,
moves, signs of life) at dates from 1995 to 2024, each event has claims by a few hundred outlets
and officials, with relays, modalities and statuses.

The ledger is bulk-loaded through the real tables (SQLAlchemy Core executemany, one
transaction per batch), with entity aliases keyed by the store's ``name_key`` and origin track
records filled by ``claimledger.store.lookups``, so `check` runs its real lookups on it.
Document texts are the claims' quotes joined (offsets are right); mentions and the resolver's
entity index are not generated (``check`` reads neither).
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table

from claimledger.ledger import origin_key, trace_origin
from claimledger.resolve.keys import name_key
from claimledger.store import Store
from claimledger.store.lookups import add_origins, stored_event_origins
from claimledger.store.models import (
    ALIASES,
    CLAIMS,
    DOCUMENTS,
    ENTITIES,
    EVENT_CLAIMS,
    EVENTS,
    SOURCES,
    STATUS_CHANGES,
    VERSIONS,
)
from claimledger.types import Claim, Event, TimeSpan

logger = logging.getLogger(__name__)

EXTRACTOR = "synthetic.v1"
BATCH_CLAIMS = 20_000
CLAIMS_PER_DOCUMENT = 8


def _words(text: str) -> list[str]:
    return text.split()


# ---- names --------------------------------------------------------------------------------

AR_START = _words("Ab Ah Ba Da Fa Ha Ja Ka Kha Ma Mu Na Qa Ra Sa Sha Ta Wa Ya Za Hu Su Ya Ghu")
AR_END = _words("bir dil far hid kim lid mad mil nan rif sin tham wan zid rak bar ram sur fiq sim")
AR_PLACE = _words("Bagh Mo Ra Da Ha Ta Kir An Fal Ja Sha Tik Dei Zar Qa Ba Ma Ra Sa")
AR_PLACE_END = _words("dad sul qqa mas ma kuk bar lu ri zur sim rit wah jan dun")
RU_GIVEN = _words(
    "Ivan Sergei Alexei Dmitri Nikolai Mikhail Andrei Vladimir Yuri Oleg Pavel Igor Ruslan "
    "Akhmed Shamil Magomed Aslan Doku Zelimkhan Arbi Movladi Khamzat Timur Artur Viktor Boris"
)
RU_START = _words("Pet Iv Sid Kuz Sm Volk Mor Bas Dud Um Kad Mas Gel Bar Zak Khat Tsa Ras Bel Gor")
RU_MID = _words("r an ol ay ush ar en ir ov ad")
RU_END = _words("ov ev in sky enko yan shvili aev")
EN_GIVEN = _words(
    "John James Robert Michael David William Richard Thomas Charles Daniel Mark Paul Steven "
    "Andrew Kevin Brian George Edward Peter Simon"
)
EN_START = _words("Ash Brad Crom Dal Ell Fair Hal Kent Lang Mor Nor Pem Rad Stan Tal Wes Whit")
EN_END = _words("son ton ley ford man er ham wood field worth")

# fmt: off
CYRILLIC = {
    "shch": "щ", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш", "yu": "ю", "ya": "я", "a": "а",
    "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "y": "й", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у",
    "f": "ф",
}
# fmt: on


def _to_cyrillic(name: str) -> str:
    out, i, low = [], 0, name.lower()
    while i < len(low):
        for size in (4, 2, 1):
            piece = low[i : i + size]
            if piece in CYRILLIC:
                letter = CYRILLIC[piece]
                out.append(letter.upper() if name[i].isupper() else letter)
                i += size
                break
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    variants: tuple[str, ...]  # spellings used in claims (name first)
    aliases: tuple[str, ...]  # the entity's aliases


def _arabic(rng: random.Random) -> tuple[str, list[str], list[str]]:
    given = rng.choice(AR_START) + rng.choice(AR_END)
    father = rng.choice(AR_START) + rng.choice(AR_END)
    nisba = rng.choice(AR_PLACE) + rng.choice(AR_PLACE_END) + "i"
    name = f"Abu {given} al-{nisba}"
    spellings = [
        name,
        f"Abu {given} {nisba}",
        f"Abu {given} el-{nisba}",
        f"Abou {given.replace('kh', 'h').replace('q', 'k')} al-{nisba.replace('q', 'k')}",
        f"Abu {given} al-{nisba.replace('dd', 'd').replace('ss', 's')}",
    ]
    aliases = [*spellings[1:], f"al-{nisba}", f"{given} ibn {father} al-{nisba}"]
    return name, spellings, aliases


def _russian(rng: random.Random) -> tuple[str, list[str], list[str]]:
    given = rng.choice(RU_GIVEN)
    surname = rng.choice(RU_START) + rng.choice(RU_MID) + rng.choice(RU_END)
    patronymic = rng.choice(RU_GIVEN).rstrip("iy") + "ovich"
    variant = surname.replace("sky", "skiy").replace("ov", "off").replace("ev", "eff")
    name = f"{given} {surname}"
    spellings = [name, f"{given.replace('ei', 'ey')} {variant}", f"{given} {patronymic} {surname}"]
    aliases = [*spellings[1:], _to_cyrillic(name)]
    return name, spellings, aliases


def _english(rng: random.Random) -> tuple[str, list[str], list[str]]:
    given = rng.choice(EN_GIVEN)
    surname = rng.choice(EN_START) + rng.choice(EN_END)
    initial = rng.choice("ABCDEFGHJKLMNPRSTW")
    name = f"{given} {surname}"
    spellings = [name, f"{given} {initial}. {surname}"]
    return name, spellings, spellings[1:]


def make_person(rng: random.Random, number: int) -> Person:
    style = rng.random()
    maker = _arabic if style < 0.5 else _russian if style < 0.8 else _english
    name, spellings, aliases = maker(rng)
    return Person(f"p{number:07d}", name, tuple(dict.fromkeys(spellings)), tuple(aliases))


# ---- claimants and places ---------------------------------------------------------------------

CITIES = _words(
    "Raqqa Mosul Aleppo Idlib Deir ez-Zor Tikrit Fallujah Ramadi Kirkuk Baghdad Damascus Homs "
    "Hama Palmyra Sirte Benghazi Derna Grozny Nalchik Makhachkala Khasavyurt Kabul Kandahar "
    "Herat Kunduz Mogadishu Kismayo Sanaa Aden Marib Gao Timbuktu Kidal Maiduguri Diffa Sinai"
)
OUTLET_WORDS = _words("Herald Times Post Tribune Observer Monitor Gazette Courier Chronicle Star")
BODIES = (
    "Ministry of Defense",
    "Interior Ministry",
    "Foreign Ministry",
    "Security Service",
    "General Staff",
    "Prosecutor's Office",
    "military spokesman",
    "Investigative Committee",
    "intelligence service",
    "Joint Operations Command",
)
COUNTRIES = _words("Russian Iraqi Syrian American Turkish Iranian Afghan Libyan Nigerian French")
AGENCIES = ("Reuters", "AFP", "AP", "TASS", "RIA Novosti", "Interfax", "Al Jazeera", "BBC")


def claimants(rng: random.Random) -> tuple[list[str], list[str]]:
    """(outlets, officials): a few hundred each, generated from word lists."""
    outlets = list(AGENCIES) + [f"{c} {w}" for c in CITIES for w in OUTLET_WORDS]
    rng.shuffle(outlets)
    officials = [f"{c} {b}" for c in COUNTRIES for b in BODIES]
    officials += [f"the {c} governor's office" for c in CITIES]
    return outlets[:300], officials


# ---- events and claims --------------------------------------------------------------------

KINDS = (  # (weight, predicates, words)
    (35, ("killed", "died"), "killed"),
    (12, ("wounded",), "wounded"),
    (18, ("captured", "arrested", "detained"), "captured"),
    (4, ("released",), "released"),
    (8, ("charged", "tried", "convicted", "sentenced"), "charged"),
    (8, ("appointed",), "appointed"),
    (5, ("moved",), "seen in"),
    (10, ("alive",), "alive"),
)
MODALITIES = (("asserted", 60), ("hedged", 25), ("denied", 10), ("retracted", 5))
STATUS_BY_KIND = {
    "killed": (("refuted", 35), ("disputed", 20), ("unverified", 30), ("confirmed", 15)),
}
DEFAULT_STATUS = (("unverified", 45), ("confirmed", 30), ("disputed", 15), ("refuted", 10))
HEDGES = ("may have been", "was reportedly", "was allegedly", "was presumably")
PRECISIONS = (("day", 60), ("month", 30), ("year", 10))
FIRST_DAY = date(1995, 1, 1)
DAYS = (date(2024, 6, 30) - FIRST_DAY).days


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _span(day: date, precision: str) -> TimeSpan:
    if precision == "day":
        return TimeSpan(day, day, day.strftime("%B %-d, %Y"), "day")
    if precision == "month":
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return TimeSpan(start, end, day.strftime("in %B %Y"), "month")
    return TimeSpan(date(day.year, 1, 1), date(day.year, 12, 31), f"in {day.year}", "year")


def quote_of(
    subject: str, word: str, modality: str, place: str, when: TimeSpan, rng: random.Random
) -> str:
    verb = "was" if modality in ("asserted", "denied") else rng.choice(HEDGES)
    if word == "alive":
        return f"{subject} {verb} alive and appeared in a video recorded near {place} {when.text}."
    core = f"{subject} {verb} {word} near {place} {when.text}"
    if modality == "denied":
        return f"Officials denied reports that {core[0].lower()}{core[1:]}."
    if modality == "retracted":
        return f"The earlier statement that {core} has been withdrawn."
    return core + "."


@dataclass(slots=True)
class Generated:
    """What one person contributes: events, claims, and (for the query set) facts."""

    person: Person
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def _heavy(rng: random.Random, alpha: float, cap: int) -> int:
    return min(cap, int(rng.paretovariate(alpha)))


def generate_person(
    rng: random.Random, number: int, outlets: Sequence[str], officials: Sequence[str]
) -> Generated:
    person = make_person(rng, number)
    out = Generated(person)
    for e in range(_heavy(rng, 1.3, 80)):
        weight_pairs = [(str(i), k[0]) for i, k in enumerate(KINDS)]
        _, predicates, word = KINDS[int(_weighted(rng, weight_pairs))]
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        span = _span(day, _weighted(rng, PRECISIONS))
        place = rng.choice(CITIES)
        event_id = f"e{person.id[1:]}-{e:03d}"
        ids = []
        for c in range(_heavy(rng, 1.6, 300) + rng.randint(0, 3)):
            modality = _weighted(rng, MODALITIES)
            claimant = rng.choice(officials if rng.random() < 0.4 else outlets)
            via = tuple(rng.sample(outlets, rng.choice((0, 0, 1, 2))))
            subject = rng.choice(person.variants)
            claim_id = f"c{person.id[1:]}-{e:03d}-{c:03d}"
            quote = quote_of(subject, word, modality, place, span, rng)
            claim = Claim(
                document_id="",
                subject=subject,
                predicate=rng.choice(predicates),  # type: ignore[arg-type]
                modality=modality,  # type: ignore[arg-type]
                quote=quote,
                start=0,
                end=len(quote),
                extractor=EXTRACTOR,
                when=span,
                where=place,
                claimant=claimant,
                via=via,
                origin=claimant,
                subject_id=person.id,
                id=claim_id,
                event_id=event_id,
            )
            out.claims.append(claim)
            ids.append(claim_id)
        status = _weighted(rng, STATUS_BY_KIND.get(word, DEFAULT_STATUS))
        out.events.append(
            Event(
                id=event_id,
                subject_id=person.id,
                predicate=predicates[0],  # type: ignore[arg-type]
                status=status,  # type: ignore[arg-type]
                status_reason=f"synthetic: {status}",
                assessor="synthetic.v1",
                when=span,
                where=place,
                evidence=tuple(ids[:2]),
                claims=tuple(ids),
            )
        )
    return out


def generate(claims: int, *, seed: int = 1) -> Iterator[Generated]:
    """People with their events and claims until ``claims`` claims exist (the last person's
    claims are cut to the exact number)."""
    rng = random.Random(seed)
    outlets, officials = claimants(rng)
    made, number = 0, 0
    while made < claims:
        number += 1
        person = generate_person(rng, number, outlets, officials)
        if not person.claims:
            continue
        person.claims = person.claims[: claims - made]
        kept = {c.id for c in person.claims}
        trimmed = [
            replace(e, claims=tuple(c for c in e.claims if c in kept)) for e in person.events
        ]
        person.events = [
            replace(e, evidence=tuple(c for c in e.evidence if c in kept))
            for e in trimmed
            if e.claims
        ]
        made += len(person.claims)
        yield person


# ---- bulk load ----------------------------------------------------------------------------


def _documents(
    claims: list[Claim], first: int, outlets: int, rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Claim]]:
    """Group claims into documents whose text is their quotes; returns document rows,
    version rows and the claims with document ids and offsets."""
    now = datetime.now(UTC)
    docs, versions, placed = [], [], []
    for n, start in enumerate(range(0, len(claims), CLAIMS_PER_DOCUMENT)):
        number = first + n
        doc_id = f"d{number:08d}"
        chunk, parts, offset = claims[start : start + CLAIMS_PER_DOCUMENT], [], 0
        for claim in chunk:
            placed.append(
                replace(claim, document_id=doc_id, start=offset, end=offset + len(claim.quote))
            )
            parts.append(claim.quote)
            offset += len(claim.quote) + 1
        text = " ".join(parts)
        latest = max(c.when.end for c in chunk if c.when)
        docs.append(
            {
                "id": doc_id,
                "url": None,
                "source_id": rng.randint(1, outlets),
                "latest_version": 1,
                "created_at": now,
            }
        )
        versions.append(
            {
                "id": number,
                "document_id": doc_id,
                "version": 1,
                "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                "text": text,
                "title": None,
                "author": None,
                "published_at": latest + timedelta(days=rng.randint(0, 9)),
                "published_at_estimated": False,
                "language": "en",
                "origin": None,
                "ingested_at": now,
            }
        )
    return docs, versions, placed


def _claim_rows(
    claims: Sequence[Claim], version_of: dict[str, int], now: datetime
) -> list[dict[str, Any]]:
    rows = []
    for c in claims:
        when = c.when
        rows.append(
            {
                "id": c.id,
                "document_version_id": version_of[c.document_id],
                "subject": c.subject,
                "subject_id": c.subject_id,
                "predicate": c.predicate,
                "modality": c.modality,
                "when_start": when.start if when else None,
                "when_end": when.end if when else None,
                "when_text": when.text if when else None,
                "when_precision": when.precision if when else None,
                "when_estimated": False,
                "place": c.where,
                "agent": c.agent,
                "claimant": c.claimant,
                "via": list(c.via),
                "origin": c.origin,
                "origin_key": origin_key(c.origin or trace_origin(c)),
                "quote": c.quote,
                "start_offset": c.start,
                "end_offset": c.end,
                "extractor": c.extractor,
                "event_id": c.event_id,
                "created_at": now,
            }
        )
    return rows


def _entity_rows(people: Sequence[Person]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    entities, aliases = [], []
    for p in people:
        entities.append(
            {"id": p.id, "type": "person", "name": p.name, "wikidata": None, "description": None}
        )
        names = [(p.name, -1, True), *((a, i, False) for i, a in enumerate(p.aliases))]
        for alias, position, is_name in names:
            aliases.append(
                {
                    "entity_id": p.id,
                    "alias": alias,
                    "key": name_key(alias),
                    "position": position,
                    "is_name": is_name,
                }
            )
    return entities, aliases


def _event_rows(events: Sequence[Event]) -> tuple[list[dict[str, Any]], ...]:
    rows, links, changes = [], [], []
    for e in events:
        when = e.when
        rows.append(
            {
                "id": e.id,
                "subject_id": e.subject_id,
                "predicate": e.predicate,
                "when_start": when.start if when else None,
                "when_end": when.end if when else None,
                "when_text": when.text if when else None,
                "when_precision": when.precision if when else None,
                "when_estimated": False,
                "place": e.where,
                "status": e.status,
                "status_reason": e.status_reason,
                "assessor": e.assessor,
            }
        )
        for role, ids in (("claim", e.claims), ("evidence", e.evidence)):
            links += [
                {"event_id": e.id, "claim_id": c, "role": role, "position": i}
                for i, c in enumerate(ids)
            ]
        changes.append(
            {
                "event_id": e.id,
                "position": 0,
                "status": e.status,
                "reason": e.status_reason,
                "claim_id": e.evidence[0] if e.evidence else None,
                "at": "2024-07-01T00:00:00Z",
            }
        )
    return rows, links, changes


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        connection.execute(table.insert(), rows[start : start + 5000])


def write_batch(
    store: Store, people: list[Generated], first_doc: int, outlets: int, rng: random.Random
) -> int:
    """Write one batch of people in one transaction; returns the number of documents."""
    claims = [c for g in people for c in g.claims]
    rng.shuffle(claims)  # documents mix people, as news does
    docs, versions, placed = _documents(claims, first_doc, outlets, rng)
    version_of = {d["document_id"]: d["id"] for d in versions}
    events = [e for g in people for e in g.events]
    entities, aliases = _entity_rows([g.person for g in people])
    event_rows, links, changes = _event_rows(events)
    now = datetime.now(UTC)
    with store.engine.begin() as connection:
        _insert(connection, DOCUMENTS, docs)
        _insert(connection, VERSIONS, versions)
        _insert(connection, ENTITIES, entities)
        _insert(connection, ALIASES, aliases)
        _insert(connection, EVENTS, event_rows)
        _insert(connection, CLAIMS, _claim_rows(placed, version_of, now))
        _insert(connection, EVENT_CLAIMS, links)
        _insert(connection, STATUS_CHANGES, changes)
        known = {c.id or "": c for c in placed}
        add_origins(connection, stored_event_origins(connection, events, known))
    return len(docs)


def load(store: Store, claims: int, *, seed: int = 1, keep_every: int = 40) -> list[Generated]:
    """Generate and bulk-load ``claims`` claims; returns a sample of the people (every
    ``keep_every``-th, and everyone with 100 claims or more) to write check queries about."""
    rng = random.Random(seed + 1)
    outlets, _ = claimants(random.Random(seed))
    with store.engine.begin() as connection:
        _insert(
            connection,
            SOURCES,
            [{"id": i + 1, "name": n, "kind": "outlet"} for i, n in enumerate(outlets)],
        )
    kept: list[Generated] = []
    batch: list[Generated] = []
    size, docs, total = 0, 1, 0
    for n, person in enumerate(generate(claims, seed=seed)):
        batch.append(person)
        size += len(person.claims)
        if n % keep_every == 0 or len(person.claims) >= 100:
            kept.append(person)
        if size >= BATCH_CLAIMS:
            docs += write_batch(store, batch, docs, len(outlets), rng)
            total += size
            logger.info("loaded %d claims", total)
            batch, size = [], 0
    if batch:
        docs += write_batch(store, batch, docs, len(outlets), rng)
    _advance_sequences(store)
    return kept


def _advance_sequences(store: Store) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the loaded rows."""
    if store.engine.dialect.name != "postgresql":
        return
    from sqlalchemy import text

    with store.engine.begin() as connection:
        for table in ("sources", "document_versions"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            )
