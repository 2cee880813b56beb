"""`python -m etl accuracy`: build every corpus shipped in data/eval/ in memory and print how the
extraction scores against its annotation, as one table (the README's accuracy figures)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from etl import pipeline, store
from etl.evaluate import (
    FOCAL_CORPUS,
    FocalScores,
    Scores,
    gold_sets,
    score_build,
    score_focal,
)
from etl.schema import Article, Event


def build_frames(
    corpus: Path, published: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    fallback = date.fromisoformat(published) if published else None
    articles: list[Article] = []
    events: list[Event] = []

    def keep(batch_articles: list[Article], batch_events: list[Event]) -> None:
        articles.extend(batch_articles)
        events.extend(batch_events)

    result = pipeline.run([corpus], fallback, sink=keep)
    failed = [source for source in result.sources if source.error]
    if failed:
        raise RuntimeError(f"{failed[0].path}: {failed[0].error}")
    return (store.to_frame(store.articles_table(articles)),
            store.to_frame(store.events_table(events)))


def measure() -> tuple[dict[str, Scores], FocalScores]:
    scores = {}
    for gold_set in gold_sets():
        articles, events = build_frames(gold_set.corpus, gold_set.published)
        scores[gold_set.name] = score_build(gold_set.gold, articles, events, str(gold_set.corpus))
    focal = score_focal(FOCAL_CORPUS, *build_frames(FOCAL_CORPUS, None))
    return scores, focal


def format_table(scores: dict[str, Scores], focal: FocalScores) -> str:
    names = list(scores)
    lines = [
        "| figure | " + " | ".join(names) + " |",
        "| --- | " + " | ".join("---" for _ in names) + " |",
    ]
    figures = {name: s.figures() for name, s in scores.items()}
    for figure in figures[names[0]]:
        values = " | ".join(f"{figures[name][figure]:.3f}" for name in names)
        lines.append(f"| {figure} | {values} |")
    lines.append("")
    lines.append(f"focal events on {FOCAL_CORPUS.name} ({focal.articles} articles):")
    lines += [f"  {name:<24} {value:.3f}" for name, value in focal.figures().items()]
    return "\n".join(lines)
