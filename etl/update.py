"""`python -m etl update`: fetch the sources, extract only what is new or changed, and publish
a new complete build of DIR from the previous one plus those articles.

`merge_articles` is the whole incremental logic, tables and raw articles in, tables out: an
article seen before (same canonical URL and same text, or the same text under another URL) is
left as it is and not extracted again; one whose text changed at a known URL replaces its old
version and that version's events, keeping its `first_seen`; the rest are new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pyarrow as pa
import pyarrow.compute as pc

from etl import store
from etl.accuracy import saved_figures
from etl.fetch.client import PoliteClient
from etl.fetch.collect import Collected, collect
from etl.fetch.config import load_config
from etl.fetch.state import load_state, save_state
from etl.pipeline import extract_article
from etl.schema import ARTICLE_SCHEMA, EVENT_SCHEMA, Article, Event, RawArticle, stable_id

# Query parameters that track the reader, not name the page.
_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


@dataclass(slots=True)
class Merge:
    articles: pa.Table
    events: pa.Table
    new: list[Article] = field(default_factory=list)
    changed: list[Article] = field(default_factory=list)
    unchanged: int = 0


def canonical_url(url: str) -> str:
    """The URL as a key: scheme and host lowercased, no fragment, no tracking parameters, no
    trailing slash. Two links to one article get one key."""
    parts = urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PARAMS)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), "")
    )


def content_hash(text: str) -> str:
    # Every adapter hands over normalized text (normalize_text), and an article keeps it as it
    # came: equal texts are equal strings.
    return stable_id(text)


def merge_articles(
    previous_articles: pa.Table,
    previous_events: pa.Table,
    fetched: Sequence[RawArticle],
    seen_at: datetime,
) -> Merge:
    """The new tables: the previous ones, with each fetched article added (new), put in place
    of its old version (changed) or left out (unchanged). Only new and changed articles are
    extracted."""
    merge = Merge(previous_articles, previous_events)
    if not fetched:
        return merge
    ids = previous_articles["article_id"].to_pylist()
    by_url: dict[str, tuple[str, datetime]] = {}
    for article_id, url, first_seen in zip(
        ids,
        previous_articles["url"].to_pylist(),
        previous_articles["first_seen"].to_pylist(),
        strict=True,
    ):
        if url:
            by_url[canonical_url(url)] = (article_id, first_seen)
    known_texts = {content_hash(text) for text in previous_articles["text"].to_pylist()}

    replaced: set[str] = set()  # ids of previous articles that a new version replaces
    fresh: dict[str, tuple[Article, list[Event], bool]] = {}  # id -> (article, events, is new)
    for raw in fetched:
        digest = content_hash(raw.text)
        if digest in known_texts:
            merge.unchanged += 1
            continue
        key = canonical_url(raw.url) if raw.url else None
        old = by_url.get(key) if key else None
        extraction = extract_article(raw)
        article = replace(extraction.article, first_seen=old[1] if old else seen_at)
        is_new = old is None
        if old is not None and old[0] in fresh:  # two versions in one run: the last one wins
            is_new = fresh.pop(old[0])[2]
        elif old is not None:
            replaced.add(old[0])
        fresh[article.article_id] = (article, extraction.events, is_new)
        # A later copy of it in this run (another feed, the same post) is then unchanged.
        known_texts.add(digest)
        if key:
            by_url[key] = (article.article_id, article.first_seen)
    if not fresh:
        return merge
    merge.new = [article for article, _, is_new in fresh.values() if is_new]
    merge.changed = [article for article, _, is_new in fresh.values() if not is_new]
    gone = pa.array(sorted(replaced), pa.string())
    merge.articles = pa.concat_tables([
        previous_articles.filter(pc.invert(pc.is_in(previous_articles["article_id"], gone))),
        store.articles_table([article for article, _, _ in fresh.values()]),
    ])
    merge.events = pa.concat_tables([
        previous_events.filter(pc.invert(pc.is_in(previous_events["article_id"], gone))),
        store.events_table([event for _, events, _ in fresh.values() for event in events]),
    ])
    return merge


def run_update(sources_file: Path, out: Path, now: datetime | None = None) -> dict[str, Any]:
    """One update of `out` from the sources in `sources_file`: fetch, merge, publish the new
    build when anything is new or changed, then save the fetch state. Returns the run report
    (also kept as `last_run` in the fetch state). Raises ConfigError, StateError or ValueError
    (a previous build this version cannot read) before anything is fetched."""
    config = load_config(sources_file)
    state = load_state(out)
    previous = store.read_build(out)
    previous_articles, previous_events = previous or (
        ARTICLE_SCHEMA.empty_table(), EVENT_SCHEMA.empty_table()
    )
    now = now or datetime.now(UTC)
    with PoliteClient(config.settings) as client:
        collected = collect(config, state, client)
    merge = merge_articles(previous_articles, previous_events, collected.articles, now)
    report = update_report(collected, merge, now)
    if merge.new or merge.changed or (previous is None and merge.articles.num_rows):
        store.write_build(out, merge.articles, merge.events, report)
        report["published"] = True
    state.last_run = report
    save_state(state, out)
    return report


def update_report(collected: Collected, merge: Merge, now: datetime) -> dict[str, Any]:
    failures = [line for outcome in collected.outcomes for line in outcome.failures]
    return {
        "built_at": now.isoformat(timespec="seconds"),
        "command": "update",
        "accuracy": saved_figures(),
        "published": False,  # true once a new build of DIR holds this run's articles
        "totals": {
            "articles": merge.articles.num_rows,
            "events": merge.events.num_rows,
            "new": len(merge.new),
            "changed": len(merge.changed),
            "unchanged": merge.unchanged + len(collected.unchanged_pages),
            "failed": len(failures),
            "sources": len(collected.outcomes),
            "sources_failed": sum(1 for o in collected.outcomes if o.status == "failed"),
        },
        "sources": [
            {"name": o.name, "url": o.url, "status": o.status, "entries": o.entries,
             "notes": o.notes}
            for o in collected.outcomes
        ],
        "new": [_listed(article) for article in merge.new],
        "changed": [_listed(article) for article in merge.changed],
        "failures": failures,
    }


def _listed(article: Article) -> dict[str, str | None]:
    return {"article_id": article.article_id, "title": article.title, "url": article.url}


def format_update_report(report: dict[str, Any]) -> str:
    totals = report["totals"]
    lines = [
        f"{totals['new']} new, {totals['changed']} changed, {totals['unchanged']} unchanged, "
        f"{totals['failed']} failed; the atlas holds {totals['articles']} articles, "
        f"{totals['events']} events"
        + ("" if report["published"] else " (nothing new: the build is unchanged)"),
    ]
    for source in report["sources"]:
        entries = f", {source['entries']} entries" if source["status"] != "not modified" else ""
        lines.append(f"  {source['name']} ({source['url']}): {source['status']}{entries}")
        lines.extend(f"    note {note}" for note in source["notes"])
    lines.extend(f"  FAILED  {line}" for line in report["failures"])
    for kind in ("new", "changed"):
        lines.extend(f"  {kind:<7} {item['title']} ({item['url']})" for item in report[kind])
    return "\n".join(lines)
