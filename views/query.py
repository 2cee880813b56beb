"""The dashboard's one door to the data: filters in, frames out.

Everything the views show comes through here, from the Parquet files the ETL wrote (through
etl.store), so the storage can move to DuckDB or Arrow datasets without touching a view.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from etl import store
from etl.countrycodes import country_name
from etl.schema import EVENT_SCHEMA, EVENT_TYPES

# `country` in the query string opens a country's page; `countries` filters (Filters.to_params).
PAGE_KEY = "country"
# Posts whose input named no publisher, selectable like any publisher.
NO_PUBLISHER = "(no publisher)"
# The ETL's `status`: what the post reports as news is always shown; the others on request.
REPORTED = "reported"
OPTIONAL_STATUSES = {"background": "history", "scheduled": "scheduled"}
STATUS_LABELS = {REPORTED: "news", **OPTIONAL_STATUSES}
NOTICE_EXAMPLES = 5  # values quoted in one notice; the rest are counted


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
class Dataset:
    events: pd.DataFrame  # the event columns plus title, url, source of its article
    articles: pd.DataFrame
    countries: tuple[str, ...] = field(default=())  # every code that has an event or article
    sources: tuple[str, ...] = field(default=())
    version: str = ""  # a short hash of the tables: in the Sources panel and every file name
    report: Mapping[str, Any] = field(default_factory=dict)  # the build's run report
    # The extraction's accuracy figures, as the build's report carries them (etl/accuracy.py).
    evaluation: Mapping[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> tuple[date, date] | None:
        return _span(self.events)

    def span_of(self, statuses: Iterable[str]) -> tuple[date, date] | None:
        """The dates of the events of these statuses: the default range follows the news, so
        old history does not squash it on the time axis."""
        return _span(self.events[self.events.status.isin(list(statuses))]) or self.span


def _span(events: pd.DataFrame) -> tuple[date, date] | None:
    if events.empty:
        return None
    return events.date_start.min(), events.date_end.max()


@dataclass(frozen=True, slots=True)
class Notice:
    """A value of the address that was dropped: `message` is ours, `values` are what the
    visitor wrote (shown literally, never as Markdown or a link)."""

    message: str
    values: tuple[str, ...] = ()


def fold(text: str) -> str:
    """Case and accents folded, so "gabes" finds "Gabès"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


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


def load_dataset(data_dir: Path) -> Dataset:
    build = store.current_build(data_dir)  # once: both tables from the same build
    articles = store.read_articles(build)
    events = store.read_events(build).merge(
        articles[["article_id", "title", "url", "source", "published", "published_is_inferred",
                  "first_seen"]],
        on="article_id", how="left",
    )
    # The day (UTC) the atlas first read the event's post: for "added since".
    events["added_on"] = events.first_seen.dt.date
    events["publisher"] = publisher_of(events.source)
    events["search_text"] = (events.sentence + "\n" + events.title.fillna("")).map(fold)
    codes = {code for codes in events.countries for code in codes}
    codes |= {code for codes in articles.countries for code in codes}
    report = store.read_json_object(build / store.REPORT_FILE)
    return Dataset(
        events, articles, tuple(sorted(codes, key=country_name)),
        tuple(sorted(set(events.publisher))), version=data_version(articles, events),
        report=report,
        evaluation=report.get("accuracy", {}),
    )


def last_updated(dataset: Dataset) -> str | None:
    """When the data was last built or updated (UTC, to the minute), from its run report."""
    built = dataset.report.get("built_at")
    if not isinstance(built, str):
        return None
    try:
        return datetime.fromisoformat(built).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return None


def publisher_of(sources: pd.Series) -> pd.Series:
    """The publisher to show and filter by: NO_PUBLISHER where the input named none."""
    return sources.where(sources.fillna("").str.strip() != "", NO_PUBLISHER)


def data_version(articles: pd.DataFrame, events: pd.DataFrame) -> str:
    """Eight hex digits that change whenever any value of either table changes."""
    digest = hashlib.sha256()
    for frame, schema in ((articles, None), (events, EVENT_SCHEMA.names)):
        columns = frame[schema] if schema else frame
        digest.update(pd.util.hash_pandas_object(columns.astype(str), index=False).values)
    return digest.hexdigest()[:8]


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


def filter_events(dataset: Dataset, filters: Filters, country: str | None = None) -> pd.DataFrame:
    events = dataset.events
    mask = pd.Series(True, index=events.index)
    # An event of month or year precision is in range when its period overlaps the range.
    if filters.start:
        mask &= events.date_end >= filters.start
    if filters.end:
        mask &= events.date_start <= filters.end
    # A country's page shows that country's events; elsewhere any selected country will do.
    wanted = {country} if country else set(filters.countries)
    if wanted:
        mask &= events.countries.map(lambda codes: not wanted.isdisjoint(codes))
    if filters.types:
        mask &= events.event_type.isin(filters.types)
    if filters.sources:
        mask &= events.publisher.isin(filters.sources)
    if filters.keyword:
        mask &= events.search_text.str.contains(fold(filters.keyword), regex=False)
    mask &= events.status.isin(filters.statuses)
    if filters.focal_only:
        mask &= events.focal
    if filters.added_since:
        mask &= events.added_on >= filters.added_since
    return events[mask]


def counts_by_country(events: pd.DataFrame) -> pd.DataFrame:
    """iso3, name, events, top_types (the two most frequent types, as labels)."""
    if events.empty:
        return pd.DataFrame(columns=["iso3", "name", "events", "top_types"])
    long = events[["countries", "event_type"]].explode("countries").dropna()
    grouped = long.groupby("countries")
    counts = grouped.size().rename("events")
    top = grouped.event_type.agg(
        lambda types: ", ".join(EVENT_TYPES[t] for t in types.value_counts().index[:2])
    )
    frame = pd.concat([counts, top.rename("top_types")], axis=1).reset_index(names="iso3")
    frame["name"] = frame.iso3.map(country_name)
    return frame.sort_values("events", ascending=False, kind="stable")[
        ["iso3", "name", "events", "top_types"]
    ].reset_index(drop=True)


def choose_bucket(start: date, end: date) -> str:
    days = (end - start).days
    if days <= 190:
        return "week"
    if days <= 5 * 366:
        return "month"
    return "year"


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_BUCKET_RANK = {"week": 0, "month": 1, "year": 2}


def period_bounds(days: pd.Series, bucket: str) -> tuple[pd.Series, pd.Series]:
    """The first day of each day's bucket and the first day of the next (both timestamps)."""
    days = pd.to_datetime(days)
    if bucket == "week":
        first = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
        return first, first + pd.Timedelta(days=7)
    first = days.dt.to_period("M" if bucket == "month" else "Y").dt.start_time
    step = pd.offsets.MonthBegin(1) if bucket == "month" else pd.offsets.YearBegin(1)
    return first, first + step


def _fits(events: pd.DataFrame, bucket: str) -> pd.Series:
    """True for the events dated at least as precisely as the bucket (a month in a year bar)."""
    return events.date_precision.map(_PRECISION_RANK) <= _BUCKET_RANK[bucket]


def counts_by_period(events: pd.DataFrame, bucket: str) -> pd.DataFrame:
    """period, period_end (the next period's first day), event_type (label), events: the events
    dated precisely enough to belong to one bucket; coarser ones are in coarse_periods."""
    precise = events[_fits(events, bucket)]
    if precise.empty:
        return pd.DataFrame(columns=["period", "period_end", "event_type", "events"])
    first, following = period_bounds(precise.date_start, bucket)
    frame = pd.DataFrame({"period": first, "period_end": following,
                          "event_type": precise.event_type.map(EVENT_TYPES)})
    return frame.groupby(["period", "period_end", "event_type"]).size().rename(
        "events").reset_index()


def coarse_periods(events: pd.DataFrame, bucket: str) -> pd.DataFrame:
    """start, end (the day after), label, events: the events dated less precisely than the
    bucket (a month in a week view), counted per period they are dated to."""
    coarse = events[~_fits(events, bucket)]
    if coarse.empty:
        return pd.DataFrame(columns=["start", "end", "label", "events"])
    frame = pd.DataFrame({
        "start": pd.to_datetime(coarse.date_start),
        "end": pd.to_datetime(coarse.date_end) + pd.Timedelta(days=1),
        "label": [date_label(d, p) for d, p in zip(coarse.date_start, coarse.date_precision,
                                                   strict=True)],
    })
    return frame.groupby(["start", "end", "label"]).size().rename("events").reset_index()


def counts_by_type(events: pd.DataFrame) -> pd.DataFrame:
    counts = events.event_type.map(EVENT_TYPES).value_counts()
    return counts.rename_axis("event_type").rename("events").reset_index()


def cooccurring_countries(events: pd.DataFrame, country: str, limit: int = 10) -> pd.DataFrame:
    others = events.countries.explode().dropna()
    counts = others[others != country].value_counts().head(limit)
    frame = counts.rename_axis("iso3").rename("events").reset_index()
    frame.insert(1, "name", frame.iso3.map(country_name))
    return frame


def articles_naming(dataset: Dataset, country: str) -> pd.DataFrame:
    """article_id, published, title, source, url (web links only): the articles that name the
    country, newest first."""
    articles = dataset.articles
    named = articles[articles.countries.map(lambda codes: country in codes)]
    return named.assign(url=named.url.map(web_link))[
        ["article_id", "published", "title", "source", "url"]
    ].sort_values("published", ascending=False, na_position="last")


def trend(events: pd.DataFrame, until: date) -> tuple[int, int]:
    """Events dated in the 12 months up to `until`, and in the 12 months before those."""
    year_ago = date(until.year - 1, until.month, min(until.day, 28))
    two_years_ago = date(until.year - 2, until.month, min(until.day, 28))
    starts = events.date_start
    recent = int(((starts > year_ago) & (starts <= until)).sum())
    before = int(((starts > two_years_ago) & (starts <= year_ago)).sum())
    return recent, before


def ordered_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events in the order every table and download shows them: newest first."""
    return events.sort_values(["date_start", "event_id"], ascending=[False, True], kind="stable")


def export_frame(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The download rows for these events, in the order shown: one per event and country
    (etl.store.events_long), with a label beside every code and the publication date."""
    ordered = ordered_events(events)
    long = store.events_long(ordered[EVENT_SCHEMA.names], dataset.articles)
    if long.empty:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    position = {event_id: index for index, event_id in enumerate(ordered.event_id)}
    long = long.sort_values(["event_id", "country"], key=lambda column: (
        column.map(position) if column.name == "event_id" else column), kind="stable")
    published = dataset.articles.set_index("article_id")
    long["date"] = [date_label(d, p) for d, p in zip(long.date_start, long.date_precision,
                                                     strict=True)]
    long["event_type_label"] = long.event_type.map(EVENT_TYPES)
    long["published"] = long.article_id.map(published.published)
    long["published_is_inferred"] = long.article_id.map(published.published_is_inferred)
    return long[EXPORT_COLUMNS].reset_index(drop=True)


EXPORT_COLUMNS = [
    "event_id", "date", "date_start", "date_end", "date_precision", "date_text", "country",
    "country_name", "event_type", "event_type_label", "status", "focal", "sentence",
    "article_title", "source", "published", "published_is_inferred", "url", "article_id",
]


def paragraph_of(text: str, sentence: str) -> str:
    """The paragraph of an article's text that holds the sentence (whitespace folded, as the
    ETL stores sentences); "" when it cannot be found."""
    wanted = " ".join(sentence.split())
    for paragraph in text.split("\n"):
        folded = " ".join(paragraph.split())
        if wanted and wanted in folded:
            return folded
    return ""


def summary(events: pd.DataFrame) -> dict[str, object]:
    if events.empty:
        return {"events": 0, "countries": 0, "articles": 0, "span": "—"}
    codes = {code for codes in events.countries for code in codes}
    first, last = events.date_start.min(), events.date_end.max()
    return {
        "events": len(events),
        "countries": len(codes),
        "articles": events.article_id.nunique(),
        "span": f"{first:%Y} – {last:%Y}" if first.year != last.year else f"{first:%Y}",
    }
