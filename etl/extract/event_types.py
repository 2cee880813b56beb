"""The type of a rights event, from its sentence, by transparent rules.

The rules are data (`data/lexicon/event_type_rules.csv`): per type a weight and the words or
short phrases that point to it. A sentence gets the type with the highest score, weight times
the number of distinct words found; ties go to the type listed first in the file (specific acts
before topics, statements last). "other" when no rule fires. `explain_event_type` shows the
words behind a decision.

Matching is a dictionary lookup of the sentence's lowercased words and word pairs and triples:
no regular expression per rule, so it costs the same however many rules there are.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from etl.countrycodes import LEXICON_DIR
from etl.schema import EVENT_TYPES

RULES_FILE = LEXICON_DIR / "event_type_rules.csv"
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_DECIDING_VERBS = frozenset(
    "ordered ruled found dismissed rejected annulled upheld acquitted convicted sentenced".split()
)
_MAX_PHRASE = 3


@cache
def _rules() -> tuple[dict[str, list[str]], dict[str, int], dict[str, int]]:
    """phrase -> types, type -> weight, type -> priority (its row in the file)."""
    with RULES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    unknown = {row["type"] for row in rows} - set(EVENT_TYPES)
    if unknown:
        raise ValueError(f"{RULES_FILE}: unknown event type(s) {sorted(unknown)}; "
                         "the types are declared in etl/schema.py EVENT_TYPES")
    phrases: dict[str, list[str]] = {}
    for row in rows:
        for phrase in row["words"].split("|"):
            phrases.setdefault(phrase.strip().lower(), []).append(row["type"])
    weights = {row["type"]: int(row["weight"]) for row in rows}
    priority = {row["type"]: index for index, row in enumerate(rows)}
    return phrases, weights, priority


@cache
def _first_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words that are a rule on their own; words that start a rule of several words."""
    phrases = _rules()[0]
    return (frozenset(p for p in phrases if " " not in p),
            frozenset(p.split()[0] for p in phrases if " " in p))


def _hits(sentence: str) -> dict[str, set[str]]:
    """Per type, the distinct rule words found in the sentence."""
    phrases = _rules()[0]
    single, multi = _first_words()
    words = _WORD.findall(sentence.lower().replace("’", "'"))
    found: dict[str, set[str]] = {}
    for phrase in single.intersection(words):
        for event_type in phrases[phrase]:
            found.setdefault(event_type, set()).add(phrase)
    if not multi.isdisjoint(words):
        for index in [i for i, word in enumerate(words) if word in multi]:
            for length in range(2, _MAX_PHRASE + 1):
                phrase = " ".join(words[index : index + length])
                for event_type in phrases.get(phrase, ()):
                    found.setdefault(event_type, set()).add(phrase)
    if "court" in words:
        deciding = _DECIDING_VERBS.intersection(words[words.index("court") + 1 :])
        if deciding:
            found.setdefault("court_ruling", set()).add("court … " + "/".join(sorted(deciding)))
    return found


def _rank(event_type: str, words: set[str]) -> tuple[int, int]:
    _, weights, priority = _rules()
    return -weights[event_type] * len(words), priority[event_type]


def explain_event_type(sentence: str) -> list[tuple[str, int, list[str]]]:
    """(type, score, words found) for every type with a hit, best first."""
    ranked = sorted(_hits(sentence).items(), key=lambda item: _rank(*item))
    return [(t, -_rank(t, w)[0], sorted(w)) for t, w in ranked]


def classify_event(sentence: str) -> str:
    found = _hits(sentence)
    return min(found, key=lambda t: _rank(t, found[t])) if found else "other"
