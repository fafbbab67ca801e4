"""`transferbot doctor`'s checks: is this installation and configuration able to run the bot, and if not, what to do.

Each check returns a `CheckResult` and prints nothing, so the CLI only formats and tests read the results. The
checks look and never change anything: the database is opened but not migrated (and a SQLite file that does not
exist is not created), feeds are fetched once with the poller's own limits, and chat tokens are only compared with
the shape their platform gives them, never sent anywhere.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.exc import SQLAlchemyError

from bot.config import SAMPLE_FEED_URL, FeedConfig, FeedsPolicyConfig, Settings, mask_secret
from bot.feeds.fetch import Fetcher
from bot.feeds.fulltext import REPAIR_HINT, FullTextUnavailable, load_main_text_extractor
from bot.feeds.probe import NotAFeed, probe_feed
from bot.feeds.sample import SampleSaga
from storage.database import (
    create_db_engine,
    current_revision,
    display_url,
    head_revision,
    is_known_revision,
    sqlite_file,
)

Status = Literal["ok", "warn", "fail"]

#: BotFather's tokens: the bot's numeric id, a colon, then 35 URL-safe characters (a little slack either way).
TELEGRAM_TOKEN = re.compile(r"\d{5,15}:[A-Za-z0-9_-]{30,50}")
#: Discord bot tokens: three URL-safe base64 parts joined by dots (the bot's id, a timestamp, a signature).
DISCORD_TOKEN = re.compile(r"[A-Za-z0-9_-]{18,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}")

UPGRADE_HINT = "run `transferbot db upgrade` (`transferbot run` also upgrades on start-up)"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check: how it went, what was checked, what was found, and (when not ok) what to do about it."""

    status: Status
    subject: str
    detail: str
    fix: str | None = None


def check_database(url: str) -> CheckResult:
    """Connect, and compare the schema's revision with the newest this code has migrations for."""
    subject = f"database {display_url(url)}"
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return CheckResult("warn", subject, f"{path} does not exist yet",
                           "`transferbot run` or `transferbot db upgrade` creates it")
    engine = create_db_engine(url)
    try:
        current, head = current_revision(engine), head_revision(engine)
        known = current is None or is_known_revision(engine, current)
    except SQLAlchemyError as exc:
        problem = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        return CheckResult("fail", subject, f"cannot read it ({problem})",
                           "check database.url (or TRANSFERBOT_DATABASE_URL) and that the database is reachable")
    finally:
        engine.dispose()
    if current is None:
        return CheckResult("warn", subject, "connected; no schema yet", UPGRADE_HINT)
    if not known:
        return CheckResult("fail", subject, f"schema {current} is unknown to this version (newest known: {head})",
                           "a newer transferbot migrated it: upgrade transferbot, or point database.url elsewhere")
    if current != head:
        return CheckResult("warn", subject, f"schema {current}, newest {head}", UPGRADE_HINT)
    return CheckResult("ok", subject, f"connected; schema {current} is the newest")


async def check_feed(feed: FeedConfig, policy: FeedsPolicyConfig, fetcher: Fetcher) -> CheckResult:
    """One fetch and parse of a configured feed, unguarded like the poller's (the operator wrote the URL)."""
    subject = f"feed {feed.name!r} ({feed.url})"
    try:
        probe = await probe_feed(feed.url, policy, fetcher=fetcher, guarded=False)
    except NotAFeed as exc:
        return CheckResult("fail", subject, str(exc), "fix or remove this [[feeds]] entry")
    return CheckResult("ok", subject, f"answers with a feed of {probe.entries} entries")


def check_token(platform: str, token: str, shape: re.Pattern[str], where: str) -> CheckResult:
    """Whether a configured token looks like one the platform issues; the token itself appears only masked."""
    subject = f"{platform} token {mask_secret(token)}"
    if token != token.strip():
        return CheckResult("fail", subject, "has spaces or a line break around it", f"remove them from {where}")
    if not shape.fullmatch(token):
        return CheckResult("fail", subject, f"is not shaped like a {platform} bot token",
                           f"copy the bot token again into {where}")
    return CheckResult("ok", subject, "has the expected shape (not sent to the platform)")


def check_full_text() -> CheckResult:
    """Whether teasers can be completed: the optional extractor imports (without it the bot runs on teasers)."""
    subject = "full-text extractor (trafilatura)"
    try:
        load_main_text_extractor()
    except FullTextUnavailable as exc:
        return CheckResult("warn", subject, f"does not import ({exc}); teasers are read as they are", REPAIR_HINT)
    return CheckResult("ok", subject, "imports")


def token_checks(settings: Settings) -> list[CheckResult]:
    """A shape check for each chat platform that has a token configured."""
    configured = (("telegram", settings.telegram.token, TELEGRAM_TOKEN, "telegram.token or TRANSFERBOT_TELEGRAM_TOKEN"),
                  ("discord", settings.discord.token, DISCORD_TOKEN, "discord.token or TRANSFERBOT_DISCORD_TOKEN"))
    return [check_token(platform, token, shape, where) for platform, token, shape, where in configured if token]


async def run_checks(settings: Settings) -> list[CheckResult]:
    """Every check, in the order printed: database, feeds (concurrently), chat tokens, optional pieces."""
    database = await asyncio.to_thread(check_database, settings.database.url)
    fetcher = Fetcher({SAMPLE_FEED_URL: SampleSaga().render}, max_connections=20)
    try:
        feeds = await asyncio.gather(*(check_feed(feed, settings.feeds_policy, fetcher) for feed in settings.feeds))
    finally:
        await fetcher.aclose()
    full_text = await asyncio.to_thread(check_full_text)
    return [database, *feeds, *token_checks(settings), full_text]


def any_failed(results: Sequence[CheckResult]) -> bool:
    """Failures make the exit status non-zero; warnings do not."""
    return any(result.status == "fail" for result in results)
