"""JSON Lines and CSV files with columns title, text and optional url, published, source."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceError, SourceRead
from etl.sources.text_io import normalize_text

COLUMNS = "the columns are title, text and optional url, published, source"


def parse_date(value: str) -> date | None:
    """ISO dates and timestamps (2025-11-15, 2025-11-15T09:30:00Z) and RFC 2822 (as in RSS)."""
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def read_jsonl(path: Path, text: str) -> SourceRead:
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            skipped.append(Skipped(origin, f"not valid JSON ({error.msg}, column {error.colno})"))
            continue
        if not isinstance(record, dict):
            skipped.append(Skipped(origin, "not a JSON object; " + COLUMNS))
            continue
        _add_record(record, origin, articles, skipped)
    return SourceRead("jsonl", articles, skipped)


def read_csv(path: Path, text: str) -> SourceRead:
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip() for name in reader.fieldnames or []]
    if "text" not in columns:
        raise SourceError(
            f"{path}: no `text` column (found: {', '.join(columns) or 'none'}); {COLUMNS}"
        )
    reader.fieldnames = columns
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for record in reader:
        _add_record(record, f"{path}:{reader.line_num}", articles, skipped)
    return SourceRead("csv", articles, skipped)


def _add_record(
    record: dict[str, Any], origin: str, articles: list[RawArticle], skipped: list[Skipped]
) -> None:
    text = normalize_text(str(record.get("text") or ""))
    if not text:
        skipped.append(Skipped(origin, "no text; " + COLUMNS))
        return
    title = " ".join(str(record.get("title") or "").split()) or text.split("\n", 1)[0][:120]
    published = None
    if record.get("published"):
        published = parse_date(str(record["published"]))
        if published is None:
            skipped.append(
                Skipped(origin, f"published {record['published']!r} is not a date (use "
                                "YYYY-MM-DD); the article was read without it")
            )
    articles.append(
        RawArticle(
            title=title, text=text, origin=origin, url=_optional(record.get("url")),
            source=_optional(record.get("source")), published=published,
        )
    )


def _optional(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None
