"""The tables as Arrow, Parquet, pandas and CSV: conversions only, no knowledge of where a
build's files live (that is etl/store/layout.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl.countrycodes import country_name
from etl.schema import ARTICLE_SCHEMA, EVENT_CSV_COLUMNS, EVENT_SCHEMA, Article, Event

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _table(records: Sequence[Article] | Sequence[Event], schema: pa.Schema) -> pa.Table:
    # Column by column with getattr: dataclasses.asdict deep-copies every value, which made
    # this the slowest step of a build.
    columns = {name: [getattr(record, name) for record in records] for name in schema.names}
    return pa.table(columns, schema=schema)


def articles_table(articles: Sequence[Article]) -> pa.Table:
    return _table(articles, ARTICLE_SCHEMA)


def events_table(events: Sequence[Event]) -> pa.Table:
    return _table(events, EVENT_SCHEMA)


def read_parquet(files: Sequence[Path], schema: pa.Schema) -> pd.DataFrame:
    return to_frame(read_table(files, schema))


def read_table(files: Sequence[Path], schema: pa.Schema) -> pa.Table:
    """A table's Parquet files (one, or a partitioned build's parts in order) as one table in
    the declared schema; a file from an older version that lacks a column is refused with what
    to do."""
    tables = []
    for path in files:
        table = pq.read_table(path)
        missing = [name for name in schema.names if name not in table.column_names]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; rebuild it with "
                             "`python -m etl build`")
        tables.append(table.select(schema.names).cast(schema))
    return pa.concat_tables(tables) if tables else schema.empty_table()


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A table as the frame every reader gets: dates as datetime.date, countries as lists."""
    frame = table.to_pandas()
    frame["countries"] = frame["countries"].map(lambda codes: [] if codes is None else list(codes))
    return frame


def events_long(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per event and country (events with no country keep one row with an empty one),
    joined to the article each came from, in the columns of EVENT_CSV_COLUMNS."""
    if events.empty:
        return pd.DataFrame(columns=list(EVENT_CSV_COLUMNS))
    long = events.explode("countries").rename(columns={"countries": "country"})
    long["country"] = long["country"].fillna("")
    long["country_name"] = long["country"].map(lambda code: country_name(code) if code else "")
    meta = articles[["article_id", "title", "source", "url"]].rename(
        columns={"title": "article_title"}
    )
    long = long.merge(meta, on="article_id", how="left")
    long = long.sort_values(["date_start", "event_id", "country"], kind="stable")
    return long[list(EVENT_CSV_COLUMNS)].reset_index(drop=True)


def _neutralize(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame, *, header: bool = True) -> bytes:
    """CSV that opens cleanly in Excel and LibreOffice (UTF-8 with BOM, CRLF) and never runs a
    cell as a formula: text cells that start like one get a leading apostrophe. Without
    `header`, rows to append to such a CSV: no BOM, no header line."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralize)
    text = safe.to_csv(index=False, header=header, lineterminator="\r\n")
    return text.encode("utf-8-sig" if header else "utf-8")
