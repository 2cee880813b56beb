"""Every extractor and adapter on generated hostile text, within a time and memory budget.

Inputs are seeded, so a failure reproduces: each is about 200 KB made of one hostile unit
repeated (the worst case for a pattern that backtracks or a loop that rescans) or of units
mixed at random. Each run is measured alone in a forked child; the budgets are generous (CPU
seconds, not wall time, and peak resident memory), so a slow or busy machine passes and anything
quadratic, which takes minutes on 200 KB, does not.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import random
import resource
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from etl.extract.countries import find_countries
from etl.extract.dates import find_dates
from etl.extract.event_types import classify_event
from etl.extract.status import event_status
from etl.extract.text import paragraph_spans, sentence_spans
from etl.pipeline import extract_article
from etl.schema import RawArticle
from etl.sources import SourceError
from etl.sources.feed_dump import read_feed_dump
from etl.sources.feeds import read_feed
from etl.sources.html_page import read_html_page
from etl.sources.html_text import html_to_text
from etl.sources.pages import read_text_page
from etl.sources.published import parse_published
from etl.sources.tables import read_csv, read_jsonl
from etl.sources.text_io import normalize_text, same_title, title_from_text

SIZE = 200_000
CPU_SECONDS = 8.0
CPU_LIMIT = 60  # the child is killed there: a quadratic case must fail, not hang the suite
PEAK_BYTES = 400 * 1024 * 1024  # memory held at once, above what the test process holds

# Pieces that have made parsers of text, Markdown, HTML and dates slow or big.
UNITS = (
    "**a", "**a ", "_a ", "__a ", "*a ", "~~a ", "`a ", "[a](", "[a](b ", "![", "[a][", "<http:",
    "# ", "#", "> ", "- ", "* ", "1. ", "---\n", "\\", "  \n", " ", "\t", "\n", "\n\n", ".",
    ". ", "a", "aa ", "3 May 2024 ", "on 3 May 2024 ", "between July and ", "2024-", "2024 ",
    "1", "11 ", "May ", "Monday ", "two weeks later ", "mid-", "since ", "Tunisia ", "Georgia ",
    "Mr. ", "U.S. ", "“", "«", "<p>", "<div>", "<li>", "<b>", "<a href='javascript:x'>", "&amp;",
    "&#", "<!--", "<![CDATA[", "<?", "\"", "\",", ",", ";", "{\"a\":", "[", "{", "title:",
    "The post a appeared first on b.\n", "\u00a0", "\u200b", "\u2028", "é", "😀",
)  # fmt: skip


def hostile_texts() -> list[tuple[str, str]]:
    """(name, text): every unit repeated, then units mixed at random."""
    texts = [(f"repeat {unit!r}", unit * (SIZE // len(unit))) for unit in UNITS]
    generator = random.Random(8)
    for seed in range(6):
        pieces: list[str] = []
        length = 0
        while length < SIZE:
            piece = generator.choice(UNITS) * generator.choice((1, 1, 2, 5, 50))
            pieces.append(piece)
            length += len(piece)
        texts.append((f"mix {seed}", "".join(pieces)))
    return texts


def _article(text: str) -> None:
    extract_article(RawArticle(title=text[:200], text=normalize_text(text), origin="fuzz",
                               published=date(2025, 11, 15)))


def _adapter(reader: Callable[[Path, str], object], name: str) -> Callable[[str], None]:
    def read(text: str) -> None:
        # A clear refusal is a fine answer to hostile input; a hang is not.
        with contextlib.suppress(SourceError):
            reader(Path(name), text)

    return read


def _sentences(text: str) -> None:
    for sentence in sentence_spans(text)[:200]:
        piece = text[sentence.start : sentence.end]
        classify_event(piece)
        event_status(piece, "2024", date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 1))


TARGETS: dict[str, Callable[[str], None]] = {
    "extract_article": _article,
    "dates": lambda text: find_dates(text, date(2025, 11, 15)),
    "countries": find_countries,
    "paragraphs": paragraph_spans,
    "sentences and their types": _sentences,
    "event type of it all": classify_event,
    "text page": _adapter(read_text_page, "post.txt"),
    "markdown page": _adapter(read_text_page, "post.md"),
    "feed dump": lambda text: _adapter(read_feed_dump, "dump.txt")(
        text + "\nThe post A appeared first on B.\n"
    ),
    "rss entry": lambda text: _adapter(read_feed, "feed.xml")(
        f"<rss><channel><title>{html.escape(text[:300])}</title><item><title>t</title>"
        f"<link>{html.escape(text[:300])}</link><pubDate>{html.escape(text[:100])}</pubDate>"
        f"<description>{html.escape(text)}</description></item></channel></rss>"
    ),
    "rss raw": _adapter(read_feed, "feed.xml"),
    "html page": _adapter(read_html_page, "page.html"),
    "html fragment": html_to_text,
    "jsonl raw": _adapter(read_jsonl, "posts.jsonl"),
    "jsonl record": lambda text: _adapter(read_jsonl, "posts.jsonl")(
        json.dumps({"title": text[:500], "text": text, "url": text[:300]})
    ),
    "csv raw": _adapter(read_csv, "posts.csv"),
    "csv record": lambda text: _adapter(read_csv, "posts.csv")("title,text\n" + text),
    "titles and dates": lambda text: (
        title_from_text(text), same_title(text[:5000], text[1:5001]), parse_published(text)
    ),
}


def run_alone(target: Callable[[str], None], text: str) -> tuple[float, int, bool]:
    """(CPU seconds, bytes of memory added at the peak, whether it raised) of target(text), run
    in a forked child so that its own usage is measured exactly and a runaway is stopped."""
    baseline = _resident_bytes()
    pid = os.fork()
    if pid == 0:  # the child: run, and nothing else
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))
        try:
            target(text)
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status, usage = os.wait4(pid, 0)
    seconds = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss * 1024 - baseline, os.waitstatus_to_exitcode(status) != 0


def _resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_hostile_text_is_handled_in_linear_time_and_memory(target: str) -> None:
    over: list[str] = []
    for name, text in hostile_texts():
        seconds, added, failed = run_alone(TARGETS[target], text)
        if failed or seconds > CPU_SECONDS or added > PEAK_BYTES:
            state = "raised or was stopped, " if failed else ""
            over.append(f"{name}: {state}{seconds:.1f} s, {added / 2**20:.0f} MB")
    assert not over, f"{target} over budget on: {over}"
