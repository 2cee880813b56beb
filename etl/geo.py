"""The country shapes the map draws (data/geo, provenance in its SOURCE.md).

Used by the ETL's run report (which codes cannot be drawn) and by the dashboard's map; it needs
neither plotly nor streamlit.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import geopandas as gpd

GEOMETRY_FILE = Path(__file__).resolve().parent.parent / "data" / "geo" / "countries.geojson"
# Equal Earth: an equal-area world projection, so no country looks bigger than it is.
MAP_CRS = "EPSG:8857"


@cache
def drawable_codes() -> frozenset[str]:
    """The ISO3 codes that have a shape."""
    with GEOMETRY_FILE.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return frozenset(feature["properties"]["iso3"] for feature in features)


@cache
def load_countries() -> gpd.GeoDataFrame:
    """iso3, name and geometry, projected for drawing."""
    return gpd.read_file(GEOMETRY_FILE).to_crs(MAP_CRS)
