"""Country mentions on real-style sentences, including the traps of news text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from etl.countrycodes import known_codes
from etl.demo import DEMO_CORPUS
from etl.extract.countries import find_countries, lexicon_codes, rank_countries

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
        ("Voters in Atlanta, Georgia lined up for hours.", ["USA"]),
        ("The Georgia legislature passed the bill.", []),
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
