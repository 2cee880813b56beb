"""Fetch every source of the sources file into raw articles, one source's failure never
stopping the others.

A feed is read by the same adapter as a saved feed file (etl/sources/feeds.py). An entry that
carries only a summary gets its article page fetched and read by the same adapter as a saved
page (etl/sources/html_page.py): its main text, and its title, canonical URL, date and site name.
Feeds and pages are fetched conditionally, so what has not changed costs a 304 and no work.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from etl.fetch.client import FetchError, PoliteClient, Response
from etl.fetch.config import Source, SourcesConfig
from etl.fetch.state import FetchState, SourceState
from etl.schema import RawArticle
from etl.sources import SourceError
from etl.sources.feeds import looks_like_feed, read_feed
from etl.sources.html_page import read_html_page
from etl.sources.text_io import decode_text

_FEED_MEDIA_WORDS = ("xml", "rss", "atom")
_HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Served under a vague type, a body is read when it looks like what we asked for.
_VAGUE_MEDIA_TYPES = frozenset({"", "text/plain", "application/octet-stream"})


@dataclass(slots=True)
class SourceOutcome:
    name: str
    url: str
    status: str = "fetched"  # fetched | not modified | partly failed | failed
    entries: int = 0
    failures: list[str] = field(default_factory=list)  # one line each: what, where, what to do
    notes: list[str] = field(default_factory=list)  # records or values the adapter left out


@dataclass(slots=True)
class Collected:
    articles: list[RawArticle] = field(default_factory=list)
    unchanged_pages: list[str] = field(default_factory=list)  # article pages that answered 304
    outcomes: list[SourceOutcome] = field(default_factory=list)


def collect(config: SourcesConfig, state: FetchState, client: PoliteClient) -> Collected:
    """Fetch every source; `state` is updated in place with the validators of what was read
    in full, so the caller saves it once the build holding those articles is published."""
    collected = Collected()
    for source in config.sources:
        outcome = SourceOutcome(source.name, source.url)
        collected.outcomes.append(outcome)
        try:
            _collect_source(source, state, client, collected, outcome)
        except FetchError as error:
            outcome.status = "failed"
            outcome.failures.insert(0, f"{source.name}: {error}")
        except SourceError as error:  # the adapter's message starts with the source's name
            outcome.status = "failed"
            outcome.failures.insert(0, str(error))
    return collected


def _collect_source(
    source: Source,
    state: FetchState,
    client: PoliteClient,
    collected: Collected,
    outcome: SourceOutcome,
) -> None:
    response = client.get(source.url, state.source_validators(source.name, source.url))
    if response.not_modified:
        outcome.status = "not modified"
        return
    if source.kind == "page":
        article = _page_article(response, Path(source.name))
        collected.articles.append(_with_publisher(article, source))
        outcome.entries = 1
    else:
        entries = _feed_entries(response, source, outcome)
        outcome.entries = len(entries)
        for entry in entries:
            article = _full_text(entry, source, state, client, collected, outcome)
            if article is not None:
                collected.articles.append(article)
    if outcome.failures:
        # Keep the old validators: the next run must see the feed again to retry what failed.
        outcome.status = "partly failed"
        return
    state.sources[source.name] = SourceState(source.url, response.validators)


def _feed_entries(
    response: Response, source: Source, outcome: SourceOutcome
) -> list[RawArticle]:
    where = Path(source.name)
    media = response.content_type
    if media in _HTML_MEDIA_TYPES or not (
        any(word in media for word in _FEED_MEDIA_WORDS) or media in _VAGUE_MEDIA_TYPES
    ):
        raise FetchError(f"{response.url}: served as {media}, not as an RSS or Atom feed; use "
                         'the site\'s feed URL, or kind = "page" for a single article page')
    text = decode_text(where, response.body)
    if media in _VAGUE_MEDIA_TYPES and not looks_like_feed(text):
        raise FetchError(f"{response.url}: served as {media or 'no type'} and is not an RSS or "
                         "Atom feed; check the URL")
    read = read_feed(where, text)
    outcome.notes.extend(f"{item.origin}: {item.reason}" for item in read.skipped)
    return [_with_publisher(article, source) for article in read.articles]


def _full_text(
    entry: RawArticle,
    source: Source,
    state: FetchState,
    client: PoliteClient,
    collected: Collected,
    outcome: SourceOutcome,
) -> RawArticle | None:
    """The entry with its article page's text when it carries only a summary; None when the
    page is unchanged since the last run or could not be read (then a failure says why)."""
    if not entry.summary_only or source.full_text == "never" or entry.url is None:
        return entry
    try:
        response = client.get(entry.url, state.pages.get(entry.url))
        if response.not_modified:
            collected.unchanged_pages.append(entry.url)
            return None
        page = _page_article(response, Path(entry.origin))
    except (FetchError, SourceError) as error:
        outcome.failures.append(f"{source.name}: entry {entry.title!r}: {error}")
        return None
    state.pages[entry.url] = response.validators
    return replace(
        entry,
        text=page.text,
        title=page.title or entry.title,
        url=page.url or entry.url,
        published=entry.published or page.published,
        source=entry.source or page.source,
        summary_only=False,
    )


def _page_article(response: Response, where: Path) -> RawArticle:
    if response.content_type not in _HTML_MEDIA_TYPES | _VAGUE_MEDIA_TYPES:
        raise FetchError(f"{response.url}: served as {response.content_type}, not as an HTML "
                         "page; point the source at the article's web page")
    [article] = read_html_page(where, decode_text(where, response.body)).articles
    return replace(article, url=article.url or response.url)


def _with_publisher(article: RawArticle, source: Source) -> RawArticle:
    # The sources file names the publisher best: a feed's title is often "News – Site".
    return replace(article, source=source.publisher) if source.publisher else article
