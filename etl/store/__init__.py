"""A build as one unit: the only code that knows how the ETL's files are laid out.

A build of DIR is written whole in a staging folder under DIR's lock, then published in one
atomic step (the `DIR/current` symlink replaced), the previous build kept until the new one is
complete; readers resolve `current` once and read every file of one build from there, so they
never see a mix. The layout is in `layout.py`, the writing in `build.py`.

A build's tables are written batch by batch (`BuildWriter.open_tables`, `stream.py`): one
Parquet file per table, a row group per batch, so a build of any size is written in bounded
memory and read like any other. A Dask build's workers write a part file each instead
(`BuildWriter.open_parts`), and every reader reads a table's files through `table_files`.
Each build also holds the dashboard's query database (`query_db.py`), written from its
finished tables before it is published. An incremental update is a new build staged from the
current one plus the new input, published the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from etl.schema import ARTICLE_SCHEMA, EVENT_SCHEMA
from etl.store.build import BuildBusy, BuildWriter
from etl.store.faults import PAUSE_AT_ENV
from etl.store.layout import (
    ARTICLES_FILE,
    BUILD_FILES,
    EVENTS_CSV_FILE,
    EVENTS_FILE,
    QUERY_DB_FILE,
    REPORT_FILE,
    StoreError,
    check_out_dir,
    current_build,
    has_build,
    table_files,
)
from etl.store.query_db import is_current as query_db_is_current
from etl.store.query_db import write_query_db
from etl.store.stream import TableWriter, drop_part_rows
from etl.store.tables import (
    articles_table,
    csv_bytes,
    events_long,
    events_table,
    read_parquet,
    read_table,
    to_frame,
)

__all__ = [
    "ARTICLES_FILE",
    "BUILD_FILES",
    "EVENTS_CSV_FILE",
    "EVENTS_FILE",
    "PAUSE_AT_ENV",
    "QUERY_DB_FILE",
    "REPORT_FILE",
    "BuildBusy",
    "BuildWriter",
    "StoreError",
    "TableWriter",
    "articles_table",
    "check_out_dir",
    "csv_bytes",
    "current_build",
    "drop_part_rows",
    "events_csv_path",
    "events_long",
    "events_table",
    "has_build",
    "query_db_is_current",
    "read_articles",
    "read_build",
    "read_events",
    "read_json_object",
    "report_path",
    "table_files",
    "to_frame",
    "write_build",
    "write_query_db",
    "write_text",
]


def read_articles(data_dir: Path) -> pd.DataFrame:
    """The current build's articles; dates as datetime.date objects, countries as lists. To
    read articles and events of one build, pass both calls `current_build(DIR)`."""
    return read_parquet(table_files(current_build(data_dir), ARTICLES_FILE), ARTICLE_SCHEMA)


def read_events(data_dir: Path) -> pd.DataFrame:
    return read_parquet(table_files(current_build(data_dir), EVENTS_FILE), EVENT_SCHEMA)


def events_csv_path(data_dir: Path) -> Path:
    return current_build(data_dir) / EVENTS_CSV_FILE


def report_path(data_dir: Path) -> Path:
    return current_build(data_dir) / REPORT_FILE


def read_build(data_dir: Path) -> tuple[pa.Table, pa.Table] | None:
    """The current build's articles and events as Arrow tables in the declared schemas, both
    from one build; None when DIR has none yet."""
    if not has_build(data_dir):
        return None
    build = current_build(data_dir)
    return (
        read_table(table_files(build, ARTICLES_FILE), ARTICLE_SCHEMA),
        read_table(table_files(build, EVENTS_FILE), EVENT_SCHEMA),
    )


def write_build(
    data_dir: Path, articles: pa.Table, events: pa.Table, report: dict[str, Any]
) -> Path:
    """A whole build of DIR, staged and published under its lock (see BuildWriter); returns
    the published build's folder."""
    with BuildWriter(data_dir) as build:
        build.write_tables(articles, events)
        build.write_report(report)
        return build.publish()


def read_json_object(path: Path) -> dict[str, Any]:
    """A JSON object written beside the data (a run report, the accuracy figures); empty when
    the file is missing, unreadable or not an object."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


# A temporary file of write_text older than this was left by a process killed while writing.
_STALE_TEMPORARY_SECONDS = 3600


def write_text(text: str, path: Path) -> None:
    """A file beside the builds (the fetch state), replaced whole: a temporary file renamed
    over it, with the user's umask. Temporary files a killed writer left are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for left in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):  # gone already, or not ours to remove
            if time.time() - left.stat().st_mtime > _STALE_TEMPORARY_SECONDS:
                left.unlink()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.write_text(text, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
