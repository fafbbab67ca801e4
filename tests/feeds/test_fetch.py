"""The fetcher against a local server: conditional GET, and every way a server can misbehave, within limits."""

from __future__ import annotations

import resource
from collections.abc import AsyncIterator

import pytest

from bot.feeds import health
from bot.feeds.fetch import Fetcher, FetchError, FetchLimits
from tests.feeds.feed_server import BOMB_INFLATED, FeedServer, Item

LIMITS = FetchLimits(max_bytes=2_000_000, connect_timeout=2, read_timeout=1, total_timeout=5, max_redirects=3)
ITEM = Item("g1", "Arsenal eye striker", "Arsenal are monitoring the striker.", "http://127.0.0.1/a/1",
            "Mon, 02 Mar 2026 12:00:00 +0000")


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    f = Fetcher()
    yield f
    await f.aclose()


async def _failure(fetcher: Fetcher, url: str, limits: FetchLimits = LIMITS) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(url, limits)
    return caught.value


async def test_conditional_get_gets_a_304_when_nothing_changed(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.feeds["news"] = ("News", [ITEM])
    first = await fetcher.fetch(feed_server.url("/feed/news.xml"), LIMITS)
    assert first.status == 200 and b"Arsenal eye striker" in first.body and first.etag
    second = await fetcher.fetch(feed_server.url("/feed/news.xml"), LIMITS, etag=first.etag)
    assert second.not_modified and second.body == b""
    assert feed_server.requests[-1][1].get("If-None-Match") == first.etag
    feed_server.feeds["news"] = ("News", [ITEM, Item("g2", "More", "More news.", "http://x/2", ITEM.published)])
    third = await fetcher.fetch(feed_server.url("/feed/news.xml"), LIMITS, etag=first.etag)
    assert third.status == 200 and third.etag != first.etag


@pytest.mark.parametrize(
    ("path", "reason", "words"),
    [
        ("/slow", health.UNREACHABLE, "timed out"),
        ("/error500", health.HTTP_ERROR, "HTTP 500"),
        ("/huge", health.TOO_LARGE, "52428800"),
        ("/gzip-bomb", health.TOO_LARGE, "larger than"),
        ("/loop", health.TOO_MANY_REDIRECTS, "more than 3 redirects"),
        ("/gone", health.GONE, "410"),
        ("/feed/absent.xml", health.HTTP_ERROR, "HTTP 404"),
    ],
)
async def test_misbehaving_servers_fail_with_a_reason(
    fetcher: Fetcher, feed_server: FeedServer, path: str, reason: str, words: str
) -> None:
    error = await _failure(fetcher, feed_server.url(path))
    assert error.reason == reason and words in error.message


async def test_a_huge_body_without_content_length_is_cut_off_while_streaming(
    fetcher: Fetcher, feed_server: FeedServer
) -> None:
    feed_server.feeds["big"] = ("Big", [Item(f"g{n}", "t" * 500, "x" * 5000, f"http://x/{n}", ITEM.published)
                                        for n in range(500)])
    error = await _failure(fetcher, feed_server.url("/feed/big.xml"), FetchLimits(max_bytes=100_000))
    assert error.reason == health.TOO_LARGE


async def test_gzip_bomb_is_never_inflated_in_memory(fetcher: Fetcher, feed_server: FeedServer) -> None:
    from tests.feeds.feed_server import gzip_bomb

    gzip_bomb()  # build it before measuring
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    error = await _failure(fetcher, feed_server.url("/gzip-bomb"))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert error.reason == health.TOO_LARGE
    assert grown_kib * 1024 < BOMB_INFLATED / 10  # far below the 200 MB it would inflate to


async def test_gzip_bodies_are_decompressed(fetcher: Fetcher, feed_server: FeedServer) -> None:
    feed_server.feeds["news"] = ("News", [ITEM])
    plain = await fetcher.fetch(feed_server.url("/feed/news.xml"), LIMITS)
    zipped = await fetcher.fetch(feed_server.url("/gzip/news.xml"), LIMITS)
    assert zipped.body == plain.body and b"Arsenal eye striker" in zipped.body


async def test_private_addresses_are_refused_when_guarded(fetcher: Fetcher, feed_server: FeedServer) -> None:
    guarded = FetchLimits(max_bytes=1000, allow_private=False)
    error = await _failure(fetcher, feed_server.url("/feed/news.xml"), guarded)
    assert error.reason == health.BLOCKED_ADDRESS
    assert feed_server.requests == []  # refused before any connection was made
    error = await _failure(fetcher, f"http://localhost:{feed_server.port}/feed/news.xml", guarded)
    assert error.reason == health.BLOCKED_ADDRESS and "127.0.0.1" in error.message


async def test_unreachable_port_and_unknown_scheme(fetcher: Fetcher) -> None:
    assert (await _failure(fetcher, "http://127.0.0.1:9/feed.xml")).reason == health.UNREACHABLE
    assert (await _failure(fetcher, "gopher://example.org/")).reason == health.NOT_A_FEED


async def test_file_and_bundled_feeds(tmp_path, fetcher: Fetcher) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<rss/>")
    assert (await fetcher.fetch(path.as_uri(), LIMITS)).body == b"<rss/>"
    assert (await _failure(fetcher, path.as_uri(), FetchLimits(max_bytes=3))).reason == health.TOO_LARGE
    bundled = Fetcher({"bundled:test": lambda: b"<feed/>"})
    try:
        assert (await bundled.fetch("bundled:test", LIMITS)).body == b"<feed/>"
    finally:
        await bundled.aclose()
