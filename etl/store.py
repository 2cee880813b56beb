"""Write and read the tables the ETL produces.

Writes go to a temporary file in the target folder and are renamed into place, so a reader (the
dashboard, another tool) never sees a half-written file, and a failed run leaves the last good
output untouched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl.countrycodes import country_name
from etl.schema import (
    ARTICLE_SCHEMA,
    EVENT_CSV_COLUMNS,
    EVENT_SCHEMA,
    Article,
    Event,
)

ARTICLES_FILE = "articles.parquet"
EVENTS_FILE = "events.parquet"
EVENTS_CSV_FILE = "events.csv"
REPORT_FILE = "report.json"

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _atomic_write(path: Path, write: Any) -> None:
    """Call write(tmp_path), then rename the temporary file over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _table(records: Sequence[Article] | Sequence[Event], schema: pa.Schema) -> pa.Table:
    # Column by column with getattr: dataclasses.asdict deep-copies every value, which made
    # this the slowest step of a build.
    columns = {name: [getattr(record, name) for record in records] for name in schema.names}
    return pa.table(columns, schema=schema)


def articles_table(articles: Sequence[Article]) -> pa.Table:
    return _table(articles, ARTICLE_SCHEMA)


def events_table(events: Sequence[Event]) -> pa.Table:
    return _table(events, EVENT_SCHEMA)


def write_parquet(table: pa.Table, path: Path) -> None:
    _atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def write_text(text: str, path: Path) -> None:
    _atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes(data: bytes, path: Path) -> None:
    _atomic_write(path, lambda tmp: tmp.write_bytes(data))


def write_report(report: dict[str, Any], path: Path) -> None:
    write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", path)


def read_articles(data_dir: Path) -> pd.DataFrame:
    """articles.parquet as a frame; dates as datetime.date objects, countries as lists."""
    return _read(data_dir / ARTICLES_FILE, ARTICLE_SCHEMA)


def read_events(data_dir: Path) -> pd.DataFrame:
    return _read(data_dir / EVENTS_FILE, EVENT_SCHEMA)


def read_build(data_dir: Path) -> tuple[pa.Table, pa.Table] | None:
    """The articles and events tables of the build in `data_dir`, in the declared schemas;
    None when there is none yet."""
    if not (data_dir / ARTICLES_FILE).exists():
        return None
    return (
        _read_table(data_dir / ARTICLES_FILE, ARTICLE_SCHEMA),
        _read_table(data_dir / EVENTS_FILE, EVENT_SCHEMA),
    )


def _read(path: Path, schema: pa.Schema) -> pd.DataFrame:
    return to_frame(_read_table(path, schema))


def _read_table(path: Path, schema: pa.Schema) -> pa.Table:
    table = pq.read_table(path)
    missing = [name for name in schema.names if name not in table.column_names]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(missing)}; rebuild it with `python -m etl build`"
        )
    return table.select(schema.names).cast(schema)


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
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that opens cleanly in Excel and LibreOffice (UTF-8 with BOM, CRLF) and never runs a
    cell as a formula: text cells that start like one get a leading apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralize)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def write_events_csv(events: pd.DataFrame, articles: pd.DataFrame, path: Path) -> None:
    write_bytes(csv_bytes(events_long(events, articles)), path)


def write_build(out: Path, articles: pa.Table, events: pa.Table, report: dict[str, Any]) -> None:
    """A whole build into `out`: both tables, the events CSV and the run report. The one write
    of `build` and `update` alike."""
    write_parquet(articles, out / ARTICLES_FILE)
    write_parquet(events, out / EVENTS_FILE)
    # From the tables in memory: reading back what was just written would do the work twice.
    write_events_csv(to_frame(events), to_frame(articles), out / EVENTS_CSV_FILE)
    write_report(report, out / REPORT_FILE)
