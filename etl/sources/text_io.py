"""Reading files as text, and the one normalization every adapter applies."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from etl.sources.base import SourceError

_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM) or UTF-16 with BOM. Anything else is an
    error that says where the first bad byte is, rather than a guess."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error
    if not data.strip():
        raise SourceError(f"{path}: empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(
            f"{path}: not UTF-8 (byte 0x{data[error.start]:02X} at offset {error.start}, "
            f"line {line}); re-save it as UTF-8"
        ) from error


def normalize_text(text: str) -> str:
    """Non-breaking spaces to spaces, one newline style, no trailing spaces, paragraphs
    separated by exactly one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _BLANK_LINES.sub("\n\n", text).strip()
