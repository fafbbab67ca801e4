"""Is this URL a feed? One fetch and one parse, the poller's own, before /addfeed stores a URL.

Without it a typo or a news site's home page is accepted, polled, fails `max_failures` times and is disabled days
later, the admin told long after they could have fixed it. The fetch is `Fetcher.fetch` with the poller's limits for
feeds added from chat (SSRF guard on every hop, size cap after decompression, connect/read/total timeouts) and the
body goes through `parse_feed` (XML-entity guard included), so /addfeed accepts exactly what a poll would.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.config import FeedsPolicyConfig
from bot.feeds import health
from bot.feeds.fetch import FetchError, Fetcher, FetchLimits, FetchResult
from bot.feeds.parse import NotAFeedError, UnsafeXMLError, parse_feed

#: What the admin is told about an address inside our own network (the URL check and the fetch's guard agree).
PRIVATE_ADDRESS = "That address is on a private or local network, which feeds added from chat may not use."
#: How much of a fetch error's own words go into the one-line answer.
DETAIL_LIMIT = 160
#: How far into a body to look for the marks of an HTML page.
SNIFF_BYTES = 1024


@dataclass(frozen=True, slots=True)
class FeedProbe:
    """What the feed says about itself: its title (None when it has none) and how many entries it holds now."""

    title: str | None
    entries: int


class NotAFeed(Exception):
    """The URL cannot be polled as a feed; the message is one line for the admin."""


async def probe_feed(url: str, policy: FeedsPolicyConfig, *, fetcher: Fetcher | None = None,
                     guarded: bool = True) -> FeedProbe:
    """Fetch `url` once, as a poll would, and parse it; NotAFeed says why it is not a usable feed.

    /addfeed probes as a guarded poll, with a client of its own per call: it is rare, and this way the probe belongs
    to no event loop or life cycle. `transferbot doctor` passes a fetcher that knows the bundled feeds and probes the
    configured feeds unguarded, as the poller treats them.
    """
    own = fetcher is None
    client = Fetcher(max_connections=1) if fetcher is None else fetcher
    try:
        fetched = await client.fetch(url, FetchLimits.for_feeds(policy, guarded=guarded))
    except FetchError as exc:
        raise NotAFeed(fetch_problem(exc)) from None
    finally:
        if own:
            await client.aclose()
    try:
        parsed = await asyncio.to_thread(parse_feed, fetched.body, fetched.url)
    except UnsafeXMLError:
        raise NotAFeed("That document declares XML entities, which a feed never needs and the bot refuses.") \
            from None
    except NotAFeedError:
        raise NotAFeed(f"That page isn't an RSS or Atom feed{_looks_like(fetched)}.") from None
    return FeedProbe(parsed.title, len(parsed.entries))


def fetch_problem(error: FetchError) -> str:
    """A failed fetch in one line an admin can act on."""
    detail = " ".join(error.message.split())[:DETAIL_LIMIT]
    if error.reason == health.BLOCKED_ADDRESS:
        return PRIVATE_ADDRESS
    if error.reason == health.UNREACHABLE:
        return f"That URL did not answer ({detail}); check it, or try again later."
    if error.reason in (health.HTTP_ERROR, health.GONE):
        return f"That URL answered with an error ({detail}); check it."
    if error.reason == health.TOO_LARGE:
        return f"That feed is too large for the bot ({detail})."
    if error.reason == health.TOO_MANY_REDIRECTS:
        return f"That URL redirects too many times ({detail})."
    return f"That URL cannot be fetched ({detail})."


def _looks_like(fetched: FetchResult) -> str:
    """' (it looks like HTML)' when the server says or the body shows it is a web page; '' when unsure."""
    content_type = (fetched.content_type or "").split(";")[0].strip().lower()
    head = fetched.body[:SNIFF_BYTES].lstrip().lower()
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return " (it looks like HTML)"
    if content_type.endswith("json") or head.startswith((b"{", b"[")):
        return " (it looks like JSON)"
    return ""
