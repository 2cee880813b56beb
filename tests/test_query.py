"""The DuckDB query layer agrees with a plain pandas computation on the same build, reads the
build's own query database without writing to it (or loads one for an older build), and its
exports stream from a file in the build's CSV format."""

from __future__ import annotations

import io
import shutil
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from benchmarks.synthetic import write_synthetic_build
from etl import store
from views import query
from views.query import (
    EXPORT_COLUMNS,
    PAGE_SIZE,
    Dataset,
    Filters,
    Selection,
    coarse_periods,
    counts_by_country,
    counts_by_period,
    counts_by_type,
    events_page,
    events_per_period,
    export_batches,
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
    Selection(Filters()),
    Selection(Filters(include=EVERYTHING)),
    Selection(Filters(start=date(2020, 1, 1), end=date(2021, 6, 30))),
    Selection(Filters(countries=("TUN", "FRA"), include=("background",))),
    Selection(Filters(types=("arrest_detention", "court_ruling"), sources=("Reuters",),
                      focal_only=True)),
    # One country (named by a tenth of the events): read from event_countries alone.
    Selection(Filters(countries=("GEO",))),
    Selection(Filters(countries=("GEO",), start=date(2024, 1, 1), types=("court_ruling",),
                      include=EVERYTHING)),
    Selection(Filters(include=("scheduled",)), country="GEO"),
]


def _describe(selection: Selection) -> str:
    return f"{selection.country or 'overview'}-{selection.filters.describe()}"


@pytest.mark.parametrize("selection", SELECTIONS, ids=_describe)
def test_figures_counts_and_pages_agree_with_pandas(synthetic: Path,
                                                    selection: Selection) -> None:
    filters = selection.filters
    if selection.country:  # a country's page: its events, as a filter on it would select
        filters = Filters(**{**_fields(filters), "countries": (selection.country,)})
    _agree_with_pandas(load_dataset(synthetic), selection,
                       _pandas_selected(_pandas_events(synthetic), filters))


def test_pages_read_in_stored_order_across_row_groups(tmp_path: Path) -> None:
    """A page of rows that come in the order shown is read without a sort: it holds the events
    of the sorted order where the scan crosses from one of DuckDB's row groups (122,880 rows)
    to the next, in `events` and in one country's rows of `event_countries`."""
    write_synthetic_build(tmp_path, 130_000)
    dataset = load_dataset(tmp_path)
    row_group = 122_880
    # The index is an event's rowid in `events`, its place in the order shown.
    events = _pandas_events(tmp_path).sort_values(["date_start", "event_id"],
                                                  ascending=[False, True], ignore_index=True)
    # `event_countries`, by country and then rowid: the country whose rows cross a row group.
    by_country = (events.countries.explode().dropna().rename("country").rename_axis("row")
                  .reset_index().sort_values(["country", "row"], ignore_index=True))
    crossing_country = by_country.country[row_group]
    first_group = {None: events.index[:row_group],
                   crossing_country: by_country.row[:row_group][
                       by_country.country[:row_group] == crossing_country]}
    for country, stored_first in first_group.items():
        selection = Selection(Filters(countries=(country,) if country else ()))
        selected = _pandas_selected(events, selection.filters)
        crossing = int(selected.index.isin(stored_first).sum()) // PAGE_SIZE + 1
        last = (len(selected) - 1) // PAGE_SIZE + 1
        for page in (crossing, crossing + 1, last):
            first = (page - 1) * PAGE_SIZE
            assert events_page(dataset, selection, page).event_id.tolist() == \
                selected.event_id.iloc[first:first + PAGE_SIZE].tolist(), (country, page)


def test_several_countries_count_an_event_once(synthetic: Path) -> None:
    events = _pandas_events(synthetic)
    # The two countries most often named together, so some events name both.
    pairs = events.countries[events.countries.map(len) == 2].map(tuple).map(sorted).map(tuple)
    pair = pairs.value_counts().index[0]
    filters = Filters(countries=pair, include=EVERYTHING)
    expected = _pandas_selected(events, filters)
    assert expected.countries.map(lambda codes: set(pair) <= set(codes)).sum() > 0
    _agree_with_pandas(load_dataset(synthetic), Selection(filters), expected)


def _fields(filters: Filters) -> dict[str, object]:
    return {name: getattr(filters, name) for name in Filters.__slots__}


def _agree_with_pandas(dataset: Dataset, selection: Selection, expected: pd.DataFrame) -> None:
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
    by_period = counts_by_period(dataset, selection, "year")
    assert by_period.events.sum() == expected.date_precision.isin(["day", "month", "year"]).sum()

    ordered = expected.sort_values(["date_start", "event_id"], ascending=[False, True])
    for page in (1, 2):
        shown = events_page(dataset, selection, page)
        first = (page - 1) * PAGE_SIZE
        assert shown.event_id.tolist() == ordered.event_id.iloc[first:first + PAGE_SIZE].tolist()


# The selections the build's counts answer for: events of some statuses, no other filter.
STATUSES_ALONE = [Selection(Filters(include=include))
                  for include in ((), ("background",), ("scheduled",), EVERYTHING)]


def _counts(dataset: Dataset, selection: Selection) -> list[object]:
    """Every answer the build's counts may give, each asked of the database (not the cache)."""
    periods = ((date(2020, 1, 1), date(2021, 1, 1)), (date(2024, 3, 4), date(2024, 3, 11)),
               (date(1990, 1, 1), date(2030, 1, 1)))
    answers = [summary.__wrapped__(dataset, selection),
               counts_by_country.__wrapped__(dataset, selection),
               counts_by_type.__wrapped__(dataset, selection)]
    # The playback's counts come in no particular order.
    answers += [frame.sort_values(list(frame.columns), ignore_index=True)
                for frame in events_per_period.__wrapped__(dataset, selection, periods)]
    for bucket in ("week", "month", "year"):
        answers += [counts_by_period.__wrapped__(dataset, selection, bucket),
                    coarse_periods.__wrapped__(dataset, selection, bucket)]
    return answers


@pytest.mark.parametrize("build", ["synthetic", "data_dir"])
@pytest.mark.parametrize("selection", STATUSES_ALONE + [
    selection for selection in SELECTIONS if selection not in STATUSES_ALONE],
    ids=_describe)
def test_the_builds_counts_answer_as_the_events_counted_one_by_one(
        build: str, selection: Selection, request: pytest.FixtureRequest,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = load_dataset(request.getfixturevalue(build))
    # Only the selections of statuses alone read the counts; any other filter needs the events.
    stored_counts = query._stored_counts(selection)
    assert stored_counts == (selection in STATUSES_ALONE)
    stored = _counts(dataset, selection)
    monkeypatch.setattr(query, "_stored_counts", lambda selection: False)
    counted = _counts(dataset, selection)
    assert counted[0]["events"] > 0 or not stored_counts
    for answer, expected in zip(stored, counted, strict=True):
        if isinstance(expected, pd.DataFrame):
            pd.testing.assert_frame_equal(answer, expected)
        else:
            assert answer == expected


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


def test_csv_is_written_to_a_file_in_the_builds_csv_format(synthetic: Path,
                                                           tmp_path: Path) -> None:
    dataset = load_dataset(synthetic)
    selection = Selection(Filters(include=EVERYTHING))
    write_csv(dataset, selection, tmp_path / "events.csv")
    data = (tmp_path / "events.csv").read_bytes()
    assert data.startswith("\ufeffevent_id,date,".encode()) and b"\r\n" in data
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert list(rows.columns) == EXPORT_COLUMNS
    # The build's own events.csv holds the same rows, in the order shown.
    built = pd.read_csv(store.events_csv_path(synthetic), encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    _same_rows_in_the_order_shown(rows, built)
    # And the same rows as the Excel file's batches, in the same order.
    batches = pd.concat(export_batches(dataset, selection))
    assert rows.event_id.tolist() == batches.event_id.tolist()
    assert rows.country.tolist() == batches.country.tolist()


def test_a_countrys_csv_holds_its_events_rows_of_the_builds_csv(synthetic: Path,
                                                                 tmp_path: Path) -> None:
    dataset = load_dataset(synthetic)
    selection = Selection(Filters(include=EVERYTHING), country="GEO")
    write_csv(dataset, selection, tmp_path / "events.csv")
    rows = pd.read_csv(tmp_path / "events.csv", encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    built = pd.read_csv(store.events_csv_path(synthetic), encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    naming = set(built.event_id[built.country == "GEO"])
    built = built[built.event_id.isin(naming)]
    assert summary(dataset, selection)["rows"] == len(rows) == len(built) > 0
    _same_rows_in_the_order_shown(rows, built)


def _same_rows_in_the_order_shown(rows: pd.DataFrame, built: pd.DataFrame) -> None:
    """`rows` (an export) holds the rows of `built` (the build's events.csv, by date, oldest
    first) in the order shown: newest first, then by event."""
    shared = [column for column in built.columns if column in rows.columns]
    key = ["event_id", "country"]
    assert rows[shared].sort_values(key).reset_index(drop=True).equals(
        built[shared].sort_values(key).reset_index(drop=True))
    shown = rows.sort_values(["date_start", "event_id", "country"],
                             ascending=[False, True, True], kind="stable")
    assert shown.index.tolist() == list(range(len(rows)))


def test_the_build_holds_its_query_database_and_the_dashboard_only_reads_it(
        synthetic: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(store.current_build(synthetic), build)
    database = build / store.QUERY_DB_FILE
    assert database.is_file()
    before = database.read_bytes()
    for path in (database, build):  # read-only, as a published build may be
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        dataset = load_dataset(build)
        assert dataset.database.path == database
        expected = _pandas_selected(_pandas_events(synthetic), Filters(countries=("GEO",)))
        _agree_with_pandas(dataset, Selection(Filters(countries=("GEO",))), expected)
        with dataset.database.cursor() as cursor, pytest.raises(duckdb.Error, match="read-only"):
            cursor.execute("CREATE TABLE written (x INTEGER)")
        assert sorted(path.name for path in build.iterdir()) == sorted(store.BUILD_FILES)
        assert database.read_bytes() == before
    finally:
        build.chmod(0o755)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def _without_layout(database: Path) -> None:
    with duckdb.connect(str(database)) as connection:
        connection.execute("DROP TABLE layout")


@pytest.mark.parametrize("older", [Path.unlink, _without_layout],
                         ids=["no query database", "another layout"])
def test_a_build_of_an_older_version_gets_a_query_database_for_the_dashboard(
        synthetic: Path, tmp_path: Path, older: Callable[[Path], None]) -> None:
    old = tmp_path / "old"
    shutil.copytree(store.current_build(synthetic), old)
    older(old / store.QUERY_DB_FILE)
    before = _files(old)
    dataset, current = load_dataset(old), load_dataset(synthetic)
    assert dataset.database.path.parent == dataset.database.folder
    assert _files(old) == before  # the build itself is left as it was
    assert dataset.version == current.version
    for selection in SELECTIONS:
        assert summary(dataset, selection) == summary(current, selection)
        assert events_page(dataset, selection, 1).equals(events_page(current, selection, 1))
