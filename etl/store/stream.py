"""A build's tables written batch by batch: memory holds a row group, never a whole table.

Articles and events are appended to one Parquet file each, a row group every ROW_GROUP_BYTES
(`articles.parquet`, `events.parquet`), or on a Dask cluster to one part file each per
partition of the input, which its worker writes. The events CSV is
sorted by date, so it is made at the end from the written events in date buckets: one pass
spills each row group's rows to the bucket of their date (Arrow files in the staging folder),
then each bucket, small enough to sort in memory, is sorted and appended to the CSV.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

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
            for batch in pq.ParquetFile(path).iter_batches(batch_size=65_536):
                keep = [offset + row not in rows for row in range(batch.num_rows)]
                writer.write_table(pa.Table.from_batches([batch], schema).filter(pa.array(keep)))
                offset += batch.num_rows
        kept.replace(path)


def write_events_csv(folder: Path) -> None:
    """The events CSV (store.events_long, store.csv_bytes) of the tables written in `folder`
    (files or parts), in date order, holding one bucket of CSV_BUCKET_ROWS events (and the
    articles' titles, publishers and URLs) in memory at a time."""
    event_files = table_files(folder, EVENTS_FILE)
    meta = pa.concat_tables(
        [pq.read_table(path, columns=["article_id", "title", "source", "url"])
         for path in table_files(folder, ARTICLES_FILE)]
    ).to_pandas()
    bounds = _bucket_bounds(event_files)
    with tempfile.TemporaryDirectory(prefix=".csv-buckets-", dir=folder) as spill:
        paths = [Path(spill, f"{number}.arrow") for number in range(len(bounds) + 1)]
        writers = [pa.ipc.new_file(path, EVENT_SCHEMA) for path in paths]
        for path in event_files:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=65_536):
                table = pa.Table.from_batches([batch], EVENT_SCHEMA)
                bucket = np.searchsorted(bounds, _days(table["date_start"]), side="right")
                for number in np.unique(bucket):
                    writers[number].write_table(table.filter(pa.array(bucket == number)))
        for writer in writers:
            writer.close()
        with (folder / EVENTS_CSV_FILE).open("wb") as out:
            for number, path in enumerate(paths):
                with pa.memory_map(str(path)) as source:
                    events = pa.ipc.open_file(source).read_all()
                rows = events_long(to_frame(events), meta)
                out.write(csv_bytes(rows, header=number == 0))


def _bucket_bounds(event_files: list[Path]) -> np.ndarray:
    """Bucket i holds the dates in [bounds[i-1], bounds[i]): a date is never split over two."""
    starts = np.sort(np.concatenate(
        [_days(pq.read_table(path, columns=["date_start"])["date_start"]) for path in event_files]
    ))
    return np.unique(starts[CSV_BUCKET_ROWS::CSV_BUCKET_ROWS])


def _days(column: pa.ChunkedArray) -> np.ndarray:
    return column.cast(pa.int32()).to_numpy()
