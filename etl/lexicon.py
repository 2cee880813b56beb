"""The lexicon tables in data/lexicon/ (provenance in its SOURCES.md), read one way by every
extractor: a line that starts with "#" is a comment."""

from __future__ import annotations

import csv
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"


def lexicon_rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV table, keyed by its header."""
    with (LEXICON_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def lexicon_words(name: str) -> frozenset[str]:
    """The entries of a word list: one a line, blank lines skipped."""
    with (LEXICON_DIR / name).open(encoding="utf-8") as handle:
        stripped = (line.strip() for line in handle)
        return frozenset(line for line in stripped if line and not line.startswith("#"))
