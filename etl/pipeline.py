"""Sources → articles → events, and the report of the run, on one core, a pool or a cluster.

`extract_article` is the whole extraction for one post: pure, text in, records out.
`run` reads the sources one file at a time, extracts their articles in batches (here, or as
tasks of a process pool) and hands each batch's articles and events to a sink in input order,
counting what it skipped and why (`Tally`, which a Dask build's fold shares: partitions.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import NamedTuple

from etl.engines import in_order
from etl.extract.countries import CountryMention, find_countries
from etl.extract.dates import (
    DateMention,
    UnresolvedDate,
    latest_full_date,
    resolve_dates,
    scan_dates,
)
from etl.extract.event_types import decide_event_type
from etl.extract.places import article_places, event_countries
from etl.extract.status import FocalCandidate, Status, event_status, focal_events
from etl.extract.text import Span, evidence_text, paragraph_spans, sentence_spans, span_at
from etl.schema import Article, Event, RawArticle, Skipped, SourceReport, stable_id
from etl.sources import SourceError, SourceRead, list_inputs, read_input
from etl.sources.text_io import quoted

# Called after each batch: input files read so far, input files in all, articles extracted.
Progress = Callable[[int, int, int], None]
# Receives each batch's kept articles and their events, in input order.
Sink = Callable[[list[Article], list[Event]], None]
# Articles per task: enough to make a task's pickling cheap beside its extraction, few enough
# that the batches in flight hold little memory.
BATCH_ARTICLES = 64
# A list bullet before a sentence: a mark and a space. "-5 degrees" keeps its sign.
_LIST_BULLET = re.compile(r"(?:[•*·▪‣◦\-–—][ \t]+)+")


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    article: Article
    events: list[Event]
    unresolved: list[UnresolvedDate]


@dataclass(slots=True)
class RunResult:
    """What a run made, as counts: the articles and events themselves went to the sink."""

    articles: int = 0
    events: int = 0
    countries: set[str] = field(default_factory=set)  # every code an article or event names
    sources: list[SourceReport] = field(default_factory=list)
    unresolved: Counter[str] = field(default_factory=Counter)  # reason -> count
    unresolved_examples: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the run's counts and report need of one extracted article: a Dask worker that
    wrote the article and its events itself sends back only this."""

    article_id: str
    origin: str
    events: int
    countries: frozenset[str]  # every code the article or its events name
    unresolved: tuple[UnresolvedDate, ...]


def summarize(raw: RawArticle, extraction: ArticleExtraction) -> ArticleSummary:
    article, events = extraction.article, extraction.events
    countries = frozenset(article.countries).union(*(event.countries for event in events))
    return ArticleSummary(article.article_id, raw.origin, len(events), countries,
                          tuple(extraction.unresolved))


class Tally:
    """The run's counts, fed every extracted article in input order: an article seen before in
    the run is a duplicate of the first, left out and reported as such."""

    def __init__(self) -> None:
        self.result = RunResult()
        self.seen: dict[str, str] = {}  # article id -> origin of its first copy

    def keep(self, report: SourceReport, article: ArticleSummary) -> bool:
        """Counts `article`, read from the input of `report`; False for a duplicate."""
        first = self.seen.get(article.article_id)
        if first is not None:
            report.skip(Skipped(article.origin, f"duplicate of {first}"))
            return False
        self.seen[article.article_id] = article.origin
        result = self.result
        report.articles += 1
        report.events += article.events
        result.articles += 1
        result.events += article.events
        result.countries.update(article.countries)
        for item in article.unresolved:
            result.unresolved[item.reason] += 1
            examples = result.unresolved_examples.setdefault(item.reason, [])
            if len(examples) < 5:
                examples.append(f"{article.origin}: {quoted(item.text)}")
        return True


def extract_article(raw: RawArticle, published_fallback: date | None = None) -> ArticleExtraction:
    text = raw.text
    expressions = scan_dates(text)
    published, inferred = _publication_date(raw, published_fallback, latest_full_date(expressions))
    dates = resolve_dates(expressions, published, publication_exact=not inferred)

    title_mentions = find_countries(raw.title)
    text_mentions = find_countries(text)
    locator = _Locator(text, text_mentions)
    lead_end = locator.paragraphs[0].end if locator.paragraphs else 0
    # Events that place themselves nowhere fall back on the article's main country.
    countries, fallback_country = article_places(title_mentions, text_mentions, lead_end)

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
    readings = [
        _read(mention, title_locator, fallback_country, published, part="title")
        for mention in title_dates.mentions
    ] + [_read(mention, locator, fallback_country, published) for mention in dates.mentions]
    paragraphs = [-1] * len(title_dates.mentions) + [
        bisect_left(locator.paragraph_starts, m.start + 1) - 1 for m in dates.mentions
    ]
    # Which events are focal is known once all are read: each Event is made once, with it.
    focal = focal_events(
        [
            FocalCandidate(paragraph, reading.event_type, reading.status)
            for paragraph, reading in zip(paragraphs, readings, strict=True)
        ]
    )
    events = [
        _event(article_id, reading, is_focal)
        for reading, is_focal in zip(readings, focal, strict=True)
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


class _Locator:
    """Finds the sentence and paragraph around an offset, and the countries named in them."""

    def __init__(self, text: str, mentions: Sequence[CountryMention]) -> None:
        self.text = text
        self.paragraphs = paragraph_spans(text)
        self.paragraph_starts = [p.start for p in self.paragraphs]
        # Only paragraphs with a date need their sentences: split them on demand.
        self.sentences: dict[int, tuple[list[Span], list[int]]] = {}
        self.mentions = list(mentions)
        self.mention_starts = [m.start for m in self.mentions]

    def event_type(self, sentence: Span, mention: DateMention) -> tuple[str, tuple[str, ...]]:
        # The type of the act the date is attached to, and the words that decided it: the
        # classifier gets the date's place in the sentence (and analyses a sentence once,
        # however many dates it holds).
        return decide_event_type(
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

    def countries_in(self, span: Span, date_offset: int) -> tuple[str, ...]:
        """The countries the sentence `span` places the event dated at `date_offset` in."""
        mentions = self._mentions_in(span)
        if not mentions:
            return ()
        return event_countries(
            self.text[span.start : span.end], mentions, date_offset, base=span.start
        )

    def context_countries(self, paragraph: Span, sentence: Span) -> tuple[str, ...]:
        """The places and actors of the nearest other sentence of the paragraph that names
        any, the one before first (the sentence's own mentions have been weighed already)."""
        evidence = [
            m
            for m in self._mentions_in(paragraph)
            if m.event_evidence and not sentence.start <= m.start < sentence.end
        ]
        if not evidence:
            return ()
        before = [m for m in evidence if m.start < sentence.start]
        nearest = self.sentence((before[-1] if before else evidence[0]).start)
        return tuple(
            dict.fromkeys(m.iso3 for m in evidence if nearest.start <= m.start < nearest.end)
        )

    def _mentions_in(self, span: Span) -> list[CountryMention]:
        first = bisect_left(self.mention_starts, span.start)
        last = bisect_left(self.mention_starts, span.end)
        return [m for m in self.mentions[first:last] if m.end <= span.end]


class _Reading(NamedTuple):
    """What a date's sentence says of its event: all of the event but whether it is focal,
    which weighs the article's events against each other."""

    mention: DateMention
    part: str  # "text" or "title"
    sentence: str  # the evidence sentence, a list bullet included
    countries: tuple[str, ...]
    event_type: str
    type_words: tuple[str, ...]
    status: Status


def _read(
    mention: DateMention,
    locator: _Locator,
    main_country: str | None,
    published: date | None,
    part: str = "text",
) -> _Reading:
    sentence_span = locator.sentence(mention.start)
    sentence = evidence_text(locator.text, sentence_span, mention.start, mention.end)
    # The sentence's own countries; else its paragraph's; else the article's main country.
    countries = (
        locator.countries_in(sentence_span, mention.start)
        or locator.context_countries(locator.paragraph(mention.start), sentence_span)
        or ((main_country,) if main_country else ())
    )
    event_type, type_words = locator.event_type(sentence_span, mention)
    status = event_status(sentence, mention.text, mention.date_start, mention.date_end, published)
    return _Reading(mention, part, sentence, countries, event_type, type_words, status)


def _event(article_id: str, reading: _Reading, focal: bool) -> Event:
    mention = reading.mention
    return Event(
        # The body's ids predate titles being dated: they stay as they were.
        event_id=stable_id(article_id, str(mention.start), mention.text)
        if reading.part == "text"
        else stable_id(article_id, reading.part, str(mention.start), mention.text),
        article_id=article_id,
        sentence=_without_bullet(reading.sentence),
        date_text=mention.text,
        date_start=mention.date_start,
        date_end=mention.date_end,
        date_precision=mention.precision,
        countries=reading.countries,
        event_type=reading.event_type,
        type_words=reading.type_words,
        status=reading.status,
        focal=focal,
    )


def _without_bullet(sentence: str) -> str:
    bullet = _LIST_BULLET.match(sentence)
    return sentence[bullet.end() :] if bullet else sentence


def extract_batch(
    raws: Sequence[RawArticle], published_fallback: date | None
) -> list[ArticleExtraction]:
    """One task: module-level, so that a process pool or a Dask worker can unpickle it."""
    return [extract_article(raw, published_fallback) for raw in raws]


@dataclass(frozen=True, slots=True)
class Batch:
    report: SourceReport
    raws: list[RawArticle]
    files_read: int


def run(
    paths: Sequence[Path],
    published_fallback: date | None = None,
    progress: Progress | None = None,
    *,
    sink: Sink,
    executor: Executor | None = None,
    in_flight: int = 1,
) -> RunResult:
    """Every article of `paths`, extracted in batches of BATCH_ARTICLES: in this process, or on
    `executor` with up to `in_flight` batches submitted at once (memory holds those, the file
    being read and one row group of output, whatever the input size). Articles and events reach
    `sink` in input order whatever the executor, so a build's output and ids never depend on
    where it ran. An article seen before in the run is skipped as a duplicate of the first."""
    tally = Tally()
    inputs = [entry for path in paths for entry in list_inputs(path)]
    batches = read_batches(inputs, tally.result.sources)
    extract = partial(extract_batch, published_fallback=published_fallback)
    done = 0
    tasks = ((batch, batch.raws) for batch in batches)
    for batch, extractions in in_order(tasks, extract, executor, in_flight):
        articles: list[Article] = []
        events: list[Event] = []
        for raw, extraction in zip(batch.raws, extractions, strict=True):
            if tally.keep(batch.report, summarize(raw, extraction)):
                articles.append(extraction.article)
                events.extend(extraction.events)
        sink(articles, events)
        done += len(batch.raws)
        if progress is not None:
            progress(batch.files_read, len(inputs), done)
    return tally.result


def read_batches(
    inputs: Sequence[tuple[Path, SourceRead | SourceError | None]], reports: list[SourceReport]
) -> Iterator[Batch]:
    """The inputs' articles in batches, one file read at a time; each file's report is added
    to `reports` as it is read."""
    for files_read, (file_path, known) in enumerate(inputs, start=1):
        read = read_input(file_path, known)
        if isinstance(read, SourceError):
            reports.append(SourceReport(str(file_path), "unknown", error=str(read)))
            continue
        report = SourceReport(str(file_path), read.format)
        for item in read.skipped:
            report.skip(item)
        reports.append(report)
        for start in range(0, len(read.articles), BATCH_ARTICLES):
            yield Batch(report, read.articles[start : start + BATCH_ARTICLES], files_read)
