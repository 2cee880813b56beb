"""A build's query database (`query.duckdb`): the tables the dashboard queries, written by the
build that wrote the Parquet, so the dashboard opens a finished file instead of loading one.

    articles          one row per article, with `publisher` and `added_on` (the UTC day the
                      atlas first read it)
    events            one row per event, in the order the dashboard shows and exports them
                      (newest first, then by event_id: `rowid` is an event's place in that
                      order), with its article's publisher and added_on (so a filter needs no
                      join) and `search_text`, sentence and title folded
    event_countries   one row per event and country named, sorted by country and then in the
                      events' order: the event's place (`event_row`, the rowid in events) and
                      every column a filter or a figure reads (its article, all its countries),
                      so a query about some countries reads their rows alone
    country_names     code, name; type_labels: event_type, label (for the downloads)

and the counts of the overview's default view, which selects events by status alone (news,
with history or scheduled dates on request), so that its figures, map and timeline read these
instead of every event (at a million events: some 190,000 rows of dates and types, 9,000 of
countries, 4 of articles):

    event_counts      events per status, dates (start, end, precision) and type, with their
                      download rows (one per event and country named, one when it names none)
    country_counts    events per status, country named and type
    article_statuses  articles per set of statuses of their events: the articles with an
                      event of the statuses chosen, counted without a DISTINCT over events

Codes, types, statuses and precisions are ENUMs (`country_code`, `event_type`, `status`,
`date_precision`) and publishers dictionary-encoded, so a million events fit in a small file.
A build made before this file existed has none; the dashboard writes one for it with the same
function, in a temporary folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from etl.countrycodes import country_name
from etl.extract.status import STATUSES
from etl.schema import EVENT_TYPES, PRECISIONS
from etl.store.layout import ARTICLES_FILE, EVENTS_FILE, table_files

# What DuckDB may hold in memory while it writes; its sorts spill to disk beyond it. The build
# process holds some 300 MB of its own by then, and a build stays under 1 GB whatever its size
# (at 512 MB, a build of 1 GB of posts peaked at 1.0 GB; at 256 MB the write takes some 30%
# longer).
MEMORY_LIMIT = "256MB"
# Posts whose input named no publisher, selectable like any publisher.
NO_PUBLISHER = "(no publisher)"
# The order of the events table and of every download: newest first.
SHOWN_ORDER = "date_start DESC, event_id"
# The layout of the tables below, kept in the file (table `layout`): a file of another layout
# is not read as this one (the dashboard writes a current one for that build instead).
LAYOUT_VERSION = 3


def write_query_db(build: Path, path: Path) -> None:
    """The query database of the build in folder `build` (its Parquet, files or parts),
    written to `path`, which must not exist yet."""
    with tempfile.TemporaryDirectory(prefix=".query-db-", dir=path.parent) as spill:
        connection = duckdb.connect(str(path), config={
            "memory_limit": MEMORY_LIMIT, "temp_directory": spill,
            # Tables are stored in the order they are selected in (events by SHOWN_ORDER).
            "preserve_insertion_order": True,
        })
        try:
            _write_tables(connection, build)
            connection.execute(f"CREATE TABLE layout AS SELECT {LAYOUT_VERSION} AS version")
            connection.execute("CHECKPOINT")
        finally:
            connection.close()


def is_current(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database open on `connection` has the tables of this layout."""
    try:
        [(version,)] = connection.execute("SELECT version FROM layout").fetchall()
    except (duckdb.Error, ValueError):
        return False
    return version == LAYOUT_VERSION


def _write_tables(connection: duckdb.DuckDBPyConnection, build: Path) -> None:
    articles = _files(table_files(build, ARTICLES_FILE))
    events = _files(table_files(build, EVENTS_FILE))
    codes = connection.execute(
        f"SELECT DISTINCT unnest(countries) FROM read_parquet({articles}) UNION "
        f"SELECT DISTINCT unnest(countries) FROM read_parquet({events})"
    ).fetchall()
    # Sorted: the enum's order is the codes' order, so sorting by country sorts by code.
    codes = sorted(code for (code,) in codes if code)
    found = [status for (status,) in connection.execute(
        f"SELECT DISTINCT status FROM read_parquet({events}) ORDER BY 1").fetchall()]
    statuses = list(dict.fromkeys([*STATUSES, *found]))
    connection.execute(f"CREATE TYPE country_code AS {_enum(codes or [''])}")
    connection.execute(f"CREATE TYPE event_type AS {_enum(list(EVENT_TYPES))}")
    connection.execute(f"CREATE TYPE status AS {_enum(statuses)}")
    connection.execute(f"CREATE TYPE date_precision AS {_enum(PRECISIONS)}")
    connection.execute(f"""
        CREATE TABLE articles AS
        SELECT article_id, title, url, source, published, published_is_inferred,
               countries::country_code[] AS countries, text,
               coalesce(nullif(trim(source), ''), {sql_literal(NO_PUBLISHER)}) AS publisher,
               CAST(timezone('UTC', first_seen) AS DATE) AS added_on
        FROM read_parquet({articles})""")
    connection.execute(f"""
        CREATE TABLE events AS
        SELECT e.event_id, e.article_id,
               -- The article's row in articles: a number is cheaper to count and look up.
               a.rowid AS article_no,
               e.sentence, e.date_text, e.date_start, e.date_end,
               e.date_precision::date_precision AS date_precision,
               e.countries::country_code[] AS countries,
               e.event_type::event_type AS event_type, e.type_words,
               e.status::status AS status, e.focal, a.publisher, a.added_on,
               -- Case and accents folded once, for the keyword search.
               strip_accents(lower(e.sentence || chr(10) || coalesce(a.title, '')))
                   AS search_text
        FROM read_parquet({events}) e LEFT JOIN articles a USING (article_id)
        ORDER BY {SHOWN_ORDER}""")
    connection.execute("""
        CREATE TABLE event_countries AS
        SELECT event_row, country, article_no, countries, date_start, date_end,
               date_precision, event_type, status, focal, publisher, added_on
        FROM (SELECT rowid AS event_row, unnest(countries) AS country, * FROM events)
        ORDER BY country, event_row""")
    # Sorted by status: a query of some statuses reads their row groups alone.
    connection.execute("""
        CREATE TABLE event_counts AS
        SELECT status, date_start, date_end, date_precision, event_type, count(*) AS events,
               sum(greatest(len(countries), 1))::BIGINT AS download_rows
        FROM events GROUP BY ALL ORDER BY ALL""")
    connection.execute("""
        CREATE TABLE country_counts AS
        SELECT status, country, event_type, count(*) AS events
        FROM event_countries GROUP BY ALL ORDER BY ALL""")
    connection.execute("""
        CREATE TABLE article_statuses AS
        SELECT statuses, count(*) AS articles
        FROM (SELECT list_sort(list(DISTINCT status)) AS statuses FROM events
              WHERE article_no IS NOT NULL GROUP BY article_no)
        GROUP BY ALL ORDER BY ALL""")
    # From lists, not executemany: a build may name no country at all.
    connection.execute("""
        CREATE TABLE country_names AS
        SELECT unnest(?::VARCHAR[])::country_code AS code, unnest(?::VARCHAR[]) AS name""",
        [codes, [country_name(code) for code in codes]])
    connection.execute("""
        CREATE TABLE type_labels AS
        SELECT unnest(?::VARCHAR[])::event_type AS event_type, unnest(?::VARCHAR[]) AS label""",
        [list(EVENT_TYPES), list(EVENT_TYPES.values())])


def _enum(values: list[str] | tuple[str, ...]) -> str:
    return "ENUM (" + ", ".join(sql_literal(value) for value in values) + ")"


def sql_literal(value: str) -> str:
    """`value` as a SQL string literal, for what DuckDB takes no parameter for (an ENUM's
    values, a file to COPY to or ATTACH)."""
    return "'" + value.replace("'", "''") + "'"


def _files(paths: list[Path]) -> str:
    return "[" + ", ".join(sql_literal(str(path)) for path in paths) + "]"
