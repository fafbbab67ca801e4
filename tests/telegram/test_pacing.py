"""Pacing to Telegram's flood caps: a real PTB bot against the fake Bot API, which answers 429 when paced badly."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from adapters.telegram_pacing import SlidingWindow, TelegramFloodLimiter, is_group_chat
from tests.telegram.fake_bot_api import FakeBotApi, FloodCaps


def test_sliding_window_counts_from_when_requests_finish() -> None:
    window = SlidingWindow(2, 1.0)
    assert window.wait_time(0.0) == 0.0
    window.start()
    window.start()
    assert window.wait_time(0.1) is None  # both slots held by requests still in flight
    window.finish(0.5)
    assert window.wait_time(0.6) == pytest.approx(0.9)  # one request still in flight, one finished at 0.5
    window.finish(0.7)
    assert window.wait_time(1.0) == pytest.approx(0.5)
    assert window.wait_time(1.5) == 0.0
    assert not window.idle(1.6) and window.idle(1.7)


def test_groups_are_negative_ids_or_usernames() -> None:
    assert is_group_chat(-100123) and is_group_chat("-5") and is_group_chat("@channel")
    assert not is_group_chat(42) and not is_group_chat("42")


async def _send_all(bot: ExtBot, chats: list[int]) -> None:
    await asyncio.gather(*(bot.send_message(chat, f"message {n} to {chat}") for n, chat in enumerate(chats)))


async def test_many_chats_one_chat_and_a_group_at_the_caps_without_a_single_429() -> None:
    caps = FloodCaps(overall_per_second=30, chat_interval=1.0, group_limit=3, group_period=2.0)
    limiter = TelegramFloodLimiter(overall_per_second=30, chat_interval=1.0, group_limit=3, group_period=2.0)
    async with FakeBotApi(caps=caps) as fake:
        async with ExtBot(fake.token, base_url=fake.base_url, rate_limiter=limiter) as bot:
            chats = list(range(1, 46)) + [7, 7, 7] + [-100500] * 5
            await _send_all(bot, chats)
    assert fake.too_many_requests == 0 and limiter.retry_after_received == 0
    assert len(fake.sent) == len(chats)
    to_seven = [m.text for m in fake.messages_to(7)]
    assert to_seven == sorted(to_seven, key=lambda t: int(t.split()[1]))  # one chat's messages keep their order
    assert len(fake.messages_to(-100500)) == 5


async def test_a_429_pauses_then_retries_and_the_message_arrives() -> None:
    limiter = TelegramFloodLimiter(overall_per_second=1000, chat_interval=0.01, max_retries=3)
    async with FakeBotApi() as fake:
        async with ExtBot(fake.token, base_url=fake.base_url, rate_limiter=limiter) as bot:
            await _send_all(bot, [9, 9])
    assert fake.too_many_requests >= 1 and limiter.retry_after_received == fake.too_many_requests
    assert [m.text for m in fake.messages_to(9)] == ["message 0 to 9", "message 1 to 9"]


async def test_when_retries_run_out_retry_after_reaches_the_caller() -> None:
    limiter = TelegramFloodLimiter(overall_per_second=1000, chat_interval=0.01, max_retries=0)
    async with FakeBotApi() as fake:
        async with ExtBot(fake.token, base_url=fake.base_url, rate_limiter=limiter) as bot:
            await bot.send_message(5, "first")
            with pytest.raises(RetryAfter):
                await bot.send_message(5, "second")
    assert [m.text for m in fake.messages_to(5)] == ["first"]
