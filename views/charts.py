"""The timeline and the event-type bars, as plotly figures of aggregates (never raw rows)."""

from __future__ import annotations

from datetime import date, timedelta

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
COARSE_TRACE = "Dated only to a month or year (shaded over that period)"
COARSE_COLOUR = "rgba(120, 130, 150, 0.22)"
_DAY_MS = 86_400_000
_HOVER_FORMAT = {"week": "week of %d %b %Y", "month": "%b %Y", "year": "%Y"}


def timeline_figure(counts: pd.DataFrame, coarse: pd.DataFrame, bucket: str,
                    axis_range: tuple[date, date], *, height: int = 300) -> go.Figure:
    """counts: period, period_end, event_type (label), events: stacked bars, one colour per
    type, each exactly as wide as its period. coarse: start, end, label, events: events dated
    less precisely than the bucket, a light band over their whole period, under the bars.
    The axis is the filter's range, whole days."""
    traces: list[go.BaseTraceType] = [_coarse_trace(coarse)] if not coarse.empty else []
    by_type = dict(tuple(_bar_columns(counts).groupby("type", sort=False))) \
        if not counts.empty else {}
    for label in EVENT_TYPES.values():
        if label not in by_type:
            continue
        rows = by_type[label]
        traces.append(
            go.Bar(
                x=rows.x.to_numpy(), y=rows.events.to_numpy(), name=label,
                marker_color=TYPE_COLOURS[label], offset=0, width=rows.width.to_numpy(),
                customdata=rows.last_day.to_numpy(),
                hovertemplate=f"{label}<br>%{{x|{_HOVER_FORMAT[bucket]}}}: %{{y}}<extra></extra>",
            )
        )
    tallest = _tallest(counts, coarse)
    first, last = axis_range
    layout = dict(
        barmode="stack", bargap=0, height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "y": -0.2},
        xaxis={"type": "date", **_ticks(bucket, first, last),
               "range": [first.isoformat(), (last + timedelta(days=1)).isoformat()]},
        yaxis={"title": f"events per {bucket}", "tickformat": "d", "rangemode": "tozero",
               **({"dtick": 1} if tallest <= 6 else {})},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    # Handed over at once: each add_trace would cost plotly another pass over the figure.
    return go.Figure(data=traces, layout=layout)


def _bar_columns(counts: pd.DataFrame) -> pd.DataFrame:
    """What each bar needs, computed once for every type. The traces take them as numpy
    arrays: plotly reads an array faster than it inspects a pandas Series, to the same figure."""
    return pd.DataFrame({
        "type": counts.event_type, "x": counts.period,
        # A bar starts on its period's first day and is as wide as the period.
        "width": (counts.period_end - counts.period).dt.total_seconds() * 1000,
        # The period's last day: a selection of bars becomes that date range.
        "last_day": (counts.period_end - pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d"),
        "events": counts.events,
    })


def _coarse_trace(coarse: pd.DataFrame) -> go.Scatter:
    """One filled rectangle per period, separated by gaps (None)."""
    xs: list[object] = []
    ys: list[object] = []
    texts: list[str] = []
    for start, end, label, events in coarse.itertuples(index=False):
        xs += [start, start, end, end, start, None]
        ys += [0, events, events, 0, 0, None]
        text = f"{label}: {events} event{'' if events == 1 else 's'} dated only to it"
        texts += [text] * 5 + [""]
    return go.Scatter(
        x=xs, y=ys, mode="lines", fill="toself", fillcolor=COARSE_COLOUR,
        line={"color": "rgba(120, 130, 150, 0.6)", "width": 1, "dash": "dot"},
        name=COARSE_TRACE, text=texts, hoveron="points+fills",
        hovertemplate="%{text}<extra></extra>",
    )


def _tallest(counts: pd.DataFrame, coarse: pd.DataFrame) -> int:
    stacked = counts.groupby("period").events.sum().max() if not counts.empty else 0
    banded = coarse.events.max() if not coarse.empty else 0
    return int(max(stacked, banded, 0))


def _ticks(bucket: str, first: date, last: date) -> dict[str, object]:
    """Ticks on whole periods, spaced so that at most about a dozen are labelled."""
    days = (last - first).days + 1
    if bucket == "week":
        weeks = max(1, round(days / 7 / 12))
        monday = first - timedelta(days=first.weekday())
        return {"tick0": monday.isoformat(), "dtick": 7 * weeks * _DAY_MS,
                "tickformat": "%d %b\n%Y"}
    if bucket == "month":
        months = next(step for step in (1, 2, 3, 6, 12) if days / 30.4 / step <= 12)
        return {"tick0": f"{first.year}-01-01", "dtick": f"M{months}", "tickformat": "%b %Y"}
    years = max(1, round(days / 365.25 / 12))
    return {"tick0": f"{first.year}-01-01", "dtick": f"M{12 * years}", "tickformat": "%Y"}


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
        xaxis={"tickformat": "d"},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    return figure
