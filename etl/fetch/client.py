"""A polite, robust HTTP client: the only code of the atlas that uses the network.

Polite: a User-Agent naming the tool and its version (and your contact, if given), robots.txt
read once per host and obeyed, a pause between two requests to one host, conditional requests
so an unchanged feed costs one short 304. Robust: timeouts, retries with exponential backoff on
5xx, 429 and network errors, a cap on redirects and on the body size (counted while streaming,
so a huge body is never held in memory). Every failure is a FetchError whose message names the
URL, what happened and what to do.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from types import TracebackType
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from etl.fetch.config import FetchSettings

TOOL = "rights-atlas"
_ROBOTS_MAX_BYTES = 500_000
_RETRIED_STATUS = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A URL could not be fetched; the message names it, what happened and what to do."""


class StatusError(FetchError):
    """The server answered with a 4xx status: retrying will not help."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said identifies its copy: sent back so it can answer 304."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when the copy we hold is current
    body: bytes  # decompressed; empty for 304
    content_type: str  # the media type, lowercase, without parameters; "" if not given
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def user_agent(contact: str | None) -> str:
    detail = f"; {contact}" if contact else ""
    return f"{TOOL}/{version(TOOL)} (python-httpx/{httpx.__version__}{detail})"


class PoliteClient:
    def __init__(
        self,
        settings: FetchSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.user_agent = user_agent(settings.contact)
        self._sleep = sleep
        self._clock = clock
        self._http = httpx.Client(
            timeout=httpx.Timeout(settings.timeout_seconds),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            headers={"User-Agent": self.user_agent},
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}  # host -> clock() of its last request

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._http.close()

    def get(self, url: str, validators: Validators | None = None) -> Response:
        if not self._robots_allow(url):
            raise FetchError(f"{url}: robots.txt of {_site(url)} disallows it for {TOOL}; "
                             "remove the source, or ask the site to allow it")
        headers = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        return self._get_with_retries(url, headers, self.settings.max_bytes)

    def _get_with_retries(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        attempts = self.settings.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._get_once(url, headers, max_bytes)
            except _Retryable as error:
                if attempt == attempts:
                    raise FetchError(f"{url}: {error} (after {attempts} tries); the server or "
                                     "the network is failing, try again later") from error
                self._sleep(self.settings.backoff_seconds * 2 ** (attempt - 1))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _get_once(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        self._wait_for_host(url)
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                if response.status_code in _RETRIED_STATUS:
                    raise _Retryable(f"HTTP {response.status_code} {response.reason_phrase}")
                if response.status_code >= 400:
                    raise StatusError(f"{url}: HTTP {response.status_code} "
                                      f"{response.reason_phrase}; check the URL",
                                      response.status_code)
                body = b"" if response.status_code == 304 else _capped_body(response, max_bytes)
                return Response(
                    url=str(response.url),
                    status=response.status_code,
                    body=body,
                    content_type=_media_type(response.headers.get("content-type", "")),
                    validators=Validators(
                        response.headers.get("etag"), response.headers.get("last-modified")
                    ),
                )
        except httpx.TooManyRedirects as error:
            raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects (a "
                             "redirect loop?); open it in a browser and use the URL it ends "
                             "at") from error
        except httpx.TimeoutException as error:
            raise _Retryable(f"no answer within {self.settings.timeout_seconds:g} s "
                             f"({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise _Retryable(f"network error ({type(error).__name__}: {error})") from error

    def _wait_for_host(self, url: str) -> None:
        host = _site(url)
        last = self._last_request.get(host)
        if last is not None:
            wait = self.settings.host_delay_seconds - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _robots_allow(self, url: str) -> bool:
        site = _site(url)
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        return self._robots[site].can_fetch(self.user_agent, url)

    def _read_robots(self, site: str) -> RobotFileParser:
        robots = RobotFileParser(f"{site}/robots.txt")
        try:
            response = self._get_with_retries(robots.url, {}, _ROBOTS_MAX_BYTES)
        except StatusError:  # none published (a 4xx): everything is allowed (RFC 9309)
            robots.parse([])
            return robots
        except FetchError as error:
            # Unreachable robots.txt means "disallow everything" (RFC 9309, 2.3.1.4).
            raise FetchError(f"robots.txt of {site} could not be read ({error}); nothing "
                             "is fetched from a site whose rules are unknown") from error
        robots.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return robots


class _Retryable(Exception):
    """A failure worth another try: a 5xx or 429 answer, a timeout, a network error."""


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _capped_body(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    too_big = (f"{response.url}: the body is over the cap of {max_bytes:,} bytes; raise "
               "[fetch] max_bytes in the sources file if this source is really that large")
    # The declared length is of the compressed body; the cap is on what we hold, so only a
    # declared length of an uncompressed body can refuse it before reading.
    compressed = "content-encoding" in response.headers
    if declared.isdigit() and int(declared) > max_bytes and not compressed:
        raise FetchError(too_big)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(too_big)
        chunks.append(chunk)
    return b"".join(chunks)
