"""Prepared downloads: named by an unguessable token, sent by the export route, removed once
sent or when they expire."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from views import exports
from views.scratch import process_folder
from views.server import ROUTES


def _get(address: str) -> httpx.Response:
    """The export route's answer, the file's removal after it included."""
    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=Starlette(routes=ROUTES))
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            return await client.get(address)

    return asyncio.run(get())


def _write_rows(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbfevent_id\r\ne1\r\n")


def test_a_prepared_file_is_sent_once_under_its_name() -> None:
    token = exports.prepare(_write_rows, "rights-atlas_events_TUN_abc.csv", "text/csv")
    path = exports.prepared_file(token).path
    answer = _get(exports.download_address(token))
    assert answer.status_code == 200
    assert answer.content == b"\xef\xbb\xbfevent_id\r\ne1\r\n"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="rights-atlas_events_TUN_abc.csv"')
    assert not path.exists() and exports.prepared_file(token) is None
    again = _get(exports.download_address(token))
    assert again.status_code == 404 and "Prepare it again" in again.text
    assert _get(f"{exports.EXPORT_ROUTE}/unknown").status_code == 404


def test_an_unsent_file_is_removed_when_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = exports.prepare(_write_rows, "events.csv", "text/csv")
    path = exports.prepared_file(token).path
    assert path.exists() and len(token) == 43
    monkeypatch.setattr(exports, "EXPORT_LIFETIME", -1)
    assert exports.prepared_file(token) is None
    assert not path.parent.exists()


def test_a_failed_write_leaves_nothing() -> None:
    def fail(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError("disk full")

    before = set(process_folder("exports").iterdir())
    with pytest.raises(OSError):
        exports.prepare(fail, "events.csv", "text/csv")
    assert set(process_folder("exports").iterdir()) == before


def test_the_page_offers_a_link_once_prepared_and_the_button_again_once_sent(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_dashboard import run_app

    what = "3 events, 4 rows: one per event and country (CSV)"
    app = run_app(data_dir, monkeypatch, countries="TUN")
    next(b for b in app.button if b.label == f"Prepare {what}").click().run()
    [link] = [b for b in app.get("link_button") if b.proto.label == f"Download {what}"]
    token = link.proto.url.rsplit("/", 1)[1]
    assert link.proto.url == exports.download_address(token)
    assert exports.prepared_file(token).path.read_bytes().startswith(b"\xef\xbb\xbfevent_id")
    exports.remove(token)  # as once it has been sent
    app.run()
    assert f"Prepare {what}" in [b.label for b in app.button]
    assert not [b for b in app.get("link_button") if b.proto.label == f"Download {what}"]
