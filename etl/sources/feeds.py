"""RSS (0.9x, 1.0, 2.0) and Atom feeds, through feedparser.

Decisions, each tested:
- Malformed XML with no entries read is a SourceError naming the line. With entries, feedparser's
  lenient parser reads on past the error, so the entries are kept and one note in `skipped`
  says where the XML breaks and from which entry on the entries may be incomplete.
- The publication date is the day the feed prints (its own time zone), not the UTC day.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

import feedparser

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceError, SourceRead
from etl.sources.feed_dump import strip_feed_footer
from etl.sources.html_text import html_to_text
from etl.sources.published import DATE_FORMATS, is_own_shape, parse_published
from etl.sources.text_io import normalize_text, one_line, quoted, title_from_text

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A<\?xml[^>]*?\?>")
# One declaration on line 1 and no newline added: feedparser's error lines stay the file's.
_UTF8_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
_ENTRY_START = re.compile(r"<(?:item|entry)\b", re.IGNORECASE)
_PLAIN_TEXT = "text/plain"


def looks_like_feed(text: str) -> bool:
    return _FEED_ROOT.search(text, 0, 4096) is not None


def read_feed(path: Path, text: str) -> SourceRead:
    document, lines_before = _utf8_document(text)
    # A stream, never a string: feedparser fetches a string that looks like a URL.
    parsed = feedparser.parse(
        io.BytesIO(document), sanitize_html=False, resolve_relative_uris=False
    )
    skipped: list[Skipped] = []
    if parsed.bozo:
        where, message = _parse_error(parsed.bozo_exception, lines_before)
        if not parsed.entries:
            raise SourceError(
                f"{path}: malformed XML{where}: {message}; no entries could be read. Fix the "
                "XML there (often an unescaped & or a cut-off download) or export the feed again"
            )
        note = _lenient_read_note(where, message, text, parsed)
        skipped.append(Skipped(str(path), note, kept=True))
    elif not parsed.version and not parsed.entries:
        raise SourceError(f"{path}: XML, but neither an RSS nor an Atom feed; nothing to read")
    publisher = one_line(parsed.feed.get("title", "")) or None
    articles: list[RawArticle] = []
    for number, entry in enumerate(parsed.entries, start=1):
        origin = f"{path}#{number}"
        title = _entry_title(entry)
        body, summary_only = _entry_text(entry)
        if not body:
            skipped.append(Skipped(origin, f"entry {quoted(title or '(untitled)')} has no text: "
                                           "no content and no summary"))
            continue
        articles.append(
            RawArticle(
                title=title or title_from_text(body),
                text=body,
                origin=origin,
                url=_entry_url(entry),
                source=publisher,
                published=_entry_published(entry, origin, skipped),
                summary_only=summary_only,
            )
        )
    kind = "atom" if parsed.version.startswith("atom") else "rss"
    return SourceRead(kind, articles, skipped)


def _utf8_document(text: str) -> tuple[bytes, int]:
    """The feed as UTF-8 bytes that say so (the text is already decoded, whatever the file's
    declaration said), and how many lines were stripped from its start."""
    body = text.lstrip()
    lines_before = text[: len(text) - len(body)].count("\n")
    body = _XML_DECLARATION.sub("", body, count=1)
    return (_UTF8_DECLARATION + body).encode("utf-8"), lines_before


def _parse_error(error: Exception | None, lines_before: int) -> tuple[str, str]:
    """(", line L, column C", message) of a parser error."""
    if not isinstance(error, SAXParseException):
        return "", str(error)
    line = error.getLineNumber()
    if line == 1:  # our declaration shifted the columns of line 1
        return f", line {line + lines_before}", error.getMessage()
    return f", line {line + lines_before}, column {error.getColumnNumber() + 1}", error.getMessage()


def _lenient_read_note(where: str, message: str, text: str, parsed: Any) -> str:
    line = re.search(r"line (\d+)", where)
    first_suspect = ""
    if line:
        offset = _offset_of_line(text, int(line[1]))
        entries_before = sum(1 for _ in _ENTRY_START.finditer(text, 0, offset))
        if entries_before:
            first_suspect = f"; the error is in or after entry {entries_before}"
    return (
        f"malformed XML{where}: {message}{first_suspect}. A lenient parser read "
        f"{len(parsed.entries)} entries anyway; check those from there on, or fix the XML"
    )


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return len(text)
    return offset


def _entry_title(entry: Any) -> str:
    title = entry.get("title", "")
    if entry.get("title_detail", {}).get("type") == "text/html":
        title = html_to_text(title)
    return one_line(title)


def _entry_text(entry: Any) -> tuple[str, bool]:
    """The full content (content:encoded, Atom content), else the summary, as text; and
    whether it is only the summary."""
    contents = [c for c in entry.get("content", []) if c.get("value", "").strip()]
    if contents:
        content = max(contents, key=lambda c: len(c["value"]))
        kind, value = content.get("type", ""), content["value"]
    else:
        detail = entry.get("summary_detail", {})
        kind, value = detail.get("type", ""), entry.get("summary", "")
    text = normalize_text(value) if kind == _PLAIN_TEXT else html_to_text(value)
    return strip_feed_footer(text), not contents


def _entry_url(entry: Any) -> str | None:
    """The entry's link; any scheme but http(s) is noted and dropped by read_source. Without
    a link feedparser gives the entry's id, in Atom often a `tag:` URI: no link, no note."""
    link = one_line(entry.get("link") or "")
    if link == entry.get("id") and not link.startswith(("http://", "https://")):
        return None
    return link or None


def _entry_published(entry: Any, origin: str, skipped: list[Skipped]) -> date | None:
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        value = entry.get(raw)
        if not value:
            continue
        # Our parser keeps the feed's own day; feedparser's struct_time is in UTC, so it is
        # only the fallback, for the odd formats it knows and we do not.
        found = parse_published(value)
        if found is None and entry.get(parsed) and not is_own_shape(value):
            found = _struct_date(entry[parsed])
        if found is not None:
            return found
        skipped.append(
            Skipped(origin, f"{raw} {quoted(value)} is not a date ({DATE_FORMATS}); "
                            "read the article without it", kept=True)
        )
        return None
    return None


def _struct_date(parsed: tuple[int, ...]) -> date | None:
    try:
        return date(*parsed[:3])
    except ValueError:  # year 0
        return None
