"""How long the dashboard takes to answer a filter change, on the demo data.

    python -m benchmarks.dashboard_speed [--repeat 5]      (or: make bench-dashboard)

Runs the real script (dashboard.py, through Streamlit's AppTest, in this process) once to warm
the cache, then for each filter change times the whole rerun: reading the filters, querying,
building the map, timeline and table. The browser's drawing is not included. The goal is
under 0.5 s each.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from etl.demo import DEMO_OUT, demo_build_command

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
GOAL_SECONDS = 0.5

CHANGES: dict[str, Callable[[AppTest], object]] = {
    "country filter": lambda app: app.multiselect(key="filter_countries").set_value(["TUN"]),
    "event type filter": lambda app: app.multiselect(key="filter_types").set_value(
        ["association_civil_society"]),
    "keyword": lambda app: app.text_input(key="filter_keyword").set_value("court"),
    "include history": lambda app: app.toggle(key="filter_history").set_value(True),
    "play through time": lambda app: app.toggle(key="playback").set_value(True),
}


def _timed_rerun(change: Callable[[AppTest], object]) -> float:
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.run()  # a fresh session on the warm cache, as a new visitor
    change(app)
    started = time.perf_counter()
    app.run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    # AppTest's "missing ScriptRunContext" warnings would hide the figures.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True
    if not (DEMO_OUT / "events.parquet").exists():
        subprocess.run(demo_build_command(), check=True, stdout=subprocess.DEVNULL)
    os.environ["RIGHTS_ATLAS_DATA"] = str(DEMO_OUT)
    AppTest.from_file(DASHBOARD, default_timeout=120).run()  # load the data once
    print(f"{'filter change':<20} {'median s':>9} {'worst s':>8}  (goal < {GOAL_SECONDS} s)")
    for name, change in CHANGES.items():
        times = [_timed_rerun(change) for _ in range(args.repeat)]
        print(f"{name:<20} {statistics.median(times):>9.3f} {max(times):>8.3f}")


if __name__ == "__main__":
    main()
