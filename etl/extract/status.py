"""Whether a dated event is news, history or yet to come, and whether the article is about it.

`event_status(sentence, date_text, date_start, date_end, published)` is the event's `status`:
- `scheduled`: the period starts after publication, or the sentence speaks of it in the future
  ("will appear in court on 3 March", "is due to", "scheduled for").
- `background`: the period ended well before publication (more than `BACKGROUND_AFTER_DAYS`),
  history cited as context ("the 2011 revolution", "arrested in 2019").
- `reported`: what the post reports as recent or ongoing: everything else.

`focal_events(...)` marks the events the article is about: the reported events of its title and
lead (first paragraph); when these have none, the first reported event of the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

Status = Literal["reported", "background", "scheduled"]
STATUSES: tuple[Status, ...] = ("reported", "background", "scheduled")

# A post reports what happened in the months before it; older dates are context. Six months
# keeps a spring trial in an autumn post as news and a ruling of two years ago as history.
BACKGROUND_AFTER_DAYS = 183

_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+(?:due|set|scheduled|expected|slated)\s+to|are\s+(?:due|set|scheduled"
    r"|expected|slated)\s+to|scheduled\s+(?:for|to)|upcoming|next|due\s+(?:on|in|to))\b",
    re.IGNORECASE,
)


def event_status(
    sentence: str,
    date_text: str,
    date_start: date,
    date_end: date,
    published: date | None,
) -> Status:
    if published is None:
        return "reported"
    if date_start > published:
        return "scheduled"
    if date_end < published - timedelta(days=BACKGROUND_AFTER_DAYS):
        return "background"
    if date_start >= published - timedelta(days=7) and _future_clause(sentence, date_text):
        return "scheduled"
    return "reported"


def _future_clause(sentence: str, date_text: str) -> bool:
    """Future wording in the words just before the date ("will meet on Thursday")."""
    at = sentence.find(date_text)
    window = sentence[max(0, at - 80) : at] if at >= 0 else sentence
    return _FUTURE.search(window) is not None


def focal_events(statuses: Sequence[Status], in_lead: Sequence[bool]) -> list[bool]:
    """Per event (in text order): whether it is one the article is about."""
    reported = [status == "reported" for status in statuses]
    focal = [lead and news for lead, news in zip(in_lead, reported, strict=True)]
    if not any(focal) and any(reported):
        focal[reported.index(True)] = True
    return focal
