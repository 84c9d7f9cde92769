"""A small corpus of short news items written for the crash and concurrency tests.

A few people reported killed, wounded, captured or alive by several sources, under spelling
variants, so that resolution has names to merge and events have claims to group; each item has
its own id and dateline, so every one is a distinct document.
"""

from __future__ import annotations

import json
from pathlib import Path

PEOPLE = (
    ("Omar al-Qadiri", "Omar Qadiri", "Qadiri"),
    ("Lena Varga", "Lena Varga", "Varga"),
    ("Yusuf Haddad", "Yusuf al-Haddad", "Haddad"),
    ("Ivan Petrov", "Ivan Petrov", "Petrov"),
)
SOURCES = ("the ministry", "the rebels", "a police spokesman", "the army")
DATELINES = ("BEIRUT", "MOSCOW", "CAIRO", "AMMAN", "OSLO")
TEMPLATES = (
    "{dateline} (Wire report {n}) - {source} said the commander {full} was killed in an "
    "airstrike on Monday. {short} had led the group since 2015.",
    "{dateline} (Staff report {n}) - {other} was wounded in the attack, {source} said. "
    "Officials said {full} was captured near the border on Tuesday.",
    "{dateline} (News desk {n}) - {source} denied that {variant} was killed. A video released "
    "on Friday showed {short} alive, the group said.",
)


def records(count: int) -> list[dict[str, object]]:
    """``count`` JSONL records, each a distinct document."""
    out = []
    for n in range(count):
        full, variant, short = PEOPLE[n % len(PEOPLE)]
        other = PEOPLE[(n + 1) % len(PEOPLE)][0]
        text = TEMPLATES[(n // len(PEOPLE)) % len(TEMPLATES)].format(
            dateline=DATELINES[n % len(DATELINES)],
            n=n,
            source=SOURCES[n % len(SOURCES)].capitalize() if n % 2 else SOURCES[n % 4],
            full=full,
            variant=variant,
            short=short,
            other=other,
        )
        text = text[0].upper() + text[1:]
        out.append(
            {"id": f"item-{n:04d}", "published_at": f"2020-03-{1 + n % 28:02d}", "text": text}
        )
    return out


def write(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records(count)), encoding="utf-8")
    return path
