"""HTML pages: main text and metadata via trafilatura, with an honest publication date.

How the date's confidence is decided: htmldate (which trafilatura uses) looks at the URL, the
``<meta>`` tags and JSON-LD first, then falls back to searching the page body (date-like
elements, ``<time>``, headings, bare dates in the text). Only the first kind is the publisher's
own statement of the date. So the page is searched twice: once on a copy reduced to its
metadata (meta tags, canonical link, JSON-LD, ``itemprop="datePublished"`` markup) in fast
mode, and once in full by trafilatura. A date found in the metadata is kept as reliable; a date
only the full search finds came from the body and is marked ``published_at_estimated=True``.
"""

from __future__ import annotations

import copy
import itertools
import logging
from datetime import date, datetime

import htmldate
import trafilatura
from lxml import html as lxml_html
from lxml.etree import LxmlError, SubElement
from trafilatura.settings import Document as TrafilaturaDocument

from claimledger import settings
from claimledger.errors import InputError
from claimledger.ingest.charsets import decode_markup
from claimledger.types import Document

logger = logging.getLogger(__name__)

# Elements that carry the publisher's own metadata, wherever they sit in the page.
_METADATA_XPATH = "//meta|//link[@rel='canonical']|//script[@type='application/ld+json']"
_ITEMPROP_XPATH = "//*[@itemprop='datePublished' or @itemprop='dateCreated']"
# trafilatura's fallbacks return navigation crumbs ("Home") for pages without an article;
# fewer words than this is not an article.
MIN_ARTICLE_WORDS = 8


def _metadata_tree(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A page holding only ``tree``'s metadata elements, so no body text can yield a date."""
    page = lxml_html.Element("html")
    head = SubElement(page, "head")
    for element in tree.xpath(_METADATA_XPATH):
        clone = copy.deepcopy(element)
        clone.tail = None
        head.append(clone)
    # Microdata on visible elements (<time itemprop="datePublished" datetime=...>) is
    # metadata too; restate it as a <meta> tag, which htmldate reads in fast mode.
    for element in tree.xpath(_ITEMPROP_XPATH):
        value = element.get("datetime") or element.get("content")
        if value and element.tag != "meta":
            SubElement(head, "meta", itemprop=element.get("itemprop"), content=value)
    return page


def metadata_date(tree: lxml_html.HtmlElement, url: str | None) -> date | None:
    """The publication date the page's metadata (or its URL) states, or ``None``."""
    try:
        found = htmldate.find_date(
            _metadata_tree(tree),
            extensive_search=False,
            original_date=True,
            url=url,
            max_date=datetime.now().strftime("%Y-%m-%d"),
        )
    except (ValueError, OverflowError, TypeError) as err:
        # htmldate trusts what it matched ("0000-00-00", year 99999); an unreadable date in
        # the metadata is no date, not a reason to lose the article.
        logger.debug("no metadata date: %s", err)
        return None
    return _as_date(found)


def _as_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _load(data: bytes | str, *, origin: str, max_elements: int) -> lxml_html.HtmlElement:
    """The parsed page, or ``InputError`` when it cannot be parsed or has too many elements."""
    try:
        tree = trafilatura.load_html(data)
    except (LxmlError, ValueError) as err:
        raise InputError(origin, f"not an HTML page: {err}") from None
    if tree is None:
        raise InputError(origin, "not an HTML page: it could not be parsed")
    # Extraction costs about 0.2 ms an element; counting them first costs a hundredth of that.
    count = sum(1 for _ in itertools.islice(tree.iter(), max_elements + 1))
    if count > max_elements:
        raise InputError(
            origin,
            f"HTML page has more than {max_elements:,} elements, too costly to extract "
            "(raise CLAIMLEDGER_MAX_HTML_ELEMENTS to read it)",
        )
    return tree


def _extract(tree: lxml_html.HtmlElement, *, origin: str, url: str | None) -> TrafilaturaDocument:
    try:
        extracted = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except (LxmlError, ValueError, TypeError, OverflowError) as err:
        # trafilatura's metadata parsers trust the page (dates, JSON-LD); the page is refused.
        raise InputError(origin, f"cannot extract the HTML page: {err}") from None
    # Without as_dict or output_format, trafilatura returns its Document (or None).
    if not isinstance(extracted, TrafilaturaDocument):
        raise InputError(origin, "no article text found in the HTML page")
    return extracted


def read_html(
    data: bytes | str,
    *,
    origin: str,
    url: str | None = None,
    max_elements: int = settings.DEFAULT_MAX_HTML_ELEMENTS,
    charset: str | None = None,
) -> Document:
    """One Document from an HTML page (raises ``InputError`` when it has no article text).

    ``url`` (e.g. a WARC record's target URI) wins over the page's canonical link; ``charset``
    (its HTTP Content-Type's) over the page's own declaration (see ``charsets``: trafilatura
    alone guesses without reading either).
    """
    if isinstance(data, bytes):
        decoded = decode_markup(data, declared=charset)
        if decoded.how in ("detected", "replaced"):
            logger.info("%s: no usable encoding declared; read as %s", origin, decoded.encoding)
        data = decoded.text
    tree = _load(data, origin=origin, max_elements=max_elements)
    stated = metadata_date(tree, url)
    extracted = _extract(tree, origin=origin, url=url)
    text = extracted.text
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:
        raise InputError(origin, "no article text found in the HTML page")
    found = _as_date(extracted.date)
    if stated and found and stated != found:
        logger.debug("%s: metadata date %s differs from searched date %s", origin, stated, found)
    return Document(
        text=text,
        url=url or extracted.url,
        title=extracted.title,
        author=extracted.author,
        source=extracted.sitename or extracted.hostname,
        published_at=stated or found,
        published_at_estimated=stated is None and found is not None,
        origin=origin,
    )
