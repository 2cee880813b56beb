"""How long `python -m etl update` takes when it finds nothing new, and when it finds 100 new
posts among 10,000 known ones, with feeds served by a site on 127.0.0.1 (no internet).

    python -m benchmarks.update_speed [--known 10000] [--new 100]

Steps, each timed, with the number of articles extracted (counted at `extract_article`):
1. the first update: a feed of the KNOWN posts, all new (the atlas starts empty);
2. an update with nothing new: the feed answers 304 to its ETag;
3. an update with nothing new from a site without ETags: the same feed read again in full,
   every post found unchanged by its content hash;
4. an update that finds NEW posts: the feed now holds the NEW posts and the 100 latest known
   ones (as a real feed rolls), against an atlas of KNOWN articles;
and, for scale, the extraction of all KNOWN + NEW posts that a full rebuild would redo.
"""

from __future__ import annotations

import argparse
import html
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import etl.update
from benchmarks.corpus import make_corpus
from etl.pipeline import ArticleExtraction, extract_article
from etl.schema import RawArticle
from etl.update import run_update
from tests.local_site import LocalSite, Reply, local_site

_BYTES_PER_POST = 3500  # about the corpus's mean post


def rss(posts: list[tuple[int, RawArticle]], site: LocalSite) -> str:
    items = "".join(
        f"<item><title>{html.escape(post.title)}</title>"
        f"<link>{site.url(f'/posts/{number}')}</link>"
        f"<pubDate>{post.published:%a, %d %b %Y} 09:00:00 +0000</pubDate>"
        f"<content:encoded>{html.escape(post.text)}</content:encoded></item>"
        for number, post in posts
    )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Benchmark feed</title>{items}</channel></rss>")


class ExtractionCounter:
    """Wraps the per-article extraction the update calls, to show what it re-extracts."""

    def __init__(self, extract: Callable[[RawArticle], ArticleExtraction]) -> None:
        self.extract = extract
        self.count = 0

    def __call__(self, raw: RawArticle) -> ArticleExtraction:
        self.count += 1
        return self.extract(raw)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--known", type=int, default=10_000, help="posts the atlas holds")
    parser.add_argument("--new", type=int, default=100, help="new posts the update finds")
    args = parser.parse_args()
    corpus = make_corpus((args.known + args.new) * _BYTES_PER_POST)
    while len(corpus) < args.known + args.new:
        corpus += make_corpus(args.new * _BYTES_PER_POST, seed=len(corpus))
    posts = list(enumerate(corpus[: args.known + args.new]))
    known, new = posts[: args.known], posts[args.known :]
    counter = ExtractionCounter(extract_article)
    etl.update.extract_article = counter  # count, do not change, what the update extracts

    with local_site() as site, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "atlas"
        sources = Path(tmp) / "sources.toml"
        sources.write_text(f'[fetch]\nhost_delay_seconds = 0\nmax_bytes = 500_000_000\n\n'
                           f'[[sources]]\nname = "bench"\nurl = "{site.url("/feed")}"\n',
                           encoding="utf-8")

        def update(label: str) -> None:
            counter.count = 0
            started = time.perf_counter()
            report = run_update(sources, out, datetime.now(UTC))
            seconds = time.perf_counter() - started
            totals = report["totals"]
            print(f"{label:<58} {seconds:7.2f} s  extracted {counter.count:>6}  "
                  f"(new {totals['new']}, unchanged {totals['unchanged']}, "
                  f"atlas {totals['articles']} articles)")

        feed = rss(known, site)
        print(f"{len(known)} known posts ({len(feed) / 1e6:.1f} MB of RSS), {len(new)} new\n")
        site.routes["/feed"] = Reply(feed, etag='"known"')
        update(f"1. first update: {len(known)} posts, all new")
        update("2. nothing new, feed answers 304")
        site.routes["/feed"] = Reply(feed)
        update(f"3. nothing new, no ETag: {len(known)} posts read and hashed")
        site.routes["/feed"] = Reply(rss(known[-100:] + new, site))
        update(f"4. {len(new)} new among {len(known)} known (feed: 100 known + {len(new)} new)")

    started = time.perf_counter()
    for _, post in posts:
        extract_article(post)
    print(f"\nfor scale: extracting all {len(posts)} posts again, as a rebuild would: "
          f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
