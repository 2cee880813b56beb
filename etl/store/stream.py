"""A build's tables written batch by batch: memory holds a row group, never a whole table.

Articles and events are appended to one Parquet file each, a row group every ROW_GROUP_BYTES
(the layout readers already know: `articles.parquet`, `events.parquet`). The events CSV is
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
from etl.store.layout import ARTICLES_FILE, EVENTS_CSV_FILE, EVENTS_FILE
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
    """`add` each batch's articles and events, in order; `finish` closes the Parquet files and
    writes the events CSV. `close` alone (a failed run) leaves the files unfinished, for the
    BuildWriter to discard with its staging folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.articles = _ParquetAppender(folder / ARTICLES_FILE, ARTICLE_SCHEMA)
        self.events = _ParquetAppender(folder / EVENTS_FILE, EVENT_SCHEMA)

    def add(self, articles: pa.Table, events: pa.Table) -> None:
        self.articles.add(articles)
        self.events.add(events)

    def finish(self) -> None:
        self.articles.close()
        pause_point("articles-staged")
        self.events.close()
        write_events_csv(self.folder / EVENTS_FILE, self.folder / ARTICLES_FILE,
                         self.folder / EVENTS_CSV_FILE)

    def close(self) -> None:
        self.articles.writer.close()
        self.events.writer.close()


def write_events_csv(events_path: Path, articles_path: Path, csv_path: Path) -> None:
    """The events CSV (store.events_long, store.csv_bytes) of two written tables, in date
    order, holding one bucket of CSV_BUCKET_ROWS events (and the articles' titles, publishers
    and URLs) in memory at a time."""
    articles = pq.read_table(articles_path, columns=["article_id", "title", "source", "url"])
    meta = articles.to_pandas()
    bounds = _bucket_bounds(events_path)
    with tempfile.TemporaryDirectory(prefix=".csv-buckets-", dir=csv_path.parent) as spill:
        paths = [Path(spill, f"{number}.arrow") for number in range(len(bounds) + 1)]
        writers = [pa.ipc.new_file(path, EVENT_SCHEMA) for path in paths]
        for batch in pq.ParquetFile(events_path).iter_batches(batch_size=65_536):
            table = pa.Table.from_batches([batch], EVENT_SCHEMA)
            bucket = np.searchsorted(bounds, _days(table["date_start"]), side="right")
            for number in np.unique(bucket):
                writers[number].write_table(table.filter(pa.array(bucket == number)))
        for writer in writers:
            writer.close()
        with csv_path.open("wb") as out:
            for number, path in enumerate(paths):
                with pa.memory_map(str(path)) as source:
                    events = pa.ipc.open_file(source).read_all()
                rows = events_long(to_frame(events), meta)
                out.write(csv_bytes(rows, header=number == 0))


def _bucket_bounds(events_path: Path) -> np.ndarray:
    """Bucket i holds the dates in [bounds[i-1], bounds[i]): a date is never split over two."""
    starts = np.sort(_days(pq.read_table(events_path, columns=["date_start"])["date_start"]))
    return np.unique(starts[CSV_BUCKET_ROWS::CSV_BUCKET_ROWS])


def _days(column: pa.ChunkedArray) -> np.ndarray:
    return column.cast(pa.int32()).to_numpy()
