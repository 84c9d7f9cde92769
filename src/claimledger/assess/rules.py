"""The status rules, each a function of one event's facts and the subject's context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from claimledger.assess.facts import (
    APPEARANCE,
    AT_LARGE_KINDS,
    CONFIRMS,
    FORGED,
    GOOD_HEALTH,
    GOVERNMENT,
    GOVERNMENT_SEATS,
    IDENTIFIED,
    NAMED_OPERATION,
    OPERATION,
    OWN_LEADER,
    OWN_SIDE,
    PUBLIC_RECORD_KINDS,
    SPECULATIVE_FORGERY,
    SUBORDINATE,
    Context,
    Facts,
    Rule,
    Timeline,
    Verdict,
    classify_against,
    clearly_after,
    first_of,
    latest_published,
    origin_of,
    origins_text,
    sides_of,
    span_text,
)
from claimledger.ledger import LIFE_KINDS, independence_key, origin_key
from claimledger.types import Claim, TimeSpan

# ---- rules -----------------------------------------------------------------------------------


def rule_withdrawn_by_claimant(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when every origin that claimed the event withdrew or denied it itself."""
    withdrawals, _, _ = classify_against(f, ctx)
    if not f.support or not withdrawals:
        return None
    withdrawn = {independence_key(origin_of(c, ctx)) for c in withdrawals}
    if not all(independence_key(origin_of(c, ctx)) in withdrawn for c in f.support):
        return None
    reason = f"refuted: withdrawn by its claimant ({origins_text(withdrawals, ctx)})"
    return Verdict("refuted", reason, f.keys(withdrawals), "withdrawn_by_claimant")


def rule_forged_source(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when a denial shows the source was faked (a forged photo, fake audio); a denial
    that only guesses at forgery ("could have been fakes") is left to the doubt rules."""
    forged = [
        c for c in f.against if FORGED.search(c.quote) and not SPECULATIVE_FORGERY.search(c.quote)
    ]
    if not f.support or not forged:
        return None
    reason = f"refuted: source shown to be forged, according to {origins_text(forged, ctx)}"
    return Verdict("refuted", reason, f.keys(forged), "forged_source")


# Words by which a source stands against the side it comes from: "a North Korean defector" is
# not North Korea speaking.
ADVERSARY_WORDS = frozenset(
    {"defector", "defectors", "dissident", "dissidents", "opposition", "exile", "exiles",
     "exiled", "rival", "rivals", "former", "ex", "breakaway", "splinter", "critic", "critics"}
)  # fmt: skip


# Unnamed voices from a side ("Taliban sources") are leaks, not the side's word.
UNNAMED_WORDS = frozenset({"source", "sources", "insider", "insiders"})
NOT_THE_SIDE = ADVERSARY_WORDS | UNNAMED_WORDS


def _is_own_side(claim: Claim, ctx: Context) -> bool:
    names = [n for n in (claim.claimant, *claim.via) if n]
    if any(w in NOT_THE_SIDE for n in names for w in n.casefold().split()):
        return False
    if claim.claimant and OWN_LEADER.search(claim.quote):
        return True  # "the group said its leader was in good health"
    if any(OWN_SIDE.search(n) for n in names):
        return True
    if any(SUBORDINATE.search(n) and _serves_the_subject(n, claim) for n in names):
        return True  # "a deputy to X" speaks for X's side
    keys = {origin_key(n) for n in names}
    return any(set(origin_key(a).split()) <= set(k.split()) for a in ctx.affiliations for k in keys)


def _principal(name: str) -> str | None:
    """Whom a subordinate serves: "deputy to X" -> X, "X's spokesman" -> X."""
    found = re.search(r"\b(?:to|of)\s+(.+)$", name) or re.search(r"^(.+?)['’]s\b", name)
    return found.group(1) if found else None


def _serves_the_subject(name: str, claim: Claim) -> bool:
    principal = _principal(name)
    return principal is not None and _is_the_subject(principal, claim)


def rule_own_side(f: Facts, ctx: Context) -> Verdict | None:
    """Confirmed when the subject's own side announces it firmly (see the module's limits)."""
    own = [c for c in f.firm if _is_own_side(c, ctx)]
    if not own:
        return None
    names = ", ".join(sorted({c.claimant or origin_of(c, ctx) for c in own}))
    reason = f"confirmed: announced by the subject's own side ({names})"
    return Verdict("confirmed", reason, f.keys(own), "own_side")


def _is_the_subject(name: str | None, claim: Claim, *, whole: bool = False) -> bool:
    """Whether a claimant is the claim's subject himself ("Mr Nasser" of "Karim Nasser"; with
    ``whole``, only a name holding all of the subject's: a shared family name is not enough)."""
    if not name or _principal(name) is not None:
        return False  # "a deputy to X", "X's son": someone of X's, not X
    mine, subject = set(origin_key(name).split()), set(origin_key(claim.subject).split())
    if not mine or not subject:
        return False
    return subject <= mine or (not whole and mine <= subject)


def rule_own_voice(f: Facts, ctx: Context) -> Verdict | None:
    """Confirmed when the person is shown alive by his own statement, recording or a public
    appearance, firmly reported: the evidence speaks for itself."""
    if f.kind != "alive":
        return None
    own = [c for c in f.firm if _is_the_subject(c.claimant, c) or APPEARANCE.search(c.quote)]
    if not own:
        return None
    reason = f"confirmed: the person's own statement or appearance ({origins_text(own, ctx)})"
    return Verdict("confirmed", reason, f.keys(own), "own_voice")


def rule_denied_by_the_subject(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when the person himself denies his death: he was alive to do so."""
    if f.kind != "death":
        return None
    himself = [
        c
        for c in f.against
        if c.modality == "denied" and _is_the_subject(c.claimant, c, whole=True)
    ]
    if not f.support or not himself:
        return None
    reason = f"refuted: denied by the person himself ({origins_text(himself, ctx)})"
    return Verdict("refuted", reason, f.keys(himself), "denied_by_the_subject")


def _sources(claim: Claim) -> str:
    """The claimant and the relays of a claim, as one text."""
    return " ".join(n for n in (claim.claimant, *claim.via) if n)


def rule_own_operation(f: Facts, ctx: Context) -> Verdict | None:
    """Confirmed when a government confirms a killing in an operation ("the White House
    confirmed he was killed in a counter-terrorism operation"), or when it announces a killing
    in an operation its own country ran and its country confirms the death ("killed in a US
    operation, White House officials said" ... "how the US confirmed his death"). A government
    that only claims its own kill ("the army said it had killed him") has not confirmed it."""
    if f.kind != "death":
        return None
    confirmed = [
        c
        for c in f.firm
        if GOVERNMENT.search(_sources(c)) and CONFIRMS.search(c.quote) and OPERATION.search(c.quote)
    ]
    for announced in (c for c in f.firm if GOVERNMENT.search(_sources(c))):
        country = _own_operation_country(announced)
        confirming = [
            c for c in f.firm if CONFIRMS.search(c.quote) and country and country <= _country(c)
        ]
        if confirming:
            confirmed += [announced, *confirming]
    if not confirmed:
        return None
    reason = (
        f"confirmed: the government whose operation it was confirmed it "
        f"({origins_text(confirmed, ctx)})"
    )
    return Verdict("confirmed", reason, f.keys(list(dict.fromkeys(confirmed))), "own_operation")


def _country(claim: Claim) -> set[str]:
    """The words of the claimant's (and relays') names, a seat of government read as its
    country ("White House" -> American)."""
    sources = _sources(claim)
    words = set(origin_key(sources).split())
    folded = sources.casefold()
    for seat, country in GOVERNMENT_SEATS.items():
        if seat in folded:
            words |= set(origin_key(country).split())
    return words


def _own_operation_country(claim: Claim) -> set[str]:
    """The country the quote says ran the operation, when it is the claimant's own ("killed in
    a US operation, White House officials said"), else the empty set."""
    mine = _country(claim)
    for found in NAMED_OPERATION.finditer(claim.quote):
        ran = set(origin_key(found.group("country")).split())
        if ran and ran <= mine:
            return ran
    return set()


def rule_official_identification(f: Facts, ctx: Context) -> Verdict | None:
    """Confirmed when a firm death claim cites identified remains, DNA or an autopsy."""
    if f.kind != "death":
        return None
    identified = [c for c in f.firm if IDENTIFIED.search(c.quote)]
    if not identified:
        return None
    cue = IDENTIFIED.search(identified[0].quote)
    reason = f"confirmed: official identification ({cue.group(0) if cue else 'identified'})"
    return Verdict("confirmed", reason, f.keys(identified), "official_identification")


def rule_public_record(f: Facts, ctx: Context) -> Verdict | None:
    """Confirmed when a legal step (charged, tried, convicted, sentenced) is firmly reported by a
    named origin and nothing is against: court acts happen in public on a set date."""
    if f.kind not in PUBLIC_RECORD_KINDS or f.against:
        return None
    named = [c for c in f.firm if not origin_of(c, ctx).startswith("doc:")]
    if not named:
        return None
    reason = (
        f"confirmed: a court act on the public record ({f.draft.predicate}), reported by "
        f"{origins_text(named, ctx)}, nothing against"
    )
    return Verdict("confirmed", reason, f.keys(named), "public_record")


def _life_evidence(o: Facts, ctx: Context) -> list[Claim]:
    verdict = ctx.settled.get(o.draft.id)
    if verdict is not None and verdict.status == "refuted":
        return []
    return list(o.anchored_support if o.kind == "alive" else o.anchored_firm)


def life_evidence(o: Facts, ctx: Context) -> list[Claim]:
    """The claims of an event that show the person alive at its date (none if it is refuted)."""
    verdict = ctx.settled.get(o.draft.id)
    if o.kind not in LIFE_KINDS or (verdict is not None and verdict.status == "refuted"):
        return []
    return list(o.anchored_support if o.kind == "alive" else o.anchored_firm)


def timelines(facts: Sequence[Facts], ctx: Context) -> dict[str, Timeline]:
    """The sorted event lists the cross-event rules search (``Context.timelines``)."""
    found = {
        "life": Timeline.of(f for f in facts if life_evidence(f, ctx)),
        # A death dated only by its report ("his group said on Tuesday he had died") may tell
        # an earlier death late: it is no later death.
        "deaths": Timeline.of(
            f for f in facts if f.kind == "death" and f.support and not _report_dated(f)
        ),
        "confirmed_deaths": Timeline.of(
            f
            for f in facts
            if f.kind == "death" and (v := ctx.settled.get(f.draft.id)) and v.status == "confirmed"
        ),
    }
    for kind in {f.kind for f in facts}:
        found[f"firm:{kind}"] = Timeline.of(
            f
            for f in facts
            if f.kind == kind and f.anchored_firm and not (kind == "death" and _report_dated(f))
        )
    return found


def _report_dated(f: Facts) -> bool:
    return f.when is not None and f.when.precision == "reported"


def rule_alive_after_death(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when the person is shown alive (or wounded, held, moving) clearly after."""
    if f.kind != "death" or not f.support:
        return None
    first = ctx.timelines["life"].first_after(f.when)
    if first is None or _weaker_life(first, f, ctx):
        return None
    what = "evidence of life" if first.kind == "alive" else f"a {first.draft.predicate} report"
    reason = f"refuted: {what} dated {span_text(first.when)} after the reported death"
    return Verdict("refuted", reason, first.keys(life_evidence(first, ctx)), "alive_after_death")


def _weaker_life(life: Facts, death: Facts, ctx: Context) -> bool:
    """A word of life from one origin, not the person's own voice or an appearance, against a
    death that several sides assert firmly ("a report seen by a tabloid says he is alive",
    years after two governments said he was killed): it contests the death, it does not undo
    it."""
    if life.kind != "alive":
        return False
    evidence = life_evidence(life, ctx)
    if any(_is_the_subject(c.claimant, c) or APPEARANCE.search(c.quote) for c in evidence):
        return False
    return len(sides_of(evidence, ctx)) < 2 <= len(sides_of(list(death.firm), ctx))


# Confirmations no later report of life can shake: the person's own side, identified remains.
ACKNOWLEDGED = frozenset({"own_side", "official_identification"})


def rule_life_after_confirmed_death(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when the person's death, confirmed by its own evidence, came clearly before:
    a message in the name of a dead man is not his ("a confirmed death is not refuted by the
    reports after it; it refutes them")."""
    if f.kind != "alive" or not f.support or f.when is None:
        return None
    for o in ctx.timelines["confirmed_deaths"].facts:
        verdict = ctx.settled.get(o.draft.id)
        if not verdict or verdict.rule not in ACKNOWLEDGED or not clearly_after(f.when, o.when):
            continue
        if _published_before(_evidence(o, verdict), f.support, ctx):
            continue  # the sign of life came out after the acknowledgement: see rule_outlived
        if rule_outlived(o, ctx) is not None:
            continue  # later news showed him alive after that death
        reason = f"refuted: the person's death of {span_text(o.when)} was confirmed before it"
        return Verdict("refuted", reason, verdict.evidence, "life_after_confirmed_death")
    return None


def _evidence(f: Facts, verdict: Verdict) -> list[Claim]:
    """The claims of ``f`` that decided ``verdict``."""
    keys = set(verdict.evidence)
    return [c for c in (*f.support, *f.against) if f.ids[id(c)] in keys]


def _published_before(first: Sequence[Claim], then: Sequence[Claim], ctx: Context) -> bool:
    """Whether all of ``first`` came out before the latest of ``then`` (unknown: False)."""
    a, b = latest_published(first, ctx), latest_published(then, ctx)
    return a is not None and b is not None and a < b


def rule_outlived(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when the person is shown alive by his own voice or side clearly after the
    reported death, in news that came out after the reports of it: his side's word on a
    death is outweighed by a later video of him."""
    if f.kind != "death" or not f.support or f.when is None:
        return None
    settled = ctx.settled.get(f.draft.id)
    deciding = _evidence(f, settled) if settled else f.support
    for o in ctx.timelines["life"].facts:
        verdict = ctx.settled.get(o.draft.id)
        if o.kind != "alive" or not verdict or verdict.status != "confirmed":
            continue
        if clearly_after(o.when, f.when) and _published_before(deciding, o.support, ctx):
            reason = (
                f"refuted: shown alive on {span_text(o.when)}, after the reported death "
                f"({verdict.reason.removeprefix('confirmed: ')})"
            )
            return Verdict("refuted", reason, o.keys(life_evidence(o, ctx)), "outlived")
    return None


# Dates of a word of life precise enough to contest a death at the same time.
CONTEST_PRECISIONS = frozenset({"day", "week"})


def rule_contested_by_life(f: Facts, ctx: Context) -> Verdict | None:
    """Disputed when, as the death is reported, someone firmly says the person is alive: "the
    government says he was killed; his group insists he is still alive"."""
    if f.kind != "death" or not f.support or f.when is None:
        return None
    for o in ctx.facts:
        if o.kind != "alive" or o.when is None or not o.anchored_firm:
            continue
        if o.when.precision not in CONTEST_PRECISIONS:
            continue  # "alive in 2015" says nothing of April 22
        verdict = ctx.settled.get(o.draft.id)
        if verdict is not None and verdict.status == "refuted":
            continue
        if o.when.overlaps(f.when):
            reason = (
                f"disputed: claimed by {origins_text(f.support, ctx)}; "
                f"{origins_text(o.anchored_firm, ctx)} said he was alive at the time"
            )
            return Verdict("disputed", reason, f.keys(f.support) + o.keys(o.anchored_firm),
                           "contested_by_life")  # fmt: skip
    return None


def rule_contested_by_death(f: Facts, ctx: Context) -> Verdict | None:
    """Disputed when a wounding is told of a day others firmly say he was killed: "his aides
    say he was only wounded on August 5"; "officials say the strike of August 5 killed him"."""
    if f.kind != "wounded" or not f.support or f.when is None:
        return None
    if f.when.precision != "day":
        return None  # "wounded in early June" says nothing against "killed on June 10"
    mine = {independence_key(origin_of(c, ctx)) for c in f.support}
    for o in ctx.facts:
        if o.kind != "death" or o.when is None or o.when.precision != "day":
            continue
        if not o.when.overlaps(f.when):
            continue
        others = [c for c in o.anchored_firm if independence_key(origin_of(c, ctx)) not in mine]
        if others:
            reason = (
                f"disputed: claimed by {origins_text(f.support, ctx)}; "
                f"{origins_text(others, ctx)} said he was killed at the time"
            )
            return Verdict("disputed", reason, f.keys(f.support) + o.keys(others),
                           "contested_by_death")  # fmt: skip
    return None


# How soon after a reported wounding word of good health contradicts it.
HEALTH_REACH_DAYS = 31


def rule_healthy_after_wounding(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when, within weeks of a reported wounding, an origin that did not report it
    says he is in good health or unharmed, in a word of life that is itself confirmed."""
    if f.kind != "wounded" or not f.support or f.when is None:
        return None
    mine = {independence_key(origin_of(c, ctx)) for c in f.support}
    for o in ctx.timelines["life"].facts:
        verdict = ctx.settled.get(o.draft.id)
        if o.kind != "alive" or o.when is None or not verdict or verdict.status != "confirmed":
            continue
        if not f.when.start <= o.when.start <= f.when.end + timedelta(days=HEALTH_REACH_DAYS):
            continue
        healthy = [
            c
            for c in o.anchored_firm
            if GOOD_HEALTH.search(c.quote) and independence_key(origin_of(c, ctx)) not in mine
        ]
        if healthy:
            reason = (
                f"refuted: said to be in good health on {span_text(o.when)}, after the reported "
                f"wounding ({origins_text(healthy, ctx)})"
            )
            return Verdict("refuted", reason, o.keys(healthy), "healthy_after_wounding")
    return None


def rule_other_confirmed_death(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when another death of the person, at a clearly different date, is confirmed."""
    if f.kind != "death" or f.when is None:
        return None
    for o in ctx.timelines["confirmed_deaths"].facts:
        verdict = ctx.settled.get(o.draft.id)
        if not verdict or o.draft.id == f.draft.id or not o.when or o.when.overlaps(f.when):
            continue
        if _late_report(o.when, f.when) or _late_report(f.when, o.when):
            continue
        if rule_outlived(o, ctx) is None:  # a death the man outlived confirms nothing
            reason = f"refuted: the confirmed death of {span_text(o.when)} contradicts it"
            return Verdict("refuted", reason, verdict.evidence, "other_confirmed_death")
    return None


def _late_report(span: TimeSpan, other: TimeSpan) -> bool:
    """``span`` is dated only by a report made after ``other``: "his group said on Tuesday he
    had died" may tell the death of months before, not a second one."""
    return span.precision == "reported" and span.end > other.end


def _later_firm(f: Facts, ctx: Context, kinds: frozenset[str]) -> Facts | None:
    """The first event of ``kinds`` clearly after ``f`` with an anchored firm claim."""
    empty = Timeline((), ())
    return first_of(ctx.timelines.get(f"firm:{k}", empty).first_after(f.when) for k in kinds)


def _later_death(f: Facts, ctx: Context) -> Facts | None:
    if f.kind != "death" or not f.support:
        return None
    return ctx.timelines["deaths"].first_after(f.when)


def rule_superseded_weak(f: Facts, ctx: Context) -> Verdict | None:
    """Refuted when only hedged or hearsay reports claim this death (or capture) and a later
    death, wounding, move or appointment is asserted firmly: the later claimant holds the person
    was alive and at large until then, and nobody stood firmly behind this report."""
    if f.anchored_firm or not f.support or f.kind not in ("death", "custody"):
        return None
    nxt = _later_firm(f, ctx, frozenset({"death"}) if f.kind == "death" else AT_LARGE_KINDS)
    if nxt is None:
        return None
    what = "death" if nxt.kind == "death" else f"{nxt.draft.predicate} report"
    reason = (
        f"refuted: reported only hedged or second-hand, and a later {what} "
        f"({span_text(nxt.when)}) was asserted by {origins_text(nxt.anchored_firm, ctx)}"
    )
    evidence = f.keys(f.support) + nxt.keys(nxt.anchored_firm)
    return Verdict("refuted", reason, evidence, "superseded_weak")


def rule_independent_doubt(f: Facts, ctx: Context) -> Verdict | None:
    """Disputed when an origin other than the claimants (or their government) denies it."""
    _, no_confirmation, doubts = classify_against(f, ctx)
    if not f.support or not doubts:
        return None
    reason = f"disputed: claimed by {origins_text(f.support, ctx)}; doubted by "
    reason += origins_text(doubts, ctx).replace("origin", "independent origin", 1)
    if no_confirmation:
        reason += f"; no confirmation from {origins_text(no_confirmation, ctx)}"
    evidence = f.keys(f.support) + f.keys(doubts) + f.keys(no_confirmation)
    return Verdict("disputed", reason, evidence, "independent_doubt")


def rule_no_confirmation(f: Facts, ctx: Context) -> Verdict | None:
    """Disputed when the claimant's own side withdraws part of it or finds no confirmation."""
    withdrawals, no_confirmation, _ = classify_against(f, ctx)
    against = withdrawals + no_confirmation
    if not f.support or not against:
        return None
    reason = (
        f"disputed: claimed by {origins_text(f.support, ctx)}; "
        f"withdrawn or unconfirmed by {origins_text(against, ctx)}"
    )
    return Verdict("disputed", reason, f.keys(f.support) + f.keys(against), "no_confirmation")


def rule_later_death(f: Facts, ctx: Context) -> Verdict | None:
    """Disputed when another death of the person is reported clearly later."""
    nxt = _later_death(f, ctx)
    if nxt is None:
        return None
    reason = (
        f"disputed: claimed by {origins_text(f.support, ctx)}, but a later death "
        f"({span_text(nxt.when)}) was reported by {origins_text(nxt.support, ctx)}"
    )
    return Verdict("disputed", reason, f.keys(f.support) + nxt.keys(nxt.support), "later_death")


# How far apart two bounds may be before accounts of one event disagree, by the coarser precision.
_PRECISION_DAYS = {"day": 1, "week": 7, "month": 31, "season": 92, "quarter": 92}


def _disagree(a: TimeSpan, b: TimeSpan) -> bool:
    unit = max(_PRECISION_DAYS.get(a.precision, 366), _PRECISION_DAYS.get(b.precision, 366))
    return abs((a.start - b.start).days) > unit or abs((a.end - b.end).days) > unit


def rule_conflicting_accounts(f: Facts, ctx: Context) -> Verdict | None:
    """Disputed when independent firm accounts give dates further apart than their precision
    allows (held "February to December 2004" against "until 2009")."""
    dated = [(c, origin_of(c, ctx)) for c in f.firm if c.when]
    for i, (a, oa) in enumerate(dated):
        for b, ob in dated[i + 1 :]:
            if origin_key(oa) != origin_key(ob) and _disagree(a.when, b.when):  # type: ignore[arg-type]
                reason = (
                    f"disputed: accounts disagree on the dates ({oa}: {span_text(a.when)}; "
                    f"{ob}: {span_text(b.when)})"
                )
                return Verdict("disputed", reason, f.keys([a, b]), "conflicting_accounts")
    return None


def rule_corroborated(f: Facts, ctx: Context) -> Verdict | None:
    """Confirmed when two or more independent sides assert it firmly in claims anchored to its
    date, and nothing is against."""
    firm = f.anchored_firm
    sides = sides_of(firm, ctx)
    if len(sides) < 2 or f.against:
        return None
    reason = f"confirmed: asserted by {len(sides)} independent origins ({', '.join(sides)})"
    return Verdict("confirmed", reason + ", nothing against", f.keys(firm), "corroborated")


def rule_unverified(f: Facts, ctx: Context) -> Verdict:
    """Everything else: one origin however repeated, hedged claims only, or denials alone."""
    if not f.support:
        reason = f"unverified: nobody claims it; denied by {origins_text(f.against, ctx)}"
        return Verdict("unverified", reason, f.keys(f.against), "unverified")
    if not f.firm:
        reason = f"unverified: only hedged or second-hand claims by {origins_text(f.support, ctx)}"
    else:
        reason = f"unverified: claimed by {origins_text(f.support, ctx)}"
    return Verdict("unverified", reason, f.keys(f.support), "unverified")


LOCAL_RULES: tuple[Rule, ...] = (
    rule_withdrawn_by_claimant,
    rule_forged_source,
    rule_denied_by_the_subject,
    rule_own_side,
    rule_own_voice,
    rule_official_identification,
    rule_own_operation,
    rule_public_record,
)
RULES: tuple[Rule, ...] = (
    # Strong accounts of life and death against each other come first: the later news wins.
    rule_life_after_confirmed_death,
    rule_outlived,
    *LOCAL_RULES,
    rule_alive_after_death,
    rule_other_confirmed_death,
    rule_contested_by_life,
    rule_healthy_after_wounding,
    rule_contested_by_death,
    rule_superseded_weak,
    rule_independent_doubt,
    rule_no_confirmation,
    rule_later_death,
    rule_conflicting_accounts,
    rule_corroborated,
)
