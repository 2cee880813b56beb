"""RSS 2.0 and Atom feeds, through feedparser."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from time import struct_time

import feedparser

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceError, SourceRead
from etl.sources.feed_dump import strip_feed_footer
from etl.sources.html_text import html_to_text

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


def looks_like_feed(text: str) -> bool:
    return _FEED_ROOT.search(text[:2000]) is not None


def read_feed(path: Path, text: str) -> SourceRead:
    parsed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
    skipped: list[Skipped] = []
    if parsed.bozo and not parsed.entries:
        raise SourceError(
            f"{path}: malformed XML ({_describe(parsed.bozo_exception)}); "
            "fix the file or export the feed again"
        )
    if parsed.bozo:
        skipped.append(
            Skipped(str(path), f"malformed XML ({_describe(parsed.bozo_exception)}); "
                               f"entries read before it: {len(parsed.entries)}")
        )
    publisher = parsed.feed.get("title") or None
    articles: list[RawArticle] = []
    for number, entry in enumerate(parsed.entries, start=1):
        origin = f"{path}#{number}"
        title = " ".join((entry.get("title") or "").split())
        html = entry["content"][0].get("value", "") if entry.get("content") else ""
        body = strip_feed_footer(html_to_text(html or entry.get("summary") or ""))
        if not body:
            skipped.append(Skipped(origin, f"entry {title!r} has no content or summary"))
            continue
        articles.append(
            RawArticle(
                title=title or body.split("\n", 1)[0][:120],
                text=body,
                origin=origin,
                url=entry.get("link") or None,
                source=publisher,
                published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            )
        )
    kind = "atom" if parsed.version.startswith("atom") else "rss"
    return SourceRead(kind, articles, skipped)


def _date(value: struct_time | None) -> date | None:
    return date(value.tm_year, value.tm_mon, value.tm_mday) if value else None


def _describe(error: Exception | None) -> str:
    line = getattr(error, "getLineNumber", lambda: None)()
    return f"{error}" + (f", line {line}" if line and f"line {line}" not in str(error) else "")
