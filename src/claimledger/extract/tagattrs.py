"""Faster stand-ins for spaCy's attribute ruler and rule lemmatizer, with identical annotations.

The English pipeline's ``attribute_ruler`` maps every fine-grained tag to its coarse POS and
morphology through ~180 token patterns. spaCy's general ``Matcher`` tries each pattern on each
token, and ``set_annotations`` builds a ``Span`` per match. Here every pattern tests only a
token's TAG, LOWER, DEP and IS_SPACE, and all but a few are one token long, so which patterns
match at a token is a function of those four values. ``speed_up(ruler)`` replaces the ruler's
``match`` with one that reads the four as integers (``doc.to_array``) and looks the matches up
in a bounded memo (computed, on a miss, from a tag/form index of the patterns). LOWER is open
vocabulary, so the memo keys on a *class* of the form: the form itself when some pattern names
it or one of its regular expressions accepts it, otherwise one shared class (every LOWER test
answers alike for all such forms). Multi-token patterns are checked further only where their
first token matches. The result is what spaCy's ``match`` returns: the same tuples, deduplicated
per (pattern, start, end) like the ``Matcher``, sorted. ``set_annotations`` is replaced too:
the same ``set_token_attrs`` calls in the same order on the same tokens, without the ``Span``.
Patterns with an operator or key this module does not know keep spaCy's ruler untouched.

``speed_up_lemmatizer(lemmatizer)`` memoises the rule lemmatizer's answers on (ORTH, POS,
MORPH), the key spaCy's own cache uses but skips on its early returns (punctuation, base forms
via ``is_base_form``): every branch of ``rule_lemmatize`` and the English ``is_base_form`` read
only the token's text, POS and morphology, and the lemmatizer's tables.

``tests/test_tagattrs.py`` checks both against spaCy's originals token by token on real text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

logger = logging.getLogger(__name__)

# Distinct (tag, form class, dependency, spacing) keys and distinct forms (LOWER) remembered
# before a memo starts afresh; each entry is a few hundred bytes at most.
MEMO_LIMIT = 20_000
# Distinct (ORTH, POS, MORPH) keys the lemmatizer remembers before starting afresh.
LEMMA_MEMO_LIMIT = 30_000

_KEY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
# A form no pattern tells apart from any other such form (hashes are unsigned, so never -1).
_ANY_FORM = -1

Match = tuple[int, int, int, int]  # (pattern entry, matcher key, start, end), as spaCy's
Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class _Attrs(NamedTuple):
    """What a token pattern may test, as strings (``token.tag_``, ``lower_``, ``dep_``)."""

    tag: str
    lower: str
    dep: str
    is_space: bool


TokenTest = Callable[[_Attrs], bool]
_GETTERS: dict[str, Callable[[_Attrs], Any]] = {
    "TAG": attrgetter("tag"),
    "LOWER": attrgetter("lower"),
    "DEP": attrgetter("dep"),
    "IS_SPACE": attrgetter("is_space"),
}


def _remember(memo: dict[Key, Value], key: Key, value: Value, limit: int) -> Value:
    """Store ``value`` under ``key``, emptying the memo first when it is full (bounded)."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


def _token_attrs(token: Token) -> _Attrs:
    return _Attrs(token.tag_, token.lower_, token.dep_, token.is_space)


@dataclass(frozen=True, slots=True)
class _Rule:
    attr_id: int
    key: int  # the matcher key spaCy's ruler labels its match with
    tokens: tuple[TokenTest, ...]

    def rest_matches(self, doc: Doc, start: int) -> bool:
        """Whether the tokens after the first match from ``start`` (the first one does)."""
        if start + len(self.tokens) > len(doc):
            return False
        tests = enumerate(self.tokens[1:], start=start + 1)
        return all(test(_token_attrs(doc[i])) for i, test in tests)


class UnsupportedPattern(ValueError):
    """A pattern this matcher cannot reproduce exactly."""


def speed_up(ruler: object) -> bool:
    """Give ``ruler`` the memoised matcher and a Span-free ``set_annotations``; False (left
    unchanged) if it is not an attribute ruler or a pattern is unsupported."""
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        index, forms = _compile(ruler)
    except UnsupportedPattern as exc:
        logger.info("attribute ruler kept as is: %s", exc)
        return False
    matcher = _MemoMatcher(ruler.vocab.strings, index, forms)
    original = ruler.set_annotations

    def set_annotations(doc: Doc, matches: Sequence[Match]) -> None:
        attrs, indices = ruler.attrs, ruler.indices
        for attr_id, _, start, end in matches:
            index = indices[attr_id]
            target = start + index if index >= 0 else end + index
            if not start <= target < end:
                # spaCy's own method raises its error (E1001) for this match; re-applying the
                # matches before it sets the same values again.
                original(doc, matches)
                return
            set_token_attrs(doc[target], attrs[attr_id])

    ruler.match = matcher  # type: ignore[method-assign]
    ruler.set_annotations = set_annotations  # type: ignore[method-assign]
    return True


@dataclass(frozen=True, slots=True)
class _Index:
    """Rules by what their first token needs (tag and form, tag, form, dependency, spacing)."""

    by_pair: dict[tuple[str, str], tuple[_Rule, ...]]
    by_tag: dict[str, tuple[_Rule, ...]]
    by_lower: dict[str, tuple[_Rule, ...]]
    by_dep: dict[str, tuple[_Rule, ...]]
    spaces: tuple[_Rule, ...]
    generic: tuple[_Rule, ...]

    def candidates(self, attrs: _Attrs) -> tuple[_Rule, ...]:
        tag, lower = attrs.tag, attrs.lower
        found = self.by_pair.get((tag, lower), ()) + self.by_tag.get(tag, ())
        found += self.by_lower.get(lower, ()) + self.by_dep.get(attrs.dep, ()) + self.generic
        return found + self.spaces if attrs.is_space else found


@dataclass(frozen=True, slots=True)
class _Forms:
    """The forms (LOWER) the patterns tell apart: named ones, and regular expressions."""

    named: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]

    def distinguished(self, lower: str) -> bool:
        return lower in self.named or any(p.search(lower) for p in self.patterns)


# What a token key tells: (pattern entry, matcher key) of the one-token patterns it matches,
# and the longer patterns whose first token it matches.
_Entry = tuple[tuple[tuple[int, int], ...], tuple[_Rule, ...]]


class _MemoMatcher:
    """The ruler's ``match``: matches per token looked up by its (TAG, form class, DEP,
    IS_SPACE) integers. The memos belong to this object (one per ruler) and are bounded."""

    def __init__(self, strings: StringStore, index: _Index, forms: _Forms) -> None:
        self._strings = strings
        self._index = index
        self._forms = forms
        self._form_class: dict[int, int] = {}  # LOWER hash -> itself or _ANY_FORM
        self._entries: dict[tuple[int, int, int, int], _Entry] = {}

    def __call__(self, doc: Doc) -> list[Match]:
        found: list[Match] = []
        columns = doc.to_array(_KEY_ATTRS).T.tolist()
        form_class, entries = self._form_class, self._entries
        for i, (tag, lower, dep, space) in enumerate(zip(*columns, strict=True)):
            form = form_class.get(lower)
            if form is None:
                form = self._classify(lower)
            key = (tag, form, dep, space)
            entry = entries.get(key)
            if entry is None:
                entry = self._learn(key, lower)
            singles, starts = entry
            for attr_id, mkey in singles:
                found.append((attr_id, mkey, i, i + 1))
            for rule in starts:
                if rule.rest_matches(doc, i):
                    found.append((rule.attr_id, rule.key, i, i + len(rule.tokens)))
        # The Matcher reports a (pattern, start, end) once, however many patterns reach it.
        return sorted(set(found))

    def _classify(self, lower: int) -> int:
        form = lower if self._forms.distinguished(self._strings[lower]) else _ANY_FORM
        return _remember(self._form_class, lower, form, MEMO_LIMIT)

    def _learn(self, key: tuple[int, int, int, int], lower: int) -> _Entry:
        # ``lower`` stands for its whole class: every form test answers alike within it.
        tag, _, dep, space = key
        strings = self._strings
        attrs = _Attrs(strings[tag], strings[lower], strings[dep], bool(space))
        rules = [rule for rule in self._index.candidates(attrs) if rule.tokens[0](attrs)]
        singles = tuple((r.attr_id, r.key) for r in rules if len(r.tokens) == 1)
        starts = tuple(r for r in rules if len(r.tokens) > 1)
        return _remember(self._entries, key, (singles, starts), MEMO_LIMIT)


def _compile(ruler: AttributeRuler) -> tuple[_Index, _Forms]:
    groups: dict[str, dict[Any, list[_Rule]]] = {"pair": {}, "tag": {}, "lower": {}, "dep": {}}
    spaces: list[_Rule] = []
    generic: list[_Rule] = []
    forms = _Forms(frozenset(), ())
    for attr_id, entry in enumerate(ruler.patterns):
        key = ruler.vocab.strings.add(str(attr_id))
        patterns: list[list[dict[str, Any]]] = entry["patterns"]  # type: ignore[assignment]
        for pattern in patterns:
            rule = _Rule(attr_id, key, tuple(_token_test(spec) for spec in pattern))
            _check_index(ruler.indices[attr_id], len(pattern))
            forms = _add_forms(forms, pattern)
            first = pattern[0]
            tags, lowers = _required(first, "TAG"), _required(first, "LOWER")
            deps = _required(first, "DEP")
            if tags is not None and lowers is not None:
                keys: list[Any] = [(t, low) for t in tags for low in lowers]
                group = "pair"
            elif tags is not None or lowers is not None:
                keys, group = list(tags or lowers or ()), "tag" if tags is not None else "lower"
            elif deps is not None:
                keys, group = list(deps), "dep"
            elif first.get("IS_SPACE") is True:
                spaces.append(rule)
                continue
            else:
                generic.append(rule)
                continue
            for k in dict.fromkeys(keys):  # once per distinct value, as the Matcher would
                groups[group].setdefault(k, []).append(rule)
    frozen = {g: {k: tuple(v) for k, v in d.items()} for g, d in groups.items()}
    index = _Index(
        frozen["pair"], frozen["tag"], frozen["lower"], frozen["dep"], tuple(spaces), tuple(generic)
    )
    return index, forms


def _check_index(index: int, length: int) -> None:
    """spaCy raises for a token index outside the pattern; leave such rulers to it."""
    if not -length <= index < length:
        raise UnsupportedPattern(f"token index {index} for a pattern of {length} tokens")


def _add_forms(forms: _Forms, pattern: list[dict[str, Any]]) -> _Forms:
    named, regexes = set(forms.named), list(forms.patterns)
    for spec in pattern:
        value = spec.get("LOWER")
        if isinstance(value, str):
            named.add(value)
        elif isinstance(value, dict):
            [(op, arg)] = value.items()  # _token_test has checked the shape
            if op == "REGEX":
                regexes.append(re.compile(arg))
            else:
                named.update(arg)
    return _Forms(frozenset(named), tuple(regexes))


def _required(spec: dict[str, Any], attr: str) -> Sequence[str] | None:
    """The values ``attr`` must take for the token to match, or None when any value may."""
    value = spec.get(attr)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, dict) and set(value) == {"IN"}:
        return tuple(value["IN"])
    return None


def _token_test(spec: dict[str, Any]) -> TokenTest:
    if not isinstance(spec, dict) or not spec or set(spec) - set(_GETTERS):
        raise UnsupportedPattern(f"token pattern {spec!r}")
    tests = [_value_test(_GETTERS[attr], value) for attr, value in spec.items()]
    return lambda attrs: all(test(attrs) for test in tests)


def _value_test(get: Callable[[_Attrs], Any], value: Any) -> TokenTest:
    if not isinstance(value, dict):
        return lambda attrs: bool(get(attrs) == value)
    if len(value) != 1:
        raise UnsupportedPattern(f"value {value!r}")
    [(op, arg)] = value.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda attrs: get(attrs) in allowed
    if op == "NOT_IN":
        banned = frozenset(arg)
        return lambda attrs: get(attrs) not in banned
    if op == "REGEX":
        regex = re.compile(arg)
        return lambda attrs: regex.search(get(attrs)) is not None
    raise UnsupportedPattern(f"operator {op!r}")


def speed_up_lemmatizer(lemmatizer: object) -> bool:
    """Memoise a rule-mode ``Lemmatizer``'s answers on (ORTH, POS, MORPH); False (left
    unchanged) for any other component or mode."""
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return False
    lemmatize = lemmatizer.lemmatize
    memo: dict[tuple[int, int, int], list[str]] = {}

    def memoised(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        found = memo.get(key)
        if found is None:
            found = lemmatize(token)
            # No POS: spaCy warns (W108) on every call; keep that path as it is.
            if token.pos:
                _remember(memo, key, found, LEMMA_MEMO_LIMIT)
        return found

    lemmatizer.lemmatize = memoised
    return True
