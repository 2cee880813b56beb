"""The polite HTTP client and the sources file, against a local site that misbehaves on
purpose (tests/local_site.py): 304, 404, 500 then 200, a timeout, a redirect loop, a body over
the cap, gzip, robots.txt. No test touches the internet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.fetch.client import FetchError, PoliteClient, StatusError, Validators
from etl.fetch.config import ConfigError, FetchSettings, Source, load_config, parse_config
from tests.local_site import LocalSite, Reply, fixture_text, local_site

ROOT = Path(__file__).resolve().parent.parent
FAST = FetchSettings(timeout_seconds=1, retries=1, backoff_seconds=0, host_delay_seconds=0,
                     max_bytes=100_000)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with local_site() as served:
        yield served


@pytest.fixture
def client() -> Iterator[PoliteClient]:
    with PoliteClient(FAST) as polite:
        yield polite


# The client ----------------------------------------------------------------------------------


def test_conditional_request_gets_304_and_sends_user_agent(
    site: LocalSite, client: PoliteClient
) -> None:
    site.routes["/feed"] = Reply(fixture_text("summary.rss"), etag='"v1"')
    first = client.get(site.url("/feed"))
    assert (first.status, first.validators.etag) == (200, '"v1"')
    assert first.content_type == "application/rss+xml"
    assert b"Chad: Floods displace thousands" in first.body
    again = client.get(site.url("/feed"), first.validators)
    assert again.not_modified and again.body == b""
    [(_, first_headers), (_, again_headers)] = [
        r for r in site.requests if r[0] == "/feed"
    ]
    assert "If-None-Match" not in first_headers
    assert again_headers["If-None-Match"] == '"v1"'
    assert first_headers["User-Agent"].startswith("rights-atlas/0.1.0 (python-httpx/")


def test_404_is_named_and_not_retried(site: LocalSite, client: PoliteClient) -> None:
    with pytest.raises(StatusError, match=r"/gone: HTTP 404 Not Found; check the URL") as error:
        client.get(site.url("/gone"))
    assert error.value.status == 404
    assert site.hits["/gone"] == 1


def test_500_then_200_is_retried_with_backoff(site: LocalSite) -> None:
    site.routes["/flaky"] = [Reply(b"oops", "text/plain", status=500),
                             Reply(fixture_text("summary.rss"))]
    waits: list[float] = []
    settings = FetchSettings(retries=2, backoff_seconds=0.5, host_delay_seconds=0)
    with PoliteClient(settings, sleep=waits.append) as polite:
        response = polite.get(site.url("/flaky"))
    assert response.status == 200
    assert site.hits["/flaky"] == 2
    assert waits == [0.5]


def test_500_every_time_fails_after_the_retries(site: LocalSite) -> None:
    site.routes["/down"] = Reply(b"oops", "text/plain", status=503)
    waits: list[float] = []
    settings = FetchSettings(retries=2, backoff_seconds=1, host_delay_seconds=0)
    with PoliteClient(settings, sleep=waits.append) as polite, pytest.raises(
        FetchError, match=r"/down: HTTP 503 Service Unavailable \(after 3 tries\); the server"
    ):
        polite.get(site.url("/down"))
    assert waits == [1, 2]  # doubled each time


def test_a_server_that_hangs_times_out(site: LocalSite) -> None:
    site.routes["/slow"] = Reply(fixture_text("summary.rss"), delay=1.5)
    settings = FetchSettings(timeout_seconds=0.3, retries=0, host_delay_seconds=0)
    with PoliteClient(settings) as polite, pytest.raises(
        FetchError, match=r"/slow: no answer within 0.3 s \(ReadTimeout\) \(after 1 tries\)"
    ):
        polite.get(site.url("/slow"))


def test_redirects_are_followed_and_a_loop_is_stopped(
    site: LocalSite, client: PoliteClient
) -> None:
    site.routes["/old"] = Reply(status=301, headers={"Location": "/feed"})
    site.routes["/feed"] = Reply(fixture_text("summary.rss"))
    assert client.get(site.url("/old")).url == site.url("/feed")
    site.routes["/loop"] = Reply(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match=r"/loop: more than 5 redirects \(a redirect loop\?\)"):
        client.get(site.url("/loop"))
    assert site.hits["/loop"] == 6


def test_a_body_over_the_cap_is_refused_while_streaming(site: LocalSite) -> None:
    big = b"<rss>" + b"x" * 5000
    site.routes["/big"] = Reply(big)
    site.routes["/big.gz"] = Reply(big, gzip=True)  # small on the wire, big once unpacked
    settings = FetchSettings(max_bytes=1000, host_delay_seconds=0)
    with PoliteClient(settings) as polite:
        for path in ("/big", "/big.gz"):
            with pytest.raises(FetchError, match=r"over the cap of 1,000 bytes; raise \[fetch\]"):
                polite.get(site.url(path))


def test_gzip_is_unpacked(site: LocalSite, client: PoliteClient) -> None:
    site.routes["/feed.gz"] = Reply(fixture_text("summary.rss"), gzip=True)
    response = client.get(site.url("/feed.gz"))
    assert response.body.startswith(b'<?xml version="1.0"')
    assert site.requests[-1][1]["Accept-Encoding"].startswith("gzip")


def test_robots_txt_is_read_once_and_obeyed(site: LocalSite, client: PoliteClient) -> None:
    site.routes["/robots.txt"] = Reply("User-agent: *\nDisallow: /private/\n", "text/plain")
    site.routes["/private/feed"] = Reply(fixture_text("summary.rss"))
    site.routes["/feed"] = Reply(fixture_text("summary.rss"))
    with pytest.raises(FetchError, match=r"robots.txt of http://127.0.0.1:\d+ disallows it"):
        client.get(site.url("/private/feed"))
    client.get(site.url("/feed"))
    assert site.hits["/private/feed"] == 0
    assert site.hits["/robots.txt"] == 1


def test_an_unreachable_robots_txt_disallows_the_site(site: LocalSite) -> None:
    site.routes["/robots.txt"] = Reply(b"", "text/plain", status=500)
    with PoliteClient(FAST, sleep=lambda _: None) as polite, pytest.raises(
        FetchError, match=r"robots.txt of http://127.0.0.1:\d+ could not be read .*HTTP 500"
    ):
        polite.get(site.url("/feed"))


def test_requests_to_one_host_are_spaced(site: LocalSite) -> None:
    site.routes["/feed"] = Reply(fixture_text("summary.rss"))
    waits: list[float] = []
    settings = FetchSettings(host_delay_seconds=5, retries=0)
    with PoliteClient(settings, sleep=waits.append, clock=lambda: 100.0) as polite:
        polite.get(site.url("/feed"))  # robots.txt, then the feed: one wait
        polite.get(site.url("/feed"), Validators())
    assert waits == [5.0, 5.0]


# The sources file ----------------------------------------------------------------------------


def test_the_example_sources_file_is_valid() -> None:
    config = load_config(ROOT / "sources.example.toml")
    names = [source.name for source in config.sources]
    assert names == ["amnesty", "hrw", "ohchr"]
    assert all(source.url.startswith("https://") for source in config.sources)
    assert config.sources[0] == Source("amnesty", "https://www.amnesty.org/en/feed/",
                                       "Amnesty International")


def test_settings_and_kinds_are_read() -> None:
    config = parse_config(
        {"fetch": {"timeout_seconds": 5, "contact": "mailto:me@example.org"},
         "sources": [{"name": "one-page", "url": "https://example.org/a", "kind": "page",
                      "full_text": "never"}]},
        "s.toml",
    )
    assert config.settings.timeout_seconds == 5
    assert config.settings.contact == "mailto:me@example.org"
    assert config.sources[0].kind == "page"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sources": [{"name": "a", "url": "https://x.org", "publsher": "X"}]},
         "s.toml: source 1 ('a'): unknown key(s) publsher; the keys are name, url, publisher, "
         "kind, full_text"),
        ({"sources": [{"name": "a"}]},
         "s.toml: source 1 ('a'): `url` is missing; give it an http:// or https:// URL"),
        ({"sources": [{"name": "a", "url": "ftp://x.org/feed"}]},
         "s.toml: source 1 ('a'): url 'ftp://x.org/feed' is not an http:// or https:// URL"),
        ({"sources": [{"name": "Amnesty News", "url": "https://x.org"}]},
         "s.toml: source 1 ('Amnesty News'): name 'Amnesty News' is not a short name"),
        ({"sources": [{"name": "a", "url": "https://x.org", "kind": "blog"}]},
         "s.toml: source 1 ('a'): kind 'blog' is not one of feed, page"),
        ({"sources": [{"name": "a", "url": "https://x.org"}, {"name": "a", "url": "https://y.org"}]},
         "s.toml: source name(s) a used more than once"),
        ({"sources": [{"name": "a", "url": "https://x.org"}], "fetch": {"retries": True}},
         "s.toml: [fetch]: retries = True is not a whole number, 0 or more"),
        ({"sources": [{"name": "a", "url": "https://x.org"}], "fetch": {"max_bytes": 0}},
         "s.toml: [fetch] max_bytes = 0 is not a whole number of bytes above 0"),
        ({"source": [{"name": "a", "url": "https://x.org"}]},
         "s.toml: unknown top-level key(s) source"),
        ({}, "s.toml: no [[sources]] entries; add one per feed or page"),
    ],
)
def test_sources_file_errors_name_the_file_the_source_and_the_fix(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(data, "s.toml")
    assert str(error.value).startswith(message)


def test_a_sources_file_that_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text('[[sources]]\nname = "a\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources.toml: not valid TOML \(.*line 2"):
        load_config(path)
