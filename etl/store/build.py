"""Writing a build: under DIR's lock, whole in a staging folder, then published in one step.

The one step is os.replace of a new `current` symlink over the old one: a reader resolves
`current` either before it (the previous build, still whole) or after (the new one, already
whole); a run killed at any moment leaves the previous build current. What such a run leaves
behind (a staging folder, an unpublished build, a pointer never swapped in) is removed by the
next build, under the lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import time
from concurrent.futures import Executor
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyarrow as pa

from etl.store.faults import pause_point
from etl.store.layout import (
    ARTICLES_FILE,
    BUILD_FILES,
    BUILDS,
    CURRENT,
    EVENTS_FILE,
    LOCK,
    POINTER_PREFIX,
    QUERY_DB_FILE,
    REPORT_FILE,
    STAGING_PREFIX,
    StoreError,
    is_written,
)
from etl.store.query_db import write_query_db
from etl.store.stream import TableWriter, write_events_csv


class BuildBusy(StoreError):
    """Another build holds DIR's lock."""


class BuildWriter:
    """`with BuildWriter(DIR) as build: build.write_...(); build.publish()`. Leaving the block
    without publish() discards the staged files: the previous build stays current."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.build_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(3)
        self.staging = data_dir / f"{STAGING_PREFIX}{self.build_id}"
        self.published: Path | None = None
        self._lock: IO[str] | None = None
        self._tables: TableWriter | None = None

    def __enter__(self) -> BuildWriter:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._lock = (self.data_dir / LOCK).open("a+", encoding="utf-8")
        except OSError as error:
            raise StoreError(f"{self.data_dir}: cannot be written ({error.strerror or error}); "
                             "give a folder you may write to") from error
        _take_lock(self._lock, self.data_dir)
        try:
            _remove_leftovers(self.data_dir)
            self.staging.mkdir()
        except BaseException:
            self._lock.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._tables is not None:
            self._tables.close()
        if self.published is None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()  # closing releases the lock

    def open_tables(self) -> TableWriter:
        """Articles and events written into the staged build batch by batch: `add` each batch,
        then `finish_tables` before publish()."""
        self._tables = TableWriter(self.staging)
        return self._tables

    def open_parts(self) -> Path:
        """The staging folder, with a folder per table for the part files that workers write
        (`TableWriter(staging, part=N)`); `finish_tables` once every part is written. Only this
        creates folders: a worker still running when a failed run has removed them cannot
        write anything back."""
        for name in (ARTICLES_FILE, EVENTS_FILE):
            (self.staging / name).mkdir()
        return self.staging.absolute()

    def write_tables(self, articles: pa.Table, events: pa.Table) -> None:
        """Both tables whole, and the events CSV and query database made from them."""
        self.open_tables().add(articles, events)
        self.finish_tables()

    def finish_tables(self, executor: Executor | None = None, in_flight: int = 1) -> None:
        """The staged tables completed, and made from them the events CSV (its tasks on
        `executor`, if given, `in_flight` at a time) and the dashboard's query database."""
        if self._tables is not None:
            self._tables.close()
        write_events_csv(self.staging, executor, in_flight)
        write_query_db(self.staging, self.staging / QUERY_DB_FILE)

    def write_report(self, report: dict[str, Any]) -> None:
        text = json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"
        (self.staging / REPORT_FILE).write_text(text, encoding="utf-8")

    def publish(self) -> Path:
        """Make the staged build DIR's current one; returns its folder."""
        missing = [name for name in BUILD_FILES if not is_written(self.staging, name)]
        if missing:
            raise StoreError(f"{self.staging}: incomplete build, {', '.join(missing)} missing")
        _sync_tree(self.staging)  # on disk before anything points at it
        pause_point("staged")
        builds = self.data_dir / BUILDS
        builds.mkdir(exist_ok=True)
        build = builds / self.build_id
        os.replace(self.staging, build)
        _sync_dir(builds)
        pause_point("moved")
        pointer = self.data_dir / CURRENT
        previous = pointer.resolve().name if pointer.is_symlink() else None
        new_pointer = self.data_dir / f"{POINTER_PREFIX}{self.build_id}"
        new_pointer.symlink_to(Path(BUILDS, self.build_id))  # relative: DIR may be moved
        os.replace(new_pointer, pointer)
        _sync_dir(self.data_dir)
        self.published = build
        pause_point("published")
        _prune(self.data_dir, keep={self.build_id, previous})
        return build


def _take_lock(lock: IO[str], data_dir: Path) -> None:
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        lock.seek(0)
        holder = lock.read().strip() or "unknown"
        lock.close()
        raise BuildBusy(
            f"{data_dir}: another build is writing into it (process {holder}, lock "
            f"{data_dir / LOCK}); wait until it ends, or build into another folder"
        ) from error
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()


def _remove_leftovers(data_dir: Path) -> None:
    """What a killed run left: staging folders, pointers never swapped in, and the `.tmp`
    files of the single-file writes of older versions."""
    for path in data_dir.iterdir():
        name = path.name
        if name.startswith(STAGING_PREFIX) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif name.startswith(POINTER_PREFIX) or _is_old_temporary_file(name):
            path.unlink(missing_ok=True)


def _is_old_temporary_file(name: str) -> bool:
    # `.events.parquet.k2x9a1.tmp`: only ours, DIR may hold other files.
    return name.endswith(".tmp") and any(name.startswith(f".{file}.") for file in BUILD_FILES)


def _prune(data_dir: Path, keep: set[str | None]) -> None:
    """Builds other than `keep` go (an unpublished one from a killed run, older ones), and the
    files of a build written before builds/ existed, now superseded."""
    for build in (data_dir / BUILDS).iterdir():
        if build.name not in keep:
            shutil.rmtree(build, ignore_errors=True)
    if (data_dir / ARTICLES_FILE).is_file() and (data_dir / EVENTS_FILE).is_file():
        for name in BUILD_FILES:
            (data_dir / name).unlink(missing_ok=True)


def _sync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_dir():
            _sync_tree(path)
            continue
        with path.open("rb") as file:
            os.fsync(file.fileno())
    _sync_dir(folder)


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
