"""Where a build's files live inside DIR, and which build is the current one.

    DIR/
      current -> builds/<build-id>      the published build: one symlink, replaced atomically
      builds/<build-id>/                one complete build each
        articles.parquet                a row group per ~32 MB written (store/stream.py); from
        events.parquet                  a Dask build, folders of part files instead, one per
                                        partition of the input: part-000000.parquet, ... in
                                        input order (read them with `table_files`)
        events.csv
        query.duckdb                    the tables the dashboard queries (store/query_db.py),
                                        opened read-only; a build made before it existed has
                                        none, and the dashboard loads one for itself
        report.json
      .staging-<build-id>/              a build being written (removed if the run fails)
      .current-<build-id>               a new pointer, the instant before it replaces `current`
      .lock                             held by the build writing into DIR

A folder holding the tables, CSV and report directly (the layout before builds/) is still
read as one build, so data built by an older version keeps working until it is rebuilt.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

ARTICLES_FILE = "articles.parquet"
EVENTS_FILE = "events.parquet"
EVENTS_CSV_FILE = "events.csv"
REPORT_FILE = "report.json"
QUERY_DB_FILE = "query.duckdb"
BUILD_FILES = (ARTICLES_FILE, EVENTS_FILE, EVENTS_CSV_FILE, QUERY_DB_FILE, REPORT_FILE)

CURRENT = "current"
BUILDS = "builds"
LOCK = ".lock"
STAGING_PREFIX = ".staging-"
POINTER_PREFIX = ".current-"  # a new `current` symlink before it replaces the old one

# Folders a build must never be written into (or under): the system's own.
_SYSTEM_TREES = tuple(
    Path(p) for p in ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
                      "/proc", "/run", "/sbin", "/sys", "/usr")
)  # fmt: skip
# Folders that are fine to build under but not to fill with builds/ and current themselves.
_SYSTEM_FOLDERS = tuple(
    Path(p) for p in ("/", "/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var")
)


class StoreError(Exception):
    """DIR cannot hold a build, or holds none. The message names DIR and what to do."""


def part_name(index: int) -> str:
    """The file of partition `index` in a table's folder: zero-padded, so sorting by name is
    sorting by partition."""
    return f"part-{index:06d}.parquet"


def is_written(folder: Path, name: str) -> bool:
    """Whether `folder` holds the file `name`, or, for a table, a folder of its parts."""
    files = table_files(folder, name)
    return bool(files) and all(path.is_file() for path in files)


def holds_tables(folder: Path) -> bool:
    """Whether `folder` holds both tables of a build, as files or folders of parts."""
    return is_written(folder, EVENTS_FILE) and is_written(folder, ARTICLES_FILE)


def current_build(data_dir: Path) -> Path:
    """The folder of DIR's published build, resolved once: read every file of one dataset
    from the folder this returns, and no later publish can mix two builds into it."""
    pointer = data_dir / CURRENT
    if pointer.is_symlink():
        return pointer.resolve(strict=False)
    if holds_tables(data_dir):
        return data_dir  # a build itself, or a folder built before builds/ existed
    raise StoreError(
        f"{data_dir}: no build there; build one with `python -m etl build SOURCE... "
        f"--out {data_dir}`"
    )


def table_files(build: Path, name: str) -> list[Path]:
    """The Parquet files of one table of a build: the file itself, or the sorted part files
    of a table written as a folder of parts (`events.parquet/part-0001.parquet`, ...)."""
    path = build / name
    if path.is_dir():
        return sorted(path.glob("*.parquet"))
    return [path]


def has_build(data_dir: Path) -> bool:
    try:
        build = current_build(data_dir)
    except StoreError:
        return False
    return holds_tables(build)


def check_out_dir(out: Path, sources: Sequence[Path] = ()) -> None:
    """Refuse, before any work, a DIR that is a file, a system folder, read-only, or inside a
    source folder (the next build would read this one's events.csv as posts)."""
    absolute = Path(os.path.abspath(out))
    resolved = absolute.resolve()
    for source in sources:
        if source.is_dir() and resolved.is_relative_to(source.resolve()):
            raise StoreError(f"--out {out}: inside the source folder {source}, whose next build "
                             "would read this one's files as posts; build into a folder outside "
                             "it, such as data/mine")
    if out.exists() and not out.is_dir():
        raise StoreError(f"--out {out}: is a file, not a folder; give a folder to build into")
    for place in {absolute, resolved}:
        if place in _SYSTEM_FOLDERS or any(place.is_relative_to(t) for t in _SYSTEM_TREES):
            raise StoreError(f"--out {out}: a system folder; give a folder of your own, such "
                             "as data/mine")
    existing = next(p for p in (resolved, *resolved.parents) if p.exists())
    # A folder with no write bit is read-only by intent, even to root (whom os.access lets in).
    if not os.access(existing, os.W_OK | os.X_OK) or not existing.stat().st_mode & 0o222:
        raise StoreError(f"--out {out}: {existing} is read-only; give a folder you may write "
                         "to, or change its permissions")
