"""The article and event tables, declared once.

Every writer (the pipeline, the store) and every reader (the evaluator, the dashboard) takes its
column names and types from here. The column names are a public contract: other tools read them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

import pyarrow as pa

Precision = Literal["day", "month", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "month", "year")


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One post as a source adapter read it, before any extraction."""

    title: str
    text: str
    origin: str  # where it came from, for messages: "feed.xml#3", "posts/a.html"
    url: str | None = None
    source: str | None = None  # the publisher
    published: date | None = None
    # The text is only a feed entry's summary: the article page holds the full text.
    summary_only: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    article_id: str
    title: str
    url: str | None
    source: str | None
    published: date | None
    published_is_inferred: bool
    countries: tuple[str, ...]  # ISO 3166-1 alpha-3, most salient first
    text: str
    # When the atlas first read it (UTC): stamped by the build or update that wrote it, not by
    # extraction, which stays a pure function of the post.
    first_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    article_id: str
    sentence: str
    date_text: str
    date_start: date
    date_end: date
    date_precision: Precision
    countries: tuple[str, ...]
    event_type: str
    type_words: tuple[str, ...]  # the rule words that decided event_type (none for "other")
    status: str  # reported | background | scheduled (etl/extract/status.py)
    focal: bool  # one of the events the article is about (its title and lead)


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something of the input left out of the run, and why: reported, never dropped silently.
    `kept` is true when the record itself was read and only a value of it was left out (a
    `published` that is not a date, a column nobody reads)."""

    origin: str
    reason: str
    kept: bool = False


# What one input file's report lists of what was left out, in order; the rest is counted. A
# file that repeats a whole corpus would otherwise list (and hold in memory) every record.
SKIPPED_LISTED = 100


@dataclass(slots=True)
class SourceReport:
    path: str
    format: str
    articles: int = 0
    events: int = 0
    records_skipped: int = 0  # records left out
    values_skipped: int = 0  # values left out of records that were read
    skipped: list[Skipped] = field(default_factory=list)  # the first SKIPPED_LISTED of both
    error: str | None = None  # the whole file could not be read

    def skip(self, item: Skipped) -> None:
        if item.kept:
            self.values_skipped += 1
        else:
            self.records_skipped += 1
        if len(self.skipped) < SKIPPED_LISTED:
            self.skipped.append(item)


ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("title", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("source", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("published_is_inferred", pa.bool_(), nullable=False),
        pa.field("countries", pa.list_(pa.string()), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("first_seen", pa.timestamp("ms", tz="UTC"), nullable=False),
    ]
)

EVENT_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("date_text", pa.string(), nullable=False),
        pa.field("date_start", pa.date32(), nullable=False),
        pa.field("date_end", pa.date32(), nullable=False),
        pa.field("date_precision", pa.string(), nullable=False),
        pa.field("countries", pa.list_(pa.string()), nullable=False),
        pa.field("event_type", pa.string(), nullable=False),
        pa.field("type_words", pa.list_(pa.string()), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("focal", pa.bool_(), nullable=False),
    ]
)

# events.csv: one row per event and country, with what a reader needs to trace it.
EVENT_CSV_COLUMNS: tuple[str, ...] = (
    "event_id",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "country",
    "country_name",
    "event_type",
    "status",
    "focal",
    "sentence",
    "article_title",
    "source",
    "url",
    "article_id",
)


def stable_id(*parts: str) -> str:
    """A short id that depends only on its parts, so re-runs give the same ids."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"))
    return digest.hexdigest()[:16]


# The event taxonomy: slug (stored in `event_type`) -> label (shown to people). The rules that
# assign a type live in etl/extract/event_types.py; the README documents both.
EVENT_TYPES: dict[str, str] = {
    "arrest_detention": "Arrest and detention",
    "prosecution_trial": "Prosecution and trial",
    "court_ruling": "Court ruling",
    "legislation_policy": "Legislation and policy",
    "killing_violence": "Killing and violence",
    "protest_assembly": "Protest and assembly",
    "surveillance_privacy": "Surveillance and privacy",
    "expression_media": "Expression and media",
    "association_civil_society": "Association and civil society",
    "displacement_migration": "Displacement and migration",
    "discrimination": "Discrimination",
    "advocacy_statement": "Advocacy and statements",
    "other": "Other",
}
