"""Score a build against a gold annotation (the format of shared/gold/README.md).

A gold event is found when an event of the same article has a sentence containing the gold
quote and a date expression that contains, or is contained in, the gold one; each predicted
event serves at most one gold event. Precision counts the predicted events of the gold articles
only. Date accuracy (date and precision both right) and event-country accuracy (the exact set)
are taken over the found events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from etl.extract.text import fold_whitespace
from etl.store import current_build, read_articles, read_events


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


@dataclass(slots=True)
class Scores:
    gold_events: int = 0
    predicted_events: int = 0
    found: int = 0
    dates_right: int = 0
    countries_right: int = 0
    article_tp: int = 0
    article_fp: int = 0
    article_fn: int = 0
    problems: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        precision_a = _ratio(self.article_tp, self.article_tp + self.article_fp)
        recall_a = _ratio(self.article_tp, self.article_tp + self.article_fn)
        return {
            "event_recall": _ratio(self.found, self.gold_events),
            "event_precision": _ratio(self.found, self.predicted_events),
            "date_accuracy": _ratio(self.dates_right, self.found),
            "event_country_accuracy": _ratio(self.countries_right, self.found),
            "article_country_f1": _ratio(2 * precision_a * recall_a, precision_a + recall_a),
        }


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def read_gold(path: Path) -> tuple[list[GoldArticle], list[GoldEvent]]:
    articles: list[GoldArticle] = []
    events: list[GoldEvent] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if row["kind"] == "article":
                    articles.append(
                        GoldArticle(row["article"], row["title"], frozenset(row["countries"]))
                    )
                elif row["kind"] == "event":
                    events.append(
                        GoldEvent(
                            row["article"], row["quote"], row["date_text"], row["date"],
                            row["precision"], frozenset(row["countries"]),
                        )
                    )
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise GoldError(
                    f"{path}:{number}: not a gold record ({error}); see shared/gold/README.md"
                ) from error
    return articles, events


def evaluate(gold_path: Path, data_dir: Path) -> Scores:
    gold_articles, gold_events = read_gold(gold_path)
    build = current_build(data_dir)  # once: both tables from the same build
    articles = read_articles(build)
    events = read_events(build)
    by_title = dict(zip(articles.title.map(fold_whitespace), articles.article_id, strict=True))
    scores = Scores()
    for gold in gold_articles:
        article_id = by_title.get(fold_whitespace(gold.title))
        if article_id is None:
            raise GoldError(
                f"{gold_path}: article {gold.index} ({gold.title!r}) is not in {data_dir}; "
                "build the gold's corpus into that folder first"
            )
        row = articles.loc[articles.article_id == article_id].iloc[0]
        _score_article(scores, gold, set(row.countries))
        _score_events(
            scores,
            [e for e in gold_events if e.article == gold.index],
            events.loc[events.article_id == article_id],
        )
    return scores


def _score_article(scores: Scores, gold: GoldArticle, predicted: set[str]) -> None:
    scores.article_tp += len(predicted & gold.countries)
    scores.article_fp += len(predicted - gold.countries)
    scores.article_fn += len(gold.countries - predicted)
    if predicted != gold.countries:
        scores.problems.append(
            f"article {gold.index} countries: extra {sorted(predicted - gold.countries)}, "
            f"missing {sorted(gold.countries - predicted)}"
        )


def _score_events(scores: Scores, gold_events: list[GoldEvent], predicted: pd.DataFrame) -> None:
    rows: list[dict[str, Any]] = predicted.to_dict("records")
    sentences = [fold_whitespace(row["sentence"]) for row in rows]
    used: set[int] = set()
    scores.gold_events += len(gold_events)
    scores.predicted_events += len(rows)
    for gold in gold_events:
        quote = fold_whitespace(gold.quote)
        candidates = [
            i for i, row in enumerate(rows)
            if i not in used
            and (quote in sentences[i] or sentences[i] in quote)
            and (gold.date_text in row["date_text"] or row["date_text"] in gold.date_text)
        ]
        if not candidates:
            scores.problems.append(f"missed: {gold.date_text!r} in {quote!r}")
            continue
        best = min(candidates, key=lambda i: rows[i]["date_text"] != gold.date_text)
        used.add(best)
        scores.found += 1
        row = rows[best]
        if _as_gold_date(row) == (gold.date, gold.precision):
            scores.dates_right += 1
        else:
            scores.problems.append(
                f"wrong date: {quote!r}: {_as_gold_date(row)} for {(gold.date, gold.precision)}"
            )
        if set(row["countries"]) == gold.countries:
            scores.countries_right += 1
        else:
            scores.problems.append(
                f"wrong countries: {quote!r}: {sorted(row['countries'])} "
                f"for {sorted(gold.countries)}"
            )
    for i, row in enumerate(rows):
        if i not in used:
            scores.problems.append(f"extra: {row['date_text']!r} in {row['sentence'][:90]!r}")


def _as_gold_date(row: dict[str, Any]) -> tuple[str, str]:
    start = row["date_start"]
    shown = {"day": 10, "month": 7, "year": 4}[row["date_precision"]]
    return start.isoformat()[:shown], row["date_precision"]


def format_scores(scores: Scores, *, verbose: bool = False) -> str:
    lines = [f"{name:<24} {value:.3f}" for name, value in scores.figures().items()]
    lines.insert(
        0,
        f"{scores.gold_events} gold events, {scores.predicted_events} predicted, "
        f"{scores.found} found",
    )
    if verbose and scores.problems:
        lines.append("")
        lines.extend(scores.problems)
    return "\n".join(lines)
