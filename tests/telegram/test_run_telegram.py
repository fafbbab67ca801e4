"""`transferbot run` with TRANSFERBOT_TELEGRAM_TOKEN and telegram.base_url set, against the fake Bot API: a person
follows a player, a story appears in a locally served feed, the alert reaches the chat; /status answers; a chat that
blocked the bot is deactivated. The whole live path: poller → ingest → outbox → delivery → Telegram adapter."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

from storage.database import create_db_engine
from storage.repository import Repository
from tests.feeds.feed_server import FeedServer, Item
from tests.telegram.fake_bot_api import FakeBotApi

TRANSFERBOT = str(Path(sys.executable).with_name("transferbot"))
FAN = 31337
QUITTER = 4711


def _story(number: int, text: str) -> Item:
    return Item(guid=f"story-{number}", title=f"Transfer story {number}", text=text,
                link=f"https://news.example.org/story-{number}",
                published=format_datetime(datetime.now(timezone.utc)))


def _config(tmp_path: Path, feed_url: str, base_url: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n\n'
        f'[[feeds]]\nname = "Local news"\nurl = "{feed_url}"\ninterval = "1s"\n\n'
        "[feeds_policy]\nteaser_chars = 0\n\n"
        f'[telegram]\nbase_url = "{base_url}"\n',
        encoding="utf-8",
    )
    return path


def _chat_active(tmp_path: Path, chat_id: int) -> bool | None:
    repository = Repository(create_db_engine(f"sqlite:///{tmp_path / 'bot.db'}"))
    try:
        with repository.transaction() as tx:
            chat = tx.find_chat("telegram", str(chat_id))
            return None if chat is None else chat.active
    finally:
        repository.dispose()


async def test_transferbot_run_on_telegram_follow_alert_status_and_blocked_chat(tmp_path: Path) -> None:
    feeds = FeedServer().start()
    feeds.feeds["news"] = ("Local news", [_story(1, "Real Madrid are keen on Chelsea defender Antonio Rudiger, whose "
                                                   "contract expires in June.")])
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSFERBOT_")}
    try:
        async with FakeBotApi() as fake:
            env["TRANSFERBOT_TELEGRAM_TOKEN"] = fake.token
            config = _config(tmp_path, feeds.url("/feed/news.xml"), fake.base_url)
            process = await asyncio.create_subprocess_exec(
                TRANSFERBOT, "run", "--config", str(config), cwd=tmp_path, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            try:
                await fake.wait_until(lambda: fake.calls["getUpdates"] >= 1, timeout=60)
                await fake.wait_until(lambda: any(p == "/feed/news.xml" for p, _h in feeds.requests), timeout=30)
                await fake.user_sends(FAN, "/follow Rudiger")
                await fake.user_sends(QUITTER, "/follow Rudiger")
                (followed,) = await fake.wait_for_message(FAN, 1, timeout=30)
                assert followed.visible_text == "Following Antonio Rudiger."
                await fake.wait_for_message(QUITTER, 1, timeout=30)
                await fake.bot_removed(QUITTER)

                feeds.feeds["news"][1].append(_story(2, "Real Madrid have opened talks with Antonio Rudiger over a "
                                                        "free transfer, reports Fabrizio Romano."))
                alert = (await fake.wait_for_message(FAN, 2, timeout=60))[1]
                assert "Real Madrid: interested → in talks · Fabrizio Romano" in alert.visible_text
                assert alert.parse_mode == "HTML" and alert.link_preview_disabled

                await fake.user_sends(FAN, "/status Rudiger")
                status = (await fake.wait_for_message(FAN, 3, timeout=30))[2]
                assert status.visible_text.startswith("Antonio Rudiger")
                assert "Real Madrid — in talks" in status.visible_text
                assert await asyncio.to_thread(_chat_active, tmp_path, QUITTER) is False
                assert len(fake.messages_to(QUITTER)) == 1  # nothing after the block
            finally:
                process.send_signal(signal.SIGTERM)
                _out, err = await asyncio.wait_for(process.communicate(), 60)
            assert process.returncode == 0, err.decode()[-2000:]
            assert "Traceback" not in err.decode()
            assert fake.too_many_requests == 0 and not fake.rejected
    finally:
        feeds.stop()
