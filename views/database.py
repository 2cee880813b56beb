"""A build's query database, opened read-only: the tables every query of views/query.py runs
on (their definitions: etl/store/query_db.py).

A build holds its own `query.duckdb`, written by the ETL with the rest of the build, so the
dashboard opens it and loads nothing. A build made before the ETL wrote one is still served:
the same function writes its database into a temporary folder first, removed with this object.
DuckDB keeps at most MEMORY_LIMIT of the file in memory and reads the rest from disk,
compressed, so the dashboard's memory does not grow with the data.

A DuckDB connection is not for two threads at once, and Streamlit runs each session in its
own: use `BuildDatabase.cursor()` (a connection of its own to the same database) per query.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
import weakref
from pathlib import Path

import duckdb

from etl.store import QUERY_DB_FILE, write_query_db

# Enough for any query's sorts and joins; the tables stay on disk beyond it.
MEMORY_LIMIT = "512MB"


class BuildDatabase:
    """The query database of the build in folder `build`, read-only."""

    def __init__(self, build: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rights-atlas-"))
        path = build / QUERY_DB_FILE
        if not path.is_file():  # a build made before the ETL wrote its query database
            path = self.folder / QUERY_DB_FILE
            write_query_db(build, path)
        self.path = path
        self._connection = duckdb.connect(str(path), read_only=True, config={
            "memory_limit": MEMORY_LIMIT,
            # Never beside the database: the build's folder may be read-only.
            "temp_directory": str(_spill_folder()),
        })
        weakref.finalize(self, _remove, self._connection, self.folder)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._connection.cursor()


@functools.cache
def _spill_folder() -> Path:
    """Where DuckDB may spill a large sort: one folder for the process, since DuckDB shares
    one database between the connections to a file only when their settings are equal."""
    folder = Path(tempfile.mkdtemp(prefix="rights-atlas-spill-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _remove(connection: duckdb.DuckDBPyConnection, folder: Path) -> None:
    connection.close()
    shutil.rmtree(folder, ignore_errors=True)
