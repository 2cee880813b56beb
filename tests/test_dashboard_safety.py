"""Issue 8, "a dashboard safe to expose": what the server is told (localhost only, no error
details, no table export), one build in memory, an over-long address, notices without links."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from streamlit.runtime.caching import cache_resource_api

from tests.test_dashboard import run_app

ROOT = Path(__file__).resolve().parent.parent


def test_server_settings_keep_it_private_and_quiet() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "localhost"
    assert config["client"]["showErrorDetails"] == "none"
    # The tables' own CSV export would skip the formula protection of our downloads.
    assert config["client"]["disableDataExport"] is True
    assert "--server.address $(ADDRESS)" in (ROOT / "Makefile").read_text()


def test_only_the_current_build_stays_in_memory(data_dir: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cache_resource_api._resource_caches.clear_all()
    rebuilt = tmp_path / "rebuilt"
    for directory in (data_dir, rebuilt):
        if directory == rebuilt:
            shutil.copytree(data_dir, rebuilt)
        run_app(directory, monkeypatch)
    caches = cache_resource_api._resource_caches._function_caches  # no public way to count
    [datasets] = [cache for by_key in caches.values() for cache in by_key.values()
                  if cache.display_name.endswith("_dataset")]
    assert len(datasets._mem_cache) == 1


def test_an_over_long_address_gets_a_page_that_says_so(data_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch, q="a" * 5000)
    assert [t.value for t in app.title] == ["This address is too long"]
    assert "5,002 characters" in app.info[0].value
    [button] = app.button
    button.click().run()
    assert [t.value for t in app.title] == ["Rights Atlas"]


def test_a_url_in_a_notice_is_no_link(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = run_app(data_dir, monkeypatch, types="https://evil.example/login")
    [notice] = app.warning
    # Inside a code span, which Markdown (GFM autolinks included) never turns into a link.
    assert notice.value.endswith("` https://evil.example/login `")
