"""Fetching a feed or an article page with hard limits, so one hostile or broken server cannot hurt the bot.

Why not just `httpx.get`: a feed server may be slow (a read timeout per chunk does not bound a server dripping a
byte a second, so there is also a total deadline), huge (the body is streamed and counted), a gzip bomb (the body is
decompressed here, from the raw stream, with a bound on the *decompressed* size — httpx's own decoder inflates a
whole network chunk at once, which a bomb turns into hundreds of megabytes), a redirect loop (redirects are followed
by hand, at most `max_redirects`, each hop re-checked by the SSRF guard), or an address inside our own network.

Conditional GET (ETag / If-Modified-Since) makes an unchanged feed cost one tiny 304.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import httpx

from bot.config import FeedsPolicyConfig
from bot.feeds import health
from bot.feeds.guard import BlockedAddressError, check_address, check_host

USER_AGENT = "transferbot/0.1 (+https://github.com/transferbot; feed reader)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How much a single fetch may cost, and whether it may reach private addresses."""

    max_bytes: int
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_redirects: int = 5
    allow_private: bool = True

    @classmethod
    def for_feeds(cls, policy: FeedsPolicyConfig, *, guarded: bool) -> "FetchLimits":
        return cls._from(policy, policy.max_feed_bytes, guarded)

    @classmethod
    def for_pages(cls, policy: FeedsPolicyConfig, *, guarded: bool) -> "FetchLimits":
        return cls._from(policy, policy.max_page_bytes, guarded)

    @classmethod
    def _from(cls, policy: FeedsPolicyConfig, max_bytes: int, guarded: bool) -> "FetchLimits":
        return cls(
            max_bytes=max_bytes,
            connect_timeout=policy.connect_timeout,
            read_timeout=policy.read_timeout,
            total_timeout=policy.total_timeout,
            max_redirects=policy.max_redirects,
            allow_private=policy.allow_private_addresses or not guarded,
        )


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched body (empty for 304 Not Modified) and the validators for the next conditional GET."""

    status: int
    body: bytes
    url: str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A failed fetch; `reason` is one of the `bot.feeds.health` reasons an admin sees."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


class _BoundedBody:
    """Collects a body, decompressing gzip/deflate as it streams in, and refuses to grow past `limit` bytes."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        encoding = (content_encoding or "identity").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            self._inflater: zlib._Decompress | None = zlib.decompressobj(wbits=47)  # gzip or zlib header
        elif encoding in ("identity", ""):
            self._inflater = None
        else:
            raise FetchError(health.HTTP_ERROR, f"unsupported content encoding {encoding!r}")
        self.limit = limit
        self._data = bytearray()

    def feed(self, chunk: bytes) -> None:
        if self._inflater is None:
            self._append(chunk)
            return
        try:
            while chunk:
                self._append(self._inflater.decompress(chunk, self.limit - len(self._data) + 1))
                chunk = self._inflater.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(health.HTTP_ERROR, f"corrupt compressed body ({exc})") from None

    def _append(self, piece: bytes) -> None:
        self._data += piece
        if len(self._data) > self.limit:
            raise FetchError(health.TOO_LARGE, f"body larger than {self.limit} bytes")

    def result(self) -> bytes:
        return bytes(self._data)


BundledFeeds = Mapping[str, Callable[[], bytes]]


class Fetcher:
    """One shared HTTP client for every feed and page fetch (connection pooling), plus file:// and bundled feeds."""

    def __init__(self, bundled: BundledFeeds | None = None, *, max_connections: int = 200) -> None:
        self.bundled = dict(bundled or {})
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self, url: str, limits: FetchLimits, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch `url` within `limits`; raise FetchError (with a health reason) on any failure."""
        if url in self.bundled:
            return FetchResult(200, self.bundled[url](), url)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            return _read_file(url, limits.max_bytes)
        if scheme not in ("http", "https"):
            raise FetchError(health.NOT_A_FEED, f"cannot fetch {scheme or 'scheme-less'} URLs")
        try:
            async with asyncio.timeout(limits.total_timeout):
                return await self._fetch_http(url, limits, etag, last_modified)
        except TimeoutError:
            raise FetchError(health.UNREACHABLE, f"no complete response within {limits.total_timeout:g}s") from None
        except BlockedAddressError as exc:
            raise FetchError(health.BLOCKED_ADDRESS, str(exc)) from None
        except httpx.TimeoutException as exc:
            raise FetchError(health.UNREACHABLE, f"timed out ({type(exc).__name__})") from None
        except (httpx.TransportError, OSError) as exc:
            raise FetchError(health.UNREACHABLE, f"{type(exc).__name__}: {exc}"[:300]) from None
        except httpx.InvalidURL as exc:
            raise FetchError(health.NOT_A_FEED, f"invalid URL ({exc})") from None

    async def _fetch_http(
        self, url: str, limits: FetchLimits, etag: str | None, last_modified: str | None
    ) -> FetchResult:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
        for _hop in range(limits.max_redirects + 1):
            await _check_target(url, limits)
            async with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
                _check_peer(response, limits)
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    url = _redirect_target(url, response.headers["location"])
                    continue
                return await _read_response(response, url, limits)
        raise FetchError(health.TOO_MANY_REDIRECTS, f"more than {limits.max_redirects} redirects")


async def _check_target(url: str, limits: FetchLimits) -> None:
    if limits.allow_private:
        return
    parts = urlsplit(url)
    if not parts.hostname:
        raise FetchError(health.NOT_A_FEED, "URL has no host")
    await check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def _check_peer(response: httpx.Response, limits: FetchLimits) -> None:
    """The address actually connected to must pass too (a name may resolve differently the second time)."""
    if limits.allow_private:
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        check_address(str(peer[0]))


def _redirect_target(current: str, location: str) -> str:
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise FetchError(health.HTTP_ERROR, f"redirect to a non-http URL {target[:200]!r}")
    return target


async def _read_response(response: httpx.Response, url: str, limits: FetchLimits) -> FetchResult:
    status = response.status_code
    etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
    if status == 304:
        return FetchResult(304, b"", url, etag, modified)
    if status in _REDIRECTS:
        raise FetchError(health.HTTP_ERROR, f"HTTP {status} without a Location")
    if status == 410:
        raise FetchError(health.GONE, "HTTP 410 Gone")
    if not 200 <= status < 300:
        raise FetchError(health.HTTP_ERROR, f"HTTP {status}")
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding")
    if declared.isdigit() and not encoding and int(declared) > limits.max_bytes:
        raise FetchError(health.TOO_LARGE, f"declares {declared} bytes, limit {limits.max_bytes}")
    body = _BoundedBody(encoding, limits.max_bytes)
    async for chunk in response.aiter_raw(_CHUNK):
        body.feed(chunk)
    return FetchResult(status, body.result(), url, etag, modified, response.headers.get("content-type"))


def _read_file(url: str, max_bytes: int) -> FetchResult:
    """A feed on local disk (configured by the operator only: chat users cannot add file:// feeds)."""
    path = Path(url2pathname(urlsplit(url).path))
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FetchError(health.UNREACHABLE, f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise FetchError(health.TOO_LARGE, f"{path} is larger than {max_bytes} bytes")
    return FetchResult(200, data, url)
