"""The Discord adapter: slash commands in, embeds out (contract 6), on discord.py's own client and command tree.

Where alerts go: a guild channel's follows belong to the channel (`ChatRef.chat_id` = the channel id, so one server
can follow different players in #chelsea and #madrid) and only members with Manage Channels change them; in a DM the
chat is the DM channel. Both are channel ids, which is all `send_alert` needs.

Who manages feeds: the user ids in `discord.admins`, plus members with the Administrator permission in the
operator's own server (`discord.admin_guild_id`). Administrators of other servers never do — feeds are shared by
every server the bot is in, so being admin of some server that invited the bot must not be enough.

Commands are acknowledged at once with Discord's "thinking…" placeholder and answered through the interaction's
follow-up webhook (see `defer`), so a slow database never runs past Discord's 3-second window.

Delivery leans on discord.py's rate-limit handling (per-route buckets, global limit, 429 retry) and on the outbox:
waits longer than a minute come back as a TransientDeliveryError with Discord's retry_after, 403s deactivate the
channel (and the person who last used /follow there is told once, by DM), 404 Unknown Channel deactivates it too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route
from yarl import URL

from adapters.discord_render import alert_messages, status_messages, text_messages
from bot.commands import ChatCommands, ChatRef, Reply
from bot.config import DiscordConfig, Settings
from bot.delivery import PermanentDeliveryError, TransientDeliveryError, alert_progress

if TYPE_CHECKING:
    from bot.feed_admin import FeedAdmin

log = logging.getLogger(__name__)

PLATFORM = "discord"
#: Longest wait for a rate limit discord.py may sleep through inside send_alert; longer ones go back to the outbox.
MAX_RATELIMIT_WAIT = 60.0
#: Button custom ids for "which player did you mean?" (Discord caps a custom id at 100 characters).
CHOICE_PREFIX = "transferbot:follow:"
#: A button that re-runs /settings with its argument (a change for one of several followed players).
SETTINGS_CHOICE_PREFIX = "transferbot:settings:"
CUSTOM_ID_LIMIT = 100
#: A chat id naming a user rather than a channel: the alert goes to a DM opened with them.
DM_PREFIX = "dm:"
#: Discord's error code for "Cannot send messages to this user" (DMs closed, or the bot blocked).
CANNOT_DM_USER = 50007
#: Chat.settings key holding who last used /follow in a guild channel and whether they were told it broke.
FOLLOWER_KEY = "discord_follower"
#: What the bot needs in a channel to deliver embeds there.
POSTING = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
SETTINGS_EXAMPLES = ("min_stage talks", "min_stage any", "clubs Real Madrid, Bayern Munich", "clubs any",
                     "quiet 23-7", "quiet off", "pause", "resume", "min_stage bid for Rudiger", "for Rudiger")
NO_MENTIONS = discord.AllowedMentions.none()
#: Interaction.extras key: the "thinking…" placeholder is public and no follow-up has replaced it yet.
PUBLIC_PLACEHOLDER = "transferbot:public_placeholder"

PlayerName = app_commands.Range[str, 1, 100]


def build_client(config: DiscordConfig) -> discord.Client:
    """A client with the least the bot needs: the guilds intent only (no message content, no members, no presences),
    sharded when `discord.shards` asks for it."""
    intents = discord.Intents.none()
    intents.guilds = True
    options: dict[str, Any] = {
        "intents": intents,
        "allowed_mentions": NO_MENTIONS,
        "chunk_guilds_at_startup": False,
        "member_cache_flags": discord.MemberCacheFlags.none(),
        "max_ratelimit_timeout": MAX_RATELIMIT_WAIT,
    }
    if config.shards == 0:
        return discord.Client(**options)
    if config.shards == "auto":
        return discord.AutoShardedClient(**options)
    return discord.AutoShardedClient(shard_count=config.shards, **options)


def point_at_servers(config: DiscordConfig) -> None:
    """Aim discord.py at another REST API / gateway (a rate-limit proxy, a local test server), process-wide."""
    if config.api_base_url:
        Route.BASE = config.api_base_url
    if config.gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = URL(config.gateway_url)


def channel_title(interaction: discord.Interaction) -> str:
    """How a chat is named in the database and in messages: `#channel (Server)` or `DM with name`."""
    channel = interaction.channel
    if interaction.guild_id is None:
        return f"DM with {interaction.user.name}"
    name = getattr(channel, "name", None) or str(interaction.channel_id)
    guild = interaction.guild.name if interaction.guild is not None and interaction.guild.name else None
    return f"#{name} ({guild})" if guild else f"#{name}"


class DiscordAdapter:
    """The Discord side of the bot: its client, its slash commands, and the AlertSender for platform "discord"."""

    platform = PLATFORM

    def __init__(self, settings: Settings, commands: ChatCommands, feed_admin: FeedAdmin) -> None:
        self.config = settings.discord
        self.commands = commands
        self.feed_admin = feed_admin
        self.client = build_client(self.config)
        self.tree = app_commands.CommandTree(self.client)
        register_commands(self.tree, self)
        self.client.event(self.on_interaction)
        self._connection: asyncio.Task[None] | None = None

    # ---------------------------------------------------------------- life cycle
    async def start(self) -> None:
        """Log in, sync the slash commands, and keep the gateway connection running in the background."""
        point_at_servers(self.config)
        try:
            await self.client.login(self.config.token)  # a wrong token raises discord.LoginFailure here
            await self.sync_commands()
        except BaseException:
            await self.client.close()
            raise
        self._connection = asyncio.create_task(self.client.connect(), name="discord-gateway")
        self._connection.add_done_callback(_log_connection_end)

    async def sync_commands(self) -> None:
        """Register the tree with Discord: in one guild when `sync_guild_id` is set (instant), else globally."""
        if self.config.sync_guild_id:
            guild = discord.Object(id=self.config.sync_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("event=discord_commands_synced count=%d guild=%s", len(synced), self.config.sync_guild_id or "global")

    async def stop(self) -> None:
        await self.client.close()
        if self._connection is not None:
            await asyncio.gather(self._connection, return_exceptions=True)

    # ---------------------------------------------------------------- who may do what
    def chat_ref(self, interaction: discord.Interaction) -> ChatRef:
        in_guild = interaction.guild_id is not None
        permissions = interaction.permissions
        return ChatRef(
            platform=PLATFORM,
            chat_id=str(interaction.channel_id),
            title=channel_title(interaction),
            user_id=str(interaction.user.id),
            user_is_admin=self.is_feed_admin(interaction),
            can_manage_chat=not in_guild or permissions.administrator or permissions.manage_channels,
        )

    def is_feed_admin(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id in self.config.admins:
            return True
        return bool(self.config.admin_guild_id) and interaction.guild_id == self.config.admin_guild_id \
            and interaction.permissions.administrator

    # ---------------------------------------------------------------- running commands
    async def run(self, interaction: discord.Interaction, command: Callable[[ChatRef], Reply],
                  public: bool = True) -> Reply:
        """Acknowledge at once, run a platform-neutral command off the event loop (it does blocking database work)
        and answer with it."""
        await defer(interaction, public)
        chat = self.chat_ref(interaction)
        reply = await asyncio.to_thread(command, chat)
        await self.answer(interaction, reply, public=public)
        return reply

    async def answer(self, interaction: discord.Interaction, reply: Reply, public: bool = True,
                     note: str | None = None) -> None:
        """Render a Reply the Discord way, after `defer`: /status as embeds, a choice as buttons, the rest as text;
        errors are shown only to the person who asked."""
        ephemeral = not public or reply.kind in ("error", "choice")
        await send_after_deferral(interaction, reply_messages(reply, note), ephemeral)

    async def follow(self, interaction: discord.Interaction, name: str) -> None:
        """Follow, then remember who followed in a guild channel (to tell them if the bot loses access there) and
        warn at once when the bot cannot post in this channel."""
        await defer(interaction, public=True)
        chat = self.chat_ref(interaction)
        reply = await asyncio.to_thread(self.commands.follow, chat, name)
        note = None
        if reply.kind != "error" and reply.kind != "choice" and interaction.guild_id is not None:
            await asyncio.to_thread(self._remember_follower, chat.chat_id, chat.user_id)
            missing = [perm for perm, wanted in POSTING if wanted and not getattr(interaction.app_permissions, perm)]
            if missing:
                names = ", ".join(p.replace("_", " ").title() for p in missing)
                note = f"Heads-up: I cannot post alerts in this channel yet (missing: {names}). Ask a moderator to " \
                       "grant them, or follow from another channel."
        await self.answer(interaction, reply, note=note)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Clicks on "which player?" buttons: following the picked name is the same as /follow with it; a pick
        under a /settings change for one of several players is /settings with that change for the picked one."""
        if interaction.type is not discord.InteractionType.component or interaction.data is None:
            return
        custom_id = str(interaction.data.get("custom_id", ""))
        if custom_id.startswith(CHOICE_PREFIX):
            await self.follow(interaction, custom_id.removeprefix(CHOICE_PREFIX))
        elif custom_id.startswith(SETTINGS_CHOICE_PREFIX):
            change = custom_id.removeprefix(SETTINGS_CHOICE_PREFIX)
            await self.run(interaction, lambda chat: self.commands.settings(chat, change))

    async def player_choices(self, typed: str) -> list[app_commands.Choice[str]]:
        names = await asyncio.to_thread(self.commands.suggest_players, typed, 25)
        return [app_commands.Choice(name=name[:100], value=name[:100]) for name in names[:25]]

    # ---------------------------------------------------------------- the follower of a channel
    def _remember_follower(self, channel_id: str, user_id: str | None) -> None:
        """Store who last used /follow in this channel and clear any earlier "told" mark (ChatCommands.follow has
        already brought a deactivated channel back)."""
        with self.commands.repository.transaction() as tx:
            record = tx.find_chat(PLATFORM, channel_id)
            if record is None or record.id is None:
                return
            tx.update_chat_settings(record.id, {**(record.settings or {}),
                                                FOLLOWER_KEY: {"user_id": user_id, "told": False}})

    def _follower_to_tell(self, channel_id: str) -> tuple[int, str] | None:
        """The follower of a channel the bot just lost, marked as told, or None when there is nobody (left) to tell."""
        with self.commands.repository.transaction() as tx:
            record = tx.find_chat(PLATFORM, channel_id)
            if record is None or record.id is None:
                return None
            follower = (record.settings or {}).get(FOLLOWER_KEY) or {}
            if not follower.get("user_id") or follower.get("told"):
                return None
            tx.update_chat_settings(record.id, {**record.settings, FOLLOWER_KEY: {**follower, "told": True}})
            return int(follower["user_id"]), record.title or f"channel {channel_id}"

    async def _tell_follower(self, channel_id: str) -> None:
        """DM the person who followed in a channel the bot can no longer post in; at most once per follow."""
        target = await asyncio.to_thread(self._follower_to_tell, channel_id)
        if target is None:
            return
        user_id, title = target
        text = (f"I can no longer post transfer alerts in {title}: I am missing permissions there (Send Messages "
                "and Embed Links). Alerts for that channel are stopped. Once a moderator restores them, use /follow "
                "there again to restart them.")
        try:
            direct = await self.client.create_dm(discord.Object(id=user_id))
            await direct.send(text, allowed_mentions=NO_MENTIONS)
        except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
            log.warning("event=discord_follower_not_told channel=%s user=%s error=%s", channel_id, user_id, exc)

    # ---------------------------------------------------------------- AlertSender
    async def send_alert(self, platform_chat_id: str, payload: dict[str, Any]) -> None:
        """Post one outbox alert as embeds; Discord's answer decides whether the outbox retries or gives up.

        `platform_chat_id` is a channel id (guild channel or DM channel, as /follow stored it) or `dm:<user id>`
        for people known only by user id, such as the configured admins told about a failing feed.
        """
        user_id = platform_chat_id.removeprefix(DM_PREFIX) if platform_chat_id.startswith(DM_PREFIX) else None
        try:
            target_id = int(user_id if user_id is not None else platform_chat_id)
        except ValueError:
            raise PermanentDeliveryError(f"not a Discord channel id: {platform_chat_id[:40]!r}") from None
        if self.client.user is None:
            raise TransientDeliveryError("not logged in to Discord yet")
        try:
            channel: discord.abc.Messageable = await self.client.create_dm(discord.Object(id=target_id)) \
                if user_id is not None else self.client.get_partial_messageable(target_id)
            messages = alert_messages(payload)
            progress = alert_progress()  # a retry, or the bot after a crash, resumes after the parts delivered
            for index in range(progress.parts_sent if progress is not None else 0, len(messages)):
                await channel.send(embeds=messages[index], allowed_mentions=NO_MENTIONS)
                if progress is not None and index + 1 < len(messages):  # after the last the row is marked sent
                    await progress.record(index + 1)
        except discord.Forbidden as exc:
            if user_id is not None or exc.code == CANNOT_DM_USER:
                raise PermanentDeliveryError("this user does not accept DMs from the bot") from exc
            await self._tell_follower(platform_chat_id)
            raise PermanentDeliveryError(f"missing permissions (Discord {exc.code})") from exc
        except discord.NotFound as exc:
            reason = "channel deleted" if exc.code == 10003 else f"not found (Discord {exc.code})"
            raise PermanentDeliveryError(reason) from exc
        except discord.RateLimited as exc:
            raise TransientDeliveryError("rate limited by Discord", retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise TransientDeliveryError(f"Discord answered {exc.status} (code {exc.code}): {exc.text[:200]}") \
                from exc
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
            raise TransientDeliveryError(f"network error talking to Discord: {exc!r}"[:300]) from exc


def choice_buttons(names: Sequence[str], picks: Sequence[str] = (), prefix: str = CHOICE_PREFIX) -> discord.ui.View:
    """One button per candidate (Discord allows 25), carrying its name or, when given, its pick; a click is handled
    by DiscordAdapter.on_interaction, so it still works after the view times out or the bot restarts."""
    view = discord.ui.View(timeout=600)
    for n, name in enumerate(names[:25]):
        custom_id = prefix + (picks[n] if picks else name)
        if len(custom_id) <= CUSTOM_ID_LIMIT:
            view.add_item(discord.ui.Button(label=name[:80], custom_id=custom_id, style=discord.ButtonStyle.primary))
    return view


def reply_messages(reply: Reply, note: str | None = None) -> list[dict[str, Any]]:
    """A Reply as the keyword arguments of the messages that carry it (`Webhook.send`'s): /status as embeds, a
    choice as text with buttons, the rest as text cut to Discord's 2,000 characters."""
    if reply.status is not None:
        return [{"embeds": embeds} for embeds in status_messages(reply.status)]
    text = f"{reply.text}\n\n{note}" if note else reply.text
    messages: list[dict[str, Any]] = [{"content": chunk} for chunk in text_messages(text)]
    if reply.kind == "choice" and reply.choices:
        prefix = SETTINGS_CHOICE_PREFIX if reply.pick_command == "settings" else CHOICE_PREFIX
        messages[0]["view"] = choice_buttons(reply.choices, reply.pick_args, prefix)
    return messages


async def defer(interaction: discord.Interaction, public: bool) -> None:
    """Acknowledge an interaction at once with Discord's "thinking…" placeholder (callback type 5); the reply
    follows through the interaction webhook, which stays open for 15 minutes.

    Every command defers, before any work, rather than only the slow ones: Discord's 3-second window starts when
    it sends the event, so gateway latency and a busy event loop have already used part of it, and database time
    has no useful bound (a SQLite lock wait, a PostgreSQL pause). Any "answer directly if quick" threshold would be
    a guess that fails under load; deferring costs one request and a moment of "thinking…".

    The placeholder's visibility is fixed now (Discord keeps it for the first follow-up), so `public` is the
    visibility the reply will have unless it turns out private (see `send_after_deferral`).
    """
    await interaction.response.defer(ephemeral=not public, thinking=True)
    interaction.extras[PUBLIC_PLACEHOLDER] = public


async def send_after_deferral(interaction: discord.Interaction, messages: Sequence[dict[str, Any]],
                              ephemeral: bool) -> None:
    """Send a deferred reply as follow-ups. The first follow-up replaces the placeholder and keeps its visibility
    whatever flag it carries, so a private reply (an error, a choice) to a public placeholder deletes the
    placeholder first; its follow-ups are then messages of their own, private as asked."""
    if interaction.extras.pop(PUBLIC_PLACEHOLDER, False) and ephemeral:
        await interaction.delete_original_response()
    for message in messages:
        await interaction.followup.send(**message, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)


def _log_connection_end(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("event=discord_gateway_stopped error=%r", task.exception())


def register_commands(tree: app_commands.CommandTree, bot: DiscordAdapter) -> None:
    """Every slash command, one small handler each, in one place."""

    async def player_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await bot.player_choices(current)

    @tree.command(name="follow", description="Follow a player: his transfer news comes to this channel")
    @app_commands.describe(player="The player's name, e.g. Rudiger")
    @app_commands.autocomplete(player=player_names)
    async def follow(interaction: discord.Interaction, player: PlayerName) -> None:
        await bot.follow(interaction, player)

    @tree.command(name="unfollow", description="Stop following a player in this channel")
    @app_commands.describe(player="The player's name")
    @app_commands.autocomplete(player=player_names)
    async def unfollow(interaction: discord.Interaction, player: PlayerName) -> None:
        await bot.run(interaction, lambda chat: bot.commands.unfollow(chat, player))

    @tree.command(name="following", description="The players this channel follows")
    async def following(interaction: discord.Interaction) -> None:
        await bot.run(interaction, bot.commands.following)

    @tree.command(name="status", description="What is known about a player: clubs and stages, contract, money")
    @app_commands.describe(player="The player's name")
    @app_commands.autocomplete(player=player_names)
    async def status(interaction: discord.Interaction, player: PlayerName) -> None:
        await bot.run(interaction, lambda chat: bot.commands.status(chat, player))

    async def setting_examples(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        typed = current.strip().lower()
        return [app_commands.Choice(name=e, value=e) for e in SETTINGS_EXAMPLES if e.startswith(typed)]

    @tree.command(name="settings", description="Show or change this channel's alert settings")
    @app_commands.describe(change="e.g. min_stage talks · clubs Real Madrid · quiet 23-7 · pause · "
                                  "min_stage bid for Rudiger")
    @app_commands.autocomplete(change=setting_examples)
    async def settings(interaction: discord.Interaction, change: app_commands.Range[str, 0, 500] = "") -> None:
        await bot.run(interaction, lambda chat: bot.commands.settings(chat, change), public=bool(change))

    @tree.command(name="help", description="How to follow players and what each command does")
    async def help_(interaction: discord.Interaction) -> None:
        await bot.run(interaction, bot.commands.help, public=False)

    admins_only = discord.Permissions(administrator=True)

    @tree.command(name="addfeed", description="Admins: add a news feed to poll")
    @app_commands.describe(url="RSS or Atom feed URL", name="A name people will recognise (optional)")
    @app_commands.default_permissions(admins_only)
    async def addfeed(interaction: discord.Interaction, url: app_commands.Range[str, 1, 2000],
                      name: app_commands.Range[str, 1, 200] | None = None) -> None:
        await defer(interaction, public=False)  # the feed is fetched once before it is added: seconds, maybe
        reply = await bot.feed_admin.add(bot.chat_ref(interaction), url, name)
        await bot.answer(interaction, reply, public=False)

    @tree.command(name="removefeed", description="Admins: stop polling a feed")
    @app_commands.describe(feed="The feed's URL or its number in /feeds")
    @app_commands.default_permissions(admins_only)
    async def removefeed(interaction: discord.Interaction, feed: app_commands.Range[str, 1, 2000]) -> None:
        await bot.run(interaction, lambda chat: bot.feed_admin.remove(chat, feed), public=False)

    @tree.command(name="feeds", description="Admins: the feeds polled, with their health")
    @app_commands.default_permissions(admins_only)
    async def feeds(interaction: discord.Interaction) -> None:
        await bot.run(interaction, bot.feed_admin.list, public=False)

    @tree.error
    async def on_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        log.error("event=discord_command_failed command=%s error=%r",
                  interaction.command.name if interaction.command else "?", error, exc_info=error)
        text = "Sorry, that went wrong on my side; nothing was changed. Please try again in a moment."
        if interaction.response.is_done():
            await send_after_deferral(interaction, [{"content": text}], ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
