"""Where a build's extraction runs: this process, a pool of processes, or a Dask cluster.

Each engine is a concurrent.futures Executor. Locally it runs `pipeline.extract_batch` and this
process writes the build (`pipeline.run`); on Dask it runs `partitions.extract_partition`, each
worker writing its own part files (`partitions.run`). Both extract with the same pure functions
and fold their results in input order: a build is the same table whichever engine made it.
Dask is imported only when asked for (`pip install 'rights-atlas[dask]'`).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from dask.distributed import Client

Task = TypeVar("Task")
Argument = TypeVar("Argument")
Result = TypeVar("Result")
# Connecting to a scheduler that is not there fails after this long, with what to do.
CONNECT_TIMEOUT = "10s"


class EngineError(Exception):
    """The engine asked for cannot be started; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Engine:
    executor: Executor | None  # None: extract in this process
    in_flight: int  # tasks submitted at once: two per worker, so none waits for the next
    description: str
    # Whether its workers read and write partitions themselves (partitions.py), so that no one
    # process handles every article: on a cluster, not on one machine's pool.
    partitioned: bool = False


def default_jobs() -> int:
    return os.cpu_count() or 1


@contextmanager
def open_engine(jobs: int, engine: str = "local", scheduler: str | None = None) -> Iterator[Engine]:
    """`local` with one job: this process; with more, a process pool of `jobs`. `dask`: the
    cluster whose scheduler is at `scheduler` (tcp://HOST:PORT), else a LocalCluster of `jobs`
    worker processes on this machine."""
    if engine == "dask" or scheduler is not None:
        with _dask_engine(jobs, scheduler) as dask_engine:
            yield dask_engine
    elif jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield Engine(pool, 2 * jobs, f"{jobs} processes")
    else:
        yield Engine(None, 1, "1 process")


@contextmanager
def _dask_engine(jobs: int, scheduler: str | None) -> Iterator[Engine]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        raise EngineError("the Dask engine needs Dask: pip install 'rights-atlas[dask]'") from error
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, ValueError) as error:
            raise EngineError(
                f"--scheduler {scheduler}: no Dask scheduler answers there ({error}); start one "
                "(`dask scheduler`, then `dask worker tcp://HOST:8786` on each machine) or "
                "check the address"
            ) from error
        with client:
            yield _on_client(client, f"Dask cluster at {scheduler}")
        return
    # One thread per worker process: the extraction is pure Python and holds the GIL.
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield _on_client(client, f"Dask LocalCluster of {jobs} workers")


def _on_client(client: Client, where: str) -> Engine:
    threads = sum(client.nthreads().values())
    # pure=False: batches are not worth hashing into keys, and never repeat.
    executor = client.get_executor(pure=False)
    return Engine(executor, 2 * max(threads, 1), f"{where} ({threads} threads)", partitioned=True)


def in_order(
    tasks: Iterable[tuple[Task, Argument]],
    work: Callable[[Argument], Result],
    executor: Executor | None,
    in_flight: int,
) -> Iterator[tuple[Task, Result]]:
    """For each (task, argument), the task and `work(argument)`, in the tasks' order: run here,
    or on `executor` with at most `in_flight` tasks submitted and not yet yielded
    (Executor.map would submit every task at once). A future is dropped as soon as its result
    is yielded, which on Dask releases the result on the cluster."""
    if executor is None:
        for task, argument in tasks:
            yield task, work(argument)
        return
    pending: deque[tuple[Task, Future[Result]]] = deque()
    for task, argument in tasks:
        pending.append((task, executor.submit(work, argument)))
        if len(pending) >= in_flight:
            task_done, future = pending.popleft()
            yield task_done, future.result()
    while pending:
        task_done, future = pending.popleft()
        yield task_done, future.result()
