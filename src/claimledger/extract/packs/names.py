"""Person names beyond what a backend finds: Arabic name shapes, and names already known.

Arabic script (Arabic, Persian, Urdu) has no capitals, so names are found by their shape — a
kunya ("أبو محمد الجولاني"), a patronymic ("حمزة بن لادن"), a title ("الملا عمر") — and by a
gazetteer: any run of words whose transliteration keys match a person the ledger (or this
document) already knows, whatever the script ("حكيم الله محسود" once "Hakimullah Mehsud" is
known). The gazetteer is a protocol so extraction stays a plain function: the pipeline passes
one backed by its entity index (``IndexGazetteer``), tests pass a set of names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from claimledger.extract.packs.analysis import NameSpan, Sentence, Token, arabic_bare
from claimledger.extract.packs.pack import LanguagePack, fold
from claimledger.resolve.index import EntityIndex
from claimledger.resolve.keys import (
    HYPHEN_ARTICLES,
    PARTICLES,
    SEPARATE_ARTICLES,
    name_key,
    name_tokens,
    similarity,
    skeleton,
)

# Words in a gazetteer match, at most (a kunya, a given name, a father's name, a surname).
MAX_NAME_WORDS = 4
# How alike a run of words and a known name must be (the resolver's keys, ``similarity``).
GAZETTEER_MATCH = 0.88
# A one-word match needs a distinctive skeleton: "km" (كيم, Kim) is also "how many".
MIN_SINGLE_SKELETON = 3
# Words a title ("الملا") takes after it as the name: a given name and a father's name.
TITLE_NAME_WORDS = 2
_KUNYA = frozenset(fold(w) for w in ("أبو", "ابو", "أبا", "ابا", "أبي", "ابي", "أم", "ام"))
_IBN = frozenset(fold(w) for w in ("بن", "ابن"))


class Gazetteer(Protocol):
    def is_person(self, name: str) -> bool:
        """Whether ``name`` (a run of words in any script) names a person already known."""
        ...

    def is_other(self, name: str) -> bool:
        """Whether ``name`` names a known organisation or place and no known person."""
        ...

    def known_name(self, name: str) -> str | None:
        """The name the ledger gives the one person known as ``name`` in any script."""
        ...


@dataclass(slots=True)
class NameSet:
    """A gazetteer of given names, compared by the resolver's keys (tests, a watchlist)."""

    names: set[str] = field(default_factory=set)

    def is_person(self, name: str) -> bool:
        return any(_alike(name, known) for known in self.names)

    def is_other(self, name: str) -> bool:
        return False  # a set of person names knows no organisations

    def known_name(self, name: str) -> str | None:
        return next((known for known in sorted(self.names) if _alike(name, known)), None)


def _alike(name: str, known: str) -> bool:
    tokens, known_tokens = name_tokens(name), name_tokens(known)
    if not tokens or not known_tokens:
        return False
    if len(tokens) == 1:
        skel = skeleton(tokens[0])
        return len(skel) >= MIN_SINGLE_SKELETON and any(
            skeleton(t) == skel for t in known_tokens if len(known_tokens) >= 2
        )
    # Every word of the run must be a word of the known name by its skeleton: unvowelled
    # Arabic words are short, and a loose likeness finds names in ordinary words ("طيار يوم",
    # pilot ... day, is 0.89 like "تحرير الشام").
    known_skeletons = {skeleton(t) for t in known_tokens}
    if not all(skeleton(t) in known_skeletons for t in tokens):
        return False
    return similarity(name, known) >= GAZETTEER_MATCH


def arabic_names(sentence: Sentence, pack: LanguagePack) -> list[NameSpan]:
    """Names an Arabic sentence shows by their shape: kunya, patronymic, title + name."""
    tokens = sentence.tokens
    out: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        word = arabic_bare(token.text)
        if word in _KUNYA and i + 1 < len(tokens):
            end = i + 1
            if end + 1 < len(tokens) and fold(tokens[end + 1].text).startswith("ال"):
                end += 1
            out.append((i, end))
        elif word in _IBN and 0 < i < len(tokens) - 1 and fold(token.text) == "بن":
            first = i - 1 if _given_name(tokens[i - 1], pack) else i
            out.append((first, i + 1))
        elif fold(token.text) in pack.name_titles and i + 1 < len(tokens):
            end = i
            while (
                end + 1 < len(tokens)
                and end - i < TITLE_NAME_WORDS
                and _given_name(tokens[end + 1], pack)
                and tokens[end + 1].start - tokens[end].end == 1  # a space, no punctuation
            ):
                end += 1
            if end > i:
                out.append((i, end))
    return [
        NameSpan(tokens[a].start, tokens[b].end, _text(tokens[a : b + 1])) for a, b in _merge(out)
    ]


def _given_name(token: Token, pack: LanguagePack) -> bool:
    """A word that may be part of a name: not a function word, cue, trigger or title."""
    word = fold(token.text)
    if word in pack.source_stops or word in pack.negations or word in pack.name_titles:
        return False
    if token.forms & pack.triggers.keys():
        return False
    return not word.startswith("ال") and word not in _IBN


def _text(tokens: Iterable[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:  # overlapping runs make one name
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def gazetteer_names(
    text: str, sentence: Sentence, gazetteer: Gazetteer, *, taken: list[NameSpan]
) -> list[NameSpan]:
    """Runs of words (longest first) that name a person the gazetteer knows, outside the
    names already found."""
    tokens = sentence.tokens
    busy = [(n.start, n.end) for n in taken]
    persian = _PERSIAN_LETTERS.search(text, sentence.start, sentence.end) is not None
    out: list[NameSpan] = []
    i = 0
    while i < len(tokens):
        found = None
        for size in range(min(MAX_NAME_WORDS, len(tokens) - i), 0, -1):
            run = tokens[i : i + size]
            if any(s < run[-1].end and run[0].start < e for s, e in busy):
                continue
            if size == 1 and not _worth_one(run[0]):
                continue
            if size > 1 and not _written_as_name(run):
                continue  # "de la", "que fue": lower-case words are no name in these scripts
            if any(t.cue for t in run):
                continue  # "حکیم اللہ محسود مارا": a loose match would take the verb after it
            if size > 1 and any(_function_word(t) for t in run):
                # "محسود في", "محسود الذي": the name ends before "in", "who"; "که سلیم": it
                # begins after "that"
                continue
            matched = _known_run(run, gazetteer, persian=persian)
            if matched is not None:
                # "لبيت الله محسود" (for Baitullah Mehsud): the name starts after the clitic.
                start = run[0].start + (_clitic_length(run[0].text) if matched == "bare" else 0)
                found = NameSpan(start, run[-1].end, text[start : run[-1].end])
                i += size
                break
        if found is None:
            i += 1
        else:
            out.append(found)
    return out


# Lower-case words a name written in Latin or Cyrillic letters may hold ("Abu Bakr al-Baghdadi",
# "Усама бен Ладен", "Ursula von der Leyen").
_LOWER_IN_NAMES = frozenset(
    {
        *PARTICLES,
        *HYPHEN_ARTICLES,
        *SEPARATE_ARTICLES,
        "bin",
        "ben",
        "ibn",
        "бен",
        "бин",
        "ибн",
        "аль",
        "абу",
        "de",
        "da",
        "del",
        "della",
        "di",
        "du",
        "van",
        "von",
        "der",
        "la",
        "le",
    }
)


def _written_as_name(run: Sequence[Token]) -> bool:
    """A run in a script with capitals opens with a capital and holds no lower-case word but
    a name particle; Arabic-script runs have no capitals to tell."""
    words = [t.text for t in run]
    if all(_is_ar(w) for w in words):
        return True
    if not (words[0][:1].isupper() or _glued_capital(words[0])):
        return False
    return all(
        w[:1].isupper() or _glued_capital(w) or w.casefold() in _LOWER_IN_NAMES for w in words
    )


def _glued_capital(word: str) -> bool:
    head, _, rest = word.partition("-")  # "al-Jawlani"
    return bool(rest) and len(head) <= 3 and rest[:1].isupper()


def _clitic_length(word: str) -> int:
    """Letters of a conjunction or preposition glued before an Arabic name ("و", "ل", "ب")."""
    if not _is_ar(word):
        return 0
    folded, bare = fold(word), arabic_bare(word)
    # Only a clitic written before the name as it stands ("ب" of "بالجولاني"); "للجولاني"
    # merges the article into the preposition and keeps its letters.
    return len(folded) - len(bare) if folded.endswith(bare) else 0


def _known_run(run: tuple[Token, ...], gazetteer: Gazetteer, *, persian: bool) -> str | None:
    """How a run of words names a known person, if it does. Arabic-script words are compared
    without a leading conjunction or preposition (``bare``: "ولحمزة", and for Hamza); in Persian
    and Urdu, which glue no such words on, as written (``written``: "بشیر", Bashir, begins with
    the letter of Arabic's "with"; "حمزہ" keeps the Urdu heh the name keys read as "-a")."""
    if persian:
        return "written" if gazetteer.is_person(" ".join(t.text for t in run)) else None
    # Only a name's first word carries a glued preposition ("لبيت الله محسود"); "بلمختار"
    # (Belmokhtar) inside a name keeps its first letter.
    words = [t.text for t in run]
    if _is_ar(words[0]):
        bare = [arabic_bare(words[0]), *words[1:]]
        if bare != words and gazetteer.is_person(" ".join(bare)):
            return "bare"
    return "written" if gazetteer.is_person(" ".join(words)) else None


# Letters Persian and Urdu write and Arabic does not: a sentence with one is not Arabic.
_PERSIAN_LETTERS = re.compile("[یکہۃۀگپچژےںٹڈڑ]")


# Words that follow a name without being part of it: relative pronouns ("X, who ..."), and the
# Persian and Urdu postpositions, conjunctions and auxiliaries of three letters or more (shorter
# Arabic-script words are function words anyway).
_RELATIVES = frozenset(
    fold(w)
    for w in (
        *("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "который", "которая", "которые"),
        *("який", "яка", "які", "این", "است", "بود", "های", "روز", "میں", "اور", "جنہوں"),
        *("جنہیں", "تھا", "تھے", "تھی", "گیا", "گئے", "گئی", "ہیں", "والے", "ایک"),
    )
)


def _function_word(token: Token) -> bool:
    """A word no name goes on with: a relative pronoun, or an Arabic-script word of fewer than
    three letters ("في", "من", "و", "کے")."""
    word = fold(token.text).strip("،,.;:")
    if word in _IBN or word in _KUNYA:
        return False  # "بن" of "أسامة بن لادن", "أم" of "أم محمد" are short and in the name
    return word in _RELATIVES or (_is_ar(word) and len(word) < 3)


def _worth_one(token: Token) -> bool:
    """A single word looked up alone: a capitalised word (not an acronym such as "СМИ"), or an
    Arabic word (no capitals)."""
    word = token.text
    if _is_ar(word) or (word[:1].isupper() and not word.isupper()):
        return True
    return _glued_capital(word)  # "al-Jawlani" written in the middle of a sentence


def _is_ar(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def document_gazetteer(names: Iterable[NameSpan]) -> NameSet:
    """The names found so far in a document, for its later short mentions ("الجولاني")."""
    return NameSet({n.text for n in names if len(n.text.split()) >= 2})


@dataclass(slots=True)
class Gazetteers:
    """Several gazetteers as one: the ledger's and the document's own."""

    parts: list[Gazetteer]

    def is_person(self, name: str) -> bool:
        return any(g.is_person(name) for g in self.parts)

    def is_other(self, name: str) -> bool:
        return any(g.is_other(name) for g in self.parts)

    def known_name(self, name: str) -> str | None:
        return next((n for g in self.parts if (n := g.known_name(name)) is not None), None)


class IndexGazetteer:
    """The persons of the ledger's entity index, looked up by blocking on token keys: a run of
    words is compared only with the few persons that share a key with it."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index

    def is_person(self, name: str) -> bool:
        return "person" in self._kinds(name)

    def known_name(self, name: str) -> str | None:
        """The ledger's name (Latin script when it has one) of the one person known under a
        spelling alike ``name``, or ``None`` when none or several are."""
        tokens = name_tokens(name)
        if not tokens:
            return None
        found = {
            record.name
            for record in map(self.index.get, self.index.candidates(tokens))
            if record.type == "person" and any(_alike(name, known) for known in record.names)
        }
        return found.pop() if len(found) == 1 else None

    def is_other(self, name: str) -> bool:
        """A name the ledger knows only as an organisation or place ("Hayat Tahrir al-Sham",
        read from English text), compared by its whole key, not by likeness: a person named
        after a place keeps his name."""
        kinds = self._kinds(name, exact=True)
        return bool(kinds) and "person" not in kinds

    def _kinds(self, name: str, *, exact: bool = False) -> set[str]:
        tokens = name_tokens(name)
        if not tokens:
            return set()
        key = name_key(name)
        kinds: set[str] = set()
        for entity_id in self.index.candidates(tokens):
            record = self.index.get(entity_id)
            if record.type in kinds:
                continue
            if exact:
                if any(name_key(known) == key for known in record.names):
                    kinds.add(record.type)
            elif any(_alike(name, known) for known in record.names):
                kinds.add(record.type)
        return kinds
