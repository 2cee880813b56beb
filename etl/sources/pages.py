"""Single article files: .txt and .md (first line is the title) and .html pages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from etl.schema import RawArticle
from etl.sources.base import SourceError, SourceRead
from etl.sources.html_text import element_text, main_element, parse_page
from etl.sources.tables import parse_date
from etl.sources.text_io import normalize_text

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)


def read_text_page(path: Path, text: str) -> SourceRead:
    markdown = path.suffix.lower() in (".md", ".markdown")
    if markdown:
        text = _plain_markdown(text)
    text = normalize_text(text)
    title, _, body = text.partition("\n")
    if not body.strip():
        raise SourceError(f"{path}: only a title line; the first line is the title, "
                          "the text follows it")
    article = RawArticle(title=title.strip(), text=body.strip(), origin=str(path))
    return SourceRead("markdown" if markdown else "text", [article])


def _plain_markdown(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _MD_HEADING.sub("", text)


def read_html_page(path: Path, html: str) -> SourceRead:
    page = parse_page(html)
    title = _first(page, "//meta[@property='og:title']/@content", "//h1", "//title")
    url = _first(page, "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
    published = _published(page)
    body = element_text(main_element(page))
    if title and body.startswith(title):
        body = body[len(title) :].strip()  # the <h1> repeats the title
    if not body:
        raise SourceError(f"{path}: no article text found in the page")
    article = RawArticle(
        title=title or body.split("\n", 1)[0][:120], text=body, origin=str(path), url=url,
        published=published,
    )
    return SourceRead("html", [article])


def _first(page: object, *paths: str) -> str | None:
    for xpath in paths:
        for found in page.xpath(xpath):  # type: ignore[attr-defined]
            value = found if isinstance(found, str) else found.text_content()
            value = " ".join(value.split())
            if value:
                return value
    return None


def _published(page: object) -> date | None:
    value = _first(
        page,
        "//meta[@property='article:published_time']/@content",
        "//meta[@name='date']/@content",
        "//meta[@name='pubdate']/@content",
        "//time/@datetime",
    )
    return parse_date(value) if value else None
