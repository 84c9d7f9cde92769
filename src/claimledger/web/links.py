"""Which URLs become links: only http(s) ones.

A document's URL comes from its input (a JSONL field, an RSS ``<link>``, a WARC header) and may
be anything, ``javascript:alert(document.cookie)`` included; autoescaping keeps it inside the
attribute but does not stop a browser from running it when clicked. Anything but an absolute
http(s) URL is shown as text.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def is_web_url(value: object) -> bool:
    """True for an absolute http(s) URL with a host (parsed as browsers do: Python's urlsplit
    drops the tabs, newlines and leading control characters they drop, "java\\tscript:")."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
