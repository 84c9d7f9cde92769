"""The text of spaCy Docs and Spans without building a Token object per word.

``Doc.text`` joins every token's text each time it is read, and ``Span.text`` does the same
over the span's tokens; the rules read the text of one sentence many times (times, triggers,
questions, follow-ups, attribution), so these two helpers read the Doc's text once and slice it.
``span_text(span) == span.text``: a span's ``start_char``/``end_char`` are its first token's
offset and its last token's end, so the slice drops the last token's trailing whitespace just as
``Span.text`` does.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Key of the joined text in ``Doc.user_data``: a Doc's text never changes (retokenizing and
# setting entities keep it), so it is joined once and lives as long as the Doc does.
_TEXT_KEY = "claimledger.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined on first use and kept in the Doc's ``user_data``."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def span_text(span: Span) -> str:
    """``span.text``, sliced from the Doc's text."""
    return doc_text(span.doc)[span.start_char : span.end_char]
