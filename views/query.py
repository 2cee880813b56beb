"""The dashboard's one door to the data: a selection (filters, and the country of a page) in,
figures, aggregates and one page of rows out.

Every answer is a SQL query on the build's query database (views/database.py), so the views
hold no SQL and never the whole table: a million events cost the browser what a hundred do.
A selection with countries is read from `event_countries` alone (their rows are together);
`events` is read whole only by a selection without countries, and otherwise only for the
rows of a page or a download. The overview's default view (events of some statuses, no other
filter) is counted from the counts the build keeps of them (event_counts, country_counts,
article_statuses), which give the same answers from fewer rows. Answers are kept per build
and selection (st.cache_data), so a rerun that changes nothing queries nothing.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from etl import store
from etl.countrycodes import country_name
from etl.schema import EVENT_TYPES
from etl.store.query_db import NO_PUBLISHER as NO_PUBLISHER
from etl.store.query_db import sql_literal
from etl.store.tables import FORMULA_PREFIXES
from views.database import BuildDatabase

# `country` in the query string opens a country's page; `countries` filters (Filters.to_params).
PAGE_KEY = "country"
# The ETL's `status`: what the post reports as news is always shown; the others on request.
REPORTED = "reported"
OPTIONAL_STATUSES = {"background": "history", "scheduled": "scheduled"}
STATUS_LABELS = {REPORTED: "news", **OPTIONAL_STATUSES}
NOTICE_EXAMPLES = 5  # values quoted in one notice; the rest are counted
PAGE_SIZE = 50  # rows of the events table sent at a time
ARTICLES_SHOWN = 100  # of the articles that name a country, the newest
EXPORT_BATCH_ROWS = 20_000  # download rows held at a time while an Excel file is written


@dataclass(frozen=True, slots=True)
class Filters:
    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    keyword: str = ""
    include: tuple[str, ...] = ()  # of OPTIONAL_STATUSES: history, scheduled dates
    focal_only: bool = False  # only the events each post is about
    added_since: date | None = None  # only posts the atlas first read on or after this day

    @property
    def statuses(self) -> tuple[str, ...]:
        return (REPORTED, *self.include)

    def to_params(self) -> dict[str, str]:
        values = {
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "countries": ",".join(self.countries),
            "types": ",".join(self.types),
            "sources": ",".join(self.sources),
            "q": self.keyword,
            "include": ",".join(self.include),
            "focal": "1" if self.focal_only else "",
            "added": self.added_since.isoformat() if self.added_since else "",
        }
        return {key: value for key, value in values.items() if value}

    def counted(self) -> str:
        """What the headline figures count, in words: "Events reported as news",
        "Main events: news and history"."""
        noun = "Main events" if self.focal_only else "Events"
        if not self.include:
            return f"{noun} reported as news"
        kinds = ["news", *(OPTIONAL_STATUSES[status] for status in self.include)]
        return f"{noun}: {', '.join(kinds[:-1])} and {kinds[-1]}"

    def describe(self) -> str:
        """A short slug of the filters, for file names."""
        parts = list(self.countries) + list(self.types)
        if self.start or self.end:
            parts.append(f"{self.start or 'start'}_{self.end or 'end'}")
        return "_".join(parts) or "all"




@dataclass(frozen=True, slots=True)
class Notice:
    """A value of the address that was dropped: `message` is ours, `values` are what the
    visitor wrote (shown literally, never as Markdown or a link)."""

    message: str
    values: tuple[str, ...] = ()




def date_label(start: date, precision: str) -> str:
    """A date as precise as it was written: 2025-10-16, 2024-05 or 2023 (never 2023-01-01)."""
    if precision == "year":
        return f"{start:%Y}"
    if precision == "month":
        return f"{start:%Y-%m}"
    return start.isoformat()


def web_link(url: object) -> str | None:
    """The URL when it is a web address; None for anything else (javascript:, data:, blank)."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None




def has_data(data_dir: Path) -> bool:
    return store.has_build(data_dir)


def build_stamp(data_dir: Path) -> str:
    """Changes whenever a new build is published: the current build's folder, and its events
    file's modification time (a folder of the layout before builds/ is rewritten in place)."""
    build = store.current_build(data_dir)
    return f"{build}@{(build / store.EVENTS_FILE).stat().st_mtime_ns}"




def last_updated(dataset: Dataset) -> str | None:
    """When the data was last built or updated (UTC, to the minute), from its run report."""
    built = dataset.report.get("built_at")
    if not isinstance(built, str):
        return None
    try:
        return datetime.fromisoformat(built).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return None




def filters_from_params(
    params: Mapping[str, str | list[str]], dataset: Dataset
) -> tuple[Filters, list[Notice]]:
    """Filters from a query string, and one notice per kind of value that had to be dropped."""
    notices: list[Notice] = []

    def raw(key: str) -> str:
        value = params.get(key, "")
        return ",".join(value) if isinstance(value, list) else value

    def values(key: str) -> list[str]:
        return [part.strip() for part in raw(key).split(",") if part.strip()]

    def known(key: str, allowed: Iterable[str], what: str, upper: bool = False) -> tuple[str, ...]:
        allowed = set(allowed)
        kept, dropped = [], []
        for value in values(key):
            value = value.upper() if upper else value
            (kept if value in allowed else dropped).append(value)
        if dropped:
            notices.append(_dropped_notice(dropped, what))
        return tuple(dict.fromkeys(kept))

    def day(key: str) -> date | None:
        given = values(key)
        if not given:
            return None
        try:
            return date.fromisoformat(given[0])
        except ValueError:
            notices.append(Notice("Ignored a date in the address: not a valid date "
                                  "(use YYYY-MM-DD)", (given[0],)))
            return None

    start, end = day("from"), day("to")
    if start and end and start > end:
        notices.append(Notice(f"Ignored the date range {start} to {end}: it ends before it "
                              "starts"))
        start = end = None
    filters = Filters(
        start=start,
        end=end,
        countries=known("countries", dataset.countries, "country code", upper=True),
        types=known("types", EVENT_TYPES, "event type"),
        sources=known("sources", dataset.sources, "publisher"),
        # The keyword is kept whole: it may hold commas.
        keyword=raw("q").strip()[:200],
        include=tuple(status for status in OPTIONAL_STATUSES
                      if status in known("include", OPTIONAL_STATUSES, "kind of event")),
        focal_only=raw("focal") == "1",
        added_since=day("added"),
    )
    return filters, notices


def _dropped_notice(dropped: list[str], what: str) -> Notice:
    unique = list(dict.fromkeys(dropped))
    count = len(unique)
    message = (f"Ignored {count} {what}{'' if count == 1 else 's'} in the address, not in the "
               "data")
    if count > NOTICE_EXAMPLES:
        message += f" ({NOTICE_EXAMPLES} shown)"
    return Notice(message, tuple(value[:60] for value in unique[:NOTICE_EXAMPLES]))


def page_country(
    params: Mapping[str, str | list[str]], dataset: Dataset
) -> tuple[str | None, Notice | None]:
    """The country whose page the address asks for, and a notice when it is not in the data."""
    raw = params.get(PAGE_KEY)
    if not raw:
        return None, None
    code = (raw[0] if isinstance(raw, list) else raw).strip().upper()
    if code in dataset.countries:
        return code, None
    return None, Notice("No such country in the data, showing the overview", (code[:60],))




def paragraph_of(text: str, sentence: str) -> str:
    """The paragraph of an article's text that holds the sentence (whitespace folded, as the
    ETL stores sentences); "" when it cannot be found."""
    wanted = " ".join(sentence.split())
    for paragraph in text.split("\n"):
        folded = " ".join(paragraph.split())
        if wanted and wanted in folded:
            return folded
    return ""




@dataclass(frozen=True, slots=True)
class Selection:
    """What a view shows: the filters, and on a country's page that country's events."""

    filters: Filters = field(default_factory=Filters)
    country: str | None = None


@dataclass(frozen=True, eq=False)
class Dataset:
    database: BuildDatabase
    key: str  # names the build in every cache (build_stamp)
    event_count: int  # how many events the build holds
    countries: tuple[str, ...] = ()  # every code that has an event or article
    sources: tuple[str, ...] = ()  # the publishers of the events
    version: str = ""  # a short hash of the tables: in the Sources panel and every file name
    report: Mapping[str, Any] = field(default_factory=dict)  # the build's run report
    # The extraction's accuracy figures, as the build's report carries them (etl/accuracy.py).
    evaluation: Mapping[str, Any] = field(default_factory=dict)
    spans: Mapping[str, tuple[date, date]] = field(default_factory=dict)  # dates per status
    latest_post: date | None = None  # the latest publication date

    @property
    def span(self) -> tuple[date, date] | None:
        return self.span_of(self.spans)

    def span_of(self, statuses: Iterable[str]) -> tuple[date, date] | None:
        """The dates of the events of these statuses: the default range follows the news, so
        old history does not squash it on the time axis."""
        spans = [self.spans[status] for status in statuses if status in self.spans]
        if not spans:
            return None if not self.spans else self.span
        return min(first for first, _ in spans), max(last for _, last in spans)


def load_dataset(data_dir: Path) -> Dataset:
    build = store.current_build(data_dir)  # once: both tables from the same build
    database = BuildDatabase(build)
    with database.cursor() as cursor:
        [(events, latest_post)] = cursor.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT max(published) FROM articles)"
        ).fetchall()
        spans = {status: (first, last) for status, first, last in cursor.execute(
            "SELECT status::VARCHAR, min(date_start), max(date_end) FROM events GROUP BY 1"
        ).fetchall()}
        codes = [code for (code,) in cursor.execute(
            "SELECT unnest(enum_range(NULL::country_code))").fetchall() if code]
        sources = [name for (name,) in cursor.execute(
            "SELECT DISTINCT publisher FROM events ORDER BY 1").fetchall()]
        version = data_version(cursor)
    report = store.read_json_object(build / store.REPORT_FILE)
    return Dataset(
        database, key=build_stamp(data_dir), event_count=events,
        countries=tuple(sorted(codes, key=country_name)), sources=tuple(sources),
        version=version, report=report, evaluation=report.get("accuracy", {}),
        spans=spans, latest_post=latest_post,
    )


def data_version(cursor: duckdb.DuckDBPyConnection) -> str:
    """Eight hex digits that change whenever any value of either table changes."""
    digest = hashlib.sha256()
    for table in ("articles", "events"):
        [(rows, mixed)] = cursor.execute(
            f"SELECT count(*), bit_xor(hash({table})) FROM {table}").fetchall()
        digest.update(f"{table}:{rows}:{mixed}".encode())
    return digest.hexdigest()[:8]


# The columns of a selected event that the figures read, in `events` and `event_countries`.
_EVENT_COLUMNS = ("article_no, countries, date_start, date_end, date_precision, event_type, "
                  "status, focal")


def _wanted(selection: Selection) -> list[str]:
    """A country page's country; elsewhere the selected countries, any of which will do."""
    return [selection.country] if selection.country else list(selection.filters.countries)


def _conditions(filters: Filters, table: str) -> tuple[str, list[object]]:
    """The WHERE clause of every filter but the countries, on `events` or `event_countries`
    (which carry the same filter columns; for a selection of statuses alone, also on the
    build's counts, which carry `status`), and its parameters. The values are parameters,
    never SQL text; codes are compared as the enums they are stored as. A value among several
    is tested with list_contains: over a million events, `= ANY(list)` took some 3 times as
    long for one status."""
    conditions = ["list_contains(?::status[], status)"]
    params: list[object] = [list(filters.statuses)]
    # An event of month or year precision is in range when its period overlaps the range.
    if filters.start:
        conditions.append("date_end >= ?")
        params.append(filters.start)
    if filters.end:
        conditions.append("date_start <= ?")
        params.append(filters.end)
    if filters.types:
        conditions.append("list_contains(?::event_type[], event_type)")
        params.append(list(filters.types))
    if filters.sources:
        conditions.append("list_contains(?::VARCHAR[], publisher)")
        params.append(list(filters.sources))
    if filters.keyword:
        # Folded as search_text was (etl/store/query_db.py): "gabes" finds "Gabès".
        search = "contains(search_text, strip_accents(lower(?)))"
        conditions.append(search if table == "events"
                          else f"event_row IN (SELECT rowid FROM events WHERE {search})")
        params.append(filters.keyword)
    if filters.focal_only:
        conditions.append("focal")
    if filters.added_since:
        conditions.append("added_on >= ?")
        params.append(filters.added_since)
    return " AND ".join(conditions), params


def _selected(selection: Selection) -> tuple[str, list[object]]:
    """The selected events, one row each: `event_row` (the event's place in the order shown)
    and _EVENT_COLUMNS. With countries, from those countries' rows of event_countries alone."""
    wanted = _wanted(selection)
    if not wanted:
        where, params = _conditions(selection.filters, "events")
        return (f"SELECT rowid AS event_row, {_EVENT_COLUMNS} FROM events WHERE {where}",
                params)
    where, params = _conditions(selection.filters, "event_countries")
    # A code no event names matches nothing (TRY_CAST makes it NULL) rather than failing.
    # One country is compared by equality: DuckDB then skips the other countries' row groups
    # (the table is sorted by country), where it tests a list's members row by row.
    country, wanted_param = (("country = TRY_CAST(? AS country_code)", wanted[0])
                             if len(wanted) == 1 else
                             ("list_contains(TRY_CAST(? AS country_code[]), country)", wanted))
    rows = (f"SELECT event_row, {_EVENT_COLUMNS} FROM event_countries "
            f"WHERE {country} AND {where}")
    if len(wanted) > 1:
        # An event that names two of the selected countries is one event.
        rows = f"SELECT DISTINCT ON (event_row) * FROM ({rows})"
    return rows, [wanted_param, *params]


def _in_shown_order(selection: Selection) -> bool:
    """Whether _selected's rows come in the order shown (by event_row) as stored: those of
    `events`, or of one country in `event_countries` (sorted by country, then event_row);
    not those of several countries, which DISTINCT ON leaves in no order."""
    return len(_wanted(selection)) <= 1


def _named(selection: Selection) -> tuple[str, list[object]]:
    """The selected events once per country they name: `country` and _EVENT_COLUMNS. An
    event with countries selected counts for every country it names, selected or not."""
    if _wanted(selection):
        selected, params = _selected(selection)
        return f"SELECT unnest(countries) AS country, * FROM ({selected})", params
    where, params = _conditions(selection.filters, "event_countries")
    return f"SELECT country, {_EVENT_COLUMNS} FROM event_countries WHERE {where}", params


def _stored_counts(selection: Selection) -> bool:
    """Whether the build's counts (event_counts, country_counts, article_statuses) answer for
    the selection: the overview's events of some statuses, with no other filter (its default
    view, and the same with history or scheduled dates)."""
    filters = selection.filters
    return selection.country is None and filters == Filters(include=filters.include)


def _counted(selection: Selection) -> tuple[str, list[object]]:
    """The selected events counted per dates and type: date_start, date_end, date_precision,
    event_type, events, download_rows. Read from event_counts where it answers for the
    selection; otherwise each selected event is a row that counts 1."""
    if _stored_counts(selection):
        where, params = _conditions(selection.filters, "event_counts")
        return (f"SELECT date_start, date_end, date_precision, event_type, events, "
                f"download_rows FROM event_counts WHERE {where}", params)
    selected, params = _selected(selection)
    return (f"SELECT date_start, date_end, date_precision, event_type, 1 AS events, "
            f"greatest(len(countries), 1) AS download_rows FROM ({selected})", params)


def _counted_per_country(selection: Selection) -> tuple[str, list[object]]:
    """The selected events counted per country named and type: country, event_type, events
    (as _counted: from country_counts, or 1 per event and country)."""
    if _stored_counts(selection):
        where, params = _conditions(selection.filters, "country_counts")
        return f"SELECT country, event_type, events FROM country_counts WHERE {where}", params
    named, params = _named(selection)
    return f"SELECT country, event_type, 1 AS events FROM ({named})", params


def _articles_counted(selection: Selection) -> tuple[str, list[object]]:
    """A query of one value: how many articles hold the selected events."""
    if _stored_counts(selection):
        return ("SELECT coalesce(sum(articles), 0) FROM article_statuses "
                "WHERE list_has_any(statuses, ?::status[])", [list(selection.filters.statuses)])
    selected, params = _selected(selection)
    return f"SELECT count(DISTINCT article_no) FROM ({selected})", params


def _frame(dataset: Dataset, sql: str, params: list[object]) -> pd.DataFrame:
    with dataset.database.cursor() as cursor:
        return cursor.execute(sql, params).df()


def _rows(dataset: Dataset, sql: str, params: list[object]) -> list[tuple[Any, ...]]:
    with dataset.database.cursor() as cursor:
        return cursor.execute(sql, params).fetchall()


@st.cache_data(max_entries=1000, show_spinner=False)
def _remembered(_query: Callable[..., Any], name: str, _dataset: Dataset, build: str,
                *args: object) -> Any:
    """One answer per query, build and arguments: the arguments named with `_` are not part
    of the key (a function, the database), `name` and `build` stand for them."""
    return _query(_dataset, *args)


def _cached(query: Callable[..., Any]) -> Callable[..., Any]:
    def answer(dataset: Dataset, *args: object) -> Any:
        return _remembered(query, query.__name__, dataset, dataset.key, *args)

    return functools.update_wrapper(answer, query)  # `answer.__wrapped__` asks DuckDB again


@_cached
def summary(dataset: Dataset, selection: Selection) -> dict[str, Any]:
    """events, rows (one per event and country, as the downloads hold them), countries,
    articles, span (the years, in words)."""
    counted, params = _counted(selection)
    per_country, country_params = _counted_per_country(selection)
    articles_counted, article_params = _articles_counted(selection)
    [(events, rows, articles, first, last, countries)] = _rows(dataset, f"""
        SELECT coalesce(sum(events), 0), coalesce(sum(download_rows), 0),
               ({articles_counted}), min(date_start), max(date_end),
               (SELECT count(DISTINCT country) FROM ({per_country}))
        FROM ({counted})""", [*article_params, *country_params, *params])
    if not events:
        return {"events": 0, "rows": 0, "countries": 0, "articles": 0, "span": "—"}
    return {
        "events": events, "rows": int(rows), "countries": countries, "articles": articles,
        "span": f"{first:%Y} – {last:%Y}" if first.year != last.year else f"{first:%Y}",
    }


@_cached
def counts_by_country(dataset: Dataset, selection: Selection) -> pd.DataFrame:
    """iso3, name, events, top_types (the two most frequent types, as labels)."""
    per_country, params = _counted_per_country(selection)
    frame = _frame(dataset, f"""
        WITH counted AS (
            SELECT country::VARCHAR AS iso3, event_type, sum(events) AS events,
                   -- Ties go to the type listed first (EVENT_TYPES, the enum's order).
                   row_number() OVER (PARTITION BY country
                                      ORDER BY sum(events) DESC, event_type) AS place
            FROM ({per_country}) GROUP BY country, event_type)
        SELECT iso3, sum(events) AS events,
               string_agg(label, ', ' ORDER BY place) FILTER (place <= 2) AS top_types
        FROM counted JOIN type_labels USING (event_type)
        GROUP BY iso3 ORDER BY events DESC, iso3""", params)
    frame.insert(1, "name", frame.iso3.map(country_name))
    frame["events"] = frame.events.astype(int)
    return frame


def choose_bucket(start: date, end: date) -> str:
    days = (end - start).days
    if days <= 190:
        return "week"
    if days <= 5 * 366:
        return "month"
    return "year"


# The precisions that fit in one bucket (a day in a week bar); the others are coarse.
_FITS = {"week": ("day",), "month": ("day", "month"), "year": ("day", "month", "year")}


def _next_period(first: pd.Series, bucket: str) -> pd.Series:
    if bucket == "week":
        return first + pd.Timedelta(days=7)
    return first + (pd.offsets.MonthBegin(1) if bucket == "month" else pd.offsets.YearBegin(1))


def period_bounds(days: pd.Series, bucket: str) -> tuple[pd.Series, pd.Series]:
    """The first day of each day's bucket and the first day of the next (both timestamps)."""
    days = pd.to_datetime(days)
    if bucket == "week":
        first = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    else:
        first = days.dt.to_period("M" if bucket == "month" else "Y").dt.start_time
    return first, _next_period(first, bucket)


@_cached
def counts_by_period(dataset: Dataset, selection: Selection, bucket: str) -> pd.DataFrame:
    """period, period_end (the next period's first day), event_type (label), events: the events
    dated precisely enough to belong to one bucket; coarser ones are in coarse_periods."""
    counted, params = _counted(selection)
    # Grouped on the dates and enums as stored, converted after: once per bar, not per event.
    counts = _frame(dataset, f"""
        SELECT CAST(period AS TIMESTAMP) AS period, event_type::VARCHAR AS event_type, events
        FROM (SELECT date_trunc(?, date_start) AS period, event_type,
                     sum(events)::BIGINT AS events
              FROM ({counted}) WHERE list_contains(?::date_precision[], date_precision)
              GROUP BY ALL)
        ORDER BY period, event_type""", [bucket, *params, list(_FITS[bucket])])
    if counts.empty:
        return pd.DataFrame(columns=["period", "period_end", "event_type", "events"])
    counts["period"] = pd.to_datetime(counts.period)
    counts.insert(1, "period_end", _next_period(counts.period, bucket))
    counts["event_type"] = counts.event_type.map(EVENT_TYPES)
    return counts


@_cached
def coarse_periods(dataset: Dataset, selection: Selection, bucket: str) -> pd.DataFrame:
    """start, end (the day after), label, events: the events dated less precisely than the
    bucket (a month in a week view), counted per period they are dated to."""
    counted, params = _counted(selection)
    coarse = _frame(dataset, f"""
        SELECT date_start, date_end, date_precision::VARCHAR AS precision,
               sum(events)::BIGINT AS events
        FROM ({counted}) WHERE NOT list_contains(?::date_precision[], date_precision)
        GROUP BY ALL ORDER BY date_start, date_end""", [*params, list(_FITS[bucket])])
    if coarse.empty:
        return pd.DataFrame(columns=["start", "end", "label", "events"])
    return pd.DataFrame({
        "start": pd.to_datetime(coarse.date_start),
        "end": pd.to_datetime(coarse.date_end) + pd.Timedelta(days=1),
        "label": [date_label(d, p) for d, p in zip(pd.to_datetime(coarse.date_start),
                                                   coarse.precision, strict=True)],
        "events": coarse.events,
    })


@_cached
def counts_by_type(dataset: Dataset, selection: Selection) -> pd.DataFrame:
    """event_type (label), events: most frequent first."""
    counted, params = _counted(selection)
    counts = _frame(dataset, f"""
        SELECT event_type::VARCHAR AS event_type, sum(events)::BIGINT AS events
        FROM ({counted}) GROUP BY ALL ORDER BY events DESC, event_type""", params)
    counts["event_type"] = counts.event_type.map(EVENT_TYPES)
    return counts


@_cached
def cooccurring_countries(dataset: Dataset, selection: Selection, limit: int = 10
                          ) -> pd.DataFrame:
    """iso3, name, events: the countries named in the same events as the page's country."""
    named, params = _named(selection)
    frame = _frame(dataset, f"""
        SELECT country::VARCHAR AS iso3, count(*) AS events FROM ({named})
        WHERE country::VARCHAR != ? GROUP BY ALL
        ORDER BY events DESC, iso3 LIMIT ?""", [*params, selection.country, limit])
    frame.insert(1, "name", frame.iso3.map(country_name))
    return frame


@_cached
def articles_naming(dataset: Dataset, selection: Selection) -> tuple[int, int, pd.DataFrame]:
    """How many articles name the page's country, how many of them hold the events selected,
    and the newest ARTICLES_SHOWN of them: published, title, source, url (web links only),
    has_events."""
    selected, params = _selected(selection)
    named = f"""
        WITH counted AS (SELECT DISTINCT article_no FROM ({selected}))
        SELECT a.published, a.title, a.source, a.url,
               a.rowid IN (SELECT article_no FROM counted) AS has_events
        FROM articles a WHERE list_contains(a.countries::VARCHAR[], ?)"""
    args = [*params, selection.country]
    [(total, holding)] = _rows(
        dataset, f"SELECT count(*), count(*) FILTER (has_events) FROM ({named})", args)
    newest = _frame(dataset, f"{named} ORDER BY a.published DESC NULLS LAST, a.article_id "
                             "LIMIT ?", [*args, ARTICLES_SHOWN])
    newest["published"] = [None if pd.isna(day) else day.date() for day in newest.published]
    newest["url"] = newest.url.map(web_link)
    return total, holding, newest


@_cached
def trend(dataset: Dataset, selection: Selection, until: date) -> tuple[int, int]:
    """Events dated in the 12 months up to `until`, and in the 12 months before those."""
    year_ago = date(until.year - 1, until.month, min(until.day, 28))
    two_years_ago = date(until.year - 2, until.month, min(until.day, 28))
    selected, params = _selected(selection)
    [(recent, before)] = _rows(dataset, f"""
        SELECT count(*) FILTER (date_start > ? AND date_start <= ?),
               count(*) FILTER (date_start > ? AND date_start <= ?)
        FROM ({selected})""", [year_ago, until, two_years_ago, year_ago, *params])
    return recent, before


@_cached
def events_page(dataset: Dataset, selection: Selection, page: int) -> pd.DataFrame:
    """One page (from 1) of PAGE_SIZE events, newest first, with each one's article title and
    URL: what the events table and its detail panel show."""
    selected, params = _selected(selection)
    # events holds the events in the order shown: a page is a range of event_row, and only
    # its rows are read from events. Rows that come in that order are not sorted: the scan
    # keeps the stored order (BuildDatabase), so LIMIT stops at the page's last row.
    order = "" if _in_shown_order(selection) else "ORDER BY event_row"
    [(rows, articles)] = _rows(dataset, f"""
        SELECT coalesce(list(event_row ORDER BY event_row), []),
               coalesce(list(DISTINCT article_no), [])
        FROM (SELECT event_row, article_no FROM ({selected}) {order} LIMIT ? OFFSET ?)""",
        [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE])
    # `rowid = ANY(list)` reads those rows alone, where list_contains would test every row;
    # the articles are looked up by row number the same way: a join with every article
    # would hash them all.
    frame = _frame(dataset, """
        SELECT e.* EXCLUDE (event_row, article_no), a.title, a.url
        FROM (SELECT rowid AS event_row, event_id, article_id, article_no, sentence, date_text,
                     date_start, date_end, date_precision::VARCHAR AS date_precision,
                     countries::VARCHAR[] AS countries, event_type::VARCHAR AS event_type,
                     type_words, status::VARCHAR AS status, focal
              FROM events WHERE rowid = ANY(?::BIGINT[])) e
        LEFT JOIN (SELECT rowid AS article_no, title, url FROM articles
                   WHERE rowid = ANY(?::BIGINT[])) a USING (article_no)
        ORDER BY e.event_row""", [rows, articles])
    for column in ("date_start", "date_end"):
        frame[column] = [day.date() for day in pd.to_datetime(frame[column])]
    return frame


def article(dataset: Dataset, article_id: str) -> dict[str, Any]:
    """title, url, source, published (a date or None), published_is_inferred, text."""
    [row] = _rows(dataset, """
        SELECT title, url, source, published, published_is_inferred, text FROM articles
        WHERE article_id = ?""", [article_id])
    return dict(zip(["title", "url", "source", "published", "published_is_inferred", "text"],
                    row, strict=True))


@_cached
def publishers(dataset: Dataset) -> pd.DataFrame:
    """publisher, posts, first and last publication date (inferred dates marked)."""
    frame = _frame(dataset, """
        SELECT publisher, count(*) AS posts, min(published) AS first,
               max(published) AS last, bool_or(published_is_inferred) AS inferred
        FROM articles GROUP BY ALL ORDER BY publisher""", [])
    rows = []
    for item in frame.itertuples(index=False):
        marked = " (inferred)" if item.inferred else ""
        dated = not pd.isna(item.first)
        rows.append({
            "publisher": item.publisher, "posts": item.posts,
            "published from": f"{item.first.date()}{marked}" if dated else "unknown",
            "published to": f"{item.last.date()}{marked}" if dated else "unknown",
        })
    return pd.DataFrame(rows, columns=["publisher", "posts", "published from", "published to"])


@_cached
def events_per_period(dataset: Dataset, selection: Selection,
                      periods: tuple[tuple[date, date], ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For each period [first, following): the events whose dates overlap it (first, events),
    and per country (first, iso3, events). An event dated only to a month counts in each
    week of it."""
    counted, params = _counted(selection)
    named, named_params = _named(selection)
    firsts, followings = [list(column) for column in zip(*periods, strict=True)]
    overlap = """
        WITH periods AS (SELECT unnest(?::DATE[]) AS first, unnest(?::DATE[]) AS following)
        SELECT p.first, {key} sum(g.events) AS events FROM periods p
        JOIN ({groups}) g ON g.date_start < p.following AND g.date_end >= p.first
        GROUP BY ALL"""
    totals = _frame(dataset, overlap.format(key="", groups=f"""
        SELECT date_start, date_end, sum(events) AS events FROM ({counted})
        GROUP BY ALL"""), [firsts, followings, *params])
    countries = _frame(dataset, overlap.format(key="g.iso3,", groups=f"""
        SELECT date_start, date_end, country::VARCHAR AS iso3, count(*) AS events
        FROM ({named}) GROUP BY ALL"""),
        [firsts, followings, *named_params])
    for frame in (totals, countries):
        frame["first"] = [day.date() for day in pd.to_datetime(frame["first"])]
    return totals, countries


EXPORT_COLUMNS = [
    "event_id", "date", "date_start", "date_end", "date_precision", "date_text", "country",
    "country_name", "event_type", "event_type_label", "status", "focal", "sentence",
    "article_title", "source", "published", "published_is_inferred", "url", "article_id",
]


def _export_sql(selection: Selection) -> tuple[str, list[object]]:
    """The download rows of a selection, in the order shown: one per event and country (an
    event that names none keeps one row without), a label beside every code, the date as
    precise as written, and the publication date (etl.store.events_long's rows, and more).
    Run it on `BuildDatabase.export_connection()`: its sort of every row stays within a small
    memory limit."""
    selected, params = _selected(selection)
    sql = f"""
        SELECT e.event_id,
               CASE e.date_precision WHEN 'year' THEN strftime(e.date_start, '%Y')
                    WHEN 'month' THEN strftime(e.date_start, '%Y-%m')
                    ELSE strftime(e.date_start, '%Y-%m-%d') END AS date,
               e.date_start, e.date_end, e.date_precision::VARCHAR AS date_precision,
               e.date_text, coalesce(e.country::VARCHAR, '') AS country,
               coalesce(n.name, '') AS country_name, e.event_type::VARCHAR AS event_type,
               t.label AS event_type_label, e.status::VARCHAR AS status, e.focal, e.sentence,
               a.title AS article_title, a.source, a.published, a.published_is_inferred,
               a.url, e.article_id
        FROM (SELECT *, rowid AS event_row,
                     unnest(CASE WHEN len(countries) = 0 THEN [NULL]
                                 ELSE list_sort(countries) END) AS country
              FROM events WHERE rowid IN (SELECT event_row FROM ({selected}))) e
        LEFT JOIN articles a USING (article_id)
        LEFT JOIN country_names n ON n.code = e.country
        LEFT JOIN type_labels t USING (event_type)
        -- events holds the events in the order shown: event_row is that order.
        ORDER BY e.event_row, e.country NULLS FIRST"""
    return sql, params


def _spreadsheet_safe(column: str) -> str:
    """A text column as store.csv_bytes writes it: a cell a spreadsheet would run as a formula
    gets a leading apostrophe; an empty one stays empty (DuckDB would quote it)."""
    starts = ", ".join(sql_literal(prefix) for prefix in FORMULA_PREFIXES)
    return (f"CASE WHEN {column} = '' THEN NULL WHEN left({column}, 1) IN ({starts}) "
            f"THEN '''' || {column} ELSE {column} END")


_BOOLEAN_COLUMNS = {"focal", "published_is_inferred"}
_DATE_COLUMNS = {"date_start", "date_end", "published"}


def write_csv(dataset: Dataset, selection: Selection, path: Path) -> None:
    """The download rows as CSV, written by DuckDB straight to `path`, in the format of the
    build's events.csv (store.csv_bytes): UTF-8 with BOM, CRLF, True/False, formulas
    neutralised."""
    sql, params = _export_sql(selection)
    cells = []
    for index, column in enumerate(EXPORT_COLUMNS):
        # The BOM is the first bytes of the header, as pandas' utf-8-sig writes it.
        name = ("\ufeff" if index == 0 else "") + column
        if column in _BOOLEAN_COLUMNS:
            value = f"CASE WHEN {column} THEN 'True' WHEN NOT {column} THEN 'False' END"
        elif column in _DATE_COLUMNS:
            value = column
        else:
            value = _spreadsheet_safe(column)
        cells.append(f'{value} AS "{name}"')
    with dataset.database.export_connection() as connection:
        connection.execute(
            f"COPY (SELECT {', '.join(cells)} FROM ({sql})) TO {sql_literal(str(path))} "
            "(FORMAT csv, HEADER, NEW_LINE '\\r\\n')", params)


def export_batches(dataset: Dataset, selection: Selection) -> Iterator[pd.DataFrame]:
    """The download rows, EXPORT_BATCH_ROWS at a time: dates as dates."""
    sql, params = _export_sql(selection)
    with dataset.database.export_connection() as connection:
        for batch in connection.sql(sql, params=params).to_arrow_reader(EXPORT_BATCH_ROWS):
            yield batch.to_pandas(date_as_object=True)
