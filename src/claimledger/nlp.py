"""The NLP backbone: paragraphs, a cheap trigger pass, spaCy parses and entity mentions.

Documents are fed to spaCy paragraph by paragraph, never whole: a whole 35 KB document peaks
at about 2.3 GB in the parser, its paragraphs at about 0.25 GB. A regular expression built from
the predicate lexicon picks the paragraphs that can hold a claim; only those go through the
full pipeline (tagger, parser, NER). The other paragraphs go through NER alone (the resolver
needs every person mention: alias sentences, short and long names), or through nothing when
``ner_scope`` says so. Character offsets always point into the ORIGINAL document text:
paragraph offset + ``token.idx``.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Literal, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.backends.numpy_ops import NumpyOps
from threadpoolctl import ThreadpoolController

from claimledger.errors import SettingsError
from claimledger.extract.predicates import has_trigger
from claimledger.extract.tagattrs import speed_up, speed_up_lemmatizer
from claimledger.spacy_models import MODEL, needs_torch, torch_kept_out
from claimledger.types import Mention

logger = logging.getLogger(__name__)

MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Words after which a place name may run into the person's name: "the emir of Raqqa Abu Ali".
_PLACE_PREPS = frozenset({"of", "in", "from"})
# en_core_web_sm's NER carries its own tok2vec, so it runs without the shared one: the NER-only
# pass is the same loaded pipeline with these components switched off (one copy of the weights).
NER_ONLY_DISABLE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# Paragraphs longer than this are cut at line breaks: parser memory grows with input length.
MAX_PARAGRAPH = 5000
# Which untriggered paragraphs get NER-only: "all" (those with a capitalised word) or "none".
NerScope = Literal["all", "none"]
# Paragraphs per nlp.pipe batch: the CNN and the transition models run a batch as one matrix, so
# bigger batches cost less per token (8 -> 32: about 30% less CPU in the parser and NER, 32 ->
# 128 another 10%), but their activations grow with it: with 2 workers, 128 put the peak
# total memory at about 1 GB, 64 at 0.9 GB (benchmarks/throughput.py).
BATCH_SIZE = 64

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
# A line break that starts a new paragraph: the next line does not go on in lowercase (a soft
# wrap of running text does). Web extractions and wire copy often give one paragraph a line with
# no blank line between: a headline, a timestamp, a dateline and the lead must not be parsed as
# one sentence, nor a date of one line be taken for the next line's.
_LINE_BREAK = re.compile(r"\n(?=[ \t]*[^\sa-z])")
_CAPITALISED = re.compile(r"[A-Z][a-z]")
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*\s+")

C = TypeVar("C")


def load_pipeline(model: str = MODEL) -> Language:
    """Load the spaCy pipeline once per process (installed package; never downloads)."""
    # Not cached itself: ``load_pipeline()`` and ``load_pipeline(MODEL)`` would be two cache
    # entries, i.e. two copies of the model.
    return _load_pipeline(model)


@lru_cache(maxsize=4)
def _load_pipeline(model: str) -> Language:
    logger.debug("loading spaCy model %s", model)
    if torch_kept_out() and needs_torch(model):
        raise SettingsError(
            f"spaCy pipeline {model!r} needs PyTorch, which extraction worker processes do not "
            f"import (they are prepared for {MODEL!r}); extract with it in one process "
            "(workers=1)"
        )
    nlp = spacy.load(model)
    # Same annotations for a fraction of the CPU (see extract.tagattrs).
    if "attribute_ruler" in nlp.pipe_names:
        speed_up(nlp.get_pipe("attribute_ruler"))
    if "lemmatizer" in nlp.pipe_names:
        speed_up_lemmatizer(nlp.get_pipe("lemmatizer"))
    _use_numpy_matmul(nlp)
    return nlp


def _use_numpy_matmul(nlp: Language) -> None:
    """Have thinc multiply matrices with numpy's BLAS (OpenBLAS) instead of blis.

    The blis wheel runs its AVX2 kernel; OpenBLAS picks the CPU's own (AVX-512 where there is
    one). Measured on the 2-core machine, same annotations on every token of 300 paragraphs:
    tok2vec about 23% and NER about 10% less CPU. Call the pipeline inside
    ``single_thread_blas()``: OpenBLAS's threads spin while they wait, which doubles the CPU
    these small products cost and fights the other extraction worker for the cores.
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None:
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:  # leave GPU or other backends alone
                node.ops = ops


def single_thread_blas() -> AbstractContextManager[object]:
    """A context in which numpy's BLAS uses one thread (see above). The limit holds for the
    whole process while the context lasts, other threads included."""
    return _blas_controller(len(sys.modules)).limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _blas_controller(modules: int) -> ThreadpoolController:
    # Finding the loaded BLAS libraries takes about a millisecond: once per process, not per
    # call (``check`` parses one sentence at a time), and again only when modules were imported
    # since (``modules`` is their count): one of them may have loaded another BLAS (torch's).
    return ThreadpoolController()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of a document: ``text == document_text[start:end]``."""

    start: int
    end: int
    text: str
    triggered: bool


@dataclass(frozen=True, slots=True)
class ParsedParagraph:
    """A paragraph with its spaCy Doc; ``doc`` offsets are relative to ``start``."""

    start: int
    doc: Doc
    parsed: bool  # True: full pipeline (sentences, dependencies); False: NER only


@dataclass(frozen=True, slots=True)
class ParsedText:
    """A document's paragraphs after the NLP pass, in text order."""

    text: str
    paragraphs: tuple[ParsedParagraph, ...]

    @property
    def parsed(self) -> tuple[ParsedParagraph, ...]:
        """The fully parsed (triggered) paragraphs."""
        return tuple(p for p in self.paragraphs if p.parsed)

    def mentions(self, document_id: str) -> tuple[Mention, ...]:
        """Named-entity mentions (PERSON/ORG/GPE/NORP/LOC/FAC) with document offsets."""
        found: list[Mention] = []
        for para in self.paragraphs:
            for ent in para.doc.ents:
                if ent.label_ in MENTION_LABELS:
                    found.append(entity_mention(ent, para.start, document_id))
        return tuple(found)


def entity_mention(ent: Span, offset: int, document_id: str) -> Mention:
    return Mention(
        document_id=document_id,
        start=offset + ent.start_char,
        end=offset + ent.end_char,
        text=ent.text,
        label=ent.label_,
    )


def wants_ner(text: str) -> bool:
    """Whether an untriggered paragraph goes through NER: only a capitalised word can start a
    name."""
    return _CAPITALISED.search(text) is not None


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs separated by blank lines or by a line break before a line that does not go
    on in lowercase, trimmed, with exact offsets into ``text``."""
    paragraphs: list[Paragraph] = []
    for block_start, block_end in _blocks(text):
        for start, end in _pieces(text, block_start, block_end):
            piece = text[start:end]
            paragraphs.append(Paragraph(start, end, piece, has_trigger(piece)))
    return paragraphs


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the text between paragraph breaks (see ``_LINE_BREAK``)."""
    cursor = 0
    for match in [*_BLANK_LINES.finditer(text), None]:
        stop = match.start() if match else len(text)
        for line in [*_LINE_BREAK.finditer(text, cursor, stop), None]:
            end = line.start() if line else stop
            yield cursor, end
            cursor = line.end() if line else end
        cursor = match.end() if match else len(text)


def _pieces(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Trimmed (start, end) of the block, cut at line breaks, then sentence ends, when too long."""
    if stop - start <= MAX_PARAGRAPH:
        yield from _trim(text, start, stop)
        return
    offset = start
    for line in text[start:stop].splitlines(keepends=True):
        line_end = offset + len(line)
        while line_end - offset > MAX_PARAGRAPH:
            cut = _sentence_cut(text, offset, offset + MAX_PARAGRAPH)
            yield from _trim(text, offset, cut)
            offset = cut
        yield from _trim(text, offset, line_end)
        offset = line_end


def _sentence_cut(text: str, start: int, limit: int) -> int:
    """The last sentence end (". ", "? ", "! ") before ``limit``, else the last space."""
    window = text[start:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends:
        return start + ends[-1]
    space = window.rfind(" ")
    return start + space + 1 if space > 0 else limit


def _trim(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def parse_texts(
    items: Iterable[tuple[str, C]],
    *,
    model: str = MODEL,
    ner_scope: NerScope = "all",
    n_process: int = 1,
    batch_size: int = BATCH_SIZE,
    chunk_size: int = 128,
) -> Iterator[tuple[ParsedText, C]]:
    """Parse a stream of (text, context) pairs, yielding (ParsedText, context) in input order.

    Documents are taken ``chunk_size`` at a time, so memory stays flat in corpus size; within a
    chunk all triggered paragraphs go through one ``nlp.pipe`` and all NER-only paragraphs
    through another, each with ``n_process`` worker processes.
    """
    iterator = iter(items)
    while chunk := list(islice(iterator, chunk_size)):
        yield from _parse_chunk(chunk, model, ner_scope, n_process, batch_size)


def parse_text(text: str, *, model: str = MODEL, ner_scope: NerScope = "all") -> ParsedText:
    """Parse one document text (see ``parse_texts``)."""
    [(parsed, _)] = list(parse_texts([(text, None)], model=model, ner_scope=ner_scope))
    return parsed


def _parse_chunk(
    chunk: list[tuple[str, C]], model: str, ner_scope: NerScope, n_process: int, batch_size: int
) -> Iterator[tuple[ParsedText, C]]:
    full: list[tuple[str, tuple[int, int]]] = []
    ner: list[tuple[str, tuple[int, int]]] = []
    for doc_index, (text, _) in enumerate(chunk):
        for para in split_paragraphs(text):
            key = (doc_index, para.start)
            if para.triggered:
                full.append((para.text, key))
            elif ner_scope == "all" and wants_ner(para.text):
                ner.append((para.text, key))
    results: list[list[ParsedParagraph]] = [[] for _ in chunk]
    nlp = load_pipeline(model)
    for texts, ner_only in ((full, False), (ner, True)):
        if not texts:
            continue
        disable = [name for name in NER_ONLY_DISABLE if ner_only and name in nlp.pipe_names]
        pipe = nlp.pipe(
            texts, as_tuples=True, batch_size=batch_size, n_process=n_process, disable=disable
        )
        with single_thread_blas():
            for doc, (doc_index, start) in pipe:
                results[doc_index].append(ParsedParagraph(start, doc, parsed=not ner_only))
    for (text, context), paragraphs in zip(chunk, results, strict=True):
        paragraphs.sort(key=lambda p: p.start)
        split_place_prefixes([p.doc for p in paragraphs])
        yield ParsedText(text, tuple(paragraphs)), context


def split_place_prefixes(docs: Sequence[Doc]) -> None:
    """Cut a place name off the front of a PERSON entity: "the emir of [Raqqa Abu Ali]".

    The small NER model runs a title's "of"/"in"/"from" complement into the name that follows
    it. When the leading words are a place the same document names on its own (a GPE/LOC
    entity elsewhere), the entity is split in two: the place and the person. Edits ``docs``.
    """
    places = {e.text.lower() for d in docs for e in d.ents if e.label_ in PLACE_LABELS}
    if not places:
        return
    for doc in docs:
        ents = list(doc.ents)
        fixed: list[Span] = []
        for ent in ents:
            fixed.extend(_split_place(ent, places))
        if len(fixed) != len(ents):
            doc.ents = fixed


def _split_place(ent: Span, places: set[str]) -> list[Span]:
    if ent.label_ != "PERSON" or ent.start == 0:
        return [ent]
    if ent.doc[ent.start - 1].lower_ not in _PLACE_PREPS:
        return [ent]
    # The longest leading run of words that is a place, leaving at least two words of name.
    for cut in range(ent.end - 2, ent.start, -1):
        if ent.doc[ent.start : cut].text.lower() in places:
            doc = ent.doc
            return [Span(doc, ent.start, cut, label="GPE"), Span(doc, cut, ent.end, label="PERSON")]
    return [ent]
