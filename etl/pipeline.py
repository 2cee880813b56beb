"""Sources → articles → events, and the report of the run.

`extract_article` is the whole extraction for one post: pure, text in, records out.
`run` reads every source, extracts every article and counts what it skipped and why.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from etl.extract.countries import CountryMention, find_countries, rank_countries
from etl.extract.dates import (
    DateMention,
    UnresolvedDate,
    latest_full_date,
    resolve_dates,
    scan_dates,
)
from etl.extract.event_types import classify_event
from etl.extract.status import FocalCandidate, event_status, focal_events
from etl.extract.text import Span, evidence_text, paragraph_spans, sentence_spans, span_at
from etl.schema import Article, Event, RawArticle, Skipped, SourceReport, stable_id
from etl.sources import SourceError, read_source
from etl.sources.text_io import quoted

Progress = Callable[[int, int], None]
# A list bullet before a sentence: a mark and a space. "-5 degrees" keeps its sign.
_LIST_BULLET = re.compile(r"(?:[•*·▪‣◦\-–—][ \t]+)+")


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    article: Article
    events: list[Event]
    unresolved: list[UnresolvedDate]


@dataclass(slots=True)
class RunResult:
    articles: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)
    unresolved: Counter[str] = field(default_factory=Counter)  # reason -> count
    unresolved_examples: dict[str, list[str]] = field(default_factory=dict)


def extract_article(raw: RawArticle, published_fallback: date | None = None) -> ArticleExtraction:
    text = raw.text
    expressions = scan_dates(text)
    published, inferred = _publication_date(raw, published_fallback, latest_full_date(expressions))
    dates = resolve_dates(expressions, published, publication_exact=not inferred)

    title_mentions = find_countries(raw.title)
    text_mentions = find_countries(text)
    countries = rank_countries(title_mentions, text_mentions)
    main_country = _main_country(title_mentions, countries)

    article_id = stable_id(raw.source or "", raw.title, text)
    article = Article(
        article_id=article_id,
        title=raw.title,
        url=raw.url,
        source=raw.source,
        published=published,
        published_is_inferred=inferred,
        countries=countries,
        text=text,
    )
    # The title is dated like the body ("Activists detained on Human Rights Day"), each part
    # with its own locator: a title is one sentence of its own.
    title_dates = resolve_dates(
        scan_dates(raw.title), published, publication_exact=not inferred
    )
    title_locator = _Locator(raw.title, title_mentions)
    locator = _Locator(text, text_mentions)
    events = [
        _event(article_id, mention, title_locator, main_country, published, part="title")
        for mention in title_dates.mentions
    ] + [
        _event(article_id, mention, locator, main_country, published) for mention in dates.mentions
    ]
    paragraphs = [-1] * len(title_dates.mentions) + [
        bisect_left(locator.paragraph_starts, m.start + 1) - 1 for m in dates.mentions
    ]
    focal = focal_events(
        [
            FocalCandidate(paragraph, event.event_type, event.status)
            for paragraph, event in zip(paragraphs, events, strict=True)
        ]
    )
    events = [
        replace(event, focal=True) if is_focal else event
        for event, is_focal in zip(events, focal, strict=True)
    ]
    return ArticleExtraction(article, events, title_dates.unresolved + dates.unresolved)


def _publication_date(
    raw: RawArticle, fallback: date | None, latest_in_text: date | None
) -> tuple[date | None, bool]:
    """The publication date and whether it is inferred (not given by the input itself)."""
    if raw.published is not None:
        return raw.published, False
    if fallback is not None:
        return fallback, True
    return latest_in_text, True


def _main_country(title_mentions: Sequence[CountryMention], ranked: tuple[str, ...]) -> str | None:
    # Amnesty and HRW titles lead with the country ("Tunisia: ..."); otherwise the most named.
    if title_mentions:
        return title_mentions[0].iso3
    return ranked[0] if ranked else None


class _Locator:
    """Finds the sentence and paragraph around an offset, and the countries named in them."""

    def __init__(self, text: str, mentions: Sequence[CountryMention]) -> None:
        self.text = text
        self.paragraphs = paragraph_spans(text)
        self.paragraph_starts = [p.start for p in self.paragraphs]
        # Only paragraphs with a date need their sentences: split them on demand.
        self.sentences: dict[int, tuple[list[Span], list[int]]] = {}
        self.evidence = [m for m in mentions if m.event_evidence]
        self.evidence_starts = [m.start for m in self.evidence]
    def event_type(self, sentence: Span, mention: DateMention) -> str:
        # The type of the act the date is attached to: the classifier gets the date's place in
        # the sentence (and analyses a sentence once, however many dates it holds).
        return classify_event(
            self.text[sentence.start : sentence.end],
            max(mention.start - sentence.start, 0),
            min(mention.end, sentence.end) - sentence.start,
        )

    def paragraph(self, offset: int) -> Span:
        return span_at(self.paragraphs, self.paragraph_starts, offset) or Span(offset, offset)

    def sentence(self, offset: int) -> Span:
        paragraph = self.paragraph(offset)
        if paragraph.start not in self.sentences:
            spans = sentence_spans(self.text, paragraph.start, paragraph.end)
            self.sentences[paragraph.start] = (spans, [s.start for s in spans])
        spans, starts = self.sentences[paragraph.start]
        return span_at(spans, starts, offset) or paragraph

    def countries_in(self, span: Span) -> tuple[str, ...]:
        first = bisect_left(self.evidence_starts, span.start)
        last = bisect_left(self.evidence_starts, span.end)
        return tuple(dict.fromkeys(m.iso3 for m in self.evidence[first:last]))


def _event(
    article_id: str,
    mention: DateMention,
    locator: _Locator,
    main_country: str | None,
    published: date | None,
    part: str = "text",
) -> Event:
    sentence_span = locator.sentence(mention.start)
    sentence = evidence_text(locator.text, sentence_span, mention.start, mention.end)
    # The sentence's own countries; else its paragraph's; else the article's main country.
    countries = (
        locator.countries_in(sentence_span)
        or locator.countries_in(locator.paragraph(mention.start))
        or ((main_country,) if main_country else ())
    )
    return Event(
        # The body's ids predate titles being dated: they stay as they were.
        event_id=stable_id(article_id, str(mention.start), mention.text)
        if part == "text"
        else stable_id(article_id, part, str(mention.start), mention.text),
        article_id=article_id,
        sentence=_without_bullet(sentence),
        date_text=mention.text,
        date_start=mention.date_start,
        date_end=mention.date_end,
        date_precision=mention.precision,
        countries=countries,
        event_type=locator.event_type(sentence_span, mention),
        status=event_status(
            sentence, mention.text, mention.date_start, mention.date_end, published
        ),
        focal=False,
    )


def _without_bullet(sentence: str) -> str:
    bullet = _LIST_BULLET.match(sentence)
    return sentence[bullet.end() :] if bullet else sentence


def run(
    paths: Sequence[Path],
    published_fallback: date | None = None,
    progress: Progress | None = None,
) -> RunResult:
    result = RunResult()
    pending: list[tuple[SourceReport, RawArticle]] = []
    for path in paths:
        for file_path, read in read_source(path):
            if isinstance(read, SourceError):
                result.sources.append(SourceReport(str(file_path), "unknown", error=str(read)))
                continue
            report = SourceReport(str(file_path), read.format, skipped=list(read.skipped))
            result.sources.append(report)
            pending.extend((report, raw) for raw in read.articles)

    seen: dict[str, str] = {}
    for done, (report, raw) in enumerate(pending, start=1):
        extraction = extract_article(raw, published_fallback)
        article_id = extraction.article.article_id
        if article_id in seen:
            report.skipped.append(Skipped(raw.origin, f"duplicate of {seen[article_id]}"))
        else:
            seen[article_id] = raw.origin
            report.articles += 1
            report.events += len(extraction.events)
            result.articles.append(extraction.article)
            result.events.extend(extraction.events)
            for item in extraction.unresolved:
                result.unresolved[item.reason] += 1
                examples = result.unresolved_examples.setdefault(item.reason, [])
                if len(examples) < 5:
                    examples.append(f"{raw.origin}: {quoted(item.text)}")
        if progress is not None:
            progress(done, len(pending))
    return result
