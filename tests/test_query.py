"""The DuckDB query layer agrees with a plain pandas computation on the same build, and its
exports stream from a file in the build's CSV format."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.synthetic import write_synthetic_build
from etl import store
from views.query import (
    EXPORT_COLUMNS,
    PAGE_SIZE,
    Filters,
    Selection,
    counts_by_country,
    counts_by_type,
    events_page,
    export_batches,
    export_file,
    load_dataset,
    summary,
    write_csv,
)

EVERYTHING = ("background", "scheduled")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    write_synthetic_build(out, 3000)
    return out


def _pandas_events(data_dir: Path) -> pd.DataFrame:
    """Every event with its article's publisher: the straightforward way."""
    articles = store.read_articles(data_dir)
    events = store.read_events(data_dir).merge(
        articles[["article_id", "source", "title"]], on="article_id")
    events["publisher"] = events.source.where(events.source.fillna("").str.strip() != "",
                                              "(no publisher)")
    return events


def _pandas_selected(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    mask = events.status.isin(filters.statuses)
    if filters.start:
        mask &= events.date_end >= filters.start
    if filters.end:
        mask &= events.date_start <= filters.end
    if filters.countries:
        mask &= events.countries.map(lambda codes: bool(set(codes) & set(filters.countries)))
    if filters.types:
        mask &= events.event_type.isin(filters.types)
    if filters.sources:
        mask &= events.publisher.isin(filters.sources)
    if filters.focal_only:
        mask &= events.focal
    return events[mask]


SELECTIONS = [
    Filters(),
    Filters(include=EVERYTHING),
    Filters(start=date(2020, 1, 1), end=date(2021, 6, 30)),
    Filters(countries=("TUN", "FRA"), include=("background",)),
    Filters(types=("arrest_detention", "court_ruling"), sources=("Reuters",), focal_only=True),
]


@pytest.mark.parametrize("filters", SELECTIONS, ids=lambda filters: filters.describe())
def test_figures_counts_and_pages_agree_with_pandas(synthetic: Path, filters: Filters) -> None:
    dataset = load_dataset(synthetic)
    selection = Selection(filters)
    expected = _pandas_selected(_pandas_events(synthetic), filters)

    figures = summary(dataset, selection)
    assert figures["events"] == len(expected)
    assert figures["articles"] == expected.article_id.nunique()
    assert figures["rows"] == sum(max(1, len(codes)) for codes in expected.countries)
    named = expected.countries.explode().dropna()
    assert figures["countries"] == named.nunique()

    by_country = counts_by_country(dataset, selection).set_index("iso3").events
    assert by_country.to_dict() == named.value_counts().to_dict()
    by_type = counts_by_type(dataset, selection)
    assert len(by_type) == expected.event_type.nunique()
    assert by_type.events.sum() == len(expected)

    ordered = expected.sort_values(["date_start", "event_id"], ascending=[False, True])
    for page in (1, 2):
        shown = events_page(dataset, selection, page)
        first = (page - 1) * PAGE_SIZE
        assert shown.event_id.tolist() == ordered.event_id.iloc[first:first + PAGE_SIZE].tolist()


def test_search_folds_case_and_accents(tmp_path: Path) -> None:
    from tests.conftest import ARTICLES, EVENTS

    with store.BuildWriter(tmp_path) as build:
        build.write_tables(store.articles_table(ARTICLES), store.events_table(EVENTS))
        build.write_report({})
        build.publish()
    dataset = load_dataset(tmp_path)
    for keyword in ("asuncion", "ASUNCIÓN", "Asunción"):
        found = events_page(dataset, Selection(Filters(keyword=keyword)), 1)
        assert found.event_id.tolist() == ["e9"], keyword


def test_csv_is_streamed_from_a_file_in_the_builds_csv_format(synthetic: Path) -> None:
    dataset = load_dataset(synthetic)
    selection = Selection(Filters(include=EVERYTHING))
    with export_file(lambda path: write_csv(dataset, selection, path), ".csv") as exported:
        assert not Path(exported.name).exists()  # only the open file holds it
        data = exported.read()
    assert data.startswith("\ufeffevent_id,date,".encode()) and b"\r\n" in data
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert list(rows.columns) == EXPORT_COLUMNS
    # The build's own events.csv holds the same rows (its own order: by date, oldest first).
    built = pd.read_csv(store.events_csv_path(synthetic), encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    shared = [column for column in built.columns if column in rows.columns]
    key = ["event_id", "country"]
    assert rows[shared].sort_values(key).reset_index(drop=True).equals(
        built[shared].sort_values(key).reset_index(drop=True))
    # And the same rows as the Excel file's batches, in the same order.
    batches = pd.concat(export_batches(dataset, selection))
    assert rows.event_id.tolist() == batches.event_id.tolist()
    assert rows.country.tolist() == batches.country.tolist()
