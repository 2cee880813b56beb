"""A country's page: its figures, timeline, event types, events, articles and neighbours in
the news."""

from __future__ import annotations

import streamlit as st

from etl.countrycodes import country_name, flag_emoji
from views.charts import types_figure
from views.overview import open_country, show_figures, show_timeline
from views.query import (
    PAGE_KEY,
    Dataset,
    Filters,
    articles_naming,
    cooccurring_countries,
    counts_by_type,
)
from views.tables import download_button, events_table


def _back_to_overview() -> None:
    st.query_params.pop(PAGE_KEY, None)


def show_country(dataset: Dataset, events: object, filters: Filters, code: str) -> None:
    st.button("← All countries", on_click=_back_to_overview)
    st.title(f"{flag_emoji(code)} {country_name(code)}")
    st.caption(f"ISO 3166-1 code {code}. Events whose sentence, paragraph or article places "
               "them here.")
    show_figures(events)
    if events.empty:
        st.info(f"No event in {country_name(code)} matches these filters.")
    else:
        left, right = st.columns([3, 2])
        with left:
            st.subheader("When")
            show_timeline(events, filters, key=f"timeline_{code}")
        with right:
            st.subheader("What kind")
            st.plotly_chart(types_figure(counts_by_type(events)), config={"displaylogo": False},
                            key=f"types_{code}")
        st.subheader("Events")
        download_button(dataset, events, filters, key=f"download_{code}", country=code)
        events_table(events, key=f"events_{code}")
        neighbours = cooccurring_countries(events, code)
        if not neighbours.empty:
            st.subheader("Named with it most often")
            picked = st.dataframe(neighbours, hide_index=True, on_select="rerun",
                                  selection_mode="single-row", key=f"neighbours_{code}")
            if picked and picked.selection.rows:
                open_country(neighbours.iso3.iloc[picked.selection.rows[0]])
    st.subheader("Articles that name it")
    st.dataframe(
        articles_naming(dataset, code), hide_index=True, width="stretch",
        column_config={"url": st.column_config.LinkColumn("link", display_text="open")},
        key=f"articles_{code}",
    )
