"""Make docs/screenshot.png: the dashboard on the demo data, in headless chromium.

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.demo import DEMO_OUT, demo_build_command  # noqa: E402
from tests.streamlit_server import (  # noqa: E402
    block_outside_requests,
    dashboard_server,
    offline_browser,
    wait_for_app,
)

OUTPUT = ROOT / "docs" / "screenshot.png"


def main() -> None:
    subprocess.run(demo_build_command(), check=True, stdout=subprocess.DEVNULL)
    with dashboard_server(DEMO_OUT) as url, offline_browser() as (browser, blocked):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        block_outside_requests(page, blocked)
        page.goto(url)
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .scatterlayer .trace", timeout=30_000)
        page.wait_for_timeout(1500)
        OUTPUT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT), full_page=False)
    print(f"wrote {OUTPUT}; requests blocked: {len(blocked)}")


if __name__ == "__main__":
    main()
