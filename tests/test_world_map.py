"""The offline world map: shipped geometry, every emitted code drawable, a small figure."""

from __future__ import annotations

import pandas as pd

from etl.countrycodes import known_codes
from etl.extract.countries import lexicon_codes
from etl.geo import drawable_codes
from views.world_map import MARKER_TRACE, NO_DATA_COLOUR, class_label, count_class, world_map_figure

COUNTS = pd.DataFrame({
    "iso3": ["TUN", "USA", "ZAF", "XKX"],
    "name": ["Tunisia", "United States", "South Africa", "Kosovo"],
    "events": [25, 14, 2, 1],
    "top_types": ["Arrest and detention", "Surveillance and privacy", "Other", "Other"],
})


def test_geometry_covers_the_countries_the_lexicon_emits() -> None:
    assert drawable_codes() <= known_codes()
    assert len(drawable_codes()) >= 230
    for code in ("ZAF", "USA", "TUN", "SVN", "ARG", "PSE", "XKX", "SGP", "BHR", "MLT"):
        assert code in drawable_codes()
    # What cannot be drawn at this scale is small territories, listed in data/geo/SOURCE.md.
    assert sorted(lexicon_codes() - drawable_codes()) == [
        "ATA", "BVT", "CXR", "GIB", "GLP", "MTQ", "MYT", "REU", "SJM", "TKL", "TUV", "UMI"]


def test_figure_is_a_few_traces_with_clickable_markers() -> None:
    figure = world_map_figure(COUNTS)
    assert len(figure.data) <= 10
    assert not figure.layout.geo.to_plotly_json()  # no plotly geo: it would fetch a CDN
    markers = [trace for trace in figure.data if trace.name == MARKER_TRACE]
    assert len(markers) == 1
    assert list(markers[0].customdata) == ["TUN", "USA", "ZAF", "XKX"]
    assert markers[0].text[0] == "Tunisia: 25 events"
    assert all(trace.hoverinfo == "skip" for trace in figure.data if trace.fill == "toself")


def test_countries_without_events_are_grey() -> None:
    figure = world_map_figure(COUNTS)
    grey = [t for t in figure.data if t.fill == "toself" and t.fillcolor == NO_DATA_COLOUR]
    assert len(grey) == 1
    empty = world_map_figure(COUNTS.iloc[0:0])
    assert [t.fillcolor for t in empty.data] == [NO_DATA_COLOUR]


def test_figure_stays_small_enough_to_send() -> None:
    assert len(world_map_figure(COUNTS).to_json()) < 1_000_000


def test_count_classes() -> None:
    assert [count_class(n) for n in (0, 1, 2, 3, 4, 10, 11, 100, 101)] == [
        0, 1, 2, 2, 3, 3, 4, 5, 6]
    assert [class_label(i) for i in range(7)] == [
        "no events", "1", "2–3", "4–10", "11–30", "31–100", "101+"]


def test_a_click_anywhere_on_a_country_selects_it_and_a_selection_is_framed() -> None:
    from views.world_map import SHAPE_TRACE

    figure = world_map_figure(COUNTS, selected=("TUN",))
    [hits] = [trace for trace in figure.data if trace.name == SHAPE_TRACE]
    usa = [i for i, code in enumerate(hits.customdata) if code == "USA"]
    assert len(usa) > 100  # points all over the shape, not only its circle
    assert hits.marker.color == "rgba(0, 0, 0, 0)"
    [outline] = [trace for trace in figure.data if trace.name == "selected"]
    assert outline.fill is None
    west, east = figure.layout.xaxis.range
    assert east - west < 3000  # km: Tunisia and its surroundings, not the world
    assert world_map_figure(COUNTS).layout.xaxis.range is None
