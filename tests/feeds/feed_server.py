"""A local HTTP server on 127.0.0.1 serving feeds that behave well and badly, one behaviour per path.

Used by the feed and pipeline tests and by bench/poll.py. Paths:

  /feed/NAME.xml       an RSS feed built from `FeedServer.feeds[NAME]` (entries set by the test), with an ETag;
                       answers 304 to a matching If-None-Match
  /gzip/NAME.xml       the same feed, gzip-compressed
  /bench/N.xml         a small generated RSS feed (benchmark), with an ETag
  /page/NAME.html      an article page from `FeedServer.pages[NAME]`
  /slow                sends headers, then nothing for longer than any test's read timeout
  /error500            HTTP 500
  /malformed           an HTML page, not a feed
  /huge                a 50 MB body
  /gzip-bomb           ~200 KB of gzip that inflates to 200 MB
  /entity-bomb         the "billion laughs" XML entity bomb
  /loop                redirects to /loop-again, which redirects back
  /gone                HTTP 410
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Item:
    guid: str
    title: str
    text: str
    link: str
    published: str  # RFC 822, e.g. "Mon, 02 Mar 2026 12:00:00 +0000"


def rss(title: str, items: list[Item]) -> bytes:
    body = "".join(
        f"<item><guid>{escape(i.guid)}</guid><title>{escape(i.title)}</title><link>{escape(i.link)}</link>"
        f"<pubDate>{i.published}</pubDate><description>{escape(i.text)}</description></item>"
        for i in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://127.0.0.1/</link><description>test</description>{body}</channel></rss>").encode()


ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + b"".join(b'<!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>'
)
HUGE_BYTES = 50 * 1024 * 1024
BOMB_INFLATED = 200 * 1024 * 1024


@cache
def gzip_bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(BOMB_INFLATED // len(block))) + compressor.flush()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up on a huge or slow body is the point of several paths


@dataclass
class FeedServer:
    """The server's state: feeds and pages the tests set, and the requests it saw."""

    feeds: dict[str, tuple[str, list[Item]]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0
    _server: _QuietServer | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> "FeedServer":
        gzip_bomb()  # built once per process, before any client waits on it
        state = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                state.requests.append((self.path, dict(self.headers)))
                try:
                    state._route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _route(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        if path.startswith("/feed/") and path.endswith(".xml"):
            name = path[len("/feed/"):-len(".xml")]
            if name not in self.feeds:
                return _send(h, 404, b"no such feed")
            title, items = self.feeds[name]
            return _send_cacheable(h, rss(title, items))
        if path.startswith("/gzip/") and path[len("/gzip/"):-len(".xml")] in self.feeds:
            title, items = self.feeds[path[len("/gzip/"):-len(".xml")]]
            return _send(h, 200, gzip.compress(rss(title, items)), "application/rss+xml", {"Content-Encoding": "gzip"})
        if path.startswith("/bench/"):
            return _send_cacheable(h, bench_feed(path))
        if path.startswith("/page/") and path[len("/page/"):-len(".html")] in self.pages:
            return _send(h, 200, self.pages[path[len("/page/"):-len(".html")]].encode(), "text/html; charset=utf-8")
        if path == "/slow":
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            h.wfile.write(b"<?xml version='1.0'?>")
            h.wfile.flush()
            time.sleep(30)
            return None
        if path == "/error500":
            return _send(h, 500, b"internal error")
        if path == "/malformed":
            return _send(h, 200, b"<html><body><p>Not a feed <b>at all</p></body>", "text/html")
        if path == "/huge":
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            h.send_header("Content-Length", str(HUGE_BYTES))
            h.end_headers()
            chunk = b"<!-- padding -->" * 4096
            for _ in range(HUGE_BYTES // len(chunk)):
                h.wfile.write(chunk)
            return None
        if path == "/gzip-bomb":
            return _send(h, 200, gzip_bomb(), "application/rss+xml", {"Content-Encoding": "gzip"})
        if path == "/entity-bomb":
            return _send(h, 200, ENTITY_BOMB, "application/rss+xml")
        if path in ("/loop", "/loop-again"):
            return _send(h, 302, b"", headers={"Location": "/loop-again" if path == "/loop" else "/loop"})
        if path == "/gone":
            return _send(h, 410, b"gone")
        return _send(h, 404, b"not found")


def bench_feed(path: str) -> bytes:
    """Feed N of the benchmark: three short items, dated today so no age limit drops them."""
    n = int("".join(c for c in path if c.isdigit()) or 0)
    when = format_datetime(datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0))
    items = [Item(f"bench-{n}-{k}", f"Item {k} of feed {n}", f"Nothing to report in item {k} of feed {n}.",
                  f"http://127.0.0.1/bench/{n}/{k}", when) for k in range(3)]
    return rss(f"Bench feed {n}", items)


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/plain",
          headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.end_headers()
    h.wfile.write(body)


def _send_cacheable(h: BaseHTTPRequestHandler, body: bytes) -> None:
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    if h.headers.get("If-None-Match") == etag:
        h.send_response(304)
        h.send_header("ETag", etag)
        h.send_header("Content-Length", "0")
        h.end_headers()
        return
    _send(h, 200, body, "application/rss+xml", {"ETag": etag})
