"""The "Sources and method" panel: which posts, when built, what an event is, how accurate the
extraction is, and what the build left out, so nobody has to open the repository."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import pandas as pd
import streamlit as st

from views.query import Dataset, publishers

EVENT_DEFINITION = (
    "An event is one sentence of a post that holds a date expression: what happened, when "
    "(to the day, the month or the year, as precisely as written), in which countries (those "
    "the sentence names, else its paragraph's, else the article's main country) and of which "
    "type (decided by the words of the sentence). A post may report it as news, cite it as "
    "history (long before the post) or announce it (after the post); by default only news is "
    "counted."
)
EVALUATE_COMMAND = "make evaluate"


def show_sources(dataset: Dataset) -> None:
    with st.expander("Sources and method", expanded=False):
        st.markdown("**The posts**")
        st.dataframe(publishers(dataset), hide_index=True, width="content")
        inputs = input_files(dataset.report)
        if not inputs.empty:
            st.markdown("**Input files**")
            st.dataframe(inputs, hide_index=True, width="content")
        built = dataset.report.get("built_at", "unknown")
        st.text(f"Data built at {built}; data version {dataset.version} (in every file "
                "name you download).")
        st.markdown("**What an event is**")
        st.text(EVENT_DEFINITION)
        st.markdown("**Accuracy**")
        figures = accuracy(dataset.evaluation)
        if figures.empty:
            st.text("No accuracy figures were written beside this build. Measure them with:")
        else:
            st.dataframe(figures, hide_index=True, width="content")
            st.text("Measured against a hand annotation with:")
        st.code(EVALUATE_COMMAND, language="bash")
        st.markdown("**What the build left out**")
        for line in left_out(dataset.report):
            st.text(line)


def input_files(report: dict[str, Any] | Any) -> pd.DataFrame:
    """file (its name only: the server's folders are nobody's business), format, posts,
    events, problem."""
    rows = [{
        "file": PurePath(str(source.get("path", ""))).name,
        "format": source.get("format", ""),
        "posts": source.get("articles", 0),
        "events": source.get("events", 0),
        "problem": "could not be read" if source.get("error") else "",
    } for source in report.get("sources", [])]
    return pd.DataFrame(rows, columns=["file", "format", "posts", "events", "problem"])


def accuracy(evaluation: dict[str, Any] | Any) -> pd.DataFrame:
    """The figures of an evaluation file: {"figures": {name: value}} or {name: value}."""
    figures = evaluation.get("figures", evaluation)
    rows = [{"figure": name.replace("_", " "), "value": round(float(value), 3)}
            for name, value in figures.items()
            if isinstance(value, int | float) and not isinstance(value, bool)]
    return pd.DataFrame(rows, columns=["figure", "value"])


def left_out(report: dict[str, Any] | Any) -> list[str]:
    if not report:
        return ["No run report beside this data (report.json), so what was left out is unknown."]
    totals = report.get("totals", {})
    lines = [
        f"{totals.get('sources_failed', 0)} input file(s) could not be read; "
        f"{totals.get('records_skipped', 0)} record(s) skipped; "
        f"{totals.get('values_skipped', 0)} value(s) ignored; "
        f"{totals.get('dates_unresolved', 0)} date expression(s) left out:"
    ]
    lines += [f"  {item.get('count', 0)} × {item.get('reason', '')}"
              for item in report.get("dates_unresolved", [])]
    lines += [f"  skipped {PurePath(str(source.get('path', ''))).name}: {item.get('reason', '')}"
              for source in report.get("sources", []) for item in source.get("skipped", [])]
    shapeless = [item.get("name", "") for item in report.get("countries_without_map_shape", [])]
    if shapeless:
        lines.append(f"Not drawable on the map: {', '.join(shapeless)}")
    return lines
