"""Prepared downloads: named by an unguessable token, sent by the export route, removed once
sent or when they expire."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from views import exports
from views.server import ROUTES


def _write_rows(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbfevent_id\r\ne1\r\n")


def test_a_prepared_file_is_sent_once_under_its_name() -> None:
    token = exports.prepare(_write_rows, "rights-atlas_events_TUN_abc.csv", "text/csv")
    path = exports.prepared_file(token).path
    with TestClient(Starlette(routes=ROUTES)) as client:
        answer = client.get(exports.download_address(token))
        assert answer.status_code == 200
        assert answer.content == b"\xef\xbb\xbfevent_id\r\ne1\r\n"
        assert answer.headers["content-disposition"] == (
            'attachment; filename="rights-atlas_events_TUN_abc.csv"')
        assert not path.exists() and exports.prepared_file(token) is None
        again = client.get(exports.download_address(token))
        assert again.status_code == 404 and "Prepare it again" in again.text
        assert client.get(f"{exports.EXPORT_ROUTE}/unknown").status_code == 404


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

    before = set(exports._exports_folder().iterdir())
    with pytest.raises(OSError):
        exports.prepare(fail, "events.csv", "text/csv")
    assert set(exports._exports_folder().iterdir()) == before
