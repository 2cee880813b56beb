"""`python -m etl accuracy`: build every corpus shipped in data/eval/ in memory and print how the
extraction scores against its annotation, as one table (the README's accuracy figures).

`--save` keeps the figures in data/eval/accuracy.json, which every build copies into its run
report, so that the dashboard shows the figures of the code that made its data; a test holds the
saved figures to what the code measures now.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl import pipeline, store
from etl.evaluate import (
    EVAL_DIR,
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


ACCURACY_FILE = EVAL_DIR / "accuracy.json"
ACCURACY_COMMAND = "python -m etl accuracy"


def flat_figures(scores: dict[str, Scores], focal: FocalScores) -> dict[str, float]:
    """Every figure under one name: "news24 event recall", "hrdsattack focal date accuracy"."""
    figures = {
        f"{name} {figure.replace('_', ' ')}": round(value, 3)
        for name, score in scores.items()
        for figure, value in score.figures().items()
    }
    figures |= {
        f"hrdsattack {figure.replace('_', ' ')}": round(value, 3)
        for figure, value in focal.figures().items()
    }
    return figures


def save_figures(figures: dict[str, float]) -> None:
    saved = {"command": ACCURACY_COMMAND, "figures": figures}
    ACCURACY_FILE.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")


def saved_figures() -> dict[str, Any]:
    """What `--save` last kept; empty when there is none."""
    return store.read_json_object(ACCURACY_FILE)


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
