"""RSS and Atom feeds via feedparser: each entry is one document."""

from __future__ import annotations

import email.utils
import logging
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import feedparser

from claimledger.ingest.markup import strip_markup
from claimledger.types import Document, InputFailure

logger = logging.getLogger(__name__)


def _entry_text(entry: Any) -> str:
    """The entry's full content if it has any, else its summary, as plain text."""
    for part in entry.get("content") or ():
        value = part.get("value") or ""
        if value.strip():
            return value if part.get("type") == "text/plain" else strip_markup(value)
    summary = entry.get("summary") or ""
    return strip_markup(summary)


def _entry_date(entry: Any) -> date | None:
    """The date as the feed wrote it (the publisher's local day), else feedparser's UTC date."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _feed_language(feed: Any) -> str | None:
    """The feed's declared language as an ISO 639-1 code ("en-us" -> "en"), if it has one."""
    primary = (feed.get("language") or "").split("-")[0].strip().lower()
    return primary if len(primary) == 2 and primary.isalpha() else None


def not_a_feed_reason(parsed: Any) -> str | None:
    """Why feedparser's result is not a feed, or ``None`` if it is one."""
    if parsed.entries and parsed.get("version"):
        return None
    if parsed.get("bozo") and not parsed.entries:
        return f"not an RSS or Atom feed: {parsed.get('bozo_exception')}"
    if not parsed.get("version"):
        return "not an RSS or Atom feed: no <rss>, <feed> or RDF root element"
    return None


def read_feed(data: bytes | str, *, origin: str) -> Iterator[Document | InputFailure]:
    """Documents for the entries of an RSS or Atom feed; a non-feed is one InputFailure."""
    parsed = feedparser.parse(data)
    reason = not_a_feed_reason(parsed)
    if reason is not None:
        yield InputFailure(origin, reason)
        return
    if not parsed.entries:
        yield InputFailure(origin, f"{parsed.version} feed has no entries")
        return
    source = parsed.feed.get("title") or None
    language = _feed_language(parsed.feed)
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#entry-{number}"
        text = _entry_text(entry)
        if not text.strip():
            yield InputFailure(where, "feed entry has neither content nor summary text")
            continue
        yield Document(
            text=text,
            url=entry.get("link") or None,
            title=strip_markup(entry.get("title") or "") or None,
            author=entry.get("author") or None,
            source=source,
            published_at=_entry_date(entry),
            language=language,
            origin=where,
        )
