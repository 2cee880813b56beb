"""Issue 7 through AppTest and the query layer: Clear filters, a truthful timeline, counts that
say what they count, the evidence panel's parts, the Sources panel, downloads, country page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from etl import store
from tests.conftest import ARTICLES, EVENTS
from tests.test_dashboard import EVENTS_LABEL, metrics, run_app, shown_ids
from views.charts import COARSE_TRACE, timeline_figure
from views.downloads import about_rows, file_name, write_xlsx
from views.literal import marked_html
from views.query import (
    NO_PUBLISHER,
    Filters,
    Selection,
    article,
    coarse_periods,
    counts_by_period,
    date_label,
    events_page,
    export_batches,
    filters_from_params,
    load_dataset,
    paragraph_of,
    web_link,
)
from views.sidebar import COUNTRIES_KEY, DATES_KEY, HISTORY_KEY, KEYWORD_KEY, TYPES_KEY

DAY_MS = 86_400_000


def click(app: AppTest, label: str) -> AppTest:
    [button] = [b for b in app.button if b.label == label]
    return button.click().run()


def test_clear_filters_resets_widgets_address_and_results_every_time(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_app(data_dir, monkeypatch, countries="TUN", q="trial")
    assert metrics(app)[EVENTS_LABEL] == "1"
    click(app, "Clear filters")
    assert app.multiselect(key=COUNTRIES_KEY).value == []
    assert app.text_input(key=KEYWORD_KEY).value == ""
    assert dict(app.query_params) == {}
    assert metrics(app)[EVENTS_LABEL] == "7"
    # A filter picked afterwards comes alone: the cleared ones stay cleared.
    app.multiselect(key=TYPES_KEY).set_value(["court_ruling"]).run()
    assert metrics(app)[EVENTS_LABEL] == "1"
    assert dict(app.query_params) == {"types": "court_ruling"}
    click(app, "Clear filters")  # and a second Clear works too
    assert app.multiselect(key=TYPES_KEY).value == []
    assert metrics(app)[EVENTS_LABEL] == "7"
    assert dict(app.query_params) == {}


def test_history_is_a_toggle_away_and_widens_the_dates(data_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch)
    assert app.date_input(key=DATES_KEY).value == (date(2022, 1, 1), date(2025, 10, 16))
    app.toggle(key=HISTORY_KEY).set_value(True).run()
    assert metrics(app)["Events: news and history"] == "8"
    assert app.date_input(key=DATES_KEY).value == (date(2019, 12, 31), date(2025, 10, 16))
    assert dict(app.query_params) == {"include": "background"}
    app.toggle(key=HISTORY_KEY).set_value(False).run()
    assert metrics(app)[EVENTS_LABEL] == "7"
    assert app.date_input(key=DATES_KEY).value == (date(2022, 1, 1), date(2025, 10, 16))


def test_scheduled_and_main_events_from_the_address(data_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch, include="scheduled,background")
    assert metrics(app)["Events: news, history and scheduled"] == "9"
    app = run_app(data_dir, monkeypatch, focal="1")
    assert metrics(app)["Main events reported as news"] == "1"


def test_bars_are_as_wide_as_their_period_and_coarse_dates_are_shaded(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    events = Selection(Filters(include=("background", "scheduled")))
    weekly = counts_by_period(dataset, events, "week")
    assert set(weekly.period.dt.day_of_week) == {0}  # weeks start on Monday
    assert ((weekly.period_end - weekly.period) == pd.Timedelta(days=7)).all()
    # Dated to the month or year: not drawn as if on their first day, but over their period.
    coarse = coarse_periods(dataset, events, "week")
    assert set(coarse.label) == {"2024-05", "2023", "2022", "2024"}
    assert coarse.set_index("label").end["2024-05"] == pd.Timestamp("2024-06-01")
    monthly = counts_by_period(dataset, events, "month")
    may = monthly[monthly.period == pd.Timestamp("2024-05-01")]
    assert (may.period_end == pd.Timestamp("2024-06-01")).all()

    axis = (date(2025, 1, 1), date(2025, 10, 31))
    figure = timeline_figure(monthly, coarse_periods(dataset, events, "month"), "month", axis)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert all(bar.offset == 0 for bar in bars)
    for bar in bars:
        for start, width in zip(bar.x, bar.width, strict=True):
            end = pd.Timestamp(start) + pd.offsets.MonthBegin(1)
            assert width == (end - pd.Timestamp(start)).total_seconds() * 1000
    assert list(figure.layout.xaxis.range) == ["2025-01-01", "2025-11-01"]
    assert figure.layout.xaxis.dtick == "M1" and figure.layout.yaxis.dtick == 1
    assert [t.name for t in figure.data if t.type == "scatter"] == [COARSE_TRACE]


def test_tables_show_dates_as_precisely_as_written(data_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert [date_label(date(2020, 1, 1), p) for p in ("day", "month", "year")] == [
        "2020-01-01", "2020-01", "2020"]
    app = run_app(data_dir, monkeypatch)
    table = app.dataframe[0].value
    assert "2023" in set(table["date"]) and "2024-05" in set(table["date"])
    assert "2023-01-01" not in set(table["date"])
    assert table.source.isna().sum() == 1  # the javascript: link is no link at all


def test_evidence_is_marked_escaped_and_placed_in_its_paragraph(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    [event] = [row for row in events_page(dataset, Selection(), 1).itertuples()
               if row.event_id == "e9"]
    marked = marked_html(event.sentence, event.date_text)
    assert "<mark>2 February 2025</mark>" in marked
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    text = article(dataset, "a-pry")["text"]
    assert paragraph_of(text, event.sentence).startswith("It was peaceful.")
    assert web_link("javascript:alert(1)") is None and web_link(None) is None
    assert web_link(" https://example.org/x ") == "https://example.org/x"


def test_sources_panel_reads_the_report_and_the_accuracy_file(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_app(data_dir, monkeypatch)
    assert [e.label for e in app.expander] == ["Sources and method"]
    assert any(c.value == "make evaluate" for c in app.code)
    version = load_dataset(data_dir).version
    assert any(version in t.value for t in app.text)

    build = tmp_path / "build"
    with store.BuildWriter(build) as writer:
        writer.write_tables(store.articles_table(ARTICLES), store.events_table(EVENTS))
        writer.write_report({
        "built_at": "2025-11-16T10:00:00+00:00",
        "totals": {"dates_unresolved": 2},
        "sources": [{"path": "/srv/secret/posts.xml", "format": "rss", "articles": 4,
                     "events": 9, "skipped": [{"origin": "posts.xml#2", "reason": "no text"}],
                     "error": None}],
        "dates_unresolved": [{"reason": "approximate", "count": 2, "examples": []}],
        "accuracy": {"figures": {"event_recall": 0.98}},
        })
        writer.publish()
    app = run_app(build, monkeypatch)
    texts = " ".join(t.value for t in app.text)
    assert "2025-11-16T10:00:00" in texts and "2 × approximate" in texts
    assert "skipped posts.xml: no text" in texts and "/srv/secret" not in texts
    frames = [frame.value for frame in app.dataframe]
    assert any("event recall" in set(frame.get("figure", [])) for frame in frames)


def test_downloads_are_the_rows_shown_with_labels_and_say_what_they_hold(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dataset = load_dataset(data_dir)
    filters = Filters(countries=("TUN",))
    rows = pd.concat(export_batches(dataset, Selection(filters)))
    assert rows.event_id.tolist() == ["e1", "e2", "e3", "e3"]  # newest first, as shown
    assert rows.date.tolist() == ["2025-10-16", "2024-05", "2023", "2023"]
    assert rows.event_type_label[0] == "Prosecution and trial"
    assert {"country_name", "status", "published"} <= set(rows.columns)

    about = about_rows(dataset, filters, "http://localhost:8501/?countries=TUN", len(rows),
                       rows.event_id.nunique())
    usa = Selection(Filters(countries=("USA",)))
    write_xlsx(export_batches(dataset, usa), about, tmp_path / "events.xlsx")
    book = load_workbook(tmp_path / "events.xlsx")
    assert book.sheetnames == ["events", "about"]
    sentence = next(c for c in book["events"]["M"] if str(c.value).startswith("=cmd"))
    assert sentence.data_type == "s"  # text, never a formula
    facts = {row[0].value: row[1].value for row in book["about"].iter_rows()}
    assert facts["data version"] == dataset.version
    assert facts["address of the view"] == "http://localhost:8501/?countries=TUN"
    assert facts["what"] == "3 events, 4 rows: one per event and country"
    assert dataset.version in facts["suggested citation"]
    assert file_name(dataset, filters, "xlsx") == f"rights-atlas_events_TUN_{dataset.version}.xlsx"

    app = run_app(data_dir, monkeypatch, countries="TUN")
    labels = [b.label for b in app.button]
    assert {"Prepare 3 events, 4 rows: one per event and country (CSV)",
            "Prepare 3 events, 4 rows: one per event and country (Excel)"} <= set(labels)


def test_search_folds_accents_and_keeps_commas(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    assert shown_ids(dataset, Filters(keyword="ASUNCION")) == ["e9"]
    parsed, notices = filters_from_params({"q": ["court, ordered"]}, dataset)
    assert parsed.keyword == "court, ordered" and notices == []
    assert parsed.to_params() == {"q": "court, ordered"}


def test_posts_without_publisher_can_be_selected(data_dir: Path) -> None:
    dataset = load_dataset(data_dir)
    assert NO_PUBLISHER in dataset.sources
    assert shown_ids(dataset, Filters(sources=(NO_PUBLISHER,))) == ["e9"]


def test_many_bad_values_make_one_notice_with_a_count(data_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    codes = ",".join(f"Q{index:02d}" for index in range(300))
    app = run_app(data_dir, monkeypatch, countries=codes)
    [notice] = app.warning
    assert "Ignored 300 country codes" in notice.value and "(5 shown)" in notice.value


def test_country_page_is_a_summary_to_quote(data_dir: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch, country="TUN")
    texts = [t.value for t in app.text]
    assert texts[0] == ("1 of these events in Tunisia are dated in the 12 months to "
                        "15 November 2025 (the latest post), as many as the 1 of the 12 months "
                        "before.")
    assert texts[1].startswith("Main kinds of event: ")
    assert any(b.label.endswith("France (1)") for b in app.button)
    assert all("iso3" not in frame.value.columns for frame in app.dataframe)
    assert any("1 article names Tunisia; 1 of them" in c.value for c in app.caption)


def test_playback_steps_through_the_periods_with_their_figures(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from views.playback import playback_figure

    everything = Selection(Filters(include=("background", "scheduled")))
    figure = playback_figure(load_dataset(data_dir), everything, "month",
                             (date(2024, 4, 1), date(2024, 6, 30)))
    assert [frame.name for frame in figure.frames] == ["2024-04-01", "2024-05-01", "2024-06-01"]
    captions = [frame.layout.annotations[0].text for frame in figure.frames]
    # "2024" (year) counts in every month of it; "May 2024" only in May.
    assert captions == ["Apr 2024: 1 event in 0 countries", "May 2024: 2 events in 1 country",
                        "Jun 2024: 1 event in 0 countries"]
    assert [step.label for step in figure.layout.sliders[0].steps] == [
        "Apr 2024", "May 2024", "Jun 2024"]
    assert [b.label for b in figure.layout.updatemenus[0].buttons] == ["▶ Play", "❚❚ Pause"]
    assert all(frame.traces == (1, 2) for frame in figure.frames)

    app = run_app(data_dir, monkeypatch)
    app.toggle(key="playback").set_value(True).run()
    assert not app.exception
    assert any("Press Play" in c.value for c in app.caption)
