"""Entities with their aliases; aliases carry a matching key so lookups use an index."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from claimledger.store.models import EntityAliasRow, EntityRow
from claimledger.store.records import batches
from claimledger.types import Entity

logger = logging.getLogger(__name__)

BATCH = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits

AliasKey = Callable[[str], str]


def upsert_entities(session: Session, entities: Sequence[Entity], key: AliasKey) -> None:
    """Insert or update entities by id, replacing their aliases, in the caller's transaction.

    When the same id appears twice, the last record wins.
    """
    by_id = {entity.id: entity for entity in entities}
    for chunk in batches(by_id, BATCH):
        existing = {
            row.id: row for row in session.scalars(select(EntityRow).where(EntityRow.id.in_(chunk)))
        }
        session.execute(delete(EntityAliasRow).where(EntityAliasRow.entity_id.in_(chunk)))
        for entity_id in chunk:
            entity = by_id[entity_id]
            row = existing.get(entity_id)
            if row is None:
                row = EntityRow(id=entity_id)
                session.add(row)
            row.type = entity.type
            row.name = entity.name
            row.wikidata = entity.wikidata
            row.description = entity.description
        session.flush()
        session.add_all(
            alias for entity_id in chunk for alias in _alias_rows(by_id[entity_id], key)
        )
        session.flush()
    logger.debug("upserted %d entities", len(by_id))


def _alias_rows(entity: Entity, key: AliasKey) -> Iterator[EntityAliasRow]:
    # The main name is indexed as well, so find_entities matches it like any alias.
    yield EntityAliasRow(
        entity_id=entity.id, alias=entity.name, key=key(entity.name), position=-1, is_name=True
    )
    for position, alias in enumerate(entity.aliases):
        yield EntityAliasRow(
            entity_id=entity.id, alias=alias, key=key(alias), position=position, is_name=False
        )


def _with_aliases(session: Session, rows: Iterable[EntityRow]) -> list[Entity]:
    rows = list(rows)
    aliases: dict[str, list[str]] = defaultdict(list)
    for chunk in batches([row.id for row in rows], BATCH):
        query = (
            select(EntityAliasRow.entity_id, EntityAliasRow.alias)
            .where(EntityAliasRow.entity_id.in_(chunk))
            .where(EntityAliasRow.is_name.is_(False))
            .order_by(EntityAliasRow.entity_id, EntityAliasRow.position)
        )
        for entity_id, alias in session.execute(query):
            aliases[entity_id].append(alias)
    return [to_entity(row, aliases[row.id]) for row in rows]


def to_entity(row: EntityRow, aliases: Sequence[str]) -> Entity:
    return Entity(
        id=row.id,
        type=cast(Any, row.type),
        name=row.name,
        aliases=tuple(aliases),
        wikidata=row.wikidata,
        description=row.description,
    )


def iter_entities(session: Session) -> Iterator[Entity]:
    """Every entity in id order, streamed in batches."""
    result = session.scalars(
        select(EntityRow).order_by(EntityRow.id).execution_options(yield_per=BATCH)
    )
    for partition in result.partitions():
        yield from _with_aliases(session, partition)


def find_entities(session: Session, alias_key: str) -> list[Entity]:
    """Entities that have a name or alias with this matching key, in id order."""
    ids = select(EntityAliasRow.entity_id).where(EntityAliasRow.key == alias_key)
    rows = session.scalars(select(EntityRow).where(EntityRow.id.in_(ids)).order_by(EntityRow.id))
    return _with_aliases(session, rows)
