"""Quotations: stretches of a document in someone's words, and who speaks them.

Rule set ``quotes.rules.v1``, over the document text alone (no parse), so that a quotation is
found even when some of its paragraphs were not parsed. A claim inside a quotation is the
speaker's, even when its own sentence carries no cue: "“... It was reported that he was
wounded. ...,” he noted." or a statement quoted over several paragraphs after a lead-in.

1. Quotation marks are paired with a stack, so scare quotes inside a quotation (“media”) do
   not end it. Translated text mixes marks freely (“...» or “..."), so any closing mark closes
   the innermost open quotation; a straight double quote closes when one is open and opens
   otherwise. A quotation that does not close within ``MAX_QUOTE`` characters is dropped.
2. Only quotations of at least ``MIN_WORDS`` words count: shorter ones are titles or scare
   quotes ("was “killed”"), not someone's statement.
3. The speaker is read from the words right after the closing mark (", he noted.", ", the
   expert explained.", ", said Jane Roe."); when there are none, the quotation is the
   statement of its lead-in (the latest named source before it), resolved by the caller.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from claimledger.extract import lexicon

logger = logging.getLogger(__name__)

RULES_NAME = "quotes.rules.v1"

MAX_QUOTE = 6000
MIN_WORDS = 8
_OPENERS = frozenset("“«„")
_CLOSERS = frozenset("”»")
_STRAIGHT = '"'
# Any quotation mark: only these characters open or close a quotation.
_MARKS = re.compile("[" + re.escape("".join(sorted({*_OPENERS, *_CLOSERS, _STRAIGHT}))) + "]")
# A speaker phrase: up to six words with no punctuation that ends a clause.
_WHO = r"(?P<who>[^\s.,;:!?“”«»\"()][^.,;:!?“”«»\"()\n]{0,60}?)"
_SPEECH_WORDS = "|".join(sorted({*lexicon.SPEECH_FORMS}, key=len, reverse=True))
_VERB = rf"(?P<verb>{_SPEECH_WORDS})"
# ', he noted.'  /  ', the expert explained.'  /  ', Jane Roe told reporters.'
_AFTER_SUBJECT_FIRST = re.compile(rf"^[,.!?]?\s*,?\s*{_WHO}\s+{_VERB}\b")
# ', said Jane Roe.'  /  ', added the minister.'
_AFTER_VERB_FIRST = re.compile(rf"^[,.!?]?\s*,?\s*{_VERB}\s+{_WHO}\s*(?:[.,;]|$)")
PRONOUN_SPEAKERS = frozenset({"he", "she", "they", "it"})


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation's document offsets (``start`` at the opening mark, ``end`` after the closing
    mark) and its speaker as written after it, if any (``speaker_start`` its offset)."""

    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None

    def covers(self, position: int) -> bool:
        return self.start < position < self.end


def find_quotations(text: str) -> list[Quotation]:
    """The document's quotations of ``MIN_WORDS`` words or more, in text order."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for mark in _MARKS.finditer(text):
        i, char = mark.start(), mark.group()
        if stack and i - stack[0] > MAX_QUOTE:
            stack.clear()  # never closed: not a quotation we can trust
        if char in _OPENERS or (char == _STRAIGHT and not stack):
            stack.append(i)
        elif (char in _CLOSERS or char == _STRAIGHT) and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
    quotations = []
    for start, end in spans:
        if len(text[start:end].split()) < MIN_WORDS:
            continue
        speaker, speaker_start = _speaker_after(text, end)
        quotations.append(Quotation(start, end, speaker, speaker_start))
    return quotations


def _speaker_after(text: str, end: int) -> tuple[str | None, int | None]:
    """The speaker named right after a closing mark, in the same sentence."""
    tail = text[end : end + 120]
    for pattern in (_AFTER_VERB_FIRST, _AFTER_SUBJECT_FIRST):
        match = pattern.match(tail)
        if match:
            who = match.group("who").strip()
            if _plausible_speaker(who):
                return who, end + match.start("who")
    return None, None


def _plausible_speaker(who: str) -> bool:
    """A pronoun, a name or a short description; not a clause ("this is what he said")."""
    words = who.split()
    if not words or len(words) > 6:
        return False
    first = words[0].lower()
    if first in PRONOUN_SPEAKERS:
        return len(words) == 1
    return first not in {"this", "that", "which", "what", "it's", "there", "and", "but"}


def quotation_at(quotations: list[Quotation], position: int) -> Quotation | None:
    """The quotation holding ``position``, if any."""
    for quotation in quotations:
        if quotation.covers(position):
            return quotation
        if quotation.start > position:
            break
    return None


@dataclass(frozen=True, slots=True)
class Source:
    """A named source the document cited: ``end`` is where its sentence ends."""

    end: int
    claimant: str
    via: tuple[str, ...] = ()


# How far before a quotation its lead-in may be ("X said on Friday. ...\n\n“...").
LEAD_REACH = 400
# How far back a pronoun or description after a quotation ("he noted") looks for its speaker.
SPEAKER_REACH = 1500


@dataclass(slots=True)
class Speakers:
    """The document's quotations and the named sources cited so far, in text order."""

    quotations: list[Quotation]
    sources: list[Source]

    @classmethod
    def of(cls, text: str) -> Speakers:
        return cls(find_quotations(text), [])

    def note(self, end: int, claimant: str | None, via: tuple[str, ...] = ()) -> None:
        """Record a named source cited in the sentence ending at ``end``."""
        if claimant and not (self.sources and self.sources[-1] == Source(end, claimant, via)):
            self.sources.append(Source(end, claimant, via))

    def speaker_at(self, position: int) -> Source | None:
        """Who speaks the words at ``position``, if they are inside a quotation."""
        quotation = quotation_at(self.quotations, position)
        if quotation is None:
            return None
        if quotation.speaker and not stands_for_someone(quotation.speaker):
            return Source(quotation.end, _clean(quotation.speaker))
        reach = SPEAKER_REACH if quotation.speaker else LEAD_REACH
        for source in reversed(self.sources):
            if source.end <= quotation.start:
                return source if quotation.start - source.end <= reach else None
        return None


def stands_for_someone(speaker: str) -> bool:
    """A pronoun or a description ("he", "the expert") rather than a name."""
    words = speaker.split()
    if words[0].lower() in PRONOUN_SPEAKERS:
        return True
    return words[0].lower() in {"the", "this", "that", "our", "a", "an"} and not any(
        w[:1].isupper() for w in words[1:]
    )


def _clean(name: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.IGNORECASE)
