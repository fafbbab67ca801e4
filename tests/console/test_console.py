"""The console chat: the same commands as the chat platforms, answered in plain text, and alerts printed."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timezone

from adapters.console import ConsoleAdapter
from bot.commands import ChatCommands
from bot.config import SAMPLE_FEED_URL, Settings
from bot.feed_admin import FeedAdmin
from bot.feeds.sample import SAMPLE_PLAYER
from storage.repository import Repository


def _console(repository: Repository, source: io.StringIO | None = None) -> tuple[ConsoleAdapter, io.StringIO]:
    settings = Settings()
    output = io.StringIO()
    adapter = ConsoleAdapter(settings, ChatCommands(repository), FeedAdmin(repository, settings),
                             source=source or io.StringIO(""), output=output)
    return adapter, output


async def test_help_and_banner_name_the_sample_player(sqlite_repository: Repository) -> None:
    console, _ = _console(sqlite_repository)
    assert f"/follow {SAMPLE_PLAYER}" in console.banner()
    help_text = await console.handle("/help")
    assert f"/follow {SAMPLE_PLAYER}" in help_text and "/addfeed" in help_text


async def test_banner_explains_a_sample_saga_that_has_already_played(sqlite_repository: Repository) -> None:
    now = datetime.now(timezone.utc)
    with sqlite_repository.transaction() as tx:
        feed = tx.add_feed("Sample saga", SAMPLE_FEED_URL, 2.0)
        tx.record_feed_success(feed.id, polled_at=now, next_poll_at=now, etag=None, last_modified=None)
    console, _ = _console(sqlite_repository)
    assert "already played" in console.banner() and f"/status {SAMPLE_PLAYER}" in console.banner()


async def test_follow_following_unfollow(sqlite_repository: Repository) -> None:
    console, _ = _console(sqlite_repository)
    assert SAMPLE_PLAYER in await console.handle(f"/follow {SAMPLE_PLAYER}")
    assert SAMPLE_PLAYER in await console.handle("/following")
    await console.handle(f"/unfollow {SAMPLE_PLAYER}")
    assert SAMPLE_PLAYER not in await console.handle("/following")


async def test_choices_are_numbered_and_a_number_picks_one(sqlite_repository: Repository) -> None:
    with sqlite_repository.transaction() as tx:
        for first in ("Bernardo", "Thiago"):
            tx.add_player(f"{first} Silva", f"{first.lower()} silva", "silva")
    console, _ = _console(sqlite_repository)
    answer = await console.handle("/follow Silva")
    assert "1. " in answer and "2. " in answer and "Type a number" in answer
    picked = await console.handle("2")
    assert "Silva" in picked
    assert "Silva" in await console.handle("/following")


async def test_a_number_picks_the_player_a_settings_change_is_for(sqlite_repository: Repository) -> None:
    with sqlite_repository.transaction() as tx:
        for first in ("Bernardo", "Thiago"):
            tx.add_player(f"{first} Silva", f"{first.lower()} silva", "silva")
    console, _ = _console(sqlite_repository)
    await console.handle("/follow Bernardo Silva")
    await console.handle("/follow Thiago Silva")
    answer = await console.handle("/settings min_stage bid for Silva")
    assert "2. Thiago Silva" in answer and "Type a number to pick one." in answer
    assert (await console.handle("2")).startswith("Thiago Silva: bid and beyond.")
    assert await console.handle("/following") == "Following: Bernardo Silva, Thiago Silva (bid and beyond)"


async def test_bad_input_gets_a_friendly_answer(sqlite_repository: Repository) -> None:
    console, _ = _console(sqlite_repository)
    assert "try /help" in await console.handle("hello")
    assert "try /help" in await console.handle("/nonsense")
    assert "too long" in await console.handle("/follow " + "x" * 10_000)
    assert await console.handle("   ") is None


async def test_console_is_admin_for_feeds(sqlite_repository: Repository) -> None:
    console, _ = _console(sqlite_repository)
    assert "private or local network" in await console.handle("/addfeed http://127.0.0.1:8080/rss.xml")
    assert "No feeds" in await console.handle("/feeds")


async def test_scripted_commands_run_in_order_and_alerts_print(sqlite_repository: Repository) -> None:
    console, output = _console(sqlite_repository, io.StringIO(f"/follow {SAMPLE_PLAYER}\n/following\n"))
    await console.start()
    await console.send_alert("console", {"text": f"{SAMPLE_PLAYER} · Arsenal: new → interested"})
    for _ in range(100):
        if "Following:" in output.getvalue():
            break
        await asyncio.sleep(0.05)
    await console.stop()
    printed = output.getvalue()
    assert printed.index(f"> /follow {SAMPLE_PLAYER}") < printed.index("> /following")
    assert f"🔔 {SAMPLE_PLAYER} · Arsenal" in printed
