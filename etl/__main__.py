"""Command line: `python -m etl build SOURCE... --out DIR [--jobs N] [--scheduler
tcp://HOST:PORT]`, `python -m etl update --sources sources.toml --out DIR [--every 1h]`,
`python -m etl evaluate GOLD DIR`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.engines import Engine
    from etl.pipeline import RunResult
    from etl.store import BuildWriter

# Exit status of a build: 0 everything read was built; 1 nothing published (the previous build
# stays); 2 refused at start (bad arguments, DIR unusable or busy); 3 published with --keep-going
# without the sources that failed.
EXIT_BUILT_WITH_FAILURES = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser(
        "build", help="extract articles and events from news posts into DIR"
    )
    build.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                       help="feed dumps, RSS/Atom files, JSONL/CSV files or folders of posts")
    build.add_argument("--out", type=Path, required=True, metavar="DIR")
    build.add_argument("--published", type=_iso_date, metavar="YYYY-MM-DD",
                       help="publication date for posts whose input gives none "
                            "(else inferred from the latest full date in the text)")
    build.add_argument("--quiet", action="store_true", help="no progress, only the summary")
    build.add_argument("--keep-going", action="store_true",
                       help="build what could be read even when a source file fails (exit "
                            "status 3 then, with a summary of those that failed)")
    build.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="extract on N processes (default: every core); with --engine dask "
                            "and no scheduler, the LocalCluster's worker count")
    build.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local: this machine's processes; dask: a Dask cluster (a "
                            "LocalCluster unless --scheduler is given)")
    build.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="extract on the Dask cluster of this scheduler (implies --engine "
                            "dask; its workers need this package installed, and must see the "
                            "SOURCEs and DIR at the same paths: a shared file system)")
    build.add_argument("--partition-mb", type=_positive_number, default=None, metavar="MB",
                       help="on Dask, input per task: consecutive input files of at least MB "
                            "megabytes (default: 16; a file is never split)")

    update = commands.add_parser(
        "update", help="fetch the feeds and pages of a sources file and add what is new to DIR"
    )
    update.add_argument("--sources", type=Path, required=True, metavar="sources.toml")
    update.add_argument("--out", type=Path, required=True, metavar="DIR")
    update.add_argument("--every", type=_interval, metavar="INTERVAL",
                        help="keep running, one update every INTERVAL (30m, 1h, 1d) until "
                             "Ctrl-C or SIGTERM")

    demo = commands.add_parser("demo", help="build the bundled demo corpus (data/demo)")
    demo.add_argument("--out", type=Path, default=None, metavar="DIR",
                      help="where to write (default: data/build)")

    evaluate = commands.add_parser("evaluate", help="score DIR against a gold annotation")
    evaluate.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    evaluate.add_argument("data_dir", type=Path, metavar="DIR")
    evaluate.add_argument("-v", "--verbose", action="store_true",
                          help="list every miss, extra and wrong value")

    accuracy = commands.add_parser(
        "accuracy", help="score the extraction on every annotated corpus in data/eval"
    )
    accuracy.add_argument("-v", "--verbose", action="store_true",
                          help="list every miss, extra and wrong value")
    accuracy.add_argument("--save", action="store_true",
                          help="keep the figures in data/eval/accuracy.json (builds report them)")

    args = parser.parse_args(argv)
    if args.command == "accuracy":
        return _accuracy(verbose=args.verbose, save=args.save)
    if args.command == "build":
        from etl.engines import default_jobs

        engine = _EngineChoice(args.jobs or default_jobs(), args.engine, args.scheduler,
                               args.partition_mb)
        return _build(args.sources, args.out, args.published, quiet=args.quiet,
                      keep_going=args.keep_going, engine=engine)
    if args.command == "update":
        return _update(args.sources, args.out, args.every)
    if args.command == "demo":
        from etl.demo import DEMO_CORPUS, DEMO_OUT, DEMO_PUBLISHED

        out = args.out or DEMO_OUT
        return _build([DEMO_CORPUS], out, date.fromisoformat(DEMO_PUBLISHED), quiet=True,
                      keep_going=False, engine=_EngineChoice(jobs=1))
    return _evaluate(args.gold, args.data_dir, verbose=args.verbose)


@dataclass(frozen=True, slots=True)
class _EngineChoice:
    jobs: int
    engine: str = "local"
    scheduler: str | None = None
    partition_mb: float | None = None  # None: partitions.PARTITION_BYTES


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) == 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes like 2")
    return int(value)


def _positive_number(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number like 16")
    return number


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-11-15") from error


def _interval(value: str) -> float:
    """Seconds in `90s`, `30m`, `1h`, `1d`."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = value[:-1], value[-1:].lower()
    if unit not in units or not number.isdigit() or int(number) == 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an interval like 90s, 30m, 1h or 1d"
        )
    return int(number) * units[unit]


def _update(sources: Path, out: Path, every: float | None) -> int:
    from etl.fetch.config import ConfigError
    from etl.fetch.state import StateError
    from etl.update import format_update_report, run_update

    stop = threading.Event()
    if every is not None:  # one run needs no handler: Ctrl-C interrupts it as usual
        def request_stop(signum: int, frame: object) -> None:
            print(f"{signal.Signals(signum).name}: stopping after this update", file=sys.stderr)
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
    while True:
        try:
            report = run_update(sources, out)
        except (ConfigError, StateError, ValueError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(format_update_report(report), flush=True)
        totals = report["totals"]
        all_failed = totals["sources_failed"] == totals["sources"]
        # Waiting on the event, not sleeping: a signal ends the wait at once.
        if every is None or stop.wait(every):
            return 1 if all_failed else 0


def _build(
    sources: list[Path], out: Path, published: date | None, *, quiet: bool, keep_going: bool,
    engine: _EngineChoice,
) -> int:
    from etl import store

    missing = [str(path) for path in sources if not path.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        store.check_out_dir(out, sources)
        # The lock is taken before any extraction: a second build into DIR is refused at once.
        with store.BuildWriter(out) as build:
            return _build_into(build, sources, published, quiet=quiet, keep_going=keep_going,
                               engine=engine)
    except store.StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _build_into(
    build: BuildWriter, sources: list[Path], published: date | None, *, quiet: bool,
    keep_going: bool, engine: _EngineChoice,
) -> int:
    from etl import partitions, pipeline, store
    from etl.engines import EngineError, open_engine
    from etl.schema import Article, Event

    started = time.perf_counter()
    built_at = datetime.now(UTC).replace(microsecond=0)
    progress = None if quiet else _Progress()
    try:
        with open_engine(engine.jobs, engine.engine, engine.scheduler) as running:
            if not quiet:
                print(f"extracting on {running.description}", file=sys.stderr)
            if running.partitioned:
                job = partitions.PartitionJob(build.open_parts(), published, built_at)
                size = (int(engine.partition_mb * 1_000_000) if engine.partition_mb
                        else partitions.PARTITION_BYTES)
                result = partitions.run(sources, progress, job=job,
                                        executor=running.executor, in_flight=running.in_flight,
                                        partition_bytes=size)
            else:
                tables = build.open_tables()

                def write(articles: list[Article], events: list[Event]) -> None:
                    stamped = [replace(article, first_seen=built_at) for article in articles]
                    tables.add(store.articles_table(stamped), store.events_table(events))

                result = pipeline.run(sources, published, progress, sink=write,
                                      executor=running.executor, in_flight=running.in_flight)
            if progress is not None:
                progress.finish()
            if running.partitioned:  # the CSV's tasks on the cluster too
                return _publish(build, result, started, built_at, keep_going=keep_going,
                                engine=running)
    except EngineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # A local pool is closed first: its forked workers hold DIR's lock, which a build killed
    # while they lived would leave held.
    return _publish(build, result, started, built_at, keep_going=keep_going, engine=None)


def _publish(
    build: BuildWriter, result: RunResult, started: float, built_at: datetime, *,
    keep_going: bool, engine: Engine | None,
) -> int:
    """The run's report printed, and unless the run failed the build finished (the events
    CSV, its tasks on `engine` if given, else here) and published."""
    from etl import store
    from etl.report import build_report, format_report

    report = build_report(result, built_at)
    print(format_report(report))
    out = build.data_dir
    failed = [source.path for source in result.sources if source.error]
    if not result.articles:
        print(f"error: no article could be read; nothing was published, {out} keeps its "
              "previous build. See the messages above", file=sys.stderr)
        return 1
    if failed and not keep_going:
        print(f"error: {len(failed)} of {len(result.sources)} source file(s) could not be read "
              f"({', '.join(failed)}); nothing was published, {out} keeps its previous build. "
              "Fix them, or pass --keep-going to build the rest", file=sys.stderr)
        return 1
    if engine is None:
        build.finish_tables()
    else:
        build.finish_tables(engine.executor, engine.in_flight)
    report["seconds"] = round(time.perf_counter() - started, 3)
    build.write_report(report)
    folder = build.publish()
    print(f"Wrote {folder}/ ({', '.join(store.BUILD_FILES)}) in {report['seconds']} s; "
          f"{out / 'current'} points to it")
    if failed:
        print(f"error: built without {len(failed)} source file(s) that could not be read: "
              f"{', '.join(failed)}", file=sys.stderr)
        return EXIT_BUILT_WITH_FAILURES
    return 0


class _Progress:
    """A one-line progress line on a terminal; a line every 10% of the input files otherwise
    (logs, CI). Articles are counted as they are extracted: their total is known only at the
    end, since the inputs are read one file at a time."""

    def __init__(self) -> None:
        self.interactive = sys.stderr.isatty()
        self.last_tenth = -1
        self.shown = False

    def __call__(self, files_read: int, files: int, articles: int) -> None:
        if articles < 50:  # short runs need no progress
            return
        self.shown = True
        if self.interactive:
            filled = 30 * files_read // files
            bar = "#" * filled + "." * (30 - filled)
            print(f"\rextracting [{bar}] file {files_read}/{files}, {articles} articles", end="",
                  file=sys.stderr)
        elif 10 * files_read // files > self.last_tenth:
            self.last_tenth = 10 * files_read // files
            print(f"extracting: file {files_read}/{files}, {articles} articles",
                  file=sys.stderr)

    def finish(self) -> None:
        if self.shown and self.interactive:
            print(file=sys.stderr)


def _evaluate(gold: Path, data_dir: Path, *, verbose: bool) -> int:
    from etl.evaluate import GoldError, evaluate, format_scores
    from etl.store import StoreError

    try:
        scores = evaluate(gold, data_dir)
    except (GoldError, StoreError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(format_scores(scores, verbose=verbose))
    return 0


def _accuracy(*, verbose: bool, save: bool) -> int:
    from etl.accuracy import ACCURACY_FILE, flat_figures, format_table, measure, save_figures
    from etl.evaluate import format_focal, format_scores

    scores, focal = measure()
    if verbose:
        for name, score in scores.items():
            print(f"## {name}\n{format_scores(score, verbose=True)}\n")
        print(f"## focal\n{format_focal(focal, verbose=True)}\n")
    print(format_table(scores, focal))
    if save:
        save_figures(flat_figures(scores, focal))
        print(f"Saved in {ACCURACY_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
