"""What every adapter returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.schema import RawArticle, Skipped


class SourceError(Exception):
    """The whole input is unusable. The message names the file, what is wrong (with the line or
    record where known) and what to do."""


@dataclass(frozen=True, slots=True)
class SourceRead:
    format: str  # "feed-dump", "rss", "atom", "text", "markdown", "html", "jsonl", "csv"
    articles: list[RawArticle]
    skipped: list[Skipped] = field(default_factory=list)
