"""A build's tables in DuckDB: the Parquet files the ETL wrote, read once into typed tables
that every query of views/query.py runs on.

    articles          one row per article, with `publisher` and `added_on` (the UTC day the
                      atlas first read it)
    events            one row per event, with its article's publisher and added_on (so a
                      filter needs no join) and `search_text`, sentence and title folded
    event_countries   one row per event and country named (the event's `rowid` in events,
                      and the columns filters read), sorted by country: a country filter
                      reads that country's rows only
    country_names     code, name; type_labels: event_type, label (for the downloads)

Codes, types, statuses and precisions are ENUMs and publishers dictionary-encoded, so a
million events fit in a small database file. The file is a temporary one, not memory: DuckDB
keeps at most MEMORY_LIMIT of it in memory and reads the rest from disk, compressed, so the
dashboard's memory does not grow with the data.

A DuckDB connection is not for two threads at once, and Streamlit runs each session in its
own: use `BuildDatabase.cursor()` (a connection of its own to the same database) per query.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path

import duckdb

from etl import store
from etl.countrycodes import country_name
from etl.extract.status import STATUSES
from etl.schema import EVENT_TYPES, PRECISIONS

# Enough for the sorts and joins of the load and any query; the tables stay on disk beyond it.
MEMORY_LIMIT = "512MB"
# Posts whose input named no publisher, selectable like any publisher.
NO_PUBLISHER = "(no publisher)"


def _enum(values: list[str] | tuple[str, ...]) -> str:
    return "ENUM (" + ", ".join(_literal(value) for value in values) + ")"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _files(paths: list[Path]) -> str:
    return "[" + ", ".join(_literal(str(path)) for path in paths) + "]"


class BuildDatabase:
    """The tables of one build in a temporary DuckDB file, removed with this object."""

    def __init__(self, build: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rights-atlas-"))
        self._connection = duckdb.connect(
            str(self.folder / "build.duckdb"),
            config={"memory_limit": MEMORY_LIMIT, "preserve_insertion_order": False},
        )
        weakref.finalize(self, _remove, self._connection, self.folder)
        _load(self._connection, build)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._connection.cursor()


def _remove(connection: duckdb.DuckDBPyConnection, folder: Path) -> None:
    connection.close()
    shutil.rmtree(folder, ignore_errors=True)


def _load(connection: duckdb.DuckDBPyConnection, build: Path) -> None:
    articles = _files(store.table_files(build, store.ARTICLES_FILE))
    events = _files(store.table_files(build, store.EVENTS_FILE))
    codes = connection.execute(
        f"SELECT DISTINCT unnest(countries) FROM read_parquet({events}) UNION "
        f"SELECT DISTINCT unnest(countries) FROM read_parquet({articles})"
    ).fetchall()
    codes = sorted(code for (code,) in codes if code)
    statuses = list(dict.fromkeys([*STATUSES, *_distinct(connection, events, "status")]))
    connection.execute(f"CREATE TYPE country_code AS {_enum(codes or [''])}")
    connection.execute(f"CREATE TYPE event_type AS {_enum(list(EVENT_TYPES))}")
    connection.execute(f"CREATE TYPE status AS {_enum(statuses)}")
    connection.execute(f"CREATE TYPE date_precision AS {_enum(PRECISIONS)}")
    connection.execute(f"""
        CREATE TABLE articles AS
        SELECT article_id, title, url, source, published, published_is_inferred,
               countries::country_code[] AS countries, text,
               coalesce(nullif(trim(source), ''), {_literal(NO_PUBLISHER)}) AS publisher,
               CAST(timezone('UTC', first_seen) AS DATE) AS added_on
        FROM read_parquet({articles})""")
    connection.execute(f"""
        CREATE TABLE events AS
        SELECT e.event_id, e.article_id, e.sentence, e.date_text, e.date_start, e.date_end,
               e.date_precision::date_precision AS date_precision,
               e.countries::country_code[] AS countries,
               e.event_type::event_type AS event_type, e.type_words,
               e.status::status AS status, e.focal, a.publisher, a.added_on,
               -- Case and accents folded once, for the keyword search.
               strip_accents(lower(e.sentence || chr(10) || coalesce(a.title, '')))
                   AS search_text
        FROM read_parquet({events}) e LEFT JOIN articles a USING (article_id)""")
    connection.execute("""
        CREATE TABLE event_countries AS
        SELECT event_row, country, date_start, date_end, date_precision, event_type, status,
               focal, publisher, added_on
        FROM (SELECT rowid AS event_row, unnest(countries) AS country, * EXCLUDE (countries)
              FROM events)
        ORDER BY country""")
    connection.execute("CREATE TABLE country_names (code country_code, name VARCHAR)")
    connection.executemany("INSERT INTO country_names VALUES (?, ?)",
                           [(code, country_name(code)) for code in codes])
    connection.execute("CREATE TABLE type_labels (event_type event_type, label VARCHAR)")
    connection.executemany("INSERT INTO type_labels VALUES (?, ?)", list(EVENT_TYPES.items()))
    connection.execute("CHECKPOINT")


def _distinct(connection: duckdb.DuckDBPyConnection, files: str, column: str) -> list[str]:
    return [value for (value,) in connection.execute(
        f"SELECT DISTINCT {column} FROM read_parquet({files}) ORDER BY 1").fetchall()]
