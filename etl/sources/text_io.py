"""Reading files as text, and the one normalization every adapter applies to what it reads."""

from __future__ import annotations

import codecs
import html
import os
import re
import stat
from difflib import SequenceMatcher
from pathlib import Path

from etl.sources.base import SourceError

# UTF-32 first: its little-endian byte-order mark begins with UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# An encoding the file names itself: an XML declaration or an HTML <meta charset>.
_DECLARED_ENCODING = re.compile(
    rb"""<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)|<meta[^>]*?\bcharset\s*=\s*["']?([\w.:-]+)""",
    re.IGNORECASE,
)
# Browsers read a page labelled Latin-1 or ASCII as Windows-1252 (WHATWG Encoding); so do we.
_READ_AS_WINDOWS_1252 = frozenset({"iso8859-1", "ascii"})

# Characters that look like a space, or like nothing, but break word matching downstream:
# non-breaking spaces become spaces; soft hyphens, zero-width spaces and stray BOMs go.
_INVISIBLES = (
    ("\u00a0", " "), ("\u202f", " "), ("\u2007", " "), ("\u00ad", ""), ("\u200b", ""),
    ("\ufeff", ""),
)  # fmt: skip
_BLANK_LINES = re.compile(r"\n{3,}")
TITLE_MAX_CHARS = 150  # a title made from a text's first line
GIVEN_TITLE_MAX_CHARS = 400  # a title as the input gives it: longer is not a title
MESSAGE_VALUE_CHARS = 80
NOT_A_REGULAR_FILE = "not a regular file (a FIFO, socket or device), never read; give a file"
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                        "„": '"', "‟": '"', "«": '"', "»": '"', "–": "-", "—": "-"})
_SAME_TITLE_RATIO = 0.85
_TITLE_KEY_CHARS = 2 * TITLE_MAX_CHARS


def read_text(path: Path) -> str:
    """The file's text with `\\n` newlines (see `decode_text`)."""
    try:
        data = _read_regular_file(path)
    except OSError as error:
        raise SourceError(
            f"{path}: cannot be read ({error.strerror or error}); "
            "check that it exists and that you may read it"
        ) from error
    return decode_text(path, data)


def decode_text(path: Path, data: bytes) -> str:
    """The text of a file's (or a download's) bytes with `\\n` newlines; `path` names it in
    errors.

    UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM; else the encoding an XML or HTML file
    declares. Anything else is an error that says where the first bad byte is, rather than a
    guess: a wrong guess would put mojibake into every name and date downstream.
    """
    text = _decode(path, data)
    if "\x00" in text:
        raise SourceError(
            f"{path}: contains NUL characters, so it is a binary file or UTF-16 without a "
            "byte-order mark; save it as UTF-8 text"
        )
    if not text.strip():
        raise SourceError(f"{path}: empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file. Opened without blocking and checked once open, so a FIFO
    or a device (/dev/zero) is refused rather than read forever, even if swapped in late."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SourceError(f"{path}: {NOT_A_REGULAR_FILE}")
        return file.read()


def _decode(path: Path, data: bytes) -> str:
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise SourceError(
                    f"{path}: starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()} ({error.reason} at offset {error.start}); "
                    "re-save it as UTF-8"
                ) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        declared = _decode_as_declared(data)
        if declared is not None:
            return declared
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(
            f"{path}: not UTF-8 (byte 0x{data[error.start]:02X} at offset {error.start}, "
            f"line {line}); re-save it as UTF-8"
        ) from error


def _decode_as_declared(data: bytes) -> str | None:
    found = _DECLARED_ENCODING.search(data, 0, 2048)
    if found is None:
        return None
    try:
        codec = codecs.lookup((found[1] or found[2]).decode("ascii")).name
    except LookupError:
        return None
    candidates = ("cp1252", codec) if codec in _READ_AS_WINDOWS_1252 else (codec,)
    for candidate in candidates:
        if candidate == "utf-8":
            continue  # already failed
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    return None


def normalize_text(text: str) -> str:
    """The one text normalization of every adapter: `\\n` newlines, non-breaking spaces as
    spaces, no invisible characters, no trailing spaces, paragraphs separated by exactly one
    blank line, no blank lines around the whole."""
    text = _fold_invisibles(text.replace("\r\n", "\n").replace("\r", "\n"))
    # A split and a join are ten times faster than a regular expression here.
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _fold_invisibles(text: str) -> str:
    # str.replace per character: str.translate with a mapping is many times slower.
    for char, replacement in _INVISIBLES:
        if char in text:
            text = text.replace(char, replacement)
    return text


def one_line(text: str) -> str:
    """Text folded to a single line with single spaces: for titles, names and URLs."""
    return " ".join(_fold_invisibles(text).split())


def title_from_text(text: str) -> str:
    """A title for a record that has none: the text's first line, cut at a word if long."""
    return cut_at_word(one_line(text.lstrip().split("\n", 1)[0]), TITLE_MAX_CHARS)


def cut_at_word(line: str, max_chars: int) -> str:
    """`line` if it is short enough, else its start cut at a word, with an ellipsis."""
    if len(line) <= max_chars:
        return line
    return line[:max_chars].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def shortened(text: str) -> str:
    """A list or a text in a message, cut at a word when long."""
    return cut_at_word(text, 4 * MESSAGE_VALUE_CHARS)


def quoted(value: object) -> str:
    """A value as a message shows it: its repr, cut with an ellipsis, so that a 200 MB cell
    never becomes a 200 MB line of the report."""
    if isinstance(value, str) and len(value) > MESSAGE_VALUE_CHARS:
        return repr(value[:MESSAGE_VALUE_CHARS]) + "…"
    shown = repr(value)
    return shown if len(shown) <= MESSAGE_VALUE_CHARS else shown[:MESSAGE_VALUE_CHARS] + "…"


def same_title(a: str, b: str) -> bool:
    """Whether two lines are the same title: equal once spaces, quotes, dashes, case and HTML
    entities are folded; or one a prefix of the other (a shortened title); or nearly equal (an
    edited one). Tells a post's title line from its first paragraph."""
    # Compared by their start: difflib's ratio is quadratic, and a line may be a whole text.
    a, b = _title_key(a)[:_TITLE_KEY_CHARS], _title_key(b)[:_TITLE_KEY_CHARS]
    if a == b:
        return bool(a)
    if min(len(a), len(b)) >= 20 and (a.startswith(b) or b.startswith(a)):
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # The cheap upper bounds first: most lines compared with a title are long paragraphs.
    return (
        matcher.real_quick_ratio() >= _SAME_TITLE_RATIO
        and matcher.quick_ratio() >= _SAME_TITLE_RATIO
        and matcher.ratio() >= _SAME_TITLE_RATIO
    )


def _title_key(title: str) -> str:
    return one_line(html.unescape(title).translate(_QUOTES)).casefold().rstrip(" .…")
