"""The role a country mention plays in its sentence, and the countries of an event and an article.

EVENTS.md: an event's countries are where it happened or whose state acted, "not a destination,
an ally, a nationality or an author". A mention's role is read from the words around it:

- place: a country, region or city named as such ("in Kenya", "Pakistan's Supreme Court");
- actor: a demonym on the state or its people ("Tunisian authorities", "Congolese soldiers");
- nationality: a person's nationality ("a Dutch journalist", "an American citizen", "a
  40-year-old Somalian national", "two Americans", "French-born");
- qualifier: a demonym on something else ("Palestinian rights", "a French organization");
- destination: where someone was sent or went ("deported him to Tajikistan", "fled to Chad");
- origin: where a person comes from ("raised in Florida", "an aid worker from Arizona");
- target: what a statement, sanction or talk is about ("sanctions on Belarus", "concern over
  Pakistan", "talks with Iran");
- ally: a backer ("Iran-backed Houthis", "backed by Russia", "spying for the US");
- dateline: the place a dispatch was filed from ("MANILA, Philippines –", "(Berlin, January
  16, 2024) –");
- organisation: part of a newspaper's or an agency's name ("Washington Post", "Kashmir Reader").

`event_countries` prefers the places and actors of the date's own clause ("captured in Syria in
2018 and brought to the United States in October": 2018 is SYR, October USA), then destinations
and targets of that clause, then the whole sentence's. `article_countries` ranks an article's
countries by role-weighted mentions, the title first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal

from etl.lexicon import lexicon_words

if TYPE_CHECKING:
    from etl.extract.countries import CountryMention

Role = Literal[
    "place",
    "actor",
    "nationality",
    "qualifier",
    "destination",
    "origin",
    "target",
    "ally",
    "dateline",
    "organisation",
]
# Roles that place an event by themselves; then the one that does only in the date's own clause
# ("... and brought to the United States in October"). A target ("sanctions on Belarus",
# "concern over Pakistan") never does, the state that acted being the one that spoke or
# sanctioned; nor does a person's origin ("an aid worker from Arizona", "raised in Florida").
PRIMARY_ROLES: frozenset[str] = frozenset({"place", "actor"})
SECONDARY_ROLES: frozenset[str] = frozenset({"destination"})
# Weight of a mention in the article's ranking, by role (0: the article is not about it).
_ARTICLE_WEIGHT = {
    "place": 1.0,
    "actor": 1.0,
    "qualifier": 0.5,
    "destination": 1.0,
    "origin": 1.0,
    "target": 1.0,
    "dateline": 0.0,
    "nationality": 0.0,
    "ally": 0.0,
    "organisation": 0.0,
}
_TITLE_WEIGHT = 3.0
_LEAD_WEIGHT = 2.0

# A wire dateline ("MANILA, Philippines –", "HONG KONG (Reuters) -", "KAJANG, Sept 17 —") or a
# press release's ("(Berlin, January 16, 2024) –") at the start of a text.
_DATELINE = re.compile(
    r"\s*(?:\([A-Z][^()\n]{1,60}\d{4}\)"
    r"|[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?(?:\s*\([A-Za-z ]+\))?)"
    r"\s*[–—-]{1,2}(?:\s|(?=[A-Z“\"]))"
)
_NEXT_WORD = re.compile(r"(?:['’]s)?[ \t-]+([A-Za-z]+)")
_NEXT_WORDS = re.compile(
    r"(?:['’]s)?(?:[ \t]|-)+(?:and\s+[\w’'-]+\s+)?([A-Za-z]+)(?:\s+([A-Za-z]+))?"
    r"(?:\s+([A-Za-z]+))?"
)
_ALLY_AFTER = re.compile(
    r"-(?:backed|supported|funded|sponsored|aligned|allied|armed|trained|friendly)\b"
)
_BEFORE_WINDOW = 60
_DATELINE_MAX = 100  # a dateline ends within this many characters of its line's start
_DESTINATION_BEFORE = re.compile(
    r"\b(?:deport|extradit|expel|return|sent\b|send|fled|flee|flew|flown|fly|flight|transferr?"
    r"|repatriat|brought|bring|mov(?:e|ed|ing)\b|travel|head(?:ed|ing)|smuggl|traffick|emigrat"
    r"|relocat|resettl|escap|pushed back|forced back|handed over|visit|trip|journey|route)"
    r"[^.;:]{0,40}?\b(?:to|into)\s+(?:the\s+)?$"
)
_ALLY_BEFORE = re.compile(
    r"\b(?:backed|supported|funded|armed|sponsored|trained) by\s+(?:the\s+)?$"
    r"|\b(?:allied with|allies of|ally of|ally|allies|spying for|spy for|spied for"
    r"|on behalf of|working for|worked for)\s+(?:the\s+)?$"
)
_TARGET_BEFORE = re.compile(
    r"\b(?:sanctions?\s+(?:on|against)|concerns?\s+(?:over|about|at)|pressure\s+on"
    r"|relations\s+with|ties\s+with|talks\s+with|deal\s+with|agreement\s+with"
    r"|criticism\s+of|condemnation\s+of|embargo\s+(?:on|against)|war\s+(?:on|against|with)"
    r"|border\s+with|ambassador\s+to|envoy\s+to"
    r"|(?:spat|row|dispute|feud|standoff|tensions?|negotiations)\s+with)\s+(?:the\s+)?$"
)
_ROLE_PREPOSITIONS = frozenset(
    "to into by of on over about at with against for ally allies".split()
)
_NATIONALITY_BEFORE = re.compile(
    r"\b(?:citizens?|nationals?|native|passport holders?)\s+of\s+(?:the\s+)?$"
)
_COUNT_BEFORE = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|dozens of"
    r"|hundreds of|thousands of)\s+$",
    re.IGNORECASE,
)
# Clause boundaries inside a sentence: the date's clause is the span between two of them.
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]]|\s[–—-]\s"
    r"|,\s+(?:and|but|while|whereas|after|before|when|where|which|who|whom|as|since|although"
    r"|though|because|then|until|amid|following)\b"
    r"|\s(?:and|but)\s+(?=(?:was|were|is|are|has|had|have|later|then|also|\w+ed|given|taken"
    r"|beaten|driven|stolen|hidden|thrown|flown|sent|brought|taken|held|kept|put|left|set|shot|hit|fled|fought|led|met|told)\b)"
    r"|\s(?:after|before|when|while|whereas|because|although)\s"
)
# "that" opens a new clause after a verb of saying ("told Reuters ... that Saudi security outed
# them"), not after a noun ("a coalition that has been fighting in Yemen").
_THAT = re.compile(r"\sthat\s")
_SAYING_BEFORE = re.compile(
    r"\b(?:said|says|say|told|tells|ruled|rules|found|finds|announced|announces|argued|argues"
    r"|claimed|claims|stated|states|reported|reports|added|warned|alleged|alleges|noted|notes"
    r"|believed?|believes|confirmed|confirms|denied|denies|insisted|insists|concluded|decided"
    r"|agreed|learned|revealed|showed|shows|suggests?|suggested)\b[^,;:]{0,60}$"
)


def mention_role(text: str, start: int, end: int, kind: str) -> Role:
    """The role of the country word `text[start:end]` (of lexicon kind `kind`)."""
    # Called for every mention of every text: cheap tests first, regexes only when they may hit.
    line_start = text.rfind("\n", max(0, start - _DATELINE_MAX), start) + 1
    if (
        start - line_start < _DATELINE_MAX
        and (text[line_start] == "(" or text[line_start : line_start + 2].isupper())
        and start < line_start + _dateline_end_cached(text[line_start : line_start + _DATELINE_MAX])
    ):
        return "dateline"  # only a line that opens with "(" or capitals may be a dateline
    following = _NEXT_WORD.match(text, end)
    next_word = following.group(1) if following is not None else ""
    if next_word in _media_words() and not text.startswith(("’s", "'s"), end):
        return "organisation"
    if text.startswith("-", end):
        if _ALLY_AFTER.match(text, end):
            return "ally"
        if text.startswith("-born", end):
            return "nationality"
        if text.startswith("-based", end):
            return "origin"  # "an Ohio-based missionary group": where it comes from
    before = text[max(0, start - _BEFORE_WINDOW) : start]
    if kind == "adjective":
        if before.endswith(("ally of ", "allies of ")):
            return "ally"  # "a close ally of Russian president Vladimir Putin"
        following = _NEXT_WORDS.match(text, end)
        return _demonym_role(following.groups() if following is not None else ())
    if kind == "demonym":
        # "Palestinians in Gaza" are the people of a place; "two Americans" are nationals.
        return "nationality" if _COUNT_BEFORE.search(before) else "place"
    if next_word and (next_word.lower() in _nationality_nouns() or next_word == "citizens"):
        return "nationality"  # "U.S. citizen", "US missionaries"
    if text[start:end] in _EU_SEATS and _stands_for_the_eu(text, before):
        return "organisation"
    stripped = before.rstrip()
    last = stripped[stripped.rfind(" ") + 1 :]
    if last == "the":
        stripped = stripped[: -len(last)].rstrip()
        last = stripped[stripped.rfind(" ") + 1 :]
    if last in ("in", "from"):
        # "raised in Florida", "grew up in Lagos", "an aid worker from Arizona"
        rest = stripped[: -len(last)].rstrip()
        previous = rest[rest.rfind(" ") + 1 :]
        if previous == "up":  # "grew up in", not "rounded up in"
            rest = rest[: -len(previous)].rstrip()
            previous = rest[rest.rfind(" ") + 1 :] + " up"
        if previous in _ORIGIN_WORDS or (last == "from" and previous in _nationality_nouns()):
            return "origin"
        return "place"
    if last not in _ROLE_PREPOSITIONS:
        return "place"  # the patterns below all end with one of these: skip them
    if _NATIONALITY_BEFORE.search(before) or _person_of(before):
        return "nationality"  # "citizens of France", "photographer Nigel Brennan of Australia"
    if _ALLY_BEFORE.search(before):
        return "ally"
    if _DESTINATION_BEFORE.search(before):
        return "destination"
    if _TARGET_BEFORE.search(before):
        return "target"
    return "place"


# The word before "in" or "from" that makes the place a person's origin.
_ORIGIN_WORDS = frozenset(
    {"raised", "grew up", "growing up", "brought up", "hails", "hailing", "originally", "native"}
)


_PERSON_OF = re.compile(r"\b([a-z]+)\s+(?:[A-Z][\w'’.-]*\s+){1,3}of\s+(?:the\s+)?$")


def _person_of(before: str) -> bool:
    """Whether `before` ends with a person named after a noun of nationality_nouns.txt and
    "of" ("the journalist Amanda Lindhout of", "activist Ahmed Mansoor of the")."""
    match = _PERSON_OF.search(before)
    return match is not None and match.group(1) in _nationality_nouns()


# The EU's seats stand for its institutions in EU news ("he pushed Brussels to lift sanctions"),
# unless named as the place where something happens ("a summit in Brussels").
_EU_SEATS = frozenset({"Brussels", "Strasbourg"})
_EU = re.compile(r"\bEU\b|European (?:Union|Commission|Parliament|Council)")
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|outside|across|around)\s+$")


def _stands_for_the_eu(text: str, before: str) -> bool:
    return not _LOCATIVE_BEFORE.search(before) and _EU.search(text) is not None


def _demonym_role(next_words: tuple[str | None, ...]) -> Role:
    # "a 40-year-old Somalian national", "an American citizen", "two Saudi male journalists",
    # "the Malaysian Federal Court": the first telling noun of the next three words decides.
    for word in next_words:
        if word is None:
            break
        word = word.lower()
        if word in _actor_nouns():
            return "actor"
        if word in _nationality_nouns():
            return "nationality"
        if word in _people_nouns():
            return "place"
    return "qualifier"


@lru_cache(maxsize=1024)
def _dateline_end_cached(head: str) -> int:
    match = _DATELINE.match(head)
    if match is None or not re.search(r"[A-Z]{3}|\(\w", match.group(0)):
        return 0
    return match.end()


def dateline_end(text: str) -> int:
    """Where the dateline that opens `text` ends; 0 without one."""
    return _dateline_end_cached(text[:_DATELINE_MAX])


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """The clauses of `sentence`, as (start, end) offsets covering it."""
    return list(_clause_spans(sentence))


@lru_cache(maxsize=256)
def _clause_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(sentence)]
    if " that " in sentence:
        breaks += [
            (m.start(), m.end())
            for m in _THAT.finditer(sentence)
            if _SAYING_BEFORE.search(sentence, max(0, m.start() - 80), m.start())
        ]
        breaks.sort()
    spans: list[tuple[int, int]] = []
    start = 0
    for break_start, break_end in breaks:
        if break_start < start:
            continue
        spans.append((start, break_start))
        start = break_end
    spans.append((start, len(sentence)))
    return tuple(spans)


def event_countries(
    sentence: str, mentions: Sequence[CountryMention], date_offset: int, base: int = 0
) -> tuple[str, ...]:
    """The countries of the event dated at `date_offset` in `sentence`, from the mentions in
    it. Offsets are into a text in which `sentence` starts at `base` (0: into `sentence`).
    Empty when the sentence itself places nothing: the caller then looks at the paragraph,
    then at the article."""
    usable = [m for m in mentions if m.role in PRIMARY_ROLES or m.role in SECONDARY_ROLES]
    if not usable:
        return ()
    clauses = _clause_spans(sentence)
    if len(clauses) == 1:
        primary = [m.iso3 for m in usable if m.role in PRIMARY_ROLES]
        return tuple(dict.fromkeys(primary or [m.iso3 for m in usable]))
    date_clause = _clause_index(clauses, date_offset - base)

    def nearest(roles: frozenset[str]) -> tuple[int, tuple[str, ...]]:
        # The date's own clause; else the nearest clause that names one, the earlier first
        # ("were detained in Australia after seeking asylum last month").
        found = [(_clause_index(clauses, m.start - base), m) for m in usable if m.role in roles]
        if not found:
            return -1, ()
        best = min((abs(i - date_clause), i > date_clause) for i, _ in found)
        codes = (m.iso3 for i, m in found if (abs(i - date_clause), i > date_clause) == best)
        return best[0], tuple(dict.fromkeys(codes))

    primary_distance, primary = nearest(PRIMARY_ROLES)
    if primary and primary_distance == 0:
        return primary
    secondary_distance, secondary = nearest(SECONDARY_ROLES)
    if secondary and secondary_distance == 0:
        return secondary
    # A neighbouring clause only: further away, the sentence has moved on to another matter
    # ("Smith ruled in late 2017 that Ader ... was a participant in a kidnapping near Mogadishu").
    return primary if primary_distance == 1 else ()


def _clause_index(clauses: Sequence[tuple[int, int]], offset: int) -> int:
    return next((i for i, (_, end) in enumerate(clauses) if offset < end), len(clauses) - 1)


def article_countries(
    title_mentions: Sequence[CountryMention],
    text_mentions: Sequence[CountryMention],
    lead_end: int = 0,
) -> tuple[str, ...]:
    """An article's countries, most central first: those its title names (in title order,
    unless only as a newspaper's name or an ally), then by role-weighted mentions, the lead
    counting double; countries named only as a nationality, an ally, a newspaper or a
    dateline are left out."""
    return article_places(title_mentions, text_mentions, lead_end)[0]


def main_country(
    title_mentions: Sequence[CountryMention],
    text_mentions: Sequence[CountryMention],
    lead_end: int = 0,
) -> str | None:
    """The country an article's events fall back on: ranked as `article_countries`, but a
    title's nationality ("Canadian journalist's kidnapper", "American hostages") is no place;
    with no country at all, where a wire dispatch was filed from ("CORPUS CHRISTI, Texas —")."""
    return article_places(title_mentions, text_mentions, lead_end)[1]


def article_places(
    title_mentions: Sequence[CountryMention],
    text_mentions: Sequence[CountryMention],
    lead_end: int = 0,
) -> tuple[tuple[str, ...], str | None]:
    """`article_countries` and `main_country` in one pass over the mentions."""
    scores: dict[str, float] = {}
    for mention in text_mentions:
        weight = _ARTICLE_WEIGHT[mention.role]
        if weight > 0:
            if mention.start < lead_end:
                weight *= _LEAD_WEIGHT
            scores[mention.iso3] = scores.get(mention.iso3, 0.0) + weight
    # Dicts keep insertion order: sorting by score alone leaves ties in order of first mention.
    by_score = sorted(scores, key=lambda code: -scores[code])
    in_title = [m.iso3 for m in title_mentions if m.role not in _TITLE_SKIPS]
    countries = tuple(dict.fromkeys([*in_title, *by_score]))
    places_in_title = [m.iso3 for m in title_mentions if m.role not in _MAIN_SKIPS]
    main = next(iter([*places_in_title, *by_score]), None)
    if main is None:
        main = next((m.iso3 for m in text_mentions if m.role == "dateline"), None)
    return countries, main


_TITLE_SKIPS = frozenset({"organisation", "ally", "dateline"})
_MAIN_SKIPS = _TITLE_SKIPS | {"nationality"}


# ---------------------------------------------------------------------------------------------
# Word lists (data/lexicon/)


@cache
def _actor_nouns() -> frozenset[str]:
    return lexicon_words("actor_nouns.txt")


@cache
def _people_nouns() -> frozenset[str]:
    return lexicon_words("people_nouns.txt")


@cache
def _nationality_nouns() -> frozenset[str]:
    return lexicon_words("nationality_nouns.txt")


@cache
def _media_words() -> frozenset[str]:
    return lexicon_words("media_words.txt")
