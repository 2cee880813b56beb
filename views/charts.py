"""The timeline and the event-type bars, as plotly figures of aggregates (never raw rows)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from etl.schema import EVENT_TYPES

# One colour per event type, the same on every chart and page.
TYPE_COLOURS = dict(
    zip(
        EVENT_TYPES.values(),
        ("#4e79a7", "#f28e2b", "#59a14f", "#76b7b2", "#e15759", "#edc948", "#b07aa1",
         "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#7f7f7f", "#c7c7c7"),
        strict=True,
    )
)


def timeline_figure(counts: pd.DataFrame, bucket: str, *, height: int = 300) -> go.Figure:
    """counts: period, event_type (label), events. Stacked bars, one colour per type."""
    figure = go.Figure()
    for label in EVENT_TYPES.values():
        rows = counts[counts.event_type == label]
        if rows.empty:
            continue
        figure.add_trace(
            go.Bar(
                x=rows.period, y=rows.events, name=label, marker_color=TYPE_COLOURS[label],
                hovertemplate=f"{label}<br>%{{x|{_HOVER_FORMAT[bucket]}}}: %{{y}}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack", height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "y": -0.2},
        xaxis={"title": None}, yaxis={"title": f"events per {bucket}"},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    return figure


_HOVER_FORMAT = {"week": "week of %d %b %Y", "month": "%b %Y", "year": "%Y"}


def types_figure(counts: pd.DataFrame, *, height: int = 300) -> go.Figure:
    """counts: event_type (label), events. Horizontal bars, largest on top."""
    counts = counts.sort_values("events")
    figure = go.Figure(
        go.Bar(
            x=counts.events, y=counts.event_type, orientation="h",
            marker_color=[TYPE_COLOURS[label] for label in counts.event_type],
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(
        height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    return figure
