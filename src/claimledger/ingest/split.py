"""Split a text blob holding several articles run together into one segment per article.

Copy-pasted or scraped text often glues articles into one file with no metadata. We look at
every gap between blocks (paragraphs separated by blank lines, or lines when there are none)
and give it a score from general newswire and blog structure:

1. explicit separators (rows of dashes or asterisks, ``* * *``);
2. article openers: agency datelines (``MOSCOW, June 16 (Reuters) -``), bylines (``By X``),
   date lines, and short title-like heading lines followed by body text;
3. article closers: sign-offs (a bare author name, ``Reporting by X; Editing by Y``, ``©``);
4. news-lead style in the first sentence (``..., Reuters reports.``, ``On Monday, ...``);
5. lexical cohesion (after TextTiling): the vocabulary and proper names of the text before
   the gap against the text after it; a deep, low valley means the topic changed;
6. a penalty when the text after the gap plainly continues what came before (a pronoun or a
   connective first, a sentence left open).

The cues are combined as a noisy-OR and boundaries above a threshold are kept, strongest first,
as long as every segment keeps a minimum length. Component name: ``split.cues.v1``.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import statistics
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from claimledger.types import Document

logger = logging.getLogger(__name__)

SPLITTER = "split.cues.v1"

# A gap is a boundary when its combined score reaches this; single cues are weighted so that
# one explicit marker (separator, dateline, byline) passes alone and weak ones need company.
THRESHOLD = 0.5
# Lexical cohesion compares about this many words on each side of a gap (TextTiling's block).
WINDOW_WORDS = 150
# A cohesion valley alone must be near total (no shared names or words) to reach THRESHOLD.
COHESION_WEIGHT = 0.7
# Floor for a text's median window similarity, so near-zero noise is not read as structure.
MIN_TYPICAL_SIMILARITY = 0.05
# Below this many words on either side, cohesion is too noisy to say anything.
MIN_WINDOW_WORDS = 60

Bag = defaultdict[str, float]  # term -> weight
Kind = Literal["body", "heading", "byline", "date", "separator", "signoff", "credit", "caption"]

# Wire services and large agencies whose name appears in datelines, bylines and lead credits.
AGENCIES = (
    "Reuters|AP|Associated Press|AFP|Agence France-Presse|dpa|DPA|ANSA|EFE|UPI|Bloomberg|"
    "TASS|ITAR-TASS|RIA Novosti|RIA|Interfax|Xinhua|Kyodo|Yonhap|PTI|IANS|ANI|Anadolu|"
    "Anadolu Agency|APA|Kazinform|KUNA|WAFA|SANA|IRNA|ISNA|Fars|Tasnim|Mehr|"
    "Ukrinform|UNIAN|BTA|CTK|PAP|MTI|NTB|Ritzau|Belga|Lusa|Notimex|Prensa Latina|"
    "AAP|NZPA|CNA|Bernama|Antara|PNA|Petra|MENA|QNA|WAM|SPA|BNA|ONA|NNA|Sputnik|RT|BBC|CNN"
)
MONTHS = (
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    "Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SEPARATOR = re.compile(r"^\s*([-*=_~#•·+])(?:\s*\1){2,}\s*$")
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}"  # CITY in capitals
    rf"(?:,\s*(?:[A-Z][A-Za-z.]+\s*)?(?:(?:{MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTHS}))"
    r"(?:,?\s*\d{4})?)?"  # optional date
    rf"\s*(?:\((?:{AGENCIES})\)\s*)?"  # optional agency
    r"\s*[-—–]{1,2}\s+\S"
)
_AGENCY_DATELINE = re.compile(rf"^[A-Z][\w.'’ -]{{1,40}}\s*\((?:{AGENCIES})\)")
_BYLINE = re.compile(
    r"^(?:by|written by|posted by|text by|report(?:ed)? by|author:)\s+[A-Z][\w.'’-]+", re.I
)
_AGENCY_BYLINE = re.compile(rf"^[A-Z][\w.'’ -]{{1,60}}(?:,|\||/| - )\s*(?:{AGENCIES})\s*$")
_CREDIT = re.compile(
    r"^(?:\(?(?:additional |)(?:reporting|writing|editing|compiled|translated) by\b|©|\(c\)|"
    r"copyright\b|source:|sources:|\((?:" + AGENCIES + r")\)\s*$)",
    re.I,
)
_DATE_ONLY = re.compile(
    rf"^(?:(?:{WEEKDAYS}),?\s+)?"
    rf"(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?\s*$"
)
_CAPTION_WORDS = re.compile(
    r"\b(?:photo\w*|picture\w*|image\w*|poster\w*|slide\w*|video\w*|screenshot\w*|"
    r"illustration\w*|caption\w*|infographic\w*|map|chart)\b",
    re.I,
)
_NAME_PARTICLES = _wordset(
    "al al- el bin ibn bint ben de del della der di da dos du la le van von zu abu abd"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words that open a paragraph continuing the previous one: articles do not start this way.
_CONTINUATION = _wordset(
    "he she it they his her its their him them this that these those such but and or so yet "
    "however also moreover furthermore meanwhile besides then thus therefore still instead "
    "nevertheless nonetheless otherwise hence likewise similarly accordingly"
)
# A first sentence that says who reported it, as news leads do.
_LEAD_CREDIT = re.compile(
    rf"(?:,|\bthe)\s+(?:{AGENCIES})\s+(?:reports?|reported|said|says|writes|wrote|"
    r"informs|quoted)\b|"
    rf"\((?:{AGENCIES})\)|\b(?:{AGENCIES})\s+(?:reports?|reported)\s+(?:that\s+)?(?:on\s+)?",
)
# A first sentence anchored in its own time: "On Monday, ...", "Last week, ...", "said on Friday".
_LEAD_TIME = re.compile(
    rf"^(?:On\s+(?:{WEEKDAYS}|(?:{MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTHS}))|"
    r"(?:Last|This|Earlier this)\s+(?:week|month|weekend)|Yesterday|Today|Tonight)\b"
    rf"|\b(?:said|announced|reported|told \w+|stated)\s+on\s+(?:{WEEKDAYS})\b"
)
_STOPWORDS = _wordset(
    """a an the and or but if of to in on at by for with from as is was were be been being are
    this that these those it its he she they them his her their him we you i our your my me not
    no so than then there here which who whom whose what when where why how all any some each
    other such only also very can could would should will may might must do does did done has
    have had having about after before into over under again further once more most own same too
    just now up down out off while during through against between both few nor one two said says
    say told according however because since until unless although though even still yet"""
)


@dataclass(frozen=True, slots=True)
class Segment:
    """One article cut from a blob: its line range in the input, its text and title."""

    start_line: int  # 1-based, inclusive, line numbers in the input
    end_line: int  # inclusive
    text: str
    title: str | None
    score: float  # strength of the boundary that opened this segment (1.0 for the first)


@dataclass(frozen=True, slots=True)
class _Block:
    start_line: int
    end_line: int
    text: str
    kind: Kind


# 1. Blocks ---------------------------------------------------------------------------------


def _input_lines(text: str) -> list[str]:
    # split("\n") rather than splitlines(): numbering must match editors and `wc -l`, which do
    # not break lines at form feeds or U+2028.
    return [line.rstrip("\r") for line in text.split("\n")]


def _read_blocks(lines: Sequence[str]) -> list[_Block]:
    """Paragraphs separated by blank lines; every line is a block when there are none."""
    has_blank = any(not line.strip() for line in lines)
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if start is not None:
                spans.append((start, number - 1))
                start = None
        elif not has_blank or _SEPARATOR.match(line):
            if start is not None:
                spans.append((start, number - 1))
            spans.append((number, number))
            start = None
        elif start is None:
            start = number
    if start is not None:
        spans.append((start, len(lines)))
    texts = [" ".join(lines[a - 1 : b]).strip() for a, b in spans]
    kinds = _kinds(texts)
    return [_Block(a, b, t, k) for (a, b), t, k in zip(spans, texts, kinds, strict=True)]


def _is_title_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 14 and len(text) <= 110 and text[-1] not in ".!?,;:…"


def _is_bare_name(text: str) -> bool:
    """Two to four capitalised words and nothing else: an author's name on its own line."""
    words = text.split()
    if not 2 <= len(words) <= 4 or len(text) > 45 or any(ch.isdigit() for ch in text):
        return False
    capitalised = [w for w in words if w.lower().rstrip("-") not in _NAME_PARTICLES]
    if any(w.lower() in _STOPWORDS for w in words):
        return False  # "Rain In The Valley": capitalised function words make a headline
    return len(capitalised) >= 2 and all(
        w[0].isupper() and w[1:].replace("-", "").replace(".", "").isalpha() and not w[1:].isupper()
        for w in capitalised
    )


def _line_kind(text: str) -> Kind:
    """What a block is on its own, before looking at its neighbours."""
    if _SEPARATOR.match(text):
        return "separator"
    if len(text.split()) <= 10 and (_BYLINE.match(text) or _AGENCY_BYLINE.match(text)):
        return "byline"
    if len(text.split()) <= 16 and _CREDIT.match(text):
        return "credit"
    if _DATE_ONLY.match(text):
        return "date"
    if _is_title_like(text):
        return "caption" if _CAPTION_WORDS.search(text) else "heading"
    return "body"


def _is_signoff(texts: Sequence[str], kinds: Sequence[Kind], i: int) -> bool:
    """A lone name after body text signs the article off.

    A name above body text with no "By" is rarer in copy-pasted news than the author's name at
    the end. A title-case headline looks the same, but shares words with the text it leads.
    """
    if i == 0 or kinds[i - 1] != "body" or not _is_bare_name(texts[i]):
        return False
    if i + 1 == len(texts):
        return True
    if kinds[i + 1] != "body":
        return False
    return not _terms(texts[i]).keys() & _terms(texts[i + 1]).keys()


def _kinds(texts: Sequence[str]) -> list[Kind]:
    kinds = [_line_kind(t) for t in texts]
    for i, kind in enumerate(kinds):
        if kind != "heading":
            continue
        if _is_signoff(texts, kinds, i):
            kinds[i] = "signoff"
        elif i + 1 == len(kinds) or kinds[i + 1] not in ("body", "byline", "date"):
            # A title-like line must lead into text; otherwise it is a fragment or a label.
            kinds[i] = "caption"
    return kinds


# 2. Structural cues ------------------------------------------------------------------------

_FORWARD = ("heading", "byline", "date")  # blocks that belong to what follows them
_BACKWARD = ("signoff", "credit", "separator")  # blocks that belong to what precedes them


def _opening(blocks: Sequence[_Block], i: int) -> tuple[list[_Block], int | None]:
    """The forward-gluing blocks starting at ``i`` and the index of the first body after them."""
    head: list[_Block] = []
    for j in range(i, len(blocks)):
        if blocks[j].kind in _FORWARD:
            head.append(blocks[j])
        elif blocks[j].kind == "body":
            return head, j
        else:
            return head, None
    return head, None


def _structural_cues(blocks: Sequence[_Block], i: int) -> list[float]:
    """Strengths of the explicit cues for a boundary just before block ``i``."""
    cues: list[float] = []
    prev = blocks[i - 1]
    if prev.kind == "separator":
        cues.append(0.95)
    elif prev.kind == "credit":
        cues.append(0.6)
    elif prev.kind == "signoff":
        cues.append(0.55)
    head, first = _opening(blocks, i)
    kinds = {b.kind for b in head}
    if "byline" in kinds:
        cues.append(0.75)
    if "date" in kinds:
        cues.append(0.5)
    if "heading" in kinds:
        title = next(b.text for b in head if b.kind == "heading")
        cues.append(0.4 if _is_title_case(title) else 0.3)
    if first is not None:
        cues.extend(_lead_cues(blocks[first].text))
    return cues


def _is_title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z“\"«])", text, maxsplit=1)[0]


def _lead_cues(text: str) -> list[float]:
    """Cues that a paragraph is the first one of a news article."""
    if _DATELINE.match(text) or _AGENCY_DATELINE.match(text):
        return [0.85]
    sentence = _first_sentence(text)
    cues: list[float] = []
    if _LEAD_CREDIT.search(sentence):
        cues.append(0.35)
    if _LEAD_TIME.search(sentence):
        cues.append(0.15)
    return cues


def _continuation_factor(prev: _Block, first: _Block | None) -> float:
    """Below 1 when the text after the gap plainly continues the text before it."""
    if prev.kind == "body" and prev.text[-1] in ",;:-–—(":
        return 0.25  # a sentence, or a list introduced by a colon, runs on
    if first is None:
        return 1.0
    words = _WORD.findall(first.text[:40])
    if first.text[0].islower() or (words and words[0].lower() in _CONTINUATION):
        return 0.5
    return 1.0


# 3. Lexical cohesion -----------------------------------------------------------------------


def _terms(text: str) -> Bag:
    """Content words, crudely stemmed; capitalised words (mostly names) count double."""
    out: Bag = defaultdict(float)
    for token in _WORD.findall(text):
        low = re.sub(r"['’]s$", "", token.lower()).strip("'’-")
        if len(low) < 3 or low in _STOPWORDS:
            continue
        if low.endswith("s") and len(low) > 4:
            low = low[:-1]
        out[low[:7]] += 2.0 if token[0].isupper() else 1.0
    return out


def _cosine(a: Bag, b: Bag) -> float:
    num = sum(v * b[k] for k, v in a.items() if k in b)
    den = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return num / den if den else 0.0


def _window(terms: Sequence[Bag], sizes: Sequence[int], order: Iterable[int]) -> tuple[Bag, int]:
    bag: Bag = defaultdict(float)
    words = 0
    for j in order:
        for term, weight in terms[j].items():
            bag[term] += weight
        words += sizes[j]
        if words >= WINDOW_WORDS:
            break
    return bag, words


def _similarities(texts: Sequence[str]) -> list[float | None]:
    """Cosine of the windows before and after each gap between body texts (None: too little)."""
    terms = [_terms(t) for t in texts]
    sizes = [len(t.split()) for t in texts]
    sims: list[float | None] = []
    for g in range(1, len(texts)):
        left, n_left = _window(terms, sizes, range(g - 1, -1, -1))
        right, n_right = _window(terms, sizes, range(g, len(texts)))
        enough = min(n_left, n_right) >= MIN_WINDOW_WORDS
        sims.append(_cosine(left, right) if enough else None)
    return sims


def _peaks(sims: Sequence[float | None]) -> tuple[list[float], list[float]]:
    """For each gap, the similarity reached climbing from it to the left and to the right
    while the similarity does not fall (TextTiling's peaks on either side of a valley).

    One pass each way: the climb from ``g`` goes on as the climb from its neighbour when the
    neighbour is no lower. Climbing from every gap anew cost the square of the gaps on
    text whose similarity stays level (thousands of one-line paragraphs alike).
    """
    n = len(sims)
    left = [0.0] * n
    right = [0.0] * n
    for g in range(n):
        value, before = sims[g], sims[g - 1] if g else None
        if value is None:
            continue
        left[g] = left[g - 1] if before is not None and before >= value else value
    for g in range(n - 1, -1, -1):
        value, after = sims[g], sims[g + 1] if g + 1 < n else None
        if value is None:
            continue
        right[g] = right[g + 1] if after is not None and after >= value else value
    return left, right


def _valley_strength(
    sims: Sequence[float | None], g: int, typical: float, peaks: tuple[list[float], list[float]]
) -> float:
    """TextTiling depth of the valley at ``g``, damped when the similarity is not low.

    Both are measured against the text's ``typical`` similarity: terse writing shares few
    words even within one article, while an article about one person repeats the name.
    """
    value = sims[g]
    if value is None:
        return 0.0
    left, right = peaks[0][g], peaks[1][g]
    depth = (left - value) + (right - value)
    # A topic change leaves almost no shared vocabulary; a dip between two chatty stretches of
    # the same article does not, so the level of the valley matters as much as its depth, and
    # (squared) only a near-total loss counts for much.
    return min(1.0, depth / (2 * typical)) * max(0.0, 1.0 - value / typical) ** 2


def _cohesion_cues(blocks: Sequence[_Block]) -> dict[int, float]:
    """For each block index opening a gap, the topic-change strength around that gap."""
    body = [i for i, b in enumerate(blocks) if b.kind in ("body", "caption")]
    sims = _similarities([blocks[i].text for i in body])
    known = [v for v in sims if v is not None]
    typical = max(MIN_TYPICAL_SIMILARITY, statistics.median(known)) if known else 1.0
    peaks = _peaks(sims)
    strength = [_valley_strength(sims, g, typical, peaks) for g in range(len(sims))]
    # Windows of ~150 words place a valley only roughly; let it support structural cues one
    # body block away, a little weaker than at its own place.
    cues: dict[int, float] = {}
    for g, value in enumerate(strength):
        for h, factor in ((g, 1.0), (g - 1, 0.9), (g + 1, 0.9)):
            if 0 <= h < len(strength):
                cues[body[h + 1]] = max(cues.get(body[h + 1], 0.0), value * factor)
    return cues


# 4. Scores and choice ----------------------------------------------------------------------


def _noisy_or(values: Iterable[float]) -> float:
    miss = 1.0
    for v in values:
        miss *= 1.0 - max(0.0, min(1.0, v))
    return 1.0 - miss


def _score_gaps(blocks: Sequence[_Block]) -> dict[int, float]:
    """Score of a boundary before block ``i`` for every admissible ``i``."""
    cohesion = _cohesion_cues(blocks)
    scores: dict[int, float] = {}
    for i in range(1, len(blocks)):
        if blocks[i - 1].kind in _FORWARD or blocks[i].kind in _BACKWARD:
            continue  # the gap would cut a heading from its text or a sign-off from its article
        head, first = _opening(blocks, i)
        cues = _structural_cues(blocks, i)
        cues.append(COHESION_WEIGHT * cohesion.get(i if first is None else first, 0.0))
        opener = blocks[first] if first is not None and not head else None
        score = _noisy_or(cues) * _continuation_factor(blocks[i - 1], opener)
        if score > 0:
            scores[i] = score
    return scores


def _choose(blocks: Sequence[_Block], scores: dict[int, float], min_lines: int) -> list[int]:
    # Non-blank, non-separator lines before each block, so the lines between two cuts are one
    # subtraction (counting them afresh for every candidate cost the square of the blocks).
    before = [0]
    for b in blocks:
        before.append(before[-1] + (b.end_line - b.start_line + 1 if b.kind != "separator" else 0))
    cuts = [0, len(blocks)]
    for i, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < THRESHOLD:
            break
        k = bisect_right(cuts, i)
        lo, hi = cuts[k - 1], cuts[k]
        if min(before[i] - before[lo], before[hi] - before[i]) >= min_lines:
            cuts.insert(k, i)
    return cuts[1:-1]


def _make_segment(lines: Sequence[str], blocks: Sequence[_Block], score: float) -> Segment:
    kept = [b for b in blocks if b.kind != "separator"]
    start, end = kept[0].start_line, kept[-1].end_line
    leading = itertools.takewhile(lambda b: b.kind in _FORWARD, kept)
    title = next((b.text for b in leading if b.kind == "heading"), None)
    return Segment(start, end, "\n".join(lines[start - 1 : end]), title, round(score, 3))


def split_blob(text: str, *, min_lines: int = 3) -> list[Segment]:
    """Split ``text`` into articles; ``min_lines`` is the fewest non-blank lines in one.

    Returns one segment when no boundary is convincing, and none for blank input.
    """
    lines = _input_lines(text)
    blocks = _read_blocks(lines)
    if not any(b.kind != "separator" for b in blocks):
        return []
    scores = _score_gaps(blocks)
    cuts = _choose(blocks, scores, min_lines)
    logger.debug("split: %d blocks, boundaries before blocks %s", len(blocks), cuts)
    segments: list[Segment] = []
    bounds = [0, *cuts, len(blocks)]
    for lo, hi in itertools.pairwise(bounds):
        if any(b.kind != "separator" for b in blocks[lo:hi]):
            segments.append(_make_segment(lines, blocks[lo:hi], scores.get(lo, 1.0)))
    return segments


def split_documents(text: str, *, origin: str) -> list[Document]:
    """One Document per article found in ``text``; ``origin`` gains the line range."""
    return [
        Document(
            text=segment.text,
            title=segment.title,
            origin=f"{origin}#lines {segment.start_line}-{segment.end_line}",
        )
        for segment in split_blob(text)
    ]
