"""Input adapters: one module per format, chosen by extension and content.

`read_source(path)` takes a file or a folder and returns, per input file, what it read or the
error that kept it from being read, so one bad file never stops a run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from etl.sources.base import SourceError, SourceRead
from etl.sources.feed_dump import looks_like_feed_dump, read_feed_dump
from etl.sources.feeds import looks_like_feed, read_feed
from etl.sources.pages import read_html_page, read_text_page
from etl.sources.tables import read_csv, read_jsonl
from etl.sources.text_io import read_text

__all__ = ["SourceError", "SourceRead", "read_source"]

Reader = Callable[[Path, str], SourceRead]

_BY_EXTENSION: dict[str, Reader] = {
    ".xml": read_feed, ".rss": read_feed, ".atom": read_feed,
    ".html": read_html_page, ".htm": read_html_page,
    ".md": read_text_page, ".markdown": read_text_page,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".csv": read_csv,
}  # fmt: skip
SUPPORTED = (".txt", *_BY_EXTENSION)


def read_source(path: Path) -> list[tuple[Path, SourceRead | SourceError]]:
    files = sorted(
        p for p in path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    ) if path.is_dir() else [path]  # fmt: skip
    return [(file, _read_file(file)) for file in files]


def _read_file(path: Path) -> SourceRead | SourceError:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        return SourceError(
            f"{path}: unsupported file type {suffix or '(none)'}; "
            f"supported: {', '.join(SUPPORTED)}"
        )
    try:
        text = read_text(path)
        return _reader_for(suffix, text)(path, text)
    except SourceError as error:
        return error


def _reader_for(suffix: str, text: str) -> Reader:
    if suffix == ".txt":
        return read_feed_dump if looks_like_feed_dump(text) else read_text_page
    if suffix == ".xml" and not looks_like_feed(text):
        return _not_a_feed
    return _BY_EXTENSION[suffix]


def _not_a_feed(path: Path, text: str) -> SourceRead:
    raise SourceError(f"{path}: an XML file that is neither RSS nor Atom; nothing to read")
