"""Benchmark: Telegram alert delivery against the fake Bot API enforcing Telegram's flood caps.

Two runs through the real adapter (`TelegramAdapter.send_alert`, python-telegram-bot, our flood limiter):
  * 1,000 alerts to 1,000 different chats — bounded by the overall cap (30 messages/s);
  * 100 alerts to one chat — bounded by the per-chat cap (1 message/s), so this one takes about 100 s.
For each: the rate the server saw (messages between the first and the last, over the time between them) as a
fraction of the cap, and how many 429s the server had to send (the target is none).

    .venv/bin/python bench/telegram_delivery.py [--chats 1000] [--one-chat 100]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.telegram import TelegramAdapter  # noqa: E402
from bot.commands import ChatCommands  # noqa: E402
from bot.config import Settings, TelegramConfig  # noqa: E402
from bot.feed_admin import FeedAdmin  # noqa: E402
from storage.database import create_db_engine, upgrade_schema  # noqa: E402
from storage.repository import Repository  # noqa: E402
from tests.telegram.fake_bot_api import FakeBotApi, FloodCaps  # noqa: E402

PAYLOAD = {
    "player": "Antonio Rudiger", "player_id": 3,
    "article": {"id": 12, "url": "https://example.org/rudiger-talks", "title": "Madrid step up their interest",
                "outlet": "Goal", "published": "2021-12-01"},
    "changes": [
        {"type": "link", "club": "Real Madrid", "stage": "talks", "previous": "interest", "source": "Fabrizio Romano",
         "evidence": "Real Madrid have opened talks over a free transfer."},
        {"type": "contract", "club": "Chelsea", "stage": "expiring", "previous": None, "source": None,
         "evidence": "His contract runs out in June."},
    ],
    "text": "Antonio Rudiger · Real Madrid: interested → in talks (Fabrizio Romano)",
}


async def _run(fake: FakeBotApi, adapter: TelegramAdapter, label: str, chats: list[int], cap: float) -> None:
    sent_before, refused_before = len(fake.sent), fake.too_many_requests
    started = time.perf_counter()
    await asyncio.gather(*(adapter.send_alert(str(chat), PAYLOAD) for chat in chats))
    wall = time.perf_counter() - started
    arrived = [m.at for m in fake.sent[sent_before:]]
    span = max(arrived) - min(arrived)
    rate = (len(arrived) - 1) / span if span > 0 else float("inf")
    print(f"{label}: {len(arrived)} messages in {wall:.1f}s wall; server-side rate {rate:.2f}/s = "
          f"{rate / cap:.1%} of the cap ({cap:g}/s); 429s received: {fake.too_many_requests - refused_before}")


async def main(chats: int, one_chat: int) -> None:
    caps = FloodCaps()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(f"sqlite:///{folder}/bench.db")
        upgrade_schema(engine)
        repository = Repository(engine)
        async with FakeBotApi(caps=caps) as fake:
            settings = Settings(telegram=TelegramConfig(token=fake.token, base_url=fake.base_url))
            adapter = TelegramAdapter(settings, ChatCommands(repository), FeedAdmin(repository, settings))
            await adapter.start()
            try:
                if chats:
                    await _run(fake, adapter, f"{chats} alerts to {chats} chats", list(range(1, chats + 1)),
                               caps.overall_per_second)
                if one_chat:
                    await _run(fake, adapter, f"{one_chat} alerts to one chat", [424242] * one_chat,
                               1 / caps.chat_interval)
            finally:
                await adapter.stop()
        repository.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=1000, help="alerts to distinct chats (0 to skip)")
    parser.add_argument("--one-chat", type=int, default=100, help="alerts to a single chat (0 to skip)")
    options = parser.parse_args()
    asyncio.run(main(options.chats, options.one_chat))
