"""ETL throughput and memory: `python -m etl build` of generated corpora on 1 and 2 jobs.

    python -m benchmarks.etl_speed [--mb 50 200] [--jobs 1 2] [--dask]

Each corpus is the demo's real posts replicated (as the issue measured), written as JSON Lines
files of FILE_MB, then built by a child `python -m etl build` per setting. Prints wall time,
MB/s of input, the ratio to the one-job run of the same corpus, and memory: the peak resident
size of the largest process (the child's rusage, from os.wait4) and the peak sum over the
build's process tree (sampled every 0.1 s), since a pool of N jobs is N + 1 processes. The last
column, input MB per CPU second of the `etl build` process itself, is the ceiling of a cluster:
with workers extracting, that process still reads, sends, receives and writes everything.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from etl.demo import DEMO_CORPUS, DEMO_PUBLISHED
from etl.sources import SourceError, read_source

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
            for post in read.articles:
                line = json.dumps({"title": f"{post.title} ({copy})", "text": post.text,
                                   "url": f"{post.url}?copy={copy}", "source": post.source,
                                   "published": DEMO_PUBLISHED}, ensure_ascii=False) + "\n"
                file.write(line)
                size += len(line.encode("utf-8"))
        copy += 1
    return size / 1_000_000


@dataclass(frozen=True, slots=True)
class BuildFigures:
    seconds: float
    largest_mb: float  # peak resident size of the largest process
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
    tree_peak = 0
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
            main_cpu = sum(process.cpu_times()[:2])  # user and system, not its children's
        except psutil.Error:  # a member ended between listing and reading
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {child.returncode}")
    return BuildFigures(seconds, usage.ru_maxrss / 1024, tree_peak / 1_000_000, main_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, nargs="+", default=[50, 200],
                        help="corpus sizes in MB (default: 50 200)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", action="store_true",
                        help="also build on a Dask LocalCluster of the largest --jobs workers")
    args = parser.parse_args()
    # Other work on the machine slows every figure: the load says how much was there.
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load}; `python -m etl build` of real posts "
          "replicated (JSON Lines)\n")
    print(f"{'input':>8} {'engine':<22} {'seconds':>8} {'MB/s':>6} {'ratio':>6} "
          f"{'largest process':>16} {'all processes':>14} {'main process MB/CPU-s':>22}")
    settings = [(f"local, {jobs} job(s)", ["--jobs", str(jobs)]) for jobs in args.jobs]
    if args.dask:
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
                print(f"{size:6.0f}MB {name:<22} {run.seconds:8.1f} {size / run.seconds:6.2f} "
                      f"{baseline / run.seconds:5.2f}x {run.largest_mb:13.0f} MB "
                      f"{run.all_mb:11.0f} MB {size / run.main_cpu:22.2f}", flush=True)


if __name__ == "__main__":
    main()
