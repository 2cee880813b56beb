"""Each view of the dashboard through Streamlit's AppTest, on the fixture build."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl import store
from tests.conftest import ARTICLES, EVENTS
from views.query import (
    Filters,
    Selection,
    choose_bucket,
    counts_by_country,
    events_page,
    filters_from_params,
    last_updated,
    load_dataset,
    write_csv,
)
from views.sidebar import ADDED_KEY

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def run_app(data_dir: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("RIGHTS_ATLAS_DATA", str(data_dir))
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


EVENTS_LABEL = "Events reported as news"


def shown_ids(dataset: object, filters: Filters, country: str | None = None) -> list[str]:
    """The ids of the events a selection shows, in the order shown (one page suffices here)."""
    return events_page(dataset, Selection(filters, country), 1).event_id.tolist()


def test_default_view_counts_the_news_and_says_so(data_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch)
    # e4 (history) and e8 (scheduled) are a toggle away.
    assert metrics(app) == {EVENTS_LABEL: "7", "Countries they name": "5",
                            "Articles they come from": "4", "Years they cover": "2022 – 2025"}
    assert [t.value for t in app.title] == ["Rights Atlas"]
    assert not app.warning


def test_country_filter(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch, countries="TUN")
    assert metrics(app)[EVENTS_LABEL] == "3"
    assert metrics(app)["Countries they name"] == "2"  # one event names France too
    assert app.multiselect(key="filter_countries").value == ["TUN"]


def test_date_filter_keeps_overlapping_periods(data_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # 2024-05-20 to 2024-06-30 overlaps "May 2024" (month) and "2024" (year) only.
    app = run_app(data_dir, monkeypatch, **{"from": "2024-05-20", "to": "2024-06-30"})
    assert metrics(app)[EVENTS_LABEL] == "2"


def test_empty_result(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch, q="no such words anywhere")
    assert metrics(app)[EVENTS_LABEL] == "0"
    assert any("No event matches" in info.value for info in app.info)


def test_country_page_by_query_string(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch, country="TUN")
    assert [t.value for t in app.title] == ["🇹🇳 Tunisia"]
    assert metrics(app)[EVENTS_LABEL] == "3"
    assert metrics(app)["Articles they come from"] == "1"
    assert "Named with it most often" in [h.value for h in app.subheader]


def test_bad_query_string_is_dropped_with_a_notice(data_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch, countries="TUN,XXX", types="nonsense",
                  **{"from": "2025-02-30"})
    notices = " ".join(w.value for w in app.warning)
    assert "` XXX `" in notices and "` nonsense `" in notices and "` 2025-02-30 `" in notices
    assert metrics(app)[EVENTS_LABEL] == "3"  # the valid TUN filter still applies


def test_unknown_country_page_falls_back_to_the_overview(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_app(data_dir, monkeypatch, country="ZZZ")
    assert [t.value for t in app.title] == ["Rights Atlas"]
    assert any("` ZZZ `" in w.value for w in app.warning)


def test_missing_data_gives_the_build_command(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(tmp_path, monkeypatch)
    assert any("No data in" in w.value for w in app.warning)
    assert any("python -m etl build" in c.value for c in app.code)


def test_filters_round_trip_through_the_query_string(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    filters = Filters(countries=("TUN", "USA"), types=("court_ruling",), keyword="NYPD")
    parsed, notices = filters_from_params(filters.to_params(), dataset)
    assert parsed == filters and notices == []


def test_filter_events_by_keyword_searches_titles_too(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    assert shown_ids(dataset, Filters(keyword="journalist jailed")) == ["e6", "e7"]


def test_counts_by_country(data_dir: Path) -> None:
    everything = Filters(include=("background", "scheduled"))
    counts = counts_by_country(load_dataset(data_dir), Selection(everything))
    assert counts.set_index("iso3").events.to_dict() == {
        "TUN": 4, "USA": 2, "EGY": 1, "FRA": 1, "PRY": 1}
    assert counts.set_index("iso3").name["USA"] == "United States"


def test_bucket_follows_the_span() -> None:
    assert choose_bucket(pd.Timestamp("2025-01-01").date(), pd.Timestamp("2025-05-01").date()) \
        == "week"
    assert choose_bucket(pd.Timestamp("2022-01-01").date(), pd.Timestamp("2025-05-01").date()) \
        == "month"
    assert choose_bucket(pd.Timestamp("2011-01-01").date(), pd.Timestamp("2025-05-01").date()) \
        == "year"


def test_csv_download_is_exactly_the_filtered_events_and_safe(data_dir: Path,
                                                             tmp_path: Path) -> None:
    dataset = load_dataset(data_dir)
    selection = Selection(Filters(countries=("USA",), include=("background",)))
    write_csv(dataset, selection, tmp_path / "events.csv")
    data = (tmp_path / "events.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = pd.read_csv(pd.io.common.BytesIO(data), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert rows.event_id.tolist() == ["e5", "e4"]  # as the table shows them: newest first
    assert set(rows.country) == {"USA"}
    # Cells that a spreadsheet would run as formulas start with an apostrophe.
    assert rows.article_title.str.startswith("'=HYPERLINK").all()
    assert rows.loc[rows.event_id == "e5", "sentence"].item().startswith("'=cmd|")
    assert len([e for e in EVENTS if "USA" in e.countries]) == len(rows)


def test_first_start_builds_the_demo_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import etl.demo

    monkeypatch.delenv("RIGHTS_ATLAS_DATA", raising=False)
    monkeypatch.setattr(etl.demo, "DEMO_OUT", tmp_path / "build")
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    assert store.has_build(tmp_path / "build")
    assert metrics(app)["Articles they come from"] == "2"  # the posts with news, not history


def test_a_range_chosen_on_the_timeline_becomes_the_date_filter(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from views.sidebar import PENDING_DATES_KEY

    monkeypatch.setenv("RIGHTS_ATLAS_DATA", str(data_dir))
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    app.session_state[PENDING_DATES_KEY] = (date(2024, 1, 1), date(2024, 12, 31))
    app.run()
    assert not app.exception, app.exception
    assert metrics(app)[EVENTS_LABEL] == "2"  # May 2024 and the year 2024
    assert app.query_params["from"] == "2024-01-01"
    assert app.query_params["to"] == "2024-12-31"


def test_values_from_the_address_are_shown_as_text_not_markdown(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_app(data_dir, monkeypatch, countries="[click](http://evil.example)",
                  sources="http://evil.example/`x`")
    texts = [warning.value for warning in app.warning]
    # In a code span: shown literally, never a link (GFM links bare URLs only in plain text).
    assert "` [CLICK](HTTP://EVIL.EXAMPLE) `" in texts[0]
    assert "`` http://evil.example/`x` ``" in texts[1]


def test_added_since_keeps_the_posts_a_later_update_brought(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = load_dataset(data_dir)
    filters, notices = filters_from_params({"added": "2025-11-18"}, dataset)
    assert notices == [] and filters.added_since == date(2025, 11, 18)
    assert filters.to_params() == {"added": "2025-11-18"}
    assert shown_ids(dataset, filters) == ["e6", "e7"]  # both of a-egy
    app = run_app(data_dir, monkeypatch, added="2025-11-18")
    assert metrics(app)["Articles they come from"] == "1"
    assert app.date_input(key=ADDED_KEY).value == date(2025, 11, 18)


def test_the_page_says_when_the_data_was_last_updated(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with store.BuildWriter(tmp_path) as build:
        build.write_tables(store.articles_table(ARTICLES), store.events_table(EVENTS))
        build.write_report({"built_at": "2025-11-20T06:30:00+00:00"})
        build.publish()
    assert last_updated(load_dataset(tmp_path)) == "2025-11-20 06:30 UTC"
    app = run_app(tmp_path, monkeypatch)
    assert any("Data last updated 2025-11-20 06:30 UTC." in c.value for c in app.caption)
