"""A faster matcher for spaCy's attribute ruler (tag -> POS/morph mapping and exceptions).

The English pipeline's ``attribute_ruler`` maps every fine-grained tag to its coarse POS and
morphology through ~180 token patterns. spaCy's general ``Matcher`` tries each pattern on each
token: about a third of the whole parse time in our measurements (35 µs a token). Almost all
of these patterns are one token long and keyed on the tag, so indexing them by tag and checking
the few candidates in Python gives the same matches for a fraction of the cost.

``speed_up(ruler)`` swaps the ruler's ``match`` for one that returns exactly what the original
returns (the same tuples in the same order), so ``set_annotations`` and therefore every token
attribute stay as spaCy sets them; ``tests/test_nlp.py`` checks the equality on real text.
Patterns using an operator or key this module does not know keep the original matcher.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token

logger = logging.getLogger(__name__)

TokenTest = Callable[[Token], bool]
_GETTERS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}


@dataclass(frozen=True, slots=True)
class _Rule:
    attr_id: int
    key: int  # the matcher key spaCy's ruler labels its match with
    tokens: tuple[TokenTest, ...]

    def matches(self, doc: Doc, token: Token) -> bool:
        if len(self.tokens) == 1:
            return self.tokens[0](token)
        start = token.i
        if start + len(self.tokens) > len(doc):
            return False
        return all(test(doc[start + k]) for k, test in enumerate(self.tokens))


class UnsupportedPattern(ValueError):
    """A pattern this matcher cannot reproduce exactly."""


def speed_up(ruler: object) -> bool:
    """Give ``ruler`` the indexed matcher; False (left unchanged) if it is not an attribute
    ruler or a pattern is unsupported."""
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        index = _compile(ruler)
    except UnsupportedPattern as exc:
        logger.info("attribute ruler kept as is: %s", exc)
        return False

    def match(doc: Doc) -> list[tuple[int, int, int, int]]:
        found: list[tuple[int, int, int, int]] = []
        for i, token in enumerate(doc):
            for rule in index.candidates(token):
                if rule.matches(doc, token):
                    found.append((rule.attr_id, rule.key, i, i + len(rule.tokens)))
        found.sort()
        return found

    ruler.match = match  # type: ignore[method-assign]
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

    def candidates(self, token: Token) -> tuple[_Rule, ...]:
        tag, lower = token.tag_, token.lower_
        found = self.by_pair.get((tag, lower), ()) + self.by_tag.get(tag, ())
        found += self.by_lower.get(lower, ()) + self.by_dep.get(token.dep_, ()) + self.generic
        return found + self.spaces if token.is_space else found


def _compile(ruler: AttributeRuler) -> _Index:
    groups: dict[str, dict[Any, list[_Rule]]] = {"pair": {}, "tag": {}, "lower": {}, "dep": {}}
    spaces: list[_Rule] = []
    generic: list[_Rule] = []
    for attr_id, entry in enumerate(ruler.patterns):
        key = ruler.vocab.strings.add(str(attr_id))
        patterns: list[list[dict[str, Any]]] = entry["patterns"]  # type: ignore[assignment]
        for pattern in patterns:
            rule = _Rule(attr_id, key, tuple(_token_test(spec) for spec in pattern))
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
            for k in keys:
                groups[group].setdefault(k, []).append(rule)
    frozen = {g: {k: tuple(v) for k, v in d.items()} for g, d in groups.items()}
    return _Index(
        frozen["pair"], frozen["tag"], frozen["lower"], frozen["dep"], tuple(spaces), tuple(generic)
    )


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
    return lambda token: all(test(token) for test in tests)


def _value_test(get: Callable[[Token], Any], value: Any) -> TokenTest:
    if not isinstance(value, dict):
        return lambda token: bool(get(token) == value)
    if len(value) != 1:
        raise UnsupportedPattern(f"value {value!r}")
    [(op, arg)] = value.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda token: get(token) in allowed
    if op == "NOT_IN":
        banned = frozenset(arg)
        return lambda token: get(token) not in banned
    if op == "REGEX":
        regex = re.compile(arg)
        return lambda token: regex.search(get(token)) is not None
    raise UnsupportedPattern(f"operator {op!r}")
