from datetime import date

from etl.extract.status import event_status, focal_events

PUBLISHED = date(2025, 11, 14)


def status(sentence: str, date_text: str, start: date, end: date | None = None) -> str:
    return event_status(sentence, date_text, start, end or start, PUBLISHED)


def test_a_date_after_publication_is_scheduled() -> None:
    sentence = "The appeal hearing is set for 15 December."
    assert status(sentence, "15 December", date(2025, 12, 15)) == "scheduled"


def test_future_wording_before_a_recent_date_is_scheduled() -> None:
    sentence = "Ministers will meet on Friday to discuss the bill."
    assert status(sentence, "Friday", date(2025, 11, 14)) == "scheduled"


def test_years_before_publication_are_background() -> None:
    sentence = "Mohamed Bouazizi set himself on fire in 2010, sparking the revolution."
    assert status(sentence, "2010", date(2010, 1, 1), date(2010, 12, 31)) == "background"


def test_recent_past_is_reported() -> None:
    sentence = "Police arrested three journalists in Lagos on 10 November."
    assert status(sentence, "10 November", date(2025, 11, 10)) == "reported"


def test_this_year_is_reported_even_though_it_started_long_ago() -> None:
    sentence = "Since January 2025, at least 40 activists have been detained."
    assert status(sentence, "January 2025", date(2025, 1, 1), date(2025, 1, 31)) == "background"
    assert status("Arrests rose in 2025.", "2025", date(2025, 1, 1), date(2025, 12, 31)) == (
        "reported"
    )


def test_without_a_publication_date_everything_is_reported() -> None:
    assert event_status("In 1999 he fled.", "1999", date(1999, 1, 1), date(1999, 12, 31), None) \
        == "reported"


def test_focal_events_are_the_reported_ones_of_the_lead() -> None:
    assert focal_events(["reported", "background", "reported"], [True, True, False]) == [
        True, False, False,
    ]


def test_without_news_in_the_lead_the_first_reported_event_is_focal() -> None:
    assert focal_events(["background", "reported", "reported"], [True, False, False]) == [
        False, True, False,
    ]
    assert focal_events(["background"], [True]) == [False]
