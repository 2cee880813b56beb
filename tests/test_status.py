from datetime import date

from etl.extract.status import FocalCandidate, event_status, focal_events

PUBLISHED = date(2025, 11, 14)


def status(sentence: str, date_text: str, start: date, end: date | None = None) -> str:
    return event_status(sentence, date_text, start, end or start, PUBLISHED)


def test_a_date_after_publication_is_scheduled() -> None:
    sentence = "The appeal hearing is set for 15 December."
    assert status(sentence, "15 December", date(2025, 12, 15)) == "scheduled"


def test_future_wording_before_a_recent_date_is_scheduled() -> None:
    sentence = "Ministers will meet on Friday to discuss the bill."
    assert status(sentence, "Friday", date(2025, 11, 14)) == "scheduled"


def test_future_wording_is_read_as_the_date_resolver_reads_it() -> None:
    # Any case, the words just before the date only, and the resolver's whole list.
    assert status("Will the court rule on Friday?", "Friday", date(2025, 11, 14)) == "scheduled"
    assert status("The judge adjourned the trial to Friday.", "Friday", date(2025, 11, 14)) == (
        "scheduled"
    )
    sentence = ("“We will not be silenced, whatever they do to us,” the organiser of the sit-in "
                "told reporters yesterday.")
    assert status(sentence, "yesterday", date(2025, 11, 13)) == "reported"


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


def test_the_focal_event_is_the_act_the_title_and_lead_tell() -> None:
    candidates = [
        FocalCandidate(-1, "arrest_detention", "reported"),  # "Activist detained on Monday"
        FocalCandidate(0, "advocacy_statement", "reported"),  # "..., the ministry said today"
        FocalCandidate(3, "killing_violence", "background"),  # "her brother was killed in 2015"
    ]
    assert focal_events(candidates) == [True, False, False]


def test_an_act_in_the_lead_beats_a_statement_in_the_title() -> None:
    candidates = [
        FocalCandidate(-1, "advocacy_statement", "reported"),
        FocalCandidate(0, "arrest_detention", "reported"),
        FocalCandidate(0, "arrest_detention", "reported"),
    ]
    assert focal_events(candidates) == [False, True, True]


def test_a_scheduled_date_is_not_what_the_article_is_about() -> None:
    candidates = [
        FocalCandidate(0, "prosecution_trial", "scheduled"),  # "will stand trial on 3 March"
        FocalCandidate(1, "arrest_detention", "reported"),
    ]
    assert focal_events(candidates) == [False, True]
    assert focal_events([]) == []
