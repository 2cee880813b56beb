import json
from datetime import date
from pathlib import Path

import pytest

from etl.extract.dates import find_dates, latest_full_date, scan_dates

PUBLISHED = date(2025, 11, 15)  # a Saturday


def dated(text: str, published: date | None = PUBLISHED, exact: bool = True) -> list[tuple]:
    scan = find_dates(text, published, publication_exact=exact)
    return [(m.text, m.date_start.isoformat(), m.date_end.isoformat(), m.precision)
            for m in scan.mentions]


def reasons(text: str, published: date | None = PUBLISHED, exact: bool = True) -> list[str]:
    return [u.reason for u in find_dates(text, published, publication_exact=exact).unresolved]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Salwa Ghrissa has been detained since 12 December 2024, pending investigation.",
         [("12 December 2024", "2024-12-12", "2024-12-12", "day")]),
        ("Police raided the offices of the newspaper on December 12, 2024, in Cairo.",
         [("December 12, 2024", "2024-12-12", "2024-12-12", "day")]),
        ("The decree was published in the official gazette (2024-12-12).",
         [("2024-12-12", "2024-12-12", "2024-12-12", "day")]),
        ("In December 2023, South Africa brought a case against Israel at the ICJ.",
         [("December 2023", "2023-12-01", "2023-12-31", "month")]),
        ("The law was adopted in Uganda in 2023 despite international outcry.",
         [("2023", "2023-01-01", "2023-12-31", "year")]),
        ("The junta in Myanmar has jailed thousands since the 1st of February 2021.",
         [("1st of February 2021", "2021-02-01", "2021-02-01", "day")]),
        ("Executions in Iran surged in mid-2024, according to the UN.",
         [("mid-2024", "2024-05-01", "2024-08-31", "year")]),
        ("Early 2023 saw mass arrests of opposition figures in Tunisia.",
         [("Early 2023", "2023-01-01", "2023-04-30", "year")]),
        ("Enforced disappearances in Sri Lanka date back to the 1990s.",
         [("1990s", "1990-01-01", "1999-12-31", "year")]),
        ("By the end of 2020, more than 300 activists had been detained in Belarus.",
         [("the end of 2020", "2020-10-01", "2020-12-31", "year")]),
        ("The NYPD stopped tracking facial recognition accuracy in 2015 after finding errors.",
         [("2015", "2015-01-01", "2015-12-31", "year")]),
        ("It is one of the achievements of the 2011 revolution in Tunisia.",
         [("2011", "2011-01-01", "2011-12-31", "year")]),
        ("In 2022 police arrested 30 people at a Pride march in Istanbul.",
         [("2022", "2022-01-01", "2022-12-31", "year")]),
        ("Between 2019–2020, spending on surveillance tripled.",
         [("2019", "2019-01-01", "2019-12-31", "year"),
          ("2020", "2020-01-01", "2020-12-31", "year")]),
        ("The season ran from 2023/24 without incident.",
         [("2023", "2023-01-01", "2023-12-31", "year"),
          ("24", "2024-01-01", "2024-12-31", "year")]),
        ("Hearings took place on 10-12 March 2025 in The Hague.",
         [("10", "2025-03-10", "2025-03-10", "day"),
          ("12 March 2025", "2025-03-12", "2025-03-12", "day")]),
    ],
)
def test_absolute_dates(sentence: str, expected: list[tuple]) -> None:
    assert dated(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysis of the over 2,700 documents to date reveals abuses.",
        "The NYPD had already spent more than $5 million on facial recognition technology.",
        "The staff face up to 13 years in prison.",
        "Israel must lift its 18-year-long illegal blockade of Gaza.",
        "At 80 years old, the Bretton Woods system is unfit for purpose.",
        "The court issued 30-day suspension orders against 14 organizations.",
        "Some 2000 people were displaced by the floods in Libya.",
        "© 2023 Jane Doe/Agency. All rights reserved.",
        "Photo credit: Reuters 2021",
        "Under Article 2024 of the code, the penalty is a fine.",
        "The convoy carried 1800 tonnes of aid into Gaza.",
        "Theresa May said the decision was final.",
        "They may march again if the ban is lifted.",
        "Call +216 2025 1234 for the helpline.",
        "Decree-Law 88 on Associations was adopted with Law No. 2011-88.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert dated(sentence) == []


def test_day_and_month_take_the_nearest_year_to_publication() -> None:
    text = ("The opening trial session on 16 October was adjourned until 24 November. "
            "They will face trial on 15 December. The vote is expected on 17 November.")
    assert [(m[0], m[1]) for m in dated(text)] == [
        ("16 October", "2025-10-16"),
        ("24 November", "2025-11-24"),
        ("15 December", "2025-12-15"),
        ("17 November", "2025-11-17"),
    ]
    # Published in early January, "on 28 December" is last year's.
    assert dated("He was arrested on 28 December.", date(2026, 1, 3))[0][1] == "2025-12-28"


def test_range_carries_the_year_back() -> None:
    text = "Between July and 10 November 2025, the court issued suspension orders."
    assert dated(text, None) == [
        ("July", "2025-07-01", "2025-07-31", "month"),
        ("10 November 2025", "2025-11-10", "2025-11-10", "day"),
    ]
    text = "Protests continued from November to March 2024 in Georgia."
    assert dated(text, None)[0][1] == "2023-11-01"
    text = "They have been in detention since November and May 2024."
    assert [m[1] for m in dated(text, None)] == ["2024-11-01", "2024-05-01"]


def test_anchors_keep_their_date() -> None:
    text = ("Since May 2024, he has been held. From October 2024 onwards, NGOs faced "
            "restrictions. By 17 April 2020, the NYPD had spent millions.")
    assert [m[0] for m in dated(text)] == ["May 2024", "October 2024", "17 April 2020"]


def test_relative_to_publication() -> None:
    text = ("Amnesty International said today that the journalist was arrested yesterday. "
            "Security forces fired on protesters on Tuesday. The trial resumes next week. "
            "Three days ago, a court in Ankara acquitted them. Last year, the law was passed.")
    assert dated(text) == [
        ("today", "2025-11-15", "2025-11-15", "day"),
        ("yesterday", "2025-11-14", "2025-11-14", "day"),
        ("Tuesday", "2025-11-11", "2025-11-11", "day"),
        ("next week", "2025-11-17", "2025-11-23", "month"),
        ("Three days ago", "2025-11-12", "2025-11-12", "day"),
        ("Last year", "2024-01-01", "2024-12-31", "year"),
    ]


def test_weekday_in_the_future_tense() -> None:
    assert dated("The court will rule on Thursday.")[0][1] == "2025-11-20"


def test_relative_needs_a_given_publication_date() -> None:
    assert dated("The activist was released yesterday.", exact=False) == []
    assert reasons("The activist was released yesterday.", exact=False) == [
        "relative to the publication date, which is inferred, not given"
    ]
    assert reasons("The activist was released yesterday.", None) == [
        "relative to the publication date, which the article does not give"
    ]
    assert reasons("The vote is expected on 17 November.", None) == [
        "no year, and the article has no publication date to take it from"
    ]


def test_relative_to_the_date_before() -> None:
    text = ("In May 2024, President Kais Saied accused NGOs of being traitors. One day later, "
            "the public prosecutor opened an investigation. Two weeks later, police raided "
            "three offices.")
    assert dated(text)[1:] == [
        ("One day later", "2024-05-01", "2024-05-31", "month"),
        ("Two weeks later", "2024-05-01", "2024-05-31", "month"),
    ]
    text = "The bill was introduced on 6 November 2025, two weeks after a fatal incident."
    assert dated(text)[1] == ("two weeks after", "2025-10-23", "2025-10-23", "day")
    text = "Two weeks after 6 November 2025 the bill passed."
    assert dated(text)[0] == ("Two weeks after", "2025-11-20", "2025-11-20", "day")
    text = "On 3 March 2024 he was detained. The following day, he was charged."
    assert dated(text)[1] == ("The following day", "2024-03-04", "2024-03-04", "day")


def test_unanchored_and_vague_are_reported() -> None:
    assert reasons("Two weeks after the election, police arrested him.") == [
        "relative to a date the text does not give nearby"
    ]
    assert reasons("A few days later, the prosecutor froze their accounts.") == [
        "approximate: the expression gives no exact date"
    ]


def test_impossible_dates_are_ignored() -> None:
    assert dated("The hearing on 30 February 2025 never happened.") == []
    assert dated("The file 2025-02-30 is corrupt.") == []


def test_latest_full_date() -> None:
    text = "On 3 June 2020, police acted. In September 2020, a request was filed. On 5 June 2020."
    assert latest_full_date(scan_dates(text)) == date(2020, 6, 5)
    assert latest_full_date(scan_dates("In 2021, nothing happened.")) is None


def test_a_group_of_a_longer_number_is_not_a_year() -> None:
    assert dated("Call 2025 1234 or 71 2019 for help.") == []


def test_a_number_after_a_comma_is_not_a_year() -> None:
    text = "For example, on 11 October, 25 human rights organizations issued a joint statement."
    assert dated(text) == [("11 October", "2025-10-11", "2025-10-11", "day")]


def test_trigger_scan_finds_exactly_what_the_full_pattern_finds() -> None:
    # scan_dates tries the pattern only around trigger words, for speed; it must never miss
    # what trying it at every character finds.
    from benchmarks.corpus import make_corpus
    from etl.demo import DEMO_CORPUS
    from etl.extract.dates import _PATTERN, _matches

    texts = [DEMO_CORPUS.read_text(encoding="utf-8"), "Notes\n\nBetween July and 10 May 2025.",
             "About 2 weeks later, in the end of 2020, nearly 3 days after 2 May."]
    texts += [article.text for article in make_corpus(300_000, seed=3)]
    news = Path(__file__).resolve().parent.parent / "data" / "eval" / "news24.jsonl"
    texts += [json.loads(line)["text"] for line in news.read_text(encoding="utf-8").splitlines()]
    for text in texts:
        assert [m.span() for m in _matches(text)] == [m.span() for m in _PATTERN.finditer(text)]


def test_a_hedged_number_of_units_is_approximate() -> None:
    text = "In May 2024 he was charged. About 2 weeks later, police raided his home."
    assert [m[0] for m in dated(text)] == ["May 2024"]
    assert reasons(text) == ["approximate: the expression gives no exact date"]
    assert reasons("Nearly 3 months later, the court ruled.") == [
        "approximate: the expression gives no exact date"
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On September 9, 2025, Israeli forces struck a residential building in Gaza City.",
         [("September 9, 2025", "2025-09-09", "day")]),
        ("In the first half of 2024, at least 853 people were executed in Iran.",
         [("the first half of 2024", "2024-01-01", "year")]),
        ("Since late 2023, Russian authorities have designated dozens of groups 'undesirable'.",
         [("late 2023", "2023-09-01", "year")]),
        ("The law, passed on Jan. 5, 2024, criminalizes same-sex relations.",
         [("Jan. 5, 2024", "2024-01-05", "day")]),
        ("Human Rights Watch interviewed 45 people between April and June 2025.",
         [("April", "2025-04-01", "month"), ("June 2025", "2025-06-01", "month")]),
        # A weekday before a date adds nothing: the date speaks.
        ("On Monday, October 6, the court in Tunis postponed the hearing.",
         [("October 6", "2025-10-06", "day")]),
        # Past events: March is last March, not next, without a word of the future...
        ("Between 10 and 12 March, security forces detained 120 people in Dhaka.",
         [("10", "2025-03-10", "day"), ("12 March", "2025-03-12", "day")]),
        # ...which puts it ahead.
        ("The committee will meet on 3 March in Geneva.", [("3 March", "2026-03-03", "day")]),
        ("On the night of 12 to 13 June 2025, strikes hit Tehran.",
         [("12", "2025-06-12", "day"), ("13 June 2025", "2025-06-13", "day")]),
        ("The hearing was postponed to 2 December 2025, a week after the first session.",
         [("2 December 2025", "2025-12-02", "day"), ("a week after", "2025-11-25", "day")]),
    ],
)
def test_other_publishers_styles(sentence: str, expected: list[tuple]) -> None:
    assert [(m[0], m[1], m[3]) for m in dated(sentence)] == expected


# PUBLISHED is Saturday 15 November 2025.
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Wire style: a weekday without "on", with a part of the day, or as a possessive.
        ("Opposition leader Kizza Besigye was charged Thursday with treason in Kampala.",
         [("Thursday", "2025-11-13", "day")]),
        ("The activist was detained late Friday at Tan Son Nhat airport.",
         [("Friday", "2025-11-14", "day")]),
        ("Riot police cleared Tahrir Square early Tuesday.", [("Tuesday", "2025-11-11", "day")]),
        ("Thursday's ruling by the Constitutional Court angered the government in Lima.",
         [("Thursday", "2025-11-13", "day")]),
        ("Students remained in custody from Monday until their release.",
         [("Monday", "2025-11-10", "day")]),
        ("The UN envoy will brief the Security Council Tuesday on Sudan.",
         [("Tuesday", "2025-11-18", "day")]),
        # Feasts and habits are no days of the news.
        ("Worshippers attended Friday prayers in Srinagar despite the curfew.", []),
        # Named days: the nearest past one, unless the sentence speaks of the future...
        ("Pilgrims marched on Good Friday in Manila.", [("Good Friday", "2025-04-18", "day")]),
        # ...with a year, and without one only after "on" or "marks".
        ("Police broke up a vigil in Caracas on Easter Sunday in 2019.",
         [("Easter Sunday in 2019", "2019-04-21", "day")]),
        ("Activists were detained in Harare on Human Rights Day.",
         [("Human Rights Day", "2024-12-10", "day")]),
        ("Activists will rally in Harare on Human Rights Day.",
         [("Human Rights Day", "2025-12-10", "day")]),
        ("Dozens marched in Santiago on International Women's Day 2024.",
         [("International Women's Day 2024", "2024-03-08", "day")]),
        ("Tickets for the New Year's Eve concert in Vienna sold out.", []),
        # Anaphora hang on the date before them.
        ("Soldiers opened fire in Bamako on 3 May 2024. The same day, the junta cut the internet.",
         [("3 May 2024", "2024-05-03", "day"), ("The same day", "2024-05-03", "day")]),
        ("He was arrested in Baku on 2 June 2024; later that day he was beaten.",
         [("2 June 2024", "2024-06-02", "day"), ("later that day", "2024-06-02", "day")]),
        ("The court in Minsk met on 9 August 2024, and the evening before lawyers were barred.",
         [("9 August 2024", "2024-08-09", "day"), ("the evening before", "2024-08-08", "day")]),
        ("Protests began in Nairobi on 25 June 2024. Hours later, parliament was on fire.",
         [("25 June 2024", "2024-06-25", "day"), ("Hours later", "2024-06-25", "day")]),
        ("Elections were held in Dhaka in 2018; the same year, the Digital Security Act passed.",
         [("2018", "2018-01-01", "year"), ("the same year", "2018-01-01", "year")]),
        # An offset whose object holds the date counts forward from it.
        ("The killing happened two years after the activist fled Eritrea in 2019.",
         [("two years after", "2021-01-01", "year"), ("2019", "2019-01-01", "year")]),
        # Seasons, quarters, halves and centuries: the period meant, at the year's precision.
        ("Fishermen in Lagos protested last summer over fuel prices.",
         [("last summer", "2025-06-01", "year")]),
        ("Talks between Kyiv and Moscow could resume next spring.",
         [("next spring", "2026-03-01", "year")]),
        ("Executions in Riyadh doubled in the third quarter of 2024 and again in Q1 2025.",
         [("the third quarter of 2024", "2024-07-01", "year"), ("Q1 2025", "2025-01-01", "year")]),
        ("Forced labour in the 19th century built the railways of Peru.",
         [("19th century", "1800-01-01", "year")]),
        # Compounds: a month or day with "last year", "this year".
        ("The editor fled Managua in June last year.", [("June last year", "2024-06-01", "month")]),
        ("Charges were dropped on July 2 this year in Bishkek.",
         [("July 2 this year", "2025-07-02", "day")]),
        ("Mass graves were found in mid-November near Tuxpan.",
         [("mid-November", "2025-11-01", "month")]),
        # The end of the year.
        ("By the year's end, 8 million people in Sudan will need food aid.",
         [("the year's end", "2025-01-01", "year")]),
        # Tense: without a word of the future a month is this one or an earlier one...
        ("He was flown to The Hague in December and charged there.",
         [("December", "2024-12-01", "month")]),
        # ...and a word of the future, near the date, carries to the dates after it.
        ("The trial is set to resume on Nov. 28 with a verdict on Dec. 12.",
         [("Nov. 28", "2025-11-28", "day"), ("Dec. 12", "2025-12-12", "day")]),
    ],
)
def test_dates_a_reader_would_date(sentence: str, expected: list[tuple]) -> None:
    assert [(m[0], m[1], m[3]) for m in dated(sentence)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Published in The Daily Star, March 13th, 2022",
        "Last updated: 4 June 2024",
        "UN Human Rights Council report A/HRC/55/23 (accessed 2 May 2024).",
        "[4] Amnesty International, 'Silenced', 12 March 2023, https://www.amnesty.org/x",
        "12. OHCHR, Report on Belarus, 3 July 2022, available at ohchr.org",
        "Shame on them — Jane Roe (@janeroe) May 27, 2021",
        "(Berlin, January 16, 2024) – Germany must stop deportations.",
        "NAIROBI, June 25 (Reuters) - Police fired tear gas.",
        "The Human Rights Watch World Report 2024 covers 100 countries.",
        "Saudi Arabia's Vision 2030 promises reform.",
        "Police say he drove a silver 2017 Toyota Hilux.",
        "The story ran in Manila Today, an online outlet.",
        "USA TODAY, Associated Press",
        "*This essay was originally published on 3 March 2019 by the Daily Maverick.",
        "(This October 26 story has been refiled to fix a typo in paragraph 5)",
        "This 12 June 2023 report has been updated with the ministry's reply.",
    ],
)
def test_dates_of_the_text_or_of_a_name_are_not_events(text: str) -> None:
    assert dated(text) == []


def test_a_year_before_a_name_dates_a_happening() -> None:
    assert dated("China's 2005 Anti-Secession Law targets Taiwan.") == [
        ("2005", "2005-01-01", "2005-12-31", "year")
    ]
    assert dated("Judges reviewed the 2019 arrests in Hong Kong.") == [
        ("2019", "2019-01-01", "2019-12-31", "year")
    ]
