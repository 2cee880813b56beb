"""HTML to clean text with its paragraphs kept, and the main text of a whole page."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from etl.sources.text_io import normalize_text

_DROP_TAGS = (
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "button", "select", "input", "template", "figure", "video", "audio", "canvas",
)  # fmt: skip
_BOILERPLATE = re.compile(
    r"cookie|consent|share|social|related|newsletter|subscribe|breadcrumb|comment|promo|advert"
    r"|sidebar|menu|popup|modal|banner|signup|donate|skip-link|visually-hidden",
    re.IGNORECASE,
)
_BLOCKS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 blockquote pre table tr ul ol dl dt dd "
    "figcaption address".split()
)
_SPACES = re.compile(r"\s+")
_SPACE_AROUND_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")


def html_to_text(html: str) -> str:
    """A fragment of HTML (a feed entry's content) as text: paragraphs separated by a blank
    line, list items on lines of their own, entities decoded, no tags."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return element_text(root)


def parse_page(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def main_element(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the article: <article>, <main>, role=main, else the block with the
    most paragraph text."""
    _drop_boilerplate(page)
    for path in ("//article", "//main", "//*[@role='main']"):
        found = page.xpath(path)
        if found:
            return max(found, key=_paragraph_text_length)
    blocks = page.xpath("//div|//section|//body")
    return max(blocks, key=_paragraph_text_length) if blocks else page


def element_text(element: lxml.html.HtmlElement) -> str:
    _drop_boilerplate(element)
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        node.text = _SPACES.sub(" ", node.text) if node.text else node.text
        node.tail = _SPACES.sub(" ", node.tail) if node.tail else node.tail
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        tag = node.tag.lower()
        if tag == "br":
            node.tail = "\n" + (node.tail or "")
        elif tag == "li":
            node.text = "• " + (node.text or "").lstrip()
            node.tail = "\n" + (node.tail or "")
        elif tag in _BLOCKS:
            node.text = "\n\n" + (node.text or "")
            node.tail = "\n\n" + (node.tail or "")
    text = _SPACE_AROUND_NEWLINE.sub("\n", element.text_content())
    return normalize_text(text)


def _drop_boilerplate(element: lxml.html.HtmlElement) -> None:
    etree.strip_elements(element, *_DROP_TAGS, with_tail=False)
    for node in list(element.iter()):
        if not isinstance(node.tag, str) or node is element or node.getparent() is None:
            continue
        marks = f"{node.get('class', '')} {node.get('id', '')} {node.get('role', '')}"
        if marks.strip() and _BOILERPLATE.search(marks) and node.tag not in ("body", "html"):
            node.drop_tree()


def _paragraph_text_length(element: lxml.html.HtmlElement) -> int:
    return sum(len(p.text_content()) for p in element.iter("p"))
