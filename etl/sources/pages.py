"""Single article files in plain text (.txt) or Markdown (.md): the first non-empty line is the
title, the rest the text.

Markdown loses its markup: heading markers, emphasis, code ticks, images; links become their
labels. Front matter (`---` lines around `title:`, `date:`, `url:`, `source:`) is read when
present; its title then wins over the first line, which is dropped only when it repeats it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceError, SourceRead
from etl.sources.published import published_or_note
from etl.sources.text_io import normalize_text, one_line, quoted, same_title

# A horizontal rule, or the line under a heading.
_RULE = r" {0,3}(?:=+|-{3,}|\*{3,}|_{3,})[ \t]*$"


def _delimited(marker: str, before: str = r"(?<![\\\w])", after: str = "") -> str:
    """Text between two `marker`s (`**strong**`, `_emphasis_`) on one line, not starting or
    ending with a space. The text may not hold the marker: a marker never closed then costs one
    scan to the next marker, not to the end of the text, which keeps the pattern linear."""
    escaped = re.escape(marker)
    inner = f"[^{escaped}\\n]" if len(marker) == 1 else f"(?:(?!{escaped}).)"
    return rf"{before}{escaped}(?=\S)({inner}+?)(?<=[^\s\\]){escaped}{after}"


# Every pattern is linear: no part can scan past what would end it (a `]`, a `(`, a marker).
_LABEL = r"\[([^\[\]\n]+)\]"
_DESTINATION = r"\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:[ \t]+\"[^\"\n]*\")?\)"
_MARKDOWN_TO_PLAIN: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    tuple(
        (re.compile(pattern, re.MULTILINE), replacement)
        for pattern, replacement in (
            (r"!\[[^\[\]\n]*\]" + _DESTINATION, ""),  # images
            (_LABEL + _DESTINATION, r"\1"),  # [label](url)
            (_LABEL + r"\[[^\[\]\n]*\]", r"\1"),  # [label][ref]
            (r"^ {0,3}\[[^\[\]\n]+\]:[ \t]+\S.*$", ""),  # [ref]: url
            (r"<((?:https?|mailto):[^<>\s]+)>", r"\1"),  # <https://...>
            (r"^ {0,3}#{1,6}[ \t]+(.*)$", lambda m: _heading_text(m[1])),  # # heading
            (r"^" + _RULE, ""),  # rules, heading underlines
            (r"\\$", ""),  # hard line breaks
            (_delimited("**"), r"\1"),  # **strong**
            (_delimited("__"), r"\1"),  # __strong__
            (_delimited("*", r"(?<![\\\w*])", r"(?!\*)"), r"\1"),  # *emphasis*
            (_delimited("_", after=r"(?!\w)"), r"\1"),  # _emphasis_, not snake_case
            (_delimited("~~", before=""), r"\1"),  # ~~strike~~
            (r"`([^`\n]+)`", r"\1"),  # `code`
            (r"\\([\\`*_{}\[\]()#+\-.!>~|])", r"\1"),  # \* escapes, last
        )
    )
)
_QUOTE_MARKERS = re.compile(r"^ {0,3}(?:>[ \t]?)+", re.MULTILINE)
# Lines that start a block of their own rather than continue a paragraph: list items, headings,
# rules and heading underlines, table rows, code fences, indented code.
_STARTS_BLOCK = re.compile(r"[ \t]*(?:$|[-*+][ \t]|\d{1,9}[.)][ \t]|#|\||```|~~~)| {4}|" + _RULE)
_RULE_LINE = re.compile(_RULE)
_HEADING_START = re.compile(r"\s*#")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(.*)$", re.MULTILINE)
# Front-matter keys (Jekyll, Hugo, Pandoc) -> what they fill.
_FRONT_MATTER_KEYS = {
    "title": "title", "date": "published", "published": "published", "url": "url",
    "link": "url", "canonical_url": "url", "source": "source", "publisher": "source",
}  # fmt: skip


def read_text_page(path: Path, text: str) -> SourceRead:
    """A .txt or .md file: one article."""
    markdown = path.suffix.lower() in (".md", ".markdown")
    fields: dict[str, str] = {}
    if markdown:
        fields, text = _front_matter(text)
        text = markdown_to_plain(text)
    text = normalize_text(text)
    if not text:
        raise SourceError(f"{path}: no text, only Markdown markup or front matter")
    first_line, _, rest = text.partition("\n")
    title = one_line(fields.get("title", "")) or one_line(first_line)
    body = rest.strip() if same_title(first_line, title) else text
    if not body:
        raise SourceError(f"{path}: only a title line ({quoted(title)}); the first line is the "
                          "title and the article's text follows it")
    skipped: list[Skipped] = []
    article = RawArticle(
        title=title, text=body, origin=str(path), url=one_line(fields.get("url", "")) or None,
        source=one_line(fields.get("source", "")) or None,
        published=published_or_note(fields.get("published"), str(path), skipped),
    )
    return SourceRead("markdown" if markdown else "text", [article], skipped)


def markdown_to_plain(text: str) -> str:
    text = _unwrap_paragraphs(_QUOTE_MARKERS.sub("", text))
    for pattern, replacement in _MARKDOWN_TO_PLAIN:
        text = pattern.sub(replacement, text)
    return text


def _heading_text(heading: str) -> str:
    """A heading's text without its closing `#`s (`## Title ##`); str methods, not a pattern
    with two quantifiers over the same spaces, which is quadratic on a long run of them."""
    text = heading.rstrip(" \t")
    unhashed = text.rstrip("#")
    if unhashed != text and (not unhashed or unhashed.endswith((" ", "\t"))):
        return unhashed.rstrip(" \t")
    return text


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """(fields, the text after it). Only `key: value` lines are read: no YAML library for four
    plain fields; lists and nested values are not ours."""
    found = _FRONT_MATTER.match(text)
    if found is None:
        return {}, text
    fields: dict[str, str] = {}
    for key, value in _FRONT_MATTER_FIELD.findall(found[1]):
        field = _FRONT_MATTER_KEYS.get(key.lower())
        if field and field not in fields and value.strip():
            fields[field] = value.strip().strip("\"'")
    # Blank lines keep the line count, so a message about the text can still point at a line.
    return fields, "\n" * found.group().count("\n") + text[found.end() :]


def _unwrap_paragraphs(text: str) -> str:
    """Soft-wrapped paragraph lines joined into one, as Markdown renders them: downstream a line
    break ends a sentence. Lines that start a block, and lines after a heading or a hard break
    (two trailing spaces, or a backslash), stay on their own."""
    lines: list[list[str]] = []  # each output line as its input lines: joined once, at the end
    for line in text.split("\n"):
        if lines and _continues(lines[-1], line):
            lines[-1].append(line.strip())
        else:
            lines.append([line])
    return "\n".join(
        parts[0] if len(parts) == 1 else " ".join([parts[0].rstrip(), *parts[1:]])
        for parts in lines
    )


def _continues(previous: list[str], line: str) -> bool:
    """Whether `line` continues the output line made of `previous` input lines (a line that
    continues one is never blank, a heading or a rule: only the first can be)."""
    first, last = previous[0], previous[-1]
    # No strip() of `first`: it is looked at once per following line, and may be long.
    if _STARTS_BLOCK.match(line) or (len(previous) == 1 and (not first or first.isspace())):
        return False
    if _HEADING_START.match(first) or last.endswith(("  ", "\\")):
        return False
    return len(previous) > 1 or _RULE_LINE.match(first) is None
