"""The plain-text feed dump: posts separated by WordPress's feed footer
`The post TITLE appeared first on PUBLISHER.`; each post's first line is its title.

Decisions, each tested:
- The publisher of a post is the one its closing line names, so one dump may mix publishers.
- A post's first line is its title when it is recognisably the closing line's title
  (`same_title`); the first line is then the title, as the post showed it. Otherwise the post
  has no title line of its own: the closing line's title is used and the first line stays in
  the text, so nothing is lost.
- Text after the last closing line is not read: without its closing line a post may be cut
  short, and its title and publisher are unknown. It is reported, with what to do.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceRead
from etl.sources.text_io import normalize_text, one_line, quoted, same_title

CLOSING_LINE = re.compile(
    r"^[ \t\u00a0]*The post (?P<title>.+?) appeared first on (?P<publisher>.+?)\.[ \t\u00a0]*$",
    re.MULTILINE,
)


def strip_feed_footer(text: str) -> str:
    """Text without WordPress's `The post ... appeared first on ...` lines."""
    return normalize_text(CLOSING_LINE.sub("", text))


def looks_like_feed_dump(text: str) -> bool:
    return CLOSING_LINE.search(text) is not None


def read_feed_dump(path: Path, text: str) -> SourceRead:
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    lines = _LineCounter(text)
    start = 0
    number = 0
    for number, closing in enumerate(CLOSING_LINE.finditer(text), start=1):
        post, post_start = text[start : closing.start()], start
        start = closing.end()
        origin = f"{path}#{number} (line {lines.line_of_first_text(post_start, post)})"
        body = normalize_text(post)
        if not body:
            skipped.append(Skipped(origin, "empty post: nothing before its closing line"))
            continue
        title, text_body = _title_and_text(body, one_line(html.unescape(closing["title"])))
        if not text_body:
            skipped.append(Skipped(origin, f"post {quoted(title)} has a title but no text"))
            continue
        source = one_line(html.unescape(closing["publisher"]))
        articles.append(RawArticle(title=title, text=text_body, origin=origin, source=source))
    tail = normalize_text(text[start:])
    if tail:
        origin = f"{path}#{number + 1} (line {lines.line_of_first_text(start, text[start:])})"
        skipped.append(
            Skipped(origin, "the text after the last closing line "
                            f"({quoted(_first_line(tail))}) has no `The post ... appeared "
                            "first on ...` line, so it may be cut short; add its closing "
                            "line, or save it as a .txt of its own")
        )
    return SourceRead("feed-dump", articles, skipped)


def _title_and_text(body: str, closing_title: str) -> tuple[str, str]:
    first_line, _, rest = body.partition("\n")
    first_line = one_line(first_line)
    if same_title(first_line, closing_title):
        return first_line, rest.strip()
    return closing_title, body


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


class _LineCounter:
    """Line numbers of increasing offsets, counted once: a dump may hold thousands of posts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def line_of_first_text(self, start: int, chunk: str) -> int:
        offset = start + len(chunk) - len(chunk.lstrip())
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line
