"""Polling: one APScheduler job per feed, each poll fetch → parse → new entries → ingest, and the feed's health.

`FeedPoller.poll` is one poll of one feed, written to survive anything a feed server does: every failure is a
`FetchError`/`NotAFeedError` counted against that feed only (backoff, then disabling with a reason, admins told).
`PollScheduler` keeps one interval job per enabled feed (jittered, so a thousand feeds do not fire at once) and
re-reads the feeds table every few seconds so feeds added or removed from chat are picked up while running.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import FeedsPolicyConfig
from bot.feeds import health
from bot.feeds.fetch import FetchError, Fetcher, FetchLimits
from bot.feeds.fulltext import full_text_reader, is_teaser
from bot.feeds.parse import FeedEntry, NotAFeedError, UnsafeXMLError, parse_feed
from bot.feeds.urls import canonical_url
from bot.ingest import ArticleIngestor, ArticleInput
from storage.models import Feed
from storage.repository import Repository

log = logging.getLogger("bot.scheduler")


class _ShutdownCancellationFilter(logging.Filter):
    """APScheduler's asyncio executor cancels the polls in flight when the scheduler shuts down (as `stop` intends),
    then logs each one as a failed job with a traceback. They did not fail: drop those records, keep real failures."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, asyncio.CancelledError)


logging.getLogger("apscheduler.executors.default").addFilter(_ShutdownCancellationFilter())

#: Feeds written in the configuration file are trusted by the operator (they may be on 127.0.0.1 or file://);
#: feeds added from chat are checked by the SSRF guard.
CONFIG_FEED_OWNER = "config"


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """What one poll did, for logs, tests and the benchmark."""

    feed_id: int
    status: str  # "ok" | "not_modified" | "failed" | "skipped"
    entries: int = 0
    new: int = 0
    alerts: int = 0
    reason: str | None = None
    disabled: bool = False


class AdminNotifier:
    """Tells admins about a feed being disabled: an outbox row to each admin chat, and always a log line."""

    def __init__(self, repository: Repository, admin_chats: Sequence[tuple[str, str]] = ()) -> None:
        self.repository = repository
        self.admin_chats = list(admin_chats)

    def feed_disabled(self, feed: Feed, reason: str, error: str) -> int:
        text = f"Feed disabled: {feed.name} ({feed.url}) — {reason} after {feed.consecutive_failures} failed " \
               f"poll(s); last error: {error[:300]}"
        log.warning("event=feed_disabled feed=%s name=%r reason=%r failures=%s error=%r", feed.id, feed.name, reason,
                    feed.consecutive_failures, error[:300])
        payload = {"player": None, "player_id": None, "article": None, "changes": [], "text": text,
                   "notice": "feed_disabled",
                   "feed": {"id": feed.id, "name": feed.name, "url": feed.url, "reason": reason}}
        queued = 0
        with self.repository.transaction() as tx:
            for platform, chat_key in self.admin_chats:
                chat = tx.get_or_create_chat(platform, chat_key)
                key = f"feed-disabled:{feed.id}:{chat.id}:{feed.last_polled_at}"
                queued += tx.enqueue_alert(chat_id=chat.id, payload=payload, idempotency_key=key) is not None  # type: ignore[arg-type]
        return queued


class FeedPoller:
    """Polls one feed at a time: conditional GET, safe parse, new entries ingested, health recorded."""

    def __init__(
        self,
        repository: Repository,
        ingestor: ArticleIngestor,
        fetcher: Fetcher,
        policy: FeedsPolicyConfig,
        *,
        notifier: AdminNotifier | None = None,
        on_alerts: Callable[[], None] | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.repository = repository
        self.ingestor = ingestor
        self.fetcher = fetcher
        self.policy = policy
        self.notifier = notifier or AdminNotifier(repository)
        self.on_alerts = on_alerts
        self.clock = clock
        self.full_text = full_text_reader(fetcher, policy.page_fetches_per_host)  # None: teasers are read as they are

    async def poll(self, feed_id: int) -> PollOutcome:
        """One poll of one feed. Never raises for anything the feed does; the outcome says what happened."""
        feed = await asyncio.to_thread(self._load, feed_id)
        now = self.clock()
        if feed is None or not feed.enabled:
            return PollOutcome(feed_id, "skipped")
        due = _aware(feed.next_poll_at)
        if feed.consecutive_failures and due is not None and due > now:
            return PollOutcome(feed_id, "skipped")  # backing off after failures
        started = time.perf_counter()
        guarded = feed.added_by != CONFIG_FEED_OWNER
        try:
            fetched = await self.fetcher.fetch(feed.url, FetchLimits.for_feeds(self.policy, guarded=guarded),
                                               etag=feed.etag, last_modified=feed.last_modified)
            if fetched.not_modified:
                outcome = PollOutcome(feed_id, "not_modified")
            else:
                parsed = await asyncio.to_thread(parse_feed, fetched.body, fetched.url, feed.name)
                outcome = await self._ingest(feed, parsed.entries, now, guarded)
        except FetchError as exc:
            return await self._failed(feed, exc.reason, exc.message, now)
        except UnsafeXMLError as exc:
            return await self._failed(feed, health.UNSAFE_XML, str(exc), now)
        except NotAFeedError as exc:
            return await self._failed(feed, health.NOT_A_FEED, str(exc), now)
        await asyncio.to_thread(self._succeeded, feed, now, fetched.etag, fetched.last_modified)
        log.info("event=feed_polled feed=%s status=%s entries=%s new=%s alerts=%s ms=%.0f", feed_id,
                 fetched.status, outcome.entries, outcome.new, outcome.alerts, (time.perf_counter() - started) * 1000)
        if outcome.alerts and self.on_alerts is not None:
            self.on_alerts()
        return outcome

    async def _ingest(self, feed: Feed, entries: Sequence[FeedEntry], now: datetime, guarded: bool) -> PollOutcome:
        oldest = now - timedelta(seconds=self.policy.max_article_age)
        fresh = [e for e in entries if e.published is None or e.published >= oldest]
        fresh.sort(key=lambda e: e.published or now)  # oldest first: the story unfolds in the order it happened
        new = alerts = 0
        for entry in fresh:
            item = await self._article(feed, entry, guarded)
            if item is None:
                continue
            try:
                result = await asyncio.to_thread(self.ingestor.ingest, item)
            except Exception:  # one bad article must not stop the feed; it is retried on the next poll
                log.exception("event=ingest_error feed=%s guid=%r", feed.id, entry.guid)
                continue
            new += result.new
            alerts += result.alerts_queued
        return PollOutcome(feed.id, "ok", entries=len(entries), new=new, alerts=alerts)  # type: ignore[arg-type]

    async def _article(self, feed: Feed, entry: FeedEntry, guarded: bool) -> ArticleInput | None:
        """The entry as an article to ingest, its full text fetched if it is a teaser; None if already stored."""
        canonical = canonical_url(entry.url) if entry.url else None
        if await asyncio.to_thread(self._stored, entry.guid, canonical):
            return None
        text = entry.text
        if self.full_text is not None and entry.url and is_teaser(entry, self.policy.teaser_chars):
            limits = FetchLimits.for_pages(self.policy, guarded=guarded)
            text = await self.full_text.read(entry.url, limits) or text
        text = text.strip() or (entry.title or "")
        if not text:
            return None
        return ArticleInput(text=text, url=entry.url, canonical_url=canonical, guid=entry.guid, title=entry.title,
                            outlet=entry.outlet, published=entry.published, feed_id=feed.id,
                            alert=feed.first_poll_done)

    async def _failed(self, feed: Feed, reason: str, message: str, now: datetime) -> PollOutcome:
        failures = feed.consecutive_failures + 1
        disable = health.disable_reason(reason, failures, self.policy.max_failures)
        next_poll = health.next_poll_after_failure(now, feed.interval_seconds, failures)
        updated = await asyncio.to_thread(self._record_failure, feed, now, next_poll, f"{reason}: {message}", disable)
        log.warning("event=feed_failed feed=%s reason=%r failures=%s retry_in=%.0fs error=%r", feed.id, reason,
                    failures, (next_poll - now).total_seconds(), message[:300])
        if disable and updated is not None:
            if await asyncio.to_thread(self.notifier.feed_disabled, updated, disable, message) and self.on_alerts:
                self.on_alerts()
        return PollOutcome(feed.id, "failed", reason=reason, disabled=bool(disable))  # type: ignore[arg-type]

    # Database steps (synchronous; run in a thread).
    def _load(self, feed_id: int) -> Feed | None:
        with self.repository.transaction() as tx:
            return tx.get_feed(feed_id)

    def _stored(self, guid: str | None, canonical: str | None) -> bool:
        with self.repository.transaction() as tx:
            return tx.find_article_id(guid=guid, canonical_url=canonical) is not None

    def _succeeded(self, feed: Feed, now: datetime, etag: str | None, last_modified: str | None) -> None:
        with self.repository.transaction() as tx:
            tx.record_feed_success(feed.id, polled_at=now, next_poll_at=now + timedelta(seconds=feed.interval_seconds),  # type: ignore[arg-type]
                                   etag=etag, last_modified=last_modified)

    def _record_failure(self, feed: Feed, now: datetime, next_poll: datetime, error: str,
                        disable: str | None) -> Feed | None:
        with self.repository.transaction() as tx:
            return tx.record_feed_failure(feed.id, polled_at=now, next_poll_at=next_poll, error=error,  # type: ignore[arg-type]
                                          disable_reason=disable)


class PollScheduler:
    """One jittered APScheduler interval job per enabled feed, kept in step with the feeds table."""

    def __init__(self, poller: FeedPoller, repository: Repository, *, sync_seconds: float = 5.0,
                 jitter_fraction: float = 0.1) -> None:
        self.poller = poller
        self.repository = repository
        self.sync_seconds = sync_seconds
        self.jitter_fraction = jitter_fraction
        self.scheduler = AsyncIOScheduler(timezone=timezone.utc, job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": None})
        self._intervals: dict[int, float] = {}

    async def start(self) -> None:
        self.scheduler.start()
        await self.sync()
        self.scheduler.add_job(self.sync, IntervalTrigger(seconds=self.sync_seconds), id="feeds:sync")

    def stop(self) -> None:
        """Stop scheduling; polls in flight are cancelled (their articles are committed one by one, or not at all)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def sync(self) -> None:
        """Add jobs for new feeds, drop those of removed or disabled ones, follow interval changes."""
        feeds = await asyncio.to_thread(self._enabled_feeds)
        wanted = {feed.id: feed.interval_seconds for feed in feeds}
        for feed_id in set(self._intervals) - set(wanted):
            self.scheduler.remove_job(f"feed:{feed_id}")
            del self._intervals[feed_id]
        for feed_id, interval in wanted.items():
            if self._intervals.get(feed_id) == interval:
                continue
            jitter = min(interval * self.jitter_fraction, 60.0)
            first_run = _utcnow() + timedelta(seconds=random.uniform(0, jitter))
            self.scheduler.add_job(self.poller.poll, IntervalTrigger(seconds=interval, jitter=jitter or None),
                                   args=[feed_id], id=f"feed:{feed_id}", replace_existing=True,
                                   next_run_time=first_run)
            self._intervals[feed_id] = interval
        log.debug("event=feeds_synced feeds=%s", len(wanted))

    def _enabled_feeds(self) -> list[Feed]:
        with self.repository.transaction() as tx:
            return tx.list_feeds(enabled_only=True)
