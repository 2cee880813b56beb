"""The overview: figures, the world map, the timeline and the matching events."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from views.charts import timeline_figure
from views.query import (
    PAGE_KEY,
    Dataset,
    Filters,
    choose_bucket,
    counts_by_country,
    counts_by_period,
    summary,
)
from views.sidebar import set_date_range
from views.tables import download_button, events_table
from views.world_map import MARKER_TRACE, world_map_figure

NAV_COUNTER = "navigation_count"  # part of chart keys, so a stale click never fires again


def show_figures(events: pd.DataFrame) -> None:
    figures = summary(events)
    columns = st.columns(4)
    columns[0].metric("Events", figures["events"])
    columns[1].metric("Countries", figures["countries"])
    columns[2].metric("Articles", figures["articles"])
    columns[3].metric("Date span", figures["span"])


def show_timeline(events: pd.DataFrame, filters: Filters, *, key: str) -> None:
    first, last = events.date_start.min(), events.date_start.max()
    bucket = choose_bucket(filters.start or first, filters.end or last)
    figure = timeline_figure(counts_by_period(events, bucket), bucket)
    chosen = st.plotly_chart(
        figure, on_select="rerun", selection_mode=("box", "points"),
        key=f"{key}_{st.session_state.get(NAV_COUNTER, 0)}", config={"displaylogo": False},
    )
    periods = [point["x"] for point in chosen.selection.points] if chosen else []
    if periods:
        start = pd.Timestamp(min(periods)).date()
        end = _bucket_end(pd.Timestamp(max(periods)).date(), bucket)
        set_date_range(start, end)
        _renavigate()
    st.caption(f"Events per {bucket}, by type. Select bars to set the date range.")


def _bucket_end(start: date, bucket: str) -> date:
    if bucket == "week":
        return start + timedelta(days=6)
    if bucket == "month":
        return (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
    return date(start.year, 12, 31)


def _renavigate() -> None:
    st.session_state[NAV_COUNTER] = st.session_state.get(NAV_COUNTER, 0) + 1
    st.rerun()


def open_country(code: str) -> None:
    st.query_params[PAGE_KEY] = code
    _renavigate()


def show_overview(dataset: Dataset, events: pd.DataFrame, filters: Filters) -> None:
    st.title("Rights Atlas")
    st.caption("Dated human-rights events extracted from news posts. Every row links to the "
               "sentence and article it comes from.")
    show_figures(events)
    if events.empty:
        st.info("No event matches these filters. Widen the dates or clear a filter.")
        return
    st.subheader("Where")
    chosen = st.plotly_chart(
        world_map_figure(counts_by_country(events)), on_select="rerun", selection_mode="points",
        key=f"map_{st.session_state.get(NAV_COUNTER, 0)}",
        config={"displaylogo": False, "scrollZoom": True},
    )
    points = chosen.selection.points if chosen else []
    for point in points:
        if point.get("customdata"):
            open_country(str(point["customdata"]))
    st.caption(f"Click a country's circle ({MARKER_TRACE}) to open its page.")
    st.subheader("When")
    show_timeline(events, filters, key="timeline")
    st.subheader("What")
    download_button(dataset, events, filters, key="download_overview")
    events_table(events, key="overview_events")
