"""ISO 3166-1 alpha-3 codes and the names people know them by.

Shared by the ETL (events.csv) and the dashboard, so it holds no extraction logic.
pycountry supplies the codes; `data/lexicon/display_names.csv` replaces its formal names
("Korea, Republic of") with the ones a reader expects ("South Korea"). Kosovo has no ISO code;
we use XKX, the code the European Commission and the World Bank use.
"""

from __future__ import annotations

from functools import cache

import pycountry

from etl.lexicon import lexicon_rows

KOSOVO = "XKX"


@cache
def _display_names() -> dict[str, str]:
    return {row["iso3"]: row["name"] for row in lexicon_rows("display_names.csv")}


@cache
def country_name(iso3: str) -> str:
    """The short name of a country; the code itself when it is unknown."""
    if iso3 in _display_names():
        return _display_names()[iso3]
    record = pycountry.countries.get(alpha_3=iso3)
    if record is None:
        return iso3
    return getattr(record, "common_name", None) or record.name


@cache
def known_codes() -> frozenset[str]:
    """Every code the project may emit: ISO 3166-1 plus Kosovo."""
    return frozenset(c.alpha_3 for c in pycountry.countries) | {KOSOVO}


def flag_emoji(iso3: str) -> str:
    """The flag as regional-indicator letters (no image asset needed); empty when unknown."""
    if iso3 == KOSOVO:
        alpha2 = "XK"
    else:
        record = pycountry.countries.get(alpha_3=iso3)
        if record is None:
            return ""
        alpha2 = record.alpha_2
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in alpha2)
