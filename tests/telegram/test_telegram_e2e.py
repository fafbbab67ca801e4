"""The Telegram adapter end to end: python-telegram-bot's real Application against the fake Bot API, real chat
commands on a real SQLite database, articles ingested and alerts drained by the real delivery worker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest

from adapters.telegram import CHANNEL_POST, PRIVATE_TEXT, UNKNOWN_COMMAND, TelegramAdapter, callback_data
from bot.commands import ChatCommands
from bot.config import Settings, TelegramConfig
from bot.delivery import DeliveryPolicy, DeliveryWorker, PermanentDeliveryError, TransientDeliveryError
from bot.extraction import default_extractor
from bot.feed_admin import FeedAdmin
from bot.ingest import ArticleIngestor, ArticleInput
from storage.repository import Repository
from tests.telegram.fake_bot_api import FakeBotApi, SentMessage

ADMIN = 777
FAN = 1001
GROUP = -100200300
GROUP_ADMIN = 55
GROUP_MEMBER = 66
CHANNEL = -100999888


@dataclass
class World:
    fake: FakeBotApi
    adapter: TelegramAdapter
    repository: Repository
    worker: DeliveryWorker
    ingestor: ArticleIngestor

    def ingest(self, text: str, url: str, title: str) -> None:
        self.ingestor.ingest(ArticleInput(text=text, url=url, title=title, outlet="Goal", published=date(2021, 12, 1)))
        self.worker.wake()

    async def ask(self, chat_id: int, text: str, user_id: int | None = None) -> SentMessage:
        """Send a message and return the bot's (first) answer."""
        before = len(self.fake.messages_to(chat_id))
        await self.fake.user_sends(chat_id, text, user_id)
        return (await self.fake.wait_for_message(chat_id, before + 1))[before]


@pytest.fixture
async def world(sqlite_repository: Repository) -> AsyncIterator[World]:
    async with FakeBotApi() as fake:
        fake.administrators[GROUP] = {GROUP_ADMIN}
        settings = Settings(telegram=TelegramConfig(token=fake.token, base_url=fake.base_url, admins=[ADMIN]))
        adapter = TelegramAdapter(settings, ChatCommands(sqlite_repository), FeedAdmin(sqlite_repository, settings))
        worker = DeliveryWorker(sqlite_repository, [adapter], DeliveryPolicy(idle_seconds=0.1))
        stop = asyncio.Event()
        await adapter.start()
        delivering = asyncio.create_task(worker.run(stop))
        try:
            yield World(fake, adapter, sqlite_repository, worker,
                        ArticleIngestor(sqlite_repository, default_extractor()))
        finally:
            stop.set()
            await delivering
            await adapter.stop()
    expected = ("Forbidden", "chat not found", "upgraded to a supergroup")  # answers about the chat, not us
    refused = [r for r in fake.rejected if not any(words in r[1] for words in expected)]
    assert not refused, f"Telegram would have refused these messages: {refused}"
    assert fake.too_many_requests == 0


async def test_the_command_menu_is_registered_with_feed_commands_for_admins_only(world: World) -> None:
    menu = [c["command"] for c in world.fake.commands["default"]]
    assert menu == ["start", "help", "follow", "unfollow", "following", "status", "settings"]
    admin_menu = [c["command"] for c in world.fake.commands[f"chat:{ADMIN}"]]
    assert admin_menu[-3:] == ["addfeed", "removefeed", "feeds"]
    assert world.fake.calls["deleteWebhook"] >= 1  # polling mode clears any webhook first


async def test_follow_an_article_alerts_and_status_shows_the_picture(world: World) -> None:
    world.ingest("Real Madrid are keen on Chelsea defender Antonio Rudiger, whose contract expires in June.",
                 "https://example.org/rudiger-keen", "Madrid keen on Rudiger")
    welcome = await world.ask(FAN, "/start")
    assert "/follow" in welcome.visible_text
    assert (await world.ask(FAN, "/follow Rudiger")).visible_text == "Following Antonio Rudiger."

    before = len(world.fake.messages_to(FAN))
    world.ingest("Real Madrid have opened talks with Antonio Rudiger over a free transfer, reports Fabrizio Romano.",
                 "https://example.org/rudiger-talks", "Madrid open talks with Rudiger & his agent")
    alert = (await world.fake.wait_for_message(FAN, before + 1))[before]
    assert alert.parse_mode == "HTML" and alert.link_preview_disabled
    assert "Real Madrid: interested → in talks · Fabrizio Romano" in alert.visible_text
    assert "Madrid open talks with Rudiger & his agent" in alert.visible_text
    assert '<a href="https://example.org/rudiger-talks">' in alert.text

    status = await world.ask(FAN, "/status rudiger")
    assert status.visible_text.startswith("Antonio Rudiger")
    assert "Real Madrid — in talks" in status.visible_text
    assert "contract expiring" in status.visible_text
    assert "<b>Antonio Rudiger</b>" in status.text
    assert (await world.ask(FAN, "/following")).visible_text == "Following: Antonio Rudiger"
    assert (await world.ask(FAN, "/unfollow Rudiger")).visible_text == "Stopped following Antonio Rudiger."


async def test_an_ambiguous_name_offers_buttons_and_a_press_follows(world: World) -> None:
    world.ingest("Barcelona are monitoring Lautaro Martinez.", "https://example.org/lautaro", "Barca watch Lautaro")
    world.ingest("Barcelona are monitoring Lisandro Martinez.", "https://example.org/lisandro", "Barca watch Lisandro")
    question = await world.ask(FAN, "/follow Martinez")
    buttons = [row[0] for row in question.reply_markup["inline_keyboard"]]
    assert {b["text"] for b in buttons} == {"Lautaro Martinez", "Lisandro Martinez"}
    assert callback_data("follow", "Lisandro Martinez") in {b["callback_data"] for b in buttons}

    await world.fake.click(question, callback_data("follow", "Lisandro Martinez"))
    await world.fake.wait_until(lambda: any(m.edited for m in world.fake.messages_to(FAN)))
    edited = [m for m in world.fake.messages_to(FAN) if m.edited][-1]
    assert edited.message_id == question.message_id and edited.visible_text == "Following Lisandro Martinez."
    assert edited.reply_markup is None  # the question's buttons are gone
    assert world.fake.callback_answers  # the button's spinner is stopped
    assert (await world.ask(FAN, "/following")).visible_text == "Following: Lisandro Martinez"


async def test_a_settings_change_for_an_ambiguous_follow_offers_buttons_that_apply_it(world: World) -> None:
    world.ingest("Barcelona are monitoring Lautaro Martinez.", "https://example.org/lautaro", "Barca watch Lautaro")
    world.ingest("Barcelona are monitoring Lisandro Martinez.", "https://example.org/lisandro", "Barca watch Lisandro")
    await world.ask(FAN, "/follow Lautaro Martinez")
    await world.ask(FAN, "/follow Lisandro Martinez")
    question = await world.ask(FAN, "/settings min_stage bid for Martinez")
    pick = callback_data("settings", "min_stage bid for Lisandro Martinez")
    assert pick in {row[0]["callback_data"] for row in question.reply_markup["inline_keyboard"]}

    await world.fake.click(question, pick)
    await world.fake.wait_until(lambda: any(m.edited for m in world.fake.messages_to(FAN)))
    edited = [m for m in world.fake.messages_to(FAN) if m.edited][-1]
    assert edited.visible_text.startswith("Lisandro Martinez: bid and beyond.")
    following = (await world.ask(FAN, "/following")).visible_text
    assert following == "Following: Lautaro Martinez, Lisandro Martinez (bid and beyond)"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/follow", "Give a player's name"),
        ("/follow " + "Rudiger" * 1500, "too long"),
        ("/follow <b>Rudiger</b>", "letters, spaces"),
        ("/follow *Rudiger* _x_", "letters, spaces"),
        ("/status Nobody Heardof", "No player by that name"),
        ("/unfollow Someone", "does not follow anyone"),
        ("/settings min_stage whenever", ""),
        ("/frobnicate", UNKNOWN_COMMAND),
        ("hello there", PRIVATE_TEXT),
    ],
)
async def test_bad_input_gets_a_friendly_reply_telegram_accepts(world: World, command: str, expected: str) -> None:
    reply = await world.ask(FAN, command)
    assert expected in reply.visible_text
    assert "<b>Rudiger" not in reply.visible_text and len(reply.visible_text) < 1000


async def test_a_command_in_a_channel_post_is_answered_not_obeyed(world: World) -> None:
    await world.fake.channel_post(CHANNEL, "/follow Rudiger")
    (reply,) = await world.fake.wait_for_message(CHANNEL)
    assert reply.visible_text == CHANNEL_POST


async def test_in_a_group_only_administrators_change_follows(world: World) -> None:
    refused = await world.ask(GROUP, "/follow Rudiger", user_id=GROUP_MEMBER)
    assert "Only the chat's admins" in refused.visible_text
    assert "follows nobody" in (await world.ask(GROUP, "/following", user_id=GROUP_MEMBER)).visible_text
    accepted = await world.ask(GROUP, "/follow Rudiger", user_id=GROUP_ADMIN)
    assert accepted.visible_text.startswith("Following Rudiger")
    assert world.fake.calls["getChatMember"] >= 2


async def test_feed_commands_are_for_configured_admins(world: World) -> None:
    assert "Only the bot's admins" in (await world.ask(FAN, "/feeds")).visible_text
    assert "Only the bot's admins" in (await world.ask(FAN, "/addfeed https://example.org/rss")).visible_text
    assert "Give the feed's URL" in (await world.ask(ADMIN, "/addfeed")).visible_text
    assert "private or local network" in (await world.ask(ADMIN, "/addfeed http://127.0.0.1:9/rss.xml")).visible_text
    assert "No feeds" in (await world.ask(ADMIN, "/feeds")).visible_text


async def test_a_blocked_chat_is_deactivated_and_nothing_more_is_sent(world: World) -> None:
    world.ingest("Real Madrid are keen on Chelsea defender Antonio Rudiger, whose contract expires in June.",
                 "https://example.org/rudiger-keen", "Madrid keen on Rudiger")
    await world.ask(FAN, "/follow Rudiger")
    world.fake.blocked.add(FAN)  # blocked silently: only the failed send tells us
    sent_before = len(world.fake.messages_to(FAN))
    world.ingest("Real Madrid have opened talks with Antonio Rudiger over a free transfer, reports Fabrizio Romano.",
                 "https://example.org/rudiger-talks", "Madrid open talks")
    await _wait_for(lambda: _chat(world, FAN).active is False)
    chat = _chat(world, FAN)
    assert chat.deactivated_reason == "bot was blocked by the user"
    assert len(world.fake.messages_to(FAN)) == sent_before


async def test_a_group_upgraded_to_a_supergroup_keeps_its_follows_and_gets_the_alert(world: World) -> None:
    world.ingest("Real Madrid are keen on Chelsea defender Antonio Rudiger, whose contract expires in June.",
                 "https://example.org/rudiger-keen", "Madrid keen on Rudiger")
    await world.ask(GROUP, "/follow Rudiger", user_id=GROUP_ADMIN)
    supergroup = -1001234567890
    world.fake.migrated[GROUP] = supergroup  # Telegram answers the old id with migrate_to_chat_id
    world.ingest("Real Madrid have opened talks with Antonio Rudiger over a free transfer, reports Fabrizio Romano.",
                 "https://example.org/rudiger-talks", "Madrid open talks")
    (alert,) = await world.fake.wait_for_message(supergroup)
    assert "Madrid open talks" in alert.visible_text
    moved = _chat(world, supergroup)
    assert moved is not None and moved.active and _chat(world, GROUP) is None
    with world.repository.transaction() as tx:
        assert [p.canonical_name for _s, p in tx.subscriptions_for_chat(moved.id)] == ["Antonio Rudiger"]


async def test_being_removed_from_a_group_deactivates_it_at_once(world: World) -> None:
    await world.ask(GROUP, "/follow Rudiger", user_id=GROUP_ADMIN)
    await world.fake.bot_removed(GROUP, user_id=GROUP_ADMIN)
    await _wait_for(lambda: _chat(world, GROUP).active is False)
    assert _chat(world, GROUP).deactivated_reason == "bot removed from the chat"


async def test_send_alert_maps_telegram_errors_onto_the_outbox(world: World) -> None:
    payload = {"player": "Antonio Rudiger", "article": {"title": "x", "url": "https://example.org/x"},
               "changes": [{"type": "link", "club": "Real Madrid", "stage": "talks", "previous": None}]}
    world.fake.missing.add(4040)
    with pytest.raises(PermanentDeliveryError, match="(?i)chat not found"):
        await world.adapter.send_alert("4040", payload)
    world.fake.blocked.add(-4030)
    with pytest.raises(PermanentDeliveryError, match="kicked"):
        await world.adapter.send_alert("-4030", payload)


async def test_a_long_alert_arrives_in_order_in_several_messages(world: World) -> None:
    changes = [{"type": "link", "club": f"Club {n}", "stage": "talks", "previous": "interest",
                "evidence": "A long sentence about the move, repeated for length. " * 5} for n in range(40)]
    await world.adapter.send_alert(str(FAN), {"player": "Antonio Rudiger", "article": {}, "changes": changes})
    messages = world.fake.messages_to(FAN)
    assert len(messages) >= 3
    shown = "\n".join(m.visible_text for m in messages)
    assert [shown.index(f"Club {n}:") for n in range(40)] == sorted(shown.index(f"Club {n}:") for n in range(40))


async def test_network_failure_is_transient() -> None:
    async with FakeBotApi() as fake:
        settings = Settings(telegram=TelegramConfig(token=fake.token, base_url=fake.base_url))
        adapter = TelegramAdapter(settings, None, None)  # type: ignore[arg-type]  # only send_alert is used
        await adapter.application.initialize()
    try:
        with pytest.raises(TransientDeliveryError):
            await adapter.send_alert("1", {"player": "Antonio Rudiger", "changes": []})
    finally:
        await adapter.application.shutdown()


def _chat(world: World, chat_id: int):
    with world.repository.transaction() as tx:
        return tx.find_chat("telegram", str(chat_id))


async def _wait_for(condition, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not await asyncio.to_thread(condition):
            await asyncio.sleep(0.05)
