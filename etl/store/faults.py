"""Fault injection for the kill -9 tests: a build stops at a named point until killed."""

from __future__ import annotations

import os
import sys
import time

PAUSE_AT_ENV = "RIGHTS_ATLAS_PAUSE_AT"


def pause_point(name: str) -> None:
    if os.environ.get(PAUSE_AT_ENV) == name:
        print(f"paused at {name}", file=sys.stderr, flush=True)
        time.sleep(3600)
