"""Without the full-text extractor the bot still runs: teasers are ingested as they are, after one warning.

The extractor's absence is made real by blocking the third-party import itself (a None entry in `sys.modules`
makes Python refuse the import), never by replacing our own code.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.extraction import default_extractor
from bot.feeds.fetch import Fetcher
from bot.ingest import ArticleIngestor
from bot.scheduler import CONFIG_FEED_OWNER, FeedPoller
from storage.repository import Repository
from tests.feeds.feed_server import FeedServer
from tests.pipeline.test_poller import POLICY, story

TEASER = "Arsenal open talks for Halvorsen…"


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    fetcher = Fetcher()
    yield fetcher
    await fetcher.aclose()


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


async def test_poller_without_trafilatura_ingests_teasers_as_they_are_after_one_warning(
    sqlite_repository: Repository, feed_server: FeedServer, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    feed_server.pages["halvorsen"] = "<html><body><article><p>The whole story.</p></article></body></html>"
    feed_server.feeds["teasers"] = ("Teasers", [story(1, TEASER, feed_server.url("/page/halvorsen.html"))])
    with sqlite_repository.transaction() as tx:
        feed_id = tx.add_feed("teasers", feed_server.url("/feed/teasers.xml"), 60, added_by=CONFIG_FEED_OWNER).id
    with caplog.at_level(logging.WARNING):
        poller = FeedPoller(sqlite_repository, ArticleIngestor(sqlite_repository, default_extractor()), fetcher,
                            POLICY)
        outcome = await poller.poll(feed_id)
    assert outcome.status == "ok" and outcome.new == 1
    with sqlite_repository.transaction() as tx:
        article = tx.get_article(tx.find_article_id(guid="guid-1"))
    assert article.text == TEASER
    assert [path for path, _ in feed_server.requests] == ["/feed/teasers.xml"]  # no page fetched
    (warning,) = _warnings(caplog)
    assert "event=full_text_disabled" in warning and "trafilatura" in warning


def test_run_without_lxml_html_clean_starts_polls_and_warns_once(tmp_path: Path) -> None:
    """The failure of issue 12 itself: jusText's `from lxml.html.clean import Cleaner` raising ImportError."""
    launcher = ("import sys; sys.modules['lxml.html.clean'] = None; from bot.cli import main; "
                "main(sys.argv[1:], prog_name='transferbot')")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSFERBOT_")}
    script = tmp_path / "commands.txt"  # a script, not the keyboard: its end does not stop the bot
    script.write_text("/follow Nico Halvorsen\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", launcher, "run", "--commands", str(script), "--exit-after", "10s",
                           "--log-level", "INFO"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    disabled = [line for line in done.stderr.splitlines() if "event=full_text_disabled" in line]
    assert len(disabled) == 1 and "lxml.html.clean" in disabled[0], done.stderr
    assert "event=feed_polled" in done.stderr  # the bundled sample feed was read all the same
    assert (tmp_path / "data" / "transferbot.db").exists()
