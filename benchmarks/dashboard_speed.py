"""How fast the dashboard answers, and in how much memory, on the demo or N synthetic events.

    python -m benchmarks.dashboard_speed [--repeat 5]                  (make bench-dashboard)
    python -m benchmarks.dashboard_speed --events 1000000 [--out DIR] [--repeat 5]

With --events it writes (or reuses) a synthetic build of that many events in DIR
(benchmarks/synthetic.py) and prints, each beside its goal or reference, as a ratio:

- the dashboard (dashboard.py through Streamlit's AppTest, in a child process each time so
  nothing is warm): first render (load included), a rerun with nothing changed, a rerun after
  a one-country filter, and the peak memory (RSS) of that process;
- the query layer: the median time of the queries a page needs (figures, map counts,
  timeline, coarse dates, the first page of rows), asked again each time (no cache), beside
  the same aggregates by plain DuckDB on the raw Parquet and by pandas on a loaded frame;
- the CSV of every event as a visitor gets it (the real server in a child process, "Prepare"
  clicked in headless chromium, the link fetched as a stream): time and the server's extra
  memory while it is written, then while it is sent;
- what the query database costs the build (ETL side): the time to write `query.duckdb` from
  the build's Parquet, and its size beside the Parquet's.

Without --events it times the whole rerun after each kind of filter change on the demo.
The browser's drawing is never included. Figures are medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import write_synthetic_build
from etl import store
from etl.demo import DEMO_OUT, demo_build_command

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
RERUN_GOAL = 0.5  # s, on the demo

# Goals of issue 9 at a million events.
GOALS = {"first render": 3.0, "rerun, nothing changed": 0.3, "rerun, one country": 0.3}
QUERY_GOAL = 0.1
MEMORY_GOAL_MB = 1000
CSV_EXTRA_GOAL_MB = 200


def _quiet() -> None:
    # AppTest's "missing ScriptRunContext" warnings would hide the figures.
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context",
                 "streamlit.runtime.caching.cache_data_api"):
        logging.getLogger(name).disabled = True


def _app() -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=600)


DEMO_CHANGES: dict[str, Callable[[AppTest], object]] = {
    "country filter": lambda app: app.multiselect(key="filter_countries").set_value(["TUN"]),
    "event type filter": lambda app: app.multiselect(key="filter_types").set_value(
        ["association_civil_society"]),
    "keyword": lambda app: app.text_input(key="filter_keyword").set_value("court"),
    "include history": lambda app: app.toggle(key="filter_history").set_value(True),
    "play through time": lambda app: app.toggle(key="playback").set_value(True),
}


def demo_reruns(repeat: int) -> None:
    if not store.has_build(DEMO_OUT):
        subprocess.run(demo_build_command(), check=True, stdout=subprocess.DEVNULL)
    os.environ["RIGHTS_ATLAS_DATA"] = str(DEMO_OUT)
    _app().run()  # load the data once
    print(f"{'filter change':<20} {'median s':>9} {'worst s':>8}  (goal < {RERUN_GOAL} s)")
    for name, change in DEMO_CHANGES.items():
        times = []
        for _ in range(repeat):
            app = _app()
            app.run()  # a fresh session on the warm cache, as a new visitor
            change(app)
            started = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - started)
        print(f"{name:<20} {statistics.median(times):>9.3f} {max(times):>8.3f}")


def _child_render(data_dir: str, country: str) -> dict[str, float]:
    """In a fresh process: first render, an unchanged rerun, a one-country rerun, peak RSS."""
    import resource

    os.environ["RIGHTS_ATLAS_DATA"] = data_dir
    app = _app()
    started = time.perf_counter()
    app.run()
    first = time.perf_counter() - started
    assert not app.exception, app.exception
    started = time.perf_counter()
    app.run()
    unchanged = time.perf_counter() - started
    app.multiselect(key="filter_countries").set_value([country])
    started = time.perf_counter()
    app.run()
    one_country = time.perf_counter() - started
    return {"first render": first, "rerun, nothing changed": unchanged,
            "rerun, one country": one_country,
            "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


class PeakMemory:
    """The highest RSS of a process, sampled every 10 ms in a thread until `stop()`, above
    its RSS when this starts."""

    def __init__(self, process: psutil.Process) -> None:
        self.process = process
        self.before = self.peak = process.memory_info().rss
        self._done = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.01)

    def extra_mb(self) -> float:
        return (self.peak - self.before) / 2**20

    def stop(self) -> None:
        self._done.set()
        self._sampler.join()


def _server_process(url: str) -> psutil.Process:
    port = int(url.rsplit(":", 1)[1])
    [pid] = {c.pid for c in psutil.net_connections("tcp")
             if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN}
    return psutil.Process(pid)


def _child_csv(data_dir: str) -> dict[str, float]:
    """The CSV of every event as a visitor gets it: `streamlit run dashboard.py` in a child
    process, "Prepare" clicked in headless chromium, the link fetched with httpx as a stream.
    The server's RSS at its peak above what it held before: the click, while the file is
    written; the request, while it is sent."""
    import re

    import httpx

    from tests.streamlit_server import dashboard_server, offline_browser, wait_for_app

    with dashboard_server(Path(data_dir), timeout=300) as url, \
            offline_browser() as (browser, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/?include=background,scheduled")
        wait_for_app(page, timeout=300_000)
        server = _server_process(url)
        written = PeakMemory(server)
        started = time.perf_counter()
        page.get_by_role("button", name=re.compile(r"^Prepare .* \(CSV\)$")).click()
        link = page.get_by_role("link", name=re.compile(r"^Download .* \(CSV\)$"))
        link.wait_for(timeout=600_000)
        prepared = time.perf_counter() - started
        written.stop()
        sent = PeakMemory(server)
        size = 0
        started = time.perf_counter()
        # As a browser asks: gzip accepted (Streamlit's middleware compresses text).
        with httpx.stream("GET", url + link.get_attribute("href"), timeout=600) as answer:
            answer.raise_for_status()
            for chunk in answer.iter_raw():
                size += len(chunk)
            encoding = answer.headers.get("content-encoding", "none")
        downloaded = time.perf_counter() - started
        sent.stop()
    return {"seconds": prepared, "extra MB": written.extra_mb(),
            "download seconds": downloaded, "download extra MB": sent.extra_mb(),
            "server MB before": written.before / 2**20,
            "sent MB": size / 2**20, "gzip": encoding == "gzip"}


def _child_query_db(data_dir: str) -> dict[str, float]:
    """In a fresh process: the build's query database written again, to a temporary folder."""
    build = store.current_build(Path(data_dir))
    with tempfile.TemporaryDirectory(prefix="rights-atlas-bench-") as folder:
        started = time.perf_counter()
        store.write_query_db(build, Path(folder) / store.QUERY_DB_FILE)
        return {"seconds": time.perf_counter() - started}


def _in_child(kind: str, *args: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.dashboard_speed", "--child", kind, *args],
        check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _median_seconds(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def query_figures(data_dir: Path, country: str, repeat: int) -> dict[str, float]:
    """Median seconds of a page's aggregates: ours (uncached), plain DuckDB on the Parquet,
    pandas on a frame already loaded; unfiltered and for one country."""
    import duckdb
    import pandas as pd

    from views import query

    dataset = query.load_dataset(data_dir)
    build = store.current_build(data_dir)
    events_files = [str(path) for path in store.table_files(build, store.EVENTS_FILE)]

    def ours(selection: query.Selection) -> None:
        query.summary.__wrapped__(dataset, selection)
        query.counts_by_country.__wrapped__(dataset, selection)
        query.counts_by_period.__wrapped__(dataset, selection, "year")
        query.coarse_periods.__wrapped__(dataset, selection, "year")
        query.events_page.__wrapped__(dataset, selection, 1)

    plain = duckdb.connect()
    parquet = f"read_parquet({events_files})"

    def plain_duckdb(codes: list[str]) -> None:
        where = "status = 'reported'" + (" AND list_has_any(countries, ?)" if codes else "")
        params = [codes] if codes else []
        for sql in (
            f"SELECT count(*), count(DISTINCT article_id) FROM {parquet} WHERE {where}",
            f"SELECT c, count(*) FROM (SELECT unnest(countries) c FROM {parquet} "
            f"WHERE {where}) GROUP BY c",
            f"SELECT year(date_start), event_type, count(*) FROM {parquet} WHERE {where} "
            "GROUP BY ALL",
            f"SELECT * FROM {parquet} WHERE {where} ORDER BY date_start DESC, event_id "
            "LIMIT 50",
        ):
            plain.execute(sql, params).fetchall()

    frame = store.read_events(data_dir)

    def pandas_frame(codes: list[str]) -> None:
        mask = frame.status == "reported"
        if codes:
            mask &= frame.countries.map(lambda named: not set(codes).isdisjoint(named))
        chosen = frame[mask]
        chosen.article_id.nunique()
        chosen.countries.explode().value_counts()
        chosen.groupby([pd.to_datetime(chosen.date_start).dt.year, "event_type"]).size()
        chosen.sort_values(["date_start", "event_id"], ascending=[False, True]).head(50)

    everything, one = query.Selection(), query.Selection(query.Filters(countries=(country,)))
    return {
        "ours, all": _median_seconds(lambda: ours(everything), repeat),
        "ours, one country": _median_seconds(lambda: ours(one), repeat),
        "plain DuckDB, all": _median_seconds(lambda: plain_duckdb([]), repeat),
        "plain DuckDB, one country": _median_seconds(lambda: plain_duckdb([country]), repeat),
        "pandas, all": _median_seconds(lambda: pandas_frame([]), repeat),
        "pandas, one country": _median_seconds(lambda: pandas_frame([country]), repeat),
    }


def _busiest_country(data_dir: Path) -> str:
    from views.query import Selection, counts_by_country, load_dataset

    return str(counts_by_country(load_dataset(data_dir), Selection()).iso3.iloc[0])


def synthetic_figures(events: int, out: Path, repeat: int) -> None:
    if not store.has_build(out):
        write_synthetic_build(out, events)
    country = _busiest_country(out)
    print(f"{events:,} synthetic events in {store.current_build(out)}; one country: {country}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    renders = [_in_child("render", str(out), country) for _ in range(repeat)]
    print(f"{'figure':<36} {'median':>9} {'goal':>8} {'ratio':>7}")
    for name, goal in GOALS.items():
        value = statistics.median(run[name] for run in renders)
        print(f"{'dashboard, ' + name:<36} {value:>8.3f}s {goal:>7.1f}s {value / goal:>6.2f}x")
    peak = statistics.median(run["peak MB"] for run in renders)
    print(f"{'dashboard process, peak memory':<36} {peak:>7.0f}MB {MEMORY_GOAL_MB:>6}MB "
          f"{peak / MEMORY_GOAL_MB:>6.2f}x")

    queries = query_figures(out, country, repeat)
    print(f"\n{'a page aggregates (5 queries)':<36} {'median':>9} {'vs ours':>8}")
    for name, value in queries.items():
        ours = queries["ours, one country" if "one country" in name else "ours, all"]
        print(f"{name:<36} {value:>8.3f}s {value / ours:>7.2f}x")
    print(f"(goal for ours: <= {QUERY_GOAL} s)")

    exports = [_in_child("csv", str(out)) for _ in range(repeat)]
    print("\nCSV of every event, through the dashboard's server "
          f"(goal <= {CSV_EXTRA_GOAL_MB} MB extra memory):")
    for phase, seconds, extra in (("prepared (written to disk)", "seconds", "extra MB"),
                                  ("downloaded through its link", "download seconds",
                                   "download extra MB")):
        value = statistics.median(run[extra] for run in exports)
        print(f"  {phase:<30} {statistics.median(run[seconds] for run in exports):>6.1f} s "
              f"{value:>6.0f} MB extra ({value / CSV_EXTRA_GOAL_MB:.2f}x)")
    before = statistics.median(run["server MB before"] for run in exports)
    print(f"  {exports[0]['sent MB']:.0f} MB sent"
          f"{', gzip-compressed' if exports[0]['gzip'] else ''}; the server held "
          f"{before:.0f} MB before the click")

    build = store.current_build(out)
    writes = [_in_child("query-db", str(out))["seconds"] for _ in range(repeat)]
    parquet = sum(path.stat().st_size for name in (store.ARTICLES_FILE, store.EVENTS_FILE)
                  for path in store.table_files(build, name))
    database = (build / store.QUERY_DB_FILE).stat().st_size
    print(f"\nQuery database, the build's extra cost: {statistics.median(writes):.1f} s to write "
          f"{store.QUERY_DB_FILE}, {database / 2**20:.0f} MB beside {parquet / 2**20:.0f} MB of "
          "Parquet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--events", type=int, default=0,
                        help="synthetic events to measure on (default: the demo's reruns)")
    parser.add_argument("--out", type=Path, metavar="DIR",
                        default=Path(tempfile.gettempdir()) / "rights-atlas-bench",
                        help="where the synthetic build is written, or reused")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _quiet()
    if args.child:
        kind, *rest = args.child
        child = {"render": _child_render, "csv": _child_csv, "query-db": _child_query_db}[kind]
        figures = child(*rest)
        print(json.dumps(figures))
    elif args.events:
        synthetic_figures(args.events, args.out / str(args.events), args.repeat)
    else:
        demo_reruns(args.repeat)


if __name__ == "__main__":
    main()
