"""Paragraphs and sentences as character spans, so every later stage can point back into the
original text (the evidence sentence of an event, the paragraph around it)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
# A sentence may end at . ! ? (then closing quotes or brackets) followed by space, or at a line
# break: headings, bullets and list items have no final stop.
_BOUNDARY = re.compile(r"[.!?…][\"”’')\]]*[ \t\u00a0]+|\n+")
_NEXT_STARTS_SENTENCE = re.compile(r"[\"“‘'(\[]?[A-Z0-9•\u00c0-\u00de]")
# Words that end with a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st gen col lt sgt capt cpt maj rev hon jr sr inc ltd co corp vs etc al
    no nos vol art para sec ch fig op ed eds approx est dept gov sen rep amb pres jan feb mar apr
    jun jul aug sep sept oct nov dec e.g i.e u.s u.k u.n s.a""".split()
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_WHITESPACE = re.compile(r"\s+")


def fold_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def paragraph_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        _append_trimmed(spans, text, start, brk.start())
        start = brk.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of text[start:end], as spans of `text`."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for brk in _BOUNDARY.finditer(text, start, end):
        if brk.group().startswith("\n") or _ends_sentence(text, brk.start(), brk.end()):
            _append_trimmed(spans, text, start, brk.end())
            start = brk.end()
    _append_trimmed(spans, text, start, end)
    return spans


def _ends_sentence(text: str, stop: int, next_start: int) -> bool:
    if not _NEXT_STARTS_SENTENCE.match(text, next_start):
        return False
    if text[stop] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, stop - 20), stop)
    if word is None:
        return True
    token = word.group(1)
    if len(token) == 1 and token.isupper():  # an initial: "J. Smith"
        return False
    return token.lower().rstrip(".") not in _ABBREVIATIONS


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        spans.append(Span(start, start + len(stripped)))


def span_at(spans: list[Span], starts: list[int], offset: int) -> Span | None:
    """The span containing `offset`; `starts` is [s.start for s in spans]."""
    index = bisect_right(starts, offset) - 1
    if index >= 0 and offset < spans[index].end:
        return spans[index]
    return None
