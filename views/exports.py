"""Files prepared for download, kept on disk and sent from there.

A session writes a file with `prepare`, which names it by an unguessable token; the server's
route `/export/{token}` (views/server.py) sends it from disk in chunks, so a download of any
size costs the server no more memory than a chunk. A file is removed once it has been sent,
or EXPORT_LIFETIME after it was written, whichever comes first.
"""

from __future__ import annotations

import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from views.scratch import process_folder

EXPORT_ROUTE = "/export"
EXPORT_LIFETIME = 15 * 60  # s: time enough to click the link, not to fill the disk
# secrets.token_urlsafe(TOKEN_BYTES) gives 43 characters of this alphabet.
TOKEN_BYTES = 32
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True, slots=True)
class PreparedFile:
    path: Path
    file_name: str  # the name the visitor's browser saves it under
    media_type: str
    written_at: float


_prepared: dict[str, PreparedFile] = {}
_lock = threading.Lock()  # sessions prepare in their own threads; the route reads in another


def prepare(write: Callable[[Path], None], file_name: str, media_type: str) -> str:
    """Write a file with `write(path)` and return its token."""
    remove_expired()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    folder = process_folder("exports") / token
    folder.mkdir()
    path = folder / ("export" + Path(file_name).suffix)
    try:
        write(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    with _lock:
        _prepared[token] = PreparedFile(path, file_name, media_type, time.monotonic())
    return token


def download_address(token: str) -> str:
    return f"{EXPORT_ROUTE}/{token}"


def prepared_file(token: str) -> PreparedFile | None:
    """The file named by `token`, or None when it is unknown, sent or expired."""
    remove_expired()
    if not _TOKEN.fullmatch(token):
        return None
    with _lock:
        return _prepared.get(token)


def remove(token: str) -> None:
    with _lock:
        prepared = _prepared.pop(token, None)
    if prepared:
        shutil.rmtree(prepared.path.parent, ignore_errors=True)


def remove_expired() -> None:
    oldest = time.monotonic() - EXPORT_LIFETIME
    with _lock:
        expired = [token for token, item in _prepared.items() if item.written_at < oldest]
    for token in expired:
        remove(token)

