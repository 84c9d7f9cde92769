"""Mentions to entities: names clustered within a document, then matched across documents.

1. Mentions are cleaned ("Abu Bakr's" -> "Abu Bakr") and given a kind (person, place,
   organisation, other) from the NER label and the shape of the name: spaCy's small model often
   tags "al-Baghdadi" as ORG, so a person-like name ("Abu X", "X ibn Y", "al-Xi", "-ov") counts
   as a person whatever the label, except a place label.
2. Within the document, a short name joins the longer name it is part of ("Baghdadi" ->
   "Abu Bakr al-Baghdadi"); a short name fitting two long names goes to the nearest one before it.
   Alias links from the text ("real name", "known as") join clusters.
3. Each cluster is matched against the index. A match on a name of two or more tokens is
   accepted unless the context disagrees (another kind, another era). A match on a one-token
   name ("Abu Bakr", "Umar", "al-Adnani") is accepted only if the context agrees: same era and
   at least one shared co-mentioned name or role. A cluster that bridges several entities merges
   them, so the result depends little on the order documents arrive in.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from claimledger.resolve.affiliation import Organisations, Span, organisations
from claimledger.resolve.aliases import AliasLink
from claimledger.resolve.context import DocumentContext, era_relation, roles_near
from claimledger.resolve.index import (
    MAX_COMENTIONS,
    EntityIndex,
    EntityRecord,
    Profile,
    entity_id,
)
from claimledger.resolve.keys import (
    GROUP_WORDS,
    PAIR_CACHE,
    PATRONYMIC,
    latin,
    name_tokens,
    similarity,
    skeleton,
    token_similarity,
)
from claimledger.types import Entity, Mention

logger = logging.getLogger(__name__)

PERSON_LABELS = frozenset({"PERSON"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
OTHER_NAME_LABELS = frozenset({"ORG", "NORP"})
NAME_LABELS = PERSON_LABELS | PLACE_LABELS | OTHER_NAME_LABELS
TOKEN_MATCH = 0.8
# How many times more often one full name must be mentioned than another for a shared short
# name to go to it rather than to the nearer one.
SALIENT_RATIO = 2
KIND_ORDER = ("person", "place", "organization", "other")

# Surname endings of Slavic, Caucasian, Turkic, Iranian and similar naming systems.
_SURNAME_SUFFIX = re.compile(
    r"(?:ov|ova|ev|eva|yev|yeva|ovich|evich|ovna|evna|sky|ski|skiy|skaya|enko|chuk|yan|"
    r"shvili|dze|uly|kyzy|oglu|zade|zadeh|ovic|evic)$"
)
_ARTICLE_NISBA = re.compile(r"^(?:al|el)[-\s]\w+(?:i|y)$", re.IGNORECASE)
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
# A possessive inside a mention ends the name: "Hakim's Death" in a headline is "Hakim".
_INNER_POSSESSIVE = re.compile(r"['’]s\s.*$", re.DOTALL)
_COORDINATION = re.compile(r"\s+(?:and|&)\s+|,\s+")
# Words that put the next name in a place: "in the city of X", "heading to X".
_PLACE_CUE = re.compile(
    r"\b(?:in|near|outside|city of|town of|village of|region of|province of|district of|"
    r"cities of|outskirts of|suburbs of|heading to|travell?ing to|arrived in|from the city of)"
    r"\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:and|or)\s+)?$",
    re.IGNORECASE,
)
_ARTICLE_INSIDE = re.compile(r"\s(?:al|el|ul|ad|ash|as|at|ar|an|az)-\w", re.IGNORECASE)


def clean_name(text: str) -> str:
    """A mention's text as a name: no leading article, no possessive, no stray punctuation."""
    text = " ".join(text.split()).strip(' ,;:."“”«»()')
    text = _LEADING.sub("", text)
    text = _INNER_POSSESSIVE.sub("", text)
    return _POSSESSIVE.sub("", text).strip()


@lru_cache(maxsize=PAIR_CACHE)
def is_group_name(name: str) -> bool:
    """ "the X Brigade", "X Network": a group's name, even when it holds a person's name."""
    words = latin(name).split()
    return len(words) >= 2 and words[-1] in GROUP_WORDS


def person_like(name: str) -> bool:
    """Whether a name has the shape of a person's name whatever NER said."""
    tokens = name_tokens(name)
    if any(" " in t for t in tokens):  # a bound particle: Abu X, ibn X, Abd X
        return True
    if len(tokens) >= 2 and _ARTICLE_INSIDE.search(name):
        return True
    if _ARTICLE_NISBA.match(name) and not latin(name).endswith("iya"):
        return True
    return any(_SURNAME_SUFFIX.search(t) for t in tokens)


def mention_kind(name: str, label: str) -> str:
    if is_group_name(name):
        return "organization"
    if label in PERSON_LABELS:
        return "person"
    if label in PLACE_LABELS:
        return "place"
    if person_like(name):
        return "person"
    return "organization" if label == "ORG" else "other"


@dataclass(slots=True)
class _Item:
    """One name occurrence to cluster: a mention, or a part of a run-on / coordinated mention."""

    index: int  # position of the source mention in the input
    name: str
    start: int
    end: int
    label: str

    @property
    def kind(self) -> str:
        return mention_kind(self.name, self.label)


@dataclass(slots=True)
class _Cluster:
    names: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    items: list[_Item] = field(default_factory=list)
    roles: Counter[str] = field(default_factory=Counter)

    @property
    def kind(self) -> str:
        # ``max`` keeps the first of equal counts: ties go to the earlier kind.
        return max(KIND_ORDER, key=self.kinds.__getitem__)

    def longest(self) -> tuple[str, ...]:
        return max((name_tokens(n) for n in self.names), key=len)

    def add(self, item: _Item) -> None:
        self.items.append(item)
        self.names[item.name] += 1
        self.kinds[item.kind] += 1

    def absorb(self, other: _Cluster) -> None:
        self.names.update(other.names)
        self.kinds.update(other.kinds)
        self.items.extend(other.items)
        self.roles.update(other.roles)


def relation(short: Sequence[str], long: Sequence[str]) -> str | None:
    """'same' or 'part' when every token of ``short`` matches a distinct token of ``long``."""
    return _relation(tuple(short), tuple(long))


@lru_cache(maxsize=PAIR_CACHE)
def _relation(short: tuple[str, ...], long: tuple[str, ...]) -> str | None:
    # Memoised: clustering and matching compare the same pairs of names again and again.
    if not short or len(short) > len(long):
        return None
    free = list(long)
    for token in short:
        best = max(free, key=lambda t: token_similarity(token, t))
        if token_similarity(token, best) < TOKEN_MATCH:
            return None
        free.remove(best)
    return "same" if len(short) == len(long) else "part"


def _names_relation(a: Sequence[str], b: Sequence[str]) -> str | None:
    return relation(a, b) if len(a) <= len(b) else relation(b, a)


def _label(name: str, label: str, text: str, start: int) -> str | None:
    """The label to trust: NORP only for person-shaped names; a place cue overrides PERSON."""
    if label == "NORP" and not person_like(name):
        return None  # nationalities and creeds are not entities here
    if is_group_name(name):
        return "ORG"
    if label != "PERSON" or person_like(name) or len(name_tokens(name)) != 1:
        return label
    return "GPE" if _PLACE_CUE.search(text, max(0, start - 30), start) else label


def _items_of(mentions: Sequence[Mention], text: str) -> list[_Item]:
    """Name items, with coordinations ("X and Y") split and run-ons split at a known name."""
    items: list[_Item] = []
    for i, mention in enumerate(mentions):
        if mention.label not in NAME_LABELS:
            continue
        for part in _COORDINATION.split(mention.text):
            name = clean_name(part)
            if not name or not name_tokens(name) or name.islower():
                continue
            start = mention.start + max(mention.text.find(part), 0)
            label = _label(name, mention.label, text, start)
            if label is not None:
                items.append(_Item(i, name, start, start + len(part), label))
    return _split_run_ons(items)


def _split_run_ons(items: list[_Item]) -> list[_Item]:
    """'Abu Bakr Umar', 'Raqqa Abu Hajji': a name that starts with another whole name of the
    document (a place, or a name whose remainder is also a name there) is two names run together.
    """
    names = {it.name for it in items}
    places = {it.name for it in items if it.label in PLACE_LABELS}
    # Organisations named alone elsewhere in the document: "Taliban" heads "Taliban Pakistan
    # X Y" in "a spokesman of the Taliban Pakistan X Y".
    groups = {it.name for it in items if it.label == "ORG" and " " not in it.name}
    out: list[_Item] = []
    for item in items:
        words = item.name.split()
        split_at = 0
        for k in range(1, len(words)):
            head, tail = " ".join(words[:k]), " ".join(words[k:])
            if words[k].casefold() in PATRONYMIC:
                continue  # "X bin Y" is one name even when "X" and "bin Y" are names too
            if head in places or (head in names and tail in names):
                split_at = k
                break
            if words[0] in groups and tail in names and len(name_tokens(tail)) >= 2:
                split_at = k
                break
        if not split_at:
            out.append(item)
            continue
        head = " ".join(words[:split_at])
        tail = " ".join(words[split_at:])
        tail_start = item.start + item.name.find(tail, len(head))
        out.append(replace(item, name=head, end=item.start + len(head)))
        out.append(replace(item, name=tail, start=tail_start, end=tail_start + len(tail)))
    return out


def _fits(item: _Item, cluster: _Cluster) -> bool:
    tokens = name_tokens(item.name)
    longest = cluster.longest()
    rel = relation(tokens, longest)
    if rel is None:
        return False
    if rel == "same":
        return True
    kinds = {item.kind, cluster.kind}
    if any(map(is_group_name, cluster.names)) and not is_group_name(item.name):
        # "Belmokhtar" is the man, not "the Belmokhtar Brigade" named after him.
        return False
    if "place" in kinds:
        # A place-tagged surname may still be the person's ("Baghdadi" tagged GPE), but a place
        # heading a run-on name is not ("emir of Raqqa X" is split before this).
        last = longest[-1]
        return (
            kinds == {"place", "person"} and len(tokens) == 1 and relation(tokens, [last]) == "same"
        )
    if "person" in kinds:
        return True
    return len(tokens) >= 2  # "Ministry of Defense" in "Russian Ministry of Defense"


def _choose(item: _Item, clusters: list[_Cluster]) -> _Cluster:
    """A short name fitting several full names ("Mehsud" with two Mehsuds named): the person
    the document is about when one is named far more often, else the nearest before it."""
    ranked = sorted(clusters, key=lambda c: -len(c.items))
    if len(ranked[0].items) >= SALIENT_RATIO * max(1, len(ranked[1].items)):
        return ranked[0]
    return _nearest(item, clusters)


def _nearest(item: _Item, clusters: list[_Cluster]) -> _Cluster:
    def distance(cluster: _Cluster) -> tuple[int, int]:
        before = [item.start - it.start for it in cluster.items if it.start <= item.start]
        if before:
            return (0, min(before))
        return (1, min(it.start - item.start for it in cluster.items))

    return min(clusters, key=distance)


# token_similarity reaches TOKEN_MATCH only for tokens whose skeletons are equal (once Arabic
# jim's g and j are one) or, for tokens of this many letters or more, at least this similar.
_LONG_TOKEN = 5
_SKELETON_RATIO = 75


class _Neighbours:
    """For each token of a document's names, the tokens of those names it may match.

    Trying every name against every cluster made a document of a few thousand names cost
    minutes (the tries grow with the square of the names); a name can only fit a cluster whose
    longest name has, for each of its tokens, one that ``token_similarity`` matches, so only
    those clusters are tried. The tokens are found by what token_similarity needs: the same
    skeleton (``g`` for ``j``), or for long tokens a skeleton similar by fuzz.ratio, searched
    by rapidfuzz in C; each is then checked with token_similarity itself.
    """

    def __init__(self, tokens: Iterable[str]) -> None:
        self._same_skeleton: dict[str, list[str]] = defaultdict(list)
        self._long_by_skeleton: dict[str, list[str]] = defaultdict(list)
        for token in sorted(set(tokens)):
            shape = skeleton(token)
            self._same_skeleton[shape.replace("j", "g")].append(token)
            if len(token) >= _LONG_TOKEN:
                self._long_by_skeleton[shape].append(token)
        self._skeletons = sorted(self._long_by_skeleton)
        self._found: dict[str, frozenset[str]] = {}

    def of(self, token: str) -> frozenset[str]:
        found = self._found.get(token)
        if found is None:
            found = frozenset(
                other
                for other in self._candidates(token)
                if token_similarity(token, other) >= TOKEN_MATCH
            )
            self._found[token] = found
        return found

    def _candidates(self, token: str) -> set[str]:
        shape = skeleton(token)
        candidates = set(self._same_skeleton.get(shape.replace("j", "g"), ()))
        if len(token) >= _LONG_TOKEN:
            for similar, _, _ in process.extract(
                shape,
                self._skeletons,
                scorer=fuzz.ratio,
                score_cutoff=_SKELETON_RATIO,
                limit=None,
            ):
                candidates.update(self._long_by_skeleton[similar])
        return candidates


def _may_fit(
    tokens: Sequence[str], neighbours: _Neighbours, holding: dict[str, set[int]]
) -> list[int]:
    """The clusters (by number, in order) whose longest name matches every one of ``tokens``."""
    found: set[int] | None = None
    for token in tokens:
        here: set[int] = set()
        for other in neighbours.of(token) & holding.keys():
            here |= holding[other]
        found = here if found is None else found & here
        if not found:
            return []
    return sorted(found or ())


def cluster_document(items: list[_Item], text: str) -> list[_Cluster]:
    """Clusters of one document's name items: longest names first, short ones join them."""
    by_name: dict[str, list[_Item]] = {}
    for item in items:
        by_name.setdefault(item.name, []).append(item)
    order = sorted(by_name, key=lambda n: (-len(name_tokens(n)), -len(by_name[n]), n))
    neighbours = _Neighbours(t for name in by_name for t in name_tokens(name))
    # token -> the clusters whose longest name holds it. A cluster's longest name is its first
    # (names come longest first, and ``longest`` keeps the first of equal length), so each
    # cluster is indexed once, when it is made.
    holding: dict[str, set[int]] = {}
    clusters: list[_Cluster] = []
    for name in order:
        probe = by_name[name][0]
        fitting = [
            clusters[number]
            for number in _may_fit(name_tokens(name), neighbours, holding)
            if _fits(probe, clusters[number])
        ]
        for item in sorted(by_name[name], key=lambda it: it.start):
            if not fitting:
                cluster = _Cluster()
                clusters.append(cluster)
                for token in name_tokens(name):
                    holding.setdefault(token, set()).add(len(clusters) - 1)
                fitting = [cluster]
            target = fitting[0] if len(fitting) == 1 else _choose(item, fitting)
            target.add(item)
            target.roles.update(roles_near(text, item.start, item.end))
    return clusters


def _cluster_of(name: str, clusters: list[_Cluster]) -> _Cluster | None:
    if not name_tokens(name):
        return None
    exact = [c for c in clusters if name in c.names]
    if exact:
        return exact[0]
    probe = _Item(-1, name, -1, -1, "PERSON")
    fitting = [c for c in clusters if _fits(probe, c)]
    return fitting[0] if len(fitting) == 1 else None


def apply_aliases(clusters: list[_Cluster], links: Sequence[AliasLink]) -> list[_Cluster]:
    """Join the clusters the text says are one ("X (real name Y)"), adding unseen names."""
    for link in links:
        first, second = _cluster_of(link.name, clusters), _cluster_of(link.alias, clusters)
        if first is None and second is None:
            continue
        if first is not None and second is not None and first is not second:
            first.absorb(second)
            clusters = [c for c in clusters if c is not second]
        elif first is None or second is None:
            known, missing = (first, link.alias) if first is not None else (second, link.name)
            if known is not None and name_tokens(missing):
                known.names[missing] += 1
    return clusters


def _skeletons(names: Counter[str] | set[str]) -> set[str]:
    return {skeleton(t) for n in names for t in name_tokens(n)}


def _document_profiles(
    clusters: list[_Cluster], context: DocumentContext, orgs: Sequence[Span]
) -> list[Profile]:
    """Each cluster's context: the document's years, the names of the other clusters, and
    for people the organisations the text ties them to."""
    own = [_skeletons(set(c.names)) for c in clusters]
    everything: Counter[str] = Counter()
    for skels in own:
        everything.update(skels)
    modern = context.modern  # a search of the whole text: once per document
    tied = Organisations(orgs, context.text)
    ranked = _ranked(everything)
    profiles = []
    for cluster, skels in zip(clusters, own, strict=True):
        profiles.append(
            Profile(
                years=set(context.years),
                modern=modern,
                comentions=_others(everything, ranked, skels),
                roles=Counter(cluster.roles),
                documents={context.document_id},
                affiliations=_affiliations(cluster, tied),
            )
        )
    return profiles


def _ranked(names: Counter[str]) -> list[tuple[str, int]] | None:
    """The names in the order ``Profile.trim`` keeps them, when there are more than it keeps."""
    if len(names) <= MAX_COMENTIONS:
        return None
    return sorted(names.items(), key=lambda item: (-item[1], item[0]))


def _others(
    everything: Counter[str], ranked: list[tuple[str, int]] | None, own: set[str]
) -> Counter[str]:
    """The names co-mentioned with a cluster: all but its own, at most as many as a profile
    keeps. Each cluster of a document with thousands of names held all the others, so the
    document's profiles grew with the square of its names; a profile keeps the most frequent
    ``MAX_COMENTIONS`` (``Profile.trim``), and so does this, in the same order."""
    if ranked is None:
        return Counter({s: n for s, n in everything.items() if s not in own})
    kept: Counter[str] = Counter()
    for name, count in ranked:
        if name not in own:
            kept[name] = count
            if len(kept) == MAX_COMENTIONS:
                break
    return kept


def _affiliations(cluster: _Cluster, orgs: Organisations) -> Counter[str]:
    found: Counter[str] = Counter()
    if cluster.kind != "person" or not orgs:
        return found
    for item in cluster.items:
        found.update(orgs.of(Span(item.start, item.end, item.name)))
    return found


@dataclass(frozen=True, slots=True)
class _Match:
    record: EntityRecord
    strong: bool
    score: float


def _name_match(cluster: _Cluster, record: EntityRecord) -> tuple[bool, str, float] | None:
    """(strong, relation, similarity) of the best related pair of names, or None."""
    best: tuple[bool, str, float] | None = None
    record_sets = {n: name_tokens(n) for n in record.names}
    for name in cluster.names:
        tokens = name_tokens(name)
        for other, other_tokens in record_sets.items():
            rel = _names_relation(tokens, other_tokens)
            if rel is None:
                continue
            strong = min(len(tokens), len(other_tokens)) >= 2
            candidate = (strong, rel, similarity(name, other))
            best = candidate if best is None else max(best, candidate)
    return best


def _full_names_conflict(cluster: _Cluster, record: EntityRecord) -> bool:
    """Both sides have full names and none of them relate ("Umar ibn X" vs "Umar al-Y")."""
    return _names_conflict(cluster.names, record.names)


def _maximal_names(names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """The full names (two tokens or more) that are not part of a longer one of the set."""
    return _maximal_of(frozenset(t for n in names if len(t := name_tokens(n)) >= 2))


@lru_cache(maxsize=PAIR_CACHE)
def _maximal_of(full: frozenset[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    # Memoised: a much-reported person's record is compared, unchanged, with every cluster
    # that may be him; the comparison is quadratic in his full names.
    return tuple(
        sorted(a for a in full if not any(a != b and relation(a, b) == "part" for b in full))
    )


def _names_conflict(mine: Iterable[str], theirs: Iterable[str]) -> bool:
    """No longest full name of one side relates to one of the other: "Kim Jong-un" and
    "Kim Jong-il" share "Kim Jong", but their whole names say they are two people."""
    a, b = _maximal_names(mine), _maximal_names(theirs)
    if not a or not b:
        return False
    return all(_names_relation(x, y) is None for x in a for y in b)


def _kinds_compatible(cluster_kind: str, record_kind: str, strong: bool) -> bool:
    if cluster_kind == record_kind:
        return True
    if "place" in (cluster_kind, record_kind):
        return False
    return strong or "other" in (cluster_kind, record_kind)


def _shared_comentions(profile: Profile, record: EntityRecord) -> int:
    """Names co-mentioned both here and with ``record``, other than the record's own names."""
    theirs = record.profile.comentions
    # The document's few names against the record's many: look each up rather than build sets.
    common = [s for s in profile.comentions if s in theirs]
    if not common:
        return 0
    own = record.skeletons()
    return sum(1 for s in common if s not in own)


def _accept(cluster: _Cluster, profile: Profile, record: EntityRecord) -> _Match | None:
    found = _name_match(cluster, record)
    if found is None:
        return None
    strong, rel, sim = found
    kind, record_kind = cluster.kind, record.type
    if not _kinds_compatible(kind, record_kind, strong):
        return None
    if "organization" in (kind, record_kind) and rel != "same":
        return None  # "Ministry of Defense" is part of many ministries' names
    # The cheap refusals above come before the context, which costs more to compare.
    if _full_names_conflict(cluster, record):
        return None
    rp = record.profile
    era = era_relation(profile.years, profile.modern, rp.years, rp.modern)
    if era == "disagree":
        return None
    shared = _shared_comentions(profile, record)
    roles = sum(1 for r in profile.roles if r in rp.roles)
    score = sim + 0.05 * min(shared, 10) + 0.05 * roles
    if strong:
        return _Match(record, True, score)
    if kind in ("place", "organization") and record_kind == kind:
        # Places and organisations sharing a whole one-word name are usually the same.
        return _Match(record, False, score) if rel == "same" else None
    # A one-token name needs positive evidence: the same era and a shared co-mentioned name.
    if era == "agree" and shared:
        return _Match(record, False, score)
    return None


class Resolver:
    """Resolves the mentions of one document at a time against an entity index it updates."""

    def __init__(self, index: EntityIndex | None = None) -> None:
        self.index = index if index is not None else EntityIndex()

    def resolve_document(
        self,
        mentions: Sequence[Mention],
        context: DocumentContext,
        aliases: Sequence[AliasLink] = (),
    ) -> list[Mention]:
        """``mentions`` with ``entity_id`` set (None for non-names); updates the index."""
        items = _items_of(mentions, context.text)
        clusters = apply_aliases(cluster_document(items, context.text), aliases)
        orgs = organisations((m.start, m.end, m.text, m.label) for m in mentions)
        profiles = _document_profiles(clusters, context, orgs)
        # Clusters with a full name go first: they are the safest anchors for the short ones.
        order = sorted(
            range(len(clusters)), key=lambda i: -max(len(name_tokens(n)) for n in clusters[i].names)
        )
        ids: dict[int, str] = {}
        for i in order:
            ids[i] = self._resolve_cluster(clusters[i], profiles[i], context.document_id)
        by_mention: dict[int, str] = {}
        for i, cluster in enumerate(clusters):
            for item in sorted(cluster.items, key=lambda it: len(it.name)):
                by_mention[item.index] = self.index.canonical_id(ids[i])
        return [
            replace(m, entity_id=by_mention.get(i, m.entity_id)) for i, m in enumerate(mentions)
        ]

    def _resolve_cluster(self, cluster: _Cluster, profile: Profile, document_id: str) -> str:
        tokens = {t for n in cluster.names for t in name_tokens(n)}
        matches = [
            m
            for cid in sorted(self.index.candidates(tokens))
            if (m := _accept(cluster, profile, self.index.get(cid))) is not None
        ]
        has_full_name = any(len(name_tokens(n)) >= 2 for n in cluster.names)
        if not matches:
            canonical = EntityRecord("", names=Counter(cluster.names)).name
            record = EntityRecord(entity_id(canonical, document_id))
            self.index.add(record)
        elif has_full_name:
            # The cluster bridges every entity it matches: they are one.
            keep = max(matches, key=lambda m: (sum(m.record.names.values()), m.record.id))
            record = keep.record
            for other in matches:
                # A partial name fitting two people ("Kim Jong") bridges nothing.
                if not _names_conflict(record.names, other.record.names):
                    record = self.index.merge(record.id, other.record.id)
        else:
            record = max(matches, key=lambda m: (m.strong, m.score, m.record.id)).record
        self.index.add_names(record, cluster.names)
        record.kinds.update(cluster.kinds)
        record.profile.absorb(profile)
        return record.id

    def affiliations(self, entity_id: str) -> set[str]:
        """The organisations the texts tie an entity to (its own side, for assessment)."""
        return set(self.index.get(entity_id).profile.affiliations)

    def canonical_id(self, entity_id: str) -> str:
        """The current id of an entity handed out earlier (entities merge as evidence grows)."""
        return self.index.canonical_id(entity_id)

    def entities(self) -> list[Entity]:
        return [record.to_entity() for record in self.index.records()]

    def lookup(self, name: str) -> list[Entity]:
        """Entities a name (any alias or spelling) may refer to, best first."""
        tokens = name_tokens(name)
        ids = self.index.candidates(tokens)
        scored: list[tuple[float, str]] = []
        for cid in ids:
            record = self.index.get(cid)
            best = 0.0
            for alias in record.names:
                sim = similarity(name, alias)
                if _names_relation(tokens, name_tokens(alias)) is not None:
                    sim = max(sim, 0.75 + 0.25 * sim)
                best = max(best, sim)
            if best >= 0.6:
                scored.append((best + 0.001 * sum(record.names.values()), cid))
        scored.sort(reverse=True)
        return [self.index.get(cid).to_entity() for _, cid in scored]
