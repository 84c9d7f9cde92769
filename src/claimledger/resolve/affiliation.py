"""The groups a person belongs to, as news writes them next to the name.

"Taliban leader Mullah X", "TTP spokesman X", "X, the head of the Y Movement", "the leader of
Y (YM), X": a role word joins a person's name to an organisation's. Assessment uses these to
tell the person's own side ("the Taliban confirm his death") from everyone else. Only names the
document itself tags as organisations (or nationalities and creeds, which spaCy often gives
armed movements) count, and only with a role word between them and the person.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimledger.resolve.keys import word_set

# A person's place in a group (not a job anywhere, like "minister": ministers speak for
# governments, which assessment treats apart).
GROUP_ROLES = word_set(
    """
    leader leaders chief head commander commanders founder emir amir spokesman spokeswoman
    spokesperson deputy member members militant militants fighter fighters ideologue boss
    supremo chairman figure cofounder co-founder lieutenant
    """
)
ORG_LABELS = frozenset({"ORG", "NORP"})
# Between an organisation and the name after it: "Taliban leader ", "TTP's chief ",
# "Y (YM) leader ", "Y's top commander ".
_BEFORE = re.compile(
    r"^(?:\s*\([^()]{1,12}\))?(?:['’]s)?\s+(?:(?:top|senior|supreme|new|former|late|"
    r"reclusive|elusive|one-eyed|slain|self-styled)\s+)*(?P<role>[a-z-]+)\s+$",
    re.IGNORECASE,
)
# Between a name and the organisation after it: ", the head of the ", ", a leader of ".
_AFTER = re.compile(
    r"^\s*,\s*(?:the|a|an|its|their)?\s*(?:(?:top|senior|supreme|new|former)\s+)*"
    r"(?P<role>[a-z-]+)\s+(?:of|in|for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the leader of Y (YM), X": the organisation, then the name.
_ROLE_OF = re.compile(r"(?P<role>[a-z-]+)\s+(?:of|in)\s+(?:the\s+)?$", re.IGNORECASE)
_BETWEEN_ORG_AND_NAME = re.compile(r"^(?:\s*\([^()]{1,12}\))?\s*,\s*$")
# Hyphenated and capitalised words that continue a name: "-e-Taliban Pakistan".
_CONTINUATION = re.compile(r"(?:-[\w’']+)+(?:\s+[A-Z][\w’'-]*){0,3}")
_ACRONYM = re.compile(r"^\s*\((?P<acronym>[A-Z][A-Za-z-]{1,10})\)")
# How far apart a role phrase may hold the two names.
_GAP = 60


@dataclass(frozen=True, slots=True)
class Span:
    """A name's place in the text."""

    start: int
    end: int
    text: str


def affiliations_of(name: Span, orgs: Sequence[Span], text: str) -> set[str]:
    """The organisations a role word ties to the person named at ``name``."""
    return Organisations(orgs, text).of(name)


class Organisations:
    """A document's organisation mentions, for asking which a role word ties to a name.

    Only an organisation ending at most ``_GAP`` characters before the name, or starting at
    most that far after it, can be tied to it; finding those by position keeps a document of
    thousands of names and organisations from trying every pair.
    """

    def __init__(self, orgs: Sequence[Span], text: str) -> None:
        self._text = text
        wholes = [_whole(org, text) for org in orgs]
        self._by_end = sorted(wholes, key=lambda org: org.end)
        self._ends = [org.end for org in self._by_end]
        self._by_start = sorted(wholes, key=lambda org: org.start)
        self._starts = [org.start for org in self._by_start]

    def __len__(self) -> int:
        return len(self._starts)

    def of(self, name: Span) -> set[str]:
        """The organisations a role word ties to the person named at ``name``."""
        before = self._by_end[
            bisect_left(self._ends, name.start - _GAP) : bisect_right(self._ends, name.start)
        ]
        after = self._by_start[
            bisect_left(self._starts, name.end) : bisect_right(self._starts, name.end + _GAP)
        ]
        found: set[str] = set()
        for org in (*before, *after):
            if _tied(name, org, self._text):
                found |= _forms(org, self._text)
        return found


def _whole(org: Span, text: str) -> Span:
    """The organisation's name as written, when the tagger cut it short: "Tehrik" of
    "Tehrik-e-Taliban Pakistan (TTP)"."""
    rest = _CONTINUATION.match(text, org.end)
    if rest is None or not rest.group(0):
        return org
    end = org.end + len(rest.group(0).rstrip())
    return Span(org.start, end, text[org.start : end])


def organisations(mentions: Iterable[tuple[int, int, str, str]]) -> list[Span]:
    """The document's organisation mentions, from (start, end, text, label) tuples."""
    return [Span(s, e, t) for s, e, t, label in mentions if label in ORG_LABELS]


def _tied(name: Span, org: Span, text: str) -> bool:
    if 0 <= name.start - org.end <= _GAP:
        between = text[org.end : name.start]
        match = _BEFORE.match(between)
        if match and match["role"].lower() in GROUP_ROLES:
            return True
        if _BETWEEN_ORG_AND_NAME.match(between):
            lead = _ROLE_OF.search(text[max(0, org.start - 30) : org.start])
            return bool(lead and lead["role"].lower() in GROUP_ROLES)
    if 0 <= org.start - name.end <= _GAP:
        match = _AFTER.match(text[name.end : org.start])
        return bool(match and match["role"].lower() in GROUP_ROLES)
    return False


def _forms(org: Span, text: str) -> set[str]:
    """The organisation's name, and the acronym written after it: "Y Movement (YM)"."""
    forms = {org.text.strip()}
    acronym = _ACRONYM.match(text[org.end : org.end + 16])
    if acronym:
        forms.add(acronym["acronym"])
    return forms
