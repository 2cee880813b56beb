"""Countries named in English news text: names, aliases, demonyms and cities.

The lexicon is data (`data/lexicon/`, provenance in its SOURCES.md) plus pycountry's names. All
phrases go into one Aho-Corasick automaton; matches are kept when they stand as whole words,
longest first, so "South Sudan" beats "Sudan", "Nigeria" never yields "Niger" and "Democratic
Republic of the Congo" beats "Congo". Phrases that contain a country word but name no country
("African Union", "Indian Ocean", "the Hague Group") are matched the same way and dropped.

Case matters: "Turkey" is a country, "turkey" a bird. A few names are also given names
("Michael Jordan", "Chad Smith") or a US state ("Atlanta, Georgia"); rules below tell them apart.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import ahocorasick
import pycountry

from etl.countrycodes import KOSOVO, LEXICON_DIR

MentionKind = Literal["name", "demonym", "city"]
_BLOCKED = "-"  # the code of a blocking phrase


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int
    end: int
    text: str
    iso3: str
    kind: MentionKind
    # Whether the mention places an event in its sentence. False for a demonym adjective that
    # qualifies something other than the state or the people ("Palestinian rights", "the French
    # migrants' rights organization"): such a mention counts for the article only.
    event_evidence: bool


@dataclass(frozen=True, slots=True)
class _Entry:
    iso3: str
    kind: MentionKind | Literal["adjective", "blocker"]


# Country names that are also given names: a person when next to another capitalized name.
_GIVEN_NAMES = frozenset({"Jordan", "Chad", "Georgia"})
_PREVIOUS_CAPITALIZED = re.compile(r"([A-Z][a-z]+)\s+$")
_FOLLOWING_CAPITALIZED = re.compile(r"\s+([A-Z][a-z]+)\b")
_PLACE_WORDS = frozenset(
    {"Valley", "Basin", "River", "Sea", "Delta", "Times", "Post", "Airways", "Airlines"}
)
_NOT_NAMES = frozenset(
    """The A An In On At From To For And Or But With By Of As Into Across Against Between Both
    Lake Northern Southern Eastern Western Central Upper Lower Republic Kingdom State Hashemite
    Occupied Neighbouring Neighboring Including Like Unlike Whereas While When Where Why How
    King Queen President Prime Minister Foreign Ambassador Government Authorities Police Army
    About After Before During Since Until Also Meanwhile However Today Yesterday Last Next This
    That These Those Both Neither Either Across Beyond Inside Outside Within Without Amid Among
    Only Even Then Now Later Earlier Jordan Chad Georgia Israel Sudan Libya Niger Cameroon
    Nigeria Syria Iraq Egypt Iran Saudi Turkey Russia Ukraine""".split()
)
_US_STATE_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:state|governor|legislature|lawmakers|General Assembly|Senate|House|"
    r"Republicans?|Democrats?|Supreme Court|Bureau|county|counties|voters|election officials)\b"
)
_US_STATE_BEFORE = re.compile(
    r"(?:(?:state|State) of|Atlanta,|Savannah,|Augusta,|Athens,|Macon,|Columbus,|U\.S\. state"
    r"|US state)\s*$"
)
_WORD_CHAR = re.compile(r"\w")
_NEXT_WORD = re.compile(r"(?:[ \t]|-)+(?:and\s+[\w’'-]+\s+)?([A-Za-z]+)")


def find_countries(text: str) -> list[CountryMention]:
    """Every country mention in `text`, in order, none overlapping."""
    automaton, _ = _lexicon()
    candidates: list[tuple[int, int, _Entry]] = []
    for end, (length, entry) in automaton.iter(text):
        start = end - length + 1
        if _is_whole_word(text, start, end + 1):
            candidates.append((start, end + 1, entry))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1]))  # leftmost, then longest
    mentions: list[CountryMention] = []
    covered = 0
    for start, end, entry in candidates:
        if start < covered:
            continue
        covered = end
        mention = _mention(text, start, end, entry)
        if mention is not None:
            mentions.append(mention)
    return mentions


def rank_countries(
    title_mentions: Sequence[CountryMention], text_mentions: Sequence[CountryMention]
) -> tuple[str, ...]:
    """An article's countries, most salient first: those its title names (in title order),
    then by how often the text names them, ties by first mention."""
    counts = Counter(m.iso3 for m in text_mentions)
    first_seen: dict[str, int] = {}
    for index, mention in enumerate(text_mentions):
        first_seen.setdefault(mention.iso3, index)
    in_title = list(dict.fromkeys(m.iso3 for m in title_mentions))
    rest = sorted(
        (code for code in counts if code not in in_title),
        key=lambda code: (-counts[code], first_seen[code]),
    )
    return (*in_title, *rest)


def lexicon_codes() -> frozenset[str]:
    """Every code the lexicon can emit."""
    return _lexicon()[1]


def _is_whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    # "U.S." ends with a stop; "Tunisia’s" is followed by an apostrophe: both whole words.
    return not _WORD_CHAR.match(before) and not _WORD_CHAR.match(after) and before not in "-"


def _mention(text: str, start: int, end: int, entry: _Entry) -> CountryMention | None:
    if entry.kind == "blocker":
        return None
    surface = text[start:end]
    if surface in _GIVEN_NAMES and _is_person(text, start, end):
        return None
    if surface == "Georgia" and _is_us_state(text, start, end):
        return None
    if entry.kind == "adjective":
        return CountryMention(
            start, end, surface, entry.iso3, "demonym", _qualifies_actor(text, end)
        )
    return CountryMention(start, end, surface, entry.iso3, entry.kind, True)


def _is_person(text: str, start: int, end: int) -> bool:
    previous = _PREVIOUS_CAPITALIZED.search(text, max(0, start - 30), start)
    if previous is not None and previous.group(1) not in _NOT_NAMES:
        return True  # "Michael Jordan"
    following = _FOLLOWING_CAPITALIZED.match(text, end)
    # "Jordan Peterson" is a person; "Jordan Valley" and "Chad Basin" are places.
    return following is not None and following.group(1) not in _NOT_NAMES | _PLACE_WORDS


def _is_us_state(text: str, start: int, end: int) -> bool:
    if _US_STATE_BEFORE.search(text[max(0, start - 25) : start]):
        return True
    return bool(_US_STATE_AFTER.match(text, end))


def _qualifies_actor(text: str, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1) in _actor_nouns()


# ---------------------------------------------------------------------------------------------
# The lexicon


@cache
def _actor_nouns() -> frozenset[str]:
    return frozenset(_data_lines("actor_nouns.txt"))


def _data_lines(name: str) -> Iterable[str]:
    with (LEXICON_DIR / name).open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (LEXICON_DIR / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(lines))


def _pycountry_names() -> Iterable[tuple[str, str]]:
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            # "Korea, Republic of" and its like read wrongly in prose: aliases cover them.
            if name and "," not in name and "(" not in name:
                yield name, country.alpha_3
                if name.startswith("the "):
                    yield name[4:], country.alpha_3


@cache
def _lexicon() -> tuple[ahocorasick.Automaton, frozenset[str]]:
    entries: dict[str, _Entry] = {}

    def add(phrase: str, entry: _Entry) -> None:
        # A later table does not override an earlier one: aliases come after pycountry names
        # only to fill gaps, and blockers come first so no table can undo them.
        entries.setdefault(phrase, entry)

    for row in _csv_rows("blockers.csv"):
        add(row["phrase"], _Entry(_BLOCKED, "blocker"))
    for row in _csv_rows("country_aliases.csv"):
        add(row["alias"], _Entry(row["iso3"], "name"))
    for name, code in _pycountry_names():
        add(name, _Entry(code, "name"))
    add("Kosovo", _Entry(KOSOVO, "name"))
    for row in _csv_rows("cities.csv"):
        add(row["city"], _Entry(row["iso3"], "city"))
    for row in _csv_rows("demonyms.csv"):
        if row["adjective"]:
            add(row["adjective"], _Entry(row["iso3"], "adjective"))
        for noun in filter(None, (row["nouns"] or "").split(";")):
            add(noun, _Entry(row["iso3"], "demonym"))
    # Headlines in capitals: "TUNISIA: ..."
    for phrase, entry in list(entries.items()):
        if entry.kind == "name" and len(phrase) > 4:
            add(phrase.upper(), entry)

    automaton = ahocorasick.Automaton()
    for phrase, entry in entries.items():
        automaton.add_word(phrase, (len(phrase), entry))
    automaton.make_automaton()
    codes = frozenset(e.iso3 for e in entries.values() if e.kind != "blocker")
    return automaton, codes
