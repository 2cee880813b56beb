"""Temporal expressions in English news text, normalized to a period and a precision.

Two steps, both pure:
- `scan_dates(text)` finds every expression with one compiled pattern and records what it says
  ("17 November", with no year yet; "two weeks after", with no anchor yet).
- `resolve_dates(expressions, published, publication_exact)` turns them into dated mentions:
  a missing year comes from the coordinated date that carries one ("between July and 10 November
  2025") or else from the publication date (the nearest such day to it); relative expressions
  ("yesterday", "two weeks later") hang on the publication date or on the date before them.
  What cannot be anchored is returned as unresolved, with the reason.

Durations and ages ("18-year-long", "80 years old", "13 years in prison"), counts that look like
years ("2,700 documents", "2000 people"), money and copyright lines ("© 2023 Name/Agency") are not
dates and are never matched.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import repeat
from typing import Literal

import ahocorasick
from dateutil.easter import easter

from etl.extract.text import sentence_start
from etl.lexicon import lexicon_rows
from etl.schema import Precision

_MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        _MONTH_NUMBERS[_name.lower()] = _number
        _MONTH_NUMBERS[_name[:3].lower()] = _number
_MONTH_NUMBERS["sept"] = 9

_WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}



@dataclass(frozen=True, slots=True)
class _NamedDay:
    month: int | None  # fixed days
    day: int | None
    easter_offset: int | None  # days that follow Easter

    def in_year(self, year: int) -> date | None:
        if self.easter_offset is not None:
            return easter(year) + timedelta(days=self.easter_offset)
        assert self.month is not None and self.day is not None
        return date(year, self.month, self.day)


def _read_named_days() -> dict[str, _NamedDay]:
    return {
        row["name"]: _NamedDay(
            int(row["month"]) if row["month"] else None,
            int(row["day"]) if row["day"] else None,
            int(row["easter_offset"]) if row["easter_offset"] else None,
        )
        for row in lexicon_rows("named_days.csv")
    }


_NAMED_DAYS = _read_named_days()
_NAMED_DAY = "|".join(re.escape(name) for name in sorted(_NAMED_DAYS, key=len, reverse=True))

_FULL_MONTH = "(?:" + "|".join(calendar.month_name[1:]) + ")"
_MONTH = rf"(?:{_FULL_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:18\d\d|19\d\d|20\d\d)"
_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)"
_UNIT = r"(?:hour|day|week|month|year)s?"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_HEDGE = (
    r"(?:a\s+few|a\s+couple\s+of|several|some|many|about|around|almost|nearly|roughly"
    r"|approximately|over|more\s+than|less\s+than|fewer\s+than)"
)
# Words after which a bare month name is a date ("in May", "since November"), not a modal verb
# or a name ("May said", "Theresa May").
_MONTH_PREP = (
    r"(?i:in|since|until|till|by|from|during|through|throughout|between|before|after|early"
    r"|late|mid-?|end\s+of|beginning\s+of|start\s+of|last|next|this|and|or|to)"
)

_PART_WORDS = (
    r"(?i:early|mid|late|the\s+(?:end|beginning|start|middle|first\s+half|second\s+half"
    r"|(?:first|second|third|fourth|last)\s+quarter)\s+of"
    r"|(?:end|beginning|start|middle)\s+of|spring|summer|autumn|fall|winter|Q[1-4])"
)
_SEASON = r"(?:spring|summer|autumn|fall|winter)"

_ALTERNATIVES = rf"""
    (?P<named>\b(?P<nd_name>{_NAMED_DAY})(?![\w’'])(?:,?\s+(?:(?:in|of)\s+)?(?P<nd_y>{_YEAR})\b)?)
  | (?P<rel_year>\b(?:(?P<ry_d1>{_DAY})\s+(?:of\s+)?)?(?P<ry_m>{_MONTH})
        (?:\s+(?P<ry_d2>{_DAY}))?,?\s+(?P<ry_rel>(?i:last|this|next))\s+year\b)
  | (?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])\b)
  | (?P<dd_range>\b(?P<ddr_d1>{_DAY})\s*(?:-|–|—|to|and|until)\s*(?P<ddr_d2>{_DAY})\s+
        (?P<ddr_m>{_MONTH})(?:,?\s+(?P<ddr_y>{_YEAR})\b)?)
  | (?P<dmy>\b(?P<dmy_d>{_DAY})(?:\s+of)?\s+(?P<dmy_m>{_MONTH})(?:,?\s+(?P<dmy_y>{_YEAR})\b)?
        (?!\s*\d))
  | (?P<my>\b(?P<my_m>{_MONTH})(?:\s+of)?,?\s+(?P<my_y>{_YEAR})\b)
  | (?P<mdy>\b(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY})\b(?:,?\s+(?P<mdy_y>{_YEAR})\b)?(?![,.]?\d))
  | (?P<part>\b(?P<part_w>{_PART_WORDS})(?:\s+of)?(?:\s+|-)(?P<part_y>{_YEAR})\b)
  | (?P<decade>\b(?P<dec_y>(?:18|19|20)\d0)s\b)
  | (?P<yy_range>(?<![\w$€£.,/])(?P<yyr_1>{_YEAR})\s*(?:-|–|—|/)\s*(?P<yyr_2>{_YEAR}|\d\d)
        (?![\w%]|[.,]\d))
  | (?P<year>(?<![\w$€£¥#.,/\-–])(?P<year_y>{_YEAR})(?![\w%]|[.,]\d|-\d))
  | (?P<bare_month>\b(?P<bm_prep>{_MONTH_PREP})(?:\s+|(?<=-))(?P<bm_m>{_FULL_MONTH})\b
        (?!\s*\d|\s+Day\b|\s+(?i:last|this|next)\s+year\b))
  | (?P<vague>\b(?i:{_HEDGE}\s+(?:{_NUM}\s+)?{_UNIT}\s+(?:later|earlier|after|before|ago)
        |(?:recently|lately|soon|in\s+recent\s+(?:days|weeks|months|years))\b))
  | (?P<ago>\b(?P<ago_n>(?i:{_NUM}))\s+(?P<ago_u>(?i:{_UNIT}))\s+(?i:ago)\b)
  | (?P<offset>\b(?P<off_n>(?i:{_NUM}))\s+(?P<off_u>(?i:{_UNIT}))\s+
        (?P<off_dir>(?i:later|earlier|afterwards|after|before|prior\s+to))\b)
  | (?P<same>\b(?i:(?:(?:later|earlier)\s+)?(?:the\s+same|that)\s+(?P<sm_u>day|morning|afternoon
        |evening|night|month|year)(?![-’'\w])|(?:hours|minutes|moments)\s+(?:later|afterwards)\b))
  | (?P<following>\b(?i:the\s+(?P<fol_dir>following|next|previous|preceding)\s+
        (?P<fol_u>day|week|month|year|morning|afternoon|evening|night)
        |the\s+(?P<fol_u2>day|night|evening|morning)\s+(?P<fol_dir2>before|after))\b)
  | (?P<season>\b(?P<se_rel>(?i:last|this|next|earlier\s+this|later\s+this))\s+
        (?P<se_s>(?i:{_SEASON}))\b)
  | (?P<century>\b(?P<ce_n>1[0-9]|2[01])(?:st|nd|rd|th)\s+(?i:century)\b)
  | (?P<year_end>\b(?i:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+the\s+year
        |the\s+year[’']s\s+end|year-end)\b)
  | (?P<pub_word>\b(?P<pw>(?i:today|yesterday|tomorrow|tonight|last\s+night
        |this\s+(?:morning|afternoon|evening)))\b)
  | (?P<pub_unit>\b(?P<pu_rel>(?i:this|last|next|earlier\s+this|later\s+this))\s+
        (?P<pu_u>(?i:week|month|year))\b)
  | (?P<weekday>\b(?:(?P<wd_prep>(?i:on|last|next|this|since|by|until|from|early|late))\s+)?
        (?P<wd_d>{_WEEKDAY})\b(?!,?\s+(?:\d|{_MONTH}))(?!s\b|\s+(?i:prayers?|school)\b))
"""
# Each alternative in the order they are tried, by the name of its group.
_BY_NAME = {
    re.match(r"\s*\(\?P<(\w+)>", alternative).group(1): alternative  # type: ignore[union-attr]
    for alternative in _ALTERNATIVES.split("\n  | ")
}
# The whole pattern: what scan_dates must find (tests hold it to that), tried at every character.
_PATTERN = re.compile("\n  | ".join(_BY_NAME.values()), re.VERBOSE)
# What can start where a trigger of each kind leads (see _starts_before): trying only those is
# faster, and finds the same.
_PATTERNS_BY_TRIGGER = {
    trigger: re.compile("\n  | ".join(_BY_NAME[name] for name in _BY_NAME if name in names),
                        re.VERBOSE)
    for trigger, names in {
        "digit": {"rel_year", "century", "iso", "dd_range", "dmy", "part", "decade", "yy_range",
                  "year", "vague", "ago", "offset"},
        "month": {"rel_year", "my", "mdy", "bare_month"},
        "named": {"named"},
        "weekday": {"weekday"},
        "word": {"vague", "ago", "offset", "same", "following", "season", "year_end",
                 "pub_word", "pub_unit"},
    }.items()
}

# A bare year followed by one of these is a count ("2000 people"), unless a temporal preposition
# comes right before it ("in 2022 police arrested").
_COUNT_NOUNS = frozenset(
    """people persons individuals protesters demonstrators members documents records files cases
    victims workers children women men families households troops soldiers police officers
    prisoners detainees refugees migrants deaths dead killed injured pages signatures km
    kilometres kilometers miles metres meters hectares acres homes houses buildings tonnes tons
    dollars euros pounds times students journalists activists organizations organisations ngos
    villages schools hospitals arrests complaints applications submissions posts videos images
    photos messages accounts calls words units beds staff civilians residents patients users
    votes voters participants companies cameras incidents others more""".split()
)
_TEMPORAL_PREPS = frozenset(
    """in since by until till from during before after between of early late mid around circa
    throughout through to and or the""".split()
)
# A year right after a capitalized word or an acronym is part of a name ("World Report 2024",
# "Vision 2030", "Public Order Act 2023", "LFN 2004"); months, weekdays and sentence starts
# are not names. A year between "a" and a capitalized word is a model ("a black 2017 Honda").
_NAME_BEFORE_YEAR = re.compile(
    r"(?<![.!?]\s)(?<!^)\b(?!(?:"
    + "|".join(calendar.month_name[1:] + calendar.month_abbr[1:] + list(calendar.day_name))
    + r")\b)(?:[A-Z][a-z]+|[A-Z]{2,})\s$"
)
_MODEL_YEAR = re.compile(r"\s+[A-Z][a-z]")
_ARTICLE = re.compile(r"\b(?:a|an)\s+(?:[a-z]+\s+)?$")
_COUNT_CUES = frozenset(
    """over about nearly almost approximately roughly some than least $ € £ number no article
    resolution law decree act section page pages room flight route vol volume code""".split()
)
_WORD = re.compile(r"[\w$€£'’]+")
_DIGIT_BEFORE = re.compile(r"\d $")
_DIGIT_AFTER = re.compile(r" \d")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|photo|credit", re.IGNORECASE)
_RANGE_OPENER = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_RANGE_WORD = re.compile(r"\s*(?:to|until|till|through|-|–|—)\s*", re.IGNORECASE)
_COORDINATION = re.compile(r"\s*(?:,\s*)?(?:and|or|to|until|till|through|-|–|—)\s*", re.IGNORECASE)
_FUTURE_HORIZON_DAYS = 14
# Words of the future: the date near them is to come (also the event's status, status.py).
_FUTURE_CUES = re.compile(
    r"\b(?:will|shall|(?:is|are)\s+(?:due|expected|set|slated|scheduled|planned|to\s+be)"
    r"|scheduled|slated|set\s+to|due\s+(?:to|on|in)|upcoming|next|adjourned|postponed"
    r"|deadline|awaiting|awaits|plans?\s+to)\b",
    re.IGNORECASE,
)
_MAX_GAP = 12  # characters between two coordinated expressions: " and ", ", until "
_ANCHOR_REACH = 600  # characters back to look for the date a "two weeks later" hangs on

# Every expression contains a trigger: a number that can be part of a date, a month, a weekday,
# or a word such as "weeks" or "yesterday". Each kind is found by the fastest means for it
# (patterns that start with a literal let the regex engine skip ahead; a word list goes through
# Aho-Corasick), and the full pattern is tried only around triggers.
_DIGIT_TRIGGER = re.compile(
    r"[0-9](?<![\w.,$€£][0-9])(?:\d{3}(?!\d)|\d?(?:st|nd|rd|th)?(?=(?:\s+of)?\s+"
    r"(?:[A-Z]|(?i:day|week|month|year|century))|\s*(?:-|–|—|to|and|until)\s*\d))"
)
_NAME_TRIGGER = re.compile(
    "(?:"
    + "|".join(f"{name[:3]}(?:{name[3:]})?" for name in calendar.month_name[1:])
    + "|Sept|" + "|".join(calendar.day_name) + ")(?![a-z])"
)
_WEEKDAY_NAMES = frozenset(calendar.day_name)
_MATCH_START = re.Match.start
_WORD_TRIGGERS = ahocorasick.Automaton()
for _word in """hour hours day days week weeks month months year years today yesterday tomorrow
        tonight night morning afternoon evening recently lately soon minutes moments spring summer
        autumn fall winter""".split():
    _WORD_TRIGGERS.add_word(_word, (len(_word), "word"))
for _name in _NAMED_DAYS:  # found whole, so the named-day pattern is tried only where one is
    _WORD_TRIGGERS.add_word(_name.lower(), (len(_name), "named"))
_WORD_TRIGGERS.make_automaton()
_LEADS = {
    "digit": re.compile(
        rf"\b(?:{_PART_WORDS}(?:\s+of)?(?:\s+|-)|(?i:{_HEDGE})\s+)$", re.VERBOSE
    ),
    "month": re.compile(rf"\b{_MONTH_PREP}(?:\s+|(?<=-))$"),
    "weekday": re.compile(r"\b(?i:on|last|next|this|since|by|until|from|early|late)\s+$"),
}
# The last word of each lead above: the lead pattern is searched only after one of these.
_LEAD_LAST_WORDS = {
    "digit": frozenset("""early mid late of spring summer autumn fall winter few several some
        many about around almost nearly roughly approximately over than q1 q2 q3 q4""".split()),
    "month": frozenset("""in since until till by from during through throughout between before
        after early late mid of last next this and or to""".split()),
    "weekday": frozenset("on last next this since by until from early late".split()),
}
# The first words of the expressions a word trigger can end ("about two weeks later", "later
# that day", "the following morning", "the year's end"), digits aside: the scan tries a start
# only at one of these.
_WORD_SET_OPENERS = frozenset(
    """a an one two three four five six seven eight nine ten eleven twelve few couple several some
    many about around almost nearly roughly approximately over more less fewer the that later
    earlier this last next hours minutes moments recently lately soon in today yesterday tomorrow
    tonight end beginning start middle year-end""".split()
)
_LEAD_REACH = 40  # characters: "the second half of " is the longest lead
_LEAD_WORDS = 4  # "a couple of weeks later": words before a unit or word trigger
_LEAD_WORD = re.compile(r"(?<![\w’'-])[\w’'-]+")


ExpressionKind = Literal[
    "absolute", "needs_year", "publication", "anchor", "unanchorable"
]


@dataclass(slots=True)  # not frozen: scan_dates fills in next_gap once all are found
class DateExpression:
    """One temporal expression as written, before it is tied to a year or an anchor."""

    start: int
    end: int
    text: str
    kind: ExpressionKind
    precision: Precision
    date_start: date | None = None  # absolute expressions
    date_end: date | None = None
    month: int | None = None  # needs_year
    day: int | None = None
    direction: int = 0  # needs_year: -1 last, +1 next, 0 nearest; offsets: -1 back, +1 forward
    amount: int = 0  # publication/anchor offsets, in `unit`
    unit: str = ""  # day, week, month, year, weekday
    reason: str = ""  # unanchorable: why
    object_follows: bool = False  # "two weeks after <something>": the anchor is elsewhere
    next_gap: str | None = None  # the text up to the next expression, when it is short
    opens_range: bool = False  # "between July and ...", "from November to ..."
    future_cue: bool = False  # needs_year: its sentence speaks of what will happen
    named_day: _NamedDay | None = None  # needs_year: "Human Rights Day", "Easter Sunday"
    year_offset: int | None = None  # needs_year: "June last year" is -1, "this year" 0
    sentence_start: int = -1  # where its sentence starts in the text, when scan_dates needs it
    season: tuple[int, int] | None = None  # "last summer": its first and last month


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date_start: date
    date_end: date
    precision: Precision


@dataclass(frozen=True, slots=True)
class UnresolvedDate:
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class DateScan:
    mentions: list[DateMention]
    unresolved: list[UnresolvedDate]


def find_dates(
    text: str, published: date | None = None, *, publication_exact: bool = True
) -> DateScan:
    """Every dated mention in `text`; see the module docstring."""
    return resolve_dates(scan_dates(text), published, publication_exact=publication_exact)


# ---------------------------------------------------------------------------------------------
# Scanning


def scan_dates(text: str) -> list[DateExpression]:
    expressions: list[DateExpression] = []
    for match in _matches(text):
        expressions.extend(e for e in _read_match(text, match) if not _dates_the_text(text, e))
    previous: DateExpression | None = None
    for index, expression in enumerate(expressions):
        # Only what hangs on its sentence needs to know where it starts: a date without a year,
        # a weekday (their tense), an anchored expression and the date right after one.
        if expression.kind != "absolute" or (index and expressions[index - 1].object_follows):
            expression.sentence_start = sentence_start(text, expression.start)
        if expression.unit == "weekday" and expression.direction == 0:
            # "on Tuesday" is the last one, "will meet on Tuesday" the next one.
            future = future_cue(text, expression.sentence_start, expression.start)
            expression.direction = 1 if future else -1
        if expression.kind == "needs_year":
            # A sentence keeps its tense: "slated for an Oct. 30 hearing and a trial on Nov. 4".
            expression.future_cue = future_cue(
                text, expression.sentence_start, expression.start
            ) or (
                previous is not None
                and previous.future_cue
                and previous.sentence_start == expression.sentence_start
            )
            previous = expression
    # Coordination ("July and 10 November 2025") and anchoring ("two weeks after 6 November")
    # look at the few words between one expression and the next.
    for index in range(len(expressions) - 1):
        current, following = expressions[index], expressions[index + 1]
        if following.start - current.end <= _MAX_GAP:
            current.next_gap = text[current.end : following.start]
            opens = _RANGE_OPENER.search(text, max(0, current.start - 10), current.start)
            current.opens_range = opens is not None
    return expressions


def _matches(text: str) -> Iterator[re.Match[str]]:
    """What `_PATTERN.finditer(text)` gives, many times faster.

    Trying the full pattern at every character is slow (it has many alternatives), so it is
    tried only where an expression can start: at a trigger, or at the lead words before it."""
    scanned_to = 0
    for position, trigger in _triggers(text):
        if position < scanned_to:
            continue
        pattern = _PATTERNS_BY_TRIGGER[trigger]
        for start in _starts_before(text, position, scanned_to, trigger):
            match = pattern.match(text, start)
            if match is not None and match.end() > position:
                yield match
                scanned_to = match.end()
                break


def _triggers(text: str) -> list[tuple[int, str]]:
    # zip and map keep the loop over the many digit triggers in C.
    found = list(zip(map(_MATCH_START, _DIGIT_TRIGGER.finditer(text)), repeat("digit")))
    for m in _NAME_TRIGGER.finditer(text):
        start = m.start()
        if start == 0 or not text[start - 1].isalpha():
            found.append((start, "weekday" if m.group() in _WEEKDAY_NAMES else "month"))
    for end, (length, kind) in _WORD_TRIGGERS.iter_long(text.lower()):
        start = end - length + 1
        if (start == 0 or not text[start - 1].isalnum()) and not text[end + 1 : end + 2].isalnum():
            found.append((start, kind))
    found.sort()
    return found


def _starts_before(text: str, position: int, floor: int, trigger: str) -> list[int]:
    """Where an expression around the trigger at `position` may start, earliest first."""
    if trigger == "named":
        return [position]  # the trigger is the whole name
    window_start = max(floor, position - _LEAD_REACH)
    lead = _LEADS.get(trigger)
    if lead is not None:
        before = text[window_start:position].rstrip(" -\t\n").rsplit(None, 1)
        if not before or before[-1].lower() not in _LEAD_LAST_WORDS[trigger]:
            return [position]
        found = lead.search(text, window_start, position)
        return [found.start(), position] if found else [position]
    window = text[window_start:position]
    stop = max(window.rfind(". "), window.rfind("\n"), window.rfind("? "), window.rfind("! "))
    offset = window_start + stop + 1 if stop >= 0 else window_start
    leads = list(_LEAD_WORD.finditer(text, offset, position))[-_LEAD_WORDS:]
    # Only a word that can open an expression of the word set is worth a try there.
    starts = [m.start() for m in leads if m.group().lower() in _WORD_SET_OPENERS
              or m.group()[:1].isdigit()]
    return [*starts, position]


def _read_match(text: str, m: re.Match[str]) -> list[DateExpression]:
    kind = m.lastgroup
    if kind == "named":
        return _named_day(text, m)
    if kind == "iso":
        day = _safe_date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
        return [_absolute(m, day, day, "day")] if day else []
    if kind == "dd_range":
        return _day_range(m)
    if kind == "dmy":
        return _day_month(m, m.start(), m.end(), m["dmy_d"], m["dmy_m"], m["dmy_y"])
    if kind == "mdy":
        return _day_month(m, m.start(), m.end(), m["mdy_d"], m["mdy_m"], m["mdy_y"])
    if kind == "my":
        month, year = _MONTH_NUMBERS[_month_key(m["my_m"])], int(m["my_y"])
        return [_absolute(m, date(year, month, 1), _month_end(year, month), "month")]
    if kind == "part":
        return [_part_of_year(m)]
    if kind == "decade":
        start = int(m["dec_y"])
        return [_absolute(m, date(start, 1, 1), date(start + 9, 12, 31), "year")]
    if kind == "yy_range":
        return _year_range(text, m)
    if kind == "year":
        if _is_count_or_credit(text, m.start("year_y"), m.end("year_y")):
            return []
        year = int(m["year_y"])
        return [_absolute(m, date(year, 1, 1), date(year, 12, 31), "year")]
    if kind == "bare_month":
        return [_bare_month(m)]
    if kind == "vague":
        return [_unanchorable(m, "approximate: the expression gives no exact date")]
    if kind in ("ago", "offset"):
        return [_offset(text, m)]
    if kind == "following":
        return [_following(m)]
    if kind == "same":
        word = (m["sm_u"] or "day").lower()  # "hours later": the same day
        unit = _DAY_PARTS.get(word, word)
        return [DateExpression(m.start(), m.end(), m.group(), "anchor",
                               _offset_precision(unit), unit=unit)]
    if kind == "rel_year":
        return [_relative_year(m)]
    if kind == "season":
        words = m["se_rel"].lower().split()
        direction = {"last": -1, "next": 1}.get(words[-1] if words[0] != "last" else "last", 0)
        first, last = _PARTS[m["se_s"].lower()]
        return [DateExpression(m.start(), m.end(), m.group(), "publication", "year",
                               direction=direction, unit="season", season=(first, last))]
    if kind == "century":
        start = (int(m["ce_n"]) - 1) * 100
        return [_absolute(m, date(start, 1, 1), date(start + 99, 12, 31), "year")]
    if kind == "year_end":
        return [DateExpression(m.start(), m.end(), m.group(), "publication", "year", unit="year")]
    if kind == "weekday" and _names_a_day(text, m):
        return []
    if kind == "pub_word" and _in_a_name(text, m.start(), m.end()):
        return []  # "Manila Today", "USA Today": a title, not today
    if kind in ("pub_word", "pub_unit", "weekday"):
        return [_publication_relative(text, m)]
    return []


def _absolute(
    m: re.Match[str], start: date, end: date, precision: Precision, group: int | str = 0
) -> DateExpression:
    return DateExpression(
        m.start(group), m.end(group), m.group(group), "absolute", precision, start, end
    )


def _month_key(month: str) -> str:
    return month.rstrip(".").lower()[:4] if month.lower().startswith("sept") else month[:3].lower()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_number(day: str) -> int:
    return int(day[:2] if day[:2].isdigit() else day[:1])


def _day_month(
    m: re.Match[str], start: int, end: int, day_text: str, month_text: str, year_text: str | None
) -> list[DateExpression]:
    day, month = _day_number(day_text), _MONTH_NUMBERS[_month_key(month_text)]
    text = m.string[start:end]
    if year_text:
        found = _safe_date(int(year_text), month, day)
        if found is None:
            return []
        return [DateExpression(start, end, text, "absolute", "day", found, found)]
    if day > calendar.monthrange(2024, month)[1]:  # 2024: a leap year admits 29 February
        return []
    return [DateExpression(start, end, text, "needs_year", "day", month=month, day=day)]


def _day_range(m: re.Match[str]) -> list[DateExpression]:
    """"10-12 December 2024": one expression per end; the month and year carry back."""
    first = _day_month(m, m.start("ddr_d1"), m.end("ddr_d1"), m["ddr_d1"], m["ddr_m"], m["ddr_y"])
    last = _day_month(m, m.start("ddr_d2"), m.end(), m["ddr_d2"], m["ddr_m"], m["ddr_y"])
    return first + last


def _year_range(text: str, m: re.Match[str]) -> list[DateExpression]:
    first = int(m["yyr_1"])
    second_text = m["yyr_2"]
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    # "2019-12" is not a range of years, nor is a law number like "2011-88".
    if not first < second <= first + 10 or _is_count_or_credit(text, m.start(), m.end()):
        return []
    spans = ((first, m.start("yyr_1"), m.end("yyr_1")), (second, m.start("yyr_2"), m.end("yyr_2")))
    return [
        DateExpression(s, e, text[s:e], "absolute", "year", date(y, 1, 1), date(y, 12, 31))
        for y, s, e in spans
    ]


_PARTS: dict[str, tuple[int, int]] = {
    "first half": (1, 6), "second half": (7, 12), "first quarter": (1, 3),
    "second quarter": (4, 6), "third quarter": (7, 9), "fourth quarter": (10, 12),
    "last quarter": (10, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12),
    "early": (1, 4), "beginning": (1, 3), "start": (1, 3), "mid": (5, 8), "middle": (5, 8),
    "late": (9, 12), "end": (10, 12),
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (1, 2),
}


def _part_of_year(m: re.Match[str]) -> DateExpression:
    words = " ".join(m["part_w"].lower().split())
    key = next(part for part in _PARTS if re.search(rf"\b{part}\b", words))
    first, last = _PARTS[key]
    year = int(m["part_y"])
    # The period is the part meant, but its precision is the year's: "late 2017" says which
    # year, not which month (EVENTS.md).
    return _absolute(m, date(year, first, 1), _month_end(year, last), "year")


def _relative_year(m: re.Match[str]) -> DateExpression:
    """"June last year", "July 2 this year", "5 March next year": the year is the publication
    year's neighbour the words say."""
    day_text = m["ry_d1"] or m["ry_d2"]
    return DateExpression(
        m.start(), m.end(), m.group(), "needs_year", "day" if day_text else "month",
        month=_MONTH_NUMBERS[_month_key(m["ry_m"])],
        day=_day_number(day_text) if day_text else None,
        year_offset={"last": -1, "this": 0, "next": 1}[m["ry_rel"].lower()],
    )


def _named_day(text: str, m: re.Match[str]) -> list[DateExpression]:
    named = _NAMED_DAYS[m["nd_name"]]
    if m["nd_y"]:
        day = named.in_year(int(m["nd_y"]))
        return [_absolute(m, day, day, "day")]  # type: ignore[arg-type]
    # Without a year, only "on Human Rights Day" dates something; "the New Year's Eve
    # celebrations" or "as the world marks Human Rights Day" name the day, not a date of news.
    if not _NAMED_DAY_PREP.search(text, max(0, m.start() - 20), m.start()):
        return []
    return [DateExpression(
        m.start(), m.end(), m.group(), "needs_year", "day", month=named.month, day=named.day,
        named_day=named,
    )]


_NAMED_DAY_PREP = re.compile(
    r"\b(?i:on|since|until|by|before|after|commemorat\w*|marks?|marked|marking|celebrat\w*"
    r"|observ\w*)\s+(?:the\s+)?$"
)


def _bare_month(m: re.Match[str]) -> DateExpression:
    prep = m["bm_prep"].lower()
    direction = {"last": -1, "next": 1}.get(prep, 0)
    # "mid-November", "early December": the part of the month is part of the expression.
    start = m.start() if prep.rstrip("-") in ("early", "mid", "late") else m.start("bm_m")
    return DateExpression(
        start, m.end("bm_m"), m.string[start : m.end("bm_m")], "needs_year", "month",
        month=_MONTH_NUMBERS[m["bm_m"][:3].lower()], direction=direction,
        unit="this" if prep == "this" else "",
    )


def _unanchorable(m: re.Match[str], reason: str) -> DateExpression:
    return DateExpression(m.start(), m.end(), m.group(), "unanchorable", "day", reason=reason)


def _amount(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _unit(word: str) -> str:
    return word.lower().rstrip("s")


def _offset(text: str, m: re.Match[str]) -> DateExpression:
    if m.lastgroup == "ago":
        amount, unit = _amount(m["ago_n"]), _unit(m["ago_u"])
        return DateExpression(
            m.start(), m.end(), m.group(), "publication", _offset_precision(unit),
            direction=-1, amount=amount, unit=unit,
        )
    amount, unit = _amount(m["off_n"]), _unit(m["off_u"])
    word = m["off_dir"].lower()
    direction = 1 if word in ("later", "after", "afterwards") else -1
    # "after"/"before" take an object: "two weeks after the vote". If the object is not itself a
    # date, the anchor is the date before the expression and the offset runs the other way
    # ("introduced on 6 November, two weeks after a fatal incident": the incident is 23 October).
    takes_object = word in ("after", "before", "prior to")
    return DateExpression(
        m.start(), m.end(), m.group(), "anchor", _offset_precision(unit),
        direction=direction, amount=amount, unit=unit, object_follows=takes_object,
    )


# Parts of a day count as the day: "the following morning" is the next day.
_DAY_PARTS = {"morning": "day", "afternoon": "day", "evening": "day", "night": "day"}


def _following(m: re.Match[str]) -> DateExpression:
    word = (m["fol_dir"] or m["fol_dir2"]).lower()
    unit = (m["fol_u"] or m["fol_u2"]).lower()
    unit = _DAY_PARTS.get(unit, unit)
    direction = -1 if word in ("previous", "preceding", "before") else 1
    return DateExpression(
        m.start(), m.end(), m.group(), "anchor", _offset_precision(unit),
        direction=direction, amount=1, unit=unit,
    )


def _offset_precision(unit: str) -> Precision:
    return {"hour": "day", "day": "day", "week": "day", "month": "month", "year": "year"}[unit]


def _publication_relative(text: str, m: re.Match[str]) -> DateExpression:
    if m.lastgroup == "pub_word":
        word = " ".join(m["pw"].lower().split())
        amount = {"yesterday": 1, "last night": 1, "tomorrow": 1}.get(word, 0)
        direction = 1 if word == "tomorrow" else -1
        return DateExpression(
            m.start(), m.end(), m.group(), "publication", "day",
            direction=direction, amount=amount, unit="day",
        )
    if m.lastgroup == "pub_unit":
        rel = m["pu_rel"].lower().split()[-1] if m["pu_rel"].lower() != "last" else "last"
        unit = m["pu_u"].lower()
        direction = {"last": -1, "next": 1}.get(rel, 0)
        precision: Precision = "year" if unit == "year" else "month"
        return DateExpression(
            m.start(), m.end(), m.group(), "publication", precision,
            direction=direction, amount=1 if direction else 0, unit=unit,
        )
    prep = (m["wd_prep"] or "").lower()
    return DateExpression(
        m.start("wd_d"), m.end("wd_d"), m["wd_d"], "publication", "day",
        direction={"next": 1, "last": -1}.get(prep, 0),  # 0: by the tense (scan_dates)
        amount=_WEEKDAYS[m["wd_d"].lower()], unit="weekday",
    )


# A weekday after one of these names a feast, a sale or a habit, not a day of the news:
# "Good Friday", "Super Tuesday", "every Friday", "the following Monday" (that one hangs on a
# date the reader must find: left out rather than guessed).
_DAY_NAME_WORDS = frozenset(
    """good black super ash holy easter palm bloody maundy cyber giving every each
    following previous preceding same one""".split()
)


def _in_a_name(text: str, start: int, end: int) -> bool:
    """A capitalized word after another capitalized word, mid-sentence, or a word in capitals
    after another anywhere ("USA TODAY, Associated Press"): part of a name."""
    if not text[start : start + 1].isupper():
        return False
    if text[start:end].isupper() and _CAPITALS_BEFORE.search(text, max(0, start - 30), start):
        return True
    previous = _CAPITALIZED_BEFORE.search(text, max(0, start - 30), start)
    return previous is not None


_CAPITALIZED_BEFORE = re.compile(r"(?<![.!?:\n“\"]\s)(?<!^)\b[A-Z][\w’']*\s+$")
_CAPITALS_BEFORE = re.compile(r"\b[A-Z]{2,}[ \t]+$")


def _names_a_day(text: str, m: re.Match[str]) -> bool:
    if m["wd_prep"]:
        return False
    previous = _WORD.findall(text[max(0, m.start() - 25) : m.start()])
    return bool(previous) and previous[-1].lower() in _DAY_NAME_WORDS


# Dates of the text rather than of a happening (EVENTS.md): "Published in Dawn, March 13th,
# 2022", "(accessed 2 May 2024)", an embedded post's "— Name (@handle) May 27, 2021", and the
# dateline that opens a press release: "(Berlin, January 16, 2024) –", "KIEV, Dec 12 (Reuters) -".
_TEXT_DATE_LINE = re.compile(
    r"\s*(?i:(?:first\s+)?published|updated|last\s+(?:updated|modified)|posted|retrieved"
    r"|accessed)\b"
)
_FOOTNOTE_MARK = re.compile(r"\s*(?:\[\d{1,3}\]|\d{1,3}[.)]\s|\^\d{1,3})")
_CITATION_CUE = re.compile(r"https?://|www\.|(?i:available\s+at|accessed|retrieved|ibid)")
_TEXT_DATE_BEFORE = re.compile(
    r"(?:\(@\w+\)|\b(?i:accessed|retrieved)(?:\s+on)?"
    # An editor's note on the text's own history: "*This article was originally published in
    # 2011" (not "first published": a report's publication is an event).
    r"|\b(?i:originally\s+(?:published|posted|appeared))(?:\s+(?:in|on))?)\s*$"
)
# The same note after the date: "(This October 26 story has been refiled to fix ...)".
_TEXT_DATE_AFTER = re.compile(
    r"\s+(?i:story|article|report|version)\s+(?i:has|had)\s+been\s+"
    r"(?i:refiled|updated|corrected|amended)\b"
)
_DATELINE_BEFORE = re.compile(r"^\s*\(?[A-Z][\w.'’ -]{1,40},\s*(?:[A-Z][\w.'’ ]{1,30},\s*)?$")
_DATELINE_AFTER = re.compile(r"\s*(?:\)|\(\w[\w ]{0,30}\))?\s*[-–—]")


def _dates_the_text(text: str, e: DateExpression) -> bool:
    line_start = _line_start(text, e.start)
    before = text[max(line_start or 0, e.start - 40) : e.start]
    if _TEXT_DATE_BEFORE.search(before) or _TEXT_DATE_AFTER.match(text, e.end):
        return True
    if line_start is None:
        return False  # deep in a long line: no line-opening form applies
    if _TEXT_DATE_LINE.match(text, line_start, e.start):
        return True
    if _FOOTNOTE_MARK.match(text, line_start, e.start):
        line_end = text.find("\n", e.end, e.end + _LINE_REACH)
        line_end = line_end if line_end >= 0 else min(len(text), e.end + _LINE_REACH)
        if _CITATION_CUE.search(text, line_start, line_end):
            return True  # "[3] HRW, 'Report', 3 May 2021, https://..."
    return bool(
        e.start - line_start <= 60
        and _DATELINE_BEFORE.match(text[line_start : e.start])
        and _DATELINE_AFTER.match(text, e.end)
    )


# Lines are looked at this far around a date: a line-opening form ("Published ...", "[3] ...")
# lies closer, and a bounded look keeps a text of one huge line linear.
_LINE_REACH = 400


def _line_start(text: str, offset: int) -> int | None:
    """Where the line holding `offset` starts; None when it starts further back than
    _LINE_REACH."""
    reach_start = max(0, offset - _LINE_REACH)
    newline = text.rfind("\n", reach_start, offset)
    if newline >= 0:
        return newline + 1
    return 0 if reach_start == 0 else None


_FUTURE_REACH = 60  # characters: a word of the future speaks of the date it is near


def future_cue(text: str, sentence_start: int, offset: int) -> bool:
    """Whether the words of the sentence just before `offset` speak of the future ("will
    appear in court on", "is due to ... on", "adjourned the trial to")."""
    window_start = max(sentence_start, offset - _FUTURE_REACH)
    return _FUTURE_CUES.search(text, window_start, offset) is not None


def _is_count_or_credit(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", max(0, start - 40), start) + 1  # bounded: a line may be long
    before = text[max(line_start, start - 40) : start]
    if _DIGIT_BEFORE.search(before) or _DIGIT_AFTER.match(text, end):
        return True  # a group in a longer number: "+216 2025 1234"
    if _COPYRIGHT.search(before):
        return True
    previous = _WORD.findall(before[-25:])
    previous_word = previous[-1].lower() if previous else ""
    if previous_word in _TEMPORAL_PREPS or previous_word.endswith(("'s", "’s")):
        return False  # "in 2022", "the 2019 arrests", "China's 2005 Anti-Secession Law"
    model_year = _MODEL_YEAR.match(text, end) and _ARTICLE.search(before)
    if model_year or _NAME_BEFORE_YEAR.search(before):
        return True  # "World Report 2024", "LFN 2004", "a black 2017 Honda"
    if previous_word in _COUNT_CUES or before.rstrip().endswith(("$", "€", "£")):
        return True
    following = [word.lower() for word in _WORD.findall(text[end : end + 40])[:2]]
    return any(word in _COUNT_NOUNS for word in following)


# ---------------------------------------------------------------------------------------------
# Resolving


def resolve_dates(
    expressions: list[DateExpression], published: date | None, *, publication_exact: bool = True
) -> DateScan:
    expressions = _carry_years(expressions)
    mentions: list[DateMention] = []
    unresolved: list[UnresolvedDate] = []
    # Expressions that hang on another date go last, so that the date they hang on, before or
    # after them, is resolved by then.
    order = sorted(range(len(expressions)), key=lambda i: expressions[i].kind == "anchor")
    for index in order:
        expression = expressions[index]
        result = _resolve_one(expressions, index, mentions, published, publication_exact)
        if isinstance(result, DateMention):
            mentions.append(result)
        else:
            unresolved.append(
                UnresolvedDate(expression.start, expression.end, expression.text, result)
            )
    mentions.sort(key=lambda mention: mention.start)
    unresolved.sort(key=lambda item: item.start)
    return DateScan(mentions, unresolved)


def latest_full_date(expressions: list[DateExpression]) -> date | None:
    """The latest day-precision date written out in full: the best guess at when a post without
    a date was published."""
    days = [e.date_start for e in expressions if e.kind == "absolute" and e.precision == "day"]
    return max(days) if days else None  # type: ignore[type-var]


def _carry_years(expressions: list[DateExpression]) -> list[DateExpression]:
    """"between July and 10 November 2025", "since November and May 2024": a date without a year
    takes the year of the dated expression it is coordinated with; a range's start takes the year
    before when it would otherwise come after its end ("from November to March 2024")."""
    carried = list(expressions)
    for index in range(len(carried) - 2, -1, -1):
        current, following = carried[index], carried[index + 1]
        if current.kind != "needs_year" or following.date_start is None:
            continue
        if following.kind != "absolute" or following.precision == "year":
            continue
        if current.next_gap is None or not _COORDINATION.fullmatch(current.next_gap):
            continue
        year = following.date_start.year
        month = current.month or 1
        is_range = current.opens_range or _RANGE_WORD.fullmatch(current.next_gap) is not None
        later = (month, current.day or 1) > (following.date_start.month, following.date_start.day)
        if is_range and later:
            year -= 1
        carried[index] = _with_year(current, year) or current
    return carried


def _with_year(expression: DateExpression, year: int) -> DateExpression | None:
    period = _period_in_year(expression, year)
    if period is None:
        return None
    return replace(expression, kind="absolute", date_start=period[0], date_end=period[1])


def _period_in_year(expression: DateExpression, year: int) -> tuple[date, date] | None:
    """The first and last day a day or month without a year stands for in `year`."""
    if expression.precision == "day":
        found = _day_in_year(expression, year)
        return None if found is None else (found, found)
    month = expression.month or 1
    return date(year, month, 1), _month_end(year, month)


def _day_in_year(expression: DateExpression, year: int) -> date | None:
    if expression.named_day is not None:
        return expression.named_day.in_year(year)
    return _safe_date(year, expression.month or 1, expression.day or 1)


def _resolve_one(
    expressions: list[DateExpression],
    index: int,
    resolved: list[DateMention],
    published: date | None,
    publication_exact: bool,
) -> DateMention | str:
    e = expressions[index]
    if e.kind == "absolute":
        assert e.date_start is not None and e.date_end is not None
        return DateMention(e.start, e.end, e.text, e.date_start, e.date_end, e.precision)
    if e.kind == "unanchorable":
        return e.reason
    if e.kind == "needs_year":
        if published is None:
            return "no year, and the article has no publication date to take it from"
        # The period itself, not a copy of the expression made absolute: most dates without a
        # year come here, and dataclasses.replace of an expression is slow.
        period = _period_in_year(e, _nearest_year(e, published))
        if period is None:
            return "no such day in the year it would fall in"
        return DateMention(e.start, e.end, e.text, period[0], period[1], e.precision)
    if e.kind == "publication":
        if published is None:
            return "relative to the publication date, which the article does not give"
        if not publication_exact:
            return "relative to the publication date, which is inferred, not given"
        return _shift(e, published, "day")
    anchor = _anchor_for(expressions, index, resolved)
    if anchor is None:
        return "relative to a date the text does not give nearby"
    return _shift(e, anchor.date_start, anchor.precision, anchor_mention=anchor)


def _nearest_year(e: DateExpression, published: date) -> int:
    if e.year_offset is not None:
        return published.year + e.year_offset
    if e.unit == "this":
        return published.year
    candidates = [published.year - 1, published.year, published.year + 1]
    # The first day of the period in each candidate year (29 February falls back to the 28th).
    first_days = {
        y: (_day_in_year(e, y) or _safe_date(y, e.month or 1, 28) or published)
        if e.precision == "day" else date(y, e.month or 1, 1)
        for y in candidates
    }
    this_month = published.replace(day=1)
    if e.direction < 0:
        candidates = [y for y in candidates if first_days[y] < this_month]
    elif e.direction > 0:
        candidates = [y for y in candidates if first_days[y] > _month_end(published.year,
                                                                         published.month)]
    if e.direction == 0 and not e.future_cue:
        # News reports what happened: without a word of the future, a month is this one or an
        # earlier one, and a day at most two weeks ahead ("the vote on 17 November").
        horizon = (published + timedelta(days=_FUTURE_HORIZON_DAYS)
                   if e.precision == "day" else this_month)
        past = [y for y in candidates if first_days[y] <= horizon]
        candidates = past or candidates
    return min(candidates, key=lambda y: (abs(first_days[y] - published), -y))


def _anchor_for(
    expressions: list[DateExpression], index: int, resolved: list[DateMention]
) -> DateMention | None:
    e = expressions[index]
    if e.object_follows and index + 1 < len(expressions):
        following = expressions[index + 1]
        # "two weeks after 6 November", "three years after Sheikh was released in 1999": a
        # date later in the same sentence is the anchor, counted forward.
        if following.sentence_start == e.sentence_start:
            for mention in resolved:
                if mention.start == following.start:
                    return mention
            return None
    previous = [m for m in resolved if m.end <= e.start and e.start - m.end <= _ANCHOR_REACH]
    return max(previous, key=lambda m: m.end) if previous else None


def _shift(
    e: DateExpression,
    anchor: date,
    anchor_precision: Precision,
    anchor_mention: DateMention | None = None,
) -> DateMention:
    direction = e.direction
    if anchor_mention is not None and e.object_follows:
        # "on 6 November, two weeks after X": X lies before the anchor of its own sentence. But
        # "He was released in 1999. The murder took place three years after [his release]": an
        # anchor in an earlier sentence dates X itself, and the offset runs forward from it.
        same_sentence = e.sentence_start <= anchor_mention.start < e.start
        direction = -direction if same_sentence else direction
    if e.unit == "weekday":
        return _weekday(e, anchor)
    if e.season is not None:
        return _season(e, anchor)
    if e.unit in ("week", "month", "year") and e.amount == 0:
        return _period_of(e, anchor)
    if e.unit in ("week", "month", "year") and e.kind == "publication":
        return _period_of(e, _add(anchor, e.unit, direction * e.amount))
    shifted = _add(anchor, e.unit, direction * e.amount)
    precision = _coarser(e.precision, anchor_precision)
    start, end = _period(shifted, precision)
    return DateMention(e.start, e.end, e.text, start, end, precision)


def _season(e: DateExpression, published: date) -> DateMention:
    """"last summer" is the latest one over by publication, "next spring" the first one to
    start after it, "this winter" the one of the publication year. Precision is the year's."""
    assert e.season is not None
    first, last = e.season
    year = published.year
    if e.direction < 0 and _month_end(year, last) >= published:
        year -= 1
    elif e.direction > 0 and date(year, first, 1) <= published:
        year += 1
    return DateMention(
        e.start, e.end, e.text, date(year, first, 1), _month_end(year, last), "year"
    )


def _weekday(e: DateExpression, published: date) -> DateMention:
    delta = (e.amount - published.weekday()) % 7
    if e.direction < 0:
        day = published - timedelta(days=(published.weekday() - e.amount) % 7)
    else:
        day = published + timedelta(days=delta)
    return DateMention(e.start, e.end, e.text, day, day, "day")


def _period_of(e: DateExpression, day: date) -> DateMention:
    if e.unit == "week":
        monday = day - timedelta(days=day.weekday())
        return DateMention(e.start, e.end, e.text, monday, monday + timedelta(days=6), "month")
    start, end = _period(day, e.precision)
    return DateMention(e.start, e.end, e.text, start, end, e.precision)


def _add(day: date, unit: str, amount: int) -> date:
    if unit == "hour":  # "one hour later": the same day, as far as a date can tell
        return day + timedelta(days=int(amount / 24))
    if unit == "day":
        return day + timedelta(days=amount)
    if unit == "week":
        return day + timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def _coarser(a: Precision, b: Precision) -> Precision:
    return a if _PRECISION_RANK[a] >= _PRECISION_RANK[b] else b


def _period(day: date, precision: Precision) -> tuple[date, date]:
    if precision == "day":
        return day, day
    if precision == "month":
        return day.replace(day=1), _month_end(day.year, day.month)
    return date(day.year, 1, 1), date(day.year, 12, 31)
