"""The overview: figures, the world map, the timeline and the matching events."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from views.charts import timeline_figure
from views.playback import playback_figure
from views.query import (
    PAGE_KEY,
    Dataset,
    Filters,
    Selection,
    choose_bucket,
    coarse_periods,
    counts_by_country,
    counts_by_period,
    last_updated,
    summary,
)
from views.sidebar import set_date_range
from views.sources import show_sources
from views.tables import download_links, events_table
from views.world_map import world_map_figure

NAV_COUNTER = "navigation_count"  # part of chart keys, so a stale click never fires again


def show_figures(dataset: Dataset, selection: Selection) -> dict[str, object]:
    """The headline figures, each naming what it counts; returns them."""
    figures = summary(dataset, selection)
    columns = st.columns(4)
    columns[0].metric(selection.filters.counted(), figures["events"])
    columns[1].metric("Countries they name", figures["countries"])
    columns[2].metric("Articles they come from", figures["articles"])
    columns[3].metric("Years they cover", figures["span"])
    return figures


def axis_range(dataset: Dataset, filters: Filters) -> tuple[date, date]:
    """The filter's date range; where it is open, the dates of the kinds of event shown."""
    default = dataset.span_of(filters.statuses) or (date.today(), date.today())
    return filters.start or default[0], filters.end or default[1]


def show_timeline(dataset: Dataset, selection: Selection, *, key: str) -> None:
    shown_range = axis_range(dataset, selection.filters)
    bucket = choose_bucket(*shown_range)
    figure = timeline_figure(counts_by_period(dataset, selection, bucket),
                             coarse_periods(dataset, selection, bucket), bucket, shown_range)
    chosen = st.plotly_chart(
        figure, on_select="rerun", selection_mode=("box", "points"),
        key=f"{key}_{st.session_state.get(NAV_COUNTER, 0)}", config={"displaylogo": False},
    )
    # Only bars carry their period's last day; the shaded bands of coarse dates do not.
    bars = [point for point in (chosen.selection.points if chosen else [])
            if point.get("customdata")]
    if bars:
        start = min(pd.Timestamp(point["x"]).date() for point in bars)
        end = max(date.fromisoformat(str(point["customdata"])) for point in bars)
        set_date_range(start, end)
        _renavigate()
    st.caption(f"Events per {bucket}, by type; each bar spans its {bucket}. Events dated only "
               "to a month or a year are shaded over that whole period. Select bars to set the "
               "date range.")


def _renavigate() -> None:
    st.session_state[NAV_COUNTER] = st.session_state.get(NAV_COUNTER, 0) + 1
    st.rerun()


def open_country(code: str) -> None:
    st.query_params[PAGE_KEY] = code
    _renavigate()


PLAYBACK_KEY, PLAYBACK_STEP_KEY = "playback", "playback_step"


def show_map(dataset: Dataset, selection: Selection) -> None:
    chosen = st.plotly_chart(
        world_map_figure(counts_by_country(dataset, selection),
                         selected=selection.filters.countries),
        on_select="rerun", selection_mode="points",
        key=f"map_{st.session_state.get(NAV_COUNTER, 0)}", config={"displaylogo": False},
    )
    for point in chosen.selection.points if chosen else []:
        if point.get("customdata"):
            open_country(str(point["customdata"]))
    st.caption("Click a country to open its page. The darker, the more events; hover for "
               "the count and the main kinds of event.")


def show_playback(dataset: Dataset, selection: Selection) -> None:
    shown = axis_range(dataset, selection.filters)
    steps = ["week", "month", "year"]
    step = st.segmented_control("Step by", steps, default=choose_bucket(*shown),
                                key=PLAYBACK_STEP_KEY) or choose_bucket(*shown)
    st.plotly_chart(playback_figure(dataset, selection, step, shown), key=f"playback_{step}",
                    config={"displaylogo": False})
    st.caption(f"Press Play to step {step} by {step} through the filtered events, or drag the "
               f"slider. A country is filled when an event in it is dated in that {step}; an "
               "event dated only to a month or a year counts in each step of it.")


def show_overview(dataset: Dataset, selection: Selection) -> None:
    st.title("Rights Atlas")
    updated = last_updated(dataset)
    st.caption("Dated human-rights events extracted from news posts. Every row links to the "
               "sentence and article it comes from."
               + (f" Data last updated {updated}." if updated else ""))
    figures = show_figures(dataset, selection)
    if not figures["events"]:
        st.info("No event matches these filters. Widen the dates or clear a filter.")
    else:
        st.subheader("Where")
        if st.toggle("Play through time", key=PLAYBACK_KEY):
            show_playback(dataset, selection)
        else:
            show_map(dataset, selection)
        st.subheader("When")
        show_timeline(dataset, selection, key="timeline")
        st.subheader("What")
        download_links(dataset, selection, figures, key="download_overview")
        events_table(dataset, selection, figures, key="overview_events")
    show_sources(dataset)
