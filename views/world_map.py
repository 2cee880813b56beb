"""The world map of event counts, drawn from the shipped geometry with no network request.

Plotly's geo maps fetch their base shapes from a CDN, so the map is plain cartesian traces:
country polygons projected to Equal Earth (etl.geo), filled by count class, one trace per class;
one marker trace ("countries") at each country with events, which carries the hover text and
the ISO3 code (customdata) that a click selects; and, because plotly reports clicks on points
but not on filled areas, a layer of transparent points spread over each such country's shape
(SHAPE_TRACE), so a click anywhere on the country selects it too.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import MultiPolygon, Polygon

from etl.geo import load_countries

NO_DATA_COLOUR = "#e4e7eb"
BORDER_COLOUR = "#ffffff"
# Sequential classes, light to dark; the upper bounds grow so a few busy countries do not wash
# out the rest.
CLASS_BOUNDS = (1, 3, 10, 30, 100)
CLASS_COLOURS = ("#fde0c5", "#facba6", "#f59e72", "#e8694a", "#c4393a", "#8c1d2b")
MARKER_TRACE = "countries"
SHAPE_TRACE = "country shapes"
SELECTED_COLOUR = "#1f2430"
_MAX_STEP_KM = 10_000
# Spacing of the clickable points over a shape, in km: about 5 px on a page-wide world map,
# so points of 9 px cover the shape without gaps.
_HIT_SPACING_KM = 120
_ZOOM_MARGIN = 0.25


@cache
def _outlines() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per ISO3, the x and y of its polygons' exterior rings, rings separated by NaN (plotly
    draws each ring as its own filled shape), rounded to the kilometre to keep the page small."""
    outlines: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for iso3, geometry in zip(load_countries().iso3, load_countries().geometry, strict=True):
        polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
        xs: list[np.ndarray] = []
        ys: list[np.ndarray] = []
        for polygon in polygons:
            if not isinstance(polygon, Polygon) or polygon.is_empty:
                continue
            x, y = (np.round(np.asarray(c) / 1000) for c in polygon.exterior.coords.xy)
            # A ring that runs along the antimeridian jumps across the whole map once
            # projected: break it there rather than draw a line across the world.
            jumps = np.flatnonzero(np.abs(np.diff(x)) > _MAX_STEP_KM) + 1
            xs += [np.insert(x, jumps, np.nan), np.array([np.nan])]
            ys += [np.insert(y, jumps, np.nan), np.array([np.nan])]
        if xs:
            outlines[iso3] = (np.concatenate(xs), np.concatenate(ys))
    return outlines


@cache
def _anchors() -> dict[str, tuple[float, float]]:
    """A point inside each country, in the same kilometre units, for its marker."""
    countries = load_countries()
    points = countries.geometry.representative_point()
    return {
        iso3: (round(point.x / 1000), round(point.y / 1000))
        for iso3, point in zip(countries.iso3, points, strict=True)
    }


@cache
def _hit_points(iso3: str) -> tuple[np.ndarray, np.ndarray]:
    """A grid of points inside the country's shape (at least its anchor), in km."""
    countries = load_countries()
    geometry = countries.geometry[countries.iso3 == iso3].iloc[0]
    west, south, east, north = (value / 1000 for value in geometry.bounds)
    grid_x, grid_y = np.meshgrid(np.arange(west, east, _HIT_SPACING_KM),
                                 np.arange(south, north, _HIT_SPACING_KM))
    inside = shapely.contains_xy(geometry, grid_x.ravel() * 1000, grid_y.ravel() * 1000)
    anchor_x, anchor_y = _anchors()[iso3]
    return (np.append(grid_x.ravel()[inside], anchor_x).round(),
            np.append(grid_y.ravel()[inside], anchor_y).round())


def _bounds_km(codes: list[str]) -> tuple[float, float, float, float]:
    countries = load_countries()
    west, south, east, north = countries.geometry[countries.iso3.isin(codes)].total_bounds
    return west / 1000, south / 1000, east / 1000, north / 1000


def count_class(events: int) -> int:
    """0 for no events, else 1 + the index of the first bound the count does not exceed."""
    if events <= 0:
        return 0
    for index, bound in enumerate(CLASS_BOUNDS):
        if events <= bound:
            return index + 1
    return len(CLASS_BOUNDS) + 1


def class_label(index: int) -> str:
    if index == 0:
        return "no events"
    low = 1 if index == 1 else CLASS_BOUNDS[index - 2] + 1
    if index > len(CLASS_BOUNDS):
        return f"{low}+"
    high = CLASS_BOUNDS[index - 1]
    return str(low) if low == high else f"{low}–{high}"


def world_map_figure(counts: pd.DataFrame, *, selected: tuple[str, ...] = (),
                     height: int = 480) -> go.Figure:
    """counts: columns iso3, name, events, top_types. Countries absent are drawn grey; the
    `selected` countries are outlined and the view is zoomed to them."""
    by_code = counts.set_index("iso3")["events"].to_dict() if not counts.empty else {}
    traces: list[go.Scatter] = []
    classes: dict[int, list[str]] = {}
    for iso3 in _outlines():
        classes.setdefault(count_class(int(by_code.get(iso3, 0))), []).append(iso3)
    for index in sorted(classes):
        xs, ys = outline_xy(classes[index])
        colour = NO_DATA_COLOUR if index == 0 else CLASS_COLOURS[index - 1]
        traces.append(
            go.Scatter(
                x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour,
                line={"color": BORDER_COLOUR, "width": 0.5}, hoverinfo="skip",
                name=class_label(index), showlegend=index > 0, legendgroup=str(index),
            )
        )
    drawable = counts[counts.iso3.isin(_anchors().keys())] if not counts.empty else counts
    shown_selected = [code for code in selected if code in _outlines()]
    if shown_selected:
        selected_x, selected_y = outline_xy(shown_selected)
        traces.append(
            go.Scatter(
                x=selected_x, y=selected_y, mode="lines",
                line={"color": SELECTED_COLOUR, "width": 2}, hoverinfo="skip",
                name="selected", showlegend=False,
            )
        )
    if not drawable.empty:
        anchors = [_anchors()[code] for code in drawable.iso3]
        labels = [
            f"{name}: {events} event{'' if events == 1 else 's'}"
            for name, events in zip(drawable.name, drawable.events, strict=True)
        ]
        traces.append(_shape_hits(drawable, labels))
        traces.append(
            go.Scatter(
                x=[a[0] for a in anchors], y=[a[1] for a in anchors], mode="markers",
                name=MARKER_TRACE, showlegend=False,
                marker={"size": np.clip(6 + 4 * np.sqrt(drawable.events), 8, 34),
                        "color": "rgba(40, 40, 60, 0.35)",
                        "line": {"color": "white", "width": 1}},
                customdata=drawable.iso3.tolist(), text=labels, hovertext=drawable.top_types,
                hovertemplate="<b>%{text}</b><br>%{hovertext}<extra></extra>",
            )
        )
    layout = map_layout(height)
    for axis, name in enumerate(("xaxis", "yaxis")):
        layout[name] = {**layout[name], **_zoom(shown_selected, axis)}
    # Traces and layout handed over at once: each add_trace or update_layout would cost plotly
    # another pass (a deep copy) over some 40,000 values.
    return go.Figure(data=traces, layout=layout)


def map_layout(height: int) -> dict[str, object]:
    """The layout every map shares: no axes, equal scales, a legend of classes, pan to move
    (no scroll zoom: scrolling over the map scrolls the page)."""
    return {
        "height": height, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {"visible": False, "fixedrange": False},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": 1},
        "legend": {"title": {"text": "events"}, "orientation": "h", "y": 0.02, "x": 0.01,
                   "bgcolor": "rgba(255,255,255,0.7)"},
        "dragmode": "pan", "hovermode": "closest", "clickmode": "event+select",
    }


def outline_xy(codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The outlines of these countries (those that have a shape), as one trace's x and y."""
    drawn = [code for code in codes if code in _outlines()]
    if not drawn:
        return np.array([]), np.array([])
    return (np.concatenate([_outlines()[code][0] for code in drawn]),
            np.concatenate([_outlines()[code][1] for code in drawn]))


def anchor_of(code: str) -> tuple[float, float] | None:
    return _anchors().get(code)


def _shape_hits(drawable: pd.DataFrame, labels: list[str]) -> go.Scatter:
    """Transparent points over each country's shape that carry its code, label and hover."""
    points = [_hit_points(code) for code in drawable.iso3]
    # Each point's country, by position in `drawable`: its texts are picked from arrays, which
    # plotly takes whole, where lists of some 10,000 strings were checked one by one.
    country = np.repeat(np.arange(len(points)), [len(x) for x, _ in points])

    def per_point(values: object) -> np.ndarray:
        return np.asarray(values, dtype=str)[country]

    return go.Scatter(
        x=np.concatenate([x for x, _ in points]), y=np.concatenate([y for _, y in points]),
        mode="markers", name=SHAPE_TRACE, showlegend=False,
        marker={"size": 9, "color": "rgba(0, 0, 0, 0)"},
        customdata=per_point(drawable.iso3), text=per_point(labels),
        hovertext=per_point(drawable.top_types),
        hovertemplate="<b>%{text}</b><br>%{hovertext}<extra></extra>",
    )


def _zoom(codes: list[str], axis: int) -> dict[str, object]:
    """The axis range that frames the countries with a margin; nothing for the whole world."""
    if not codes:
        return {}
    west, south, east, north = _bounds_km(codes)
    low, high = (west, east) if axis == 0 else (south, north)
    margin = max(high - low, 1500) * _ZOOM_MARGIN
    return {"range": [low - margin, high + margin]}
