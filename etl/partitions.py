"""A build whose workers write it: each task reads a partition of the input (consecutive input
files), extracts it with the same pure functions as any build and writes its own part files
into the build's staging folder; only counts and the report's entries come back.

This is how the Dask engine runs, so that no single process reads, receives or writes every
article: the process running `etl build` plans the partitions, folds the workers' summaries in
input order (the same `pipeline.Tally` as a local build, so ids, duplicates and the report
are the same) and writes the events CSV at the end. Every worker must see the input files and
the staging folder at the same paths as that process: a shared file system on a cluster.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path

from etl import store
from etl.engines import in_order
from etl.pipeline import (
    ArticleSummary,
    Progress,
    RunResult,
    Tally,
    extract_batch,
    read_batches,
    summarize,
)
from etl.schema import SourceReport
from etl.sources import SourceError, SourceRead, list_inputs

# Input per task: some seconds of extraction, so a task's overhead (scheduling, a part file of
# each table) is small beside it, and many tasks per worker even for a few GB of input.
PARTITION_BYTES = 16_000_000

InputEntry = tuple[Path, SourceRead | SourceError | None]


@dataclass(frozen=True, slots=True)
class Partition:
    number: int  # its part files' number: their sorted order is the input order
    inputs: list[InputEntry]


@dataclass(frozen=True, slots=True)
class PartitionJob:
    """What every task needs besides its partition."""

    staging: Path  # absolute: the same path on every worker
    published_fallback: date | None
    built_at: datetime  # every article's first_seen


@dataclass(frozen=True, slots=True)
class PartitionSummary:
    """What a task sends back: the report of each input file it read, and a summary of each
    article it wrote, in the order written, with the index of its file's report."""

    reports: list[SourceReport]
    articles: list[tuple[int, ArticleSummary]]


def plan_partitions(paths: Sequence[Path], partition_bytes: int) -> Iterator[Partition]:
    """The input files of `paths` (as `list_inputs` lists them, made absolute for workers that
    do not share this process's working folder), grouped in order into partitions of at most
    `partition_bytes` of files, or of one larger file: a file is never split (it is read
    whole)."""
    number, inputs, size = 0, [], 0
    for path in paths:
        for entry in list_inputs(Path(os.path.abspath(path))):
            entry_size = _file_size(entry)
            if inputs and size + entry_size > partition_bytes:
                yield Partition(number, inputs)
                number, inputs, size = number + 1, [], 0
            inputs.append(entry)
            size += entry_size
    if inputs:
        yield Partition(number, inputs)


def _file_size(entry: InputEntry) -> int:
    path, known = entry
    if known is not None:  # already known (an error, a folder's files not read): nothing to read
        return 0
    try:
        return path.stat().st_size
    except OSError:  # it fails when read, and is reported then
        return 0


def extract_partition(partition: Partition, job: PartitionJob) -> PartitionSummary:
    """One task: read, extract and write one partition (module-level, for Dask to pickle)."""
    reports: list[SourceReport] = []
    articles: list[tuple[int, ArticleSummary]] = []
    tables = store.TableWriter(job.staging, part=partition.number)
    try:
        for batch in read_batches(partition.inputs, reports):
            extractions = extract_batch(batch.raws, job.published_fallback)
            tables.add(
                store.articles_table(
                    [replace(extraction.article, first_seen=job.built_at)
                     for extraction in extractions]
                ),
                store.events_table(
                    [event for extraction in extractions for event in extraction.events]
                ),
            )
            file_number = len(reports) - 1  # a file's report is listed before its batches
            articles.extend(
                (file_number, summarize(raw, extraction))
                for raw, extraction in zip(batch.raws, extractions, strict=True)
            )
    finally:
        tables.close()
    return PartitionSummary(reports, articles)


def run(
    paths: Sequence[Path],
    progress: Progress | None,
    *,
    job: PartitionJob,
    executor: Executor | None,
    in_flight: int,
    partition_bytes: int = PARTITION_BYTES,
) -> RunResult:
    """Every article of `paths`, written by the tasks into `job.staging`'s table folders (see
    `BuildWriter.open_parts`), each partition's tasks run here or on `executor` with up to
    `in_flight` submitted at once. The summaries are folded in input order; the rows of
    duplicates, which only this fold can tell, are then left out of their part files."""
    partitions = list(plan_partitions(paths, partition_bytes))
    files = sum(len(partition.inputs) for partition in partitions)
    tally = Tally()
    tasks = ((partition, partition) for partition in partitions)
    files_read = done = 0
    for partition, summary in in_order(tasks, partial(extract_partition, job=job), executor,
                                       in_flight):
        tally.result.sources.extend(summary.reports)
        articles_out: set[int] = set()  # rows of the part files to leave out: duplicates
        events_out: set[int] = set()
        event_row = 0
        for article_row, (file_number, article) in enumerate(summary.articles):
            if not tally.keep(summary.reports[file_number], article):
                articles_out.add(article_row)
                events_out.update(range(event_row, event_row + article.events))
            event_row += article.events
        if articles_out:
            store.drop_part_rows(job.staging, partition.number, articles_out, events_out)
        files_read += len(partition.inputs)
        done += len(summary.articles)
        if progress is not None:
            progress(files_read, files, done)
    return tally.result
