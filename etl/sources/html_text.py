"""HTML to clean text with its paragraphs kept (a feed entry's content, a page's article), and
the element of a page that holds its article."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from etl.sources.text_io import normalize_text, one_line

_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)

# Never text of the article: scripts and styles, media, forms and widgets, site chrome.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "svg", "math", "canvas", "video",
    "audio", "object", "embed", "map", "form", "button", "input", "select", "textarea", "dialog",
    "menu", "nav", "aside", "footer", "figure",
)  # fmt: skip
# Parts of class and id names that mark boilerplate: `cookie-banner`, `share_buttons`,
# `jp-relatedposts`, `sr-only`. Whole parts only, so `shareholders` or `social-rights` in a
# WordPress taxonomy class (`tag-social-rights`, skipped below) never drop an article.
_BOILERPLATE_PARTS = frozenset(
    """cookie cookies consent gdpr share shares sharing sharedaddy sharethis addthis social
    socials related relatedposts newsletter subscribe subscription signup breadcrumb breadcrumbs
    comment comments respond disqus promo promotion advert advertisement ads ad sponsor sponsored
    sidebar menu navbar navigation nav popup modal overlay donate donation skip sr
    visually print byline meta author""".split()
)
_TAXONOMY_PREFIXES = ("tag-", "category-", "post-", "postid-", "format-", "status-", "type-",
                      "topic-", "term-", "page-", "single-")  # fmt: skip
_BOILERPLATE_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar "
    "toolbar".split()
)
# Headings of share boxes and link lists that survive without a class to mark them.
_BOILERPLATE_HEADINGS = frozenset({
    "related", "related content", "related articles", "related news", "related stories",
    "read more", "more on this", "more on this topic", "see also", "share", "share this",
    "share this article", "share this page", "follow us", "tags", "topics",
})  # fmt: skip
_NAME_PARTS = re.compile(r"[-_]")
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_BLOCKS = frozenset(
    "p div section article main header h1 h2 h3 h4 h5 h6 blockquote pre table tr ul ol dl dt dd "
    "figcaption address hr details summary center".split()
)
_CELLS = frozenset({"td", "th"})
_KEEPS_ARTICLE = ("html", "body", "article", "main")
_SPACES = re.compile(r"\s+")
_SPACE_AROUND_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
# A bullet and its item's text on one line, even when the item wraps its text in a <p>.
_BULLET = re.compile(r"•\s*(?=[^•\s])")
# Items of one list on consecutive lines, even when each wraps its text in a <p>.
_BETWEEN_ITEMS = re.compile(r"(^• [^\n]*)\n{2,}(?=• )", re.MULTILINE)
_MOST_OF_THE_TEXT = 0.8
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_REFERENCE = re.compile(
    r"&#(x0*[01]?[0-9a-f](?![0-9a-f])|0*[0-3]?[0-9](?![0-9]));?", re.IGNORECASE
)


def parse_page(html: str) -> lxml.html.HtmlElement:
    """A whole page. Raises etree.ParserError when there is no element at all. Parsed from
    bytes so that an XHTML page's `<?xml ... encoding=...?>` does not stop lxml."""
    return lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)


def html_to_text(html: str) -> str:
    """A fragment of HTML (a feed entry's content) as text: paragraphs separated by a blank
    line, list items and <br> on lines of their own, entities decoded, no tags."""
    html = _without_control_characters(html)
    if "<" not in html:
        return normalize_text(_unescape_plain(html))
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
    except etree.ParserError:  # only comments or processing instructions
        return ""
    drop_boilerplate(root)
    return element_text(root)


def _without_control_characters(html: str) -> str:
    """lxml refuses text that holds a control character (other than tab and newlines), as
    written or as a reference (`&#1;`); they are never article text."""
    return _CONTROL_REFERENCE.sub(_drop_control, _CONTROL.sub("", html))


def _drop_control(reference: re.Match[str]) -> str:
    number = reference[1]
    code = int(number[1:], 16) if number[0] in "xX" else int(number)
    return "" if code < 0x20 and chr(code) not in "\t\n\r" else reference[0]


def _unescape_plain(text: str) -> str:
    # Entities still need decoding when there is no tag ("Q&amp;A"); lxml would do it too.
    if "&" not in text:
        return text
    return lxml.html.fragment_fromstring(text, create_parent="div").text_content()


def drop_boilerplate(root: lxml.html.HtmlElement) -> None:
    """Remove, in place, everything that is not article text: scripts, navigation, share
    widgets, cookie banners, related-links lists, hidden elements."""
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    for node in list(root.iter()):
        if node is root or node.getparent() is None or not isinstance(node.tag, str):
            continue  # the root itself, or inside a subtree already dropped
        if _is_boilerplate(node) and not _holds_article(node):
            node.drop_tree()


def _is_boilerplate(node: lxml.html.HtmlElement) -> bool:
    tag = node.tag.lower()
    if tag == "header":  # a site's header goes; an article's header holds its title
        return not any(a.tag in ("article", "main") for a in node.iterancestors())
    if node.get("hidden") is not None or node.get("aria-hidden") == "true":
        return True
    if "display:none" in node.get("style", "").replace(" ", "").lower():
        return True
    if node.get("role", "").lower() in _BOILERPLATE_ROLES:
        return True
    if tag in _HEADINGS and _heading_text(node) in _BOILERPLATE_HEADINGS:
        return True
    if tag in ("ul", "ol") and _only_links(node):
        return True
    names = f"{node.get('class', '')} {node.get('id', '')}".lower().split()
    return any(
        part in _BOILERPLATE_PARTS
        for name in names
        if not name.startswith(_TAXONOMY_PREFIXES)
        for part in _NAME_PARTS.split(name)
    )


def _heading_text(heading: lxml.html.HtmlElement) -> str:
    return one_line(heading.text_content()).casefold().rstrip(" :")


def _only_links(listing: lxml.html.HtmlElement) -> bool:
    """A list whose every item is just a link: related posts, tags, a table of links."""
    items = listing.findall("li")
    if len(items) < 2:
        return False
    for item in items:
        text = one_line(item.text_content())
        links = " ".join(one_line(a.text_content()) for a in item.iter("a"))
        if not text or one_line(links) != text:
            return False
    return True


def _holds_article(node: lxml.html.HtmlElement) -> bool:
    if node.tag in _KEEPS_ARTICLE:
        return True
    return next(node.iterdescendants("article", "main"), None) is not None


def main_element(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the article, boilerplate already dropped: the <article> with the
    most paragraph text, else <main>, else the smallest block holding most of the page's
    paragraph text."""
    for xpath in ("//article", "//main", "//*[@role='main']"):
        found = [(_paragraph_chars(e), e) for e in page.xpath(xpath)]
        found = [(chars, e) for chars, e in found if chars]
        if found:
            return max(found, key=lambda pair: pair[0])[1]
    return _block_with_most_text(page)


def _paragraph_chars(element: lxml.html.HtmlElement) -> int:
    return sum(len(one_line(p.text_content())) for p in element.iter("p"))


def _block_with_most_text(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    # Paragraph text per element, counted once per paragraph and credited to every ancestor.
    chars: dict[lxml.html.HtmlElement, int] = {}
    for paragraph in page.iter("p"):
        length = len(one_line(paragraph.text_content()))
        for ancestor in paragraph.iterancestors():
            chars[ancestor] = chars.get(ancestor, 0) + length
    body = page.find("body")
    block = body if body is not None else page
    if not chars.get(block):
        return block
    # Go down while one child holds most of the text: the article, without the page's remnants.
    while True:
        children = [c for c in block if isinstance(c.tag, str)]
        best = max(children, key=lambda c: chars.get(c, 0), default=None)
        if best is None or chars.get(best, 0) < _MOST_OF_THE_TEXT * chars[block]:
            return block
        block = best


def element_text(element: lxml.html.HtmlElement) -> str:
    """An element's text: blocks separated by a blank line, list items as `• ` lines, <br> as
    a newline, table cells apart, runs of whitespace as one space (a <pre> keeps its line
    breaks)."""
    parts: list[str] = []
    in_pre = 0
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if event == "start":
            in_pre += tag == "pre"
            parts.append(_opening(tag))
            if tag and node.text:
                parts.append(node.text if in_pre else _SPACES.sub(" ", node.text))
            continue
        in_pre -= tag == "pre"
        parts.append(_closing(tag))
        if node is not element and node.tail:
            parts.append(node.tail if in_pre else _SPACES.sub(" ", node.tail))
    text = _SPACE_AROUND_NEWLINE.sub("\n", "".join(parts))
    text = _BULLET.sub("• ", text)
    return normalize_text(_BETWEEN_ITEMS.sub(r"\1\n", text))


def _opening(tag: str) -> str:
    if tag in _BLOCKS:
        return "\n\n"
    if tag == "li":
        return "\n• "
    if tag == "br":
        return "\n"
    return " " if tag in _CELLS else ""


def _closing(tag: str) -> str:
    # Nothing after a list item: the next item opens its own line, the list ends with a blank
    # one; a newline here would leave the whitespace between items as a blank line.
    return "\n\n" if tag in _BLOCKS else ""
