"""ETL throughput and memory: `python -m etl build` of generated corpora on 1 and 2 jobs and
on a Dask LocalCluster, in one run.

    python -m benchmarks.etl_speed [--mb 50 200] [--jobs 1 2] [--no-dask]

Each corpus is the demo's real posts replicated (as the issue measured), written as JSON Lines
files of FILE_MB, then built by a child `python -m etl build` per setting. Prints wall time,
MB/s of input, the ratio to the one-job run of the same corpus, and memory: the peak resident
size of the largest process (the child's rusage, from os.wait4), of the `etl build` process
itself (sampled every 0.1 s: on a LocalCluster it also hosts Dask's scheduler) and the peak sum
over the build's process tree, since a pool of N jobs is N + 1 processes.

The coordinator's ceiling: `main MB/CPU-s` is input MB per CPU second of the `etl build`
process itself. Locally it reads, receives and writes every article; on Dask the workers read,
extract and write their own part files and the CSV's chunks, and it only plans, folds their
summaries and joins the chunks (with a LocalCluster, it also runs Dask's scheduler), so a
cluster of any size cannot build faster than that figure. `csv MB/s` is the CSV's tasks run in
one process on the finished Dask build: the work the workers share.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from etl import store
from etl.demo import DEMO_CORPUS, DEMO_PUBLISHED
from etl.sources import SourceError, read_source
from etl.store.stream import write_events_csv

FILE_MB = 10


def write_corpus(folder: Path, megabytes: int) -> float:
    """The demo corpus's real posts replicated, each copy under a numbered title (so a post of
    its own, not a duplicate), as JSON Lines files of about FILE_MB; returns the MB written."""
    [(_, read)] = read_source(DEMO_CORPUS)
    assert not isinstance(read, SourceError), read
    folder.mkdir(parents=True)
    size = copy = 0
    while size < megabytes * 1_000_000:
        path = folder / f"posts-{size // (FILE_MB * 1_000_000):04d}.jsonl"
        with path.open("a", encoding="utf-8") as file:
            for number, post in enumerate(read.articles):
                # A feed dump gives no addresses: each post gets one of its own.
                url = post.url or f"https://example.org/posts/{number}"
                line = json.dumps({"title": f"{post.title} ({copy})", "text": post.text,
                                   "url": f"{url}?copy={copy}", "source": post.source,
                                   "published": DEMO_PUBLISHED}, ensure_ascii=False) + "\n"
                file.write(line)
                size += len(line.encode("utf-8"))
        copy += 1
    return size / 1_000_000


@dataclass(frozen=True, slots=True)
class BuildFigures:
    seconds: float
    largest_mb: float  # peak resident size of the largest process
    main_mb: float  # peak resident size of the `etl build` process
    all_mb: float  # peak sum over the build's process tree
    # CPU seconds of the process running `etl build` itself: with workers, what it does alone
    # (read, send, receive, write) bounds what any number of workers can make of it.
    main_cpu: float


def timed_build(corpus: Path, out: Path, options: list[str]) -> BuildFigures:
    command = [sys.executable, "-m", "etl", "build", str(corpus), "--out", str(out), "--quiet",
               *options]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    process = psutil.Process(child.pid)
    tree_peak = main_peak = 0
    main_cpu = 0.0
    while True:
        # wait4, not Popen.poll: it also gives the child's rusage, whose ru_maxrss is the peak
        # of its largest process (itself or a worker it waited for).
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        try:
            members = [process, *process.children(recursive=True)]
            tree_peak = max(tree_peak, sum(m.memory_info().rss for m in members))
            main_peak = max(main_peak, process.memory_info().rss)
            main_cpu = sum(process.cpu_times()[:2])  # user and system, not its children's
        except psutil.Error:  # a member ended between listing and reading
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {child.returncode}")
    return BuildFigures(seconds, usage.ru_maxrss / 1024, main_peak / 1_000_000,
                        tree_peak / 1_000_000, main_cpu)


def csv_seconds(out: Path, scratch: Path) -> float:
    """The time to write the events CSV of the build in `out` (the coordinator's last step)."""
    shutil.copytree(store.current_build(out), scratch)
    started = time.perf_counter()
    write_events_csv(scratch)
    seconds = time.perf_counter() - started
    shutil.rmtree(scratch)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, nargs="+", default=[50, 200],
                        help="corpus sizes in MB (default: 50 200)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-dask", action="store_true",
                        help="skip the build on a Dask LocalCluster of the largest --jobs workers")
    args = parser.parse_args()
    # Other work on the machine slows every figure: the load says how much was there.
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load}; `python -m etl build` of real posts "
          "replicated (JSON Lines)\n")
    print(f"{'input':>8} {'engine':<22} {'seconds':>8} {'MB/s':>6} {'ratio':>6} "
          f"{'largest process':>16} {'etl build':>10} {'all processes':>14} "
          f"{'main MB/CPU-s':>14} {'csv MB/s':>9}")
    settings = [(f"local, {jobs} job(s)", ["--jobs", str(jobs)]) for jobs in args.jobs]
    if not args.no_dask:
        workers = str(max(args.jobs))
        settings.append((f"dask, {workers} workers", ["--engine", "dask", "--jobs", workers]))
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in sorted(args.mb):
            corpus = Path(tmp, f"corpus-{megabytes}")
            size = write_corpus(corpus, megabytes)
            baseline = None
            for name, options in settings:
                out = Path(tmp, "out")
                run = timed_build(corpus, out, options)
                baseline = baseline or run.seconds
                csv = ""
                if "dask" in options:
                    csv = f"{size / csv_seconds(out, Path(tmp, 'csv')):9.1f}"
                print(f"{size:6.0f}MB {name:<22} {run.seconds:8.1f} {size / run.seconds:6.2f} "
                      f"{baseline / run.seconds:5.2f}x {run.largest_mb:13.0f} MB "
                      f"{run.main_mb:7.0f} MB {run.all_mb:11.0f} MB "
                      f"{size / run.main_cpu:14.2f} {csv:>9}", flush=True)
            shutil.rmtree(corpus)
        print(f"\nload average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
