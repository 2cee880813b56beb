"""Temporary folders of the dashboard's process, removed when it exits."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path


@functools.cache
def process_folder(purpose: str) -> Path:
    """The process's one folder for `purpose` ("spill", "exports"): made on first use."""
    folder = Path(tempfile.mkdtemp(prefix=f"rights-atlas-{purpose}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
