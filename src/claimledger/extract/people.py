"""People in one document: word lists, person mentions, and salience-based resolution.

``index_people`` collects the document's person mentions (the small NER model labels one name
PERSON, ORG and GPE in turn, so names labelled PERSON anywhere count everywhere) and the
descriptions the document apposes to a name ("the leader of the group, X"). ``PersonIndex``
then resolves a pronoun to a recent person and a description to the document's topic person.
Only general English words here; nothing from any particular article.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process
from spacy.tokens import Span, Token

from claimledger.extract.lexicon import SPEAKER_ROLES
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
SPEECH_LEMMAS = frozenset(
    {
        "say", "tell", "add", "note", "explain", "believe", "conclude", "claim", "announce",
        "state", "insist", "quote", "confirm", "acknowledge",
    }
)  # fmt: skip
SPEAKER_WEIGHT = 0.3
# A name inside another person's apposition ("X, the wife of President Y") is background.
BACKGROUND_WEIGHT = 0.4
# Titles and honorifics: not part of a name ("Interior Minister X", "Maj. Gen. X", "Mr. X").
TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "sir", "president", "vice", "prime", "minister",
        "adviser", "advisor", "secretary", "general", "gen", "maj", "major", "colonel", "col",
        "lt", "lieutenant", "captain", "capt", "sgt", "sergeant", "senator", "sen", "rep",
        "governor", "gov", "judge", "justice", "prof", "professor", "chairman", "spokesman",
        "spokesperson", "commander", "chief", "leader", "emir", "amir", "king", "queen",
        "prince", "princess", "sheikh", "shaikh", "national", "security", "interior", "defence",
        "defense", "foreign", "deputy", "former", "late", "slain",
    }
)  # fmt: skip
# A person mentioned within this many characters before a pronoun is a likely antecedent.
RECENT_CHARS = 600
NON_PERSON_LABELS = frozenset(
    {"GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"}
)
_APPOSED_TEXT = re.compile(
    rf"\b({'|'.join(sorted(DESCRIPTIONS))})(?:\s+of\s+[^,;.]{{1,60}}?,|,)?\s+$"
)
_ROLES = "|".join(sorted(SPEAKER_ROLES))
_ROLE_BEFORE = re.compile(rf"\b(?:{_ROLES})s?,?\s+$")
_ROLE_AFTER = re.compile(rf"^,\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}(?:{_ROLES})\b")
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
# Last words of street names and of bodies that the tagger may take for a person's name.
STREET_WORDS = frozenset(
    {"road", "street", "drive", "avenue", "lane", "boulevard", "highway", "square", "way",
     "close", "crescent", "terrace", "place", "park", "bridge", "area", "district"}
)  # fmt: skip
BODY_WORDS = frozenset({"services", "hospital", "school", "college", "club", "airport", "station"})
# Similarity (0-100) at which two name keys in one document are taken as one spelling, for
# words of at least _FUZZY_MIN letters (shorter ones must be equal).
FUZZY_NAME = 85
_FUZZY_MIN = 5
_ARTICLES = ("al-", "el-", "al ", "el ", "ad-", "ash-", "as-", "ar-", "at-", "az-", "an-")
# Articles written as words of a name ("al-Julani" -> "al", "julani"): no part of the match.
_ARTICLE_WORDS = frozenset({"al", "el", "ad", "ash", "as", "ar", "at", "az", "an", "ul", "ur"})
_INNER_POSSESSIVE = re.compile(r"['’]s\s")
_NAME_SPLIT = re.compile(r"[\s\-‐–]+")


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    text: str
    weight: float = 1.0
    # Named as the one who speaks ("X said", "according to X"), not as one spoken of.
    speaking: bool = False


class _Vocabulary:
    """The words of a document's names, and for any word those ``_same_word`` as it.

    Comparing every name with every person one word pair at a time made a document of a few
    thousand names cost minutes (the comparisons grow with the square of the names); here each
    word's spellings are found once, by rapidfuzz over the words of compatible length, in C.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(self.words):
            if len(word) >= _FUZZY_MIN:
                self._by_length[len(word)].append(word)
        self._same: dict[str, frozenset[str]] = {}

    def same(self, word: str) -> frozenset[str]:
        """The words of the vocabulary that ``_same_word`` holds for with ``word``."""
        found = self._same.get(word)
        if found is None:
            found = frozenset({word, *self._spellings(word)})
            self._same[word] = found
        return found

    def _spellings(self, word: str) -> Iterable[str]:
        if len(word) < _FUZZY_MIN:
            return ()
        # fuzz.ratio is 100 * (1 - distance / (len(a) + len(b))) and the distance is at least
        # the difference in length, so only lengths within this band can reach FUZZY_NAME.
        share = (100 - FUZZY_NAME) / 100
        # One more on each side: the cut-off decides, not float rounding at the band's edges.
        low = math.ceil(len(word) * (1 - share) / (1 + share)) - 1
        high = math.floor(len(word) * (1 + share) / (1 - share)) + 1
        return [
            found
            for length in range(max(low, _FUZZY_MIN), high + 1)
            for found, _, _ in process.extract(
                word,
                self._by_length.get(length, ()),
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_NAME,
                limit=None,
            )
        ]


@dataclass(slots=True)
class PersonIndex:
    """The document's person mentions, grouped into people, for resolving pronouns,
    descriptions and short names ("Mehsud", "Kim", "bin Laden") by salience.

    Two full names are two people even when they share a word ("Baitullah Mehsud",
    "Hakimullah Mehsud"); a shorter name whose words all belong to one of them is that
    person, and one whose words fit several goes to the most salient of those where it stands.
    """

    mentions: list[PersonMention] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    # description lemma -> (position, name mention) where the document apposed them
    links: dict[str, list[tuple[int, PersonMention]]] = field(default_factory=dict)
    # aligned with ``mentions``: the person (cluster number) each mention names
    people: list[int] = field(default_factory=list)
    # each person's words (those of the longest name first met), by cluster number
    words: list[tuple[str, ...]] = field(default_factory=list)
    # entity texts the document gives places and organisations (lowercase)
    non_persons: set[str] = field(default_factory=set)
    # mentions the document introduces by a speaker's role ("spokesman X", "Supt X said")
    sources: list[PersonMention] = field(default_factory=list)
    # Indexes built by ``finish`` so that no question about one name reads every mention or
    # every person (a document of thousands of names asks thousands of them): the words of
    # the names; for each word, the people whose words hold it; each mention's place in
    # ``mentions`` (by identity); each person's mentions, in document order; and where each
    # person is first named other than as a speaker.
    _vocabulary: _Vocabulary = field(default_factory=lambda: _Vocabulary(()), repr=False)
    _by_word: dict[str, set[int]] = field(default_factory=dict, repr=False)
    _slot: dict[int, int] = field(default_factory=dict, repr=False)
    _members: list[list[int]] = field(default_factory=list, repr=False)
    _first_unspoken: dict[int, int] = field(default_factory=dict, repr=False)
    _long_keys: list[str] = field(default_factory=list, repr=False)

    def add(self, mention: PersonMention) -> None:
        self.mentions.append(mention)

    def link(self, lemma: str, mention: PersonMention) -> None:
        self.links.setdefault(lemma, []).append((mention.start, mention))

    def finish(self) -> None:
        self.mentions.sort(key=lambda m: m.start)
        self.keys = {name_key(m.text) for m in self.mentions}
        self._long_keys = sorted(k for k in self.keys if len(k) >= _FUZZY_MIN)
        words = {w for m in self.mentions for w in name_words(m.text)}
        if words != self._vocabulary.words:
            self._vocabulary = _Vocabulary(words)
        self._slot = {id(m): k for k, m in enumerate(self.mentions)}
        self._cluster()
        self._members = [[] for _ in self.words]
        self._first_unspoken = {}
        for k, m in enumerate(self.mentions):
            person = self.people[k]
            self._members[person].append(k)
            if not m.speaking:
                self._first_unspoken.setdefault(person, m.start)

    def is_person_name(self, text: str) -> bool:
        """Whether a name the NER labelled otherwise is labelled PERSON elsewhere in the document.

        The small NER model labels the same name differently from sentence to sentence; a close
        spelling counts too, since translated text often varies a letter ("Baghadi").
        """
        key = name_key(text)
        if key in self.keys:
            return True
        return (
            len(key) >= _FUZZY_MIN
            and process.extractOne(key, self._long_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_NAME)
            is not None
        )

    def resolve(
        self,
        position: int,
        description: str | None = None,
        exclude: frozenset[int] = frozenset(),
        *,
        not_ahead: frozenset[int] = frozenset(),
    ) -> PersonMention | None:
        """The most salient person before ``position`` (or anywhere, if none before it).

        A pronoun goes to a recent person (recency dominates); a description goes to the
        document's topic person (frequency dominates) unless the document apposed it to a name.
        ``exclude``: people the sentence already names otherwise (a description is someone else).
        ``not_ahead``: where names stand later in the pronoun's sentence that it cannot point
        forward to; a person first named there is someone else ("after she was charged with
        the murder of her mother, X").
        """
        if description and description in self.links:
            before = [m for pos, m in self.links[description] if pos < position]
            before = [m for m in before if self._person_at(m) not in exclude]
            if before:
                return self._canonical(self._person_at(before[-1]), position)
        topical = description is not None
        if not topical:
            exclude = exclude | self._only_speaking(position)
        found = self._salient(position, topical, exclude=exclude)
        if found is None:
            if not_ahead:
                exclude = exclude | self._first_named_at(not_ahead)
            found = self._salient(None, topical, exclude=exclude)
        return None if found is None else self._canonical(found, position)

    def _first_named_at(self, positions: frozenset[int]) -> frozenset[int]:
        """People whose first mention starts at one of ``positions``."""
        return frozenset(
            p
            for p, members in enumerate(self._members)
            if members and self.mentions[members[0]].start in positions
        )

    def _only_speaking(self, position: int) -> frozenset[int]:
        """People met before ``position`` only as a role's voice ("police spokesman X said"): a
        pronoun in a report of harm is about someone they speak of, not about them; when
        nobody else is named, it is someone the text does not name."""
        roles = {self._person_at(m) for m in self.sources}
        return frozenset(
            person for person in roles if self._first_unspoken.get(person, position) >= position
        )

    def person_of(self, text: str, position: int) -> int | None:
        """The person a name written at ``position`` stands for, or None if none fits."""
        fits = self._fitting(name_words(text))
        if len(fits) <= 1:
            return fits[0] if fits else None
        return self._salient(position, topical=False, among=frozenset(fits)) or fits[0]

    def canonical(self, text: str, position: int) -> PersonMention | None:
        """The fullest name of the person a shorter name stands for ("Mehsud" -> the Mehsud
        most salient there), or None when ``text`` is that full name or no person fits."""
        person = self.person_of(text, position)
        if person is None:
            return None
        full = self._canonical(person, position)
        if full is None or len(name_words(full.text)) <= len(name_words(text)):
            return None
        return full

    def key(self, name: str, position: int) -> str:
        """A key for one person within the document (two namesakes get two keys)."""
        person = self.person_of(name, position)
        return f"person:{person}" if person is not None else name_key(name)

    def _cluster(self) -> None:
        """Group the mentions into people: longest names first, then shorter ones into the
        one person whose words hold theirs (several: the most salient where they stand)."""
        self.people = [-1] * len(self.mentions)
        self.words = []
        self._by_word = {}
        order = sorted(
            range(len(self.mentions)), key=lambda k: -len(name_words(self.mentions[k].text))
        )
        ambiguous: list[int] = []
        for k in order:
            words = name_words(self.mentions[k].text)
            fits = self._fitting(words)
            if not fits:
                self.people[k] = self._new_person(words)
            elif len(fits) == 1:
                self.people[k] = fits[0]
            else:
                ambiguous.append(k)
        for k in sorted(ambiguous):  # in document order, each choice counts for the next
            candidates = frozenset(self._fitting(name_words(self.mentions[k].text)))
            start = self.mentions[k].start
            chosen = self._salient(start, topical=True, among=candidates)
            self.people[k] = chosen if chosen is not None else min(candidates)

    def _new_person(self, words: tuple[str, ...]) -> int:
        self.words.append(words)
        person = len(self.words) - 1
        for word in words:
            self._by_word.setdefault(word, set()).add(person)
        return person

    def _fitting(self, words: tuple[str, ...]) -> list[int]:
        """The people whose words hold every word of a name (``_words_within``), in order."""
        if not words:
            return []
        candidates: set[int] | None = None
        for word in words:
            holding: set[int] = set()
            for spelling in self._vocabulary.same(word) & self._by_word.keys():
                holding |= self._by_word[spelling]
            candidates = holding if candidates is None else candidates & holding
            if not candidates:
                return []
        assert candidates is not None
        return sorted(p for p in candidates if len(words) <= len(self.words[p]))

    def _person_at(self, mention: PersonMention) -> int:
        # By identity, as before: a mention replaced since (re-weighed) is no longer found.
        k = self._slot.get(id(mention))
        return -1 if k is None or self.mentions[k] is not mention else self.people[k]

    def _salient(
        self,
        position: int | None,
        topical: bool,
        *,
        among: frozenset[int] | None = None,
        exclude: frozenset[int] = frozenset(),
    ) -> int | None:
        """The most salient person before ``position``: frequency plus recency, each mention
        counted by its weight (a speaker's or a background mention counts less)."""
        counts: dict[int, float] = {}
        recent: dict[int, float] = {}
        for k, m in enumerate(self.mentions):
            if position is not None and m.start >= position:
                break
            person = self.people[k]
            if person < 0 or person in exclude or (among is not None and person not in among):
                continue
            counts[person] = counts.get(person, 0.0) + m.weight
            if position is not None:
                near = max(0.0, 1.0 - (position - m.end) / RECENT_CHARS)
                recent[person] = max(recent.get(person, 0.0), m.weight * near)
        if not counts:
            return None

        def score(person: int) -> float:
            frequency = counts[person] if topical else 0.5 * min(counts[person], 6.0)
            return frequency + (2.0 if topical else 4.0) * recent.get(person, 0.0)

        return max(counts, key=score)

    def _canonical(self, person: int, position: int | None) -> PersonMention | None:
        """The person's usual full name: the most frequent of its longer forms (a name the NER
        ran into the next word, "X Y" + "Z", is seldom repeated), before ``position`` if there
        is one."""
        group = [self.mentions[k] for k in self._members[person]] if person >= 0 else []
        before = [m for m in group if position is None or m.start < position] or group
        counts = Counter(name_words(m.text) for m in group)
        longest = max((len(name_words(m.text)) for m in before), default=0)
        full = [m for m in before if len(name_words(m.text)) >= min(2, longest)]
        return max(full, key=lambda m: (counts[name_words(m.text)], *_fullness(m)), default=None)


def _fullness(mention: PersonMention) -> tuple[int, float, int]:
    return (len(name_words(mention.text)), mention.weight, len(mention.text))


@lru_cache(maxsize=1 << 16)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a name that identify a person: no titles, articles, initials, possessive."""
    words = []
    for word in _NAME_SPLIT.split(strip_possessive(name.replace("’", "'")).lower()):
        word = word.strip(".,;:'\"“”()[]")
        if len(word) < 2 or "." in word or word in TITLES or word in _ARTICLE_WORDS:
            continue
        words.append(word)
    return tuple(words)


def _words_within(words: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """Whether every word of a name is a word of a known (longer or equal) name."""
    return len(words) <= len(known) and all(any(_same_word(w, k) for k in known) for w in words)


def _same_word(a: str, b: str) -> bool:
    return a == b or (
        len(a) >= _FUZZY_MIN and len(b) >= _FUZZY_MIN and fuzz.ratio(a, b) >= FUZZY_NAME
    )


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
    (the small model calls one name PERSON, ORG and GPE in turn within one article). A person
    the document introduces by a speaker's role ("spokesman X") is a source throughout: all
    their mentions weigh as a speaker's.
    """
    index = PersonIndex()
    others: list[tuple[PersonMention, Span]] = []
    sources: list[PersonMention] = []
    for offset, ents in paragraphs:
        for ent in ents:
            mention = _person_mention(ent, offset)
            if ent.label_ == "PERSON" and _thing_name(ent):
                index.non_persons.add(span_text(ent).lower())
            elif ent.label_ == "PERSON" and _names_an_institution(ent):
                continue  # "the Davis administration": no mention of Davis himself
            elif ent.label_ == "PERSON":
                index.add(mention)
                description = _apposed_description(ent)
                if description:
                    index.link(description, mention)
                if _speaker_role(ent):
                    sources.append(mention)
            elif ent.label_ in {"ORG", "GPE", "NORP"}:
                others.append((mention, ent))
    index.finish()
    for mention, ent in others:
        if index.is_person_name(mention.text):
            index.add(mention)
        elif not _before_person(ent):  # "Karim" GPE + "Haddad" PERSON may be a first name
            index.non_persons.add(span_text(ent).lower())
    index.finish()
    if sources:
        _weigh_sources(index, sources)
        starts = {s.start for s in sources}
        index.sources = [m for m in index.mentions if m.start in starts]
    return index


def _thing_name(ent: Span) -> bool:
    """A name tagged PERSON that ends in a street's or an organisation's word ("the Joe
    Farrington Road", "Emergency Medical Services"): a place or a body, not a person."""
    last = ent[-1].lower_ if len(ent) else ""
    return len(ent) >= 2 and (last in STREET_WORDS or last in ORG_WORDS or last in BODY_WORDS)


# Nouns a leader's name modifies without the leader being spoken of ("the Davis
# administration", "the Obama era").
INSTITUTION_WORDS = frozenset(
    {"administration", "government", "regime", "era", "cabinet", "presidency", "campaign",
     "doctrine", "years"}
)  # fmt: skip


def _names_an_institution(ent: Span) -> bool:
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return following is not None and following.lower_ in INSTITUTION_WORDS


def _before_person(ent: Span) -> bool:
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return following is not None and following.ent_type_ == "PERSON"


def _weigh_sources(index: PersonIndex, sources: list[PersonMention]) -> None:
    # Membership by value, as a list's ``in`` tests it (mentions are frozen dataclasses).
    listed = set(sources)
    speakers = {index.people[k] for k, m in enumerate(index.mentions) if m in listed}
    index.mentions = [
        replace(m, weight=min(m.weight, SPEAKER_WEIGHT)) if index.people[k] in speakers else m
        for k, m in enumerate(index.mentions)
    ]
    index.finish()


# A name followed by a speech verb ("X said", "X, a spokesman, told"), or after "according to".
_SAID_AFTER = re.compile(
    rf"(?:,[^,.]{{1,60}},)?\s+(?:{'|'.join(sorted(SPEECH_LEMMAS))}|said|says|told|added|"
    r"stated|explained|noted|announced|claimed|insisted|confirmed)\b"
)
_ACCORDING_BEFORE = re.compile(r"\baccording to\s+(?:the\s+)?$", re.IGNORECASE)


def _person_mention(ent: Span, offset: int) -> PersonMention:
    root = ent.root
    if root.has_dep():
        speaking = _speaking(root) or _according_to(root)
    else:  # NER-only paragraph: read the words around the name
        text = doc_text(ent.doc)
        speaking = bool(
            _SAID_AFTER.match(text, ent.end_char)
            or _ACCORDING_BEFORE.search(text[max(0, ent.start_char - 20) : ent.start_char])
        )
    weight = 1.0
    if speaking:
        weight = SPEAKER_WEIGHT
    elif root.has_dep() and _background(root):
        weight = BACKGROUND_WEIGHT
    text = strip_possessive(span_text(ent))
    start = offset + ent.start_char
    return PersonMention(start, start + len(text), text, weight, speaking)


def _speaking(token: Token) -> bool:
    """The subject of a speech verb, or one of a list of such subjects ("X and Y said")."""
    for _ in range(4):
        if token.dep_ == "nsubj":
            return token.head.lemma_ in SPEECH_LEMMAS
        if token.dep_ not in {"conj", "appos"}:
            return False
        token = token.head
    return False


def _background(token: Token) -> bool:
    """A name inside another noun's apposition or in the "of" of a relational noun ("Y,
    the wife of President Z"): said in passing about someone else."""
    while token.dep_ in {"compound", "flat"}:
        token = token.head
    for _ in range(6):
        head = token.head
        if head is token or head.pos_ in {"VERB", "AUX"}:
            return False
        if token.dep_ == "appos" and head.pos_ == "PROPN":
            return True
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in RELATIONAL:
            return True
        token = head
    return False


def _speaker_role(ent: Span) -> bool:
    """ "spokesman X", "X, a spokesman for Y", "the group's spokesman, X"."""
    root = ent.root
    if not root.has_dep():  # NER-only paragraph: read the words around the name
        text = doc_text(ent.doc)
        before = text[max(0, ent.start_char - 40) : ent.start_char].lower()
        after = text[ent.end_char : ent.end_char + 60].lower()
        return bool(_ROLE_BEFORE.search(before) or _ROLE_AFTER.match(after))
    for child in root.children:
        if child.dep_ in {"compound", "appos"} and child.lemma_.lower() in SPEAKER_ROLES:
            return True
    return root.dep_ == "appos" and root.head.lemma_.lower() in SPEAKER_ROLES


def strip_possessive(text: str) -> str:
    """The name without its possessive ending, and without what follows a possessive inside
    it (a headline's "X's Death" as one entity is the name X)."""
    inner = _INNER_POSSESSIVE.search(text)
    if inner is not None:
        text = text[: inner.start()]
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
