"""The filters in the sidebar, kept in step with the query string so a view can be bookmarked,
shared and reloaded exactly.

Every widget takes its value from session state only (seeded from the address on a session's
first run), so that code (Clear filters, a range chosen on the timeline) can set it."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from etl.countrycodes import country_name
from etl.schema import EVENT_TYPES
from views.query import OPTIONAL_STATUSES, PAGE_KEY, REPORTED, Dataset, Filters

DATES_KEY, COUNTRIES_KEY, TYPES_KEY = "filter_dates", "filter_countries", "filter_types"
SOURCES_KEY, KEYWORD_KEY = "filter_sources", "filter_keyword"
HISTORY_KEY, SCHEDULED_KEY, FOCAL_KEY = "filter_history", "filter_scheduled", "filter_focal"
_INCLUDE_KEYS = {"background": HISTORY_KEY, "scheduled": SCHEDULED_KEY}
SEEDED_KEY = "filters_seeded"
PENDING_DATES_KEY = "pending_date_range"


def country_label(code: str) -> str:
    return f"{country_name(code)} ({code})"


def set_date_range(start: date, end: date) -> None:
    """Set the date filter from code (a range selected on the timeline). A widget's value
    cannot change once it is drawn in a run, so it is applied at the start of the next."""
    st.session_state[PENDING_DATES_KEY] = (start, end)


def _default_range(dataset: Dataset, include: tuple[str, ...]) -> tuple[date, date]:
    return dataset.span_of((REPORTED, *include)) or (date.today(), date.today())


def _seed(dataset: Dataset, filters: Filters) -> None:
    """Put `filters` into every widget's state."""
    default = _default_range(dataset, filters.include)
    st.session_state[DATES_KEY] = (filters.start or default[0], filters.end or default[1])
    st.session_state[COUNTRIES_KEY] = list(filters.countries)
    st.session_state[TYPES_KEY] = list(filters.types)
    st.session_state[SOURCES_KEY] = list(filters.sources)
    st.session_state[KEYWORD_KEY] = filters.keyword
    for status, key in _INCLUDE_KEYS.items():
        st.session_state[key] = status in filters.include
    st.session_state[FOCAL_KEY] = filters.focal_only


def clear_filters(dataset: Dataset) -> None:
    """Widgets, address and results back to the default view, in one step."""
    _seed(dataset, Filters())
    page = st.query_params.get(PAGE_KEY)
    st.query_params.from_dict({PAGE_KEY: page} if page else {})


def _included() -> tuple[str, ...]:
    return tuple(status for status, key in _INCLUDE_KEYS.items() if st.session_state.get(key))


def _follow_status_span(dataset: Dataset, before: tuple[str, ...]) -> None:
    """When history or scheduled dates are toggled and the dates were left at their default,
    the dates follow the new default (history widens the range, and narrows it back)."""
    if tuple(st.session_state.get(DATES_KEY, ())) == _default_range(dataset, before):
        st.session_state[DATES_KEY] = _default_range(dataset, _included())


def sidebar_filters(dataset: Dataset, initial: Filters, *, on_country_page: bool) -> Filters:
    """Draw the filters, starting from `initial` (the query string) on a session's first run,
    and return what they say now."""
    if not st.session_state.get(SEEDED_KEY):
        _seed(dataset, initial)
        st.session_state[SEEDED_KEY] = True
    if PENDING_DATES_KEY in st.session_state:
        st.session_state[DATES_KEY] = st.session_state.pop(PENDING_DATES_KEY)
    span = dataset.span or (date.today(), date.today())
    chosen = tuple(d for d in st.session_state.get(DATES_KEY, ()) if isinstance(d, date))
    low, high = min(span[0], *chosen), max(span[1], *chosen)
    included = _included()
    with st.sidebar:
        st.header("Filters")
        st.caption("Shown by default: events the posts report as news.")
        for status, key in _INCLUDE_KEYS.items():
            st.toggle(f"Include {OPTIONAL_STATUSES[status]}", key=key,
                      on_change=partial(_follow_status_span, dataset, included),
                      help=_INCLUDE_HELP[status])
        st.toggle("Only the main event of each post", key=FOCAL_KEY,
                  help="The events a post is about: those of its title and first paragraph.")
        picked = st.date_input(
            "Dates", min_value=low, max_value=high, key=DATES_KEY, format="YYYY-MM-DD",
            help="An event dated only to a month or a year is shown when that period overlaps "
                 "the range.",
        )
        countries = st.multiselect(
            "Countries", dataset.countries, format_func=country_label, key=COUNTRIES_KEY,
            placeholder="All countries", disabled=on_country_page,
        )
        types = st.multiselect(
            "Event types", list(EVENT_TYPES), format_func=EVENT_TYPES.__getitem__,
            key=TYPES_KEY, placeholder="All types",
        )
        sources = st.multiselect("Publishers", dataset.sources, key=SOURCES_KEY,
                                 placeholder="All publishers")
        keyword = st.text_input("Search sentences and titles", key=KEYWORD_KEY,
                                placeholder="e.g. detention", max_chars=200)
        st.button("Clear filters", on_click=clear_filters, args=(dataset,), width="stretch")
    start, end = _range(picked, _default_range(dataset, included))
    return Filters(
        start=start, end=end, countries=tuple(countries), types=tuple(types),
        sources=tuple(sources), keyword=keyword.strip(), include=included,
        focal_only=bool(st.session_state.get(FOCAL_KEY)),
    )


_INCLUDE_HELP = {
    "background": "Dates a post cites as context, long before it was published "
                  "(\"arrested in 2019\").",
    "scheduled": "Dates after the post was published: trials, hearings and deadlines to come.",
}


def _range(picked: object, default: tuple[date, date]) -> tuple[date | None, date | None]:
    """The chosen range; None for an end left at its default (keeps URLs short)."""
    chosen = tuple(picked) if isinstance(picked, list | tuple) else (picked,)
    start = chosen[0] if chosen and isinstance(chosen[0], date) else None
    end = chosen[1] if len(chosen) > 1 and isinstance(chosen[1], date) else None
    return (None if start == default[0] else start), (None if end == default[1] else end)


def sync_query_params(filters: Filters, page_country: str | None) -> None:
    params = filters.to_params()
    if page_country:
        params[PAGE_KEY] = page_country
    if {key: st.query_params.get(key) for key in st.query_params} != params:
        st.query_params.from_dict(params)
