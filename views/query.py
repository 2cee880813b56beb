"""The dashboard's one door to the data: filters in, frames out.

Everything the views show comes through here, from the Parquet files the ETL wrote (through
etl.store), so the storage can move to DuckDB or Arrow datasets without touching a view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from etl import store
from etl.countrycodes import country_name
from etl.schema import EVENT_SCHEMA, EVENT_TYPES

# `country` in the query string opens a country's page; `countries` filters (Filters.to_params).
PAGE_KEY = "country"


@dataclass(frozen=True, slots=True)
class Filters:
    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    keyword: str = ""

    def to_params(self) -> dict[str, str]:
        values = {
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "countries": ",".join(self.countries),
            "types": ",".join(self.types),
            "sources": ",".join(self.sources),
            "q": self.keyword,
        }
        return {key: value for key, value in values.items() if value}

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

    @property
    def span(self) -> tuple[date, date] | None:
        if self.events.empty:
            return None
        return self.events.date_start.min(), self.events.date_end.max()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()<>#~$|])")


def escape_markdown(text: str) -> str:
    """Text shown through a Markdown element exactly as written: no link, no formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def has_data(data_dir: Path) -> bool:
    return store.has_build(data_dir)


def data_version(data_dir: Path) -> str:
    """Changes whenever a new build is published (the folder of the current one)."""
    return str(store.current_build(data_dir))


def load_dataset(data_dir: Path) -> Dataset:
    build = store.current_build(data_dir)  # once: both tables from the same build
    articles = store.read_articles(build)
    events = store.read_events(build).merge(
        articles[["article_id", "title", "url", "source"]], on="article_id", how="left"
    )
    codes = {code for codes in events.countries for code in codes}
    codes |= {code for codes in articles.countries for code in codes}
    sources = sorted({s for s in articles.source.dropna() if s})
    return Dataset(events, articles, tuple(sorted(codes, key=country_name)), tuple(sources))


def filters_from_params(
    params: Mapping[str, str | list[str]], dataset: Dataset
) -> tuple[Filters, list[str]]:
    """Filters from a query string, and a notice for every value that had to be dropped."""
    notices: list[str] = []

    def values(key: str) -> list[str]:
        raw = params.get(key, "")
        joined = ",".join(raw) if isinstance(raw, list) else raw
        return [part.strip() for part in joined.split(",") if part.strip()]

    def known(key: str, allowed: Iterable[str], what: str, upper: bool = False) -> tuple[str, ...]:
        allowed = set(allowed)
        kept = []
        for value in values(key):
            value = value.upper() if upper else value
            if value in allowed:
                kept.append(value)
            else:
                notices.append(f"Ignored {what} {value!r} in the address: not in the data.")
        return tuple(dict.fromkeys(kept))

    def day(key: str) -> date | None:
        raw = values(key)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw[0])
        except ValueError:
            notices.append(
                f"Ignored date {raw[0]!r} in the address: not a valid date (use YYYY-MM-DD)."
            )
            return None

    start, end = day("from"), day("to")
    if start and end and start > end:
        notices.append(f"Ignored the date range {start} to {end}: it ends before it starts.")
        start = end = None
    filters = Filters(
        start=start,
        end=end,
        countries=known("countries", dataset.countries, "country code", upper=True),
        types=known("types", EVENT_TYPES, "event type"),
        sources=known("sources", dataset.sources, "publisher"),
        keyword=" ".join(values("q"))[:200],
    )
    return filters, notices


def page_country(params: Mapping[str, str | list[str]], dataset: Dataset) -> tuple[str | None, str]:
    """The country whose page the address asks for, and a notice when it is not in the data."""
    raw = params.get(PAGE_KEY)
    if not raw:
        return None, ""
    code = (raw[0] if isinstance(raw, list) else raw).strip().upper()
    if code in dataset.countries:
        return code, ""
    return None, f"No country {code!r} in the data: showing the overview."


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
        mask &= events.source.isin(filters.sources)
    if filters.keyword:
        needle = filters.keyword.lower()
        mask &= events.sentence.str.lower().str.contains(needle, regex=False) | (
            events.title.str.lower().str.contains(needle, regex=False)
        )
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


def counts_by_period(events: pd.DataFrame, bucket: str) -> pd.DataFrame:
    """period (the bucket's first day), event_type (label), events; events placed at their
    date_start."""
    if events.empty:
        return pd.DataFrame(columns=["period", "event_type", "events"])
    starts = pd.to_datetime(events.date_start)
    if bucket == "week":
        period = starts - pd.to_timedelta(starts.dt.day_of_week, unit="D")
    elif bucket == "month":
        period = starts.dt.to_period("M").dt.start_time
    else:
        period = starts.dt.to_period("Y").dt.start_time
    frame = pd.DataFrame({"period": period, "event_type": events.event_type.map(EVENT_TYPES)})
    return frame.groupby(["period", "event_type"]).size().rename("events").reset_index()


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
    articles = dataset.articles
    named = articles[articles.countries.map(lambda codes: country in codes)]
    return named[["published", "title", "source", "url"]].sort_values(
        "published", ascending=False, na_position="last"
    )


def export_frame(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The CSV rows for these events: one per event and country (etl.store.events_long)."""
    return store.events_long(events[EVENT_SCHEMA.names], dataset.articles)


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
