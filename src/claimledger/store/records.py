"""Records the store returns, and the key that entity names are matched by."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any, Literal, TypeVar

from anyascii import anyascii

from claimledger.types import Document

T = TypeVar("T")

AddStatus = Literal["new", "present", "new_version"]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``Store.add_document`` did: stored a new document, a new version, or nothing."""

    status: AddStatus
    document_id: str
    version: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One stored version of a document: the Document fields plus the store's identity.

    ``id`` and ``document_id`` are both the stable document id (the given id, or one derived
    from the URL or the content hash), so ``to_document()`` gives a Document later stages can
    refer to.
    """

    document_id: str
    version: int
    content_hash: str
    ingested_at: datetime
    text: str
    id: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: date | None = None
    published_at_estimated: bool = False
    language: str | None = None
    origin: str | None = None
    # Why this version gives no claims ("language de"), or None when extraction reads it.
    not_extracted: str | None = None
    # Why extracting this version raised, or None (``extract --retry-failed`` tries again).
    extraction_failed: str | None = None

    def to_document(self) -> Document:
        return Document(
            text=self.text,
            id=self.document_id,
            source=self.source,
            url=self.url,
            title=self.title,
            author=self.author,
            published_at=self.published_at,
            published_at_estimated=self.published_at_estimated,
            language=self.language,
            origin=self.origin,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in asdict(self).items()
        }


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def default_alias_key(name: str) -> str:
    """A plain matching key: transliterated to ASCII, case-folded, punctuation to single spaces.

    Entity resolution may pass a richer key function to ``Store.open``; whatever function is
    used must be the same for ``upsert_entities`` and the keys given to ``find_entities``.
    """
    ascii_name = anyascii(unicodedata.normalize("NFKC", name)).casefold()
    return _NON_ALNUM.sub(" ", ascii_name).strip()


def batches(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """Consecutive tuples of at most ``size`` items (``itertools.batched`` needs Python 3.12)."""
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk
