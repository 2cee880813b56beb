"""Each input format, on small hand-written files and on the real seed dump."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from etl.demo import DEMO_CORPUS
from etl.extract.text import fold_whitespace
from etl.sources import SourceError, SourceRead, read_source

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "gold" / "seed_gold.jsonl"


def read_one(path: Path) -> SourceRead:
    [(_, read)] = read_source(path)
    assert isinstance(read, SourceRead), read
    return read


def error_of(path: Path) -> str:
    [(_, read)] = read_source(path)
    assert isinstance(read, SourceError), read
    return str(read)


def test_seed_feed_dump() -> None:
    read = read_one(DEMO_CORPUS)
    gold_titles = [json.loads(line)["title"] for line in GOLD.open(encoding="utf-8")
                   if '"kind": "article"' in line]
    assert read.format == "feed-dump"
    assert [fold_whitespace(a.title) for a in read.articles] == gold_titles
    assert {a.source for a in read.articles} == {"Amnesty International"}
    assert all("appeared first on" not in a.text for a in read.articles)
    assert all("\u00a0" not in a.text for a in read.articles)
    assert read.articles[1].text.startswith("Ahead of an expected vote in Slovenia")
    assert read.articles[2].origin.endswith("#3 (line 60)")
    assert read.skipped == []


def test_feed_dump_of_another_publisher_with_an_unfinished_tail(tmp_path: Path) -> None:
    dump = tmp_path / "hrw.txt"
    dump.write_text(
        "Kenya: Police killings\n\nPolice killed 60 people in June 2024.\n\n"
        "The post Kenya: Police killings appeared first on Human Rights Watch.\n\n"
        "Half a post without its closing line\n",
        encoding="utf-8",
    )
    read = read_one(dump)
    assert [(a.title, a.source, a.text) for a in read.articles] == [
        ("Kenya: Police killings", "Human Rights Watch", "Police killed 60 people in June 2024.")
    ]
    assert len(read.skipped) == 1 and "hrw.txt (line 7)" in read.skipped[0].origin


def test_rss_with_html_content() -> None:
    read = read_one(FIXTURES / "amnesty.rss")
    assert read.format == "rss"
    [article] = read.articles
    assert article.title == "Egypt: Release detained journalist & blogger"
    assert article.url == "https://www.amnesty.org/en/latest/news/2025/11/egypt-journalist/"
    assert article.published == date(2025, 11, 11)
    assert article.source == "Amnesty International"
    assert article.text == (
        "Egyptian authorities must release the journalist arrested on 3 March 2025 in Cairo.\n\n"
        "• He faces charges of “spreading false news”.\n"
        "• His trial opens on 20 November."
    )
    assert [s.reason for s in read.skipped] == ["entry 'Empty entry' has no content or summary"]


def test_atom_with_html_summary() -> None:
    read = read_one(FIXTURES / "hrw.atom")
    assert read.format == "atom"
    [article] = read.articles
    assert (article.title, article.published, article.source) == (
        "Iran: Wave of Executions", date(2025, 10, 1), "Human Rights Watch")
    assert article.text == "Iran executed at least 900 people in 2024.\n\nSecond paragraph."


def test_malformed_xml_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><title>x</title", encoding="utf-8")
    message = error_of(broken)
    assert "broken.xml: malformed XML" in message and "line" in message


def test_html_page_main_text_without_boilerplate() -> None:
    read = read_one(FIXTURES / "page.html")
    [article] = read.articles
    assert article.title == "Myanmar: Junta jails activists"
    assert article.url == "https://example.org/myanmar"
    assert article.published == date(2025, 6, 2)
    assert article.text == ("A military court in Yangon sentenced three activists on 1 June "
                            "2025.\n\nThey were arrested in February 2024.")


def test_markdown_page() -> None:
    [article] = read_one(FIXTURES / "sudan.md").articles
    assert article.title == "Sudan: Attack on El Fasher"
    assert article.text == ("The Rapid Support Forces attacked El Fasher on 26 October 2025. "
                            "See the report.")


def test_csv_records_and_what_is_skipped() -> None:
    read = read_one(FIXTURES / "posts.csv")
    assert [(a.title, a.published, a.source) for a in read.articles] == [
        ("Kenya: Protests", date(2024, 6, 26), "HRW"),
        ("Georgia: Crackdown", None, None),
    ]
    reasons = [(s.origin.rsplit("/", 1)[-1], s.reason) for s in read.skipped]
    assert reasons[0][0] == "posts.csv:3" and reasons[0][1].startswith("no text")
    assert reasons[1][0] == "posts.csv:4" and "'not a date' is not a date" in reasons[1][1]


def test_csv_without_text_column(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("title,body\nA,B\n", encoding="utf-8")
    assert "t.csv: no `text` column (found: title, body)" in error_of(table)


def test_jsonl_bad_lines(tmp_path: Path) -> None:
    lines = tmp_path / "p.jsonl"
    lines.write_text('{"title": "A", "text": "On 2 May 2024."}\n[1]\n{oops\n', encoding="utf-8")
    read = read_one(lines)
    assert [a.title for a in read.articles] == ["A"]
    assert [s.origin.rsplit("/", 1)[-1] for s in read.skipped] == ["p.jsonl:2", "p.jsonl:3"]


def test_encoding_and_empty_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Title\n\nCaf\xe9 in Tunis.".encode("latin-1"))
    assert "latin.txt: not UTF-8 (byte 0xE9 at offset 10, line 3); re-save it as UTF-8" in (
        error_of(latin))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert error_of(empty).endswith("empty.txt: empty file")
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes("Title\n\nOn 2 May 2024 in Tunis.".encode("utf-16"))
    assert read_one(utf16).articles[0].text == "On 2 May 2024 in Tunis."


def test_folder_reads_every_supported_file_and_reports_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A title\n\nSome text.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("x\n\ny", encoding="utf-8")
    results = dict(read_source(tmp_path))
    assert sorted(p.name for p in results) == ["a.txt", "notes.pdf"]
    assert "unsupported file type .pdf" in str(results[tmp_path / "notes.pdf"])
