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
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceError, SourceRead
from etl.sources.feed_dump import looks_like_feed_dump, read_feed_dump
from etl.sources.feeds import looks_like_feed, read_feed
from etl.sources.html_page import read_html_page
from etl.sources.pages import read_text_page
from etl.sources.tables import read_csv, read_jsonl
from etl.sources.text_io import (
    GIVEN_TITLE_MAX_CHARS,
    NOT_A_REGULAR_FILE,
    cut_at_word,
    quoted,
    read_text,
    shortened,
)

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
    """One entry per input file under `path` (itself, if a file), sorted; for a folder, first
    an entry listing every file it holds that is not read, and why. Never raises for a bad
    file: its entry holds the error."""
    return [(file, read_input(file, known)) for file, known in list_inputs(path)]


def list_inputs(path: Path) -> list[tuple[Path, SourceRead | SourceError | None]]:
    """The entries of `read_source`, in its order, without reading a file: each holds what is
    already known (an error listing it; for a folder, the files not read) or None, a file to
    read with `read_input`. Listing is cheap, so a streaming run knows its files up front and
    reads one at a time."""
    if not path.is_dir():
        return [(path, None)]
    not_read: list[Skipped] = []
    unlisted: list[tuple[Path, SourceRead | SourceError | None]] = []
    files = _files_under(path, not_read, unlisted)
    entries = sorted([(file, None) for file in files] + unlisted, key=lambda e: e[0])
    if not_read:
        entries.insert(0, (path, SourceRead("folder", [], not_read)))
    return entries


def read_input(
    file: Path, known: SourceRead | SourceError | None = None
) -> SourceRead | SourceError:
    """What one entry of `list_inputs` holds: what was known of it, else the file read."""
    return known if known is not None else _read_file(file)


def _files_under(
    folder: Path,
    not_read: list[Skipped],
    unlisted: list[tuple[Path, SourceRead | SourceError | None]],
) -> list[Path]:
    """The files to read under `folder`. Links are followed only to files inside it; hidden
    files, linked folders, FIFOs, devices and unsupported types go to `not_read`."""
    def report(error: OSError) -> None:  # os.walk would skip a folder it cannot list, silently
        where = Path(error.filename or folder)
        unlisted.append((where, SourceError(f"{where}: cannot be listed ({error.strerror}); "
                                            "check that you may read it")))

    inside = folder.resolve()
    files: list[Path] = []
    for root, folders, names in os.walk(folder, onerror=report):  # never into linked folders
        kept_folders = []
        for name in sorted(folders):
            reason = _folder_not_read(Path(root, name))
            if reason:
                not_read.append(Skipped(str(Path(root, name)), reason))
            else:
                kept_folders.append(name)
        folders[:] = kept_folders
        for name in sorted(names):
            file = Path(root, name)
            reason = _file_not_read(file, inside)
            if reason:
                not_read.append(Skipped(str(file), reason))
            else:
                files.append(file)
    return files


def _folder_not_read(path: Path) -> str | None:
    if path.name.startswith("."):
        return "hidden folder, not read; rename it without the leading dot to read it"
    if path.is_symlink():
        return "a link to a folder, not followed; move or copy that folder here to read it"
    return None


def _file_not_read(file: Path, inside: Path) -> str | None:
    if file.name.startswith("."):
        return "hidden file, not read; rename it without the leading dot to read it"
    if file.suffix.lower() not in _BY_EXTENSION:
        return _unsupported(file)
    if file.is_symlink():
        try:
            target = file.resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
            return "a link to nothing (dangling, or a loop of links), not read"
        if not target.is_relative_to(inside):
            return (f"a link to {target}, outside the folder given; links out of it are not "
                    "followed: copy the file here to read it")
    try:
        mode = file.stat().st_mode
    except OSError as error:
        return f"cannot be looked at ({error.strerror}), not read"
    if not stat.S_ISREG(mode):
        return NOT_A_REGULAR_FILE
    return None


def _unsupported(path: Path) -> str:
    suffix = path.suffix.lower()
    return (f"unsupported file type {suffix or '(no extension)'}; supported: "
            f"{', '.join(SUPPORTED)}")


def _read_file(path: Path) -> SourceRead | SourceError:
    if path.exists() and not path.is_file():
        return SourceError(f"{path}: {NOT_A_REGULAR_FILE}")
    if path.suffix.lower() not in _BY_EXTENSION:
        return SourceError(f"{path}: {_unsupported(path)}")
    try:
        text = read_text(path)
        return _checked(_reader_for(path.suffix.lower(), text)(path, text))
    except SourceError as error:
        return error
    except Exception as error:  # a bug of ours must not end the run over thousands of files
        return SourceError(
            f"{path}: could not be read: {type(error).__name__}: {shortened(str(error))}. "
            "This is a bug in the reader; please report it with the file"
        )


def _checked(read: SourceRead) -> SourceRead:
    """The rules every format follows: a title or publisher is not longer than a title can be,
    and a link is an http(s) address (a `javascript:` or `data:` one would run when clicked)."""
    articles: list[RawArticle] = []
    for article in read.articles:
        url = article.url
        if url is not None and not _is_web_address(url):
            read.skipped.append(Skipped(article.origin, f"url {quoted(url)} is not an http(s) "
                                        "address; the article is read without it", kept=True))
            url = None
        title = cut_at_word(article.title, GIVEN_TITLE_MAX_CHARS)
        if title != article.title:
            read.skipped.append(Skipped(article.origin, f"title of {len(article.title)} "
                                        f"characters cut to {len(title)}", kept=True))
        source = cut_at_word(article.source, GIVEN_TITLE_MAX_CHARS) if article.source else None
        articles.append(replace(article, title=title, url=url, source=source))
    return replace(read, articles=articles)


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced [ in the host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


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
