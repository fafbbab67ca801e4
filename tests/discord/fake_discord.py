"""A loopback Discord: the REST API and the gateway, enough of both for discord.py 2.7 to run unmodified against it.

Why a server rather than patched library calls: the adapter's whole job is the conversation with Discord — logging
in, identifying on the gateway (with the intents and shard it asked for), syncing the command tree, answering
interactions through the webhook adapter, posting embeds and reacting to 403/404/429/5xx. Driving the real client
over real sockets tests all of it; the server records what it was sent so tests can assert on it.

REST answers carry a Content-Type of exactly `application/json` (discord.py compares the header verbatim) and 429s
carry a `Via` header (without one discord.py assumes a Cloudflare ban instead of a rate limit).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"
#: Discord's own error codes, as discord.py surfaces them on Forbidden / NotFound (`exc.code`).
MISSING_PERMISSIONS = 50013
UNKNOWN_CHANNEL = 10003
CANNOT_DM_USER = 50007
UNKNOWN_MESSAGE = 10008
UNKNOWN_WEBHOOK = 10015
#: Interaction callback types: a message now, or the "thinking…" placeholder (a deferral) and the message later.
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
EPHEMERAL = 64

EVERYTHING = (1 << 53) - 1


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    body = json.dumps(data).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json", **(headers or {})})


def _error(status: int, code: int, message: str) -> web.Response:
    return _json({"code": code, "message": message}, status=status)


@dataclass
class FakeChannel:
    """A channel the bot may post in; `failure` makes posting answer like Discord does when something is wrong."""

    id: int
    name: str
    guild_id: int | None = None
    failure: str | None = None  # None | "forbidden" | "deleted" | "server_error" | "rate_limited_once"
    recipient_id: int | None = None
    #: accept this many more messages, then answer 503 until set back to None (a failure in the middle of a split alert)
    accept_then_fail: int | None = None

    def payload(self) -> dict[str, Any]:
        if self.guild_id is None:
            return {"id": str(self.id), "type": 1, "last_message_id": None, "flags": 0,
                    "recipients": [user_payload(self.recipient_id or 0, f"user{self.recipient_id}")]}
        return {"id": str(self.id), "type": 0, "guild_id": str(self.guild_id), "name": self.name, "position": 0,
                "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
                "last_message_id": None, "rate_limit_per_user": 0, "flags": 0}


@dataclass
class Conversation:
    """One interaction as its user sees it: the original response and the follow-ups after it.

    A deferral (callback type 5) shows a "thinking…" placeholder as the original response. As on Discord, the first
    follow-up replaces the placeholder and keeps the deferral's visibility whatever flags it carries; once the
    placeholder is deleted (DELETE @original), follow-ups are messages of their own with their own flags.
    """

    original: dict[str, Any] | None = None
    thinking: bool = False
    followups: list[dict[str, Any]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def shown(self) -> list[dict[str, Any]]:
        """The messages on the user's screen, oldest first (a placeholder is not a message)."""
        first = [] if self.original is None or self.thinking else [self.original]
        return first + self.followups

    def respond(self, body: dict[str, Any]) -> None:
        if body["type"] == CHANNEL_MESSAGE:
            self.original = dict(body.get("data") or {})
        elif body["type"] == DEFERRED_CHANNEL_MESSAGE:
            self.original = {"flags": (body.get("data") or {}).get("flags", 0)}
            self.thinking = True
        self.changed.set()

    def follow_up(self, body: dict[str, Any]) -> None:
        if self.thinking and self.original is not None:  # replaces the placeholder, keeping its visibility
            flags = (body.get("flags", 0) & ~EPHEMERAL) | (self.original.get("flags", 0) & EPHEMERAL)
            self.original = {**body, "flags": flags}
            self.thinking = False
        else:
            self.followups.append(body)
        self.changed.set()

    def delete_original(self) -> None:
        self.original = None
        self.thinking = False
        self.changed.set()


@dataclass
class GatewaySession:
    """One identified gateway connection (one per shard)."""

    socket: web.WebSocketResponse
    identify: dict[str, Any]
    sequence: int = 0

    @property
    def shard(self) -> tuple[int, int]:
        shard = self.identify.get("shard") or [0, 1]
        return int(shard[0]), int(shard[1])


def user_payload(user_id: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "global_name": name, "discriminator": "0", "avatar": None,
            "bot": bot, "public_flags": 0, "flags": 0}


@dataclass
class FakeDiscord:
    """The server and everything it has seen. Start it with `await fake.start()`, stop with `await fake.stop()`."""

    application_id: int = 900_000_000_000_000_001
    bot_user_id: int = 900_000_000_000_000_001
    token: str = "fake-bot-token"
    recommended_shards: int = 1
    guilds: dict[int, dict[str, Any]] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    #: (channel id, JSON body) of every message the bot posted, in order.
    messages: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    #: interaction id -> callback bodies (type 4 message, 8 autocomplete result, 5 defer, ...).
    responses: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    #: interaction token -> what its user sees (original response, follow-ups).
    conversations: dict[str, Conversation] = field(default_factory=dict)
    #: guild id (None: global) -> the command payloads last synced there.
    synced: dict[int | None, list[dict[str, Any]]] = field(default_factory=dict)
    sessions: list[GatewaySession] = field(default_factory=list)
    #: user ids whose DMs are closed to the bot.
    closed_dms: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1_100_000_000_000_000_000)
        self._response_waiters: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._message_event = asyncio.Event()
        self._sessions_changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ set-up
    def next_id(self) -> int:
        return next(self._ids)

    def add_guild(self, guild_id: int, name: str) -> int:
        self.guilds[guild_id] = {"id": guild_id, "name": name}
        return guild_id

    def add_channel(self, guild_id: int | None, name: str, channel_id: int | None = None,
                    recipient_id: int | None = None) -> FakeChannel:
        channel = FakeChannel(id=channel_id or self.next_id(), name=name, guild_id=guild_id, recipient_id=recipient_id)
        self.channels[channel.id] = channel
        return channel

    def guild_payload(self, guild_id: int) -> dict[str, Any]:
        guild = self.guilds[guild_id]
        channels = [c.payload() for c in self.channels.values() if c.guild_id == guild_id]
        everyone = {"id": str(guild_id), "name": "@everyone", "permissions": "1024", "position": 0, "color": 0,
                    "hoist": False, "managed": False, "mentionable": False, "flags": 0}
        return {"id": str(guild_id), "name": guild["name"], "unavailable": False, "owner_id": "1", "member_count": 3,
                "large": False, "features": [], "roles": [everyone], "emojis": [], "stickers": [],
                "channels": channels, "threads": [], "members": [], "presences": [], "voice_states": [],
                "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
                "joined_at": "2024-01-01T00:00:00+00:00", "verification_level": 0, "default_message_notifications": 0,
                "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0,
                "preferred_locale": "en-US", "system_channel_flags": 0, "afk_timeout": 300}

    @property
    def api_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        api = web.RouteTableDef()
        api.get(API_PREFIX + "/users/@me")(self._me)
        api.get(API_PREFIX + "/oauth2/applications/@me")(self._application)
        api.get(API_PREFIX + "/gateway/bot")(self._gateway_bot)
        api.put(API_PREFIX + "/applications/{app}/commands")(self._sync)
        api.put(API_PREFIX + "/applications/{app}/guilds/{guild}/commands")(self._sync)
        api.post(API_PREFIX + "/interactions/{id}/{token}/callback")(self._callback)
        api.post(API_PREFIX + "/webhooks/{app}/{token}")(self._followup)
        api.delete(API_PREFIX + "/webhooks/{app}/{token}/messages/@original")(self._delete_original)
        api.post(API_PREFIX + "/channels/{channel}/messages")(self._post_message)
        api.post(API_PREFIX + "/users/@me/channels")(self._open_dm)
        app.add_routes(api)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for session in self.sessions:
            await session.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ------------------------------------------------------------------ REST
    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.token}"

    async def _me(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return _error(401, 0, "401: Unauthorized")
        return _json(user_payload(self.bot_user_id, "TransferBot", bot=True))

    async def _application(self, request: web.Request) -> web.Response:
        return _json({"id": str(self.application_id), "name": "TransferBot", "description": "", "icon": None,
                      "bot_public": True, "bot_require_code_grant": False, "verify_key": "00", "flags": 0,
                      "owner": user_payload(1, "owner"), "team": None, "summary": "", "rpc_origins": []})

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url, "shards": self.recommended_shards,
                      "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0,
                                              "max_concurrency": 1}})

    async def _sync(self, request: web.Request) -> web.Response:
        guild = request.match_info.get("guild")
        commands = []
        for command in await request.json():
            command = {**command, "id": str(self.next_id()), "application_id": str(self.application_id),
                       "version": "1", "default_member_permissions": command.get("default_member_permissions")}
            if guild:
                command["guild_id"] = guild
            commands.append(command)
        self.synced[int(guild) if guild else None] = commands
        return _json(commands)

    async def _callback(self, request: web.Request) -> web.Response:
        interaction_id = int(request.match_info["id"])
        body = await request.json()
        self.responses[interaction_id].append(body)
        self.conversations.setdefault(request.match_info["token"], Conversation()).respond(body)
        waiter = self._response_waiters.pop(interaction_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(body)
        return _json({"interaction": {"id": str(interaction_id), "type": 2}})

    async def _followup(self, request: web.Request) -> web.Response:
        conversation = self.conversations.get(request.match_info["token"])
        if conversation is None:  # no callback was ever made with this token
            return _error(404, UNKNOWN_WEBHOOK, "Unknown Webhook")
        body = await request.json()
        conversation.follow_up(body)
        return _json(self._message(0, body))

    async def _delete_original(self, request: web.Request) -> web.Response:
        conversation = self.conversations.get(request.match_info["token"])
        if conversation is None or conversation.original is None:
            return _error(404, UNKNOWN_MESSAGE, "Unknown Message")
        conversation.delete_original()
        return web.Response(status=204)

    def _message(self, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
        return {"id": str(self.next_id()), "channel_id": str(channel_id), "type": 0,
                "content": body.get("content") or "", "embeds": body.get("embeds") or [],
                "author": user_payload(self.bot_user_id, "TransferBot", bot=True), "attachments": [],
                "mentions": [], "mention_roles": [], "pinned": False, "mention_everyone": False, "tts": False,
                "timestamp": "2024-01-01T00:00:00+00:00", "edited_timestamp": None, "flags": 0, "components": []}

    async def _post_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel"])
        channel = self.channels.get(channel_id)
        if channel is None or channel.failure == "deleted":
            return _error(404, UNKNOWN_CHANNEL, "Unknown Channel")
        if channel.failure == "forbidden":
            code = CANNOT_DM_USER if channel.guild_id is None else MISSING_PERMISSIONS
            return _error(403, code, "Missing Permissions")
        if channel.failure == "server_error" or channel.accept_then_fail == 0:
            return _error(503, 0, "Service Unavailable")
        if channel.accept_then_fail is not None:
            channel.accept_then_fail -= 1
        if channel.failure == "rate_limited_once":
            channel.failure = None
            return _json({"message": "You are being rate limited.", "retry_after": 0.05, "global": False},
                         status=429, headers={"Via": "1.1 google", "X-RateLimit-Scope": "user"})
        body = await request.json()
        self.messages.append((channel_id, body))
        self._message_event.set()
        return _json(self._message(channel_id, body))

    async def _open_dm(self, request: web.Request) -> web.Response:
        recipient = int((await request.json())["recipient_id"])
        for channel in self.channels.values():
            if channel.guild_id is None and channel.recipient_id == recipient:
                break
        else:
            channel = self.add_channel(None, f"dm-{recipient}", recipient_id=recipient)
        if recipient in self.closed_dms:
            channel.failure = "forbidden"
        return _json(channel.payload())

    # ---------------------------------------------------------------- gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 45_000}})
        session: GatewaySession | None = None
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                break
            payload = json.loads(message.data)
            if payload["op"] == 1:
                await socket.send_json({"op": 11})
            elif payload["op"] == 2:
                session = GatewaySession(socket=socket, identify=payload["d"])
                self.sessions.append(session)
                await self._ready(session)
                self._sessions_changed.set()
        if session is not None and session in self.sessions:
            self.sessions.remove(session)
        return socket

    def _guild_ids_for(self, session: GatewaySession) -> list[int]:
        shard_id, shard_count = session.shard
        return [g for g in self.guilds if (g >> 22) % shard_count == shard_id]

    async def _ready(self, session: GatewaySession) -> None:
        guild_ids = self._guild_ids_for(session)
        await self.dispatch_to(session, "READY", {
            "v": 10, "user": user_payload(self.bot_user_id, "TransferBot", bot=True),
            "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
            "session_id": f"session-{len(self.sessions)}", "resume_gateway_url": self.gateway_url,
            "shard": list(session.shard), "application": {"id": str(self.application_id), "flags": 0},
        })
        for guild_id in guild_ids:
            await self.dispatch_to(session, "GUILD_CREATE", self.guild_payload(guild_id))

    async def dispatch_to(self, session: GatewaySession, event: str, data: dict[str, Any]) -> None:
        session.sequence += 1
        await session.socket.send_json({"op": 0, "t": event, "s": session.sequence, "d": data})

    def session_for_guild(self, guild_id: int | None) -> GatewaySession:
        """The shard that carries a guild's events (DMs go to shard 0, as on Discord)."""
        for session in self.sessions:
            shard_id, shard_count = session.shard
            if (guild_id is None and shard_id == 0) or (guild_id is not None and (guild_id >> 22) % shard_count
                                                         == shard_id):
                return session
        raise LookupError(f"no gateway session carries guild {guild_id}")

    async def wait_for_sessions(self, count: int, timeout: float = 10.0) -> None:
        await _wait_until(lambda: len(self.sessions) >= count, self._sessions_changed, timeout)

    # ----------------------------------------------------------- interactions
    async def interact(self, payload: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send an INTERACTION_CREATE down the right shard and return the bot's callback body."""
        interaction_id = int(payload["id"])
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._response_waiters[interaction_id] = waiter
        guild_id = int(payload["guild_id"]) if payload.get("guild_id") else None
        await self.dispatch_to(self.session_for_guild(guild_id), "INTERACTION_CREATE", payload)
        return await asyncio.wait_for(waiter, timeout)

    async def answer(self, payload: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send an interaction and return the first message its user sees: the callback's own message, or the
        follow-up that a deferral was waiting for."""
        await self.interact(payload, timeout)
        [first, *_] = await self.wait_shown(payload["token"], 1, timeout)
        return first

    async def wait_shown(self, token: str, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The messages shown for an interaction once there are `count` of them (the bot may still be thinking)."""
        conversation = self.conversations[token]
        await _wait_until(lambda: len(conversation.shown) >= count, conversation.changed, timeout)
        return conversation.shown

    async def wait_for_messages(self, count: int, timeout: float = 10.0) -> list[tuple[int, dict[str, Any]]]:
        await _wait_until(lambda: len(self.messages) >= count, self._message_event, timeout)
        return self.messages


async def _wait_until(ready: Callable[[], bool], changed: asyncio.Event, timeout: float) -> None:
    """Wait until `ready()`, asking again each time `changed` is set."""
    async def until() -> None:
        while not ready():
            changed.clear()
            await changed.wait()
    await asyncio.wait_for(until(), timeout)
