"""Whether a dated event is news, history or yet to come, and whether the article is about it.

`event_status(sentence, date_text, date_start, date_end, published)` is the event's `status`:
- `scheduled`: the period starts after publication, or the sentence speaks of it in the future
  ("will appear in court on 3 March", "is due to", "scheduled for").
- `background`: the period ended well before publication (more than `BACKGROUND_AFTER_DAYS`),
  history cited as context ("the 2011 revolution", "arrested in 2019").
- `reported`: what the post reports as recent or ongoing: everything else.

`focal_events(...)` marks the events the article is about: scored by where they are told (title,
lead, body) and what they are (an act rather than a statement), the best ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from etl.extract.dates import future_cue

Status = Literal["reported", "background", "scheduled"]
STATUSES: tuple[Status, ...] = ("reported", "background", "scheduled")

# A post reports what happened in the months before it; older dates are context. Six months
# keeps a spring trial in an autumn post as news and a ruling of two years ago as history.
BACKGROUND_AFTER_DAYS = 183

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
    """Future wording in the words just before the date ("will meet on Thursday"), as the
    date resolver reads it."""
    at = sentence.find(date_text)
    return future_cue(sentence, 0, at if at >= 0 else len(sentence))


@dataclass(frozen=True, slots=True)
class FocalCandidate:
    paragraph: int  # -1 for the title, then 0 for the lead, 1, 2, ... in the body
    event_type: str
    status: Status


# What makes an event the one an article is about: where it is told (the title and the lead
# carry the story, later paragraphs its context) and what it is (an act done to people, rather
# than a statement about it or a date of something else).
_PLACE_WEIGHT = {-1: 3.0, 0: 2.0, 1: 1.0}
_CONTEXT_TYPES = frozenset({"advocacy_statement", "other"})


def _focal_score(candidate: FocalCandidate) -> float:
    score = _PLACE_WEIGHT.get(candidate.paragraph, 0.0)
    if candidate.event_type not in _CONTEXT_TYPES:
        score += 1.5
    if candidate.status == "scheduled":
        score -= 2.0
    return score


def focal_events(candidates: Sequence[FocalCandidate]) -> list[bool]:
    """Per event (title first, then text order): whether it is one the article is about: the
    best-scored event, and every other event of the title or lead scored as high."""
    if not candidates:
        return []
    scores = [_focal_score(candidate) for candidate in candidates]
    best = max(scores)
    return [score == best for score in scores]
