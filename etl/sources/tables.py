"""JSON Lines (.jsonl, .ndjson) and CSV (.csv): one article a record, with the fields title,
text and optional url, published, source.

Decisions, each tested:
- A record without text is skipped, with its line; so is a line that is not a JSON object.
- A record without a title gets its text's first line (cut at a word when long); the text
  stays whole.
- A published value that is not a date keeps the article without its date, and leaves a note.
- Fields and columns that are not read are reported once per file, so that a `date` column
  meant as `published` is noticed rather than quietly ignored.
- CSV: column names match whatever their case; the delimiter is the one of `,` `;` and tab that
  the header line uses most (spreadsheets in much of Europe write `;`).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceError, SourceRead
from etl.sources.published import published_or_note
from etl.sources.text_io import normalize_text, one_line, shortened, title_from_text

FIELDS = ("title", "text", "url", "published", "source")
COLUMNS_HINT = "the columns are title, text and optional url, published, source"
FIELDS_HINT = "the fields are title, text and optional url, published, source"
_DELIMITERS = ",;\t"
# Python's default (128 KiB) is shorter than some articles.
csv.field_size_limit(64 * 1024 * 1024)


def read_jsonl(path: Path, text: str) -> SourceRead:
    if text.lstrip().startswith("["):
        raise SourceError(f"{path}: a JSON array, not JSON Lines; write one JSON object per "
                          "line (for example with `jq -c '.[]'`)")
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    unread: Counter[str] = Counter()
    objects = 0
    first_error = ""
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: JSON may hold
        if not line.strip():  # U+2028 and friends inside its strings
            continue
        origin = f"{path}:{number}"
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            reason = _json_error(error)
            first_error = first_error or f"line {number}: {reason}"
            skipped.append(Skipped(origin, reason + "; each line must be one JSON object"))
            continue
        if not isinstance(record, dict):
            skipped.append(Skipped(origin, f"a JSON {_json_type(record)}, not an object; "
                                           + FIELDS_HINT))
            continue
        objects += 1
        unread.update(key for key in record if key not in FIELDS)
        _add_record(record, origin, articles, skipped)
    if not objects and first_error:
        raise SourceError(f"{path}: no line is a JSON object ({first_error}); JSON Lines has "
                          "one object per line, for example {\"title\": ..., \"text\": ...}")
    if unread:
        fields = ", ".join(
            f"{name} (in {count} record{'s' if count > 1 else ''})"
            for name, count in sorted(unread.items())
        )
        skipped.append(Skipped(str(path), f"fields not read: {shortened(fields)}; {FIELDS_HINT}",
                               kept=True))
    return SourceRead("jsonl", articles, skipped)


def read_csv(path: Path, text: str) -> SourceRead:
    header_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=header_line.count)
    lines = _Lines(text)
    # Strict: a quote never closed is an error at the record that opened it, not a text that
    # silently swallows every row after it.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    try:
        header = next(reader, [])
    except csv.Error as error:
        raise SourceError(f"{path}: line 1, the header: {error}; check its quoting") from error
    columns = [name.strip().lower() for name in header]
    if "text" not in columns:
        found = ", ".join(name.strip() for name in header if name.strip()) or "none"
        raise SourceError(f"{path}: no `text` column (found: {shortened(found)}); {COLUMNS_HINT}")
    position = {name: i for i, name in reversed(list(enumerate(columns)))}  # first wins
    skipped.extend(_column_notes(path, header, columns))
    while True:
        start = lines.read + 1  # where the record starts: a text may span lines
        try:
            row = next(reader, None)
        except csv.Error as error:
            skipped.append(Skipped(f"{path}:{start}", f"{error}: a quote opened in this record "
                                   "is probably never closed; fix its quoting. The lines after "
                                   "it are read as records of their own"))
            lines.read = start  # go on from the next line, with a reader in a clean state
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        if row is None:
            break
        origin = f"{path}:{start}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            skipped.append(Skipped(origin, f"{len(row)} values for {len(columns)} columns: a "
                                           "value holding the delimiter "
                                           f"{delimiter!r} is probably not quoted; quote it"))
            continue
        record = {name: row[i] for name, i in position.items() if i < len(row)}
        _add_record(record, origin, articles, skipped)
    return SourceRead("csv", articles, skipped)


def _column_notes(path: Path, header: list[str], columns: list[str]) -> list[Skipped]:
    notes: list[Skipped] = []
    unread = [name.strip() for name in header if name.strip().lower() not in FIELDS]
    if unread:
        notes.append(Skipped(str(path), f"columns not read: {shortened(', '.join(unread))}; "
                                        + COLUMNS_HINT, kept=True))
    for name, count in Counter(columns).items():
        if name in FIELDS and count > 1:
            where = ", ".join(str(i + 1) for i, column in enumerate(columns) if column == name)
            notes.append(Skipped(str(path), f"column `{name}` appears {count} times (columns "
                                            f"{where}); only the first is read", kept=True))
    return notes


class _Lines:
    """The text's lines for csv.reader, with how many it has taken: the line a record starts
    on, and where to go on after a record that cannot be read."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        if self.lines and not self.lines[-1]:
            self.lines.pop()
        self.read = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.read >= len(self.lines):
            raise StopIteration
        self.read += 1
        return self.lines[self.read - 1] + "\n"


def _add_record(
    record: dict[str, object], origin: str, articles: list[RawArticle], skipped: list[Skipped]
) -> None:
    raw_text = record.get("text")
    if raw_text is not None and not isinstance(raw_text, str):
        skipped.append(Skipped(origin, f"`text` is a JSON {_json_type(raw_text)}, not a string"))
        return
    text = normalize_text(raw_text or "")
    if not text:
        skipped.append(Skipped(origin, "no text: the `text` field is missing or empty"))
        return
    title = one_line(_string(record, "title", origin, skipped) or "")
    articles.append(
        RawArticle(
            title=title or title_from_text(text),
            text=text,
            origin=origin,
            url=one_line(_string(record, "url", origin, skipped) or "") or None,
            source=one_line(_string(record, "source", origin, skipped) or "") or None,
            published=published_or_note(record.get("published"), origin, skipped),
        )
    )


def _string(record: dict[str, object], name: str, origin: str, skipped: list[Skipped]) -> str:
    """A field as a string: numbers as written; arrays and objects noted and left out."""
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    skipped.append(Skipped(origin, f"`{name}` is a JSON {_json_type(value)}, not a string; "
                                   "read the article without it", kept=True))
    return ""


def _json_error(error: ValueError | RecursionError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON ({error.msg} at column {error.colno})"
    if isinstance(error, RecursionError):
        return "JSON nested too deeply to be read (arrays or objects inside one another)"
    return f"JSON that cannot be read ({shortened(str(error))})"  # a number of 5000 digits


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, int | float) else "null" if value is None else "string"
