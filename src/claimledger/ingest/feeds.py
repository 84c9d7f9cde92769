"""RSS and Atom feeds via feedparser: each entry is one document."""

from __future__ import annotations

import email.utils
import io
import logging
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import feedparser

from claimledger.errors import InputError
from claimledger.ingest.charsets import feed_encoding
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
    """The date as the feed wrote it (the publisher's local day), else feedparser's UTC date.

    A date no calendar has ("0000-00-00", year -1 from feedparser) is no date: the entry is
    still read.
    """
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw or not isinstance(raw, str):
            continue
        for found in _candidate_dates(raw, entry.get(f"{key}_parsed")):
            if found is not None:
                return found
    return None


def _candidate_dates(raw: str, parsed: Any) -> Iterator[date | None]:
    """The entry's date read as RFC 822, as ISO 8601, then as feedparser parsed it."""
    for parse in (_rfc822_date, _iso_date, lambda _: _parsed_date(parsed)):
        try:
            yield parse(raw)
        except (TypeError, ValueError, IndexError, OverflowError):
            yield None


def _rfc822_date(raw: str) -> date:
    return email.utils.parsedate_to_datetime(raw).date()


def _iso_date(raw: str) -> date:
    return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date()


def _parsed_date(parsed: Any) -> date | None:
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


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
    """Documents for the entries of an RSS or Atom feed; a non-feed is one InputFailure.

    A bad entry is reported with its number and the other entries are still read.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # An undeclared feed that is not UTF-8 would be read as windows-1252 (charsets.py).
    encoding = feed_encoding(raw)
    headers = {"content-type": f"application/xml; charset={encoding}"} if encoding else None
    if encoding:
        logger.info("%s: no usable encoding declared; read as %s (detected)", origin, encoding)
    try:
        # A stream, never bytes or str: feedparser fetches a str that looks like a URL and
        # opens one that names a file (bytes too).
        parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    except (ValueError, TypeError, LookupError, RecursionError) as err:
        yield InputFailure(origin, f"not an RSS or Atom feed: {err}")
        return
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
        try:
            yield _entry_document(entry, source=source, language=language, origin=where)
        except InputError as err:
            yield InputFailure(err.origin, err.reason)


def _entry_document(
    entry: Any, *, source: str | None, language: str | None, origin: str
) -> Document:
    """One entry as a Document (raises ``InputError`` when it has no text)."""
    text = _entry_text(entry)
    if not text.strip():
        raise InputError(origin, "feed entry has neither content nor summary text")
    return Document(
        text=text,
        url=_string(entry.get("link")),
        title=strip_markup(_string(entry.get("title")) or "") or None,
        author=_string(entry.get("author")),
        source=source,
        published_at=_entry_date(entry),
        language=language,
        origin=origin,
    )


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
