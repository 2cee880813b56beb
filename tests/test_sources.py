"""Each input format, on small hand-written files (tests/fixtures/sources) and on the real seed
dump: exact titles, texts and dates, and skip reasons that name the file and the line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import etl.sources
from etl.demo import DEMO_CORPUS
from etl.schema import Skipped
from etl.sources import SUPPORTED, SourceError, SourceRead, read_source
from etl.sources.html_text import html_to_text
from etl.sources.published import parse_published
from etl.sources.text_io import normalize_text, same_title, title_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
GOLD = Path(__file__).resolve().parent.parent / "data" / "eval" / "seed_gold.jsonl"


def read_one(path: Path) -> SourceRead:
    [(_, read)] = read_source(path)
    assert isinstance(read, SourceRead), read
    return read


def error_of(path: Path) -> str:
    [(_, read)] = read_source(path)
    assert isinstance(read, SourceError), read
    return str(read)


def where(skipped: list[Skipped]) -> list[tuple[str, str]]:
    """(origin without its folder, reason) of each skipped record."""
    return [(s.origin.rsplit("/", 1)[-1], s.reason) for s in skipped]


# The seed feed dump ------------------------------------------------------------------------


def test_seed_dump_reads_the_five_posts_of_the_gold() -> None:
    read = read_one(DEMO_CORPUS)
    gold_titles = [
        record["title"]
        for record in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())
        if record["kind"] == "article"
    ]
    assert read.format == "feed-dump"
    assert [" ".join(a.title.split()) for a in read.articles] == gold_titles
    assert {a.source for a in read.articles} == {"Amnesty International"}
    assert [a.origin.rsplit("#", 1)[1] for a in read.articles] == [
        "1 (line 1)", "2 (line 34)", "3 (line 60)", "4 (line 122)", "5 (line 172)",
    ]  # fmt: skip
    for article in read.articles:
        assert "appeared first on" not in article.text
        assert "\u00a0" not in article.text and "\n\n\n" not in article.text
        assert article.title not in article.text.split("\n", 1)[0]
    assert read.articles[0].text.startswith("By Agnès Callamard, Secretary General at Amnesty")
    assert read.articles[1].text.startswith("Ahead of an expected vote in Slovenia’s parliament")
    assert read.articles[4].text.endswith("download amnesty’s Staying Resilient lesson plan")
    assert "\n  • Thousands of NYPD records" in read.articles[3].text  # bullets kept
    assert read.skipped == []


# Feed dumps of any publisher ---------------------------------------------------------------


def test_dump_of_several_publishers_with_empty_posts_and_an_unfinished_tail() -> None:
    read = read_one(FIXTURES / "dumps" / "mixed_publishers.txt")
    assert read.format == "feed-dump"
    assert [(a.origin.rsplit("/", 1)[1], a.title, a.source, a.text) for a in read.articles] == [
        ("mixed_publishers.txt#1 (line 2)", "Egypt: Activist arrested again", "Human Rights Watch",
         "Security forces arrested the activist at her home in Cairo on 2 November 2025."),
        # No title line of its own: the closing line's title, and no line of text lost.
        ("mixed_publishers.txt#2 (line 8)", "Nigeria: Journalists detained in Lagos",
         "Committee to Protect Journalists",
         "Police in Lagos detained 12 journalists on 5 November 2025.\n\n"
         "They were released without charge."),
        # The closing line says Mayor&#8217;s: the same title, so the post's own line is kept.
        ("mixed_publishers.txt#5 (line 19)", "Turkey: Mayor’s trial opens",
         "Amnesty International", "The trial of the mayor opened on 10 November 2025."),
    ]  # fmt: skip
    assert where(read.skipped) == [
        ("mixed_publishers.txt#3 (line 14)", "empty post: nothing before its closing line"),
        ("mixed_publishers.txt#4 (line 15)",
         "post 'Iran: Executions continue' has a title but no text"),
        ("mixed_publishers.txt#6 (line 25)",
         "the text after the last closing line ('Bahrain: Prisoners on hunger strike') has no "
         "`The post ... appeared first on ...` line, so it may be cut short; add its closing "
         "line, or save it as a .txt of its own"),
    ]  # fmt: skip


def test_dump_with_windows_newlines_and_non_breaking_spaces(tmp_path: Path) -> None:
    dump = tmp_path / "crlf.txt"
    dump.write_bytes(
        "Kenya: Police killings\u00a0\r\n\r\nPolice killed 60\u00a0people in June 2024.\r\n\r\n"
        "The post Kenya: Police killings appeared first on Human Rights Watch.\u00a0\r\n"
        .encode()
    )
    [article] = read_one(dump).articles
    assert (article.title, article.text, article.source) == (
        "Kenya: Police killings", "Police killed 60 people in June 2024.", "Human Rights Watch"
    )


def test_a_txt_without_closing_lines_is_one_article() -> None:
    read = read_one(FIXTURES / "pages" / "sudan.txt")  # with \r\n, trailing spaces, blank runs
    assert read.format == "text"
    [article] = read.articles
    assert article.title == "Sudan: Attacks on El Fasher"
    assert article.text == (
        "The RSF attacked El Fasher on 26 October 2025.\n\nHundreds of civilians were killed."
    )
    assert (article.url, article.source, article.published) == (None, None, None)


def test_a_txt_with_only_a_title_is_an_error(tmp_path: Path) -> None:
    title_only = tmp_path / "t.txt"
    title_only.write_text("\n\nJust a title\n", encoding="utf-8")
    assert error_of(title_only) == (
        f"{title_only}: only a title line ('Just a title'); the first line is the title and "
        "the article's text follows it"
    )


# RSS and Atom ------------------------------------------------------------------------------


def test_rss_with_content_encoded_html() -> None:
    read = read_one(FIXTURES / "feeds" / "amnesty.rss")
    assert read.format == "rss"
    tunisia, iran, kenya = read.articles
    assert tunisia.title == "Tunisia: Lawyer sentenced to five years over Facebook posts"
    assert tunisia.url == "https://www.amnesty.org/en/latest/news/2025/10/tunisia-lawyer-sentenced/"
    assert tunisia.source == "Amnesty International"
    # 23:30 at UTC-5 is already 1 November in UTC: the feed's own day is the one it printed.
    assert tunisia.published == date(2025, 10, 31)
    # No figure, script or share box; paragraphs, the list and the <br> kept; no footer.
    assert tunisia.text == (
        "On 30 October 2025, a court in Tunis sentenced the lawyer to five years in prison.\n\n"
        "The charges, under Decree\u2011Law 54, relate to two Facebook posts & a radio "
        "interview.\n\n"
        "Background\n\n"
        "• He was arrested on 3 May 2024.\n"
        "• His trial opened on 16 October 2025.\n\n"
        "Amnesty International’s regional office said:\n"
        "“Release him now.”"
    )
    # Without content:encoded, the description; its footer names the title with &#038;.
    assert (iran.title, iran.text, iran.published) == (
        "Iran: Surge in executions & arrests",
        "Iranian authorities executed at least 1,000 people in 2025.",
        date(2025, 11, 3),
    )
    assert (kenya.title, kenya.published) == ("Kenya: Police must stop unlawful killings", None)
    assert where(read.skipped) == [
        ("amnesty.rss#3", "entry 'Photo gallery: Pride 2025' has no text: no content and no "
                          "summary"),
        ("amnesty.rss#4", "published 'sometime last week' is not a date (YYYY-MM-DD, an ISO "
                          "8601 timestamp or an RFC 2822 date as in RSS); read the article "
                          "without it"),
    ]  # fmt: skip


def test_rss_list_items_and_footer() -> None:
    read = read_one(FIXTURES / "amnesty.rss")
    [article] = read.articles
    assert article.title == "Egypt: Release detained journalist & blogger"
    assert article.url == "https://www.amnesty.org/en/latest/news/2025/11/egypt-journalist/"
    assert (article.published, article.source) == (date(2025, 11, 11), "Amnesty International")
    assert article.text == (
        "Egyptian authorities must release the journalist arrested on 3 March 2025 in Cairo.\n\n"
        "• He faces charges of “spreading false news”.\n"
        "• His trial opens on 20 November."
    )
    assert where(read.skipped) == [
        ("amnesty.rss#2", "entry 'Empty entry' has no text: no content and no summary")
    ]


def test_atom_html_xhtml_and_plain_text_content() -> None:
    read = read_one(FIXTURES / "feeds" / "hrw.atom")
    assert read.format == "atom"
    egypt, myanmar, brief = read.articles
    assert {a.source for a in read.articles} == {"Human Rights Watch"}
    assert egypt.title == "Egypt: Journalist detained again"  # an HTML title, without its tags
    assert egypt.url == "https://www.hrw.org/news/2025/11/14/egypt-journalist"
    assert egypt.published == date(2025, 11, 14)  # published, not updated
    assert egypt.text == (
        "Security forces in Cairo detained the journalist on 12 November 2025.\n\n"
        "It is her third arrest since 2019."
    )
    assert myanmar.published == date(2025, 11, 13)  # updated only, in its own time zone
    assert myanmar.text == (
        "The military bombed two schools in Sagaing in October 2025.\n\n"
        "• Eleven children were killed.\n• Both schools were destroyed."
    )
    # type="text" is not HTML: the angle brackets are text, the paragraphs stay.
    assert brief.text == "First line of the brief <not a tag>.\n\nSecond paragraph of the brief."
    assert brief.url is None  # its id is a tag: URI, not a link
    assert read.skipped == []


def test_atom_summary_only() -> None:
    [article] = read_one(FIXTURES / "hrw.atom").articles
    assert (article.title, article.published, article.source) == (
        "Iran: Wave of Executions", date(2025, 10, 1), "Human Rights Watch")
    assert article.text == "Iran executed at least 900 people in 2024.\n\nSecond paragraph."


def test_malformed_xml_with_entries_keeps_them_and_says_where_it_breaks() -> None:
    read = read_one(FIXTURES / "feeds" / "broken_midway.xml")
    assert [a.title for a in read.articles] == ["First entry", "Second entry", "Third entry"]
    assert read.articles[1].text == "Journalists & lawyers were detained on 2 March 2025."
    assert where(read.skipped) == [
        ("broken_midway.xml",
         "malformed XML, line 11, column 27: not well-formed (invalid token); the error is in "
         "or after entry 2. A lenient parser read 3 entries anyway; check those from there on, "
         "or fix the XML"),
    ]  # fmt: skip


def test_malformed_xml_without_entries_is_an_error() -> None:
    path = FIXTURES / "feeds" / "truncated.xml"
    assert error_of(path) == (
        f"{path}: malformed XML, line 4, column 22: unclosed token; no entries could be read. "
        "Fix the XML there (often an unescaped & or a cut-off download) or export the feed again"
    )


def test_malformed_xml_on_its_first_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><title>x</title", encoding="utf-8")
    assert error_of(broken).startswith(f"{broken}: malformed XML, line 1: ")


def test_xml_that_is_not_a_feed() -> None:
    path = FIXTURES / "feeds" / "not_a_feed.xml"
    assert error_of(path) == f"{path}: an XML file that is neither RSS nor Atom; nothing to read"


def test_feed_saved_as_txt_and_feed_in_its_declared_encoding(tmp_path: Path) -> None:
    saved = tmp_path / "feed.txt"
    saved.write_bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel>'
        "<title>Droits</title><item><title>Caf\u00e9 ferm\u00e9</title>"
        "<description>Le caf\u00e9 a \u00e9t\u00e9 ferm\u00e9 le 2 mai 2024.</description>"
        "</item></channel></rss>".encode("latin-1")
    )
    read = read_one(saved)
    assert read.format == "rss"
    assert [(a.title, a.text, a.source) for a in read.articles] == [
        ("Café fermé", "Le café a été fermé le 2 mai 2024.", "Droits")
    ]


# HTML pages --------------------------------------------------------------------------------


def test_html_page_article_without_boilerplate() -> None:
    read = read_one(FIXTURES / "pages" / "article.html")
    assert read.format == "html"
    [article] = read.articles
    assert article.title == "Georgia: Protesters beaten and detained in Tbilisi"  # og:title
    assert article.url == "https://rights.example.org/georgia-protesters"  # canonical
    assert article.source == "Rights Watchdog"  # og:site_name
    assert article.published == date(2025, 11, 15)  # the page's own day, not UTC's
    # No cookie banner, site header, nav, byline, share box, related links, tags, sidebar,
    # newsletter or footer; the <h1> is the title, so it is not repeated in the text.
    assert article.text == (
        "Riot police beat and detained at least 40 protesters in Tbilisi on 14 November 2025."
        "\n\n"
        "Among those detained was the opposition leader, who was released the next day. "
        "Lawyers said their clients were denied access to counsel.\n\n"
        "“We were kicked while we lay on the ground,” one protester said.\n\n"
        "The authorities must release everyone detained for peaceful protest."
    )
    assert read.skipped == []


def test_html_page_without_article_takes_the_block_with_most_text() -> None:
    read = read_one(FIXTURES / "pages" / "div_soup.htm")
    [article] = read.articles
    assert article.title == "Belarus: Activist sentenced"  # <title>: no og:title, no <h1>
    assert (article.url, article.source) == (None, None)
    # <meta name=Date> is 15/11/2025, not a date; the <time datetime> is.
    assert article.published == date(2025, 11, 16)
    assert article.text == (
        "A court in Minsk sentenced the activist to 10 years on 12 November 2025.\n\n"
        "She had been held in pre-trial detention since her arrest in March 2024, when police "
        "searched her flat.\n\n"
        "Her lawyer said the verdict would be appealed.\n\n"
        "Updated: 16 November"
    )
    assert read.skipped == []


def test_html_page_simple() -> None:
    [article] = read_one(FIXTURES / "page.html").articles
    assert article.title == "Myanmar: Junta jails activists"
    assert article.url == "https://example.org/myanmar"
    assert article.published == date(2025, 6, 2)
    assert article.text == ("A military court in Yangon sentenced three activists on 1 June "
                            "2025.\n\nThey were arrested in February 2024.")


def test_html_page_title_is_never_the_site_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logo.html"
    logo.write_text(
        "<html><head><title>Chad: Floods</title></head><body><header><h1>Rights News</h1>"
        "</header><div><p>Floods displaced 1,000 people in August 2024.</p></div></body></html>",
        encoding="utf-8",
    )
    assert read_one(logo).articles[0].title == "Chad: Floods"
    seo = tmp_path / "seo.html"
    seo.write_text(
        '<html><head><meta property="og:title" content="Floods in Chad"></head><body><article>'
        "<h1>Chad: Floods displace a thousand</h1><p>Floods displaced 1,000 people in August "
        "2024.</p></article></body></html>",
        encoding="utf-8",
    )
    [article] = read_one(seo).articles
    assert (article.title, article.text) == (
        "Floods in Chad", "Floods displaced 1,000 people in August 2024."
    )


def test_html_page_whose_only_date_is_unreadable_gets_a_note(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><meta name="date" content="yesterday"><title>T</title></head>'
        "<body><p>Police detained him on 2 May 2024.</p></body></html>",
        encoding="utf-8",
    )
    read = read_one(page)
    assert read.articles[0].published is None
    assert where(read.skipped) == [
        ("p.html", "published 'yesterday' is not a date (YYYY-MM-DD, an ISO 8601 timestamp or "
                   "an RFC 2822 date as in RSS); read the article without it"),
    ]  # fmt: skip


def test_xhtml_page_and_windows_1252_page(tmp_path: Path) -> None:
    xhtml = tmp_path / "x.html"
    xhtml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>Chad: Floods</title></head><body><main><p>Floods displaced 1,000 "
        "people in August 2024.</p></main></body></html>",
        encoding="utf-8",
    )
    assert read_one(xhtml).articles[0].text == "Floods displaced 1,000 people in August 2024."
    legacy = tmp_path / "legacy.htm"
    legacy.write_bytes(
        '<html><head><meta charset="iso-8859-1"><title>Côte d’Ivoire</title></head><body>'
        "<article><p>Élection le 25 octobre 2025 – “calme”.</p></article></body></html>"
        .encode("cp1252")
    )
    [article] = read_one(legacy).articles
    assert (article.title, article.text) == (
        "Côte d’Ivoire", "Élection le 25 octobre 2025 – “calme”."
    )


def test_html_page_without_text_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    assert "empty.html: no article text found in the page" in error_of(page)


# Markdown ----------------------------------------------------------------------------------


def test_markdown_with_front_matter() -> None:
    read = read_one(FIXTURES / "pages" / "note.md")
    assert read.format == "markdown"
    [article] = read.articles
    assert article.title == "Nicaragua: Bishop stripped of nationality"
    assert article.url == "https://example.org/nicaragua-bishop"
    assert article.published == date(2025, 11, 10)  # Jekyll's "2025-11-10 09:00:00 +0100"
    # The heading repeats the title and goes; soft-wrapped lines join (a line break would end
    # a sentence downstream); links become their labels; snake_case keeps its underscores.
    assert article.text == (
        "The government stripped the bishop of his nationality on 9 February 2024, according "
        "to a statement by the UN experts and the family.\n\n"
        "“He is being punished for his faith,” his sister said.\n\n"
        "What happened next\n\n"
        "- He was expelled to the Vatican.\n"
        "- His property, listed in file_2024_03.pdf, was confiscated."
    )


def test_markdown_heading_is_the_title() -> None:
    [article] = read_one(FIXTURES / "sudan.md").articles
    assert article.title == "Sudan: Attack on El Fasher"
    assert article.text == ("The Rapid Support Forces attacked El Fasher on 26 October 2025. "
                            "See the report.")


# JSON Lines and CSV ------------------------------------------------------------------------


def test_jsonl_records_and_everything_left_out() -> None:
    read = read_one(FIXTURES / "tables" / "posts.jsonl")
    assert read.format == "jsonl"
    iran, dhaka, peru, chile = read.articles
    assert (iran.title, iran.url, iran.source, iran.published, iran.origin.rsplit("/", 1)[1]) == (
        "Iran: Executions surge", "https://example.org/iran", "Amnesty International",
        date(2025, 11, 14), "posts.jsonl:1",
    )  # fmt: skip
    assert iran.text == (
        "Iran executed at least 1,000 people in 2025.\n\nMost were for drug offences."
    )
    # No title: the first line of the text, cut at a word; the text stays whole.
    assert dhaka.title == (
        "Police in Dhaka detained 25 garment workers on 8 November 2025 after a strike over "
        "unpaid wages spread to three factories on the outskirts of the…"
    )
    assert dhaka.text.endswith("outskirts of the city.\nThe workers were released on bail.")
    assert dhaka.published == date(2025, 11, 8)  # RFC 2822
    assert (peru.title, peru.published) == ("Peru: Protest law", None)
    assert (chile.url, chile.published) == (None, date(2025, 11, 12))
    assert where(read.skipped) == [
        ("posts.jsonl:2", "not valid JSON (Expecting ',' delimiter at column 49); each line "
                          "must be one JSON object"),
        ("posts.jsonl:4", "no text: the `text` field is missing or empty"),
        ("posts.jsonl:6", "published 'last Thursday' is not a date (YYYY-MM-DD, an ISO 8601 "
                          "timestamp or an RFC 2822 date as in RSS); read the article without "
                          "it"),
        ("posts.jsonl:7", "a JSON array, not an object; the fields are title, text and "
                          "optional url, published, source"),
        ("posts.jsonl:8", "`url` is a JSON array, not a string; read the article without it"),
        ("posts.jsonl", "fields not read: author (in 1 record); the fields are title, text and "
                        "optional url, published, source"),
    ]  # fmt: skip


def test_jsonl_keeps_line_separators_inside_strings(tmp_path: Path) -> None:
    lines = tmp_path / "p.ndjson"
    lines.write_text('{"title": "A", "text": "One\u2028two"}\n', encoding="utf-8")
    assert read_one(lines).articles[0].text == "One\u2028two"


def test_jsonl_that_is_not_json_lines(tmp_path: Path) -> None:
    array = tmp_path / "a.jsonl"
    array.write_text('[{"title": "A", "text": "B"}]\n', encoding="utf-8")
    assert "a.jsonl: a JSON array, not JSON Lines" in error_of(array)
    pretty = tmp_path / "b.jsonl"
    pretty.write_text('{\n  "title": "A",\n  "text": "B"\n}\n', encoding="utf-8")
    assert error_of(pretty).startswith(
        f"{pretty}: no line is a JSON object (line 1: not valid JSON (Expecting property name "
        "enclosed in double quotes at column 2))"
    )


def test_csv_records_and_everything_left_out() -> None:
    read = read_one(FIXTURES / "tables" / "posts.csv")
    assert read.format == "csv"
    mexico, sri_lanka = read.articles
    assert (mexico.title, mexico.url, mexico.published) == (
        "Mexico: Journalist killed", "https://example.org/mexico", date(2025, 11, 10))
    assert mexico.text == ("A journalist was shot dead in Sinaloa on 9 November 2025.\n\n"
                           "Colleagues say, \"she had received threats\".")
    assert (sri_lanka.title, sri_lanka.published) == ("Sri Lanka: Detention law", None)
    assert sri_lanka.origin.endswith("posts.csv:6")  # where the record starts
    assert where(read.skipped) == [
        ("posts.csv", "columns not read: Date; the columns are title, text and optional url, "
                      "published, source"),
        ("posts.csv:5", "no text: the `text` field is missing or empty"),
        ("posts.csv:6", "published '15 Nov 2025' is not a date (YYYY-MM-DD, an ISO 8601 "
                        "timestamp or an RFC 2822 date as in RSS); read the article without it"),
        ("posts.csv:7", "6 values for 5 columns: a value holding the delimiter ',' is probably "
                        "not quoted; quote it"),
    ]  # fmt: skip


def test_csv_small() -> None:
    read = read_one(FIXTURES / "posts.csv")
    assert [(a.title, a.published, a.source) for a in read.articles] == [
        ("Kenya: Protests", date(2024, 6, 26), "HRW"),
        ("Georgia: Crackdown", None, None),
    ]
    assert [origin for origin, _ in where(read.skipped)] == ["posts.csv:3", "posts.csv:4"]


def test_csv_with_semicolons() -> None:
    [article] = read_one(FIXTURES / "tables" / "semicolons.csv").articles
    assert (article.title, article.published) == ("Uganda: Opposition rally", date(2025, 11, 3))


def test_csv_without_a_text_column() -> None:
    path = FIXTURES / "tables" / "no_text.csv"
    assert error_of(path) == (
        f"{path}: no `text` column (found: title, body, url); the columns are title, text and "
        "optional url, published, source"
    )


# Encodings and unreadable files ------------------------------------------------------------


def test_latin1_file_is_an_error_that_says_where() -> None:
    path = FIXTURES / "encoding" / "latin1.txt"
    assert error_of(path) == (
        f"{path}: not UTF-8 (byte 0xE9 at offset 3, line 1); re-save it as UTF-8"
    )


def test_empty_files(tmp_path: Path) -> None:
    path = FIXTURES / "encoding" / "empty.txt"
    assert error_of(path) == f"{path}: empty file"
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\xef\xbb\xbf \r\n\n")
    assert error_of(blank) == f"{blank}: empty file"


def test_byte_order_marks(tmp_path: Path) -> None:
    for name, data in (
        ("utf8.txt", "\ufeffTitle\n\nOn 2 May 2024 in Tunis.".encode()),
        ("utf16.txt", "Title\n\nOn 2 May 2024 in Tunis.".encode("utf-16")),
        ("utf16be.txt", "\ufeffTitle\n\nOn 2 May 2024 in Tunis.".encode("utf-16-be")),
    ):
        (tmp_path / name).write_bytes(data)
        [article] = read_one(tmp_path / name).articles
        assert (article.title, article.text) == ("Title", "On 2 May 2024 in Tunis.")


def test_utf16_without_byte_order_mark_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Title\n\nText.".encode("utf-16-le"))
    assert "wide.txt: contains NUL characters" in error_of(path)


def test_missing_file_is_an_error_with_the_os_message(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    assert error_of(path) == (
        f"{path}: cannot be read (No such file or directory); check that it exists and that "
        "you may read it"
    )


def test_a_reader_bug_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_reader(path: Path, text: str) -> SourceRead:
        raise KeyError("oops")

    monkeypatch.setitem(etl.sources._BY_EXTENSION, ".csv", broken_reader)
    table = tmp_path / "t.csv"
    table.write_text("title,text\nA,B\n", encoding="utf-8")
    assert error_of(table) == (
        f"{table}: could not be read: KeyError: 'oops'. This is a bug in the reader; please "
        "report it with the file"
    )


# Folders -----------------------------------------------------------------------------------


def test_folder_is_walked_sorted_and_every_file_not_read_is_listed() -> None:
    folder = FIXTURES / "folder"
    results = read_source(folder)
    assert [path.relative_to(folder).as_posix() for path, _ in results] == [
        ".", "a.md", "sub/b.txt"
    ]
    (_, not_read), (_, note), (_, kept) = results
    assert isinstance(not_read, SourceRead) and not_read.format == "folder"
    assert [(Path(s.origin).relative_to(folder).as_posix(), s.reason)
            for s in not_read.skipped] == [
        (".cache", "hidden folder, not read; rename it without the leading dot to read it"),
        (".draft.txt", "hidden file, not read; rename it without the leading dot to read it"),
        ("report.pdf", "unsupported file type .pdf; supported: .txt, .md, .markdown, .xml, "
                       ".rss, .atom, .html, .htm, .jsonl, .ndjson, .csv"),
    ]
    assert isinstance(note, SourceRead) and note.articles[0].title == "A note"
    assert isinstance(kept, SourceRead) and kept.articles[0].origin == str(folder / "sub/b.txt")


def test_every_fixture_is_read_without_raising() -> None:
    results = read_source(FIXTURES)
    readable = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in SUPPORTED
                and not any(part.startswith(".") for part in p.relative_to(FIXTURES).parts)]
    assert len(results) == len(readable) + 1  # and the list of files not read
    assert all(isinstance(read, SourceRead | SourceError) for _, read in results)


# The shared helpers ------------------------------------------------------------------------


def test_normalize_text_is_the_one_normalization() -> None:
    assert normalize_text(
        "\r\n  Title\u00a0 \r\n\r\n\r\n\r\nPara\u00adgraph one.\t\n\n\n\nTwo\u200b.  \n"
    ) == "Title\n\nParagraph one.\n\nTwo."


def test_html_to_text_keeps_structure() -> None:
    assert html_to_text(
        "<p>One&nbsp;&amp; <b>two</b></p><p>Three<br>four</p><ul><li><p>item</p></li>"
        "<li>next</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
        "<pre>keep\n  this</pre>"
    ) == "One & two\n\nThree\nfour\n\n• item\n• next\n\na b\n\nkeep\nthis"
    assert html_to_text("Q&amp;A without tags") == "Q&A without tags"
    assert html_to_text("<!-- only a comment -->") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-15", date(2025, 11, 15)),
        ("2025-11-15T23:30:00-05:00", date(2025, 11, 15)),
        ("2025-11-15T09:30:00Z", date(2025, 11, 15)),
        ("2025-11-15 09:00:00 +0100", date(2025, 11, 15)),
        ("Fri, 14 Nov 2025 23:30:00 -0500", date(2025, 11, 14)),
        ("2025-02-30", None),
        ("2025", None),
        ("15/11/2025", None),
        ("", None),
    ],
)
def test_parse_published(value: str, expected: date | None) -> None:
    assert parse_published(value) == expected


def test_same_title_and_title_from_text() -> None:
    assert same_title("Tunisia: Crackdown “escalates”\u00a0", "tunisia: crackdown \"escalates\"")
    assert same_title("Iran: Executions surge in 2025", "Iran: Executions surge")
    assert not same_title("Police detained 12 journalists on 5 November.", "Nigeria: Journalists")
    assert title_from_text("Short first line.\nSecond.") == "Short first line."
    assert title_from_text("word " * 40).endswith("word…")
