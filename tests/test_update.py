"""`python -m etl update` against a local site (tests/local_site.py): full text from the
article pages, nothing done twice, a changed article replacing its old version, every failure a
named line while the other sources go on, and the written build checked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl import store
from etl.__main__ import main
from etl.fetch.state import STATE_FILE, load_state
from etl.schema import ARTICLE_SCHEMA, EVENT_SCHEMA, RawArticle
from etl.update import canonical_url, merge_articles, run_update
from tests.local_site import LocalSite, Reply, fixture_text, local_site

ROOT = Path(__file__).resolve().parent.parent
MONDAY = datetime(2025, 11, 24, 9, 0, tzinfo=UTC)
TUESDAY = datetime(2025, 11, 25, 9, 0, tzinfo=UTC)
HTML = "text/html; charset=utf-8"


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with local_site() as served:
        served.routes["/summary.rss"] = Reply(fixture_text("summary.rss"), etag='"s1"')
        served.routes["/pages/georgia.html"] = Reply(fixture_text("pages/georgia.html"), HTML,
                                                     etag='"g1"')
        served.routes["/pages/chad.html"] = Reply(fixture_text("pages/chad.html"), HTML)
        served.routes["/full.atom"] = Reply(fixture_text("full.atom"),
                                            "application/atom+xml", gzip=True)
        yield served


def sources_file(tmp_path: Path, site: LocalSite, *paths: str) -> Path:
    entries = "".join(
        f'[[sources]]\nname = "{path.strip("/").split(".")[0]}"\nurl = "{site.url(path)}"\n\n'
        for path in paths
    )
    path = tmp_path / "sources.toml"
    path.write_text("[fetch]\ntimeout_seconds = 1\nretries = 1\nbackoff_seconds = 0\n"
                    f"host_delay_seconds = 0\n\n{entries}", encoding="utf-8")
    return path


def test_summary_feed_gets_the_pages_full_text_and_metadata(
    tmp_path: Path, site: LocalSite
) -> None:
    out = tmp_path / "atlas"
    report = run_update(sources_file(tmp_path, site, "/summary.rss"), out, MONDAY)
    assert (report["totals"]["new"], report["totals"]["failed"], report["published"]) == (
        2, 0, True
    )
    articles = store.read_articles(out).set_index("title")
    georgia = articles.loc["Georgia: Protesters beaten and detained in Tbilisi"]
    # The page's text, not the feed's summary; its canonical URL, without the utm tag.
    assert georgia.text.startswith("Riot police beat and detained at least 40 protesters in "
                                   "Tbilisi on 14 November 2025.\n\nAmong those detained")
    assert "Share" not in georgia.text and "Related" not in georgia.text
    assert georgia.url == site.url("/pages/georgia.html")
    assert georgia.source == "Rights Watchdog – News"  # the feed's title: no publisher given
    assert georgia.published == date(2025, 11, 15)
    assert georgia.first_seen == MONDAY
    chad = articles.loc["Chad: Floods displace thousands"]
    # No byline, share box, related links, sidebar or newsletter box.
    assert chad.text == (
        "Floods displaced more than 3,000 people in N'Djamena in August 2025.\n\nOn 10 "
        "November 2025, the authorities evicted families from a camp for displaced people."
    )
    assert set(chad.countries) >= {"TCD"}
    events = store.read_events(out)
    assert set(events["article_id"]) == set(articles["article_id"])
    assert (store.current_build(out) / store.EVENTS_CSV_FILE).exists()


def test_a_second_update_with_nothing_new_does_no_work(tmp_path: Path, site: LocalSite) -> None:
    out = tmp_path / "atlas"
    sources = sources_file(tmp_path, site, "/summary.rss", "/full.atom")
    run_update(sources, out, MONDAY)
    written = (store.current_build(out) / store.ARTICLES_FILE).stat().st_mtime_ns
    hits = site.hits.copy()
    report = run_update(sources, out, TUESDAY)
    totals = report["totals"]
    # The summary feed answers 304 (its ETag); the Atom feed has none, so it is read again and
    # its two entries are found unchanged; no page is fetched again.
    assert [s["status"] for s in report["sources"]] == ["not modified", "fetched"]
    assert (totals["new"], totals["changed"], totals["unchanged"]) == (0, 0, 2)
    assert report["published"] is False
    assert (store.current_build(out) / store.ARTICLES_FILE).stat().st_mtime_ns == written
    assert site.hits["/pages/georgia.html"] == hits["/pages/georgia.html"]
    assert load_state(out).last_run["built_at"] == TUESDAY.isoformat()


def test_a_changed_article_replaces_its_old_version_and_events(
    tmp_path: Path, site: LocalSite
) -> None:
    out = tmp_path / "atlas"
    sources = sources_file(tmp_path, site, "/full.atom")
    run_update(sources, out, MONDAY)
    before = store.read_articles(out)
    old_id = before.loc[before.title == "Egypt: Journalist detained", "article_id"].item()
    site.routes["/full.atom"] = Reply(
        fixture_text("full.atom").replace(
            "on 3 November 2025.",
            "on 3 November 2025. A court ordered his release on 21 November 2025."),
        "application/atom+xml",
    )
    report = run_update(sources, out, TUESDAY)
    assert (report["totals"]["new"], report["totals"]["changed"],
            report["totals"]["unchanged"]) == (0, 1, 1)
    after = store.read_articles(out)
    assert len(after) == 2
    egypt = after[after.title == "Egypt: Journalist detained"].iloc[0]
    assert egypt.article_id != old_id
    assert egypt.text.endswith("A court ordered his release on 21 November 2025.")
    assert egypt.first_seen == MONDAY  # first seen Monday, changed Tuesday
    events = store.read_events(out)
    assert old_id not in set(events.article_id)
    assert set(events[events.article_id == egypt.article_id].date_text) == {
        "3 November 2025", "21 November 2025"
    }
    assert report["changed"] == [{"article_id": egypt.article_id,
                                  "title": "Egypt: Journalist detained",
                                  "url": site.url("/news/egypt-journalist")}]


def test_every_failure_is_a_named_line_and_the_other_sources_go_on(
    tmp_path: Path, site: LocalSite
) -> None:
    site.routes["/missing.rss"] = Reply(b"no", "text/plain", status=404)
    site.routes["/page.rss"] = Reply("<html><body><p>Not a feed</p></body></html>", HTML)
    site.routes["/malformed.rss"] = Reply(fixture_text("malformed.rss"))
    site.routes["/pages/chad.html"] = Reply(b"", "application/pdf")
    out = tmp_path / "atlas"
    sources = sources_file(tmp_path, site, "/missing.rss", "/page.rss", "/malformed.rss",
                           "/summary.rss", "/full.atom")
    report = run_update(sources, out, MONDAY)
    base = site.base
    assert report["failures"] == [
        f"missing: {base}/missing.rss: HTTP 404 Not Found; check the URL",
        f"page: {base}/page.rss: served as text/html, not as an RSS or Atom feed; use the "
        "site's feed URL, or kind = \"page\" for a single article page",
        "malformed: malformed XML, line 2, column 44: not well-formed (invalid "
        "token); no entries could be read. Fix the XML there (often an unescaped & or a cut-off "
        "download) or export the feed again",
        f"summary: entry 'Chad: Floods displace thousands': {base}/pages/chad.html: served as "
        "application/pdf, not as an HTML page; point the source at the article's web page",
    ]
    assert [s["status"] for s in report["sources"]] == [
        "failed", "failed", "failed", "partly failed", "fetched"
    ]
    # Georgia and the two Atom entries are in; Chad will be retried: the summary feed's ETag
    # was not kept, so the next run reads it again.
    assert report["totals"]["new"] == 3
    assert len(store.read_articles(out)) == 3
    assert "summary" not in load_state(out).sources
    site.routes["/pages/chad.html"] = Reply(fixture_text("pages/chad.html"), HTML)
    again = run_update(sources, out, TUESDAY)
    assert [item["title"] for item in again["new"]] == ["Chad: Floods displace thousands"]
    assert again["totals"]["unchanged"] == 3  # Georgia's page 304, two Atom entries


def test_a_page_source_is_one_article(tmp_path: Path, site: LocalSite) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(f'[[sources]]\nname = "chad"\nurl = "{site.url("/pages/chad.html")}"\n'
                    'kind = "page"\npublisher = "Rights Watchdog"\n[fetch]\n'
                    "host_delay_seconds = 0\n", encoding="utf-8")
    report = run_update(path, tmp_path / "atlas", MONDAY)
    assert [item["title"] for item in report["new"]] == ["Chad: Floods displace thousands"]
    [source] = store.read_articles(tmp_path / "atlas").source
    assert source == "Rights Watchdog"


def raw(url: str | None, text: str, title: str = "Chad: Floods") -> RawArticle:
    return RawArticle(title=title, text=text, origin="test", url=url, source="S",
                      published=date(2025, 11, 20))


def test_merge_keeps_one_copy_of_an_article_seen_under_two_urls_or_twice() -> None:
    empty_articles, empty_events = ARTICLE_SCHEMA.empty_table(), EVENT_SCHEMA.empty_table()
    text = "Floods displaced 1,000 people in Chad in August 2025."
    merge = merge_articles(empty_articles, empty_events, [
        raw("https://a.org/chad?utm_source=x", text),
        raw("https://mirror.org/chad", text),  # same content elsewhere
        raw("https://A.org/chad/#top", text, "Chad: Floods (updated)"),  # same URL and text
    ], MONDAY)
    assert (len(merge.new), len(merge.changed), merge.unchanged) == (1, 0, 2)
    assert merge.articles.num_rows == 1
    assert merge.articles.schema == ARTICLE_SCHEMA
    assert merge.events.schema == EVENT_SCHEMA


def test_merge_two_versions_in_one_run_keeps_the_last() -> None:
    empty_articles, empty_events = ARTICLE_SCHEMA.empty_table(), EVENT_SCHEMA.empty_table()
    merge = merge_articles(empty_articles, empty_events, [
        raw("https://a.org/chad", "Floods hit Chad in August 2025."),
        raw("https://a.org/chad", "Floods hit Chad in August 2025. Aid came in October 2025."),
    ], MONDAY)
    assert (len(merge.new), len(merge.changed)) == (1, 0)
    assert merge.articles["text"].to_pylist() == [
        "Floods hit Chad in August 2025. Aid came in October 2025."
    ]
    assert set(merge.events["date_text"].to_pylist()) == {"August 2025", "October 2025"}


def test_canonical_url() -> None:
    assert canonical_url("HTTPS://Example.org/news/a/?utm_source=rss&id=3#top") == (
        "https://example.org/news/a?id=3"
    )
    assert canonical_url("https://example.org") == "https://example.org/"


def test_build_stamps_first_seen(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    assert main(["build", str(ROOT / "tests/fixtures/sources/page.html"), "--out",
                 str(tmp_path), "--quiet"]) == 0
    [first_seen] = store.read_articles(tmp_path).first_seen
    assert before <= first_seen <= datetime.now(UTC)
    table = pq.read_table(store.current_build(tmp_path) / store.ARTICLES_FILE)
    assert table.schema.field("first_seen").type == pa.timestamp("ms", tz="UTC")


def test_update_command_exits_with_errors_named(
    tmp_path: Path, site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[sources]]\nname = "x"\n', encoding="utf-8")
    assert main(["update", "--sources", str(bad), "--out", str(tmp_path / "a")]) == 2
    assert "bad.toml: source 1 ('x'): `url` is missing" in capsys.readouterr().err
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / STATE_FILE).write_text("{not json", encoding="utf-8")
    sources = sources_file(tmp_path, site, "/full.atom")
    assert main(["update", "--sources", str(sources), "--out", str(tmp_path / "a")]) == 2
    assert "fetch_state.json: unreadable fetch state" in capsys.readouterr().err
    old_build = tmp_path / "old"  # written before articles had first_seen
    assert main(["build", str(ROOT / "tests/fixtures/sources/page.html"), "--out",
                 str(old_build), "--quiet"]) == 0
    old_articles = store.current_build(old_build) / store.ARTICLES_FILE
    pq.write_table(pq.read_table(old_articles).drop_columns(["first_seen"]), old_articles)
    capsys.readouterr()
    assert main(["update", "--sources", str(sources), "--out", str(old_build)]) == 2
    assert "articles.parquet: missing column(s) first_seen; rebuild it with `python -m etl " \
        "build`" in capsys.readouterr().err
    assert main(["update", "--sources", str(sources), "--out", str(tmp_path / "b")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("2 new, 0 changed, 0 unchanged, 0 failed; the atlas holds 2 "
                              "articles")
    assert "  new     Tunisia: Lawyer sentenced" in printed


def test_every_keeps_updating_until_sigterm(tmp_path: Path, site: LocalSite) -> None:
    sources = sources_file(tmp_path, site, "/full.atom")
    process = subprocess.Popen(
        [sys.executable, "-m", "etl", "update", "--sources", str(sources), "--out",
         str(tmp_path / "atlas"), "--every", "1s"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while site.hits["/full.atom"] < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert site.hits["/full.atom"] >= 2, "a second update never came"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "SIGTERM: stopping after this update" in err
    assert out.startswith("2 new, 0 changed, 0 unchanged")
    assert "0 new, 0 changed, 2 unchanged" in out
