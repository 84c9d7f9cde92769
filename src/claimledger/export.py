"""The JSON export, ``claimledger.export.v1`` (../shared/EXPORT.md): a public contract.

Fields may be added but never renamed or removed without a new schema name. The export is
written section by section, item by item, so a large ledger streams instead of being built in
memory first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from claimledger.store import Store

SCHEMA = "claimledger.export.v1"


def document_record(doc: Any, *, with_text: bool) -> dict[str, Any]:
    record = {
        "id": doc.document_id,
        "url": doc.url,
        "title": doc.title,
        "source": doc.source,
        "language": doc.language,
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "published_at_estimated": doc.published_at_estimated,
        "version": doc.version,
        "content_hash": doc.content_hash,
    }
    if with_text:
        record["text"] = doc.text
    return record


def export_sections(store: Store, *, with_text: bool = True) -> dict[str, Iterable[dict[str, Any]]]:
    """The export's list sections as lazy iterables, in the contract's order."""
    return {
        "documents": (document_record(d, with_text=with_text) for d in store.iter_documents()),
    }


def write_json_export(store: Store, out: TextIO, *, with_text: bool = True) -> dict[str, int]:
    """Write the whole ledger as one JSON object; return how many items each section has."""
    generated = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    out.write("{\n")
    out.write(f'  "schema": {json.dumps(SCHEMA)},\n  "generated_at": {json.dumps(generated)}')
    counts: dict[str, int] = {}
    for name, items in export_sections(store, with_text=with_text).items():
        out.write(f',\n  "{name}": [')
        counts[name] = _write_items(items, out)
        out.write("\n  ]" if counts[name] else "]")
    out.write("\n}\n")
    return counts


def _write_items(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for count, item in enumerate(items, start=1):
        out.write(("\n    " if count == 1 else ",\n    ") + json.dumps(item, ensure_ascii=False))
    return count
