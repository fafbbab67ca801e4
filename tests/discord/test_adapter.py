"""The Discord adapter end to end: the unmodified discord.py client against the loopback Discord in fake_discord.py.

Each test starts the real DiscordAdapter (login, command sync, gateway IDENTIFY/READY/GUILD_CREATE), sends
INTERACTION_CREATE events down the gateway as Discord would, and reads what the bot answered through the
interaction webhook or posted to channels. Articles go through the real ingest unit of work and alerts through the
real delivery worker, on a real SQLite database.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route
from sqlalchemy import text

from adapters.discord_bot import CHOICE_PREFIX, SETTINGS_CHOICE_PREFIX, DiscordAdapter
from bot.app import App
from bot.commands import ChatCommands, Reply
from bot.config import DatabaseConfig, DiscordConfig, FeedsPolicyConfig, Settings
from bot.delivery import DeliveryWorker, PermanentDeliveryError, TransientDeliveryError
from bot.extraction import default_extractor
from bot.feed_admin import FeedAdmin
from bot.ingest import ArticleIngestor, ArticleInput
from storage.database import open_repository
from storage.repository import Repository
from tests.discord.fake_discord import DEFERRED_CHANNEL_MESSAGE, EPHEMERAL, FakeChannel, FakeDiscord
from tests.discord.interactions import (
    ADMINISTRATOR,
    MEMBER,
    MODERATOR,
    Place,
    autocomplete,
    click,
    slash,
)
from tests.feeds.conftest import feed_server  # noqa: F401 (the fixture: feeds on loopback for /addfeed to check)
from tests.feeds.feed_server import FeedServer

#: Guild ids chosen so that, with two shards, the first lands on shard 0 and the second on shard 1.
HOME_GUILD = 0 << 22 | 1
AWAY_GUILD = 1 << 22 | 1
MODERATOR_ID, FAN_ID, ADMIN_ID = 501, 502, 503
_articles = itertools.count(1)


@dataclass
class World:
    fake: FakeDiscord
    adapter: DiscordAdapter
    repository: Repository
    transfers: FakeChannel
    away: FakeChannel

    def place(self, channel: FakeChannel | None = None, user_id: int = MODERATOR_ID,
              permissions: discord.Permissions = MODERATOR, **kwargs: Any) -> Place:
        return Place(channel or self.transfers, user_id, permissions, **kwargs)

    def dm(self, user_id: int = FAN_ID) -> Place:
        channel = next((c for c in self.fake.channels.values() if c.recipient_id == user_id), None)
        return Place(channel or self.fake.add_channel(None, f"dm-{user_id}", recipient_id=user_id), user_id)

    async def run(self, place: Place, command: str, /, **options: str) -> dict[str, Any]:
        """/command as `place`'s user types it; the first message they see in answer."""
        return await self.fake.answer(slash(self.fake, place, command, **options))

    async def deliver(self) -> int:
        return await DeliveryWorker(self.repository, [self.adapter]).deliver_due("discord")

    def chat(self, channel: FakeChannel) -> Any:
        with self.repository.transaction() as tx:
            return tx.find_chat("discord", str(channel.id))


def publish(repository: Repository, text: str, title: str = "Transfer news") -> None:
    """An article through the real ingest path (extract → identity → diff → outbox)."""
    n = next(_articles)
    ArticleIngestor(repository, default_extractor()).ingest(ArticleInput(
        text=text, url=f"https://news.example/story-{n}", title=title, outlet="Goal",
        published=date(2021, 11, min(n, 28))))


FIRST_STORY = "Real Madrid are interested in Chelsea defender Antonio Rudiger, whose contract expires next summer."
SECOND_STORY = ("Real Madrid are now in advanced talks with Antonio Rudiger, according to Fabrizio Romano. "
                "Bayern Munich have also held talks over a move for Antonio Rudiger.")


async def start_world(repository: Repository, monkeypatch: pytest.MonkeyPatch, **config: Any) -> AsyncIterator[World]:
    # The adapter points discord.py at the fake server process-wide; put Discord's addresses back afterwards.
    monkeypatch.setattr(Route, "BASE", Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    fake = FakeDiscord(recommended_shards=config.pop("recommended_shards", 1))
    fake.add_guild(HOME_GUILD, "Blues Fans")
    fake.add_guild(AWAY_GUILD, "Los Blancos")
    transfers = fake.add_channel(HOME_GUILD, "transfers")
    away = fake.add_channel(AWAY_GUILD, "fichajes")
    await fake.start()
    settings = Settings(discord=DiscordConfig(token=fake.token, api_base_url=fake.api_base_url,
                                              gateway_url=fake.gateway_url, admins=[ADMIN_ID], **config),
                        feeds_policy=FeedsPolicyConfig(allow_private_addresses=True))  # feeds on loopback only
    adapter = DiscordAdapter(settings, ChatCommands(repository), FeedAdmin(repository, settings))
    # discord.py waits this long after the last GUILD_CREATE before it calls itself ready; the fake sends them all
    # at once, so waiting the default two seconds per test only slows the suite.
    adapter.client._connection.guild_ready_timeout = 0.1
    await adapter.start()
    try:
        await asyncio.wait_for(adapter.client.wait_until_ready(), 10)
        yield World(fake, adapter, repository, transfers, away)
    finally:
        await adapter.stop()
        await fake.stop()


@pytest.fixture
async def world(sqlite_repository: Repository, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[World]:
    async for started in start_world(sqlite_repository, monkeypatch):
        yield started


def is_ephemeral(data: dict[str, Any]) -> bool:
    return bool(data.get("flags", 0) & EPHEMERAL)


# ---------------------------------------------------------------------------------------------- start-up
async def test_identifies_with_minimal_intents_and_syncs_every_command(world: World) -> None:
    [session] = world.fake.sessions
    intents = discord.Intents._from_value(session.identify["intents"])
    assert intents == discord.Intents(guilds=True)
    assert not intents.message_content and not intents.members
    commands = {c["name"]: c for c in world.fake.synced[None]}
    assert set(commands) == {"follow", "unfollow", "following", "status", "settings", "help", "addfeed",
                             "removefeed", "feeds"}
    [player] = commands["follow"]["options"]
    assert player["autocomplete"] is True and player["max_length"] == 100
    assert int(commands["addfeed"]["default_member_permissions"]) == discord.Permissions(administrator=True).value
    assert commands["follow"]["default_member_permissions"] is None


async def test_guild_sync_registers_commands_in_that_guild_only(sqlite_repository: Repository,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    async for world in start_world(sqlite_repository, monkeypatch, sync_guild_id=HOME_GUILD):
        assert list(world.fake.synced) == [HOME_GUILD]
        assert {c["name"] for c in world.fake.synced[HOME_GUILD]} >= {"follow", "status"}
        reply = await world.run(world.place(), "following")
        assert reply["content"].startswith("This chat follows nobody yet")


# ------------------------------------------------------------------------------------- follow → alert
async def test_follow_in_a_channel_then_the_alert_arrives_there_as_an_embed(world: World) -> None:
    publish(world.repository, FIRST_STORY)
    reply = await world.run(world.place(), "follow", player="rudiger")
    assert reply["content"] == "Following Antonio Rudiger."
    assert not is_ephemeral(reply) and reply["allowed_mentions"] == {"parse": []}

    publish(world.repository, SECOND_STORY, title="Madrid step up their pursuit")
    assert await world.deliver() == 1
    [(channel_id, body)] = world.fake.messages
    assert channel_id == world.transfers.id
    assert body["allowed_mentions"] == {"parse": []}
    [embed] = body["embeds"]
    assert embed["title"] == "Antonio Rudiger"
    assert embed["url"].startswith("https://news.example/story-")
    assert embed["description"].startswith("[Madrid step up their pursuit](https://news.example/story-")
    assert [f["name"] for f in embed["fields"]] == ["Real Madrid", "Bayern Munich"]
    assert embed["fields"][0]["value"].startswith("interested → **in talks** · via Fabrizio Romano")
    assert embed["color"] == 0x3498DB  # talks, the furthest stage here
    assert embed["footer"]["text"].startswith("Goal · 2021-11-")
    assert "timestamp" in embed
    with world.repository.transaction() as tx:
        assert tx.alert_counts() == {"sent": 1}


async def test_a_member_without_manage_channels_cannot_change_the_channels_follows(world: World) -> None:
    fan = world.place(user_id=FAN_ID, permissions=MEMBER)
    reply = await world.run(fan, "follow", player="Antonio Rudiger")
    assert is_ephemeral(reply) and "Only the chat's admins" in reply["content"]
    reply = await world.run(fan, "settings", change="pause")
    assert is_ephemeral(reply) and "Only the chat's admins" in reply["content"]
    reply = await world.run(fan, "following")
    assert reply["content"].startswith("This chat follows nobody yet")


async def test_channels_follow_separately_and_dms_are_their_own_chat(world: World) -> None:
    publish(world.repository, FIRST_STORY)
    await world.run(world.place(), "follow", player="Rudiger")
    dm = world.dm(FAN_ID)
    reply = await world.run(dm, "follow", player="Rudiger")  # a DM: no permissions needed
    assert reply["content"] == "Following Antonio Rudiger."
    other = await world.run(world.place(world.away, permissions=ADMINISTRATOR), "following")
    assert other["content"].startswith("This chat follows nobody yet")

    publish(world.repository, SECOND_STORY)
    assert await world.deliver() == 2
    assert sorted(channel for channel, _ in world.fake.messages) == sorted([world.transfers.id, dm.channel.id])
    assert world.chat(dm.channel).title == f"DM with fan{FAN_ID}"
    assert world.chat(world.transfers).title == "#transfers (Blues Fans)"


async def test_follow_warns_when_the_bot_cannot_post_in_the_channel(world: World) -> None:
    mute = world.place(app_permissions=discord.Permissions(view_channel=True))
    reply = await world.run(mute, "follow", player="Rudiger")
    assert reply["content"].startswith("Following Rudiger.")
    assert "missing: Send Messages, Embed Links" in reply["content"]


# --------------------------------------------------------------------------- autocomplete, choices, status
async def test_player_autocomplete_offers_known_players(world: World) -> None:
    publish(world.repository, FIRST_STORY)
    publish(world.repository, "Manchester United are monitoring Marcus Rashford.")
    response = await world.fake.interact(autocomplete(world.fake, world.place(), "follow", "player", "rud"))
    assert response == {"type": 8, "data": {"choices": [{"name": "Antonio Rudiger", "value": "Antonio Rudiger"}]}}
    response = await world.fake.interact(autocomplete(world.fake, world.place(), "status", "player", ""))
    assert response["data"]["choices"] == []
    response = await world.fake.interact(autocomplete(world.fake, world.place(), "settings", "change", "qu"))
    assert [c["value"] for c in response["data"]["choices"]] == ["quiet 23-7", "quiet off"]


async def test_an_ambiguous_name_offers_buttons_and_a_click_follows(world: World) -> None:
    publish(world.repository, "Arsenal are monitoring Chelsea forward Tom Silva.")
    publish(world.repository, "Juventus are keen on Porto defender Rui Silva.")
    reply = await world.run(world.place(), "follow", player="Silva")
    assert is_ephemeral(reply)
    buttons = [b for row in reply["components"] for b in row["components"]]
    assert {b["label"] for b in buttons} >= {"Tom Silva", "Rui Silva"}
    picked = next(b for b in buttons if b["label"] == "Rui Silva")
    assert picked["custom_id"] == CHOICE_PREFIX + "Rui Silva"
    reply = await world.fake.answer(click(world.fake, world.place(), picked["custom_id"]))
    assert reply["content"] == "Following Rui Silva."
    following = await world.run(world.place(), "following")
    assert following["content"] == "Following: Rui Silva"


async def test_a_settings_change_for_an_ambiguous_follow_offers_buttons_that_apply_it(world: World) -> None:
    publish(world.repository, "Arsenal are monitoring Chelsea forward Tom Silva.")
    publish(world.repository, "Juventus are keen on Porto defender Rui Silva.")
    await world.run(world.place(), "follow", player="Tom Silva")
    await world.run(world.place(), "follow", player="Rui Silva")
    response = await world.fake.interact(autocomplete(world.fake, world.place(), "settings", "change", "for"))
    assert [c["value"] for c in response["data"]["choices"]] == ["for Rudiger"]
    reply = await world.run(world.place(), "settings", change="min_stage bid for Silva")
    buttons = [b for row in reply["components"] for b in row["components"]]
    picked = next(b for b in buttons if b["label"] == "Rui Silva")
    assert picked["custom_id"] == SETTINGS_CHOICE_PREFIX + "min_stage bid for Rui Silva"
    reply = await world.fake.answer(click(world.fake, world.place(), picked["custom_id"]))
    assert reply["content"].startswith("Rui Silva: bid and beyond.")
    following = await world.run(world.place(), "following")
    assert following["content"] == "Following: Rui Silva (bid and beyond), Tom Silva"


async def test_status_is_an_embed_with_a_field_per_club(world: World) -> None:
    publish(world.repository, FIRST_STORY)
    publish(world.repository, SECOND_STORY)
    reply = await world.run(world.place(user_id=FAN_ID, permissions=MEMBER), "status", player="rudiger")
    [embed] = reply["embeds"]
    assert embed["title"].startswith("Antonio Rudiger")  # "(his club)" when the articles made it clear
    names = [f["name"] for f in embed["fields"]]
    assert names[:2] == ["Real Madrid", "Bayern Munich"] and "Contract" in names
    assert embed["fields"][0]["value"].startswith("**in talks** · 2021-11-")


@pytest.mark.parametrize(
    ("command", "typed", "expected"),
    [
        ("follow", "", "Give a player's name"),
        ("follow", "x" * 10_000, "too long"),
        ("follow", "**@everyone** <@&123> `x`", "letters, spaces"),
        ("unfollow", "Nobody Here", "does not follow anyone by that name"),
        ("status", "Unknown Person", "No player by that name"),
        ("settings", "min_stage sometime", ""),
    ],
)
async def test_bad_input_gets_a_clear_private_reply(world: World, command: str, typed: str, expected: str) -> None:
    option = "change" if command == "settings" else "player"
    reply = await world.run(world.place(), command, **{option: typed})
    assert is_ephemeral(reply)
    assert expected in reply["content"]
    assert len(reply["content"]) <= 2000 and "@everyone" not in reply["content"]
    assert reply["allowed_mentions"] == {"parse": []}
    # The bot is still answering.
    assert (await world.run(world.place(), "following"))["content"]


# ------------------------------------------------------------------------------ answering in Discord's window
def gated(command: Callable[..., Reply], gate: threading.Event) -> Callable[..., Reply]:
    """`command`, not finishing until the test opens the gate: a database slower than Discord's 3 seconds."""
    def slow(*args: Any, **kwargs: Any) -> Reply:
        if not gate.wait(timeout=30):  # a failed test must not leave the worker thread hanging the suite
            raise TimeoutError("the test never opened the gate")
        return command(*args, **kwargs)
    return slow


@pytest.mark.parametrize(("user_id", "permissions", "answer", "private"), [
    (MODERATOR_ID, MODERATOR, "Following Antonio Rudiger.", False),
    (FAN_ID, MEMBER, "Only the chat's admins", True),  # a public placeholder, a private answer
])
async def test_a_slow_command_is_acknowledged_at_once_and_answered_when_done(
        world: World, monkeypatch: pytest.MonkeyPatch, user_id: int, permissions: discord.Permissions, answer: str,
        private: bool) -> None:
    publish(world.repository, FIRST_STORY)
    gate = threading.Event()
    monkeypatch.setattr(world.adapter.commands, "follow", gated(world.adapter.commands.follow, gate))
    payload = slash(world.fake, world.place(user_id=user_id, permissions=permissions), "follow",
                    player="Antonio Rudiger")

    callback = await world.fake.interact(payload)  # answered while the command is still stuck in the database
    assert callback["type"] == DEFERRED_CHANNEL_MESSAGE and not callback.get("data")  # "thinking…", public
    conversation = world.fake.conversations[payload["token"]]
    assert conversation.thinking and conversation.shown == []

    gate.set()
    [reply] = await world.fake.wait_shown(payload["token"], 1)
    assert answer in reply["content"]
    assert is_ephemeral(reply) is private
    assert not conversation.thinking
    assert (conversation.original is None) is private  # a public placeholder cannot turn private: it was deleted


async def test_a_long_reply_arrives_as_follow_ups_in_order(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [f"Line {n:03d} " + "x" * 60 for n in range(100)]  # 7,000 characters: four messages of at most 2,000
    monkeypatch.setattr(world.adapter.commands, "help", lambda chat: Reply("\n".join(lines)))
    payload = slash(world.fake, world.dm(FAN_ID), "help")
    assert (await world.fake.interact(payload))["data"] == {"flags": EPHEMERAL}  # /help is private from the start
    shown = await world.fake.wait_shown(payload["token"], 4)
    assert all(is_ephemeral(message) and len(message["content"]) <= 2000 for message in shown)
    assert "\n".join(message["content"] for message in shown).splitlines() == lines


# ------------------------------------------------------------------------------------- delivery failures
async def test_missing_permissions_deactivate_the_channel_and_tell_the_follower_once(world: World) -> None:
    publish(world.repository, FIRST_STORY)
    await world.run(world.place(), "follow", player="Rudiger")
    world.transfers.failure = "forbidden"
    publish(world.repository, SECOND_STORY)
    publish(world.repository, "Real Madrid have agreed a deal with Antonio Rudiger.")
    await world.deliver()
    await world.deliver()

    chat = world.chat(world.transfers)
    assert not chat.active and chat.deactivated_reason.startswith("missing permissions")
    with world.repository.transaction() as tx:
        assert tx.alert_counts() == {"dead": 2}
    [(dm_channel, notice)] = world.fake.messages
    assert world.fake.channels[dm_channel].recipient_id == MODERATOR_ID
    assert "#transfers (Blues Fans)" in notice["content"] and "/follow" in notice["content"]

    # Permissions restored and /follow used again: the channel is back and alerts flow.
    world.transfers.failure = None
    await world.run(world.place(), "follow", player="Rudiger")
    assert world.chat(world.transfers).active
    publish(world.repository, "Antonio Rudiger has signed for Real Madrid, the deal is done.")
    await world.deliver()
    assert world.fake.messages[-1][0] == world.transfers.id


async def test_a_follower_with_closed_dms_is_not_told_and_nothing_crashes(world: World) -> None:
    await world.run(world.place(), "follow", player="Antonio Rudiger")
    world.fake.closed_dms.add(MODERATOR_ID)
    world.transfers.failure = "forbidden"
    with pytest.raises(PermanentDeliveryError, match="missing permissions"):
        await world.adapter.send_alert(str(world.transfers.id), {"player": "Antonio Rudiger", "changes": []})
    assert world.fake.messages == []


async def test_a_deleted_channel_is_a_permanent_failure(world: World) -> None:
    publish(world.repository, FIRST_STORY)
    await world.run(world.place(), "follow", player="Rudiger")
    world.transfers.failure = "deleted"
    publish(world.repository, SECOND_STORY)
    await world.deliver()
    chat = world.chat(world.transfers)
    assert not chat.active and chat.deactivated_reason == "channel deleted"
    with world.repository.transaction() as tx:
        assert tx.followers_of(chat.id) == []
        assert tx.alert_counts() == {"dead": 1}


async def test_server_errors_and_a_bad_chat_id_are_told_apart(world: World) -> None:
    payload = {"player": "Antonio Rudiger", "changes": [], "text": "news"}
    world.transfers.failure = "server_error"
    with pytest.raises(TransientDeliveryError, match="503"):
        await world.adapter.send_alert(str(world.transfers.id), payload)
    with pytest.raises(PermanentDeliveryError, match="not a Discord channel id"):
        await world.adapter.send_alert("console", payload)


async def test_a_rate_limit_is_waited_out_by_discord_py(world: World) -> None:
    world.transfers.failure = "rate_limited_once"
    await world.adapter.send_alert(str(world.transfers.id), {"player": "Antonio Rudiger", "changes": [],
                                                              "text": "news"})
    [(channel, body)] = world.fake.messages
    assert channel == world.transfers.id and body["embeds"][0]["description"] == "news"


async def test_network_errors_are_transient(world: World) -> None:
    await world.fake.stop()
    with pytest.raises(TransientDeliveryError, match="network error"):
        await world.adapter.send_alert(str(world.transfers.id), {"player": "A", "changes": [], "text": "x"})


# ---------------------------------------------------------------------------------------------- sharding
@pytest.mark.parametrize("shards", [2, "auto"])
async def test_sharded_client_runs_a_connection_per_shard(sqlite_repository: Repository,
                                                         monkeypatch: pytest.MonkeyPatch, shards: int | str) -> None:
    async for world in start_world(sqlite_repository, monkeypatch, shards=shards, recommended_shards=2):
        assert isinstance(world.adapter.client, discord.AutoShardedClient)
        assert sorted(s.shard for s in world.fake.sessions) == [(0, 2), (1, 2)]
        # A command in the guild on shard 1 arrives over that shard's connection and is answered.
        reply = await world.run(world.place(world.away, permissions=ADMINISTRATOR), "follow", player="Rudiger")
        assert reply["content"].startswith("Following Rudiger.")


# ---------------------------------------------------------------------------------------------- feeds
async def test_feed_commands_are_for_configured_admins_only(world: World, feed_server: FeedServer) -> None:
    feed_server.feeds["desk"] = ("Transfer Desk", [])
    url = feed_server.url("/feed/desk.xml")
    server_admin = world.place(world.away, user_id=FAN_ID, permissions=ADMINISTRATOR)
    refused = await world.run(server_admin, "addfeed", url=url)
    assert is_ephemeral(refused) and "admin" in refused["content"].lower()

    admin = world.place(user_id=ADMIN_ID, permissions=MEMBER)
    not_a_feed = await world.run(admin, "addfeed", url=feed_server.url("/malformed"))
    assert is_ephemeral(not_a_feed) and not_a_feed["content"] == \
        "That page isn't an RSS or Atom feed (it looks like HTML)."
    added = await world.run(admin, "addfeed", url=url, name="Example")
    assert is_ephemeral(added) and added["content"].startswith("Added feed #")
    assert "calls itself “Transfer Desk” and has 0 entries now" in added["content"]
    listed = await world.run(world.dm(ADMIN_ID), "feeds")
    assert "Example" in listed["content"]
    feed_id = added["content"].split("#")[1].split()[0]
    removed = await world.run(admin, "removefeed", feed=feed_id)
    assert removed["content"] == f"Removed feed #{feed_id} Example."


async def test_admin_guild_administrators_may_manage_feeds(sqlite_repository: Repository,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    async for world in start_world(sqlite_repository, monkeypatch, admin_guild_id=HOME_GUILD):
        owner = world.place(user_id=FAN_ID, permissions=ADMINISTRATOR)
        assert (await world.run(owner, "feeds"))["content"].startswith("No feeds")
        elsewhere = world.place(world.away, user_id=FAN_ID, permissions=ADMINISTRATOR)
        assert "admin" in (await world.run(elsewhere, "feeds"))["content"].lower()


async def test_a_notice_to_an_admin_by_user_id_goes_to_a_dm(world: World) -> None:
    notice = {"player": None, "changes": [], "text": "Feed disabled: Example — unreachable", "article": None}
    await world.adapter.send_alert(f"dm:{ADMIN_ID}", notice)
    [(channel, body)] = world.fake.messages
    assert world.fake.channels[channel].recipient_id == ADMIN_ID
    assert body["embeds"][0]["description"] == "Feed disabled: Example — unreachable"
    world.fake.closed_dms.add(FAN_ID)
    with pytest.raises(PermanentDeliveryError, match="does not accept DMs"):
        await world.adapter.send_alert(f"dm:{FAN_ID}", notice)


# ------------------------------------------------------------------------------------------ the whole app
async def test_the_app_runs_the_discord_adapter_when_a_token_is_set(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`transferbot run`'s App with only a Discord token: commands answered, alerts delivered by its worker."""
    monkeypatch.setattr(Route, "BASE", Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    fake = FakeDiscord()
    fake.add_guild(HOME_GUILD, "Blues Fans")
    transfers = fake.add_channel(HOME_GUILD, "transfers")
    await fake.start()
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    settings = Settings(database=DatabaseConfig(url=url), feeds=[],
                        discord=DiscordConfig(token=fake.token, api_base_url=fake.api_base_url,
                                              gateway_url=fake.gateway_url))
    app = App(settings)
    running = asyncio.create_task(app.run())
    repository = open_repository(url)
    try:
        await fake.wait_for_sessions(1)
        reply = await fake.answer(slash(fake, Place(transfers, MODERATOR_ID, MODERATOR), "follow",
                                        player="Antonio Rudiger"))
        assert reply["content"].startswith("Following Antonio Rudiger.")
        publish(repository, SECOND_STORY)
        [(channel, body)] = await fake.wait_for_messages(1)
        assert channel == transfers.id and body["embeds"][0]["title"] == "Antonio Rudiger"
    finally:
        app.request_stop()
        await asyncio.wait_for(running, 30)
        repository.dispose()
        await fake.stop()


async def test_a_failing_command_gets_an_apology_and_the_bot_keeps_answering(world: World) -> None:
    with world.repository.engine.begin() as connection:  # the database loses a table under the bot's feet
        connection.execute(text("DROP TABLE subscriptions"))
    reply = await world.run(world.place(), "follow", player="Rudiger")
    assert is_ephemeral(reply) and reply["content"].startswith("Sorry, that went wrong on my side")
    assert (await world.run(world.place(), "help"))["content"].startswith("Transfer-rumour alerts")


async def test_a_wrong_token_fails_start_up_clearly(sqlite_repository: Repository,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Route, "BASE", Route.BASE)
    fake = FakeDiscord()
    await fake.start()
    settings = Settings(discord=DiscordConfig(token="not-the-token", api_base_url=fake.api_base_url))
    adapter = DiscordAdapter(settings, ChatCommands(sqlite_repository), FeedAdmin(sqlite_repository, settings))
    try:
        with pytest.raises(discord.LoginFailure):
            await adapter.start()
        assert adapter.client.is_closed() and fake.synced == {}
    finally:
        await fake.stop()


async def test_a_split_alert_resumes_after_the_messages_already_posted(world: World) -> None:
    text = "\n\n".join(f"Part {n} of the round-up. " + "Talks between the two clubs went on late into the night. " * 65
                       for n in range(3))
    with world.repository.transaction() as tx:
        chat = tx.get_or_create_chat("discord", str(world.transfers.id))
        alert = tx.enqueue_alert(chat_id=chat.id, payload={"player": None, "changes": [], "notice": "round_up",
                                                           "text": text}, idempotency_key="round-up")
        assert alert is not None
        alert_id = alert.id
    world.transfers.accept_then_fail = 1  # the first message is posted, the second answered with a 503
    await world.deliver()
    with world.repository.transaction() as tx:
        assert tx.get_alert(alert_id).parts_sent == 1  # type: ignore[union-attr]
    world.transfers.accept_then_fail = None
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)  # the retry is due
    await DeliveryWorker(world.repository, [world.adapter], clock=lambda: tomorrow).deliver_due("discord")
    posted = [body["embeds"][0]["description"].split(" of the round-up")[0]
              for channel_id, body in world.fake.messages if channel_id == world.transfers.id]
    assert posted == ["Part 0", "Part 1", "Part 2"]
