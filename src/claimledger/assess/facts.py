"""What the status rules look at: one event's claims sorted into support, firm and against, the
subject's other events, and the helpers the rules share."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from claimledger.ledger import (
    EventDraft,
    independence_key,
    is_hearsay,
    origin_groups,
    origin_label,
    origin_name,
    origin_words,
    trace_origin,
)
from claimledger.types import Claim, Status, TimeSpan

# The rules that decide events, statuses, status histories and the origins track records count,
# as stored with each event. Raise the number when a change means a ledger assessed before
# would answer otherwise once reassessed: `check-ledger` and `stats` then ask for a reassessment
# of the events stored under an older one. v3: origins charge an article's own claims to its
# publisher and recounted ones to unnamed earlier reports, and history steps are dated by the
# publication of the claim that decided them.
ASSESSOR = "assess.rules.v3"

SUPPORT = ("asserted", "hedged")
AGAINST = ("denied", "retracted")
# Kinds whose later firm report has the person at large (not held): they supersede a weak capture.
AT_LARGE_KINDS = frozenset({"death", "wounded", "moved", "appointed"})
# Legal steps: acts of a court on a set date, on the public record.
PUBLIC_RECORD_KINDS = frozenset({"charged", "tried", "convicted", "sentenced"})

OWN_SIDE = re.compile(
    r"\b(islamists?|jihadists?|the group|its (own )?media|own|the movement|"
    r"(his|her|the) (family|relatives|comrades|party|organi[sz]ation))\b",
    re.IGNORECASE,
)
IDENTIFIED = re.compile(
    r"\b(dna|autopsy|post-mortem|death certificate|coroner|forensic\w*|"
    r"(body|remains|corpse) (was |were |has been |have been )?identified|"
    r"identified (the|his|her) (body|remains|corpse))\b",
    re.IGNORECASE,
)
FORGED = re.compile(
    r"\b(fakes?|faked|forged|forgery|photoshop\w*|doctored|fabricat\w+|montage|hoax|staged)\b",
    re.IGNORECASE,
)
# A modal shortly before the forgery word makes it a guess ("could well have been fakes"), while
# "probably not the last fake" still calls the report a fake.
SPECULATIVE_FORGERY = re.compile(
    r"\b(could|may|might|possibly|perhaps|maybe)\b(\W+\w+){0,5}?\W+(fakes?|faked|forged|"
    r"forgery|doctored|fabricat\w+|montage|hoax|staged)\b",
    re.IGNORECASE,
)
NO_CONFIRMATION = re.compile(
    r"\b(no confirmation|not (been |yet )?confirmed|unconfirmed|(cannot|can't|could not|"
    r"unable to) confirm)\b",
    re.IGNORECASE,
)
# A public appearance or the person's own recording: evidence of life that speaks for itself.
APPEARANCE = re.compile(
    r"\b((re)?appear(s|ed|ing|ance)?|resurfac\w+|in public|seen (in|at) |his (own )?voice|"
    r"shown on (state )?(tv|television)|"
    r"(video|footage|recording|tape|picture|photo)s?\b[^.]{0,80}\bshow(s|ed|n|ing)?)\b",
    re.IGNORECASE,
)
# "its leader", "their commander": the claimant speaks of the subject as its own.
# Someone who serves the person: "a deputy to X", "X's spokesman", "an aide of X".
SUBORDINATE = re.compile(
    r"\b(deputy|aide|aides|lieutenant|spokesman|spokeswoman|spokesperson|bodyguard|"
    r"assistant|secretary|adviser|advisor|successor)\b",
    re.IGNORECASE,
)
# Words of a person's health that a serious wounding contradicts.
GOOD_HEALTH = re.compile(
    r"\b((in )?(good|fine|excellent|perfect) health|unharmed|unhurt|unscathed|unwounded|"
    r"safe and sound|not (been )?(hurt|harmed|injured|wounded))\b",
    re.IGNORECASE,
)
OWN_LEADER = re.compile(
    r"\b(its|their|our) (own |top |supreme |new )?(leader|chief|commander|emir|founder|head)\b",
    re.IGNORECASE,
)
# A government confirming, after the fact, a killing in an operation of its forces.
CONFIRMS = re.compile(r"\bconfirm(s|ed|ing|ation)?\b", re.IGNORECASE)
OPERATION = re.compile(
    r"\b(operation|raid|strike|airstrike|air strike|drone|special forces|navy seals?|"
    r"commandos?|troops)\b",
    re.IGNORECASE,
)
# An operation named by the country that ran it: "a US counter-terrorism operation", "an
# Israeli strike", "French special forces".
NAMED_OPERATION = re.compile(
    r"\b(?P<country>[A-Z][A-Za-z.]+)\s+(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:operation|raid|strike|airstrike|air strike|drone|special forces|commandos?|troops)\b"
)
# Seats of government that speak for their country ("White House officials").
GOVERNMENT_SEATS = {
    "white house": "American", "pentagon": "American", "state department": "American",
    "kremlin": "Russian", "elysee": "French", "élysée": "French", "downing street": "British",
    "whitehall": "British",
}  # fmt: skip
GOVERNMENT = re.compile(
    r"\b(ministry|minister|government|army|military|forces|president|presidency|kremlin|"
    r"embassy|department|police|command|authorities|officials?|prosecutor|cabinet|spokes\w+|"
    r"white house|pentagon|elys[ée]e|downing street)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A rule's decision: status, one-line reason, the claims that decided it, the rule."""

    status: Status
    reason: str
    evidence: tuple[str, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class Facts:
    """One event's claims, sorted into what the rules ask about."""

    draft: EventDraft
    ids: Mapping[int, str]  # id(claim) -> claim key, for evidence lists
    support: tuple[Claim, ...]
    firm: tuple[Claim, ...]
    against: tuple[Claim, ...]
    anchored: frozenset[int] = frozenset()  # id(claim) of claims that speak to the event's date

    @property
    def kind(self) -> str:
        return self.draft.kind

    @property
    def when(self) -> TimeSpan | None:
        return self.draft.when

    def keys(self, claims: Sequence[Claim]) -> tuple[str, ...]:
        return tuple(self.ids[id(c)] for c in claims)

    @property
    def anchored_firm(self) -> tuple[Claim, ...]:
        """Firm claims that speak to the event's date (see the package docstring)."""
        return tuple(c for c in self.firm if id(c) in self.anchored)

    @property
    def anchored_support(self) -> tuple[Claim, ...]:
        return tuple(c for c in self.support if id(c) in self.anchored)


@dataclass(frozen=True, slots=True)
class Context:
    """What cross-event rules may look at: every event of the subject, and the verdicts
    settled before them (see ``decide``)."""

    facts: Sequence[Facts]
    settled: Mapping[str, Verdict | None] = field(default_factory=dict)
    affiliations: frozenset[str] = frozenset()
    sources: Mapping[str, str] = field(default_factory=dict)
    # Publication day of each document, where known: later news outranks earlier news when two
    # strong accounts conflict (an acknowledged death, a later video of the man).
    published: Mapping[str, date] = field(default_factory=dict)
    # Origin names by id(claim), filled on first use: one assessment asks for them many times.
    origins: dict[int, str] = field(default_factory=dict)
    groups: dict[tuple[int, ...], list[str]] = field(default_factory=dict)
    # Events sorted by start date, by name (see ``timeline``), built once the verdicts they
    # depend on are settled, so that "the first event clearly after" is a binary search.
    timelines: Mapping[str, Timeline] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Timeline:
    """Dated events sorted by (start, id), with their start days for binary search."""

    starts: tuple[date, ...]
    facts: tuple[Facts, ...]

    @classmethod
    def of(cls, facts: Iterable[Facts]) -> Timeline:
        dated = sorted((f for f in facts if f.when is not None), key=lambda f: _order(f))
        return cls(tuple(f.when.start for f in dated), tuple(dated))  # type: ignore[union-attr]

    def first_after(self, span: TimeSpan | None) -> Facts | None:
        """The earliest event starting clearly after ``span`` ends."""
        if span is None:
            return None
        i = bisect_right(self.starts, span.end)
        return self.facts[i] if i < len(self.facts) else None


def _order(f: Facts) -> tuple[date, str]:
    return (f.when.start if f.when else date.max, f.draft.id)


def first_of(candidates: Iterable[Facts | None]) -> Facts | None:
    """The earliest of some events (by start, then id), ignoring the missing ones."""
    found = [f for f in candidates if f is not None]
    return min(found, key=_order) if found else None


Rule = Callable[[Facts, Context], Verdict | None]

# ---- helpers ---------------------------------------------------------------------------------


def latest_published(claims: Iterable[Claim], ctx: Context) -> date | None:
    """The day the latest of ``claims`` was published, if any of them has a known day."""
    days = [d for c in claims if (d := ctx.published.get(c.document_id)) is not None]
    return max(days, default=None)


def origin_of(claim: Claim, ctx: Context) -> str:
    name = ctx.origins.get(id(claim))
    if name is None:
        name = trace_origin(claim, source=ctx.sources.get(claim.document_id))
        ctx.origins[id(claim)] = name
    return name


def is_firm(claim: Claim) -> bool:
    """Asserted by somebody named (or the document itself), not hedged, not hearsay."""
    return claim.modality == "asserted" and not is_hearsay(claim.claimant)


@lru_cache(maxsize=65536)
def same_government(a: str, b: str) -> bool:
    """Two governmental bodies whose names start with the same country word (memoised: the
    against claims of an event are compared with each of its many supporters' names)."""
    wa, wb = origin_words(a), origin_words(b)
    if not wa or not wb or a.startswith("doc:") or b.startswith("doc:"):
        return False
    return wa[0] == wb[0] and bool(GOVERNMENT.search(a)) and bool(GOVERNMENT.search(b))


def origin_names(claims: Sequence[Claim], ctx: Context) -> list[str]:
    """One name per independent origin of the claims (cached per set of claims in ``ctx``)."""
    key = tuple(id(c) for c in claims)
    names = ctx.groups.get(key)
    if names is None:
        groups = origin_groups(claims, sources=ctx.sources)
        names = ctx.groups[key] = [origin_name(g, sources=ctx.sources) for g in groups]
    return names


def sides_of(claims: Sequence[Claim], ctx: Context) -> list[str]:
    """Independent origins, with bodies of one government merged into one side."""
    names = origin_names(claims, ctx)
    sides: list[str] = []
    for name in sorted(names):
        if not any(same_government(name, s) for s in sides):
            sides.append(name)
    return sides


def origins_text(claims: Sequence[Claim], ctx: Context) -> str:
    """ "2 origins (Reuters, unnamed earlier reports in d1)": as a reader says them."""
    names = sorted({origin_label(n) for n in origin_names(claims, ctx)})
    plural = "origin" if len(names) == 1 else "origins"
    return f"{len(names)} {plural} ({', '.join(names)})"


def span_text(span: TimeSpan | None) -> str:
    """A span as short as its bounds allow: 2015, 2015-02, 2015-03-18, 2004-02..2004-12."""
    if span is None:
        return "an unknown date"
    start, end = span.start, span.end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        a, b = str(start.year), str(end.year)
    elif start.day == 1 and (end + timedelta(days=1)).day == 1:
        a, b = start.strftime("%Y-%m"), end.strftime("%Y-%m")
    else:
        a, b = start.isoformat(), end.isoformat()
    return a if a == b else f"{a}..{b}"


def clearly_after(later: TimeSpan | None, earlier: TimeSpan | None) -> bool:
    return later is not None and earlier is not None and later.start > earlier.end


def others_of_kind(f: Facts, ctx: Context, kind: str) -> list[Facts]:
    return [o for o in ctx.facts if o.draft.id != f.draft.id and o.kind == kind]


def classify_against(f: Facts, ctx: Context) -> tuple[list[Claim], list[Claim], list[Claim]]:
    """Split the against claims: (withdrawals by a claimant, no-confirmation from the claimant's
    side, independent doubts)."""
    # A document's own words and the reports it recounts are one side here, as in
    # ``origin_groups``: its doubt about what it recounted is weighed as its own.
    supporters = {independence_key(origin_of(c, ctx)) for c in f.support}
    supporter_names = list(dict.fromkeys(origin_of(c, ctx) for c in f.support))
    withdrawals, no_confirmation, doubts = [], [], []
    for claim in f.against:
        name = origin_of(claim, ctx)
        own = independence_key(name) in supporters
        if own and name.startswith("doc:") and claim.modality != "retracted":
            # An article that tells a death and then weighs it ("while his death is a blow,
            # ...") has not taken it back; only a retraction by the same claimant withdraws.
            continue
        related = own or any(same_government(name, s) for s in supporter_names)
        if own and not NO_CONFIRMATION.search(claim.quote):
            withdrawals.append(claim)
        elif related:
            no_confirmation.append(claim)
        else:
            doubts.append(claim)
    return withdrawals, no_confirmation, doubts
