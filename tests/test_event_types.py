"""Event types on real-style sentences from many countries: the act the date is attached to."""

from __future__ import annotations

import pytest

from etl.extract.event_types import (
    classify_event,
    decide_event_type,
    explain_event_type,
    explain_scope,
)
from etl.schema import EVENT_TYPES


def typed(sentence: str, date_text: str) -> str:
    """The type of the event dated by the first `date_text` in the sentence."""
    start = sentence.index(date_text)
    return classify_event(sentence, start, start + len(date_text))


@pytest.mark.parametrize(
    ("sentence", "date_text", "expected"),
    [
        ("Security forces arrested at least 40 protesters in Tehran on 3 October.",
         "3 October", "arrest_detention"),
        ("They have been in arbitrary pre-trial detention since May 2024.", "May 2024",
         "arrest_detention"),
        ("The blogger was released from detention on 2 June 2025.", "2 June 2025",
         "arrest_detention"),
        ("The opening trial session on 16 October was adjourned until 24 November.",
         "16 October", "prosecution_trial"),
        ("Prosecutors charged six NGO workers with assisting irregular migrants in 2023.",
         "2023", "prosecution_trial"),
        ("In 2022, the New York Supreme Court ordered the NYPD to disclose 2,700 records.",
         "2022", "court_ruling"),
        ("An Istanbul court acquitted the Saturday Mothers on 12 March 2024.", "12 March 2024",
         "court_ruling"),
        ("Uganda's parliament adopted the Anti-Homosexuality Act in May 2023.", "May 2023",
         "legislation_policy"),
        ("The draft law was introduced by the Slovenian government on 6 November 2025.",
         "6 November 2025", "legislation_policy"),
        ("Security forces killed dozens of protesters in Zahedan on 30 September 2022.",
         "30 September 2022", "killing_violence"),
        ("Saudi Arabia executed 81 men in a single day in March 2022.", "March 2022",
         "killing_violence"),
        ("Thousands marched in Belgrade on 15 March 2025 in peaceful protests.",
         "15 March 2025", "protest_assembly"),
        ("NSO Group's Pegasus spyware was found on the phones of Mexican journalists in 2017.",
         "2017", "surveillance_privacy"),
        ("On 31 December 2019, facial recognition was used by the NYPD.", "31 December 2019",
         "surveillance_privacy"),
        ("Authorities blocked the independent newspaper's website in Moscow in 2022.", "2022",
         "expression_media"),
        ("In July 2025, FTDES received a summons over its foreign funding.", "July 2025",
         "association_civil_society"),
        ("Greek coastguards carried out pushbacks of asylum seekers in June 2023.", "June 2023",
         "displacement_migration"),
        ("Hundreds of families were forcibly evicted in Addis Ababa in 2023.", "2023",
         "displacement_migration"),
        ("Roma children were segregated in schools in 2024, a racist practice.", "2024",
         "discrimination"),
        ("Amnesty International urged the authorities to act in 2024.", "2024",
         "advocacy_statement"),
        ("The weather was fine in 2024.", "2024", "other"),
    ],
)
def test_event_types(sentence: str, expected: str, date_text: str) -> None:
    assert typed(sentence, date_text) == expected


@pytest.mark.parametrize(
    ("sentence", "date_text", "expected"),
    [
        # "X said on Tuesday that ..." is the statement; "..., police said" is the act.
        ("Police in Lagos said on Tuesday that officers arrested 12 students at a rally.",
         "on Tuesday", "advocacy_statement"),
        ("Twelve students were arrested on Tuesday at a rally in Lagos, police said.",
         "on Tuesday", "arrest_detention"),
        ("Kenya's interior minister told reporters on Monday the curfew would stay.",
         "on Monday", "advocacy_statement"),
        # ... unless the speaker reports its own act.
        ("The Iranian judiciary said on Sunday it executed two men convicted of drug trafficking.",
         "on Sunday", "killing_violence"),
        # What someone intends is not the act of the date.
        ("On Wednesday Belarus said it plans to execute the man convicted of the bombing.",
         "On Wednesday", "advocacy_statement"),
        # "shot dead" is a killing, even of protesters; arresting protesters is an arrest.
        ("Soldiers shot dead three protesters in Mandalay on 14 March 2021.", "14 March 2021",
         "killing_violence"),
        ("Journalists covering the protests were detained in Minsk in March 2021.",
         "March 2021", "arrest_detention"),
        # "sentenced" and "convicted" are rulings.
        ("A court in Dhaka sentenced the editor to seven years in prison on 3 May 2023.",
         "3 May 2023", "court_ruling"),
        ("The blogger was convicted of insulting the king on 12 January 2022, his lawyer said.",
         "12 January 2022", "court_ruling"),
        ("Egypt's criminal court sentenced 12 men to death on Saturday, rights groups said.",
         "on Saturday", "court_ruling"),
        # Detention words are arrests, not killings.
        ("The activist was abducted by unidentified men in Harare in May 2020.", "May 2020",
         "arrest_detention"),
        ("The aid worker was kidnapped near Gao in 2017 and freed in 2021.", "2017",
         "arrest_detention"),
        ("UN experts recorded his enforced disappearance in Balochistan in August 2019.",
         "August 2019", "arrest_detention"),
        ("The 2008 hostage-taking of two engineers in Niger Delta made headlines.", "2008",
         "arrest_detention"),
        # Elections, meetings, anniversaries, birthdays and figures are "other".
        ("Voters in Caracas went to the polls in the presidential election on 28 July 2024.",
         "28 July 2024", "other"),
        ("The foreign ministers of Kenya and Ethiopia met in Addis Ababa on Friday.",
         "on Friday", "other"),
        ("Rights groups in Beijing marked the anniversary of the massacre on 4 June 2024.",
         "4 June 2024", "other"),
        ("The Egyptian blogger, in prison since 2019, spent his 40th birthday there on "
         "18 November.", "18 November", "other"),
        ("Alaa, a Cairo software developer who turned 40 on 18 November, has been jailed "
         "repeatedly.", "18 November", "other"),

        ("Kenya's Supreme Court's decision on Monday upheld the election result.", "on Monday",
         "court_ruling"),
        ("Inflation in Argentina rose to 12 per cent in May, central bank figures showed.",
         "May", "other"),
        # A court deciding, the verb after the date.
        ("The Rwandan High Court on Friday granted bail to the opposition leader.",
         "on Friday", "court_ruling"),
        # The charge after "for" is not the act of the date.
        ("Prosecutors indicted the mayor of Istanbul in 2023 for espionage and murder.", "2023",
         "prosecution_trial"),
        # A video or a report is released, a prisoner is released.
        ("Video of the journalist's killing was released in September 2014.",
         "September 2014", "killing_violence"),
        ("Human Rights Watch published a report on 5 December 2023 on abuses in Xinjiang.",
         "5 December 2023", "advocacy_statement"),
        # An inquiry into NGOs is a measure against civil society.
        ("In March 2023, the Kyrgyz authorities opened an investigation into three NGOs.",
         "March 2023", "association_civil_society"),
        # Bail and bond are rulings, even without a court in the sentence.
        ("The Manila councillor was granted a $5,000 bond on Monday.", "on Monday",
         "court_ruling"),
        # "last seen" is a disappearance.
        ("The Baloch student was last seen at a checkpoint in Turbat on 28 May.", "28 May",
         "arrest_detention"),
        # "N days after X": X is what the date counts from, not the event it dates.
        ("Three days after the protests began, Egypt's foreign minister met his Italian "
         "counterpart in Rome.", "Three days after", "other"),
        ("Thousands took to the streets of Tbilisi on Thursday against the foreign agents law.",
         "on Thursday", "protest_assembly"),
        ("Two people were killed in an air strike on Khartoum on 2 May, and police arrested "
         "a doctor on 4 May.", "4 May", "arrest_detention"),
        ("Two people were killed in an air strike on Khartoum on 2 May, and police arrested "
         "a doctor on 4 May.", "2 May", "killing_violence"),
    ],
)
def test_the_act_the_date_is_attached_to(sentence: str, date_text: str, expected: str) -> None:
    assert typed(sentence, date_text) == expected


def test_a_month_is_never_a_march() -> None:
    sentence = "The new decree on public assemblies took effect in March 2024 in Bishkek."
    assert typed(sentence, "2024") == "legislation_policy"
    assert "march" not in {w for _, _, words in explain_event_type(sentence) for w in words}
    assert classify_event("Thousands joined the march in Nairobi.") == "protest_assembly"


def test_a_court_deciding_beats_the_topic_of_its_case() -> None:
    sentence = "In 2022, the court ordered the police to stop the surveillance of protesters."
    assert typed(sentence, "2022") == "court_ruling"
    assert "court … ordered" in explain_event_type(sentence, 3, 7)[0][2]


def test_a_ruling_party_is_not_a_court_ruling() -> None:
    assert typed("The ruling party in Harare chose a new leader on Monday.", "on Monday") != (
        "court_ruling"
    )


def test_court_of_accounts_is_not_a_ruling() -> None:
    sentence = "Reports from the Court of Accounts cited the Central Bank in 2024."
    assert typed(sentence, "2024") != "court_ruling"


def test_explain_shows_the_clause_or_the_fallback() -> None:
    sentence = "The ministry said on Friday that police had detained the lawyer in Tunis."
    start = sentence.index("on Friday")
    assert explain_scope(sentence, start, start + 9) == "clause"
    assert explain_event_type(sentence, start, start + 9)[0][:1] == ("advocacy_statement",)
    fronted = "On 3 May, in the capital Tunis, police detained the lawyer."
    assert explain_scope(fronted, 0, 8) == "clause after the date"
    assert typed(fronted, "On 3 May") == "arrest_detention"
    verbless = "Mr Ortega has been detained, his family says, since 2 June 2024, in Managua."
    assert explain_scope(verbless, verbless.index("since"), verbless.index(", in")) == (
        "clause before the date"
    )
    assert explain_scope("The weather was fine in 2024.", 23, 27) == "sentence"


def test_a_date_before_when_takes_the_act_of_the_when_clause() -> None:
    sentence = ("Cameras were used against critics, as on 1 February 2020, when officers "
                "identified and arrested a graffiti artist in Brooklyn.")
    assert typed(sentence, "1 February 2020") == "arrest_detention"


def test_a_court_pair_spans_a_long_name() -> None:
    sentence = ("In 2019, the Supreme Court for the Islamabad Capital Territory ordered the "
                "release of the surveillance files.")
    assert typed(sentence, "2019") == "court_ruling"


def test_every_type_is_declared() -> None:
    sentences = ["arrested", "trial", "verdict", "law", "killed", "protest", "surveillance",
                 "censorship", "foreign funding", "deported", "racism", "said", "summit"]
    assert {classify_event(s) for s in sentences} == set(EVENT_TYPES)


def test_the_decision_names_its_words() -> None:
    sentence = "Police arrested the editor of Mada Masr in Cairo on 3 May 2025."
    start = sentence.index("3 May")
    event_type, words = decide_event_type(sentence, start, start + len("3 May 2025"))
    assert event_type == "arrest_detention"
    assert "arrested" in words
    assert decide_event_type("The summit ends on 3 May 2025.") == ("other", ("summit",))
    assert decide_event_type("It rained in Lima on 3 May 2025.") == ("other", ())
