"""Hostile and broken inputs (tests/fixtures/hostile/ and files made here): each bad value or
record is reported with its file and line, and everything else is built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from etl import store
from etl.pipeline import extract_article
from etl.schema import SKIPPED_LISTED, RawArticle
from etl.sources import SourceRead, read_source
from etl.sources.text_io import GIVEN_TITLE_MAX_CHARS

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def read(path: Path) -> SourceRead:
    [(_, result)] = read_source(path)
    assert isinstance(result, SourceRead), result
    return result


def notes(result: SourceRead) -> list[tuple[str, str, bool]]:
    """(origin without its folder, reason, kept) of everything left out."""
    return [(Path(s.origin).name, s.reason, s.kept) for s in result.skipped]


def run_build(*sources: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", "build", *map(str, sources), "--out", str(out), "--quiet"],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=120,
    )


def test_feed_dates_that_do_not_exist_are_noted_and_the_other_entries_built() -> None:
    result = read(HOSTILE / "bad_dates.rss")
    assert [(a.title, a.published) for a in result.articles] == [
        ("Zero date", None), ("Month thirteen", None), ("February thirtieth", None),
        ("Script link", date(2025, 11, 14)), ("Good entry", date(2025, 11, 14)),
    ]
    left_out = notes(result)
    for entry, value in ((1, "0000-00-00"), (2, "2025-13-45"), (3, "2025-02-30")):
        assert (f"bad_dates.rss#{entry}", f"published {value!r} is not a date (YYYY-MM-DD, an "
                "ISO 8601 timestamp or an RFC 2822 date as in RSS); read the article without it",
                True) in left_out
    assert ("bad_dates.rss#4", "url 'javascript:alert(document.cookie)' is not an http(s) "
            "address; the article is read without it", True) in left_out
    assert result.articles[3].url is None and result.articles[4].url == "https://example.org/good"


def test_a_json_line_too_deep_or_too_big_is_one_record_left_out() -> None:
    result = read(HOSTILE / "records.jsonl")
    assert [a.title for a in result.articles] == ["Iran: Executions", "Script", "Data",
                                                  "Kenya: Protests"]
    assert [a.url for a in result.articles] == ["https://example.org/iran", None, None,
                                                "http://example.org/kenya"]
    left_out = notes(result)
    assert left_out[0] == ("records.jsonl:2", "JSON nested too deeply to be read (arrays or "
                           "objects inside one another); each line must be one JSON object",
                           False)
    assert left_out[1][0] == "records.jsonl:3"
    assert left_out[1][1].startswith("JSON that cannot be read (Exceeds the limit")
    assert [(origin, kept) for origin, reason, kept in left_out[2:]
            if reason.startswith("url ")] == [("records.jsonl:4", True), ("records.jsonl:5", True)]
    assert "url 'data:text/html,<script>alert(1)</script>' is not an http(s)" in left_out[3][1]


def test_a_csv_quote_never_closed_is_one_record_left_out() -> None:
    result = read(HOSTILE / "unterminated.csv")
    assert [a.title for a in result.articles] == ["Tunisia: Trial", "Egypt: Journalist",
                                                  "Script"]
    assert result.articles[2].url is None
    left_out = notes(result)
    # The quote runs on to the next quoted value (line 5), where strict reading stops.
    assert left_out[0] == (
        "unterminated.csv:3", "',' expected after '\"': a quote opened in this record is "
        "probably never closed; fix its quoting. The lines after it are read as records of "
        "their own", False,
    )
    assert left_out[1] == ("unterminated.csv:5", "url 'javascript:alert(1)' is not an http(s) "
                           "address; the article is read without it", True)


def test_a_duplicate_text_column_is_noted() -> None:
    result = read(HOSTILE / "duplicate_text.csv")
    assert result.articles[0].text == "Parliament adopted the law on 21 March 2023."
    assert ("duplicate_text.csv", "column `text` appears 2 times (columns 2, 3); only the "
            "first is read", True) in notes(result)


def test_page_and_front_matter_links_of_other_schemes_are_noted() -> None:
    page = read(HOSTILE / "script_link.html")
    assert page.articles[0].url is None
    assert notes(page) == [("script_link.html", "url 'javascript:alert(1)' is not an http(s) "
                            "address; the article is read without it", True)]
    markdown = read(HOSTILE / "signs_and_bullets.md")
    assert markdown.articles[0].url is None
    assert "url 'data:text/html,hello' is not an http(s)" in notes(markdown)[0][1]


def test_a_leading_minus_of_the_text_is_kept_and_list_bullets_go() -> None:
    [raw] = read(HOSTILE / "signs_and_bullets.md").articles
    sentences = [event.sentence for event in extract_article(raw).events]
    assert sentences == [
        "-5 degrees was the temperature in the cells on 12 January 2025, lawyers said.",
        "On 3 February 2025, two prisoners were moved to a punishment cell.",
        "On 4 February 2025, a third prisoner was moved.",
    ]


def test_a_long_unpunctuated_line_of_dates_gives_short_evidence() -> None:
    text = "on 3 May 2024 " * 15_000  # 210 KB, one sentence
    raw = RawArticle(title="t", text=text.strip(), origin="test", published=date(2025, 1, 1))
    events = extract_article(raw).events
    assert len(events) == 15_000
    assert max(len(event.sentence) for event in events) <= 602  # the cap and two ellipses
    middle = events[7_000].sentence
    assert middle.startswith("…") and middle.endswith("…")
    assert "3 May 2024" in middle


def test_titles_and_messages_are_capped(tmp_path: Path) -> None:
    line = "word " * 200_000  # a 1 MB first line is not a title
    page = tmp_path / "long.txt"
    page.write_text(f"{line}\n\nPolice detained him on 3 May 2024.\n", encoding="utf-8")
    [article] = read(page).articles
    assert len(article.title) <= GIVEN_TITLE_MAX_CHARS + 1 and article.title.endswith("…")
    assert notes(read(page))[0][1] == f"title of {len(line.strip())} characters cut to " \
        f"{len(article.title)}"
    table = tmp_path / "posts.jsonl"
    table.write_text(json.dumps({"text": "In 2024, Iran executed hundreds.",
                                 "published": "x" * 1_000_000}) + "\n", encoding="utf-8")
    [(_, reason, _)] = notes(read(table))
    assert len(reason) < 300 and reason.startswith("published 'xxxx")


def test_folder_skips_links_out_fifos_and_hidden_files_and_lists_each(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    (posts / "sub").mkdir(parents=True)
    (posts / "good.txt").write_text("Egypt: Journalist detained\n\nOn 3 March 2025, police in "
                                    "Cairo detained a journalist.\n", encoding="utf-8")
    (posts / "sub" / "inside.txt").write_text("Kenya: Protest\n\nOn 25 June 2024, police shot "
                                              "protesters.\n", encoding="utf-8")
    (posts / "passwd.txt").symlink_to("/etc/passwd")
    (posts / "dangling.txt").symlink_to(tmp_path / "nothing")
    (posts / "loop.txt").symlink_to(posts / "loop.txt")
    (posts / "alias.txt").symlink_to(posts / "sub" / "inside.txt")  # inside: read
    (posts / "linked").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(posts / "pipe.txt")
    (posts / ".hidden.txt").write_text("Secret\n\nOn 1 May 2024.\n", encoding="utf-8")
    results = read_source(posts)
    not_read = {Path(s.origin).name: s.reason for s in results[0][1].skipped}
    assert not_read == {
        ".hidden.txt": "hidden file, not read; rename it without the leading dot to read it",
        "dangling.txt": "a link to nothing (dangling, or a loop of links), not read",
        "linked": "a link to a folder, not followed; move or copy that folder here to read it",
        "loop.txt": "a link to nothing (dangling, or a loop of links), not read",
        "passwd.txt": "a link to /etc/passwd, outside the folder given; links out of it are not "
                      "followed: copy the file here to read it",
        "pipe.txt": "not a regular file (a FIFO, socket or device), never read; give a file",
    }
    assert [path.name for path, _ in results[1:]] == ["alias.txt", "good.txt", "inside.txt"]

    out = tmp_path / "out"
    result = run_build(posts, out=out)
    assert result.returncode == 0, result.stderr  # files not read are listed, not failures
    assert "passwd.txt: a link to /etc/passwd" in result.stdout
    assert "root:" not in store.read_articles(out).text.str.cat()


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_device_given_as_a_source_is_refused(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        source = tmp_path / "feed.xml"
        os.mkfifo(source)
    else:
        source = Path("/dev/zero")
    result = run_build(source, out=tmp_path / "out")  # would block or read forever
    assert result.returncode == 1
    assert f"{source}: not a regular file (a FIFO, socket or device), never read" in (
        result.stdout
    )
    assert not store.has_build(tmp_path / "out")


def test_a_file_of_many_duplicates_counts_them_all_and_lists_the_first(tmp_path: Path) -> None:
    # A file that repeats one post: every copy after the first is a record left out. The report
    # counts each; it lists the first SKIPPED_LISTED, so it stays small whatever the input size.
    copies = SKIPPED_LISTED + 30
    post = {"title": "Activist detained", "text": "Police detained an activist in Tunis on "
            "3 November 2025.", "url": "https://example.org/a", "published": "2025-11-05"}
    source = tmp_path / "posts.jsonl"
    source.write_text("".join(json.dumps(post) + "\n" for _ in range(copies)), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "etl", "build", str(source), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=120,
    )
    report = json.loads((tmp_path / "out" / "current" / "report.json").read_text())
    assert report["totals"]["articles"] == 1
    assert report["totals"]["records_skipped"] == copies - 1
    [listed] = report["sources"]
    assert listed["records_skipped"] == copies - 1
    assert [item["origin"] for item in listed["skipped"]] == [
        f"{source}:{line}" for line in range(2, SKIPPED_LISTED + 2)
    ]
    assert f"... and {copies - 1 - SKIPPED_LISTED} more" in completed.stdout
