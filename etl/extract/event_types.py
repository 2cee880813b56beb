"""The type of a rights event, from its sentence, by transparent rules.

The rules are data (`data/lexicon/event_type_rules.csv`): per type a weight and the words that
point to it. A sentence gets the type with the highest score, weight times the number of
distinct words found; ties go to the type listed first in the file (specific acts before topics,
statements last). "other" when no rule fires. `explain_event_type` shows the words behind it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from etl.countrycodes import LEXICON_DIR
from etl.schema import EVENT_TYPES

RULES_FILE = LEXICON_DIR / "event_type_rules.csv"


@dataclass(frozen=True, slots=True)
class _Rule:
    event_type: str
    weight: int
    words: re.Pattern[str]


@cache
def _rules() -> tuple[_Rule, ...]:
    with RULES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    rules = tuple(
        _Rule(row["type"], int(row["weight"]), re.compile(rf"\b(?:{row['words']})\b", re.I))
        for row in rows
    )
    unknown = {rule.event_type for rule in rules} - set(EVENT_TYPES)
    if unknown:
        raise ValueError(f"{RULES_FILE}: unknown event type(s) {sorted(unknown)}; "
                         "the types are declared in etl/schema.py EVENT_TYPES")
    return rules


def explain_event_type(sentence: str) -> list[tuple[str, int, list[str]]]:
    """(type, score, words found) for every type with a hit, best first."""
    scored = []
    for priority, rule in enumerate(_rules()):
        words = sorted({m.group().lower() for m in rule.words.finditer(sentence)})
        if words:
            scored.append((-rule.weight * len(words), priority, rule.event_type, words))
    scored.sort()
    return [(event_type, -score, words) for score, _, event_type, words in scored]


def classify_event(sentence: str) -> str:
    explained = explain_event_type(sentence)
    return explained[0][0] if explained else "other"
