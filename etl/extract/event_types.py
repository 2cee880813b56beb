"""The type of a rights event, from the clause around its date, by transparent rules.

An event is one date expression in a sentence, and its type is the act that date is attached
to, not every word of the sentence (data/eval/EVENTS.md). So the classifier gets the sentence and
the date's offsets in it, and:

1. splits the sentence into clauses: at punctuation, at subordinators and relative pronouns
   ("after", "when", "while", "who", "which", "that", ...), and right after a verb of speaking
   ("said", "told"), whose clause is the statement and whose content is a clause of its own (a
   date just after the verb, "said on Tuesday", stays with the verb);
2. scores the rule words of the clause holding the date, a word nearer the date weighing more;
3. only when that clause has no rule word, scores the whole sentence the same way, a word in
   another clause weighing less for every clause boundary between it and the date.

The rules are data: `data/lexicon/event_type_rules.csv` (per row a type, a weight and words or
short phrases; acts such as "arrested" weigh more than topics such as "protesters") and
`data/lexicon/event_type_pairs.csv` (a word followed later in the clause by another, such as
"court … granted"). A type's score is the sum, over its distinct words found, of the word's
weight times its nearness to the date; ties go to the type whose first row comes first in the
file. "other" when no rule fires. Words inside the date expression, and month names used as
months ("in March"), are never rule words. `explain_event_type` shows the clause and the words
behind a decision.

Matching is a dictionary lookup of the sentence's lowercased words and phrases of up to four
words, longest first: no regular expression per rule, so it costs the same however many rules
there are. A sentence is analysed once, however many dates it holds.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress

from etl.lexicon import LEXICON_DIR, lexicon_rows
from etl.schema import EVENT_TYPES

RULES_FILE = LEXICON_DIR / "event_type_rules.csv"
PAIRS_FILE = LEXICON_DIR / "event_type_pairs.csv"
ROLES = ("act", "topic", "speech")

# A number ("10,000"), a word (letters, digits, inner apostrophes and hyphens) or a punctuation
# mark that ends a clause (not brackets or quotes: "the Unit (BILF) summoned them" is one
# clause; a spaced hyphen is read as a dash).
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)+|[a-z0-9]+(?:['-][a-z0-9]+)*|[,;:–—!?]")
_PUNCTUATION = frozenset(",;:–—!?")
_MATCH_TEXT = re.Match.group
_MATCH_START = re.Match.start
_MAX_PHRASE = 4
# Subordinators and relative pronouns start a clause of their own; so do "for" (the reason
# or the charge: "indicted in 2002 for hostage-taking") and words of intent (what someone
# intends or plans is not the act of the date: "said it intends to execute").
_CLAUSE_WORDS = frozenset(
    "after before when whenever while whilst where whereas who whom whose which that because "
    "although though but unless for intends intend plans plan will would threatened vowed "
    "seeks seeking".split()
)
# Of those, the ones whose clause is never the main clause of the sentence.
_SUBORDINATORS = frozenset(
    "after before when whenever while whilst where whereas who whom whose which because "
    "although though unless".split()
)
# After a speech verb, a pronoun that is the speaker acting: "Saudi Arabia said on Saturday it
# executed 81 people" reports its own act, which is then the act of the date.
_OWN_ACT = frozenset("it they we".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
# Words before a month name that make it a date ("in March", "early May").
_MONTH_CUES = frozenset(
    "in on since until till from by of early late mid end beginning last next this between "
    "and to through during before after".split()
)
# A speech verb's date: up to this many words between the verb and the date ("said on Tuesday",
# "told reporters on Friday").
_SPEECH_DATE_GAP = 3
# In event_type_pairs.csv, a `then` word that stands for any number ("turned … 40").
_NUMBER = "#number"
# Nearness of a rule word to the date: 1 / (1 + distance in words / _NEAR + clauses crossed).
_NEAR = 6.0


@dataclass(frozen=True, slots=True)
class _Rule:
    event_type: str
    weight: float
    role: str


# A rule word found: (phrase, rule, token index of its first word, of its last word).
_Hit = tuple[str, _Rule, int, int]


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence analysed once, whatever the number of dates in it."""

    words: list[str]  # lowercased tokens; punctuation marks are tokens too
    starts: list[int]  # where each token starts in the sentence
    hits: list[_Hit]  # rule words found, in order, then pairs
    boundaries: list[int]  # token indices that start a clause (punctuation marks included)
    speech: list[int]  # token indices of speech verbs


def _read_rows(path) -> list[dict[str, str]]:
    rows = lexicon_rows(path.name)
    unknown = {row["type"] for row in rows} - set(EVENT_TYPES)
    if unknown:
        raise ValueError(f"{path}: unknown event type(s) {sorted(unknown)}; "
                         "the types are declared in etl/schema.py EVENT_TYPES")
    return rows


@cache
def _rules() -> tuple[dict[str, list[_Rule]], dict[str, int]]:
    """phrase -> rules, type -> priority (the row where the type first appears)."""
    rows = _read_rows(RULES_FILE)
    phrases: dict[str, list[_Rule]] = {}
    priority: dict[str, int] = {}
    for index, row in enumerate(rows):
        role = row["role"].strip()
        if role not in ROLES:
            raise ValueError(f"{RULES_FILE}: row {index + 1} ({row['type']}): role {role!r} "
                             f"is not one of {ROLES}")
        rule = _Rule(row["type"], float(row["weight"]), role)
        priority.setdefault(rule.event_type, index)
        for phrase in row["words"].split("|"):
            phrase = phrase.strip().lower()
            if len(phrase.split()) > _MAX_PHRASE:
                raise ValueError(f"{RULES_FILE}: {phrase!r} has more than {_MAX_PHRASE} words")
            phrases.setdefault(phrase, []).append(rule)
    return phrases, priority


@cache
def _pairs() -> tuple[tuple[frozenset[str], frozenset[str], int, _Rule], ...]:
    """(first words, later words, most words between, rule): the pair counts when a first word
    precedes a later one closely enough, no punctuation between them."""
    return tuple(
        (frozenset(row["first"].split("|")), frozenset(row["then"].split("|")),
         int(row["within"]), _Rule(row["type"], float(row["weight"]), "act"))
        for row in _read_rows(PAIRS_FILE)
    )


@cache
def _pair_firsts() -> frozenset[str]:
    return frozenset().union(*(firsts for firsts, _, _, _ in _pairs()))


@cache
def _phrase_sizes() -> dict[str, tuple[int, ...]]:
    """Word that starts a rule of several words -> the numbers of words of those rules, largest
    first: only those sizes are worth joining and looking up."""
    sizes: dict[str, set[int]] = {}
    for phrase in _rules()[0]:
        words = phrase.split()
        if len(words) > 1:
            sizes.setdefault(words[0], set()).add(len(words))
    return {word: tuple(sorted(counts, reverse=True)) for word, counts in sizes.items()}


@cache
def _single_words() -> frozenset[str]:
    return frozenset(p for p in _rules()[0] if " " not in p)


_BOUNDARY_TOKENS = _PUNCTUATION | _CLAUSE_WORDS


@cache
def _marks() -> frozenset[str]:
    """Tokens worth a look: rule words, first words of phrases and of pairs, clause openers,
    punctuation."""
    return _single_words() | _phrase_sizes().keys() | _pair_firsts() | _BOUNDARY_TOKENS


def _is_month(sentence: str, start: int, words: list[str], index: int) -> bool:
    """A month name written as a month: "March 2024", "in May", "14 March"; not "the march"."""
    if not sentence[start].isupper():
        return False
    before = words[index - 1] if index else ""
    after = words[index + 1] if index + 1 < len(words) else ""
    return before in _MONTH_CUES or before.isdigit() or after[:1].isdigit()


@lru_cache(maxsize=64)
def _analyse(sentence: str) -> _Sentence:
    phrases, _ = _rules()
    # Lengths are kept, so a character offset in the sentence is one in `lowered`.
    lowered = sentence.lower().replace("’", "'").replace(" - ", " – ")
    # map() over the matches and compress() keep the per-token loops in C: every token of
    # every dated sentence passes here. Only the marked tokens are looked at again, once each.
    tokens = list(_TOKEN.finditer(lowered))
    words = list(map(_MATCH_TEXT, tokens))
    starts = list(map(_MATCH_START, tokens))
    marked = compress(range(len(words)), map(_marks().__contains__, words))
    phrase_sizes, singles, pair_firsts = _phrase_sizes(), _single_words(), _pair_firsts()
    hits: list[_Hit] = []
    speech: list[int] = []
    boundaries: list[int] = []
    pair_starts: list[int] = []  # a pair may start on a word of a phrase
    covered = 0  # the tokens before this one belong to a phrase found
    for index in marked:
        word = words[index]
        if word in pair_firsts:
            pair_starts.append(index)
        if index < covered:
            continue  # a phrase's words are not looked at again
        size = 1
        # The longest phrase of several words starting here, else the word alone.
        for phrase_size in phrase_sizes.get(word, ()):
            if index + phrase_size <= len(words):
                phrase = " ".join(words[index : index + phrase_size])
                if phrase in phrases:
                    size = phrase_size
                    covered = index + size
                    break
        if size == 1:
            if word in _BOUNDARY_TOKENS:
                boundaries.append(index)
            if word not in singles or (
                word in _MONTHS and _is_month(sentence, starts[index], words, index)
            ):
                continue
            phrase = word
        for rule in phrases[phrase]:
            hits.append((phrase, rule, index, index + size - 1))
            if rule.role == "speech":
                speech.append(index + size - 1)
    pairs = _pair_hits(words, pair_starts)
    return _Sentence(words, starts, hits + pairs, boundaries, speech)


def _date_tokens(parsed: _Sentence, date_start: int, date_end: int) -> tuple[int, int]:
    """First and last token of the date expression (first, first - 1 if it has none)."""
    first = bisect_left(parsed.starts, date_start)
    last = bisect_left(parsed.starts, date_end) - 1
    return first, max(last, first - 1)


def _clause_starts(parsed: _Sentence, first: int, last: int) -> list[int]:
    """Token indices where a clause starts, for a date at tokens first..last."""
    starts = [b for b in parsed.boundaries if not first <= b <= last]
    words = parsed.words
    for verb in parsed.speech:
        # The speech verb's clause ends after it, or after its date ("said on Tuesday that").
        end = last + 1 if verb < first and first - verb - 1 <= _SPEECH_DATE_GAP else verb + 1
        that = end < len(words) and words[end] == "that"
        if end + that < len(words) and words[end + that] in _OWN_ACT:
            if that:
                starts.remove(end)
            continue
        starts.append(end)
    if parsed.words[first : last + 1][-1:] in (["after"], ["before"]):
        starts.append(last + 1)  # "two days after | she went missing"
    unique = set(starts)
    # ", when" opens one clause, not a clause of a comma and another.
    return sorted(s for s in unique if not (s - 1 in unique and not words[s - 1][0].isalnum()))


def _scored(
    sentence: str, date_start: int | None, date_end: int | None
) -> tuple[dict[str, float], dict[str, set[str]], str]:
    parsed = _analyse(sentence)
    if not parsed.hits:
        return {}, {}, "sentence"
    if date_start is None or date_end is None:
        # No date: every word of the sentence counts alike.
        placed = [(phrase, rule, 0, 0, 0) for phrase, rule, _, _ in parsed.hits]
        return (*_summed(placed), "sentence")
    first, last = _date_tokens(parsed, date_start, date_end)
    starts = _clause_starts(parsed, first, last)
    own = bisect_right(starts, first)
    # Each hit placed: its distance in words to the date, the clause boundaries between them,
    # and its clause (the number of clause starts at or before its first word).
    placed: list[tuple[str, _Rule, int, int, int]] = []
    for phrase, rule, a, b in parsed.hits:
        if b < first:
            clause = bisect_right(starts, a)
            placed.append((phrase, rule, first - b - 1, own - bisect_right(starts, b), clause))
        elif a > last:
            clause = bisect_right(starts, a)
            placed.append((phrase, rule, a - last - 1, clause - own, clause))
        elif a < first and b > last:
            # A pair around the date: "the court on 2 May granted bail".
            placed.append((phrase, rule, 0, 0, own))
        # else a word of the date expression itself
    scope, clauses = _scope(parsed, starts, first, last, placed)
    if clauses:
        placed = [p for p in placed if p[4] in clauses]
    return (*_summed(placed), scope)


def _summed(
    placed: list[tuple[str, _Rule, int, int, int]],
) -> tuple[dict[str, float], dict[str, set[str]]]:
    """Per type, the sum over its distinct words of weight times nearness; and the words."""
    best: dict[tuple[str, str], float] = {}
    for phrase, rule, distance, crossed, _ in placed:
        value = rule.weight / (1 + distance / _NEAR + crossed)
        key = (rule.event_type, phrase)
        if value > best.get(key, 0.0):
            best[key] = value
    scores: dict[str, float] = {}
    found: dict[str, set[str]] = {}
    for (event_type, phrase), value in best.items():
        scores[event_type] = scores.get(event_type, 0.0) + value
        found.setdefault(event_type, set()).add(phrase)
    return scores, found


def _scope(
    parsed: _Sentence,
    starts: list[int],
    first: int,
    last: int,
    placed: list[tuple[str, _Rule, int, int, int]],
) -> tuple[str, set[int]]:
    """Which clauses decide: the date's own when it holds an act; else, for a date without a
    verb ("In May 2024, ...", "X, since 12 May, ..."), the nearest main clause with an act, to the
    right when nothing before the date is an act (a fronted date), else to the left first;
    clauses opened by a subordinator ("before the elections") are not main clauses. Else the
    whole sentence (no clause set)."""
    if first >= len(parsed.words):
        return "sentence", set()  # no date given
    with_act = {p[4] for p in placed if p[1].role != "topic"}
    own = bisect_right(starts, first)
    if own in with_act:
        return "clause", {own}
    left = list(range(own - 1, -1, -1))
    right = list(range(own + 1, len(starts) + 1))
    order = right + left if not any(c < own for c in with_act) else left + right
    after = own + 1
    if parsed.words[first:last + 1][-1:] in (["after"], ["before"]):
        # "Four days after the protests began, X met Y": the clause after the date is the
        # event it counts from, not the one it dates.
        with_act.discard(after)
    elif after in with_act and _opening_word(parsed, starts, after) == "when":
        return "clause after the date", {own, after}  # "on 1 May, when police arrested ..."
    for clause in order:
        if clause in with_act and not _subordinate(parsed, starts, clause):
            return f"clause {'after' if clause > own else 'before'} the date", {own, clause}
    return "sentence", set()


def _opening_word(parsed: _Sentence, starts: list[int], clause: int) -> str:
    index = starts[clause - 1] if clause else 0
    words = parsed.words
    while index < len(words) and not words[index][0].isalnum():
        index += 1
    return words[index] if index < len(words) else ""


def _subordinate(parsed: _Sentence, starts: list[int], clause: int) -> bool:
    return _opening_word(parsed, starts, clause) in _SUBORDINATORS


def _pair_hits(words: list[str], pair_starts: list[int]) -> list[_Hit]:
    """"court … granted": a first word followed by a second within a few words, no punctuation
    between them; the pair spans both (it is in the clause of its first word). `pair_starts`:
    the index of every word that is the first word of a pair."""
    found: list[_Hit] = []
    if not pair_starts:
        return found
    for firsts, thens, within, rule in _pairs():
        numbers = _NUMBER in thens
        for i in (i for i in pair_starts if words[i] in firsts):
            for j in range(i + 1, min(i + within + 2, len(words))):
                word = words[j]
                if word in thens or (numbers and word.isdigit()):
                    found.append((f"{words[i]} … {word}", rule, i, j))
                    break
                if not word[0].isalnum():
                    break
    return found


def _rank(event_type: str, score: float) -> tuple[float, int]:
    return -score, _rules()[1][event_type]


def explain_event_type(
    sentence: str, date_start: int | None = None, date_end: int | None = None
) -> list[tuple[str, float, list[str]]]:
    """(type, score, words found) for every type with a hit, best first; the first entry's
    words are the ones that decided. The scope (the date's clause, or the whole sentence when the
    clause has no rule word) is in `explain_scope`."""
    scores, words, _ = _scored(sentence, date_start, date_end)
    ranked = sorted(scores, key=lambda t: _rank(t, scores[t]))
    return [(t, round(scores[t], 2), sorted(words[t])) for t in ranked]


def explain_scope(sentence: str, date_start: int | None = None,
                  date_end: int | None = None) -> str:
    """"clause" when the date's own clause decided, "sentence" when it fell back to the sentence."""
    return _scored(sentence, date_start, date_end)[2]


def decide_event_type(
    sentence: str, date_start: int | None = None, date_end: int | None = None
) -> tuple[str, tuple[str, ...]]:
    """The type of the event dated by sentence[date_start:date_end] and the words that decided
    it (none for "other"); without offsets, those of the whole sentence."""
    scores, words, _ = _scored(sentence, date_start, date_end)
    if not scores:
        return "other", ()
    best = next(iter(scores)) if len(scores) == 1 else min(
        scores, key=lambda t: _rank(t, scores[t])
    )
    return best, tuple(sorted(words[best]))


def classify_event(
    sentence: str, date_start: int | None = None, date_end: int | None = None
) -> str:
    return decide_event_type(sentence, date_start, date_end)[0]
