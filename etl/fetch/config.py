"""The sources file (`sources.toml`): which feeds and pages to follow, and how politely.

Every key is checked: an unknown key, a missing one or a value of the wrong kind is an error
that names the file, the source and what to write instead. A typo never silently turns a
setting off.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

SourceKind = Literal["feed", "page"]
FullText = Literal["auto", "never"]
_KINDS: tuple[SourceKind, ...] = ("feed", "page")
_FULL_TEXT: tuple[FullText, ...] = ("auto", "never")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


class ConfigError(Exception):
    """The sources file cannot be used; the message says where and what to do."""


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # short and unique: names the source in the report and in the fetch state
    url: str
    publisher: str | None = None  # else the feed's own title
    kind: SourceKind = "feed"
    full_text: FullText = "auto"  # "auto": fetch the article page when the feed has a summary


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout_seconds: float = 20.0
    retries: int = 3  # after the first try, on 5xx and network errors
    backoff_seconds: float = 2.0  # doubled after each retry
    host_delay_seconds: float = 1.0  # between two requests to one host
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    contact: str | None = None  # an address or URL for the User-Agent, so sites can reach you


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    sources: tuple[Source, ...]
    settings: FetchSettings = field(default_factory=FetchSettings)


# key -> (type, description of the expected value)
_SOURCE_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "name": (str, "a short name of lowercase letters, digits, - and _"),
    "url": (str, "an http:// or https:// URL"),
    "publisher": (str, "the publisher's name, as text"),
    "kind": (str, f"one of {', '.join(_KINDS)}"),
    "full_text": (str, f"one of {', '.join(_FULL_TEXT)}"),
}
_SETTING_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "timeout_seconds": ((int, float), "a number of seconds above 0"),
    "retries": (int, "a whole number, 0 or more"),
    "backoff_seconds": ((int, float), "a number of seconds, 0 or more"),
    "host_delay_seconds": ((int, float), "a number of seconds, 0 or more"),
    "max_bytes": (int, "a whole number of bytes above 0"),
    "max_redirects": (int, "a whole number, 0 or more"),
    "contact": (str, "an e-mail address or URL, as text"),
}


def load_config(path: Path) -> SourcesConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error}); fix the file there") from error
    return parse_config(data, str(path))


def parse_config(data: dict[str, Any], where: str) -> SourcesConfig:
    unknown = sorted(set(data) - {"sources", "fetch"})
    if unknown:
        raise ConfigError(f"{where}: unknown top-level key(s) {', '.join(unknown)}; "
                          "the file holds [fetch] settings and [[sources]] entries")
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{where}: no [[sources]] entries; add one per feed or page, with "
                          'name = "...", url = "https://..."')
    settings = data.get("fetch", {})
    if not isinstance(settings, dict):
        raise ConfigError(f"{where}: `fetch` must be a table: write [fetch] on a line of its own")
    sources = tuple(_source(entry, number, where) for number, entry in enumerate(entries, 1))
    names = [source.name for source in sources]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ConfigError(f"{where}: source name(s) {', '.join(repeated)} used more than once; "
                          "each source needs its own name (the fetch state is kept per name)")
    return SourcesConfig(sources, _settings(settings, where))


def _source(entry: Any, number: int, where: str) -> Source:
    label = f"{where}: source {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{label}: write each source as a [[sources]] table")
    if isinstance(entry.get("name"), str):
        label = f"{label} ({entry['name']!r})"
    values = _checked(entry, _SOURCE_KEYS, label)
    for required in ("name", "url"):
        if required not in values:
            raise ConfigError(f"{label}: `{required}` is missing; give it "
                              f"{_SOURCE_KEYS[required][1]}")
    if not _NAME.match(values["name"]):
        raise ConfigError(f"{label}: name {values['name']!r} is not {_SOURCE_KEYS['name'][1]}")
    url = urlsplit(values["url"])
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ConfigError(f"{label}: url {values['url']!r} is not {_SOURCE_KEYS['url'][1]}")
    for key, allowed in (("kind", _KINDS), ("full_text", _FULL_TEXT)):
        if key in values and values[key] not in allowed:
            raise ConfigError(f"{label}: {key} {values[key]!r} is not one of "
                              f"{', '.join(allowed)}")
    return Source(**values)


def _settings(table: dict[str, Any], where: str) -> FetchSettings:
    values = _checked(table, _SETTING_KEYS, f"{where}: [fetch]")
    for key, value in values.items():
        minimum_excluded = key in ("timeout_seconds", "max_bytes")
        if isinstance(value, int | float) and (value < 0 or (minimum_excluded and value == 0)):
            raise ConfigError(f"{where}: [fetch] {key} = {value} is not "
                              f"{_SETTING_KEYS[key][1]}")
    return FetchSettings(**values)


def _checked(
    table: dict[str, Any], keys: dict[str, tuple[type | tuple[type, ...], str]], label: str
) -> dict[str, Any]:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise ConfigError(f"{label}: unknown key(s) {', '.join(unknown)}; "
                          f"the keys are {', '.join(keys)}")
    for key, value in table.items():
        expected, description = keys[key]
        # bool is an int to Python, never a count or a number of seconds here.
        if isinstance(value, bool) or not isinstance(value, expected):
            raise ConfigError(f"{label}: {key} = {value!r} is not {description}")
    return dict(table)
