"""A build as one unit: the only code that knows how the ETL's files are laid out.

A build of DIR is written whole in a staging folder under DIR's lock, then published in one
atomic step (the `DIR/current` symlink replaced), the previous build kept until the new one is
complete; readers resolve `current` once and read every file of one build from there, so they
never see a mix. The layout is in `layout.py`, the writing in `build.py`.

Room to grow without changing that concept: events written as several Parquet parts
(`builds/<id>/events/part-*.parquet`) need only the writer and `read_events` to change, and an
incremental update is a new build staged from the current one plus the new input, published the
same way.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.schema import ARTICLE_SCHEMA, EVENT_SCHEMA
from etl.store.build import PAUSE_AT_ENV, BuildBusy, BuildWriter
from etl.store.layout import (
    ARTICLES_FILE,
    BUILD_FILES,
    EVENTS_CSV_FILE,
    EVENTS_FILE,
    REPORT_FILE,
    StoreError,
    check_out_dir,
    current_build,
    has_build,
)
from etl.store.tables import (
    articles_table,
    csv_bytes,
    events_long,
    events_table,
    read_parquet,
    to_frame,
)

__all__ = [
    "ARTICLES_FILE",
    "BUILD_FILES",
    "EVENTS_CSV_FILE",
    "EVENTS_FILE",
    "PAUSE_AT_ENV",
    "REPORT_FILE",
    "BuildBusy",
    "BuildWriter",
    "StoreError",
    "articles_table",
    "check_out_dir",
    "csv_bytes",
    "current_build",
    "events_csv_path",
    "events_long",
    "events_table",
    "has_build",
    "read_articles",
    "read_events",
    "report_path",
    "to_frame",
]


def read_articles(data_dir: Path) -> pd.DataFrame:
    """The current build's articles; dates as datetime.date objects, countries as lists. To
    read articles and events of one build, pass both calls `current_build(DIR)`."""
    return read_parquet(current_build(data_dir) / ARTICLES_FILE, ARTICLE_SCHEMA)


def read_events(data_dir: Path) -> pd.DataFrame:
    return read_parquet(current_build(data_dir) / EVENTS_FILE, EVENT_SCHEMA)


def events_csv_path(data_dir: Path) -> Path:
    return current_build(data_dir) / EVENTS_CSV_FILE


def report_path(data_dir: Path) -> Path:
    return current_build(data_dir) / REPORT_FILE
