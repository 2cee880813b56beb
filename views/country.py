"""A country's page: a summary an analyst can quote, its timeline, event types, events, the
articles that name it and the countries named with it."""

from __future__ import annotations

import streamlit as st

from etl.countrycodes import country_name, flag_emoji
from views.charts import types_figure
from views.overview import open_country, show_figures, show_timeline
from views.query import (
    PAGE_KEY,
    Dataset,
    Selection,
    articles_naming,
    cooccurring_countries,
    counts_by_type,
    trend,
)
from views.tables import download_links, events_table


def _back_to_overview() -> None:
    st.query_params.pop(PAGE_KEY, None)


def summary_lines(dataset: Dataset, selection: Selection) -> list[str]:
    """Sentences an analyst can quote: the trend and the main kinds of event."""
    name = country_name(selection.country or "")
    latest_post = dataset.latest_post
    if latest_post is None:
        return []
    recent, before = trend(dataset, selection, latest_post)
    change = ("as many as" if recent == before else
              "more than" if recent > before else "fewer than")
    lines = [f"{recent} of these events in {name} are dated in the 12 months to "
             f"{latest_post:%d %B %Y} (the latest post), {change} the {before} of the 12 months "
             "before."]
    types = counts_by_type(dataset, selection).head(3)
    if not types.empty:
        main = ", ".join(f"{row.event_type.lower()} ({row.events})"
                         for row in types.itertuples(index=False))
        lines.append(f"Main kinds of event: {main}.")
    return lines


def show_country(dataset: Dataset, selection: Selection) -> None:
    code = selection.country or ""
    st.button("← All countries", on_click=_back_to_overview)
    st.title(f"{flag_emoji(code)} {country_name(code)}")
    st.caption("Events whose sentence, paragraph or article places them here.")
    figures = show_figures(dataset, selection)
    if not figures["events"]:
        st.info(f"No event in {country_name(code)} matches these filters.")
    else:
        for line in summary_lines(dataset, selection):
            st.text(line)
        left, right = st.columns([3, 2])
        with left:
            st.subheader("When")
            show_timeline(dataset, selection, key=f"timeline_{code}")
        with right:
            st.subheader("What kind")
            st.plotly_chart(types_figure(counts_by_type(dataset, selection)),
                            config={"displaylogo": False}, key=f"types_{code}")
        st.subheader("Events, latest first")
        download_links(dataset, selection, figures, key=f"download_{code}")
        events_table(dataset, selection, figures, key=f"events_{code}")
        _show_neighbours(dataset, selection)
    _show_articles(dataset, selection)


def _show_neighbours(dataset: Dataset, selection: Selection) -> None:
    code = selection.country or ""
    neighbours = cooccurring_countries(dataset, selection)
    if neighbours.empty:
        return
    st.subheader("Named with it most often")
    st.caption("Countries named in the same events; choose one to open its page.")
    columns = st.columns(min(len(neighbours), 5))
    for index, row in enumerate(neighbours.itertuples(index=False)):
        label = f"{flag_emoji(row.iso3)} {row.name} ({row.events})"
        if columns[index % len(columns)].button(label, key=f"neighbour_{code}_{row.iso3}"):
            open_country(row.iso3)


def _show_articles(dataset: Dataset, selection: Selection) -> None:
    code = selection.country or ""
    total, holding, newest = articles_naming(dataset, selection)
    st.subheader("Articles that name it")
    one = total == 1
    shown = f" The newest {len(newest)} are listed." if len(newest) < total else ""
    st.caption(f"{total} article{'' if one else 's'} name{'s' if one else ''} "
               f"{country_name(code)}; {holding} of them hold{'s' if holding == 1 else ''} the "
               f"events counted above.{shown}")
    st.dataframe(
        newest.assign(events_here=newest.has_events.map({True: "yes", False: ""}))[
            ["published", "title", "source", "events_here", "url"]],
        hide_index=True, width="stretch", placeholder="",
        column_config={"url": st.column_config.LinkColumn("link", display_text="open"),
                       "events_here": "has counted events"},
        key=f"articles_{code}",
    )
