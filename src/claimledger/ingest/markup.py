"""HTML fragments to plain text with lxml, keeping paragraph breaks (no regular expressions)."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

# Elements after which a reader sees a line break.
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "tr", "table"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt"),
        *("section", "article", "header", "footer", "figure", "figcaption"),
    }
)


def strip_markup(fragment: str) -> str:
    """The text of an HTML fragment, one line per block element, scripts and styles dropped."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    etree.strip_elements(root, "script", "style", etree.Comment, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
