"""The same build on one core, on a process pool and on a real Dask cluster: the same tables,
the same CSV, the same report; duplicates found across batches, files and partitions. A Dask
build is a folder of part files per table, which every reader reads like a file."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from dask.distributed import LocalCluster

from benchmarks.corpus import make_corpus
from etl import pipeline, store
from etl.demo import DEMO_CORPUS, DEMO_PUBLISHED
from etl.store import stream
from tests.conftest import ARTICLES, EVENTS
from views.query import Selection, load_dataset, summary

ROOT = Path(__file__).resolve().parent.parent


def build(sources: list[Path], out: Path, *options: str, status: int = 0) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", *map(str, sources), "--out", str(out),
         "--published", DEMO_PUBLISHED, "--quiet", *options],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == status, result.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Posts over several batches and files, one of them posted again in a later file."""
    folder = tmp_path_factory.mktemp("corpus")
    posts = [asdict(raw) | {"published": str(raw.published)} for raw in make_corpus(700_000)]
    assert len(posts) > 2 * pipeline.BATCH_ARTICLES
    half = len(posts) // 2
    first, second = folder / "a.jsonl", folder / "b.jsonl"
    first.write_text("".join(json.dumps(post) + "\n" for post in posts[:half]))
    second.write_text("".join(json.dumps(post) + "\n" for post in [*posts[half:], posts[3]]))
    return [first, second, DEMO_CORPUS]


@pytest.fixture(scope="module")
def one_core(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one-core")
    build(corpus, out, "--jobs", "1")
    return out


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real Dask cluster of two workers, shared by the module's tests (it takes seconds to
    start). Workers as threads of this process: worker processes spawned from inside pytest
    failed to start when the whole suite ran (the build, a separate process, reaches them by
    TCP, and they write its part files as a remote worker would)."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def on_dask(corpus: list[Path], scheduler: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built on the cluster, a partition per input file: the post seen again in
    b.jsonl is a duplicate of one another worker wrote."""
    out = tmp_path_factory.mktemp("dask")
    build(corpus, out, "--scheduler", scheduler, "--partition-mb", "0.1")
    return out


def assert_same_build(built: Path, reference: Path) -> None:
    (articles, events), (expected_articles, expected_events) = (
        store.read_build(d) or (None, None) for d in (built, reference)
    )
    # first_seen is the time of each build
    assert articles.drop(["first_seen"]).equals(expected_articles.drop(["first_seen"]))
    assert events.equals(expected_events)
    csv, expected_csv = (store.events_csv_path(d).read_bytes() for d in (built, reference))
    assert csv == expected_csv
    report, expected_report = (
        json.loads(store.report_path(d).read_text()) for d in (built, reference)
    )
    for varying in ("built_at", "seconds"):
        del report[varying], expected_report[varying]
    assert report == expected_report


def test_a_post_seen_again_in_a_later_file_is_a_duplicate(one_core: Path) -> None:
    report = json.loads(store.report_path(one_core).read_text())
    duplicates = [(source["path"], item["reason"]) for source in report["sources"]
                  for item in source["skipped"] if item["reason"].startswith("duplicate of")]
    [(path, reason)] = duplicates
    assert path.endswith("b.jsonl")
    assert "a.jsonl" in reason


def test_a_process_pool_builds_what_one_core_builds(
    corpus: list[Path], one_core: Path, tmp_path: Path
) -> None:
    build(corpus, tmp_path, "--jobs", "2")
    assert_same_build(tmp_path, one_core)


def test_a_dask_cluster_builds_what_one_core_builds_as_part_files(
    corpus: list[Path], on_dask: Path, one_core: Path
) -> None:
    assert_same_build(on_dask, one_core)
    build_folder = store.current_build(on_dask)
    for name in (store.ARTICLES_FILE, store.EVENTS_FILE):
        parts = store.table_files(build_folder, name)
        assert [part.name for part in parts] == [
            f"part-{number:06d}.parquet" for number in range(len(corpus))
        ]
    # The duplicate's rows were left out of the part its worker wrote.
    [_, second, _] = (pq.read_table(part) for part in
                      store.table_files(build_folder, store.ARTICLES_FILE))
    assert second.num_rows == len(corpus[1].read_text().splitlines()) - 1


def test_the_dashboard_and_evaluate_read_a_dask_build_like_any_build(
    on_dask: Path, one_core: Path
) -> None:
    dataset, expected = load_dataset(on_dask), load_dataset(one_core)
    for field in ("event_count", "countries", "sources", "spans", "latest_post"):
        assert getattr(dataset, field) == getattr(expected, field), field
    assert summary(dataset, Selection()) == summary(expected, Selection())
    scores = [
        subprocess.run([sys.executable, "-m", "etl", "evaluate",
                        str(ROOT / "data/eval/seed_gold.jsonl"), str(out)],
                       capture_output=True, text=True, cwd=ROOT, check=True).stdout
        for out in (on_dask, one_core)
    ]
    assert "recall" in scores[0].lower()
    assert scores[0] == scores[1]


def test_a_failed_dask_build_publishes_nothing(
    corpus: list[Path], on_dask: Path, scheduler: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(corpus[2:], out, "--jobs", "1")
    previous = store.current_build(out)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("[1, 2]\n")  # a JSON array: the file cannot be read
    build([*corpus, broken], out, "--scheduler", scheduler, "--partition-mb", "0.1", status=1)
    assert store.current_build(out) == previous
    assert sorted(path.name for path in out.iterdir()) == [".lock", "builds", "current"]
    assert [path.name for path in (out / "builds").iterdir()] == [previous.name]


def test_a_scheduler_that_does_not_answer_is_an_error_that_says_what_to_do(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", str(DEMO_CORPUS), "--out", str(tmp_path),
         "--scheduler", "tcp://127.0.0.1:1"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 2
    assert "--scheduler tcp://127.0.0.1:1: no Dask scheduler answers there" in result.stderr
    assert "dask scheduler" in result.stderr
    assert not store.has_build(tmp_path)


def test_tables_written_in_batches_read_whole_and_the_csv_in_date_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "ROW_GROUP_BYTES", 1)  # a row group per batch
    monkeypatch.setattr(stream, "CSV_BUCKET_ROWS", 2)  # the 7 events in 4 buckets
    monkeypatch.setattr(stream, "KEY_SAMPLE", 1)
    events_of = {article: [event for event in EVENTS if event.article_id == article.article_id]
                 for article in ARTICLES}
    with store.BuildWriter(tmp_path) as writer:
        tables = writer.open_tables()
        for article in ARTICLES:
            tables.add(store.articles_table([article]), store.events_table(events_of[article]))
        writer.finish_tables()
        writer.write_report({})
        writer.publish()
    build = store.current_build(tmp_path)
    assert pq.ParquetFile(build / store.EVENTS_FILE).num_row_groups == len(ARTICLES)
    articles, events = store.read_build(tmp_path) or (None, None)
    assert articles == store.articles_table(ARTICLES)
    assert events == store.events_table([e for article in ARTICLES for e in events_of[article]])
    whole = store.events_long(store.to_frame(events), store.to_frame(articles))
    assert store.events_csv_path(tmp_path).read_bytes() == store.csv_bytes(whole)


def test_one_busy_day_is_split_over_buckets_of_the_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every post's "today" of a day's news falls on one day: its events are sorted in buckets
    # of CSV_BUCKET_ROWS like any others, not held in memory as one.
    monkeypatch.setattr(stream, "CSV_BUCKET_ROWS", 2)
    monkeypatch.setattr(stream, "KEY_SAMPLE", 1)
    busy_day = [replace(event, date_start=date(2025, 11, 14), date_end=date(2025, 11, 14))
                for event in EVENTS]
    bucket_sizes: list[int] = []

    def counted(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
        bucket_sizes.append(len(events))
        return store.events_long(events, articles)

    monkeypatch.setattr(stream, "events_long", counted)
    with store.BuildWriter(tmp_path) as writer:
        writer.write_tables(store.articles_table(ARTICLES), store.events_table(busy_day))
        writer.write_report({})
        writer.publish()
    assert max(bucket_sizes) == 2 and sum(bucket_sizes) == len(busy_day)
    articles, events = store.read_build(tmp_path) or (None, None)
    whole = store.events_long(store.to_frame(events), store.to_frame(articles))
    assert store.events_csv_path(tmp_path).read_bytes() == store.csv_bytes(whole)
