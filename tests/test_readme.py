"""The README's claims about the demo hold: its example addresses show the counts it states."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from etl.demo import demo_build_command
from views.query import Selection, filters_from_params, load_dataset, summary

README = Path(__file__).resolve().parent.parent / "README.md"
# "`?from=...` shows 3 events", "`?include=background,scheduled` all 43"
CLAIM = re.compile(r"`\?([^`]+)`\s+(?:shows|all)\s+(\d+)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    subprocess.run(demo_build_command(out), check=True, capture_output=True)
    return out


def test_example_addresses_show_the_counts_the_readme_states(demo: Path) -> None:
    dataset = load_dataset(demo)
    claims = CLAIM.findall(" ".join(README.read_text(encoding="utf-8").split()))
    assert len(claims) >= 2
    for query, count in claims:
        params = dict(part.split("=", 1) for part in query.split("&"))
        filters, notices = filters_from_params(params, dataset)
        assert notices == [], query
        assert summary(dataset, Selection(filters))["events"] == int(count), query


def test_default_counts_the_readme_states(demo: Path) -> None:
    dataset = load_dataset(demo)
    text = " ".join(README.read_text(encoding="utf-8").split())
    news, history, everything = map(int, re.search(
        r"(\d+) events reported as news, (\d+) with history, (\d+) with scheduled", text).groups())
    for include, count in (("", news), ("background", history),
                           ("background,scheduled", everything)):
        filters, _ = filters_from_params({"include": include}, dataset)
        assert summary(dataset, Selection(filters))["events"] == count
