"""The run report: what was read, what was made, and everything left out with its reason."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from etl.accuracy import saved_figures
from etl.countrycodes import country_name
from etl.geo import drawable_codes
from etl.pipeline import RunResult
from etl.schema import SKIPPED_LISTED


def build_report(result: RunResult, built_at: datetime) -> dict[str, Any]:
    undrawable = sorted(result.countries - drawable_codes())
    return {
        "built_at": built_at.isoformat(timespec="seconds"),
        "totals": {
            "sources": len(result.sources),
            "sources_failed": sum(1 for source in result.sources if source.error),
            "articles": result.articles,
            "events": result.events,
            "records_skipped": sum(source.records_skipped for source in result.sources),
            "values_skipped": sum(source.values_skipped for source in result.sources),
            "dates_unresolved": sum(result.unresolved.values()),
        },
        "sources": [asdict(source) for source in result.sources],
        "dates_unresolved": [
            {"reason": reason, "count": count, "examples": result.unresolved_examples[reason]}
            for reason, count in result.unresolved.most_common()
        ],
        "countries_without_map_shape": [
            {"iso3": code, "name": country_name(code)} for code in undrawable
        ],
        # The accuracy of the extraction that made this build, as last measured.
        "accuracy": saved_figures(),
    }


def format_report(report: dict[str, Any]) -> str:
    totals = report["totals"]
    lines = [
        f"{totals['articles']} articles, {totals['events']} events "
        f"from {totals['sources']} source file(s)",
    ]
    for source in report["sources"]:
        if source["error"]:
            lines.append(f"  FAILED  {source['error']}")
            continue
        lines.append(
            f"  {source['path']} ({source['format']}): {source['articles']} articles, "
            f"{source['events']} events, {source['records_skipped']} records skipped"
        )
        lines.extend(
            f"    {'note' if s['kept'] else 'skipped'} {s['origin']}: {s['reason']}"
            for s in source["skipped"]
        )
        unlisted = source["records_skipped"] + source["values_skipped"] - len(source["skipped"])
        if unlisted:
            lines.append(f"    ... and {unlisted} more (only the first {SKIPPED_LISTED} of a "
                         "file are listed)")
    if report["dates_unresolved"]:
        lines.append(f"{totals['dates_unresolved']} date expression(s) left out:")
        lines.extend(
            f"  {item['count']:>5}  {item['reason']} (e.g. {item['examples'][0]})"
            for item in report["dates_unresolved"]
        )
    if report["countries_without_map_shape"]:
        names = ", ".join(
            f"{item['name']} ({item['iso3']})" for item in report["countries_without_map_shape"]
        )
        lines.append(f"Not drawable on the map (no shape in data/geo): {names}")
    return "\n".join(lines)
