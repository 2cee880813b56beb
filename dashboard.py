"""Rights Atlas dashboard: `streamlit run dashboard.py` (or `make dashboard`).

Reads the tables `python -m etl build` wrote to RIGHTS_ATLAS_DATA (default: data/build, the
demo corpus, built on first start). It never extracts anything itself.

This file is both the page (Streamlit runs it as `__main__` for each visitor) and the server:
`streamlit run` finds `app` below and serves the page with the route that sends downloads
from disk (views/server.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import streamlit as st

from etl.demo import DEMO_OUT, demo_build_command
from views.country import show_country
from views.literal import show_notice
from views.overview import show_overview
from views.query import (
    Dataset,
    Selection,
    build_stamp,
    filters_from_params,
    has_data,
    load_dataset,
)
from views.query import page_country as requested_country
from views.server import ROUTES
from views.sidebar import sidebar_filters, sync_query_params

DATA_DIR = Path(os.environ.get("RIGHTS_ATLAS_DATA", DEMO_OUT))
# Every view's address is far shorter; a longer one is a mistake or an attack, and gets a page
# that says so. (Past about 100 KB the web server itself refuses the request.)
MAX_ADDRESS_CHARS = 4000


@st.cache_resource(show_spinner=False, max_entries=1)
def _dataset(data_dir: str, stamp: str) -> Dataset:
    """Loaded once per data change: `stamp` names the current build. Only the current build is
    kept: a rebuild evicts the previous dataset from memory."""
    return load_dataset(Path(data_dir))


def _ensure_data() -> bool:
    if has_data(DATA_DIR):
        return True
    if DATA_DIR.resolve() != DEMO_OUT.resolve():
        st.title("Rights Atlas")
        st.warning(f"No data in {DATA_DIR}. Build it first:")
        st.code(f"python -m etl build YOUR_POSTS --out {DATA_DIR}", language="bash")
        return False
    with st.spinner("Building the demo data from data/demo (first start only)…"):
        result = subprocess.run(
            demo_build_command(DATA_DIR), capture_output=True, text=True, check=False
        )
    if result.returncode != 0 or not has_data(DATA_DIR):
        # The details go to the operator's terminal, not to visitors.
        print(result.stderr or result.stdout, file=sys.stderr)
        st.error("Building the demo data failed; the server's log says why.")
        return False
    return True


def _address_length(params: dict[str, list[str]]) -> int:
    return sum(len(key) + 1 + len(value) for key, values in params.items() for value in values)


def _address_too_long(length: int) -> None:
    st.title("This address is too long")
    st.info(f"Its query string has {length:,} characters; the dashboard reads at most "
            f"{MAX_ADDRESS_CHARS:,}. A view's address is much shorter: start again from the "
            "overview and set the filters in the sidebar.")
    st.button("Open the overview", on_click=st.query_params.clear)


def main() -> None:
    st.set_page_config(page_title="Rights Atlas", page_icon="🌍", layout="wide")
    if not _ensure_data():
        return
    dataset = _dataset(str(DATA_DIR), build_stamp(DATA_DIR))
    if not dataset.event_count:
        st.title("Rights Atlas")
        st.info(f"The data in {DATA_DIR} holds no events yet: build it from posts that "
                "mention dates.")
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    if _address_length(params) > MAX_ADDRESS_CHARS:
        _address_too_long(_address_length(params))
        return
    initial, notices = filters_from_params(params, dataset)
    country, country_notice = requested_country(params, dataset)
    filters = sidebar_filters(dataset, initial, on_country_page=country is not None)
    sync_query_params(filters, country)
    for notice in [*notices, country_notice]:
        if notice:
            show_notice(notice)  # it quotes the address, which anyone can write
    selection = Selection(filters, country)
    if country:
        show_country(dataset, selection)
    else:
        show_overview(dataset, selection)


if __name__ == "__main__":
    main()
else:  # imported by `streamlit run dashboard.py`, which serves this app
    app = st.App(__file__, routes=ROUTES)
