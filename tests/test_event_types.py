"""Event types on real-style sentences from many countries."""

from __future__ import annotations

import pytest

from etl.extract.event_types import classify_event, explain_event_type
from etl.schema import EVENT_TYPES


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Security forces arrested at least 40 protesters in Tehran on 3 October.",
         "arrest_detention"),
        ("They have been in arbitrary pre-trial detention since May 2024.", "arrest_detention"),
        ("The blogger was released from detention on 2 June 2025.", "arrest_detention"),
        ("The opening trial session on 16 October was adjourned until 24 November.",
         "prosecution_trial"),
        ("Prosecutors charged six NGO workers with assisting irregular migrants.",
         "prosecution_trial"),
        ("In 2022, the New York Supreme Court ordered the NYPD to disclose 2,700 records.",
         "court_ruling"),
        ("An Istanbul court acquitted the Saturday Mothers on 12 March 2024.", "court_ruling"),
        ("Uganda's parliament adopted the Anti-Homosexuality Act in May 2023.",
         "legislation_policy"),
        ("The draft law was introduced by the Slovenian government on 6 November 2025.",
         "legislation_policy"),
        ("Security forces killed dozens of protesters in Zahedan on 30 September 2022.",
         "killing_violence"),
        ("Saudi Arabia executed 81 men in a single day in March 2022.", "killing_violence"),
        ("Thousands marched in Belgrade on 15 March 2025 in peaceful protests.",
         "protest_assembly"),
        ("NSO Group's Pegasus spyware was found on the phones of Mexican journalists in 2017.",
         "surveillance_privacy"),
        ("On 31 December 2019, facial recognition was used by the NYPD.",
         "surveillance_privacy"),
        ("Authorities blocked the independent newspaper's website in Moscow in 2022.",
         "expression_media"),
        ("In July 2025, FTDES received a summons over its foreign funding.",
         "association_civil_society"),
        ("Greek coastguards carried out pushbacks of asylum seekers in June 2023.",
         "displacement_migration"),
        ("Hundreds of families were forcibly evicted in Addis Ababa in 2023.",
         "displacement_migration"),
        ("Roma children were segregated in schools in 2024, a racist practice.",
         "discrimination"),
        ("Amnesty International urged the authorities to act in 2024.", "advocacy_statement"),
        ("The weather was fine in 2024.", "other"),
    ],
)
def test_event_types(sentence: str, expected: str) -> None:
    assert classify_event(sentence) == expected


def test_a_court_deciding_beats_the_topic_of_its_case() -> None:
    sentence = "In 2022, the court ordered the police to stop the surveillance of protesters."
    assert classify_event(sentence) == "court_ruling"
    assert explain_event_type(sentence)[0][2] == ["court … ordered"]


def test_court_of_accounts_is_not_a_ruling() -> None:
    sentence = "Reports from the Court of Accounts cited the Central Bank in 2024."
    assert classify_event(sentence) != "court_ruling"


def test_every_type_is_declared() -> None:
    sentences = ["arrested", "trial", "ruled", "law", "killed", "protest", "surveillance",
                 "journalist", "NGO", "refugees", "racism", "said"]
    assert {classify_event(s) for s in sentences} == set(EVENT_TYPES) - {"other"}
