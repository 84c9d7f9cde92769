"""Transliteration-aware name keys: one spelling-independent key per name.

A name is first written in Latin letters (``latin``), split into tokens with the Arabic article
and titles removed and name particles bound to the word they govern (``name_tokens``: "Abu Bakr"
and "ibn Khattab" are single tokens, because "Bakr" alone is not the same name as "Abu Bakr").
Each token is reduced to a consonant skeleton (``skeleton``) that ignores vowels, doubled letters
and the usual transliteration variants, so "Baghdadi", "Bogdadi", "Bagdadi" and the Arabic
spelling meet. ``name_key`` sorts the skeletons (word order does not matter) and is what the
store indexes; ``similarity`` scores two names for ranking candidates.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from claimledger.resolve.korean import korean_latin
from claimledger.resolve.russian import is_cyrillic, nominative

logger = logging.getLogger(__name__)

# Bounds of the memo caches below: the same tokens and token pairs recur across the names of a
# document and across documents (every report names the same people), and resolution compares
# them many times; the bounds keep memory flat however many distinct names a corpus has.
TOKEN_CACHE = 1 << 16
PAIR_CACHE = 1 << 18


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: keeps long lexicons readable."""
    return frozenset(text.split())


# Arabic definite article and its sun-letter assimilations, written before a hyphen
# ("al-", "ad-Din", "as-Siddiq", "an-Nur"). Only the first three also occur as a separate word.
HYPHEN_ARTICLES = word_set(
    "al el ul il ad ed ud ash esh ush as es us at et ut ath adh ar er ur az ez uz an en un"
)
SEPARATE_ARTICLES = frozenset({"al", "el", "ul", "the"})

# Titles and roles that precede or accompany a name without being part of it.
HONORIFICS = word_set(
    """
    mr mrs ms miss mx dr prof professor sir dame lady lord madam monsieur herr
    sheikh shaikh shaykh sheik cheikh emir caliph khalif imam mullah mulla ayatollah mufti
    maulana mawlana hazrat hadrat prophet messenger saint st pope patriarch metropolitan
    president vice prime minister premier chancellor general gen colonel col major maj
    lieutenant lt captain capt sergeant sgt corporal cpl private pte commander cmdr admiral adm
    marshal brigadier commandant leader chief head king queen prince princess sultan shah tsar
    czar senator sen representative rep congressman congresswoman governor gov mayor judge
    justice prosecutor attorney spokesman spokeswoman spokesperson reverend rev father brother
    sister deputy secretary ambassador envoy comrade gospodin militant terrorist warlord
    amir ameer mumineen muminin momineen mominin
    mula molla jeque seyh comandante komutan
    """
)  # "Amir ul-Mumineen" (commander of the faithful) is a title: no name of its own; "mula",
# "molla", "jeque", "seyh", "comandante", "komutan": mullah, sheikh and commander in Spanish
# and Turkish spellings

# Head nouns that make a name a group's ("the X Brigade", "X Network", "X Front"): a person's
# name inside such a name is the group's eponym, not a mention of the person.
GROUP_WORDS = word_set(
    """
    brigade brigades battalion battalions regiment division corps army front movement network
    group organization organisation militia faction party committee council ministry agency
    foundation institute company corporation
    """
)

# Titles written in Arabic script, as ``latin`` spells them (unvowelled): mulla, sheikh, emir,
# leader, commander, president; in Persian and Urdu also maulana, commander, sardar, ayatollah,
# hazrat, general, mufti, major general and shah (a title in Latin spellings too).
ARABIC_HONORIFICS = word_set(
    "ml mla mwla shykh shykh amyr zym qayd qaid qyd ryys rys "
    "mwln kmndr srdr aytllh hdrt jnrl mfty srlshkr shh"
)
# God's name closing a theophoric name: "Hakim Ullah", "Abd Allah" (after the article is gone).
ALLAH_FORMS = word_set("allah ullah ulla lh llh")

# Name particles bound to the following word: kunya (father of), patronymic (son/daughter of),
# and 'abd (servant of). Values are the canonical spelling used in keys.
KUNYA = {"abu": "abu", "abou": "abu", "abo": "abu", "aboo": "abu", "abw": "abu", "bw": "abu"}
KUNYA |= {"ebu": "abu", "umm": "umm", "um": "umm", "omm": "umm", "oum": "umm"}
# Its cases in Arabic: "Aba" (accusative) and "Abi" (genitive), unvowelled "ba", "by".
KUNYA |= {"aba": "abu", "abi": "abu", "aby": "abu", "ba": "abu", "by": "abu"}
PATRONYMIC = {"ibn": "ibn", "bin": "ibn", "ibnu": "ibn", "bn": "ibn", "ben": "ibn"}
PATRONYMIC |= {"bint": "bint", "binti": "bint", "bnt": "bint", "ould": "ibn"}
ABD = {"abd": "abd", "abdul": "abd", "abdel": "abd", "abdal": "abd", "abdoul": "abd"}
ABD |= {"abdur": "abd", "abdus": "abd", "abdu": "abd"}
PARTICLES = KUNYA | PATRONYMIC | ABD

_ABU_CASES = re.compile(r"^[\u0623\u0627\u0625]\u0628[\u0627\u064a\u0649]$")  # أبا أبي ابا ابي
_ARABIC_ARTICLE = re.compile(r"^\u0627\u0644(?=\w{2})")  # ال glued to the word
# Urdu heh goal (and its teh marbuta) ending a word is the vowel "-a" ("اسامہ" Usama, "حمزہ"
# Hamza), except after alef ("شاہ" Shah) and in God's name ("اللہ").
_URDU_FINAL_HEH = re.compile("(?<![\u0644\u0627])[\u06c1\u06c3]$")
_POSSESSIVE = re.compile(r"['’`]s$")
_APOSTROPHES = re.compile(r"['’`ʿʾ‘]")
_NON_WORD = re.compile(r"[^a-z0-9\- ]+")

# Transliteration variants reduced to one letter, longest first (order matters).
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"),
    ("sch", "S"),
    ("tch", "C"),
    ("sh", "S"),
    ("ch", "C"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("v", "w"),
)
_FINAL_I = re.compile(r"(?:iy+|yi|ii|i|y)$")
_VOWELS = frozenset("aeiouyw")


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in word)


def _word_to_latin(word: str) -> str:
    if is_cyrillic(word):
        word = nominative(word)  # "Ладена" -> "Ладен": every case of a name, one key
    if _is_arabic(word):
        # The Arabic article is written glued to the word; Latin spellings separate it.
        word = _ARABIC_ARTICLE.sub("", word)
        # Ta marbuta ends a word in "-a" ("Hamza", "Usama"), not in "-h".
        word = _URDU_FINAL_HEH.sub("\u0627", word.replace("\u0629", "\u0627"))
        # "Abu" in its other cases ("Aba", "Abi") is the same kunya.
        word = _ABU_CASES.sub("\u0623\u0628\u0648", word)
    word = anyascii(word)
    word = unicodedata.normalize("NFKD", word)
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    word = _POSSESSIVE.sub("", word.casefold())
    return _APOSTROPHES.sub("", word)


def _latin_words(name: str) -> list[tuple[str, bool]]:
    """Latin words of ``name`` with hyphens kept (they tell a prefixed article apart).

    Each word comes with whether it was written in Arabic script: unvowelled transliterations
    such as "mr" (Umar) must not be taken for English titles.
    """
    words: list[tuple[str, bool]] = []
    raws = unicodedata.normalize("NFKC", name).split()
    korean = korean_latin(tuple(raws)) if raws and is_cyrillic(raws[0]) else None
    if korean is not None:
        return [(word, False) for word in korean]
    for raw in raws:
        arabic = _is_arabic(raw)
        for word in _NON_WORD.sub(" ", _word_to_latin(raw)).split():
            if word.strip("-"):
                words.append((word.strip("-"), arabic))
    return words


def latin(name: str) -> str:
    """``name`` in casefolded Latin letters, diacritics dropped, punctuation and hyphens spaced."""
    return " ".join(" ".join(w.split("-")) for w, _ in _latin_words(name)).strip()


def _split_word(word: str) -> list[str]:
    parts = [p for p in word.split("-") if p]
    # "al-Baghdadi", "as-Siddiq": the prefixed article goes; "Bakr-Abu" stays two words.
    out: list[str] = []
    for i, part in enumerate(parts):
        if part in HYPHEN_ARTICLES and i + 1 < len(parts):
            continue
        out.append(part)
    return out


@lru_cache(maxsize=TOKEN_CACHE)
def name_tokens(name: str) -> tuple[str, ...]:
    """Tokens of a name: article and titles dropped, particles bound to their word.

    >>> name_tokens("Sheikh Abu Bakr al-Baghdadi")
    ('abu bakr', 'baghdadi')
    """
    words: list[str] = []
    for word, arabic in _latin_words(name):
        parts = _split_word(word)
        if not arabic:
            parts = [w for w in parts if w not in SEPARATE_ARTICLES and w not in HONORIFICS]
        elif len(parts) == 1 and parts[0] in ARABIC_HONORIFICS:
            continue  # "الملا محمد عمر", "الشيخ أسامة": the title, not the name
        words.extend(parts)
    words = _theophoric(words)
    tokens: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        canon = PARTICLES.get(word)
        # "Ben" opening a name is the given name, not "son of".
        is_particle = canon is not None and not (word == "ben" and i == 0)
        if is_particle and i + 1 < len(words) and words[i + 1] not in PARTICLES:
            tokens.append(f"{canon} {words[i + 1]}")
            i += 2
            continue
        tokens.append(word)
        i += 1
    return tuple(tokens)


def _theophoric(words: list[str]) -> list[str]:
    """ "Hakim Ullah", "حكيم الله": a name ending in God's name is one word ("Hakimullah"),
    as Latin spellings write it."""
    out: list[str] = []
    for word in words:
        if word in ALLAH_FORMS and out and (out[-1] not in PARTICLES or out[-1] in ABD):
            out[-1] = f"{out[-1]}ullah"  # "Abd Allah" is "Abdullah" too
        else:
            out.append(word)
    return out


def _simple_skeleton(word: str) -> str:
    if word in PARTICLES:
        return PARTICLES[word]
    # A final "-ah" is often written "-a" ("Hakimullah"/"Hakimulla", "Hamzah"/"Hamza").
    s = word[:-1] if len(word) > 4 and word.endswith("h") and word[-2] in "aeiou" else word
    for old, new in _DIGRAPHS:
        s = s.replace(old, new)
    final_i = bool(_FINAL_I.search(s)) and len(s) > 2
    if final_i:
        s = _FINAL_I.sub("", s)
    # y and w count as consonants only before a vowel at the start ("Yusuf", "Walid").
    head = s[:1] if s[:1] in "yw" and s[1:2] in "aeiou" else ""
    body = [ch for ch in s[len(head) :] if ch not in _VOWELS]
    out: list[str] = []
    for ch in head + "".join(body):
        if not out or out[-1] != ch:
            out.append(ch)
    skel = "".join(out) + ("i" if final_i else "")
    return skel or word


@lru_cache(maxsize=TOKEN_CACHE)
def skeleton(token: str) -> str:
    """Consonant skeleton of one name token (a bound particle keeps its canonical form).

    >>> skeleton("baghdadi") == skeleton("bogdadi") == skeleton("baghadi")
    True
    """
    return "+".join(_simple_skeleton(part) for part in token.split())


@lru_cache(maxsize=TOKEN_CACHE)
def name_key(name: str) -> str:
    """Word-order independent key of a name: its token skeletons, sorted."""
    return " ".join(sorted(skeleton(t) for t in name_tokens(name)))


@lru_cache(maxsize=TOKEN_CACHE)
def _normalised(word: str) -> str:
    """Transliteration variants unified, vowels kept: for edit-distance comparisons."""
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    return word


@lru_cache(maxsize=TOKEN_CACHE)
def _devowel(word: str) -> str:
    return "".join(ch for ch in word if ch not in "aeiouy")


def _spelling_ratio(a: str, b: str) -> float:
    na, nb = _normalised(a), _normalised(b)
    # Two letters typed in the wrong order ("Mokthar" for "Mokhtar") are one slip, not two.
    ratio = max(fuzz.ratio(na, nb) / 100, OSA.normalized_similarity(a, b))
    # Unvowelled transliterations (from Arabic script) are compared without vowels.
    if _devowel(a) == a.replace("y", "") or _devowel(b) == b.replace("y", ""):
        ratio = max(ratio, fuzz.ratio(_devowel(na), _devowel(nb)) / 100)
    return ratio


def _nisba_of(a: str, sa: str, sb: str) -> bool:
    """``sb`` is ``sa`` plus the adjective ending -i: "Baghdadi" is of Baghdad, not Baghdad."""
    return sb == sa + "i" and a[-1:] not in "aeiouy"


@lru_cache(maxsize=PAIR_CACHE)
def token_similarity(a: str, b: str) -> float:
    """How likely two name tokens are the same word, in [0, 1]."""
    if a == b:
        return 1.0
    sa, sb = skeleton(a), skeleton(b)
    if sa.split("+")[:-1] != sb.split("+")[:-1]:
        return 0.0  # different particles: "Abu Bakr" is not "ibn Bakr"
    if _nisba_of(a, sa, sb) or _nisba_of(b, sb, sa):
        return 0.0
    ratio = _spelling_ratio(a, b)
    if sa == sb and ratio >= 0.7:
        return 0.9
    if sa.replace("j", "g") == sb.replace("j", "g") and ratio >= 0.6:
        return 0.8  # Arabic jim is written g where it is said so (Egypt, the Levant): Golani
    if min(len(a), len(b)) >= 5 and ratio >= 0.85 and fuzz.ratio(sa, sb) >= 75:
        return 0.8
    return 0.0


@lru_cache(maxsize=PAIR_CACHE)
def similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1], on Latin tokens and on skeletons, word order ignored."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return fuzz.token_sort_ratio(latin(a), latin(b)) / 100
    on_tokens = fuzz.token_sort_ratio(" ".join(ta), " ".join(tb)) / 100
    on_keys = fuzz.token_sort_ratio(name_key(a), name_key(b)) / 100
    return max(on_tokens, on_keys)
