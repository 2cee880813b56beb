"""End to end in a real headless Chromium (Debian's), with every request that leaves this
machine blocked: the map and the timeline draw, a country filter, its CSV (prepared, then
sent from disk by the export route), a country page."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pandas as pd
import pytest
from playwright.sync_api import Page

from tests.streamlit_server import (
    block_outside_requests,
    dashboard_server,
    offline_browser,
    wait_for_app,
)
from views.downloads import file_name
from views.query import Filters, Selection, load_dataset, write_csv

pytestmark = pytest.mark.browser


def test_dashboard_in_a_real_browser(data_dir: Path, tmp_path: Path) -> None:
    with dashboard_server(data_dir) as url, offline_browser() as (browser, blocked):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
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

        # A CSV is prepared on request, then its link sends it from disk, once.
        page.goto(f"{url}/?countries=TUN")
        wait_for_app(page)
        what = "3 events, 4 rows: one per event and country (CSV)"
        page.get_by_role("button", name=f"Prepare {what}").click()
        link = page.get_by_role("link", name=f"Download {what}")
        link.wait_for(timeout=30_000)
        address = urljoin(url, link.get_attribute("href"))
        with urllib.request.urlopen(address) as answer:
            sent = answer.read()
            disposition = answer.headers["Content-Disposition"]
        dataset = load_dataset(data_dir)
        tunisia = Selection(Filters(countries=("TUN",)))
        assert f'filename="{file_name(dataset, tunisia.filters, "csv")}"' in disposition
        write_csv(dataset, tunisia, tmp_path / "expected.csv")
        assert sent == (tmp_path / "expected.csv").read_bytes()
        rows = pd.read_csv(io.BytesIO(sent), encoding="utf-8-sig", dtype=str,
                           keep_default_na=False)
        assert len(rows) == 4  # three events, one of them also in France
        assert set(rows.event_id) == {"e1", "e2", "e3"}
        assert all("TUN" in set(rows[rows.event_id == e].country) for e in rows.event_id)
        # Sent once; a token never given, or not a token, is as unknown.
        for gone in (address, f"{url}/export/{'x' * 43}", f"{url}/export/not-a-token"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(gone)
            assert refused.value.code == 404
            assert b"Prepare it again" in refused.value.read()

        page.goto(f"{url}/?country=USA")
        wait_for_app(page)
        assert page.get_by_role("heading", name="United States").count() == 1

    assert blocked == []


def _metric(page: Page, index: int = 0) -> str:
    return page.locator("[data-testid='stMetricValue']").nth(index).inner_text()


def _plot_point_to_page(page: Page, plot: int, x: float, y: float) -> tuple[float, float]:
    """Where a data point of the plot-th plotly chart is on the page."""
    return tuple(page.evaluate(
        """([plot, x, y]) => {
            const gd = document.querySelectorAll('.js-plotly-plot')[plot];
            const box = gd.getBoundingClientRect();
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            return [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)];
        }""", [plot, x, y]))


def test_clear_timeline_detail_shape_click_and_playback(data_dir: Path) -> None:
    with dashboard_server(data_dir) as url, offline_browser() as (browser, blocked):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        block_outside_requests(page, blocked)

        # Clear filters resets the widgets, the address and the results, twice in a row.
        page.goto(f"{url}/?countries=TUN&q=trial")
        wait_for_app(page)
        assert _metric(page) == "1"
        keyword = page.get_by_label("Search sentences and titles")
        for _ in range(2):
            page.get_by_role("button", name="Clear filters").click()
            page.wait_for_function("() => !window.location.search", timeout=30_000)
            wait_for_app(page)
            assert _metric(page) == "7"
            assert keyword.input_value() == ""
            sidebar = page.locator("[data-testid='stSidebar']")
            assert sidebar.get_by_text("Tunisia (TUN)").count() == 0
            keyword.fill("court")
            keyword.press("Enter")
            page.wait_for_url("**q=court**", timeout=30_000)
            wait_for_app(page)
            assert _metric(page) == "1"

        # A bar is as wide as its period, and the axis is the filter's range.
        page.goto(f"{url}/?from=2025-01-01&to=2025-10-31")
        wait_for_app(page)
        page.locator(".js-plotly-plot").nth(1).locator(".barlayer .point path").first.wait_for(
            timeout=30_000)
        days = page.evaluate(
            """() => {
                const gd = document.querySelectorAll('.js-plotly-plot')[1];
                const xa = gd._fullLayout.xaxis;
                const bars = Array.from(gd.querySelectorAll('.barlayer .point path'));
                return {range: xa.range,
                        widths: bars.map(b => b.getBBox().width / (xa._m * 86400000))};
            }""")
        assert [end[:10] for end in days["range"]] == ["2025-01-01", "2025-11-01"]
        # February 2025 (e9), March (e6), October (e1): 28, 31 and 31 days wide.
        assert sorted(round(width) for width in days["widths"]) == [28, 31, 31]

        # Choosing a row opens its detail panel: the sentence with its date marked, the link.
        page.goto(url)
        wait_for_app(page)
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 14, box["y"] + 38 + 36)  # the first row's selector
        detail = page.locator(".st-key-event_detail")
        detail.wait_for(timeout=30_000)
        assert detail.locator("mark").inner_text() == "16 October 2025"
        assert "Decided by: “adjourned”, “trial”" in detail.inner_text()
        assert detail.get_by_role("link", name="Open the source").get_attribute("href") == (
            "https://example.org/tunisia")

        # A click on a country's shape, away from its circle, opens its page.
        page.goto(url)
        wait_for_app(page)
        page.wait_for_function(
            """() => { const gd = document.querySelector('.js-plotly-plot');
                       return gd && gd._fullData
                           && gd._fullData.some(t => t.name === 'country shapes'); }""",
            timeout=30_000)
        far = page.evaluate(
            """() => {
                const gd = document.querySelectorAll('.js-plotly-plot')[0];
                const hits = gd._fullData.find(t => t.name === 'country shapes');
                const marker = gd._fullData.find(t => t.name === 'countries');
                const at = marker.customdata.indexOf('USA');
                const [ax, ay] = [marker.x[at], marker.y[at]];
                let best = null, distance = -1;
                hits.customdata.forEach((code, i) => {
                    const d = Math.hypot(hits.x[i] - ax, hits.y[i] - ay);
                    if (code === 'USA' && d > distance && d < 1500) {
                        best = [hits.x[i], hits.y[i]]; distance = d;
                    }
                });
                return best;
            }""")
        assert far is not None
        x, y = _plot_point_to_page(page, 0, *far)
        # Scrolling over the map scrolls the page; the map does not zoom.
        where = """() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
                          return [gd.getBoundingClientRect().top, gd._fullLayout.xaxis.range]; }"""
        before = page.evaluate(where)
        page.mouse.move(x, y)
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(800)
        after = page.evaluate(where)
        assert after[0] < before[0] and after[1] == before[1]
        x, y = _plot_point_to_page(page, 0, *far)
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        page.wait_for_url("**country=USA**", timeout=30_000)

        # Playback steps through the periods with their figures.
        page.goto(url)
        wait_for_app(page)
        page.get_by_text("Play through time").click()
        page.wait_for_selector(".js-plotly-plot .updatemenu-button", timeout=30_000)
        caption = page.locator(".js-plotly-plot .annotation-text").first
        first = caption.text_content()
        page.locator(".updatemenu-button").first.click()
        page.wait_for_function(
            "(first) => document.querySelector('.js-plotly-plot .annotation-text')"
            ".textContent !== first", arg=first, timeout=30_000)

    assert blocked == []
