"""The bundled demo corpus and how to build it: shared by the Makefile, the dashboard (which
builds it when it is missing) and the tests."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_CORPUS = ROOT / "data" / "demo" / "amnesty_news_2025-11.txt"
DEMO_OUT = ROOT / "data" / "build"
# The feed dump carries no dates; its posts are from mid-November 2025 (data/demo/SOURCE.md).
DEMO_PUBLISHED = "2025-11-15"


def demo_build_command(out: Path = DEMO_OUT) -> list[str]:
    """The command line that builds the demo data, run in a subprocess so that the dashboard
    itself never extracts anything."""
    return [sys.executable, "-m", "etl", "demo", "--out", str(out)]
