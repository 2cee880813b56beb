"""A saved web page (.html, .htm): one article, its main text without the page's boilerplate.

Title: og:title, else the article's <h1>, else an <h1> outside the site's header, else <title>;
the first line of the text goes when it repeats the title or the <h1>. URL: <link
rel=canonical>, else og:url. Publisher: og:site_name. Published: article:published_time,
<meta name=date>, itemprop=datePublished, else the first <time datetime> in the article, else
in the page; the first that is a date wins, and a page whose only date is unreadable gets a note.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lxml.html
from lxml import etree

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceError, SourceRead
from etl.sources.html_text import drop_boilerplate, element_text, main_element, parse_page
from etl.sources.published import parse_published, published_or_note
from etl.sources.text_io import one_line, same_title, title_from_text

_OG_TITLE = ("//meta[@property='og:title']/@content",)
# A site's logo is often an <h1> in its header: an article's own <h1> comes first.
_HEADING = (
    "(//article//h1)[1]", "(//main//h1)[1]",
    "(//h1[not(ancestor::header) and not(ancestor::nav)])[1]",
)  # fmt: skip
_TITLE_ELEMENT = ("//title",)
_URL = ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
_PUBLISHER = ("//meta[@property='og:site_name']/@content",)
_LOWER_NAME = "translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_PUBLISHED = (
    "//meta[@property='article:published_time' or @name='article:published_time']/@content",
    f"//meta[{_LOWER_NAME}='date' or {_LOWER_NAME}='pubdate' or {_LOWER_NAME}='dc.date']"
    "/@content",
    "//*[@itemprop='datePublished']/@content", "//*[@itemprop='datePublished']/@datetime",
    "(//article//time/@datetime)[1]", "(//main//time/@datetime)[1]", "(//time/@datetime)[1]",
)  # fmt: skip


def read_html_page(path: Path, html: str) -> SourceRead:
    try:
        page = parse_page(html)
    except etree.ParserError as error:
        raise SourceError(f"{path}: no HTML elements in the file ({error})") from error
    # Metadata first: the <header> and <time> it reads from may be dropped as boilerplate.
    heading = _first_value(page, _HEADING)
    title = _first_value(page, _OG_TITLE) or heading or _first_value(page, _TITLE_ELEMENT)
    url = _first_value(page, _URL)
    publisher = _first_value(page, _PUBLISHER)
    skipped: list[Skipped] = []
    published = _published(page, str(path), skipped)
    drop_boilerplate(page)
    text = element_text(main_element(page))
    first_line, _, rest = text.partition("\n")
    if any(same_title(first_line, line) for line in (title, heading) if line):
        text = rest.strip()
    if not text:
        raise SourceError(f"{path}: no article text found in the page (looked in <article>, "
                          "<main> and the page's paragraphs); is it an article page?")
    article = RawArticle(
        title=title or title_from_text(text), text=text, origin=str(path), url=url,
        source=publisher, published=published,
    )
    return SourceRead("html", [article], skipped)


def _first_value(page: lxml.html.HtmlElement, xpaths: tuple[str, ...]) -> str | None:
    for xpath in xpaths:
        for found in page.xpath(xpath):
            value = one_line(found if isinstance(found, str) else found.text_content())
            if value:
                return value
    return None


def _published(
    page: lxml.html.HtmlElement, origin: str, skipped: list[Skipped]
) -> date | None:
    unreadable: str | None = None
    for xpath in _PUBLISHED:
        for value in page.xpath(xpath):
            published = parse_published(str(value))
            if published is not None:
                return published
            unreadable = unreadable or str(value)
    return published_or_note(unreadable, origin, skipped)
