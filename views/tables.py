"""The events table (paged, sortable) and the CSV download of exactly what is filtered."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from etl.countrycodes import country_name
from etl.schema import EVENT_TYPES
from etl.store import csv_bytes
from views.query import Dataset, Filters, export_frame

PAGE_SIZE = 50


def events_table(events: pd.DataFrame, *, key: str) -> None:
    """Date, countries, type, sentence, article and a link to the source, 50 rows a page."""
    total = len(events)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    ordered = events.sort_values(["date_start", "event_id"], ascending=[False, True])
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1,
                                   step=1, key=f"{key}_page"))
    first = (page - 1) * PAGE_SIZE
    shown = ordered.iloc[first : first + PAGE_SIZE]
    st.caption(f"Rows {first + 1}–{first + len(shown)} of {total}")
    st.dataframe(
        pd.DataFrame({
            "date": shown.date_start,
            "precision": shown.date_precision,
            "as written": shown.date_text,
            "countries": shown.countries.map(lambda codes: ", ".join(map(country_name, codes))),
            "type": shown.event_type.map(EVENT_TYPES),
            "sentence": shown.sentence,
            "article": shown.title,
            "source": shown.url,
        }),
        hide_index=True, width="stretch", height=min(38 + 35 * max(len(shown), 1), 560),
        column_config={
            "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
            "sentence": st.column_config.TextColumn("sentence", width="large"),
            "source": st.column_config.LinkColumn("source", display_text="open"),
        },
        key=f"{key}_table",
    )


def download_button(dataset: Dataset, events: pd.DataFrame, filters: Filters, *, key: str,
                    country: str | None = None) -> None:
    scope = "_".join(filter(None, [country, filters.describe() if filters.to_params() else ""]))
    name = f"rights-atlas_events_{scope or 'all'}.csv".replace(" ", "-")
    st.download_button(
        f"Download these {len(events)} events (CSV)", data=csv_bytes(export_frame(dataset, events)),
        file_name=name, mime="text/csv", key=key, disabled=events.empty,
        help="One row per event and country; opens in Excel and LibreOffice.",
    )
