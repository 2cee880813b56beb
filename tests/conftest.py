"""A small, realistic build for the dashboard tests: written through the ETL's own store, so
the dashboard reads exactly what `python -m etl build` would write."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from etl import store
from etl.schema import Article, Event


def _article(article_id: str, title: str, countries: tuple[str, ...], source: str | None,
             url: str | None, text: str = "") -> Article:
    return Article(article_id=article_id, title=title, url=url, source=source,
                   published=date(2025, 11, 15), published_is_inferred=source is None,
                   countries=countries, text=text or title,
                   first_seen=datetime(2025, 11, 16, 8, 0, tzinfo=UTC))


ARTICLES = [
    _article("a-tun", "Tunisia: Crackdown on NGOs", ("TUN", "FRA"), "Amnesty International",
             "https://example.org/tunisia"),
    _article("a-usa", "=HYPERLINK(\"http://evil\") USA: NYPD surveillance", ("USA",),
             "Amnesty International", "https://example.org/usa"),
    _article("a-egy", "Egypt: Journalist jailed", ("EGY",), "Human Rights Watch",
             "https://example.org/egypt"),
    # No publisher, a link that must never be live, and text that must never be markup.
    _article("a-pry", "Paraguay: <b>Rally</b> in **Asunción**", ("PRY",), None,
             "javascript:alert(1)",
             text="Paraguay: <b>Rally</b>\n\nIt was peaceful. Protesters gathered in "
                  "**Asunción** on 2 February 2025 <script>alert(1)</script>. Police watched."),
]


def _event(event_id: str, article_id: str, sentence: str, date_text: str, start: date,
           end: date, precision: str, countries: tuple[str, ...], event_type: str,
           status: str = "reported", focal: bool = False,
           type_words: tuple[str, ...] = ()) -> Event:
    return Event(event_id=event_id, article_id=article_id, sentence=sentence,
                 date_text=date_text, date_start=start, date_end=end, date_precision=precision,
                 countries=countries, event_type=event_type, type_words=type_words,
                 status=status, focal=focal)


EVENTS = [
    _event("e1", "a-tun", "The trial on 16 October 2025 was adjourned.", "16 October 2025",
           date(2025, 10, 16), date(2025, 10, 16), "day", ("TUN",), "prosecution_trial",
           focal=True, type_words=("adjourned", "trial")),
    _event("e2", "a-tun", "Since May 2024, two NGO staff have been detained.", "May 2024",
           date(2024, 5, 1), date(2024, 5, 31), "month", ("TUN",), "arrest_detention"),
    _event("e3", "a-tun", "In 2023, Tunisian and French NGOs were smeared.", "2023",
           date(2023, 1, 1), date(2023, 12, 31), "year", ("TUN", "FRA"),
           "association_civil_society"),
    _event("e4", "a-usa", "On 31 December 2019, facial recognition was used by the NYPD.",
           "31 December 2019", date(2019, 12, 31), date(2019, 12, 31), "day", ("USA",),
           "surveillance_privacy", status="background"),
    _event("e5", "a-usa", "=cmd| In 2022, the court ordered the NYPD to disclose records.",
           "2022", date(2022, 1, 1), date(2022, 12, 31), "year", ("USA",), "court_ruling"),
    _event("e6", "a-egy", "On 3 March 2025, police in Cairo detained a journalist.",
           "3 March 2025", date(2025, 3, 3), date(2025, 3, 3), "day", ("EGY",),
           "arrest_detention"),
    _event("e7", "a-egy", "The African Union met in 2024.", "2024", date(2024, 1, 1),
           date(2024, 12, 31), "year", (), "other"),
    _event("e8", "a-tun", "The appeal will be heard on 20 January 2026.", "20 January 2026",
           date(2026, 1, 20), date(2026, 1, 20), "day", ("TUN",), "prosecution_trial",
           status="scheduled"),
    _event("e9", "a-pry", "Protesters gathered in **Asunción** on 2 February 2025 "
           "<script>alert(1)</script>.", "2 February 2025", date(2025, 2, 2), date(2025, 2, 2),
           "day", ("PRY",), "protest_assembly"),
]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    with store.BuildWriter(out) as build:
        build.write_tables(store.articles_table(ARTICLES), store.events_table(EVENTS))
        build.write_report({})
        build.publish()
    return out
