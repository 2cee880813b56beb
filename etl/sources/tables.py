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
import io
import json
from collections import Counter
from pathlib import Path

from etl.schema import RawArticle, Skipped
from etl.sources.base import SourceError, SourceRead
from etl.sources.published import published_or_note
from etl.sources.text_io import normalize_text, one_line, title_from_text

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
        except json.JSONDecodeError as error:
            reason = f"not valid JSON ({error.msg} at column {error.colno})"
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
        skipped.append(Skipped(str(path), f"fields not read: {fields}; {FIELDS_HINT}", kept=True))
    return SourceRead("jsonl", articles, skipped)


def read_csv(path: Path, text: str) -> SourceRead:
    header_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    try:
        header = next(reader, [])
        columns = [name.strip().lower() for name in header]
        if "text" not in columns:
            found = ", ".join(name.strip() for name in header if name.strip()) or "none"
            raise SourceError(f"{path}: no `text` column (found: {found}); {COLUMNS_HINT}")
        position = {name: i for i, name in reversed(list(enumerate(columns)))}  # first wins
        unread = [name.strip() for name in header if name.strip().lower() not in FIELDS]
        if unread:
            skipped.append(Skipped(str(path), f"columns not read: {', '.join(unread)}; "
                                              + COLUMNS_HINT, kept=True))
        end_line = reader.line_num
        for row in reader:
            origin = f"{path}:{end_line + 1}"  # where the record starts: a text may span lines
            end_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                skipped.append(Skipped(origin, f"{len(row)} values for {len(columns)} columns: a "
                                               "value holding the delimiter "
                                               f"{delimiter!r} is probably not quoted; quote it"))
                continue
            record = {name: row[i] for name, i in position.items() if i < len(row)}
            _add_record(record, origin, articles, skipped)
    except csv.Error as error:
        raise SourceError(f"{path}: line {reader.line_num}: {error}; check the quoting there"
                          ) from error
    return SourceRead("csv", articles, skipped)


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


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, int | float) else "null" if value is None else "string"
