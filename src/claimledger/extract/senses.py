"""Senses of trigger words: said of a thing or in an idiom, a trigger reports nothing.

"We released the latest version", "the battery died", "the project was killed", "executed the
plan", "a free trial", "people are dying to get in", "made a killing", "captured on camera":
the trigger words of ``claimledger.extract.predicates`` used of things or in idioms. A trigger
is set aside when its patient -- the object of an active transitive trigger, the subject of a
passive or intransitive one, the possessor or "of" object of an event noun, what an adjective
is said of -- is a thing and not a person, or when the trigger stands in one of the idioms of
the language's sense data (``claimledger/data/en/senses.yaml``, loaded once).

A patient is a person when spaCy labels it PERSON, when it is a personal pronoun or a person
noun ("the commander", "civilians"); a thing when it is a thing noun ("version", "battery",
"plan"), a thing pronoun ("it"), an entity of a non-person label (PRODUCT, WORK_OF_ART, MONEY),
or a name with a version number ("Tarvo 3.8"). Anything else is left to the subject finder:
only a patient known to be a thing rejects a trigger, so unknown words keep their claims.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from spacy.tokens import Span, Token

from claimledger.errors import ClaimledgerError
from claimledger.extract.people import HUMAN_NOUNS
from claimledger.extract.syntax import is_passive

logger = logging.getLogger(__name__)

SENSES_FILE = "data/en/senses.yaml"
# A version number: "3.8", "2.0.1", "v10", "3.x".
_VERSION = re.compile(r"^v?\d+(?:\.(?:\d+|x))+[a-z]?$|^v\d+$", re.IGNORECASE)
_RELATIVES = frozenset({"which", "that", "who", "whom"})
_DEMONSTRATIVES = frozenset({"that", "this", "these", "those"})
# Destinations of "moved to"/"fled to"/"left for": what follows must be a place.
_DESTINATION_PREPS = frozenset({"to", "into", "for"})
# German function words needed in a sentence before its "die" is read as the article.
_FOREIGN_MIN = 2


class SenseDataError(ClaimledgerError):
    """The sense data file is missing a key or has a value of the wrong shape."""


@dataclass(frozen=True, slots=True)
class VerbIdiom:
    """One idiom of a trigger verb: every condition given must hold (see senses.yaml)."""

    particles: frozenset[str] = frozenset()
    advmods: frozenset[str] = frozenset()
    prep: str | None = None
    objects: frozenset[str] | None = None  # None: any object
    stranded: bool = False
    progressive: bool = False
    xcomp: bool = False
    subjects: frozenset[str] = frozenset()
    conj: frozenset[str] = frozenset()
    passive_object: bool = False


@dataclass(frozen=True, slots=True)
class NounIdiom:
    """The uses of a trigger noun that name no event (see senses.yaml)."""

    modifiers: frozenset[str] = frozenset()
    head_verbs: frozenset[str] = frozenset()
    under: frozenset[str] = frozenset()
    conj: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Senses:
    """The cue lists of one language's sense data."""

    version: str
    person_nouns: frozenset[str]
    thing_nouns: frozenset[str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    place_nouns: frozenset[str]
    thing_labels: frozenset[str]
    not_place_labels: frozenset[str]
    verb_idioms: Mapping[str, tuple[VerbIdiom, ...]]
    noun_idioms: Mapping[str, NounIdiom]
    foreign_function_words: frozenset[str]
    illness_nouns: frozenset[str]
    struggle_words: frozenset[str]
    medical_operation_modifiers: frozenset[str]
    medical_operation_verbs: frozenset[str]


@cache
def load_senses() -> Senses:
    """The English sense data, read from the package once."""
    resource = files("claimledger").joinpath(SENSES_FILE)
    origin = str(resource)
    try:
        data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SenseDataError(f"{origin}: cannot read the sense data: {exc}") from exc
    if not isinstance(data, dict):
        raise SenseDataError(f"{origin}: expected a mapping of cue lists, got {type(data)}")
    return _senses(data, origin)


def _senses(data: dict[str, Any], origin: str) -> Senses:
    def words(key: str) -> frozenset[str]:
        return _words(data.get(key), f"{origin}: {key}")

    verbs = data.get("verb_idioms") or {}
    nouns = data.get("noun_idioms") or {}
    if not isinstance(verbs, dict) or not isinstance(nouns, dict):
        raise SenseDataError(f"{origin}: verb_idioms and noun_idioms must be mappings")
    return Senses(
        version=str(data.get("version", "")),
        person_nouns=words("person_nouns") | HUMAN_NOUNS,
        thing_nouns=words("thing_nouns"),
        person_pronouns=words("person_pronouns"),
        thing_pronouns=words("thing_pronouns"),
        place_nouns=words("place_nouns"),
        thing_labels=words("thing_labels"),
        not_place_labels=words("not_place_labels"),
        verb_idioms={
            lemma: tuple(_verb_idiom(p, f"{origin}: verb_idioms.{lemma}") for p in patterns)
            for lemma, patterns in verbs.items()
        },
        noun_idioms={
            lemma: _noun_idiom(fields, f"{origin}: noun_idioms.{lemma}")
            for lemma, fields in nouns.items()
        },
        foreign_function_words=words("foreign_function_words"),
        illness_nouns=words("illness_nouns"),
        struggle_words=words("struggle_words"),
        medical_operation_modifiers=words("medical_operation_modifiers"),
        medical_operation_verbs=words("medical_operation_verbs"),
    )


def _words(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise SenseDataError(f"{where}: expected a list of words, got {value!r}")
    return frozenset(value)


_VERB_FIELDS = frozenset(VerbIdiom.__slots__)
_NOUN_FIELDS = frozenset(NounIdiom.__slots__)


def _verb_idiom(pattern: object, where: str) -> VerbIdiom:
    if not isinstance(pattern, dict) or not set(pattern) <= _VERB_FIELDS:
        raise SenseDataError(f"{where}: expected a mapping of {sorted(_VERB_FIELDS)}")
    objects = pattern.get("objects")
    return VerbIdiom(
        particles=_words(pattern.get("particles", []), where),
        advmods=_words(pattern.get("advmods", []), where),
        prep=pattern.get("prep"),
        objects=None if objects in (None, "*") else _words(objects, where),
        stranded=bool(pattern.get("stranded", False)),
        progressive=bool(pattern.get("progressive", False)),
        xcomp=bool(pattern.get("xcomp", False)),
        subjects=_words(pattern.get("subjects", []), where),
        conj=_words(pattern.get("conj", []), where),
        passive_object=bool(pattern.get("passive_object", False)),
    )


def _noun_idiom(fields: object, where: str) -> NounIdiom:
    if not isinstance(fields, dict) or not set(fields) <= _NOUN_FIELDS:
        raise SenseDataError(f"{where}: expected a mapping of {sorted(_NOUN_FIELDS)}")
    return NounIdiom(**{key: _words(value, where) for key, value in fields.items()})


# ---- the rules ----------------------------------------------------------------------------


def other_sense(token: Token, role: str, predicate: str) -> str | None:
    """Why the trigger ``token`` reports nothing about a person, or None when it may.

    ``role`` is the trigger's (``patient``, ``agent``, ``nominal``, ``message``). For evidence
    of life from a recording (``message``) only the recording is judged ("his collected
    speeches" are no sign of life now); whose it is, the subject finder decides.
    """
    senses = load_senses()
    lemma = token.lemma_.lower()
    if role == "message":
        return _noun_idiom_of(token, senses.noun_idioms.get(lemma), compound=False)
    if lemma == "die" and token.lower_ == "die" and _german(token.sent, senses):
        return "the German article"
    if token.pos_ in {"NOUN", "PROPN"} and role == "nominal":
        idiom = _noun_idiom_of(token, senses.noun_idioms.get(lemma))
        if idiom:
            return idiom
    elif any(_verb_idiom_holds(token, p) for p in senses.verb_idioms.get(lemma, ())):
        return f"an idiom of {lemma!r}"
    heads = patient_heads(token, role)
    if heads and all(kind_of(h, senses) in {"thing", "place"} for h in heads):
        return f"said of a thing ({heads[0].text!r})"
    if predicate == "moved" and _not_a_place(token, senses):
        return "a move to no place"
    return None


def _german(sent: Span, senses: Senses) -> bool:
    """Whether a sentence holding "die" reads as German (its lower-case function words)."""
    foreign = sum(1 for t in sent if t.is_lower and t.lower_ in senses.foreign_function_words)
    return foreign >= _FOREIGN_MIN


def _verb_idiom_holds(verb: Token, idiom: VerbIdiom) -> bool:
    if idiom.particles and not _has_child(verb, {"prt"}, idiom.particles):
        return False
    if idiom.advmods and not _has_child(verb, {"advmod"}, idiom.advmods):
        return False
    if idiom.prep is not None and not _prep_holds(verb, idiom):
        return False
    if idiom.progressive and not _progressive(verb):
        return False
    if idiom.xcomp and not any(c.dep_ == "xcomp" for c in verb.children):
        return False
    if idiom.subjects and not _has_child(verb, {"nsubj"}, idiom.subjects):
        return False
    if idiom.conj and not _joined_to(verb, idiom.conj):
        return False
    return not idiom.passive_object or _passive_object(verb)


def _has_child(token: Token, deps: set[str], words: frozenset[str]) -> bool:
    return any(c.dep_ in deps and _word_in(c, words) for c in token.children)


def _prep_holds(verb: Token, idiom: VerbIdiom) -> bool:
    for prep in verb.children:
        if prep.dep_ not in {"prep", "dative"} or prep.lower_ != idiom.prep:
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if idiom.stranded:
            if not objects:
                return True
        elif idiom.objects is None or any(_word_in(o, idiom.objects) for o in objects):
            return True
    return False


def _progressive(verb: Token) -> bool:
    return verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lemma_.lower() == "be" for c in verb.children
    )


def _joined_to(token: Token, lemmas: frozenset[str]) -> bool:
    """Whether ``token`` is conjoined with a word of ``lemmas`` ("treated and released")."""
    if token.dep_ == "conj" and token.head.lemma_.lower() in lemmas:
        return True
    return any(c.dep_ == "conj" and c.lemma_.lower() in lemmas for c in token.children)


def _passive_object(verb: Token) -> bool:
    """A passive with a direct object that is no date ("charged a fee", not "charged Monday")."""
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
    return passive and any(
        c.dep_ in {"dobj", "obj"} and c.ent_type_ not in {"DATE", "TIME"} for c in verb.children
    )


def _noun_idiom_of(noun: Token, idiom: NounIdiom | None, *, compound: bool = True) -> str | None:
    if compound and noun.dep_ == "compound":
        return "a noun naming a kind of thing"  # "death toll", "release date", "trial version"
    if idiom is None:
        return None
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if child.dep_ in {"amod", "compound", "nmod"} and _word_in(child, idiom.modifiers):
            return f"an idiom of {lemma!r} ({child.text!r})"
        if child.dep_ == "conj" and _word_in(child, idiom.conj):
            return f"an idiom of {lemma!r} ({child.text!r})"
    head = noun.head
    if noun.dep_ in {"dobj", "obj"} and head.lemma_.lower() in idiom.head_verbs:
        return f"an idiom of {lemma!r} ({head.text!r})"
    if noun.dep_ == "pobj" and _word_in(head.head, idiom.under):
        return f"an idiom of {lemma!r} ({head.head.text!r})"
    return None


def _word_in(token: Token, words: frozenset[str]) -> bool:
    """The token's lemma or lower-case form is listed (with a plural's "s" taken off too:
    the tagger reads some plurals as proper nouns, whose lemma keeps it)."""
    lower = token.lower_
    return token.lemma_.lower() in words or lower in words or lower.removesuffix("s") in words


# ---- the patient --------------------------------------------------------------------------


def patient_heads(token: Token, role: str) -> list[Token]:
    """What the trigger happened to, as written: object, subject, possessor or "of" object,
    or the noun a participle or an adjective qualifies; with its conjuncts."""
    if role == "nominal":
        heads = [c for c in token.children if c.dep_ == "poss"]
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                heads += [c for c in prep.children if c.dep_ == "pobj"]
    elif token.pos_ == "ADJ" or token.dep_ in {"acomp", "amod", "oprd"}:
        heads = _adjective_heads(token)
    else:
        heads = _verb_heads(token, role)
    return [t for head in heads for t in _with_conjuncts(_antecedent(head))]


def _verb_heads(verb: Token, role: str) -> list[Token]:
    if role == "patient" and not is_passive(verb):
        heads = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    else:
        heads = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not heads and verb.dep_ in {"amod", "acl"} and _qualifies(verb):
        heads = [verb.head]  # "the newly released album", "a video released on Monday"
    return heads


def _qualifies(participle: Token) -> bool:
    """A participle right before or after its noun, nothing between but its own words (after a
    comma it is more often a misparse: "wounded and, as a result, paralyzed")."""
    noun = participle.head
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return False
    lo, hi = sorted((noun.i, participle.i))
    return not any(t.is_punct for t in noun.doc[lo + 1 : hi])


def _adjective_heads(adj: Token) -> list[Token]:
    if adj.dep_ == "amod":
        return [adj.head]  # "a dead battery"
    verb = adj.head
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    if objects:
        return objects  # "kept the tradition alive"
    return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]


def _antecedent(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause qualifies ("the album, which ...");
    a demonstrative parsed as the head of its own noun phrase ("eliminating that [familiar
    fear]", the noun hung under it as an object) stands for that noun."""
    if token.lower_ in _RELATIVES and token.head.dep_ == "relcl" and token.head.head is not token:
        return token.head.head
    if token.lower_ in _DEMONSTRATIVES and token.pos_ not in {"PRON", "DET"}:
        nouns = [c for c in token.children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
        if nouns:
            return nouns[0]
    return token


def _with_conjuncts(token: Token) -> Iterator[Token]:
    yield token
    yield from (t for t in token.conjuncts if t.pos_ in {"NOUN", "PROPN", "PRON", "NUM"})


def kind_of(token: Token, senses: Senses | None = None) -> str | None:
    """``person``, ``thing``, ``place`` or None (unknown) for the head of a noun phrase."""
    senses = senses or load_senses()
    lower, lemma = token.lower_, token.lemma_.lower()
    if lower in senses.person_pronouns:
        return "person"
    if lower in senses.thing_pronouns and token.pos_ in {"PRON", "DET"}:
        return "thing"
    if _versioned(token):
        return "thing"  # "Tarvo 3.8 was released", "3.7 was released"
    if token.ent_type_ == "PERSON":
        # A name is a person's, unless it is a thing noun with an article or a possessive
        # ("its Winter Outlook"): a person's name takes neither.
        return "thing" if _determined(token) and lemma in senses.thing_nouns else "person"
    if lemma in senses.person_nouns or lower in senses.person_nouns:
        return "person"
    if token.ent_type_ in senses.thing_labels:
        return "thing"
    if _carries_people(token, senses):
        return "person"  # "a car with a group of activists was detained"
    if token.pos_ == "NOUN" and _word_in(token, senses.thing_nouns):
        return "thing"
    if token.pos_ == "NOUN" and _word_in(token, senses.place_nouns):
        return "place"
    if token.pos_ == "PROPN" and _word_in(token, senses.thing_nouns) and _determined(token):
        return "thing"  # "the Annual Report"; a bare "Hope" or "Bill" may be someone's name
    return None


def _carries_people(token: Token, senses: Senses) -> bool:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            riders = [t for c in prep.children if c.dep_ == "pobj" for t in c.subtree]
            if any(kind_of(t, senses) == "person" for t in riders):
                return True
    return False


def _determined(token: Token) -> bool:
    return any(c.dep_ in {"det", "poss"} for c in token.children)


def _versioned(token: Token) -> bool:
    """A version number, or a name carrying one ("Tarvo 3.8", "Kelp v17")."""
    if _VERSION.match(token.text):
        return True
    return any(c.dep_ in {"nummod", "appos"} and _VERSION.match(c.text) for c in token.children)


def _not_a_place(verb: Token, senses: Senses) -> bool:
    """A move whose destination is a time or a thing ("moved to Friday", "to a new version")."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in _DESTINATION_PREPS:
            continue
        for dest in prep.children:
            if dest.dep_ != "pobj":
                continue
            if dest.ent_type_ in senses.not_place_labels or kind_of(dest, senses) == "thing":
                return True
    return False


# ---- cause words --------------------------------------------------------------------------


def peaceful_cause(token: Token) -> bool:
    """Whether a violent cause word is used in a sense that is not violence: a battle with an
    illness, "in operation" (working), a surgical operation, a heart attack."""
    senses = load_senses()
    lemma = token.lemma_.lower()
    if lemma in senses.struggle_words:
        opponents = [c for c in token.children if c.dep_ in {"dobj", "obj"}]
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in {"with", "against"}:
                opponents += [c for c in prep.children if c.dep_ == "pobj"]
        return any(_word_in(o, senses.illness_nouns) for o in opponents)
    if lemma in {"attack", "strike"} and any(
        _word_in(c, senses.medical_operation_modifiers) for c in token.children
    ):
        return True  # "a heart attack", "a brain stroke" kill without violence
    if lemma == "operation":
        if token.head.lower_ in {"in", "into"} and not any(c.dep_ == "det" for c in token.children):
            return True  # "in operation since 1900", "came into operation"
        if any(_word_in(c, senses.medical_operation_modifiers) for c in token.children):
            return True
        return token.dep_ in {"dobj", "obj"} and _word_in(
            token.head, senses.medical_operation_verbs
        )
    return False
