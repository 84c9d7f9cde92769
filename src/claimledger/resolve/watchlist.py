"""Watchlists: known entities, from YAML or CSV, to seed the resolver.

YAML: a list of mappings ``{name, aliases, type, description, wikidata}`` (or a mapping with an
``entities`` list). CSV: columns ``name, aliases, type, description, wikidata``, aliases
separated by ``|`` or ``;``. Errors name the file, the row and the field.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from claimledger.errors import InputError
from claimledger.resolve.index import entity_id
from claimledger.types import ENTITY_TYPES, Entity

logger = logging.getLogger(__name__)

FIELDS = ("name", "aliases", "type", "description", "wikidata")
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")
_ALIAS_SEPARATOR = re.compile(r"[|;]")


def load_watchlist(path: str | Path) -> list[Entity]:
    """Entities listed in a YAML (``.yaml``/``.yml``) or CSV (``.csv``) watchlist."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read watchlist: {exc}") from exc
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        rows = _yaml_rows(text, str(path))
    elif suffix == ".csv":
        rows = _csv_rows(text)
    else:
        raise InputError(str(path), f"unknown watchlist format {suffix!r}; use .yaml, .yml or .csv")
    entities = [_entity(row, str(path), number) for number, row in rows]
    logger.info("loaded %d watchlist entities from %s", len(entities), path)
    return entities


def _yaml_rows(text: str, origin: str) -> list[tuple[int, Mapping[str, Any]]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(origin, f"not valid YAML: {exc}") from exc
    if isinstance(data, Mapping):
        data = data.get("entities")
    if not isinstance(data, list):
        raise InputError(origin, "expected a list of entities (or a mapping with 'entities')")
    rows: list[tuple[int, Mapping[str, Any]]] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            raise InputError(origin, f"entry {number}: expected a mapping with a 'name'")
        rows.append((number, item))
    return rows


def _csv_rows(text: str) -> list[tuple[int, Mapping[str, Any]]]:
    reader = csv.DictReader(text.splitlines())
    # Row numbers count the header as line 1, as a spreadsheet shows them.
    return [(number, row) for number, row in enumerate(reader, start=2)]


def _aliases(value: Any, origin: str, number: int) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts: Iterable[Any] = _ALIAS_SEPARATOR.split(value)
    elif isinstance(value, list):
        parts = value
    else:
        raise InputError(origin, f"entry {number}, field 'aliases': expected a list or text")
    return tuple(str(p).strip() for p in parts if str(p).strip())


def _entity(row: Mapping[str, Any], origin: str, number: int) -> Entity:
    unknown = sorted(set(row) - set(FIELDS) - {None})
    if unknown:
        raise InputError(
            origin, f"entry {number}: unknown field {unknown[0]!r}; accepted: {', '.join(FIELDS)}"
        )
    name = str(row.get("name") or "").strip()
    if not name:
        raise InputError(origin, f"entry {number}, field 'name': missing or empty")
    kind = str(row.get("type") or "person").strip().lower()
    if kind not in ENTITY_TYPES:
        raise InputError(
            origin,
            f"entry {number}, field 'type': {kind!r} is not one of {', '.join(ENTITY_TYPES)}",
        )
    wikidata = str(row.get("wikidata") or "").strip() or None
    if wikidata is not None and not _WIKIDATA.match(wikidata):
        raise InputError(
            origin, f"entry {number}, field 'wikidata': {wikidata!r} is not an id like 'Q42'"
        )
    description = str(row.get("description") or "").strip() or None
    aliases = tuple(a for a in _aliases(row.get("aliases"), origin, number) if a != name)
    return Entity(
        id=entity_id(name, wikidata or "watchlist"),
        type=kind,  # type: ignore[arg-type]
        name=name,
        aliases=aliases,
        wikidata=wikidata,
        description=description,
    )
