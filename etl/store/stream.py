"""A build's tables written batch by batch: memory holds a row group, never a whole table.

Articles and events are appended to one Parquet file each, a row group every ROW_GROUP_BYTES
(`articles.parquet`, `events.parquet`), or on a Dask cluster to one part file each per
partition of the input, which its worker writes. The events CSV is
sorted by date (then event id), so it is made at the end from the written events in buckets of
that order: one pass spills each table file's rows to their bucket (Arrow files in the staging
folder), then each bucket, small enough to sort in memory, is sorted into a chunk of the CSV;
on a cluster the workers do both. A bucket ends within a day as well as between days: one busy
day (every post's "today" in a day's news) is not one bucket.
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import Executor
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl.engines import in_order
from etl.schema import ARTICLE_SCHEMA, EVENT_SCHEMA
from etl.store.faults import pause_point
from etl.store.layout import ARTICLES_FILE, EVENTS_CSV_FILE, EVENTS_FILE, part_name, table_files
from etl.store.tables import csv_bytes, events_long, to_frame

# Large enough for fast scans (DuckDB, pyarrow read a row group at a time), small enough that
# a buffered one of each table stays far below the build's memory bound.
ROW_GROUP_BYTES = 32_000_000
# Events per bucket of the CSV: one bucket is sorted and written at a time. On their way to CSV
# text as pandas rows, events take kilobytes each: the CSV of a million synthetic events peaked
# at 670 MB in buckets of 200,000, at 390 MB in buckets of 50,000, in the same time.
CSV_BUCKET_ROWS = 50_000
# The buckets' bounds are placed on one event in KEY_SAMPLE (1, 2, 4, 8 or 16): a 1.3 GB build
# (1.3 million events) took 150 MB to sort every key, and a sixteenth of that.
KEY_SAMPLE = 16
# Rows read at a time where a table file is scanned whole (the CSV's passes, dropping rows).
SCAN_BATCH_ROWS = 65_536
# What the CSV takes of each article.
_ARTICLE_META = pa.schema([ARTICLE_SCHEMA.field(name) for name in
                           ("article_id", "title", "source", "url")])


class _ParquetAppender:
    """One Parquet file written a row group at a time, from tables added in any sizes."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.writer = pq.ParquetWriter(path, schema, compression="zstd")
        self.pending: list[pa.Table] = []
        self.pending_bytes = 0

    def add(self, table: pa.Table) -> None:
        self.pending.append(table)
        self.pending_bytes += table.nbytes
        if self.pending_bytes >= ROW_GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.writer.write_table(pa.concat_tables(self.pending))
        self.pending, self.pending_bytes = [], 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


class TableWriter:
    """`add` each batch's articles and events, in order; `close` completes the Parquet files.
    A whole build's tables (`folder/articles.parquet`, ...), or with `part`, one partition's
    part files inside a partitioned build's table folders (a Dask worker writes those). A
    failed run's files are discarded with the staging folder."""

    def __init__(self, folder: Path, part: int | None = None) -> None:
        def path(name: str) -> Path:
            return folder / name if part is None else folder / name / part_name(part)

        self.articles = _ParquetAppender(path(ARTICLES_FILE), ARTICLE_SCHEMA)
        self.events = _ParquetAppender(path(EVENTS_FILE), EVENT_SCHEMA)

    def add(self, articles: pa.Table, events: pa.Table) -> None:
        self.articles.add(articles)
        self.events.add(events)

    def close(self) -> None:
        self.articles.close()
        pause_point("articles-staged")
        self.events.close()


def drop_part_rows(folder: Path, part: int, article_rows: set[int], event_rows: set[int]) -> None:
    """Leave rows out of a partition's part files (the duplicates of articles another
    partition read first), a record batch at a time."""
    for name, schema, rows in ((ARTICLES_FILE, ARTICLE_SCHEMA, article_rows),
                               (EVENTS_FILE, EVENT_SCHEMA, event_rows)):
        if not rows:
            continue
        path = folder / name / part_name(part)
        kept = path.with_suffix(".kept")
        with pq.ParquetWriter(kept, schema, compression="zstd") as writer:
            offset = 0
            for batch in pq.ParquetFile(path).iter_batches(batch_size=SCAN_BATCH_ROWS):
                keep = [offset + row not in rows for row in range(batch.num_rows)]
                writer.write_table(pa.Table.from_batches([batch], schema).filter(pa.array(keep)))
                offset += batch.num_rows
        kept.replace(path)


def write_events_csv(folder: Path, executor: Executor | None = None, in_flight: int = 1) -> None:
    """The events CSV (store.events_long, store.csv_bytes) of the tables written in `folder`
    (files or parts), in date order, sorted in date buckets of about CSV_BUCKET_ROWS events:
    each table file's events are spilled to the bucket of their date with their articles'
    titles, publishers and URLs, then each bucket is sorted into a chunk of CSV and the chunks
    are joined. Both steps are tasks, run here or on `executor` (a Dask build's workers), so
    this process holds one bucket at most, and on a cluster only copies the chunks."""
    pairs = list(zip(table_files(folder, EVENTS_FILE), table_files(folder, ARTICLES_FILE),
                     strict=True))
    bounds = _bucket_bounds([events for events, _ in pairs])
    with tempfile.TemporaryDirectory(prefix=".csv-buckets-", dir=folder) as spill_name:
        spill = Path(spill_name)
        buckets = range(len(bounds.days) + 1)
        for bucket in buckets:  # here, not in the tasks: see BuildWriter.open_parts
            (spill / str(bucket)).mkdir()
        spills = ((None, (events, articles, number)) for number, (events, articles)
                  in enumerate(pairs))
        for _ in in_order(spills, partial(_spill, spill=spill, bounds=bounds), executor,
                          in_flight):
            pass
        chunks = ((bucket, bucket) for bucket in buckets)
        with (folder / EVENTS_CSV_FILE).open("wb") as out:
            for _, chunk in in_order(chunks, partial(_csv_chunk, spill=spill), executor,
                                     in_flight):
                with chunk.open("rb") as text:
                    shutil.copyfileobj(text, out)
                chunk.unlink()


def _spill(files: tuple[Path, Path, int], spill: Path, bounds: _Bounds) -> None:
    """One task: the events of one table file, each to the folder of its date's bucket, and
    beside them the titles, publishers and URLs of their articles (in the file of the same
    number: a part's events are its own articles')."""
    events_path, articles_path, number = files
    articles = pq.read_table(articles_path, columns=_ARTICLE_META.names)
    writers: dict[int, pa.ipc.RecordBatchFileWriter] = {}
    ids: dict[int, list[pa.ChunkedArray]] = {}
    for batch in pq.ParquetFile(events_path).iter_batches(batch_size=SCAN_BATCH_ROWS):
        table = pa.Table.from_batches([batch], EVENT_SCHEMA)
        bucket_of = _bucket_of(table, bounds)
        for bucket in np.unique(bucket_of).tolist():
            rows = table.filter(pa.array(bucket_of == bucket))
            if bucket not in writers:
                writers[bucket] = pa.ipc.new_file(spill / str(bucket) / f"{number}.events",
                                                  EVENT_SCHEMA)
            writers[bucket].write_table(rows)
            ids.setdefault(bucket, []).append(rows["article_id"])
    for bucket, writer in writers.items():
        writer.close()
        wanted = pa.chunked_array([chunk for column in ids[bucket] for chunk in column.chunks],
                                  pa.string())
        meta = articles.filter(pc.is_in(articles["article_id"], wanted.unique()))
        with pa.ipc.new_file(spill / str(bucket) / f"{number}.articles", meta.schema) as out:
            out.write_table(meta)


def _csv_chunk(bucket: int, spill: Path) -> Path:
    """One task: a bucket's events sorted into CSV rows (the header with the first bucket's),
    written beside the bucket; returns the file."""
    folder = spill / str(bucket)
    events = _read_arrow(sorted(folder.glob("*.events")), EVENT_SCHEMA)
    meta = _read_arrow(sorted(folder.glob("*.articles")), _ARTICLE_META)
    rows = events_long(to_frame(events), meta.to_pandas())
    chunk = spill / f"{bucket}.csv"
    chunk.write_bytes(csv_bytes(rows, header=bucket == 0))
    shutil.rmtree(folder)
    return chunk


def _read_arrow(paths: list[Path], schema: pa.Schema) -> pa.Table:
    tables = []
    for path in paths:
        with pa.memory_map(str(path)) as source:
            tables.append(pa.ipc.open_file(source).read_all())
    return pa.concat_tables(tables) if tables else schema.empty_table()


_KEYS = pa.schema([EVENT_SCHEMA.field("date_start"), EVENT_SCHEMA.field("event_id")])


class _Bounds(NamedTuple):
    """Where buckets start, in the CSV's order: the first (date_start, event_id) of each
    bucket but the first."""

    days: np.ndarray
    ids: np.ndarray


def _bucket_bounds(event_files: list[Path]) -> _Bounds:
    """Bucket i holds the events whose (date_start, event_id) is in [bounds[i-1], bounds[i]):
    about CSV_BUCKET_ROWS each, whatever the number of events on one day. The bounds are
    placed on one key in KEY_SAMPLE, so that memory does not grow with the number of events as
    it would holding every key: those of the events whose id (a hash) ends in some hex digits,
    a sample whatever the order of the input (every 16th row would follow a corpus that
    repeats itself)."""
    endings = pa.array(list("0123456789abcdef"[: 16 // KEY_SAMPLE]))
    keys = pa.Table.from_batches([
        batch.filter(pc.is_in(pc.utf8_slice_codeunits(batch["event_id"], -1), value_set=endings))
        for path in event_files
        for batch in pq.ParquetFile(path).iter_batches(batch_size=SCAN_BATCH_ROWS,
                                                       columns=list(_KEYS.names))
    ], _KEYS)
    order = pc.sort_indices(keys, sort_keys=[("date_start", "ascending"),
                                             ("event_id", "ascending")])
    step = max(1, CSV_BUCKET_ROWS // KEY_SAMPLE)
    firsts = keys.take(order[step::step])
    return _Bounds(_days(firsts["date_start"]),
                   firsts["event_id"].to_numpy(zero_copy_only=False))


def _bucket_of(events: pa.Table, bounds: _Bounds) -> np.ndarray:
    """The bucket of each event: the number of bounds at or before its (date_start,
    event_id)."""
    days = _days(events["date_start"])
    buckets = np.searchsorted(bounds.days, days, side="left")  # bounds on earlier days
    # Bounds on an event's own day count when their id is not after the event's.
    on_day = np.searchsorted(bounds.days, days, side="right") > buckets
    if on_day.any():
        ids = events["event_id"].to_numpy(zero_copy_only=False)
        for day in np.unique(days[on_day]).tolist():
            first, last = np.searchsorted(bounds.days, [day, day + 1])
            rows = days == day
            buckets[rows] += np.searchsorted(bounds.ids[first:last], ids[rows], side="right")
    return buckets


def _days(column: pa.ChunkedArray) -> np.ndarray:
    return column.cast(pa.int32()).to_numpy()
