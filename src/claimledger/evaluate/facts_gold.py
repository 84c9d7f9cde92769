"""The facts-only gold format (``../shared/data/realnews-dev/gold.yaml``), read into records.

Such a gold file stores no article text, only facts about the articles:

- ``articles``: ``{id, url, published_at, language}``;
- ``events``: ``{id, subject, predicate, when, where, status, note, claims}``, each claim
  ``{article, claimant, modality}`` (``claimant: null``: the article itself or a rumour);
  ``when`` is a date, a month, a year or a ``[from, to]`` pair;
- ``aliases``: every name each person is given, per person. A name listed under two people
  ("bin Laden") is shared and may belong to either.

Dates follow the reference scorer (``../shared/tools/score.py``): a ``when`` is read from its
leading ``YYYY[-MM[-DD]]`` as an inclusive range, and a gold ``when`` that is free text rather
than a date ("unknown") accepts any date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from claimledger.errors import InputError

DateSpan = tuple[date, date]

_DATE_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_FORMAT_HINT = (
    "the facts-only gold has top-level 'articles' (id, url, published_at, language), 'events' "
    "(id, subject, predicate, when, status, note, claims: {article, claimant, modality}) and "
    "'aliases' (person: [names])"
)


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    url: str | None
    published_at: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class GoldClaim:
    article: str
    claimant: str | None
    modality: str | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    subject: str | tuple[str, ...] | None  # several subjects, or none, are not scored
    predicate: str
    when: Any  # as annotated, for messages
    span: DateSpan | None  # None: any date matches
    status: str | None
    note: str
    claims: tuple[GoldClaim, ...]


@dataclass(frozen=True, slots=True)
class FactsGold:
    articles: tuple[GoldArticle, ...]
    events: tuple[GoldEvent, ...]
    people: Mapping[str, tuple[str, ...]]  # person -> names, in the file's order

    def languages(self) -> list[str]:
        """The articles' languages, the most frequent first (ties in order of appearance)."""
        counts: dict[str, int] = {}
        for article in self.articles:
            if article.language:
                counts[article.language] = counts.get(article.language, 0) + 1
        return sorted(counts, key=lambda lang: -counts[lang])

    def restricted(self, languages: Iterable[str]) -> FactsGold:
        """Only the claims made in articles of ``languages``; events left without one dropped."""
        keep = {a.id for a in self.articles if a.language in set(languages)}
        events = []
        for event in self.events:
            claims = tuple(c for c in event.claims if c.article in keep)
            if claims:
                events.append(replace(event, claims=claims))
        return replace(self, events=tuple(events))


def is_facts_gold(data: Mapping[str, Any]) -> bool:
    return "aliases" in data and "events" in data and "entities" not in data


def read_facts_gold(data: Mapping[str, Any], origin: str) -> FactsGold:
    """The records of a facts-only gold mapping; ``origin`` names the file in errors."""
    articles = tuple(
        _article(a, f"articles[{i}]", origin) for i, a in _items(data, "articles", origin)
    )
    events = tuple(_event(e, f"events[{i}]", origin) for i, e in _items(data, "events", origin))
    known = {a.id for a in articles}
    for event in events:
        for claim in event.claims:
            if claim.article not in known:
                raise InputError(
                    origin,
                    f"event {event.id!r}: claim article {claim.article!r} is not listed "
                    "under 'articles'",
                )
    return FactsGold(articles, events, _people(data.get("aliases"), origin))


def _items(
    data: Mapping[str, Any], key: str, origin: str
) -> Iterable[tuple[int, Mapping[str, Any]]]:
    items = data.get(key)
    if not isinstance(items, list):
        raise InputError(origin, f"'{key}' must be a list; {_FORMAT_HINT}")
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InputError(origin, f"{key}[{i}] must be a mapping; {_FORMAT_HINT}")
        yield i, item


def _text(item: Mapping[str, Any], key: str, where: str, origin: str, *, required: bool) -> Any:
    value = item.get(key)
    if not required and (value is None or value == ""):
        return None
    if not isinstance(value, str) or not value:
        raise InputError(origin, f"{where}: '{key}' must be a non-empty string, not {value!r}")
    return value


def _article(item: Mapping[str, Any], where: str, origin: str) -> GoldArticle:
    published = item.get("published_at")
    return GoldArticle(
        id=_text(item, "id", where, origin, required=True),
        url=_text(item, "url", where, origin, required=False),
        published_at=str(published) if published is not None else None,
        language=_text(item, "language", where, origin, required=False),
    )


def _event(item: Mapping[str, Any], where: str, origin: str) -> GoldEvent:
    event_id = _text(item, "id", where, origin, required=True)
    where = f"event {event_id!r}"
    subject = item.get("subject")
    claims = item.get("claims") or []
    if not isinstance(claims, list) or not all(isinstance(c, Mapping) for c in claims):
        raise InputError(
            origin, f"{where}: 'claims' must be a list of {{article, claimant, modality}}"
        )
    try:
        span = gold_span(item.get("when"))
    except (ValueError, TypeError) as exc:
        raise InputError(
            origin,
            f"{where}: when {item.get('when')!r} is not a date, a month, a year or a "
            f"[from, to] pair ({exc})",
        ) from None
    return GoldEvent(
        id=event_id,
        subject=tuple(subject) if isinstance(subject, list) else subject,
        predicate=_text(item, "predicate", where, origin, required=True),
        when=item.get("when"),
        span=span,
        status=item.get("status"),
        note=str(item.get("note") or ""),
        claims=tuple(_claim(c, f"{where}, claims[{i}]", origin) for i, c in enumerate(claims)),
    )


def _claim(item: Mapping[str, Any], where: str, origin: str) -> GoldClaim:
    # "doc" is the seed format's name for the same field; the reference scorer takes either.
    key = "article" if "article" in item else "doc"
    return GoldClaim(
        article=_text(item, key, where, origin, required=True),
        claimant=_text(item, "claimant", where, origin, required=False),
        modality=_text(item, "modality", where, origin, required=False),
    )


def _people(aliases: Any, origin: str) -> dict[str, tuple[str, ...]]:
    """Person -> names; a mapping ``{person: [names]}`` or a list ``[{person, aliases}]``."""
    if isinstance(aliases, Mapping):
        entries = list(aliases.items())
    elif isinstance(aliases, list) and all(isinstance(a, Mapping) for a in aliases):
        entries = [
            (a.get("person") or a.get("name"), a.get("aliases") or a.get("names")) for a in aliases
        ]
    else:
        raise InputError(
            origin, f"'aliases' must map each person to a list of names; {_FORMAT_HINT}"
        )
    people: dict[str, tuple[str, ...]] = {}
    for person, names in entries:
        names = names or []
        if not isinstance(person, str) or not isinstance(names, list):
            raise InputError(
                origin, f"aliases of {person!r}: expected a person and a list of names"
            )
        if not all(isinstance(n, str) for n in names):
            raise InputError(origin, f"aliases of {person!r}: every name must be a string")
        # A person listed twice keeps both lists, as the reference scorer does.
        people[person] = people.get(person, ()) + tuple(names)
    return people


def gold_span(when: Any) -> DateSpan | None:
    """A gold ``when`` as a range; free text that is not a date accepts any date (None)."""
    if isinstance(when, str) and not re.match(r"^\d{4}", when):
        return None
    return parse_when(when)


def parse_when(when: Any) -> DateSpan | None:
    """A ``when`` (an export's ``{start, end}``, a ``[from, to]`` pair, a date, or text starting
    ``YYYY[-MM[-DD]]``) as an inclusive range; None when it names no date.

    Raises ValueError for an impossible date ("2015-13") or a pair that is not two items.
    """
    if when is None:
        return None
    if isinstance(when, Mapping):
        start = when.get("start")
        if not start:
            return None
        return _join(parse_when(str(start)), parse_when(str(when.get("end") or start)))
    if isinstance(when, list | tuple):
        if len(when) != 2:
            raise ValueError(f"a [from, to] pair needs two items, not {len(when)}")
        return _join(parse_when(when[0]), parse_when(when[1]))
    if isinstance(when, date):
        day = when.date() if isinstance(when, datetime) else when
        return day, day
    return _text_span(str(when))


def _join(first: DateSpan | None, last: DateSpan | None) -> DateSpan | None:
    return (first[0], last[1]) if first and last else None


def _text_span(text: str) -> DateSpan | None:
    match = _DATE_PREFIX.match(text)
    if not match:
        return None
    year = int(match[1])
    if match[3]:
        day = date(year, int(match[2]), int(match[3]))
        return day, day
    if match[2]:
        month = int(match[2])
        after = date(year + (month == 12), month % 12 + 1, 1)
        return date(year, month, 1), date.fromordinal(after.toordinal() - 1)
    return date(year, 1, 1), date(year, 12, 31)
