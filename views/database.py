"""A build's query database, opened read-only: the tables every query of views/query.py runs
on (their definitions: etl/store/query_db.py).

A build holds its own `query.duckdb`, written by the ETL with the rest of the build, so the
dashboard opens it and loads nothing. A build made before the ETL wrote one, or wrote one of
this layout, is still served: the same function writes its database into a temporary folder
first, removed with this object.
DuckDB keeps at most MEMORY_LIMIT of the file in memory and reads the rest from disk,
compressed, so the dashboard's memory does not grow with the data.

A DuckDB connection is not for two threads at once, and Streamlit runs each session in its
own: use `BuildDatabase.cursor()` (a connection of its own to the same database) per query,
and `BuildDatabase.export_connection()` for a download, whose sort of every row it holds runs
in a database of its own with less memory, spilling to disk beyond it.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl.store import QUERY_DB_FILE, query_db_is_current, write_query_db
from etl.store.query_db import sql_literal
from views.scratch import process_folder

# Enough for any query's sorts and joins; the tables stay on disk beyond it.
MEMORY_LIMIT = "512MB"
# A download of a million events sorts ~1 GB of rows: this much in memory, the rest on disk.
EXPORT_MEMORY_LIMIT = "160MB"


class BuildDatabase:
    """The query database of the build in folder `build`, read-only."""

    def __init__(self, build: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rights-atlas-"))
        self.path = build / QUERY_DB_FILE
        connection = _open(self.path)
        if connection is None or not query_db_is_current(connection):
            # A build made before the ETL wrote this layout of its query database.
            if connection is not None:
                connection.close()
            self.path = self.folder / QUERY_DB_FILE
            write_query_db(build, self.path)
            connection = _open(self.path)
        assert connection is not None, self.path  # just written
        self._connection = connection
        weakref.finalize(self, _remove, self._connection, self.folder)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._connection.cursor()

    @contextmanager
    def export_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A database of its own, with EXPORT_MEMORY_LIMIT, that reads this one's tables: a
        download's memory is bounded whatever the number of rows, and leaves with it."""
        connection = duckdb.connect(config={
            "memory_limit": EXPORT_MEMORY_LIMIT, "temp_directory": str(_spill_folder()),
            # Each thread sorts in buffers of its own; the rows' order is the ORDER BY's.
            "threads": 1, "preserve_insertion_order": False,
        })
        try:
            connection.execute(f"ATTACH {sql_literal(str(self.path))} AS build (READ_ONLY)")
            connection.execute("USE build")
            yield connection
        finally:
            connection.close()


def _open(path: Path) -> duckdb.DuckDBPyConnection | None:
    """`path` opened read-only; None when it is missing or DuckDB cannot read it. Every
    connection to the file has these settings: DuckDB shares a database between connections
    only when their settings are equal."""
    if not path.is_file():
        return None
    try:
        return duckdb.connect(str(path), read_only=True, config={
            "memory_limit": MEMORY_LIMIT,
            # A scan returns a table's rows in their stored order (DuckDB's default, relied
            # on): a page of events in the order shown is read without a sort.
            "preserve_insertion_order": True,
            # Never beside the database: the build's folder may be read-only.
            "temp_directory": str(_spill_folder()),
        })
    except duckdb.Error:
        return None


def _spill_folder() -> Path:
    """Where DuckDB may spill a large sort: one folder for the process, since DuckDB shares
    one database between the connections to a file only when their settings are equal."""
    return process_folder("spill")


def _remove(connection: duckdb.DuckDBPyConnection, folder: Path) -> None:
    connection.close()
    shutil.rmtree(folder, ignore_errors=True)
