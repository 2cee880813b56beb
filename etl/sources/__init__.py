"""Input adapters: one module per format, chosen by extension and, for .txt and .xml, content.

`read_source(path)` takes a file or a folder and returns, per input file, what it read or the
error that kept it from being read, so one bad file never stops a run.

| extension            | module        | format                                    |
|----------------------|---------------|-------------------------------------------|
| .txt                 | feed_dump     | "feed-dump" if it has a closing line      |
| .txt                 | feeds         | "rss"/"atom" if it starts like a feed     |
| .txt, .md, .markdown | pages         | "text", "markdown": one article           |
| .xml, .rss, .atom    | feeds         | "rss", "atom"                             |
| .html, .htm          | html_page     | "html": one article                       |
| .jsonl, .ndjson      | tables        | "jsonl"                                   |
| .csv                 | tables        | "csv"                                     |
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from etl.sources.base import SourceError, SourceRead
from etl.sources.feed_dump import looks_like_feed_dump, read_feed_dump
from etl.sources.feeds import looks_like_feed, read_feed
from etl.sources.html_page import read_html_page
from etl.sources.pages import read_text_page
from etl.sources.tables import read_csv, read_jsonl
from etl.sources.text_io import read_text

__all__ = ["SUPPORTED", "SourceError", "SourceRead", "list_inputs", "read_input", "read_source"]

Reader = Callable[[Path, str], SourceRead]

_BY_EXTENSION: dict[str, Reader] = {
    ".txt": read_text_page, ".md": read_text_page, ".markdown": read_text_page,
    ".xml": read_feed, ".rss": read_feed, ".atom": read_feed,
    ".html": read_html_page, ".htm": read_html_page,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".csv": read_csv,
}  # fmt: skip
SUPPORTED: tuple[str, ...] = tuple(_BY_EXTENSION)
# A .txt that is really a saved feed or page: read it as what it is.
_FEED_START = ("<?xml", "<rss", "<feed", "<rdf:rdf")
_HTML_START = ("<!doctype html", "<html")


def read_source(path: Path) -> list[tuple[Path, SourceRead | SourceError]]:
    """One entry per input file under `path` (itself, if a file): sorted, hidden files and
    folders left out. Never raises for a bad file: its entry holds the error."""
    return [(file, read_input(file, error)) for file, error in list_inputs(path)]


def list_inputs(path: Path) -> list[tuple[Path, SourceError | None]]:
    """The input files under `path` in the order `read_source` reads them, each with the error
    that kept it from being listed, if any: listing is cheap, so a streaming run knows its
    files up front and reads one at a time (`read_input`)."""
    if not path.is_dir():
        return [(path, None)]
    unlisted: list[tuple[Path, SourceError | None]] = []
    files = _files_under(path, unlisted)
    return sorted([(file, None) for file in files] + unlisted, key=lambda e: e[0])


def read_input(file: Path, listing_error: SourceError | None = None) -> SourceRead | SourceError:
    """What one file of `list_inputs` holds, or the error that keeps it from being read."""
    return listing_error if listing_error is not None else _read_file(file)


def _files_under(
    folder: Path, unlisted: list[tuple[Path, SourceError | None]]
) -> list[Path]:
    def report(error: OSError) -> None:  # os.walk would skip a folder it cannot list, silently
        where = Path(error.filename or folder)
        unlisted.append((where, SourceError(f"{where}: cannot be listed ({error.strerror}); "
                                            "check that you may read it")))

    files: list[Path] = []
    for root, folders, names in os.walk(folder, onerror=report):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            file = Path(root, name)
            # Regular files only: reading a FIFO or a socket would wait forever.
            if not name.startswith(".") and file.is_file():
                files.append(file)
    return files


def _read_file(path: Path) -> SourceRead | SourceError:
    suffix = path.suffix.lower()
    if suffix not in _BY_EXTENSION:
        return SourceError(
            f"{path}: unsupported file type {suffix or '(no extension)'}; "
            f"supported: {', '.join(SUPPORTED)}"
        )
    try:
        text = read_text(path)
        return _reader_for(suffix, text)(path, text)
    except SourceError as error:
        return error
    except Exception as error:  # a bug of ours must not end the run over thousands of files
        return SourceError(
            f"{path}: could not be read: {type(error).__name__}: {error}. This is a bug in the "
            "reader; please report it with the file"
        )


def _reader_for(suffix: str, text: str) -> Reader:
    if suffix == ".txt":
        start = text[:512].lstrip().lower()
        if start.startswith(_FEED_START):
            return read_feed
        if start.startswith(_HTML_START):
            return read_html_page
        if looks_like_feed_dump(text):
            return read_feed_dump
    if suffix == ".xml" and not looks_like_feed(text):
        return _not_a_feed
    return _BY_EXTENSION[suffix]


def _not_a_feed(path: Path, text: str) -> SourceRead:
    raise SourceError(f"{path}: an XML file that is neither RSS nor Atom; nothing to read")
