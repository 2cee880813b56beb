"""Text that others wrote (the address, article text) shown exactly as written: never as
Markdown, HTML or a link."""

from __future__ import annotations

import html
import re

import streamlit as st

from views.query import Notice

_BACKTICKS = re.compile(r"`+")


def code_span(text: str) -> str:
    """`text` as a Markdown code span: shown literally, and never turned into a link (GFM links
    bare URLs in text, not in code). The fence is longer than any run of backticks inside."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def show_notice(notice: Notice) -> None:
    quoted = ", ".join(code_span(value) for value in notice.values)
    st.warning(f"{notice.message}: {quoted}" if quoted else f"{notice.message}.")


def marked_html(text: str, mark: str) -> str:
    """`text` escaped for HTML, with the first occurrence of `mark` in a <mark> element."""
    at = text.find(mark) if mark else -1
    if at < 0:
        return html.escape(text)
    before, after = text[:at], text[at + len(mark):]
    return f"{html.escape(before)}<mark>{html.escape(mark)}</mark>{html.escape(after)}"
