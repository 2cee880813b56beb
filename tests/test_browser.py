"""End to end in a real headless Chromium (Debian's), with every request that leaves this
machine blocked: the map and the timeline draw, a country filter, its CSV, a country page."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from tests.streamlit_server import (
    block_outside_requests,
    dashboard_server,
    offline_browser,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def test_dashboard_in_a_real_browser(data_dir: Path, tmp_path: Path) -> None:
    with dashboard_server(data_dir) as url, offline_browser() as (browser, blocked):
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        block_outside_requests(page, blocked)

        page.goto(url)
        wait_for_app(page)
        # Each country ring is a subpath ("M...Z") of a filled path in the map's SVG.
        page.wait_for_selector(".js-plotly-plot .scatterlayer path.js-fill", timeout=30_000)
        shapes = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                    '.js-plotly-plot:first-of-type .scatterlayer path.js-fill'))
                .reduce((n, p) => n + ((p.getAttribute('d') || '').match(/M/g) || []).length, 0)"""
        )
        assert shapes >= 150
        bars = page.locator(".js-plotly-plot").nth(1).locator(".barlayer .point path")
        assert bars.count() > 0

        # Clicking a bar of the timeline sets the date range to its period.
        bars.last.scroll_into_view_if_needed()
        box = bars.last.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url("**from=*&to=**", timeout=30_000)
        page.goto(url)
        wait_for_app(page)

        # A click on a country's marker opens its page (markers are sorted busiest first).
        markers = page.locator(".js-plotly-plot").first.locator(".scatterlayer .trace .point")
        markers.first.click(force=True)
        page.wait_for_url("**country=TUN**", timeout=30_000)
        page.get_by_role("heading", name="Tunisia").wait_for(timeout=30_000)

        page.goto(f"{url}/?countries=TUN")
        wait_for_app(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download these 3 events (CSV)").click()
        path = tmp_path / "events.csv"
        download.value.save_as(path)
        assert "TUN" in download.value.suggested_filename
        rows = pd.read_csv(io.BytesIO(path.read_bytes()), encoding="utf-8-sig", dtype=str,
                           keep_default_na=False)
        assert len(rows) == 4  # three events, one of them also in France
        assert set(rows.event_id) == {"e1", "e2", "e3"}
        assert all("TUN" in set(rows[rows.event_id == e].country) for e in rows.event_id)

        page.goto(f"{url}/?country=USA")
        wait_for_app(page)
        assert page.get_by_role("heading", name="United States").count() == 1

    assert blocked == []
