"""Publication dates as inputs write them, and the note when one cannot be read."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from etl.schema import Skipped
from etl.sources.text_io import quoted

DATE_FORMATS = "YYYY-MM-DD, an ISO 8601 timestamp or an RFC 2822 date as in RSS"
# A day first, then a time in a form ISO does not allow: "2025-11-15 09:30:00 +0100" (Jekyll).
_LEADING_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]|\Z)")
# The shapes parse_published reads: ISO 8601 days and RFC 2822 dates ("Fri, 14 Nov 2025").
_OWN_SHAPES = re.compile(
    r"\s*(?:\d{4}-\d{1,2}-\d{1,2}|(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4})"
)


def parse_published(value: str) -> date | None:
    """The calendar date of `2025-11-15`, `2025-11-15T09:30:00-05:00` or
    `Fri, 14 Nov 2025 23:30:00 -0500`, in the writer's own time zone: the day the publisher
    printed, which is the day "today" and "yesterday" in the text count from."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    leading_day = _LEADING_DAY.match(value)
    if leading_day:
        try:
            return date.fromisoformat(leading_day[1])
        except ValueError:
            return None  # 2025-02-30: a day that does not exist is not a date
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def is_own_shape(value: str) -> bool:
    """Whether `value` is written in a format parse_published reads: when it still gives None,
    the date does not exist (2025-02-30, 0000-00-00), and a more lenient parser must not shift
    it to one that does."""
    return _OWN_SHAPES.match(value) is not None


def published_or_note(value: object, origin: str, skipped: list[Skipped]) -> date | None:
    """The date in `value` (absent: None). A value that is not a date keeps the article without
    it and leaves a note, so a column of unreadable dates never goes unnoticed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    published = parse_published(value) if isinstance(value, str) else None
    if published is None:
        skipped.append(
            Skipped(origin, f"published {quoted(value)} is not a date ({DATE_FORMATS}); "
                            "read the article without it", kept=True)
        )
    return published
