"""The plain-text feed dump: posts separated by `The post TITLE appeared first on PUBLISHER.`
(WordPress's feed footer); each post's first line is its title."""

from __future__ import annotations

import re
from pathlib import Path

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceRead
from etl.sources.text_io import normalize_text

_CLOSING_LINE = re.compile(
    r"^[ \t]*The post (?P<title>.+?) appeared first on (?P<publisher>.+?)\.[ \t]*$", re.MULTILINE
)


def strip_feed_footer(text: str) -> str:
    """Remove WordPress's `The post ... appeared first on ...` line from a post's text."""
    return _CLOSING_LINE.sub("", text).strip()


_NON_SPACE = re.compile(r"\S")


def looks_like_feed_dump(text: str) -> bool:
    return _CLOSING_LINE.search(text) is not None


def read_feed_dump(path: Path, text: str) -> SourceRead:
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    start = 0
    line = 1  # of `start`
    for number, closing in enumerate(_CLOSING_LINE.finditer(text), start=1):
        origin = f"{path}#{number} (line {_first_line(text, start, line)})"
        line += text.count("\n", start, closing.end())
        body = normalize_text(text[start : closing.start()])
        start = closing.end()
        if not body:
            skipped.append(Skipped(origin, "empty post: a closing line with nothing before it"))
            continue
        first_line, _, rest = body.partition("\n")
        # The closing line repeats the title; it is the reliable one when they differ.
        title = " ".join(closing["title"].split()) or first_line.strip()
        text_body = rest.strip() if _same(first_line, title) else body
        if not text_body:
            skipped.append(Skipped(origin, f"post {title!r} has a title but no text"))
            continue
        articles.append(
            RawArticle(title=title, text=text_body, origin=origin,
                       source=closing["publisher"].strip())
        )
    tail = normalize_text(text[start:])
    if tail:
        skipped.append(
            Skipped(f"{path} (line {_first_line(text, start, line)})",
                    "text after the last `The post ... appeared first on ...` line: "
                    "no closing line, so not a complete post")
        )
    return SourceRead("feed-dump", articles, skipped)


def _first_line(text: str, start: int, line: int) -> int:
    """The line number of the first non-blank character at or after `start` (on `line`)."""
    found = _NON_SPACE.search(text, start)
    return line + text.count("\n", start, found.start() if found else start)


def _same(first_line: str, title: str) -> bool:
    return " ".join(first_line.split()) == title
