"""The running bot: every part wired together in one asyncio process, in this one place (contract 6).

    feeds ──► PollScheduler/FeedPoller ──► ArticleIngestor ──► outbox ──► DeliveryWorker ──► adapters

Chat adapters are built by the functions in `ADAPTER_BUILDERS`; each returns an adapter (an object with `platform`,
`async start()`, `async stop()` and `async send_alert(...)`, so it is also the AlertSender for its platform) when
the configuration asks for it, or None. Adding a platform is adding one builder to that tuple.

Shutting down (Ctrl-C, SIGTERM, /quit, --exit-after) stops polling and delivery between rows; whatever is not done
stays in the outbox for the next start.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from adapters.console import ConsoleAdapter
from adapters.discord_bot import DM_PREFIX, DiscordAdapter
from adapters.telegram import TelegramAdapter
from bot.commands import ChatCommands
from bot.config import SAMPLE_FEED_URL, Settings
from bot.delivery import DeliveryWorker
from bot.extraction import default_extractor
from bot.feed_admin import FeedAdmin
from bot.feeds.fetch import Fetcher
from bot.feeds.sample import SampleSaga
from bot.ingest import ArticleIngestor
from bot.scheduler import CONFIG_FEED_OWNER, AdminNotifier, FeedPoller, PollScheduler
from storage.database import open_repository
from storage.repository import Repository

log = logging.getLogger("bot.app")


class ChatAdapter(Protocol):
    platform: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send_alert(self, platform_chat_id: str, payload: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class RunOptions:
    """How `transferbot run` was asked to run (command-line flags, not configuration)."""

    force_console: bool = False
    commands_source: TextIO | None = None  # None: the keyboard
    exit_after: float | None = None


@dataclass
class AppContext:
    """What an adapter builder gets: the configuration, the run options, and the shared services."""

    settings: Settings
    options: RunOptions
    repository: Repository
    commands: ChatCommands
    feed_admin: FeedAdmin
    request_stop: Callable[[], None]
    admin_chats: list[tuple[str, str]] = field(default_factory=list)


def has_chat_tokens(settings: Settings) -> bool:
    return bool(settings.telegram.token or settings.discord.token)


def build_console(ctx: AppContext) -> ChatAdapter | None:
    if has_chat_tokens(ctx.settings) and not ctx.options.force_console:
        return None
    ctx.admin_chats.append(("console", "console"))
    return ConsoleAdapter(ctx.settings, ctx.commands, ctx.feed_admin, source=ctx.options.commands_source,
                          on_quit=ctx.request_stop)


def build_discord(ctx: AppContext) -> ChatAdapter | None:
    """Discord when a token is set; its configured admins hear about failing feeds by DM."""
    if not ctx.settings.discord.token:
        return None
    ctx.admin_chats.extend(("discord", f"{DM_PREFIX}{admin}") for admin in ctx.settings.discord.admins)
    return DiscordAdapter(ctx.settings, ctx.commands, ctx.feed_admin)


def build_telegram(ctx: AppContext) -> ChatAdapter | None:
    """Telegram when a token is set; its configured admins hear about failing feeds in their private chats."""
    if not ctx.settings.telegram.token:
        return None
    ctx.admin_chats.extend(("telegram", str(admin)) for admin in ctx.settings.telegram.admins)
    return TelegramAdapter(ctx.settings, ctx.commands, ctx.feed_admin)


#: One builder per chat platform; each decides from the configuration whether its adapter runs.
ADAPTER_BUILDERS: tuple[Callable[[AppContext], ChatAdapter | None], ...] = (build_console, build_discord, build_telegram)


def sync_config_feeds(repository: Repository, settings: Settings) -> None:
    """Make the feeds table match the configuration's feeds (feeds added from chat are left alone).

    A configured feed that had been disabled for failing is given a fresh start: restarting is the operator's way of
    saying "try again".
    """
    configured = {feed.url for feed in settings.feeds}
    with repository.transaction() as tx:
        for config_feed in settings.feeds:
            feed = tx.add_feed(config_feed.name, config_feed.url, config_feed.interval, added_by=CONFIG_FEED_OWNER)
            feed.added_by = CONFIG_FEED_OWNER
            if not feed.enabled:
                feed.enabled, feed.disabled_reason, feed.consecutive_failures = True, None, 0
        for feed in tx.list_feeds(enabled_only=True):
            if feed.added_by == CONFIG_FEED_OWNER and feed.url not in configured:
                tx.disable_feed(feed.id, "removed from the configuration")  # type: ignore[arg-type]


class App:
    """Builds the parts from the settings and runs them until asked to stop."""

    def __init__(self, settings: Settings, options: RunOptions | None = None) -> None:
        self.settings = settings
        self.options = options or RunOptions()
        self.stop_event = asyncio.Event()

    def request_stop(self) -> None:
        self.stop_event.set()

    async def run(self) -> None:
        settings = self.settings
        repository = await asyncio.to_thread(open_repository, settings.database.url)
        await asyncio.to_thread(sync_config_feeds, repository, settings)
        ctx = AppContext(settings, self.options, repository, ChatCommands(repository),
                         FeedAdmin(repository, settings), self.request_stop)
        adapters = [adapter for build in ADAPTER_BUILDERS if (adapter := build(ctx)) is not None]
        fetcher = Fetcher({SAMPLE_FEED_URL: SampleSaga().render})
        delivery = DeliveryWorker(repository, adapters)
        extractor = await asyncio.to_thread(default_extractor)
        poller = FeedPoller(repository, ArticleIngestor(repository, extractor), fetcher, settings.feeds_policy,
                            notifier=AdminNotifier(repository, ctx.admin_chats), on_alerts=delivery.wake)
        scheduler = PollScheduler(poller, repository)
        self._install_signal_handlers()
        if self.options.exit_after:
            asyncio.get_running_loop().call_later(self.options.exit_after, self.request_stop)
        started: list[ChatAdapter] = []
        delivering: asyncio.Task[None] | None = None
        try:
            for adapter in adapters:
                await adapter.start()
                started.append(adapter)
            await scheduler.start()
            delivering = asyncio.create_task(delivery.run(self.stop_event), name="delivery")
            log.info("event=started adapters=%s feeds=%s", ",".join(a.platform for a in adapters),
                     len(settings.feeds))
            await self.stop_event.wait()
        finally:
            log.info("event=stopping")
            self.stop_event.set()
            scheduler.stop()
            if delivering is not None:
                await asyncio.gather(delivering, return_exceptions=True)
            for adapter in reversed(started):
                try:
                    await adapter.stop()
                except Exception:
                    log.exception("event=adapter_stop_failed platform=%s", adapter.platform)
            await fetcher.aclose()
            repository.dispose()
            log.info("event=stopped")

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self.request_stop)
            except (NotImplementedError, RuntimeError):  # not the main thread, or not a POSIX loop
                pass
