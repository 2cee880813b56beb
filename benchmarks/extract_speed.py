"""Extraction speed and memory on a generated corpus of realistic posts.

    python -m benchmarks.extract_speed [--mb 20]      (or: make bench)

Prints MB/s of text for each extraction stage alone and for the whole per-article extraction
(one core: this process), then the whole extraction of the real posts shipped for evaluation
(data/eval: HRDsAttack and news24, 1.9 MB from many outlets), then the time, throughput and peak
memory of a full `python -m etl build` of the generated corpus written as a feed dump.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import as_feed_dump, make_corpus
from etl.evaluate import EVAL_DIR
from etl.extract.countries import find_countries
from etl.extract.dates import find_dates
from etl.extract.event_types import classify_event
from etl.extract.text import sentence_spans
from etl.pipeline import extract_article
from etl.schema import RawArticle
from etl.sources import SourceRead, read_source

REAL_POSTS = ("hrdsattack_train.jsonl", "news24.jsonl")


def _rate(label: str, megabytes: float, work: Callable[[], object], repeat: int = 3) -> None:
    best = min(_timed(work) for _ in range(repeat))
    print(f"{label:<34} {megabytes / best:8.1f} MB/s  ({best:.2f} s for {megabytes:.1f} MB)")


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _real_posts() -> list[RawArticle]:
    posts: list[RawArticle] = []
    for name in REAL_POSTS:
        for _, read in read_source(EVAL_DIR / name):
            if isinstance(read, SourceRead):
                posts.extend(read.articles)
    return posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of text")
    args = parser.parse_args()
    articles = make_corpus(int(args.mb * 1_000_000))
    texts = [a.text for a in articles]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    sentences = [t[s.start : s.end] for t in texts[:200] for s in sentence_spans(t)]
    sentence_mb = sum(len(s.encode("utf-8")) for s in sentences) / 1_000_000
    print(f"corpus: {len(articles)} generated posts, {megabytes:.1f} MB of text\n")

    find_countries("warm up the matcher: Tunisia")
    _rate("sentences (etl.extract.text)", megabytes, lambda: [sentence_spans(t) for t in texts])
    _rate("dates (etl.extract.dates)", megabytes,
          lambda: [find_dates(a.text, a.published) for a in articles])
    _rate("countries (etl.extract.countries)", megabytes,
          lambda: [find_countries(t) for t in texts])
    _rate("event types, per sentence", sentence_mb, lambda: [classify_event(s) for s in sentences])
    _rate("whole extraction (extract_article)", megabytes,
          lambda: [extract_article(a) for a in articles])
    real = _real_posts()
    real_mb = sum(len(a.text.encode("utf-8")) for a in real) / 1_000_000
    _rate(f"whole extraction, {len(real)} real posts", real_mb,
          lambda: [extract_article(a) for a in real])

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "corpus.txt"
        dump.write_text(as_feed_dump(articles), encoding="utf-8")
        size = dump.stat().st_size / 1_000_000
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "etl", "build", str(dump), "--out", f"{tmp}/out", "--quiet"],
            check=True, stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"\nfull build of a {size:.1f} MB feed dump: {seconds:.1f} s, "
              f"{size / seconds:.1f} MB/s end to end, peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
