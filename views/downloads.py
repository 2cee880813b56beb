"""The files a visitor downloads: exactly the filtered events, as CSV or Excel, named after what
they hold and the data version, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from etl.countrycodes import country_name
from etl.schema import EVENT_TYPES
from views.query import Dataset, Filters

# The rows of one sheet, less the header: more cannot be opened in Excel.
EXCEL_MAX_ROWS = 1_048_575
CITATION = ("Rights Atlas: dated human-rights events extracted from news posts, data version "
            "{version}, {address} (retrieved {day}).")


def file_name(dataset: Dataset, filters: Filters, extension: str,
              country: str | None = None) -> str:
    scope = "_".join(filter(None, [country, filters.describe() if filters.to_params() else ""]))
    name = f"rights-atlas_events_{scope or 'all'}_{dataset.version}.{extension}"
    return name.replace(" ", "-")


def describe_filters(filters: Filters, country: str | None = None) -> list[tuple[str, str]]:
    """Each filter in words, for the sheet that says what a file holds."""
    return [
        ("country page", country_name(country) if country else ""),
        ("events", filters.counted()),
        ("from", filters.start.isoformat() if filters.start else "(the data's first date)"),
        ("to", filters.end.isoformat() if filters.end else "(the data's last date)"),
        ("countries", ", ".join(map(country_name, filters.countries)) or "all"),
        ("event types", ", ".join(EVENT_TYPES[t] for t in filters.types) or "all"),
        ("publishers", ", ".join(filters.sources) or "all"),
        ("search", filters.keyword or "(none)"),
    ]


def write_xlsx(batches: Iterable[pd.DataFrame], about: list[tuple[str, str]],
               path: Path) -> None:
    """An Excel workbook at `path`: the rows of `batches` on sheet "events", `about` on sheet
    "about", written row by row (openpyxl's write-only mode: memory holds one batch). Every
    text cell is stored as text, so a value that starts with "=" is never run as a formula."""
    book = Workbook(write_only=True)
    events = book.create_sheet("events")
    header = False
    for rows in batches:
        if not header:
            events.append(list(rows.columns))
            header = True
        for record in rows.itertuples(index=False):
            events.append([_text_cell(events, value) for value in record])
    about_sheet = book.create_sheet("about")
    for label, value in about:
        about_sheet.append([label, _text_cell(about_sheet, value)])
    book.save(path)


def _text_cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    value = _cell(value)
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    return cell


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, bool | int | float | date):
        return value
    return str(value)


def about_rows(dataset: Dataset, filters: Filters, address: str, rows: int, events: int,
               country: str | None = None) -> list[tuple[str, str]]:
    return [
        ("what", f"{events} events, {rows} rows: one per event and country"),
        *describe_filters(filters, country),
        ("address of the view", address),
        ("data version", dataset.version),
        ("built at", str(dataset.report.get("built_at", "unknown"))),
        ("suggested citation", CITATION.format(version=dataset.version, address=address,
                                               day=date.today().isoformat())),
    ]
