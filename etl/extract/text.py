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
EVIDENCE_MAX_CHARS = 600  # the longest real sentences of the seed are about 400


def fold_whitespace(text: str) -> str:
    """Every run of whitespace one space, none at either end. str.split() knows the same
    whitespace as a regex's \\s, and splitting and joining is about twice as fast as a regex
    search for runs (called for every event's sentence)."""
    return " ".join(text.split())


def evidence_text(text: str, sentence: Span, start: int, end: int) -> str:
    """The sentence holding text[start:end], whitespace folded. A sentence longer than
    EVIDENCE_MAX_CHARS is cut to a window around that span, each cut at a space and marked with
    an ellipsis: a long unpunctuated text with many dates would otherwise be copied whole into
    every one of its events (output quadratic in the input). The span itself is always kept."""
    if sentence.end - sentence.start <= EVIDENCE_MAX_CHARS:
        return fold_whitespace(text[sentence.start : sentence.end])
    room = max(0, EVIDENCE_MAX_CHARS - (end - start)) // 2
    left = max(sentence.start, start - room)
    right = min(sentence.end, end + room)
    # Room one side does not use goes to the other.
    if left == sentence.start:
        right = min(sentence.end, max(right, left + EVIDENCE_MAX_CHARS))
    if right == sentence.end:
        left = max(sentence.start, min(left, right - EVIDENCE_MAX_CHARS))
    if left > sentence.start and (space := text.find(" ", left, start)) >= 0:
        left = space + 1
    if right < sentence.end and (space := text.rfind(" ", end, right)) >= 0:
        right = space
    return (
        ("…" if left > sentence.start else "")
        + fold_whitespace(text[left:right])
        + ("…" if right < sentence.end else "")
    )


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


def sentence_start(text: str, offset: int, reach: int = 300) -> int:
    """Where the sentence holding `offset` starts, by the same rules as sentence_spans, looking
    back at most `reach` characters (a longer sentence is cut there)."""
    start = max(0, offset - reach)
    for brk in _BOUNDARY.finditer(text, start, offset):
        if brk.group().startswith("\n") or _ends_sentence(text, brk.start(), brk.end()):
            start = brk.end()
    return start


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
    # The ends are walked, not the piece copied and stripped: a paragraph is long, and the
    # whitespace around a sentence is a character or two.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(start, end))


def span_at(spans: list[Span], starts: list[int], offset: int) -> Span | None:
    """The span containing `offset`; `starts` is [s.start for s in spans]."""
    index = bisect_right(starts, offset) - 1
    if index >= 0 and offset < spans[index].end:
        return spans[index]
    return None
