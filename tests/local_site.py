"""A web site on 127.0.0.1 in this process, serving fixture feeds and pages and misbehaving on
purpose: shared by the fetch tests and benchmarks/update_speed.py. Nothing touches the internet.

Each path answers with a `Reply`, or with the next of a list of them (a 500, then a 200). A
reply with an ETag answers 304 to a request that sends it back. `{base}` in a body becomes the
site's address, so fixture feeds can link to the site's own pages.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"


@dataclass(frozen=True)
class Reply:
    body: str | bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str | None = None
    gzip: bool = False
    delay: float = 0.0  # seconds before answering: a server that hangs
    headers: dict[str, str] = field(default_factory=dict)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


class LocalSite:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        self.routes: dict[str, Reply | list[Reply]] = {}
        self.hits: Counter[str] = Counter()  # path (with query) -> requests
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers) in order

    def url(self, path: str) -> str:
        return self.base + path

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        self.hits[path] += 1
        self.requests.append((path, dict(handler.headers.items())))
        route = self.routes.get(path) or self.routes.get(path.split("?", 1)[0])
        if isinstance(route, list):
            route = route.pop(0) if len(route) > 1 else route[0]
        reply = route or Reply(b"not here", "text/plain", status=404)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.etag and handler.headers.get("If-None-Match") == reply.etag:
            handler.send_response(304)
            handler.send_header("ETag", reply.etag)
            handler.end_headers()
            return
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        body = body.replace(b"{base}", self.base.encode("ascii"))
        if reply.gzip:
            body = gzip.compress(body)
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(body)))
        if reply.gzip:
            handler.send_header("Content-Encoding", "gzip")
        if reply.etag:
            handler.send_header("ETag", reply.etag)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        # The client may give up first (a size cap, a timeout): not the site's problem.
        with suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(body)


@contextmanager
def local_site() -> Iterator[LocalSite]:
    site: LocalSite | None = None

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            assert site is not None
            site.answer(self)

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = LocalSite(server)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
