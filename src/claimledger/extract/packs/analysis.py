"""The NLP backends of the language packs: sentences, tokens with lemmas, and person names.

Each backend is a well-kept library, picked by a pack's ``backend`` key:

- ``pymorphy3`` (Russian, Ukrainian: the dictionary of the pack's language): every normal form
  of a word's parses, and its name tags (``Name``/``Surn``/``Patr``), which tell "Умарова" (a
  surname, genitive) from a common noun;
- ``spacy-fr`` (French): spaCy's ``fr_core_news_sm`` lemmas, sentences and ``PER`` entities;
- ``simplemma`` (Arabic, Italian, Spanish, Turkish, Persian): dictionary lemmas. Arabic words are
  also looked up without their clitics (و ف ب ل ك and the article ال), since a trigger is
  written glued to them ("ومقتل", "بمقتل");
- ``wordforms`` (Urdu, which no packaged lemmatiser covers): the word itself, so the pack lists
  the forms it needs.

Persian and Urdu are written in Arabic script, without capitals: their names come from the
Arabic name shapes and the gazetteer (``packs.names``), like Arabic's.

The result is an ``Analysis`` of plain records, picklable, so it can be computed in a worker
process and assembled into claims where the entity index lives (``packs.assemble``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimledger.extract.packs.pack import LanguagePack, fold
from claimledger.resolve.keys import HYPHEN_ARTICLES
from claimledger.resolve.russian import morph

FRENCH_MODEL = "fr_core_news_sm"
# Leading clitics of Arabic words, the longest first: conjunction + preposition + article.
_AR_PREFIXES = ("وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_AR_SUFFIXES = ("ها", "هم", "هما", "ه", "ي")  # possessive pronouns ("مقتله", his killing)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Where an apostrophe ends a word (``LanguagePack.suffix_apostrophe``: "Yılmaz'ın").
_WORD_BEFORE_APOSTROPHE = re.compile(r"\w+(?:-\w+)*")
# A sentence ends at . ! ? … ؟ (and a closing quote) before a space, at the Urdu full stop ۔
# (which ends nothing else, and is often typed without the space), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…؟])[\"»”’]*\s+|(?<=۔)[\"»”’]*\s*|\n+")
_ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # offsets into the document
    end: int
    forms: frozenset[str]  # folded word, lemmas and clitic-free stems
    name_like: bool  # the backend thinks it is (part of) a person's name
    # In Persian and Urdu, a trigger word (or a trigger phrase's first word) or a source stop
    # word: never part of a name the gazetteer finds, which in these verb-final languages would
    # take the verb after a name ("حکیم اللہ محسود مارا گیا"). Capitals bound names in the other
    # scripts, and Arabic puts its verbs before the name (and its trigger "جراح", wounds, is
    # also the name Jarrah).
    cue: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class NameSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a backend read in one document."""

    language: str
    sentences: tuple[Sentence, ...]
    names: tuple[NameSpan, ...]  # person names the backend found (NER or name tags)


def analyse(text: str, pack: LanguagePack) -> Analysis:
    """Sentences, tokens and person names of ``text`` with the pack's backend."""
    if pack.backend == "spacy-fr":
        return _analyse_spacy(text, pack)
    sentences = tuple(_sentences(text, pack))
    names: tuple[NameSpan, ...] = ()
    # Arabic script has no capitals: its names come from ``packs.names`` (for Arabic itself,
    # where the claims are assembled; for Persian and Urdu, here).
    if pack.backend == "pymorphy3" or not _ARABIC.search(text):
        names = tuple(n for s in sentences for n in capitalised_names(text, s, pack))
    elif pack.language != "ar":
        from claimledger.extract.packs.names import arabic_names  # names imports this module

        names = tuple(n for s in sentences for n in arabic_names(s, pack))
    return Analysis(pack.language, sentences, names)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after end punctuation and at line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _sentences(text: str, pack: LanguagePack) -> list[Sentence]:
    out = []
    words = _WORD_BEFORE_APOSTROPHE if pack.suffix_apostrophe else _WORD
    for start, end in sentence_spans(text):
        # ``finditer`` with a start position gives offsets into the whole text.
        tokens = tuple(
            _token(m.group(), m.start(), m.end(), pack) for m in words.finditer(text, start, end)
        )
        out.append(Sentence(start, end, tokens))
    return out


def _token(word: str, start: int, end: int, pack: LanguagePack) -> Token:
    name_like = False
    if pack.backend == "pymorphy3":
        forms, name_like = _morph_forms(word, pack.language)
    elif pack.backend == "wordforms":
        forms = frozenset({fold(word)})
    else:
        forms = _simplemma_forms(word, pack.language)
    if pack.stems:
        forms = _with_stem(forms, fold(word), pack.stems)
    cue = pack.language != "ar" and bool(_ARABIC.search(word)) and _is_cue(forms, word, pack)
    return Token(word, start, end, forms, name_like, cue)


def _is_cue(forms: frozenset[str], word: str, pack: LanguagePack) -> bool:
    folded = fold(word)
    if forms & pack.triggers.keys() or folded in pack.source_stops:
        return True
    return folded in _phrase_heads(pack)


@lru_cache(maxsize=32)
def _phrase_heads(pack: LanguagePack) -> frozenset[str]:
    """The first words of the pack's trigger phrases ("مارا" of "مارا گیا", was killed)."""
    return frozenset(phrase.split()[0] for phrase, _ in pack.trigger_phrases if phrase.split())


def _with_stem(forms: frozenset[str], folded: str, stems: tuple[str, ...]) -> frozenset[str]:
    """``forms`` and the longest trigger stem the word begins with ("öldürüldü": "öldür", not
    "öldü"), so one trigger, of one predicate, is found in the word."""
    stem = next((s for s in stems if folded.startswith(s)), None)
    return forms if stem is None else forms | {stem}


@lru_cache(maxsize=1 << 16)
def _morph_forms(word: str, language: str) -> tuple[frozenset[str], bool]:
    parses = morph(language).parse(word)[:4]
    forms = {fold(word)} | {fold(p.normal_form) for p in parses}
    name_like = any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses[:2])
    return frozenset(forms), name_like


@lru_cache(maxsize=1 << 16)
def _simplemma_forms(word: str, language: str) -> frozenset[str]:
    import simplemma

    folded = fold(word)
    stems = {folded}
    if language == "ar":
        stems |= _arabic_stems(folded)
    elif _ARABIC.search(word):
        # Folding reads Persian "ی", "ک" as the Arabic letters, which the Persian dictionary
        # does not spell its words with: the word as written is looked up too.
        stems.add(word)
    forms = {folded, *(fold(s) for s in stems)}
    for stem in stems:
        forms.add(fold(simplemma.lemmatize(stem, lang=language)))
    return frozenset(forms)


def _arabic_stems(word: str) -> set[str]:
    """``word`` without its leading clitics and possessive endings, each stripping kept."""
    stems = {word}
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            stems.add(word[len(prefix) :])
    for stem in list(stems):
        for suffix in _AR_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                stems.add(stem[: -len(suffix)])
    return {fold(s) for s in stems}


def arabic_bare(word: str) -> str:
    """An Arabic word as names are compared: folded, one leading conjunction or preposition
    (و ف ب ل) dropped when the rest is still a word ("ولحمزة" -> "حمزة")."""
    folded = fold(word)
    for prefix in ("وال", "فال", "بال", "لل", "و", "ف", "ب", "ل"):
        rest = folded[len(prefix) :]
        if folded.startswith(prefix) and len(rest) >= 3:
            return ("ال" + rest) if prefix.endswith("ال") or prefix == "لل" else rest
    return folded


# --- names from capitalisation (Cyrillic and Latin scripts) -----------------------------------


def capitalised_names(text: str, sentence: Sentence, pack: LanguagePack) -> list[NameSpan]:
    """Runs of capitalised words that read as a person's name, with a title word before them
    ("муллы Омара") and lower-case particles inside them ("Усамы бен Ладена")."""
    out: list[NameSpan] = []
    run: list[Token] = []
    tokens = sentence.tokens
    for i, token in enumerate((*tokens, None)):
        if token is not None and run and text[run[-1].end : token.start].strip():
            out.extend(_person(text, run, sentence, pack))  # punctuation between: a new name
            run = []
        if token is not None and _in_name(token, run, tokens, i, pack):
            if _second_particle(run, token, pack):
                # "Усамы бен Ладена Хамзу бен Ладена": two names, the second begins a word back.
                out.extend(_person(text, run[:-1], sentence, pack))
                run = run[-1:]
            run.append(token)
            continue
        out.extend(_person(text, run, sentence, pack))
        run = []
    return out


def _person(text: str, run: list[Token], sentence: Sentence, pack: LanguagePack) -> list[NameSpan]:
    run = list(run)
    while run and fold(run[-1].text) in pack.name_particles:
        run.pop()
    if pack.backend == "pymorphy3":
        # A capitalised common word opening the sentence is not part of the name.
        while (
            run
            and _common_word(run[0].text, pack.language)
            and fold(run[0].text) not in pack.name_titles
        ):
            run.pop(0)
    if run and _is_person(run, sentence, pack):
        return [NameSpan(run[0].start, run[-1].end, text[run[0].start : run[-1].end])]
    return []


def _second_particle(run: list[Token], token: Token, pack: LanguagePack) -> bool:
    folded = fold(token.text)
    return (
        folded in pack.name_particles
        and len(run) >= 3
        and any(fold(t.text) in pack.name_particles for t in run)
    )


def _in_name(
    token: Token, run: list[Token], tokens: tuple[Token, ...], i: int, pack: LanguagePack
) -> bool:
    word = token.text
    if word[:1].isupper() and not word.isupper():
        return True
    if _prefixed_name(word, pack):
        return True  # "al-Jawlani", "el-Sisi", "ad-Din": an article or particle glued on
    folded = fold(word)
    if folded in pack.name_titles:
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return nxt is not None and nxt.text[:1].isupper()
    return bool(run) and folded in pack.name_particles


_GLUED = re.compile(r"^(\w{1,3})[-'’](\w.*)$")


def _prefixed_name(word: str, pack: LanguagePack) -> bool:
    match = _GLUED.match(word)
    if match is None or not match.group(2)[:1].isupper():
        return False
    prefix = fold(match.group(1))
    return prefix in pack.name_particles or prefix in HYPHEN_ARTICLES


def _is_person(run: list[Token], sentence: Sentence, pack: LanguagePack) -> bool:
    words = [t for t in run if fold(t.text) not in pack.name_titles | pack.name_particles]
    if not words:
        return False
    titled = fold(run[0].text) in pack.name_titles
    if pack.backend == "pymorphy3":
        language = pack.language
        tagged = sum(t.name_like for t in words)
        unknown = sum(not _known_word(t.text, language) for t in words)
        if any(_place_or_group(t.text, language) for t in words) and not any(
            t.name_like and not _place_or_group(t.text, language) for t in words
        ):
            return False
        if titled or (tagged >= 1 and len(words) >= 2):
            return True
        if len(words) >= 2 and unknown == len(words):
            return True
        return len(words) == 1 and tagged == 1 and _only_name(words[0].text, language)
    # Latin script without NER: two or more capitalised words, not at the sentence start only.
    at_start = run[0].start == sentence.tokens[0].start if sentence.tokens else False
    # A particle ("Abu", "bin") or a glued article ("al-Haddad") shows a name even at the start.
    particled = len(run) > len(words) or any(_prefixed_name(t.text, pack) for t in words)
    return titled or (len(words) >= 2 and (particled or not (at_start and len(words) == 2)))


# The pymorphy3 helpers below take the pack's language: Russian's dictionary tags places and
# organisations (``Geox``/``Orgn``); Ukrainian's does not, so there a place is known by the
# gazetteer of places and the claimant glossary (``packs.assemble``).


@lru_cache(maxsize=1 << 16)
def _place_or_group(word: str, language: str) -> bool:
    """The likeliest reading of a word is a place or an organisation ("Кавказ")."""
    return bool({"Geox", "Orgn"} & set(morph(language).parse(word)[0].tag.grammemes))


@lru_cache(maxsize=1 << 16)
def _common_word(word: str, language: str) -> bool:
    """A dictionary word none of whose likely readings is a name ("Потеря", "Напомним")."""
    parses = morph(language).parse(word)[:2]
    names = {"Name", "Surn", "Patr", "Geox", "Orgn"}
    return _known_word(word, language) and not any(names & set(p.tag.grammemes) for p in parses)


@lru_cache(maxsize=1 << 16)
def _known_word(word: str, language: str) -> bool:
    return bool(morph(language).word_is_known(word.lower()))


@lru_cache(maxsize=1 << 16)
def _only_name(word: str, language: str) -> bool:
    """A single capitalised word is a name only when its likely parses are names."""
    parses = morph(language).parse(word)[:2]
    return all({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses)


# --- French: spaCy ------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _french(model: str = FRENCH_MODEL) -> Any:
    import spacy

    nlp = spacy.load(model, exclude=["parser"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def _analyse_spacy(text: str, pack: LanguagePack) -> Analysis:
    doc = _french()(text)
    sentences = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        tokens = tuple(
            Token(
                t.text,
                t.idx,
                t.idx + len(t.text),
                frozenset({fold(t.text), fold(t.lemma_)}),
                t.ent_type_ == "PER",
            )
            for t in sent
            if not t.is_space and not t.is_punct
        )
        # spaCy keeps a line break inside a sentence; claims are read line by line as well.
        sentences.extend(_split_lines(text, sent.start_char, sent.end_char, tokens))
    names = tuple(
        NameSpan(e.start_char, e.end_char, e.text)
        for e in doc.ents
        # A capitalised participle opening a sentence ("Déclaré mort ...") is no name.
        if e.label_ == "PER"
        and any(ch.isupper() for ch in e.text)
        and any(t.pos_ == "PROPN" for t in e)
    )
    return Analysis(pack.language, tuple(sentences), names)


def _split_lines(text: str, start: int, end: int, tokens: tuple[Token, ...]) -> list[Sentence]:
    out: list[Sentence] = []
    for lo, hi in sentence_spans(text[start:end]):
        inside = tuple(t for t in tokens if start + lo <= t.start < start + hi)
        if inside:
            out.append(Sentence(start + lo, start + hi, inside))
    return out
