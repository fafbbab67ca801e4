"""A fake Telegram Bot API server on 127.0.0.1, strict where the real one is strict.

python-telegram-bot runs against it unmodified (`ApplicationBuilder().base_url(fake.base_url)`): it long-polls
getUpdates (which really waits up to `timeout`), and every message the bot sends is checked the way Telegram checks
it — HTML entities parsed strictly, 4096-character limit, callback data at most 64 bytes — and paced against
Telegram's flood caps (30 messages/s overall, 1/s per chat, 20/min per group), answering 429 with `retry_after` when
the bot goes faster. Tests drive it from the user's side: `user_sends`, `click`, `block`, `forget_chat`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.telegram.telegram_html import EntityParseError, check_message_text

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Transfer Bot", "username": "transfer_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
#: Parameters PTB sends as JSON strings inside the form.
_JSON_FIELDS = frozenset({"reply_markup", "link_preview_options", "commands", "scope", "entities", "allowed_updates",
                          "reply_parameters"})


@dataclass(frozen=True)
class FloodCaps:
    """Telegram's published limits for bots."""

    overall_per_second: int = 30
    chat_interval: float = 1.0
    group_limit: int = 20
    group_period: float = 60.0


@dataclass
class SentMessage:
    """A message the bot got through, as the chat sees it."""

    message_id: int
    chat_id: int
    text: str
    visible_text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    link_preview_disabled: bool
    at: float
    edited: bool = False


@dataclass
class FloodControl:
    """Sliding-window accounting of accepted messages, by arrival time at the server."""

    caps: FloodCaps
    overall: deque[float] = field(default_factory=deque)
    last_in_chat: dict[int, float] = field(default_factory=dict)
    group: dict[int, deque[float]] = field(default_factory=dict)

    def retry_after(self, chat_id: int, now: float) -> float:
        """Seconds the bot must wait before this message is allowed; 0 when it may go now."""
        while self.overall and self.overall[0] <= now - 1.0:
            self.overall.popleft()
        waits = [0.0]
        if len(self.overall) >= self.caps.overall_per_second:
            waits.append(self.overall[0] + 1.0 - now)
        last = self.last_in_chat.get(chat_id)
        if last is not None and now - last < self.caps.chat_interval:
            waits.append(last + self.caps.chat_interval - now)
        if chat_id < 0:
            window = self.group.setdefault(chat_id, deque())
            while window and window[0] <= now - self.caps.group_period:
                window.popleft()
            if len(window) >= self.caps.group_limit:
                waits.append(window[0] + self.caps.group_period - now)
        return max(waits)

    def record(self, chat_id: int, now: float) -> None:
        self.overall.append(now)
        self.last_in_chat[chat_id] = now
        if chat_id < 0:
            self.group.setdefault(chat_id, deque()).append(now)


class ApiError(Exception):
    """An error answer: HTTP status, Telegram's description, optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


class FakeBotApi:
    """The server and the world behind it: chats, their administrators, what the bot has sent."""

    def __init__(self, token: str = "123456:TEST-TOKEN", caps: FloodCaps | None = FloodCaps()) -> None:
        self.token = token
        self.flood = FloodControl(caps) if caps is not None else None
        self.updates: list[dict[str, Any]] = []
        self.sent: list[SentMessage] = []
        self.rejected: list[tuple[str, str]] = []  # (method, description) of every 4xx answered
        self.calls: Counter[str] = Counter()
        self.too_many_requests = 0
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.blocked: set[int] = set()
        self.missing: set[int] = set()
        self.migrated: dict[int, int] = {}  # group id -> the supergroup it became
        self.fail_after: dict[int, int] = {}  # chat id -> messages accepted before one is answered with a 500
        self.administrators: dict[int, set[int]] = {}
        self.titles: dict[int, str] = {}
        self.channels: set[int] = set()
        self.webhook: dict[str, Any] | None = None
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0

    # ------------------------------------------------------------------ server
    @property
    def base_url(self) -> str:
        """What to hand PTB's `ApplicationBuilder().base_url(...)` (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        self._closing = True  # end pending long polls now rather than at their timeout
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> "FakeBotApi":
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = await _read_params(request)
        self.calls[method] += 1
        handler = getattr(self, f"_api_{method}", None)
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
        except ApiError as error:
            if error.status == 429:
                self.too_many_requests += 1
            else:
                self.rejected.append((method, error.description))
            body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return web.json_response(body, status=error.status)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    # ------------------------------------------------------------- the methods
    async def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = params
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        scope = params.get("scope") or {"type": "default"}
        key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        commands = params["commands"]
        for command in commands:
            if not (1 <= len(command["command"]) <= 32) or not (1 <= len(command["description"]) <= 256):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if "chat_id" in scope:
            self._check_chat(int(scope["chat_id"]))
        self.commands[key] = commands
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout > 0:
            async with self._changed:
                try:
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(self.updates) or self._closing),
                                           timeout)
                except TimeoutError:
                    pass
        return list(self.updates[: int(params.get("limit") or 100)])

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._check_chat(int(params["chat_id"]))
        if chat_id in self.fail_after:
            self.fail_after[chat_id] -= 1
            if self.fail_after[chat_id] < 0:
                del self.fail_after[chat_id]
                raise ApiError(500, "Internal Server Error")
        visible = self._check_text(params)
        self._check_markup(params.get("reply_markup"))
        self._pace(chat_id)
        message = SentMessage(
            message_id=next(self._message_ids), chat_id=chat_id, text=params["text"], visible_text=visible,
            parse_mode=params.get("parse_mode"), reply_markup=params.get("reply_markup"),
            link_preview_disabled=bool((params.get("link_preview_options") or {}).get("is_disabled")),
            at=time.monotonic(),
        )
        self.sent.append(message)
        return self._message_json(message)

    async def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._check_chat(int(params["chat_id"]))
        visible = self._check_text(params)
        self._check_markup(params.get("reply_markup"))
        self._pace(chat_id)
        message_id = int(params["message_id"])
        original = next((m for m in self.sent if m.chat_id == chat_id and m.message_id == message_id), None)
        if original is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        edited = SentMessage(
            message_id=message_id, chat_id=chat_id, text=params["text"], visible_text=visible,
            parse_mode=params.get("parse_mode"), reply_markup=params.get("reply_markup"),
            link_preview_disabled=bool((params.get("link_preview_options") or {}).get("is_disabled")),
            at=time.monotonic(), edited=True,
        )
        self.sent.append(edited)
        return self._message_json(edited)

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self.callback_answers.append(params)
        return True

    async def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._check_chat(int(params["chat_id"]))
        user_id = int(params["user_id"])
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        if user_id in self.administrators.get(chat_id, set()):
            return {"user": user, "status": "administrator", "can_be_edited": False, "is_anonymous": False,
                    "can_manage_chat": True, "can_delete_messages": True, "can_manage_video_chats": True,
                    "can_restrict_members": True, "can_promote_members": False, "can_change_info": True,
                    "can_invite_users": True, "can_post_stories": False, "can_edit_stories": False,
                    "can_delete_stories": False}
        return {"user": user, "status": "member"}

    def _check_chat(self, chat_id: int) -> int:
        if chat_id in self.missing:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": self.migrated[chat_id]})
        if chat_id in self.blocked:
            reason = "bot was blocked by the user" if chat_id > 0 else "bot was kicked from the group chat"
            raise ApiError(403, f"Forbidden: {reason}")
        return chat_id

    @staticmethod
    def _check_text(params: dict[str, Any]) -> str:
        try:
            return check_message_text(str(params.get("text", "")), params.get("parse_mode"))
        except EntityParseError as error:
            raise ApiError(400, f"Bad Request: {error}") from None

    @staticmethod
    def _check_markup(markup: dict[str, Any] | None) -> None:
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not (1 <= len(data.encode("utf-8")) <= 64):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _pace(self, chat_id: int) -> None:
        if self.flood is None:
            return
        now = time.monotonic()
        wait = self.flood.retry_after(chat_id, now)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        self.flood.record(chat_id, now)

    def _message_json(self, message: SentMessage) -> dict[str, Any]:
        out: dict[str, Any] = {"message_id": message.message_id, "date": int(time.time()),
                               "chat": self._chat_json(message.chat_id), "from": BOT_USER,
                               "text": message.visible_text}
        if message.edited:
            out["edit_date"] = int(time.time())
        return out

    def _chat_json(self, chat_id: int) -> dict[str, Any]:
        kind = "private" if chat_id > 0 else "channel" if chat_id in self.channels else "supergroup"
        if kind == "private":
            return {"id": chat_id, "type": kind, "first_name": f"User {chat_id}"}
        return {"id": chat_id, "type": kind, "title": self.titles.get(chat_id, f"Chat {chat_id}")}

    # ------------------------------------------------------ the user's side
    async def push_update(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: body}
        self.updates.append(update)
        async with self._changed:
            self._changed.notify_all()
        return update

    async def user_sends(self, chat_id: int, text: str, user_id: int | None = None) -> dict[str, Any]:
        """A person types `text` in a chat (a private chat is the person's own id)."""
        user_id = chat_id if user_id is None else user_id
        message = self._incoming(chat_id, text)
        message["from"] = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        return await self.push_update("message", message)

    async def channel_post(self, chat_id: int, text: str) -> dict[str, Any]:
        """Someone posts in a channel where the bot is an administrator."""
        self.channels.add(chat_id)
        message = self._incoming(chat_id, text)
        message["sender_chat"] = self._chat_json(chat_id)
        return await self.push_update("channel_post", message)

    async def click(self, message: SentMessage, data: str, user_id: int | None = None) -> dict[str, Any]:
        """A person presses an inline button under one of the bot's messages."""
        user_id = message.chat_id if user_id is None else user_id
        query = {"id": str(next(self._update_ids) * 7), "chat_instance": f"ci{message.chat_id}", "data": data,
                 "from": {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"},
                 "message": self._message_json(message)}
        return await self.push_update("callback_query", query)

    async def bot_removed(self, chat_id: int, user_id: int | None = None) -> dict[str, Any]:
        """The person blocks the bot (private chat) or an admin removes it (group): Telegram tells the bot once."""
        self.blocked.add(chat_id)
        user_id = chat_id if chat_id > 0 else (user_id or 1)
        status = "kicked"
        body = {"chat": self._chat_json(chat_id), "date": int(time.time()),
                "from": {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"},
                "old_chat_member": {"user": BOT_USER, "status": "member"},
                "new_chat_member": {"user": BOT_USER, "status": status, "until_date": 0}}
        return await self.push_update("my_chat_member", body)

    def _incoming(self, chat_id: int, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                                   "chat": self._chat_json(chat_id), "text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    # ---------------------------------------------------------- assertions
    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    async def wait_for_message(self, chat_id: int, count: int = 1, timeout: float = 10.0) -> list[SentMessage]:
        """Wait until `count` messages reached the chat in all (edits included); return them all."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.messages_to(chat_id)) >= count),
                                   timeout)
        return self.messages_to(chat_id)

    async def wait_until(self, predicate: Any, timeout: float = 10.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """PTB posts form fields, nested values as JSON strings; accept a JSON body too."""
    if request.content_type == "application/json":
        return dict(await request.json())
    raw: dict[str, Any] = dict(await request.post()) if request.can_read_body else {}
    raw.update(request.query)
    params: dict[str, Any] = {}
    for key, value in raw.items():
        params[key] = json.loads(str(value)) if key in _JSON_FIELDS else str(value)
    return params
