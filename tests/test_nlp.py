"""The NLP backbone: paragraph offsets, the trigger prefilter, parses and entity mentions."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.tokens import Doc, Span

from claimledger.nlp import (
    MODEL,
    load_pipeline,
    parse_text,
    parse_texts,
    split_paragraphs,
    split_place_prefixes,
)
from datapaths import SAMPLE

TEXT = (
    "  The weather in Oslo was mild on Tuesday.\n\n"
    "Officials said Karim Haddad was killed in a raid near Mosul.\r\n \n"
    "Maria Lopez visited Paris with Tom Berg.\n"
)


def test_paragraph_offsets_are_exact() -> None:
    paragraphs = split_paragraphs(TEXT)
    assert [p.text for p in paragraphs] == [
        "The weather in Oslo was mild on Tuesday.",
        "Officials said Karim Haddad was killed in a raid near Mosul.",
        "Maria Lopez visited Paris with Tom Berg.",
    ]
    for p in paragraphs:
        assert TEXT[p.start : p.end] == p.text
    assert [p.triggered for p in paragraphs] == [False, True, False]


def test_long_paragraph_is_cut_at_line_breaks() -> None:
    line = "Word " * 300 + "\n"
    text = line * 10
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 10
    assert all(text[p.start : p.end] == p.text for p in paragraphs)


def test_run_on_text_without_line_breaks_is_cut_at_sentence_ends() -> None:
    text = "Karim Haddad spoke in Lyon today. " * 600
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) > 1
    assert all(len(p.text) <= 5000 for p in paragraphs)
    assert all(p.text.endswith(".") for p in paragraphs)
    assert all(text[p.start : p.end] == p.text for p in paragraphs)


def test_empty_text_has_no_paragraphs() -> None:
    assert split_paragraphs("") == []
    assert split_paragraphs(" \n\n \n") == []


@pytest.mark.slow
def test_only_triggered_paragraphs_are_parsed_and_offsets_hold() -> None:
    parsed = parse_text(TEXT)
    assert [p.parsed for p in parsed.paragraphs] == [False, True, False]
    full = parsed.parsed[0]
    killed = next(t for t in full.doc if t.text == "killed")
    start = full.start + killed.idx
    assert TEXT[start : start + len("killed")] == "killed"
    assert killed.dep_  # dependency parse present


@pytest.mark.slow
def test_mentions_come_from_all_paragraphs_with_document_offsets() -> None:
    mentions = parse_text(TEXT).mentions("doc-1")
    texts = {m.text for m in mentions}
    assert {"Karim Haddad", "Maria Lopez"} <= texts  # NER-only paragraph included
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text
        assert m.document_id == "doc-1"


@pytest.mark.slow
def test_ner_scope_none_skips_untriggered_paragraphs() -> None:
    parsed = parse_text(TEXT, ner_scope="none")
    assert len(parsed.paragraphs) == 1
    assert "Maria Lopez" not in {m.text for m in parsed.mentions("d")}


@pytest.mark.slow
def test_parse_texts_streams_in_input_order() -> None:
    texts = [f"Officer {name} was arrested in Lyon." for name in ("Ann Ray", "Bob Lee", "Cy Ode")]
    out = list(parse_texts(((t, i) for i, t in enumerate(texts)), chunk_size=2))
    assert [context for _, context in out] == [0, 1, 2]
    assert [parsed.text for parsed, _ in out] == texts


def test_place_prefix_is_cut_off_a_person_entity() -> None:
    nlp = spacy.blank("en")
    first = nlp("Fighting went on in Kandor.")
    first.ents = [Span(first, 4, 5, label="GPE")]
    second = nlp("the emir of Kandor Abu Tariq al-Fazi was there")
    second.ents = [Span(second, 3, 9, label="PERSON")]  # al - Fazi: three tokens
    alone = nlp("Kandor Abu Tariq spoke")  # no "of": the name is left as the NER gave it
    alone.ents = [Span(alone, 0, 3, label="PERSON")]
    split_place_prefixes([first, second, alone])
    assert [(e.text, e.label_) for e in second.ents] == [
        ("Kandor", "GPE"),
        ("Abu Tariq al-Fazi", "PERSON"),
    ]
    assert [(e.text, e.label_) for e in alone.ents] == [("Kandor Abu Tariq", "PERSON")]


@pytest.mark.slow
def test_fast_ruler_and_lemmatizer_give_the_same_annotations() -> None:
    """The shared pipeline's memoised attribute ruler and lemmatizer, and its models multiplying
    with numpy's BLAS instead of blis, annotate every token exactly like spaCy's own pipeline,
    on colloquial forms and on the sample articles."""
    texts = [
        "I ain't gonna say it, y'all. Let's go: he's got 'em and there is nothing left.",
        "The ministry said that the commander, whom nobody had seen, was not killed.",
        "  Spaces   and\n\nbreaks  here. It does what it has to do; they did.",
        "C'mon, we gotta go. Nothin' doin', she's goin' to the ol' house. 'Nuff said, I'd say.",
        "There were many; there are more. Did he? He had done what he did to them and us.",
    ]
    articles = [json.loads(line)["text"] for line in SAMPLE.read_text("utf-8").splitlines()]
    texts += [p.text for text in articles[:3] for p in split_paragraphs(text)][:60]
    plain = spacy.load(MODEL)
    fast = load_pipeline()
    # Both speed-ups are installed (they replace instance attributes).
    assert "match" in vars(fast.get_pipe("attribute_ruler"))
    lemmatizer = fast.get_pipe("lemmatizer")
    assert lemmatizer.lemmatize != lemmatizer.rule_lemmatize  # type: ignore[attr-defined]
    for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
        assert _annotations(a) == _annotations(b)


def _annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [
        (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, str(t.head.i), t.ent_iob_, t.ent_type_)
        for t in doc
    ]
