"""A build of N synthetic events in the exact schema, for the query and dashboard figures.

    python -m benchmarks.synthetic --events 1000000 --out DIR [--seed 7]

Shaped like real data rather than uniform: countries skewed (a few named very often, a long
tail named rarely; Zipf over every country the map draws), 20 years of dates with more of them
recent, every event type, precision and status, one to three countries an event with some
none, about ten events an article. Written through etl.store like any build, a batch at a time,
so a million events take little memory; deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from etl import store
from etl.countrycodes import country_name
from etl.extract.status import STATUSES
from etl.geo import drawable_codes
from etl.schema import ARTICLE_SCHEMA, EVENT_SCHEMA, EVENT_TYPES, PRECISIONS

FIRST_DAY = date(2006, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days + 1  # 20 years
EVENTS_PER_ARTICLE = 10
ARTICLES_PER_BATCH = 10_000
PUBLISHERS = ["Amnesty International", "Human Rights Watch", "OHCHR", "Reuters", "Al Jazeera",
              "The Guardian", "AP News", "Local Monitor"]
PUBLISHER_WEIGHTS = [0.30, 0.25, 0.10, 0.12, 0.08, 0.07, 0.05, 0.03]
ACTS = ["security forces detained {n} protesters", "a court sentenced a journalist",
        "parliament adopted a law restricting NGOs", "police fired on a peaceful march",
        "the authorities blocked social media", "{n} families were forcibly evicted",
        "a rights defender was released", "the UN urged an independent investigation"]


def synthetic_batches(events: int, seed: int) -> Iterator[tuple[pa.Table, pa.Table]]:
    """(articles, events) tables in the declared schemas, ARTICLES_PER_BATCH articles each,
    `events` events in all."""
    rng = np.random.default_rng(seed)
    codes = sorted(drawable_codes())
    weights = 1 / np.arange(1, len(codes) + 1) ** 1.1
    # Zipf over a shuffled list: which countries are frequent does not follow the alphabet.
    country_order = rng.permutation(len(codes))
    probabilities = weights / weights.sum()
    articles = -(-events // EVENTS_PER_ARTICLE)
    first_seen = datetime(2025, 12, 31, tzinfo=UTC)
    made = 0
    for first in range(0, articles, ARTICLES_PER_BATCH):
        count = min(ARTICLES_PER_BATCH, articles - first)
        per_article = np.full(count, EVENTS_PER_ARTICLE)
        per_article[-1] = min(EVENTS_PER_ARTICLE, events - made - EVENTS_PER_ARTICLE * (count - 1))
        made += int(per_article.sum())
        # More news of recent years: the publication day's density grows linearly.
        published = (np.sqrt(rng.random(count)) * (DAYS - 1)).astype(int)
        main = country_order[rng.choice(len(codes), count, p=probabilities)]
        article_ids = [f"{x:016x}" for x in rng.integers(0, 2**63, count)]
        sources = rng.choice(len(PUBLISHERS), count, p=PUBLISHER_WEIGHTS)
        titles = [f"{country_name(codes[m])}: {ACTS[i % len(ACTS)].format(n=i % 90 + 2)}"
                  for i, m in zip(range(first, first + count), main, strict=True)]
        articles_table = pa.table({
            "article_id": article_ids,
            "title": titles,
            "url": [f"https://example.org/news/{first + i}" for i in range(count)],
            "source": [PUBLISHERS[s] for s in sources],
            "published": [FIRST_DAY + timedelta(days=int(d)) for d in published],
            "published_is_inferred": rng.random(count) < 0.1,
            "countries": [[codes[m]] for m in main],
            "text": [title + "\n\nSynthetic article text for the benchmarks." for title in titles],
            "first_seen": [first_seen] * count,
        }, schema=ARTICLE_SCHEMA)
        yield articles_table, _events(rng, codes, country_order, probabilities, article_ids,
                                      main, published, per_article)


def _events(rng: np.random.Generator, codes: list[str], country_order: np.ndarray,
            probabilities: np.ndarray, article_ids: list[str], main: np.ndarray,
            published: np.ndarray, per_article: np.ndarray) -> pa.Table:
    n = int(per_article.sum())
    owner = np.repeat(np.arange(len(article_ids)), per_article)
    # Most events are of the weeks before publication; some go back years.
    back = rng.exponential(120, n).astype(int)
    start = np.clip(published[owner] - back, 0, DAYS - 1)
    precision = rng.choice(len(PRECISIONS), n, p=[0.6, 0.25, 0.15])
    starts, ends, texts = [], [], []
    for day, kind in zip(start, precision, strict=True):
        first_day = FIRST_DAY + timedelta(days=int(day))
        if kind == 0:
            starts.append(first_day)
            ends.append(first_day)
            texts.append(f"{first_day.day} {first_day:%B %Y}")
        elif kind == 1:
            starts.append(first_day.replace(day=1))
            ends.append((first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
                        - timedelta(days=1))
            texts.append(f"{first_day:%B %Y}")
        else:
            starts.append(date(first_day.year, 1, 1))
            ends.append(date(first_day.year, 12, 31))
            texts.append(str(first_day.year))
    # The article's main country mostly; else one or two others from the same skew; rarely none.
    others = country_order[rng.choice(len(codes), (n, 2), p=probabilities)]
    shape = rng.random(n)
    countries = [
        [] if s < 0.03 else [codes[main[o]]] if s < 0.75 else [codes[a]] if s < 0.9
        else list(dict.fromkeys([codes[main[o]], codes[b]]))
        for s, o, a, b in zip(shape, owner, others[:, 0], others[:, 1], strict=True)
    ]
    types = list(EVENT_TYPES)
    event_type = rng.choice(len(types), n)
    return pa.table({
        "event_id": [f"{x:016x}" for x in rng.integers(0, 2**63, n)],
        "article_id": [article_ids[o] for o in owner],
        "sentence": [f"On {text}, {ACTS[t % len(ACTS)].format(n=t + 2)} in "
                     f"{country_name(c[0]) if c else 'the region'}."
                     for text, t, c in zip(texts, event_type, countries, strict=True)],
        "date_text": texts,
        "date_start": starts,
        "date_end": ends,
        "date_precision": [PRECISIONS[p] for p in precision],
        "countries": countries,
        "event_type": [types[t] for t in event_type],
        # The rule word that decided the type: none for "other", as the extractor does.
        "type_words": [[] if types[t] == "other" else [types[t].split("_")[0]]
                       for t in event_type],
        "status": [STATUSES[s] for s in rng.choice(len(STATUSES), n, p=[0.7, 0.25, 0.05])],
        "focal": rng.random(n) < 0.2,
    }, schema=EVENT_SCHEMA)


def write_synthetic_build(out: Path, events: int, seed: int = 7) -> Path:
    """A published build of DIR holding `events` synthetic events; returns its folder."""
    store.check_out_dir(out)
    totals = {"articles": 0, "events": 0}
    with store.BuildWriter(out) as build:
        tables = build.open_tables()
        for articles_table, events_table in synthetic_batches(events, seed):
            tables.add(articles_table, events_table)
            totals["articles"] += articles_table.num_rows
            totals["events"] += events_table.num_rows
        build.finish_tables()
        build.write_report({
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": f"benchmarks.synthetic --events {events} --seed {seed}",
            "totals": totals, "sources": [], "dates_unresolved": [],
            "countries_without_map_shape": [],
        })
        return build.publish()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    folder = write_synthetic_build(args.out, args.events, args.seed)
    print(f"{args.events} synthetic events in {folder} "
          f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
