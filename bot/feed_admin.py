"""Feed administration from chat (contract 5): /addfeed, /removefeed, /feeds — for admins only.

A feed URL typed in chat is untrusted: only http(s), length-capped, and — unless `feeds_policy.allow_private_addresses`
is set — its host must resolve only to public addresses (the poller re-checks every fetch and every redirect).
/addfeed then fetches it once, as a poll would (`bot.feeds.probe`), and adds only a URL that answers with an RSS or
Atom feed, named by the feed's own title unless the admin gave a name.

`add` is a coroutine (adapters await it: the fetch is network I/O, cancelled with the bot, and its database work
runs in threads); `remove` and `list` are synchronous like `ChatCommands` (adapters call them with
`asyncio.to_thread`). None of them raises on bad input.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from urllib.parse import urlsplit

from bot.commands import ChatRef, Reply
from bot.config import FeedConfig, Settings
from bot.feeds.guard import BlockedAddressError, check_host_blocking
from bot.feeds.probe import PRIVATE_ADDRESS, FeedProbe, NotAFeed, probe_feed
from storage.models import Feed
from storage.repository import Repository, Transaction

MAX_URL = 2000
MAX_NAME = 200
REMOVED = "removed"
REFUSAL = "Only the bot's admins can manage feeds."


def _error(text: str) -> Reply:
    return Reply(text, kind="error")


def _duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"


def _already_polled(tx: Transaction, url: str) -> Reply | None:
    existing = tx.get_feed_by_url(url)
    if existing is not None and existing.enabled:
        return Reply(f"Already polling that feed as #{existing.id} {existing.name}.")
    return None


def feed_health_line(feed: Feed, now: datetime) -> str:
    """One line about a feed for /feeds: which, how often, and how it is doing."""
    head = f"#{feed.id} {feed.name} — {feed.url} (every {_duration(feed.interval_seconds)})"
    if not feed.enabled:
        return f"{head}: disabled ({feed.disabled_reason or 'no reason recorded'})"
    if feed.consecutive_failures:
        return f"{head}: failing, {feed.consecutive_failures} in a row ({(feed.last_error or '')[:120]})"
    if feed.last_success_at is None:
        return f"{head}: not polled yet"
    last = feed.last_success_at.replace(tzinfo=feed.last_success_at.tzinfo or timezone.utc)
    return f"{head}: ok, last polled {_duration(max((now - last).total_seconds(), 0))} ago"


class FeedAdmin:
    """Adds, removes and lists the feeds the bot polls, on behalf of admins in a chat."""

    def __init__(self, repository: Repository, settings: Settings) -> None:
        self.repository = repository
        self.settings = settings

    async def add(self, chat: ChatRef, url: str, name: str | None = None) -> Reply:
        """Check the URL, fetch it once, and add it only if it is a feed; every refusal is one line saying why."""
        if not chat.user_is_admin:
            return _error(REFUSAL)
        url = (url or "").strip()
        problem = await asyncio.to_thread(self._url_problem, url)  # resolving the host name blocks
        if problem:
            return _error(problem)
        polled = await asyncio.to_thread(self._polled_as, url)
        if polled is not None:
            return polled
        try:
            probe = await probe_feed(url, self.settings.feeds_policy)
        except NotAFeed as exc:
            return _error(str(exc))
        return await asyncio.to_thread(self._store, chat, url, name, probe)

    def _polled_as(self, url: str) -> Reply | None:
        """The answer when the feed is polled already (no need to fetch it again), else None."""
        with self.repository.transaction() as tx:
            return _already_polled(tx, url)

    def _store(self, chat: ChatRef, url: str, name: str | None, probe: FeedProbe) -> Reply:
        title = " ".join((name or probe.title or "").split())[:MAX_NAME] or (urlsplit(url).hostname or url)[:MAX_NAME]
        interval = FeedConfig.model_fields["interval"].default
        owner = f"{chat.platform}:{chat.user_id or chat.chat_id}"[:200]
        with self.repository.transaction() as tx:
            polled = _already_polled(tx, url)  # someone else may have added it while we fetched
            if polled is not None:
                return polled
            feed = tx.add_feed(title, url, interval, added_by=owner)
            if not feed.enabled:  # disabled for failing earlier: an admin adding it again means "try again"
                feed.enabled, feed.disabled_reason, feed.consecutive_failures = True, None, 0
        about = f"The feed calls itself “{probe.title}”" if probe.title else "The feed gives itself no title"
        entries = "1 entry" if probe.entries == 1 else f"{probe.entries} entries"
        return Reply(f"Added feed #{feed.id} {feed.name}. {about} and has {entries} now. It is polled every "
                     f"{_duration(interval)}; its first poll records what is there without alerting, later entries "
                     "alert followers.")

    def remove(self, chat: ChatRef, url_or_id: str) -> Reply:
        if not chat.user_is_admin:
            return _error(REFUSAL)
        key = (url_or_id or "").strip()[:MAX_URL]
        if not key:
            return _error("Give the feed's number or URL, e.g. /removefeed 3 (see /feeds).")
        with self.repository.transaction() as tx:
            number = key.lstrip("#")
            feed = tx.get_feed(int(number)) if number.isdigit() else tx.get_feed_by_url(key)
            if feed is None or (not feed.enabled and feed.disabled_reason == REMOVED):
                return _error("No such feed (see /feeds for the list).")
            tx.disable_feed(feed.id, REMOVED)  # type: ignore[arg-type]
        return Reply(f"Removed feed #{feed.id} {feed.name}.")

    def list(self, chat: ChatRef) -> Reply:
        if not chat.user_is_admin:
            return _error(REFUSAL)
        with self.repository.transaction() as tx:
            feeds = [f for f in tx.list_feeds() if f.disabled_reason != REMOVED]
        if not feeds:
            return Reply("No feeds. Add one with /addfeed URL [name].")
        now = datetime.now(timezone.utc)
        return Reply("Feeds:\n" + "\n".join(feed_health_line(feed, now) for feed in feeds), kind="status")

    def _url_problem(self, url: str) -> str | None:
        """Why `url` cannot be added, in words for the admin; None if it can."""
        if not url:
            return "Give the feed's URL, e.g. /addfeed https://example.org/rss.xml"
        if len(url) > MAX_URL:
            return f"That URL is too long (at most {MAX_URL} characters)."
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return "That is not a valid URL."
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "A feed URL must start with http:// or https:// and name a host."
        if self.settings.feeds_policy.allow_private_addresses:
            return None
        try:
            check_host_blocking(parts.hostname, port)
        except BlockedAddressError:
            return PRIVATE_ADDRESS
        except (OSError, UnicodeError):
            return "That host name does not resolve; check the URL."
        return None
