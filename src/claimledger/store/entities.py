"""Entities with their aliases; aliases carry a matching key so lookups use an index."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Connection, and_, bindparam, delete, select

from claimledger.store.bulk import insert_rows, upsert_rows
from claimledger.store.models import ALIASES, ENTITIES
from claimledger.store.records import batches
from claimledger.types import Entity

logger = logging.getLogger(__name__)

BATCH = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits

AliasKey = Callable[[str], str]

# Run for every document written: built once (building costs more than running it).
_DELETE_ALIASES = delete(ALIASES).where(ALIASES.c.entity_id.in_(bindparam("ids", expanding=True)))


def upsert_entities(connection: Connection, entities: Sequence[Entity], key: AliasKey) -> None:
    """Insert or update entities by id, replacing their aliases, in the caller's transaction.

    When the same id appears twice, the last record wins.
    """
    by_id = {entity.id: entity for entity in entities}
    for chunk in batches(by_id, BATCH):
        connection.execute(_DELETE_ALIASES, {"ids": list(chunk)})
        upsert_rows(connection, ENTITIES, [_entity_values(by_id[i]) for i in chunk])
        aliases = [alias for i in chunk for alias in _alias_values(by_id[i], key)]
        insert_rows(connection, ALIASES, aliases)
    logger.debug("upserted %d entities", len(by_id))


def _entity_values(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "type": entity.type,
        "name": entity.name,
        "wikidata": entity.wikidata,
        "description": entity.description,
    }


def _alias_values(entity: Entity, key: AliasKey) -> Iterator[dict[str, Any]]:
    # The main name is indexed as well, so find_entities matches it like any alias.
    names = [(entity.name, -1, True)]
    names += [(alias, position, False) for position, alias in enumerate(entity.aliases)]
    for name, position, is_name in names:
        yield {
            "entity_id": entity.id,
            "alias": name,
            "key": key(name),
            "position": position,
            "is_name": is_name,
        }


def _with_aliases(connection: Connection, rows: Iterable[Any]) -> list[Entity]:
    rows = list(rows)
    aliases: dict[str, list[str]] = defaultdict(list)
    for chunk in batches([row.id for row in rows], BATCH):
        query = (
            select(ALIASES.c.entity_id, ALIASES.c.alias)
            .where(ALIASES.c.entity_id.in_(chunk))
            .where(ALIASES.c.is_name.is_(False))
            .order_by(ALIASES.c.entity_id, ALIASES.c.position)
        )
        for entity_id, alias in connection.execute(query):
            aliases[entity_id].append(alias)
    return [to_entity(row, aliases[row.id]) for row in rows]


def to_entity(row: Any, aliases: Sequence[str]) -> Entity:
    return Entity(
        id=row.id,
        type=cast(Any, row.type),
        name=row.name,
        aliases=tuple(aliases),
        wikidata=row.wikidata,
        description=row.description,
    )


def iter_entities(connection: Connection) -> Iterator[Entity]:
    """Every entity in id order, streamed in batches."""
    result = connection.execute(
        select(ENTITIES).order_by(ENTITIES.c.id).execution_options(yield_per=BATCH)
    )
    for partition in result.partitions():
        yield from _with_aliases(connection, partition)


def find_entities(connection: Connection, alias_key: str) -> list[Entity]:
    """Entities that have a name or alias with this matching key, in id order."""
    ids = select(ALIASES.c.entity_id).where(ALIASES.c.key == alias_key)
    rows = connection.execute(
        select(ENTITIES).where(ENTITIES.c.id.in_(ids)).order_by(ENTITIES.c.id)
    )
    return _with_aliases(connection, rows)


def find_entities_by_keys(connection: Connection, keys: Iterable[str]) -> dict[str, list[Entity]]:
    """``find_entities`` of many keys at once: key -> its entities in id order (keys that
    match none left out)."""
    ids: dict[str, list[str]] = defaultdict(list)
    for chunk in batches(dict.fromkeys(keys), BATCH):
        query = select(ALIASES.c.key, ALIASES.c.entity_id).where(ALIASES.c.key.in_(chunk))
        for key, entity_id in connection.execute(query.distinct()):
            ids[key].append(entity_id)
    entities = {e.id: e for e in get_entities(connection, {i for v in ids.values() for i in v})}
    return {
        key: [entities[i] for i in sorted(set(found)) if i in entities]
        for key, found in ids.items()
    }


def get_entities(connection: Connection, entity_ids: Iterable[str]) -> list[Entity]:
    """The entities with these ids (those that exist), in id order."""
    rows: list[Any] = []
    for chunk in batches(dict.fromkeys(entity_ids), BATCH):
        rows.extend(connection.execute(select(ENTITIES).where(ENTITIES.c.id.in_(chunk))))
    return _with_aliases(connection, sorted(rows, key=lambda row: row.id))


def find_entities_with_words(connection: Connection, words: Sequence[str]) -> list[Entity]:
    """Entities with a name or alias whose key has every one of ``words`` among its words.

    Keys are words joined by spaces, a particle joined to its word by "+" ("abu+bkr": see
    ``resolve.keys.name_key``); each part counts as a word, so "Zebari" finds "Hoshyar Zebari"
    and "Bakr" finds "Abu Bakr". LIKE narrows the rows in SQL (bound, escaped); the parts are
    then compared exactly, because SQLite's LIKE ignores case and skeleton keys use case.
    """
    wanted = _key_parts(" ".join(words))
    if not wanted:
        return []
    key = ALIASES.c.key
    narrowed = and_(*(key.contains(part, autoescape=True) for part in wanted))
    rows = connection.execute(select(ALIASES.c.entity_id, key).where(narrowed))
    ids = {entity_id for entity_id, found in rows if wanted <= _key_parts(found)}
    return get_entities(connection, ids)


def _key_parts(key: str) -> set[str]:
    return {part for word in key.split() for part in word.split("+") if part}
