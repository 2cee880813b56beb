"""Score a build against a gold annotation (the format of data/eval/SOURCE.md).

A gold event is found when an event of the same article has a sentence containing the gold
quote and a date expression that contains, or is contained in, the gold one; each predicted
event serves at most one gold event. A predicted event that matches an `ignore` line (a vague
date the guide neither rewards nor penalises) is left out of precision. Precision counts the
predicted events of the gold articles only. Date accuracy (date and precision both right),
event-country accuracy (the exact set, over gold events with a country) and type accuracy are
taken over the found events.

`score_focal` measures the `focal` flag on a corpus whose records carry their focal event
(HRDsAttack): the article's first focal event must have the annotated country and the annotated
date at the annotation's precision. The annotators file Hong Kong and Macau under China: our
HKG and MAC count as China there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl.extract.countries import find_countries
from etl.extract.text import fold_whitespace
from etl.store import current_build, read_articles, read_events

EVAL_DIR = Path(__file__).resolve().parent.parent / "data" / "eval"


@dataclass(frozen=True, slots=True)
class GoldSet:
    """A corpus and its annotation, as shipped in data/eval/."""

    name: str
    corpus: Path
    gold: Path
    published: str | None = None  # for corpora whose input carries no dates


def gold_sets() -> list[GoldSet]:
    from etl.demo import DEMO_CORPUS, DEMO_PUBLISHED

    return [
        GoldSet("seed", DEMO_CORPUS, EVAL_DIR / "seed_gold.jsonl", DEMO_PUBLISHED),
        GoldSet("news24", EVAL_DIR / "news24.jsonl", EVAL_DIR / "news24_gold.jsonl"),
    ]


FOCAL_CORPUS = EVAL_DIR / "hrdsattack_train.jsonl"


class GoldError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class GoldArticle:
    index: int
    title: str
    countries: frozenset[str]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    article: int
    quote: str
    date_text: str
    date: str
    precision: str
    countries: frozenset[str]
    event_type: str | None


@dataclass(frozen=True, slots=True)
class GoldIgnore:
    article: int
    quote: str
    date_text: str


@dataclass(slots=True)
class Scores:
    gold_events: int = 0
    predicted_events: int = 0
    ignored_events: int = 0  # predicted events matching an `ignore` line
    found: int = 0
    dates_right: int = 0
    with_countries: int = 0  # found events whose gold names a country
    countries_right: int = 0
    typed: int = 0  # found events whose gold has a type
    types_right: int = 0
    article_tp: int = 0
    article_fp: int = 0
    article_fn: int = 0
    problems: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        precision_a = _ratio(self.article_tp, self.article_tp + self.article_fp)
        recall_a = _ratio(self.article_tp, self.article_tp + self.article_fn)
        return {
            "event_recall": _ratio(self.found, self.gold_events),
            "event_precision": _ratio(self.found, self.predicted_events - self.ignored_events),
            "date_accuracy": _ratio(self.dates_right, self.found),
            "event_country_accuracy": _ratio(self.countries_right, self.with_countries),
            "event_type_accuracy": _ratio(self.types_right, self.typed),
            "article_country_f1": _ratio(2 * precision_a * recall_a, precision_a + recall_a),
        }


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


Gold = tuple[list[GoldArticle], list[GoldEvent], list[GoldIgnore]]


def read_gold(path: Path) -> Gold:
    articles: list[GoldArticle] = []
    events: list[GoldEvent] = []
    ignores: list[GoldIgnore] = []
    for number, row in _json_lines(path):
        try:
            if row["kind"] == "article":
                articles.append(
                    GoldArticle(row["article"], row["title"], frozenset(row["countries"]))
                )
            elif row["kind"] == "event":
                events.append(
                    GoldEvent(
                        row["article"], row["quote"], row["date_text"], row["date"],
                        row["precision"], frozenset(row["countries"]), row.get("event_type"),
                    )
                )
            elif row["kind"] == "ignore":
                ignores.append(GoldIgnore(row["article"], row["quote"], row["date_text"]))
        except (KeyError, TypeError) as error:
            raise GoldError(
                f"{path}:{number}: not a gold record ({error!r} missing or wrong); "
                "see data/eval/SOURCE.md"
            ) from error
    return articles, events, ignores


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldError(f"{path}:{number}: not JSON ({error.msg})") from error


def evaluate(gold_path: Path, data_dir: Path) -> Scores:
    build = current_build(data_dir)  # once: both tables from the same build
    return score_build(gold_path, read_articles(build), read_events(build), str(data_dir))


def score_build(
    gold_path: Path, articles: pd.DataFrame, events: pd.DataFrame, where: str = "the build"
) -> Scores:
    gold_articles, gold_events, gold_ignores = read_gold(gold_path)
    by_title = dict(zip(articles.title.map(fold_whitespace), articles.article_id, strict=True))
    scores = Scores()
    for gold in gold_articles:
        article_id = by_title.get(fold_whitespace(gold.title))
        if article_id is None:
            raise GoldError(
                f"{gold_path}: article {gold.index} ({gold.title!r}) is not in {where}; "
                "build the gold's corpus into that folder first"
            )
        row = articles.loc[articles.article_id == article_id].iloc[0]
        _score_article(scores, gold, list(row.countries))
        _score_events(
            scores,
            [e for e in gold_events if e.article == gold.index],
            [e for e in gold_ignores if e.article == gold.index],
            events.loc[events.article_id == article_id],
        )
    return scores


def _score_article(scores: Scores, gold: GoldArticle, predicted: list[str]) -> None:
    found = set(predicted)
    scores.article_tp += len(found & gold.countries)
    scores.article_fp += len(found - gold.countries)
    scores.article_fn += len(gold.countries - found)
    if found != gold.countries:
        scores.problems.append(
            f"article {gold.index} countries: extra {sorted(found - gold.countries)}, "
            f"missing {sorted(gold.countries - found)} (predicted {predicted})"
        )


def _matches(quote: str, date_text: str, sentence: str, row: dict[str, Any]) -> bool:
    return (quote in sentence or sentence in quote) and (
        date_text in row["date_text"] or row["date_text"] in date_text
    )


def _score_events(
    scores: Scores,
    gold_events: list[GoldEvent],
    gold_ignores: list[GoldIgnore],
    predicted: pd.DataFrame,
) -> None:
    rows: list[dict[str, Any]] = predicted.to_dict("records")
    sentences = [fold_whitespace(row["sentence"]) for row in rows]
    used: set[int] = set()
    scores.gold_events += len(gold_events)
    scores.predicted_events += len(rows)
    for gold in gold_events:
        quote = fold_whitespace(gold.quote)
        candidates = [
            i for i, row in enumerate(rows)
            if i not in used and _matches(quote, gold.date_text, sentences[i], row)
        ]
        if not candidates:
            scores.problems.append(f"missed: {gold.date_text!r} in {quote!r}")
            continue
        best = min(candidates, key=lambda i: rows[i]["date_text"] != gold.date_text)
        used.add(best)
        scores.found += 1
        _score_fields(scores, gold, quote, rows[best])
    for i, row in enumerate(rows):
        if i in used:
            continue
        if any(
            _matches(fold_whitespace(ignore.quote), ignore.date_text, sentences[i], row)
            for ignore in gold_ignores
        ):
            scores.ignored_events += 1
        else:
            scores.problems.append(f"extra: {row['date_text']!r} in {row['sentence'][:120]!r}")


def _score_fields(scores: Scores, gold: GoldEvent, quote: str, row: dict[str, Any]) -> None:
    where = f"{gold.date_text!r} in {quote[:100]!r}"
    if _as_gold_date(row["date_start"], row["date_precision"]) == (gold.date, gold.precision):
        scores.dates_right += 1
    else:
        scores.problems.append(
            f"wrong date: {where}: "
            f"{_as_gold_date(row['date_start'], row['date_precision'])} "
            f"for {(gold.date, gold.precision)}"
        )
    if gold.countries:
        scores.with_countries += 1
        if set(row["countries"]) == gold.countries:
            scores.countries_right += 1
        else:
            scores.problems.append(
                f"wrong countries: {where}: {sorted(row['countries'])} "
                f"for {sorted(gold.countries)}"
            )
    if gold.event_type is not None:
        scores.typed += 1
        if row["event_type"] == gold.event_type:
            scores.types_right += 1
        else:
            scores.problems.append(
                f"wrong type: {where}: {row['event_type']} for {gold.event_type}"
            )


def _as_gold_date(start: date, precision: str) -> tuple[str, str]:
    shown = {"day": 10, "month": 7, "year": 4}[precision]
    return start.isoformat()[:shown], precision


def format_scores(scores: Scores, *, verbose: bool = False) -> str:
    lines = [f"{name:<24} {value:.3f}" for name, value in scores.figures().items()]
    lines.insert(
        0,
        f"{scores.gold_events} gold events, {scores.predicted_events} predicted "
        f"({scores.ignored_events} on vague dates the gold ignores), {scores.found} found",
    )
    if verbose and scores.problems:
        lines.append("")
        lines.extend(sorted(scores.problems, key=_problem_kind))
    return "\n".join(lines)


def _problem_kind(problem: str) -> str:
    return problem.split(":", 1)[0]


# Focal events --------------------------------------------------------------------------------


@dataclass(slots=True)
class FocalScores:
    articles: int = 0
    with_focal: int = 0
    with_country: int = 0  # articles whose annotated country names one we know
    countries_right: int = 0
    dated: int = 0  # articles whose annotation gives at least a year
    dates_right: int = 0
    problems: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        return {
            "focal_found": _ratio(self.with_focal, self.articles),
            "focal_country_accuracy": _ratio(self.countries_right, self.with_country),
            "focal_date_accuracy": _ratio(self.dates_right, self.dated),
        }


def score_focal(corpus: Path, articles: pd.DataFrame, events: pd.DataFrame) -> FocalScores:
    """The build of `corpus` against each record's `focal_event`."""
    focal = events.loc[events.focal].drop_duplicates("article_id").set_index("article_id")
    by_title = dict(zip(articles.title.map(fold_whitespace), articles.article_id, strict=True))
    scores = FocalScores()
    for number, record in _json_lines(corpus):
        annotation = record.get("focal_event") or {}
        article_id = by_title.get(fold_whitespace(record.get("title", "")))
        if article_id is None:
            continue  # not read (the build's report says why)
        scores.articles += 1
        event = focal.loc[article_id] if article_id in focal.index else None
        if event is None:
            scores.problems.append(f"{corpus.name}:{number}: no focal event")
            continue
        scores.with_focal += 1
        # The annotation names countries in free text ("Russia", "Myanmar and Iran", "None"):
        # read with the project's own lexicon; an article whose annotation names none we know
        # is not scored on country.
        expected = {m.iso3 for m in find_countries(str(annotation.get("country", "")))}
        if expected:
            scores.with_country += 1
            if expected & _as_annotated(event["countries"]):
                scores.countries_right += 1
            else:
                scores.problems.append(
                    f"{corpus.name}:{number}: focal country {list(event['countries'])} "
                    f"for {annotation.get('country')!r} in {event['sentence'][:100]!r}"
                )
        expected_date = _annotated_date(annotation)
        if expected_date is None:
            continue
        scores.dated += 1
        if event["date_start"].isoformat()[: len(expected_date)] == expected_date and (
            event["date_end"].isoformat()[: len(expected_date)] == expected_date
        ):
            scores.dates_right += 1
        else:
            scores.problems.append(
                f"{corpus.name}:{number}: focal date {event['date_text']!r} "
                f"({event['date_start']}..{event['date_end']}) for {expected_date}"
            )
    return scores


# HRDsAttack files events in Hong Kong and Macau under China; the atlas maps them apart.
_ANNOTATED_UNDER = {"HKG": "CHN", "MAC": "CHN"}


def _as_annotated(countries: Iterable[str]) -> set[str]:
    """Our countries as HRDsAttack's annotators name them."""
    return {_ANNOTATED_UNDER.get(code, code) for code in countries} | set(countries)


def _annotated_date(annotation: dict[str, Any]) -> str | None:
    """The annotated date as a prefix of an ISO date: '2019', '2019-09' or '2019-09-14'."""
    year, month, day = (annotation.get(key) for key in ("year", "month", "day"))
    if not isinstance(year, int):
        return None
    if not isinstance(month, int):
        return f"{year:04d}"
    if not isinstance(day, int):
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def format_focal(scores: FocalScores, *, verbose: bool = False) -> str:
    lines = [f"{scores.articles} articles, {scores.with_focal} with a focal event"]
    lines += [f"{name:<24} {value:.3f}" for name, value in scores.figures().items()]
    if verbose and scores.problems:
        lines += ["", *scores.problems]
    return "\n".join(lines)
