"""The filters in the sidebar, kept in step with the query string so a view can be bookmarked,
shared and reloaded exactly."""

from __future__ import annotations

from datetime import date

import streamlit as st

from etl.countrycodes import country_name
from etl.schema import EVENT_TYPES
from views.query import PAGE_KEY, Dataset, Filters

DATES_KEY, COUNTRIES_KEY, TYPES_KEY = "filter_dates", "filter_countries", "filter_types"
SOURCES_KEY, KEYWORD_KEY = "filter_sources", "filter_keyword"
_WIDGET_KEYS = (DATES_KEY, COUNTRIES_KEY, TYPES_KEY, SOURCES_KEY, KEYWORD_KEY)


def country_label(code: str) -> str:
    return f"{country_name(code)} ({code})"


PENDING_DATES_KEY = "pending_date_range"


def set_date_range(start: date, end: date) -> None:
    """Set the date filter from code (a range selected on the timeline). A widget's value
    cannot change once it is drawn in a run, so it is applied at the start of the next."""
    st.session_state[PENDING_DATES_KEY] = (start, end)


def clear_filters() -> None:
    for key in _WIDGET_KEYS:
        st.session_state.pop(key, None)
    page = st.query_params.get(PAGE_KEY)
    st.query_params.from_dict({PAGE_KEY: page} if page else {})


def sidebar_filters(dataset: Dataset, initial: Filters, *, on_country_page: bool) -> Filters:
    """Draw the filters, starting from `initial` (the query string) on first load, and return
    what they say now."""
    span = dataset.span or (date.today(), date.today())
    if PENDING_DATES_KEY in st.session_state:
        st.session_state[DATES_KEY] = st.session_state.pop(PENDING_DATES_KEY)
    low = min(span[0], initial.start or span[0])
    high = max(span[1], initial.end or span[1])
    with st.sidebar:
        st.header("Filters")
        picked = st.date_input(
            "Dates", value=(initial.start or span[0], initial.end or span[1]),
            min_value=low, max_value=high, key=DATES_KEY, format="YYYY-MM-DD",
            help="An event dated only to a month or a year is shown when that period overlaps "
                 "the range.",
        )
        countries = st.multiselect(
            "Countries", dataset.countries, default=list(initial.countries),
            format_func=country_label, key=COUNTRIES_KEY, placeholder="All countries",
            disabled=on_country_page,
        )
        types = st.multiselect(
            "Event types", list(EVENT_TYPES), default=list(initial.types),
            format_func=EVENT_TYPES.__getitem__, key=TYPES_KEY, placeholder="All types",
        )
        sources = st.multiselect(
            "Publishers", dataset.sources, default=list(initial.sources), key=SOURCES_KEY,
            placeholder="All publishers",
        )
        keyword = st.text_input(
            "Search sentences and titles", value=initial.keyword, key=KEYWORD_KEY,
            placeholder="e.g. detention",
        )
        st.button("Clear filters", on_click=clear_filters, width="stretch")
    start, end = _range(picked, span)
    return Filters(
        start=start, end=end, countries=tuple(countries), types=tuple(types),
        sources=tuple(sources), keyword=keyword.strip(),
    )


def _range(picked: object, span: tuple[date, date]) -> tuple[date | None, date | None]:
    """The chosen range; None for an end left at the data's own limit (keeps URLs short)."""
    chosen = tuple(picked) if isinstance(picked, list | tuple) else (picked,)
    start = chosen[0] if chosen and isinstance(chosen[0], date) else None
    end = chosen[1] if len(chosen) > 1 and isinstance(chosen[1], date) else None
    return (None if start == span[0] else start), (None if end == span[1] else end)


def sync_query_params(filters: Filters, page_country: str | None) -> None:
    params = filters.to_params()
    if page_country:
        params[PAGE_KEY] = page_country
    if {key: st.query_params.get(key) for key in st.query_params} != params:
        st.query_params.from_dict(params)
