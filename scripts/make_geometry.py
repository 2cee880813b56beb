"""Regenerate data/geo/countries.geojson from Natural Earth 1:50m admin-0 countries.

The source is the TopoJSON of the npm package world-atlas 2.0.2 (ISC licence), itself Natural
Earth (public domain). Run from the project root:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/make_geometry.py /tmp/package/countries-50m.json

Features are keyed by ISO 3166-1 alpha-3 (numeric ids mapped with pycountry; Kosovo, which has no
id there, gets XKX; Somaliland is merged into Somalia and Northern Cyprus into Cyprus, as
their ISO codes do), Antarctica is dropped (it takes a sixth of a world map and no news), and
shapes are simplified to about 0.05 degrees, ample for a dashboard-sized map.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pycountry

from etl.countrycodes import KOSOVO, country_name
from etl.geo import GEOMETRY_FILE

_UNNAMED = {"Kosovo": KOSOVO, "Somaliland": "SOM", "N. Cyprus": "CYP"}
_TOLERANCE = 0.05  # degrees


def _iso3(numeric: str | None, name: str) -> str | None:
    if numeric is None or str(numeric) == "nan":
        return _UNNAMED.get(name)
    record = pycountry.countries.get(numeric=str(numeric).zfill(3))
    return record.alpha_3 if record else None


def main(source: Path) -> None:
    countries = gpd.read_file(source, layer="countries").set_crs("EPSG:4326", allow_override=True)
    countries["iso3"] = [_iso3(i, n) for i, n in zip(countries.id, countries.name, strict=True)]
    dropped = sorted(countries.loc[countries.iso3.isna(), "name"])
    countries = countries.dropna(subset=["iso3"])
    countries = countries[countries.iso3 != "ATA"]
    countries["geometry"] = countries.geometry.make_valid()
    countries = countries.dissolve(by="iso3", as_index=False)[["iso3", "geometry"]]
    countries["geometry"] = countries.geometry.simplify(_TOLERANCE, preserve_topology=True)
    countries["name"] = countries.iso3.map(country_name)
    countries = countries[["iso3", "name", "geometry"]].sort_values("iso3")
    GEOMETRY_FILE.parent.mkdir(parents=True, exist_ok=True)
    countries.to_file(GEOMETRY_FILE, driver="GeoJSON", COORDINATE_PRECISION=3)
    size = GEOMETRY_FILE.stat().st_size / 1000
    print(f"wrote {GEOMETRY_FILE} ({len(countries)} countries, {size:.0f} kB); "
          f"features without a country code, left out: {', '.join(dropped) or 'none'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
