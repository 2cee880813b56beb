"""What the fetcher remembers between runs, in `DIR/fetch_state.json`: per source the URL and
the validators of its last good fetch (ETag, Last-Modified), per article page the same, and the
summary of the last run. Written atomically, after the build it belongs to: a crash between the
two leaves validators older than the build, so the next run fetches again and finds nothing new,
never the reverse (a 304 for articles the build does not hold).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from etl import store
from etl.fetch.client import Validators

STATE_FILE = "fetch_state.json"
_VERSION = 1


class StateError(Exception):
    """The state file cannot be read; the message says which and what to do."""


@dataclass(frozen=True, slots=True)
class SourceState:
    url: str  # validators hold for this URL only: a source pointed elsewhere starts afresh
    validators: Validators


@dataclass(slots=True)
class FetchState:
    sources: dict[str, SourceState] = field(default_factory=dict)  # by source name
    pages: dict[str, Validators] = field(default_factory=dict)  # by article page URL
    last_run: dict[str, Any] = field(default_factory=dict)  # the report of the last update

    def source_validators(self, name: str, url: str) -> Validators | None:
        known = self.sources.get(name)
        return known.validators if known is not None and known.url == url else None


def load_state(out: Path) -> FetchState:
    path = out / STATE_FILE
    if not path.exists():
        return FetchState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != _VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {_VERSION}")
        return FetchState(
            sources={
                name: SourceState(entry["url"], Validators(**entry["validators"]))
                for name, entry in data["sources"].items()
            },
            pages={url: Validators(**entry) for url, entry in data["pages"].items()},
            last_run=data.get("last_run", {}),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise StateError(
            f"{path}: unreadable fetch state ({type(error).__name__}: {error}); delete it and "
            "the next update fetches every source in full (nothing is duplicated)"
        ) from error


def save_state(state: FetchState, out: Path) -> None:
    data = {
        "version": _VERSION,
        "sources": {name: asdict(source) for name, source in sorted(state.sources.items())},
        "pages": {url: asdict(validators) for url, validators in sorted(state.pages.items())},
        "last_run": state.last_run,
    }
    store.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n",
                     out / STATE_FILE)
