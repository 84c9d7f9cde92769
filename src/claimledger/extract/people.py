"""People in one document: word lists, person mentions, and salience-based resolution.

``index_people`` collects the document's person mentions (the small NER model labels one name
PERSON, ORG and GPE in turn, so names labelled PERSON anywhere count everywhere) and the
descriptions the document apposes to a name ("the leader of the group, X"). ``PersonIndex``
then resolves a pronoun to a recent person and a description to the document's topic person.
Only general English words here; nothing from any particular article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Span, Token

from claimledger.extract.spans import doc_text, span_text

logger = logging.getLogger(__name__)

REFLEXIVES = frozenset({"himself", "herself"})
PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
RELATIVES = frozenset({"who", "whom", "whose", "that", "which"})
# Singular role nouns that stand for one person already named in the document.
DESCRIPTIONS = frozenset(
    {
        "leader", "caliph", "chief", "commander", "emir", "head", "founder", "terrorist",
        "militant", "jihadist", "warlord", "spokesman", "spokesperson", "president", "minister",
        "general", "boss", "kingpin", "mastermind", "ringleader", "cleric", "imam", "preacher",
        "chieftain", "ruler", "dictator", "insurgent", "rebel",
    }
)  # fmt: skip
# Nouns for people: with these a plural or indefinite subject is a group claim.
HUMAN_NOUNS = DESCRIPTIONS | frozenset(
    {
        "fighter", "soldier", "civilian", "man", "woman", "child", "people", "person",
        "activist", "journalist", "official", "officer", "guard", "aide", "member", "defendant",
        "suspect", "prisoner", "detainee", "protester", "worker", "student", "deputy",
        "bodyguard", "driver", "wife", "son", "daughter", "brother", "father", "mother",
        "relative", "citizen", "resident", "refugee", "migrant", "gunman", "bomber", "victim",
        "hostage", "lawyer", "politician", "opponent", "dissident", "blogger", "reporter",
        "priest", "guardsman", "policeman", "commando", "operative", "associate", "lieutenant",
        "representative", "successor", "agent", "spy", "smuggler", "trafficker", "pilot",
    }
)  # fmt: skip
# People named through these nouns are someone else ("the wife of X" is not X).
RELATIONAL = frozenset(
    {
        "wife", "husband", "son", "daughter", "brother", "sister", "father", "mother",
        "relative", "aide", "bodyguard", "guard", "driver", "lawyer", "friend", "associate",
        "cousin", "nephew", "uncle", "successor", "predecessor", "deputy", "family", "child",
    }
)  # fmt: skip
COLLECTIVES = frozenset({"group", "dozen", "dozens", "hundred", "hundreds", "number", "team"})
VEHICLES = frozenset({"car", "vehicle", "bus", "truck", "van", "boat", "convoy", "minibus"})
# Speakers are rarely what a later "he" is about; their mentions weigh less.
SPEECH_LEMMAS = frozenset({"say", "tell", "add", "note", "explain", "believe", "conclude"})
SPEAKER_WEIGHT = 0.3
# A person mentioned within this many characters before a pronoun is a likely antecedent.
RECENT_CHARS = 600
NON_PERSON_LABELS = frozenset(
    {"GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"}
)
_APPOSED_TEXT = re.compile(
    rf"\b({'|'.join(sorted(DESCRIPTIONS))})(?:\s+of\s+[^,;.]{{1,60}}?,|,)?\s+$"
)
# Words that make a name an organisation's.
ORG_WORDS = frozenset(
    {
        "ministry", "department", "forces", "force", "army", "navy", "police", "agency",
        "service", "council", "committee", "party", "group", "state", "government", "coalition",
        "company", "corporation", "bank", "university", "court", "office", "news", "radio",
        "tv", "television", "channel", "times", "post", "press", "network", "union", "front",
        "brigade", "battalion", "militia", "movement", "organization", "organisation",
        "alliance", "command", "corps", "association", "institute", "foundation", "center",
        "centre", "fund", "church", "media", "tribunal", "parliament", "assembly", "senate",
        "congress", "authority", "commission", "board", "bureau", "republic", "kingdom",
        "emirate", "caliphate", "international", "daily", "herald", "journal", "gazette",
    }
)  # fmt: skip
# Similarity (0-100) at which two name keys in one document are taken as one spelling.
FUZZY_NAME = 85
_ARTICLES = ("al-", "el-", "al ", "el ", "ad-", "ash-", "as-", "ar-", "at-", "az-", "an-")


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    text: str
    weight: float = 1.0


@dataclass(slots=True)
class PersonIndex:
    """The document's person mentions, for resolving pronouns and descriptions by salience."""

    mentions: list[PersonMention] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    # description lemma -> (position, name mention) where the document apposed them
    links: dict[str, list[tuple[int, PersonMention]]] = field(default_factory=dict)

    def add(self, mention: PersonMention) -> None:
        self.mentions.append(mention)

    def link(self, lemma: str, mention: PersonMention) -> None:
        self.links.setdefault(lemma, []).append((mention.start, mention))

    def finish(self) -> None:
        self.mentions.sort(key=lambda m: m.start)
        self.keys = {name_key(m.text) for m in self.mentions}

    def is_person_name(self, text: str) -> bool:
        """Whether a name the NER labelled otherwise is labelled PERSON elsewhere in the document.

        The small NER model labels the same name differently from sentence to sentence; a close
        spelling counts too, since translated text often varies a letter ("Baghadi").
        """
        key = name_key(text)
        if key in self.keys:
            return True
        return len(key) >= 5 and any(
            len(k) >= 5 and fuzz.ratio(key, k) >= FUZZY_NAME for k in self.keys
        )

    def resolve(self, position: int, description: str | None = None) -> PersonMention | None:
        """The most salient person before ``position`` (or anywhere, if none before it).

        A pronoun goes to a recent person (recency dominates); a description goes to the
        document's topic person (frequency dominates) unless the document apposed it to a name.
        """
        if description and description in self.links:
            before = [m for pos, m in self.links[description] if pos < position]
            if before:
                return self._longest(name_key(before[-1].text), position)
        topical = description is not None
        return self._salient(position, topical) or self._salient(None, topical)

    def _salient(self, position: int | None, topical: bool) -> PersonMention | None:
        counts: dict[str, float] = {}
        last: dict[str, int] = {}
        for m in self.mentions:
            if position is not None and m.start >= position:
                break
            key = name_key(m.text)
            counts[key] = counts.get(key, 0.0) + m.weight
            last[key] = m.end
        if not counts:
            return None

        def score(key: str) -> float:
            frequency = counts[key] if topical else 0.5 * min(counts[key], 6.0)
            if position is None:
                return frequency
            recency = max(0.0, 1.0 - (position - last[key]) / RECENT_CHARS)
            return frequency + (2.0 if topical else 4.0) * recency

        return self._longest(max(counts, key=score), position)

    def _longest(self, key: str, position: int | None) -> PersonMention | None:
        group = [m for m in self.mentions if name_key(m.text) == key]
        before = [m for m in group if position is None or m.start < position] or group
        return max(before, key=lambda m: len(m.text), default=None)


def name_key(name: str) -> str:
    """A crude grouping key for names within one document: the last word, article stripped."""
    words = name.replace("’", "'").split()
    last = words[-1].lower() if words else name.lower()
    last = last.removesuffix("'s")
    for article in _ARTICLES:
        if last.startswith(article):
            last = last[len(article) :]
    return last.strip("-'\"“”")


def index_people(paragraphs: Iterable[tuple[int, Iterable[Span]]]) -> PersonIndex:
    """Person mentions and description links from (offset, entities) of each paragraph.

    Two passes: names the NER labelled PERSON somewhere, then the same names under other labels
    (the small model calls one name PERSON, ORG and GPE in turn within one article).
    """
    index = PersonIndex()
    others: list[PersonMention] = []
    for offset, ents in paragraphs:
        for ent in ents:
            mention = _person_mention(ent, offset)
            if ent.label_ == "PERSON":
                index.add(mention)
                description = _apposed_description(ent)
                if description:
                    index.link(description, mention)
            elif ent.label_ in {"ORG", "GPE", "NORP"}:
                others.append(mention)
    index.finish()
    for mention in others:
        if index.is_person_name(mention.text):
            index.add(mention)
    index.finish()
    return index


def _person_mention(ent: Span, offset: int) -> PersonMention:
    root = ent.root
    speaker = (root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_LEMMAS) or _according_to(root)
    text = strip_possessive(span_text(ent))
    start = offset + ent.start_char
    return PersonMention(start, start + len(text), text, SPEAKER_WEIGHT if speaker else 1.0)


def strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _according_to(token: Token) -> bool:
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _apposed_description(ent: Span) -> str | None:
    """ "the leader of the group, X" / "group leader X": the description lemma linked to X."""
    root = ent.root
    if not root.has_dep():  # NER-only paragraph: read the words just before the name
        before = doc_text(ent.doc)[max(0, ent.start_char - 90) : ent.start_char].lower()
        match = _APPOSED_TEXT.search(before)
        return match.group(1) if match else None
    for child in root.children:
        if child.dep_ in {"compound", "appos"} and child.lemma_.lower() in DESCRIPTIONS:
            return child.lemma_.lower()
    if root.dep_ != "appos":
        return None
    head = root.head
    # The parser may hang the apposition on the last noun of "the leader of the group".
    for _ in range(3):
        if head.lemma_.lower() in DESCRIPTIONS:
            return head.lemma_.lower()
        if head.dep_ not in {"pobj", "prep"}:
            return None
        head = head.head
    return None
