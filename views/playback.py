"""Time playback over the map: a slider with play and pause that steps period by period, the
countries with events in each period filled and the figures of that period written over the
map. All in one plotly figure with frames, animated in the browser: nothing is fetched, and the
server is not asked again at every step."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from etl.countrycodes import country_name
from etl.geo import drawable_codes
from views.query import Dataset, Selection, events_per_period, period_bounds
from views.world_map import NO_DATA_COLOUR, anchor_of, map_layout, outline_xy

ACTIVE_COLOUR = "#e8694a"
STEP_LABEL = {"week": "week of %d %b %Y", "month": "%b %Y", "year": "%Y"}
MAX_FRAMES = 160  # about 13 years by month; a longer span steps by year
FRAME_MS = 900


def periods(first: date, last: date, step: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The periods of `step` from the one holding `first` to the one holding `last`."""
    start, _ = period_bounds(pd.Series([first]), step)
    bounds = []
    current = start.iloc[0]
    while current <= pd.Timestamp(last):
        _, following = period_bounds(pd.Series([current]), step)
        bounds.append((current, following.iloc[0]))
        current = following.iloc[0]
    return bounds


def playback_figure(dataset: Dataset, selection: Selection, step: str,
                    shown: tuple[date, date], *, height: int = 480) -> go.Figure:
    steps = periods(*shown, step)
    if len(steps) > MAX_FRAMES and step != "year":
        return playback_figure(dataset, selection, "year", shown, height=height)
    base_x, base_y = outline_xy(sorted(drawable_codes()))
    bounds = tuple((start.date(), end.date()) for start, end in steps)
    totals, by_country = events_per_period(dataset, selection, bounds)
    events = dict(zip(totals["first"], totals.events, strict=True))
    frames = []
    for start, _ in steps:
        here = by_country[by_country["first"] == start.date()]
        counts = here.set_index("iso3").events.sort_values(ascending=False, kind="stable")
        frames.append({
            "name": f"{start:%Y-%m-%d}", "traces": [1, 2],  # the base map (trace 0) stays
            "data": _period_traces(counts),
            "layout": {"annotations": [_caption(start, step, int(events.get(start.date(), 0)),
                                                len(counts))]},
        })
    # Plain dicts, built here to plotly's schema, unvalidated: checking every frame's arrays
    # took most of a filter change's time.
    figure = go.Figure(data=[_base_trace(base_x, base_y), *frames[0]["data"]], frames=frames,
                       _validate=False)
    figure.update_layout(**map_layout(height))
    figure.update_layout(
        showlegend=False, margin={"l": 0, "r": 0, "t": 30, "b": 70},
        annotations=frames[0]["layout"]["annotations"],
        updatemenus=[{
            "type": "buttons", "direction": "left", "x": 0, "y": -0.02, "xanchor": "left",
            "yanchor": "top", "showactive": False, "pad": {"r": 10, "t": 10},
            "buttons": [
                {"label": "▶ Play", "method": "animate",
                 "args": [None, {"frame": {"duration": FRAME_MS, "redraw": True},
                                 "fromcurrent": True, "transition": {"duration": 0}}]},
                {"label": "❚❚ Pause", "method": "animate",
                 "args": [[None], {"frame": {"duration": 0, "redraw": False},
                                   "mode": "immediate", "transition": {"duration": 0}}]},
            ],
        }],
        sliders=[{
            "active": 0, "x": 0.16, "len": 0.84, "y": -0.02, "yanchor": "top",
            "currentvalue": {"visible": False}, "pad": {"t": 10},
            "steps": [{"label": f"{start:{STEP_LABEL[step]}}", "method": "animate",
                       "args": [[f"{start:%Y-%m-%d}"],
                                {"frame": {"duration": 0, "redraw": True}, "mode": "immediate",
                                 "transition": {"duration": 0}}]}
                      for start, _ in steps],
        }],
    )
    return figure


def _base_trace(xs: np.ndarray, ys: np.ndarray) -> dict[str, object]:
    """The world, grey, drawn once: the frames only change what lies over it."""
    return {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself",
            "fillcolor": NO_DATA_COLOUR, "line": {"color": "#ffffff", "width": 0.5},
            "hoverinfo": "skip"}


def _period_traces(counts: pd.Series) -> list[dict[str, object]]:
    """The countries with events in the period, filled, and a circle sized by their count."""
    codes = [code for code in counts.index if anchor_of(code)]
    xs, ys = outline_xy(codes)
    anchors = [anchor_of(code) for code in codes]
    return [
        {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself",
         "fillcolor": ACTIVE_COLOUR, "line": {"color": "#ffffff", "width": 0.5},
         "hoverinfo": "skip"},
        {"type": "scatter", "x": [a[0] for a in anchors if a], "y": [a[1] for a in anchors if a],
         "mode": "markers",
         "marker": {"size": [float(np.clip(6 + 4 * np.sqrt(counts[c]), 8, 34)) for c in codes],
                    "color": "rgba(40, 40, 60, 0.35)", "line": {"color": "white", "width": 1}},
         "text": [f"{country_name(c)}: {counts[c]}" for c in codes],
         "hovertemplate": "%{text}<extra></extra>"},
    ]


def _caption(start: pd.Timestamp, step: str, events: int, countries: int) -> dict[str, object]:
    text = (f"{start:{STEP_LABEL[step]}}: {events} event{'' if events == 1 else 's'} "
            f"in {countries} countr{'y' if countries == 1 else 'ies'}")
    return {"text": text, "x": 0, "y": 1.0, "xref": "paper", "yref": "paper",
            "xanchor": "left", "yanchor": "bottom", "showarrow": False,
            "font": {"size": 16}, "name": "period"}
