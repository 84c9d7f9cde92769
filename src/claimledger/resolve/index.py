"""The entity index: entities, their names with keys, and the context each was seen in.

The resolver reads and updates it; the store persists it as plain records
(``EntityIndex.to_records`` / ``EntityIndex.from_records``). Merged entities leave a redirect so
an id handed out earlier still finds its entity.

Candidates come from blocking: a name is compared only with the entities that share a token key
with it, and with at most ``MAX_CANDIDATES`` of them, those sharing the most of its tokens first
(then the most mentioned), so the cost of resolving a mention does not grow with the ledger even
when thousands of people share a given name. Below the cap the candidates are every entity that
shares a key, as before the cap.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from claimledger.resolve.keys import latin, name_key, name_tokens, skeleton
from claimledger.types import Entity, EntityType

logger = logging.getLogger(__name__)

# Context profiles are bounded so that a much-mentioned entity does not grow without limit.
MAX_COMENTIONS = 400
MAX_YEARS = 200
MAX_AFFILIATIONS = 20
# The documents a profile keeps: a few, for tracing; every document an entity appears in is
# in the mentions table, and keeping them all here made each stored record grow with the
# entity's fame (the record is written again with every document that names the entity).
MAX_DOCUMENTS = 20
# Entities one name is compared with, whatever the size of the ledger (see the module doc).
MAX_CANDIDATES = 64
_KIND_ORDER = ("person", "place", "organization", "other")


def token_keys(token: str) -> set[str]:
    """Inverted-index keys of one token: its skeleton, and without the final -i ("Alimula/y")."""
    skel = skeleton(token)
    return {skel, skel.removesuffix("i")} - {""}


def entity_id(name: str, salt: str) -> str:
    """A stable id: a slug of the first canonical name plus a short hash."""
    slug = re.sub(r"[^a-z0-9]+", "-", latin(name)).strip("-")[:48] or "entity"
    digest = hashlib.sha1(f"{name}\x00{salt}".encode()).hexdigest()[:8]
    return f"{slug}-{digest}"


@dataclass(slots=True)
class Profile:
    """What an entity was seen with: years, modern vocabulary, co-mentioned names, roles."""

    years: set[int] = field(default_factory=set)
    modern: bool = False
    comentions: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    # Organisations a role word tied the person to ("Taliban leader X"): the person's side.
    affiliations: Counter[str] = field(default_factory=Counter)

    def absorb(self, other: Profile) -> None:
        self.years |= other.years
        self.modern = self.modern or other.modern
        self.comentions.update(other.comentions)
        self.roles.update(other.roles)
        self.documents |= other.documents
        self.affiliations.update(other.affiliations)
        self.trim()

    def trim(self) -> None:
        if len(self.comentions) > MAX_COMENTIONS:
            # Ties broken by name, not by insertion order: that order follows set iteration,
            # which changes with PYTHONHASHSEED, and so did the names kept.
            # nsmallest is sorted(...)[:n] without sorting everything.
            kept = heapq.nsmallest(
                MAX_COMENTIONS, self.comentions.items(), key=lambda item: (-item[1], item[0])
            )
            self.comentions = Counter(dict(kept))
        if len(self.affiliations) > MAX_AFFILIATIONS:
            kept = sorted(self.affiliations.items(), key=lambda item: (-item[1], item[0]))
            self.affiliations = Counter(dict(kept[:MAX_AFFILIATIONS]))
        if len(self.years) > MAX_YEARS:
            self.years = set(sorted(self.years)[-MAX_YEARS:])
        if len(self.documents) > MAX_DOCUMENTS:
            self.documents = set(sorted(self.documents)[:MAX_DOCUMENTS])

    def as_dict(self) -> dict[str, Any]:
        return {
            "years": sorted(self.years),
            "modern": self.modern,
            "comentions": dict(sorted(self.comentions.items())),
            "roles": dict(sorted(self.roles.items())),
            "documents": sorted(self.documents),
            "affiliations": dict(sorted(self.affiliations.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        return cls(
            years={int(y) for y in data.get("years", ())},
            modern=bool(data.get("modern", False)),
            comentions=Counter(data.get("comentions", {})),
            roles=Counter(data.get("roles", {})),
            documents=set(data.get("documents", ())),
            affiliations=Counter(data.get("affiliations", {})),
        )


def _latin_script(name: str) -> bool:
    """Whether every letter of ``name`` is Latin (with diacritics: "Déby", "Şahin")."""
    return all(ch < "\u0250" for ch in name if ch.isalpha())


@dataclass(slots=True)
class EntityRecord:
    """The mutable form of an entity while resolving: names with counts, kind votes, profile."""

    id: str
    names: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    profile: Profile = field(default_factory=Profile)
    wikidata: str | None = None
    description: str | None = None

    @property
    def type(self) -> EntityType:
        if not self.kinds:
            return "other"
        # ``max`` keeps the first of equal counts: ties go to the earlier kind. (Asked for
        # every candidate of every name resolved, so no key tuples are built.)
        best = max(_KIND_ORDER, key=self.kinds.__getitem__)
        return best  # type: ignore[return-value]

    @property
    def name(self) -> str:
        """The most used full name ("Abu Bakr al-Baghdadi"), as news itself names the person;
        a real name given once or twice does not displace the name everyone uses. A name in
        Latin script is preferred to spellings in other scripts ("حمزة بن لادن"): the ledger's
        pages, exports and track records are read in English."""

        def rank(name: str) -> tuple[bool, bool, bool, int, int, int, str]:
            size, count = len(name_tokens(name)), self.names[name]
            return (_latin_script(name), size >= 2, count >= 2, count, size, len(name), name)

        return max(self.names, key=rank)

    def token_sets(self) -> list[tuple[str, ...]]:
        return [name_tokens(n) for n in self.names]

    def skeletons(self) -> set[str]:
        return {skeleton(t) for n in self.names for t in name_tokens(n)}

    def to_entity(self) -> Entity:
        canonical = self.name
        aliases = tuple(sorted(n for n in self.names if n != canonical))
        return Entity(self.id, self.type, canonical, aliases, self.wikidata, self.description)

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": [
                {"name": n, "key": name_key(n), "count": c} for n, c in sorted(self.names.items())
            ],
            "kinds": dict(self.kinds),
            "profile": self.profile.as_dict(),
            "wikidata": self.wikidata,
            "description": self.description,
        }


class EntityIndex:
    """Entities by id, an inverted index from token skeletons to ids, and merge redirects."""

    def __init__(self) -> None:
        self._records: dict[str, EntityRecord] = {}
        self._by_key: dict[str, set[str]] = {}
        self._redirects: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._records)

    def records(self) -> list[EntityRecord]:
        return list(self._records.values())

    def get(self, entity_id: str) -> EntityRecord:
        return self._records[self.canonical_id(entity_id)]

    def canonical_id(self, entity_id: str) -> str:
        """The id an entity has now, following merges."""
        seen: set[str] = set()
        while entity_id in self._redirects and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self._redirects[entity_id]
        return entity_id

    def candidates(self, tokens: Iterable[str], limit: int | None = MAX_CANDIDATES) -> set[str]:
        """Ids of the entities sharing a token key with ``tokens``: all of them up to ``limit``,
        else ``limit`` of them: those sharing the most tokens, then the most mentioned of
        those sharing a rarer token (ties by id)."""
        postings: list[set[str]] = []
        for token in dict.fromkeys(tokens):
            found = [self._by_key[k] for k in token_keys(token) if k in self._by_key]
            if found:
                postings.append(found[0] if len(found) == 1 else set().union(*found))
        union: set[str] = set().union(*postings)
        if limit is None or len(union) <= limit:
            return union
        return self._best(sorted(postings, key=len), limit)

    def _best(self, postings: list[set[str]], limit: int) -> set[str]:
        """The ``limit`` best of many candidates. Set intersections (run in C, as fast as the
        smaller set) find the entities sharing two tokens or more: a person's full name rarely
        shares two of its words with someone else's."""
        shared: Counter[str] = Counter()
        for a, b in combinations(postings, 2):
            shared.update(a & b)  # k shared tokens count k(k-1)/2 pairs
        records = self._records

        def rank(cid: str) -> tuple[int, int, str]:
            return (-shared[cid], -records[cid].names.total(), cid)

        chosen = set(heapq.nsmallest(limit, shared, key=rank))
        for posting in postings:  # the rarest token first
            if len(chosen) >= limit:
                break
            rest = posting - chosen
            chosen.update(heapq.nsmallest(limit - len(chosen), rest, key=rank))
        return chosen

    def add(self, record: EntityRecord) -> None:
        self._records[record.id] = record
        self._reindex(record)

    def add_names(self, record: EntityRecord, names: Counter[str]) -> None:
        record.names.update(names)
        self._reindex(record)

    def _reindex(self, record: EntityRecord) -> None:
        for tokens in record.token_sets():
            for token in tokens:
                for key in token_keys(token):
                    self._by_key.setdefault(key, set()).add(record.id)

    def merge(self, keep_id: str, other_id: str) -> EntityRecord:
        """Fold ``other`` into ``keep``; ``other``'s id redirects to ``keep``."""
        keep, other = self.get(keep_id), self.get(other_id)
        if keep.id == other.id:
            return keep
        keep.names.update(other.names)
        keep.kinds.update(other.kinds)
        keep.profile.absorb(other.profile)
        keep.wikidata = keep.wikidata or other.wikidata
        keep.description = keep.description or other.description
        del self._records[other.id]
        self._redirects[other.id] = keep.id
        # Only the keys of the merged entity's own names can hold its id (``_reindex`` put it
        # there): visiting those, not every key of the index, keeps a merge's cost flat.
        for key in {k for tokens in other.token_sets() for t in tokens for k in token_keys(t)}:
            ids = self._by_key.get(key)
            if ids is not None and other.id in ids:
                ids.discard(other.id)
                ids.add(keep.id)
        logger.debug("merged entity %s into %s", other.id, keep.id)
        return keep

    def seed(self, entities: Iterable[Entity]) -> None:
        """Add known entities (a watchlist): their names are known, their context is not."""
        kind_of = {"person": "person", "place": "place", "organization": "organization"}
        for entity in entities:
            record = EntityRecord(entity.id, wikidata=entity.wikidata)
            record.description = entity.description
            record.kinds[kind_of.get(entity.type, "other")] += 1
            record.names.update({entity.name: 2})
            record.names.update(entity.aliases)
            self.add(record)

    @property
    def redirects(self) -> dict[str, str]:
        """Merged id -> the id it was merged into (a copy)."""
        return dict(self._redirects)

    def records_for(self, entity_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Plain records of some entities (current ids), for saving only what changed."""
        ids = {self.canonical_id(i) for i in entity_ids}
        return [self._records[i].as_record() for i in sorted(ids) if i in self._records]

    def to_records(self) -> list[dict[str, Any]]:
        """Plain records for the store; redirects are records with ``merged_into``."""
        out = [r.as_record() for r in self._records.values()]
        out += [{"id": old, "merged_into": new} for old, new in self._redirects.items()]
        return out

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]]) -> EntityIndex:
        index = cls()
        for data in records:
            if data.get("merged_into"):
                index._redirects[str(data["id"])] = str(data["merged_into"])
                continue
            index.add(_record_of(data))
        return index

    def apply_records(self, records: Iterable[dict[str, Any]]) -> None:
        """Take in records another writer of the ledger stored since: each replaces the record
        of its id; a redirect folds its id away (its names are in the kept record already)."""
        for data in records:
            entity_id = str(data["id"])
            keep = data.get("merged_into")
            if not keep:
                self.add(_record_of(data))
                continue
            self._records.pop(entity_id, None)
            self._redirects[entity_id] = str(keep)
            for ids in self._by_key.values():
                if entity_id in ids:
                    ids.discard(entity_id)
                    ids.add(str(keep))


def _record_of(data: dict[str, Any]) -> EntityRecord:
    record = EntityRecord(str(data["id"]))
    record.names = Counter({a["name"]: int(a.get("count", 1)) for a in data["aliases"]})
    record.kinds = Counter(data.get("kinds") or {data.get("type", "other"): 1})
    record.profile = Profile.from_dict(data.get("profile") or {})
    record.wikidata = data.get("wikidata")
    record.description = data.get("description")
    return record
