"""The events table (paged, sortable), the detail panel of the chosen row, and the downloads of
exactly what is filtered."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from etl.countrycodes import country_name
from etl.schema import EVENT_TYPES
from views.downloads import EXCEL_MAX_ROWS, about_rows, file_name, write_xlsx
from views.exports import download_address, prepare, prepared_file, remove
from views.literal import marked_html
from views.query import (
    PAGE_KEY,
    PAGE_SIZE,
    STATUS_LABELS,
    Dataset,
    Filters,
    Selection,
    article,
    date_label,
    events_page,
    export_batches,
    paragraph_of,
    web_link,
    write_csv,
)


def events_table(dataset: Dataset, selection: Selection, figures: dict[str, object], *,
                 key: str) -> None:
    """Date, countries, type, sentence, article and a link to the source, 50 rows a page;
    choosing a row opens its detail panel below. Only the page shown is queried."""
    total = int(figures["events"])
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1,
                                   step=1, key=f"{key}_page"))
    first = (page - 1) * PAGE_SIZE
    shown = events_page(dataset, selection, page)
    st.caption(f"Rows {first + 1}–{first + len(shown)} of {total}. Choose a row to read its "
               "evidence.")
    picked = st.dataframe(
        pd.DataFrame({
            "date": [date_label(d, p) for d, p in zip(shown.date_start, shown.date_precision,
                                                      strict=True)],
            "as written": shown.date_text,
            "countries": shown.countries.map(lambda codes: ", ".join(map(country_name, codes))),
            "type": shown.event_type.map(EVENT_TYPES),
            "kind": shown.status.map(STATUS_LABELS),
            "sentence": shown.sentence,
            "article": shown.title,
            "source": shown.url.map(web_link),
        }),
        hide_index=True, width="stretch", row_height=72, placeholder="",
        height=min(38 + 73 * max(len(shown), 1), 620),
        column_config={
            "sentence": st.column_config.TextColumn("sentence", width="large"),
            "article": st.column_config.TextColumn("article", width="medium"),
            "source": st.column_config.LinkColumn("source", display_text="open"),
        },
        on_select="rerun", selection_mode="single-row", key=f"{key}_table",
    )
    rows = picked.selection.rows if picked else []
    if rows and rows[0] < len(shown):
        show_detail(dataset, shown.iloc[rows[0]])


def show_detail(dataset: Dataset, event: pd.Series) -> None:
    """Everything a person needs to read, judge and cite one event. Article text is shown
    escaped: never as HTML or Markdown."""
    with st.container(border=True, key="event_detail"):
        st.markdown("**The evidence**")
        st.html(f"<blockquote class='evidence'>{marked_html(event.sentence, event.date_text)}"
                "</blockquote>")
        st.caption(f"Date as written: “{event.date_text}” → "
                   f"{date_label(event.date_start, event.date_precision)} "
                   f"(precise to the {event.date_precision}); "
                   f"{STATUS_LABELS.get(event.status, event.status)}"
                   f"{', the main event of its post' if event.focal else ''}.")
        source = article(dataset, event.article_id)
        paragraph = paragraph_of(source["text"], event.sentence)
        if paragraph and paragraph != " ".join(event.sentence.split()):
            st.markdown("**In its paragraph**")
            st.html(f"<p class='evidence'>{marked_html(paragraph, event.sentence)}</p>")
        left, right = st.columns(2)
        left.markdown("**Article**")
        left.text(source["title"])
        published = source["published"].isoformat() if source["published"] else "unknown"
        if source["published_is_inferred"]:
            published += " (inferred: the input gave no date)"
        left.text(f"Publisher: {source['source'] or 'not named'}\nPublished: {published}")
        link = web_link(source["url"])
        if link:
            left.link_button("Open the source", link)
        right.markdown("**Classified as**")
        words = ", ".join(f"“{word}”" for word in event.type_words)
        decided = f"\nDecided by: {words}" if words else "\nNo type word: other"
        right.text(f"Type: {EVENT_TYPES.get(event.event_type, event.event_type)}{decided}\n"
                   f"Countries: {', '.join(map(country_name, event.countries)) or 'none'}")


def download_links(dataset: Dataset, selection: Selection, figures: dict[str, object], *,
                   key: str) -> None:
    """CSV and Excel of exactly the selected events. A file is written only when its
    "Prepare" button is clicked, to a temporary file that its link then downloads from disk
    (views/exports.py): the server never holds a whole file in memory."""
    events, rows = int(figures["events"]), int(figures["rows"])
    what = (f"{events} event{'' if events == 1 else 's'}, {rows} "
            f"row{'' if rows == 1 else 's'}: one per event and country")
    filters, country = selection.filters, selection.country
    about = about_rows(dataset, filters, _address(filters, country), rows, events, country)
    too_many = rows > EXCEL_MAX_ROWS
    left, right = st.columns(2)
    with left:
        _prepared_link(
            f"{what} (CSV)", key=f"{key}_csv", version=(dataset.version, selection),
            write=lambda path: write_csv(dataset, selection, path),
            file_name=file_name(dataset, filters, "csv", country),
            media_type="text/csv; charset=utf-8", disabled=not events,
            help="UTF-8 for Excel and LibreOffice; cells a spreadsheet would run as a formula "
                 "start with an apostrophe.",
        )
    with right:
        _prepared_link(
            f"{what} (Excel)", key=f"{key}_xlsx", version=(dataset.version, selection),
            write=lambda path: write_xlsx(export_batches(dataset, selection), about, path),
            file_name=file_name(dataset, filters, "xlsx", country),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            disabled=not events or too_many,
            help=(f"{rows:,} rows are more than an Excel sheet holds ({EXCEL_MAX_ROWS:,}): "
                  "download the CSV, or narrow the filters." if too_many else
                  "A second sheet names the filters, the address of this view, the data "
                  "version and a suggested citation."),
        )
        if too_many:
            st.caption(f"Excel: {rows:,} rows are more than a sheet holds "
                       f"({EXCEL_MAX_ROWS:,}); the CSV holds them all.")


def _prepared_link(what: str, *, key: str, version: object, write: Callable[[Path], None],
                   file_name: str, media_type: str, disabled: bool, help: str) -> None:
    """A "Prepare" button that writes the file, then a link that downloads it. The session
    remembers the file for the selection (`version`) it was written for; a file of another
    selection is removed when the selection changes, and once the file is sent or expired the
    button comes back."""
    ready = st.session_state.get(key)
    if ready and (ready[0] != version or prepared_file(ready[1]) is None):
        remove(ready[1])
        del st.session_state[key]
        ready = None
    if not ready and st.button(f"Prepare {what}", key=f"{key}_prepare", disabled=disabled,
                               help=help):
        with st.spinner("Writing the file…"):
            ready = st.session_state[key] = (version, prepare(write, file_name, media_type))
    if ready:
        st.link_button(f"Download {what}", download_address(ready[1]), help=help)


def _address(filters: Filters, country: str | None) -> str:
    params = filters.to_params() | ({PAGE_KEY: country} if country else {})
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode(params)}" if params else base
