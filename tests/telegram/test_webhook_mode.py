"""Webhook mode: the adapter registers its public URL and secret with Telegram, listens on webhook_listen, accepts
updates carrying the secret and refuses those without it."""

from __future__ import annotations

import socket

import httpx

from adapters.telegram import TelegramAdapter
from bot.commands import ChatCommands
from bot.config import Settings, TelegramConfig
from bot.feed_admin import FeedAdmin
from storage.repository import Repository
from tests.telegram.fake_bot_api import FakeBotApi

SECRET = "webhook-secret_123"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _update(update_id: int, chat_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text, "chat": {"id": chat_id, "type": "private", "first_name": "A"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]}}


async def test_webhook_mode_registers_and_serves_updates_with_the_secret(sqlite_repository: Repository) -> None:
    port = _free_port()
    async with FakeBotApi() as fake:
        settings = Settings(telegram=TelegramConfig(
            token=fake.token, base_url=fake.base_url, mode="webhook", webhook_url="https://bot.example.org/tg/hook",
            webhook_secret=SECRET, webhook_listen=f"127.0.0.1:{port}"))
        adapter = TelegramAdapter(settings, ChatCommands(sqlite_repository), FeedAdmin(sqlite_repository, settings))
        await adapter.start()
        try:
            assert fake.webhook is not None and fake.webhook["url"] == "https://bot.example.org/tg/hook"
            assert fake.webhook["secret_token"] == SECRET
            assert fake.calls["getUpdates"] == 0
            async with httpx.AsyncClient() as client:
                hook = f"http://127.0.0.1:{port}/tg/hook"
                refused = await client.post(hook, json=_update(1, 5, "/help"))
                accepted = await client.post(hook, json=_update(2, 6, "/help"),
                                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert refused.status_code == 403 and accepted.status_code == 200
            (reply,) = await fake.wait_for_message(6)
            assert "/follow NAME" in reply.visible_text
            assert fake.messages_to(5) == []
        finally:
            await adapter.stop()
