"""An alert longer than one Telegram message goes out in parts, and the parts Telegram accepted are kept in the
outbox row: a failed part, or the bot restarting after a crash, resumes after them, so the chat sees every part once
and in order. The real adapter and delivery worker against the fake Bot API, on a real SQLite database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from adapters.telegram import TelegramAdapter
from adapters.telegram_render import render_alert
from bot.commands import ChatCommands
from bot.config import Settings, TelegramConfig
from bot.delivery import DeliveryPolicy, DeliveryWorker
from bot.feed_admin import FeedAdmin
from storage.models import ALERT_PENDING, ALERT_SENT, Alert
from storage.repository import Repository
from tests.telegram.fake_bot_api import FakeBotApi

FAN = 1001
#: Three paragraphs of about 3,800 characters each: one Telegram message (4,096 UTF-16 units) per paragraph.
TEXT = "\n\n".join(f"Part {n} of the round-up. " + "Talks between the two clubs went on late into the night. " * 65
                   for n in range(3))
PAYLOAD = {"player": None, "article": None, "changes": [], "notice": "round_up", "text": TEXT}


def queue_long_alert(repository: Repository) -> int:
    with repository.transaction() as tx:
        chat = tx.get_or_create_chat("telegram", str(FAN))
        alert = tx.enqueue_alert(chat_id=chat.id, payload=PAYLOAD, idempotency_key="round-up")  # type: ignore[arg-type]
        assert alert is not None and alert.id is not None
        return alert.id


def alert_row(repository: Repository, alert_id: int) -> Alert:
    with repository.transaction() as tx:
        alert = tx.get_alert(alert_id)
        assert alert is not None
        return alert


async def deliver_with_a_fresh_bot(fake: FakeBotApi, repository: Repository, now: datetime) -> None:
    """One delivery pass by a bot started from nothing, as after a restart: no memory of earlier attempts."""
    settings = Settings(telegram=TelegramConfig(token=fake.token, base_url=fake.base_url))
    adapter = TelegramAdapter(settings, ChatCommands(repository), FeedAdmin(repository, settings))
    await adapter.start()
    try:
        await DeliveryWorker(repository, [adapter], DeliveryPolicy(), clock=lambda: now).deliver_due("telegram")
    finally:
        await adapter.stop()


def parts_seen(fake: FakeBotApi) -> list[str]:
    return [message.visible_text.split(" of the round-up")[0] for message in fake.messages_to(FAN)]


async def test_a_split_alert_resumes_after_the_parts_sent_even_after_a_restart(
        sqlite_repository: Repository) -> None:
    assert len(render_alert(PAYLOAD)) == 3
    alert_id = queue_long_alert(sqlite_repository)
    now = datetime.now(timezone.utc)
    async with FakeBotApi() as fake:
        fake.fail_after[FAN] = 1  # the first part is accepted, the second answered with a 500
        await deliver_with_a_fresh_bot(fake, sqlite_repository, now)
        assert parts_seen(fake) == ["Part 0"]
        alert = alert_row(sqlite_repository, alert_id)
        assert (alert.state, alert.parts_sent) == (ALERT_PENDING, 1)

        await deliver_with_a_fresh_bot(fake, sqlite_repository, now + timedelta(days=1))  # the retry is due
        assert parts_seen(fake) == ["Part 0", "Part 1", "Part 2"]
        assert alert_row(sqlite_repository, alert_id).state == ALERT_SENT


async def test_an_alert_in_one_message_writes_no_progress(sqlite_repository: Repository) -> None:
    alert_id = queue_long_alert(sqlite_repository)
    with sqlite_repository.transaction() as tx:
        alert = tx.get_alert(alert_id)
        assert alert is not None
        alert.payload = dict(PAYLOAD, text="Part 0 of the round-up. Short tonight.")
    async with FakeBotApi() as fake:
        await deliver_with_a_fresh_bot(fake, sqlite_repository, datetime.now(timezone.utc))
        assert parts_seen(fake) == ["Part 0"]
    alert = alert_row(sqlite_repository, alert_id)
    assert (alert.state, alert.parts_sent) == (ALERT_SENT, None)
