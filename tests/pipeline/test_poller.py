"""The poller against a local server: good and hostile feeds side by side, health, dedup, no backfill flood."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from bot.config import FeedsPolicyConfig
from bot.extraction import default_extractor
from bot.feeds import health
from bot.feeds.fetch import Fetcher
from bot.ingest import ArticleIngestor
from bot.scheduler import CONFIG_FEED_OWNER, AdminNotifier, FeedPoller
from storage.repository import Repository
from tests.feeds.feed_server import FeedServer, Item

POLICY = FeedsPolicyConfig(connect_timeout=2, read_timeout=1, total_timeout=5, max_redirects=3, max_failures=3,
                           max_feed_bytes=1_000_000)
TODAY = format_datetime(datetime.now(timezone.utc) - timedelta(hours=1))
LONG_AGO = format_datetime(datetime.now(timezone.utc) - timedelta(days=90))


def story(n: int, text: str, link: str | None = None, published: str = TODAY) -> Item:
    return Item(f"guid-{n}", f"Story {n}", text, link or f"https://news.example.org/story/{n}", published)


@pytest.fixture
async def poller(sqlite_repository: Repository) -> AsyncIterator[FeedPoller]:
    fetcher = Fetcher()
    notifier = AdminNotifier(sqlite_repository, [("console", "console")])
    yield FeedPoller(sqlite_repository, ArticleIngestor(sqlite_repository, default_extractor()), fetcher, POLICY,
                     notifier=notifier)
    await fetcher.aclose()


def add_feed(repository: Repository, url: str, name: str = "feed", owner: str = CONFIG_FEED_OWNER) -> int:
    with repository.transaction() as tx:
        return tx.add_feed(name, url, 60, added_by=owner).id


def follow(repository: Repository, name: str) -> int:
    with repository.transaction() as tx:
        chat = tx.get_or_create_chat("console", "reader")
        folded = name.lower()
        player = tx.add_player(name, folded, folded.split()[-1])
        tx.subscribe(chat.id, player.id)
        return chat.id


def feed_row(repository: Repository, feed_id: int):
    with repository.transaction() as tx:
        return tx.get_feed(feed_id)


async def test_hostile_feeds_fail_alone_with_the_right_health(
    poller: FeedPoller, sqlite_repository: Repository, feed_server: FeedServer
) -> None:
    feed_server.feeds["good"] = ("Good News", [story(1, "Arsenal are monitoring Brighton midfielder Nico Halvorsen.")])
    bad = {path: add_feed(sqlite_repository, feed_server.url(path), path) for path in
           ("/slow", "/error500", "/malformed", "/huge", "/gzip-bomb", "/entity-bomb", "/loop")}
    good = add_feed(sqlite_repository, feed_server.url("/feed/good.xml"), "good")
    outcomes = await asyncio.gather(*(poller.poll(feed_id) for feed_id in [*bad.values(), good]))
    reasons = {o.feed_id: o.reason for o in outcomes}
    assert reasons == {bad["/slow"]: health.UNREACHABLE, bad["/error500"]: health.HTTP_ERROR,
                       bad["/malformed"]: health.NOT_A_FEED, bad["/huge"]: health.TOO_LARGE,
                       bad["/gzip-bomb"]: health.TOO_LARGE, bad["/entity-bomb"]: health.UNSAFE_XML,
                       bad["/loop"]: health.TOO_MANY_REDIRECTS, good: None}
    good_row = feed_row(sqlite_repository, good)
    assert good_row.consecutive_failures == 0 and good_row.first_poll_done and good_row.etag
    with sqlite_repository.transaction() as tx:
        assert tx.count_articles() == 1
    for feed_id in bad.values():
        row = feed_row(sqlite_repository, feed_id)
        assert row.enabled and row.consecutive_failures == 1 and row.last_error
        next_poll = row.next_poll_at.replace(tzinfo=timezone.utc)
        assert next_poll - row.last_polled_at.replace(tzinfo=timezone.utc) == timedelta(seconds=120)


async def test_failing_feed_backs_off_then_is_disabled_and_admins_told(
    poller: FeedPoller, sqlite_repository: Repository, feed_server: FeedServer
) -> None:
    feed_id = add_feed(sqlite_repository, feed_server.url("/error500"), "Flaky")
    clock = [datetime.now(timezone.utc)]
    poller.clock = lambda: clock[0]
    assert (await poller.poll(feed_id)).status == "failed"
    assert (await poller.poll(feed_id)).status == "skipped"  # still backing off
    for _ in range(2):
        clock[0] += timedelta(days=1)
        outcome = await poller.poll(feed_id)
    assert outcome.disabled
    row = feed_row(sqlite_repository, feed_id)
    assert not row.enabled and row.disabled_reason == health.HTTP_ERROR and row.consecutive_failures == 3
    with sqlite_repository.transaction() as tx:
        chat = tx.find_chat("console", "console")
        (notice,) = tx.due_alerts(clock[0] + timedelta(seconds=1))
    assert notice.chat_id == chat.id and "Flaky" in notice.payload["text"] and "http error" in notice.payload["text"]
    assert (await poller.poll(feed_id)).status == "skipped"


async def test_success_resets_the_failure_count(
    poller: FeedPoller, sqlite_repository: Repository, feed_server: FeedServer
) -> None:
    feed_id = add_feed(sqlite_repository, feed_server.url("/feed/late.xml"), "Late")
    assert (await poller.poll(feed_id)).reason == health.HTTP_ERROR  # 404 for now
    feed_server.feeds["late"] = ("Late", [story(1, "Nothing much.")])
    poller.clock = lambda: datetime.now(timezone.utc) + timedelta(hours=1)
    assert (await poller.poll(feed_id)).status == "ok"
    assert feed_row(sqlite_repository, feed_id).consecutive_failures == 0


async def test_first_poll_records_without_alerting_then_new_entries_alert_once(
    poller: FeedPoller, sqlite_repository: Repository, feed_server: FeedServer
) -> None:
    chat_id = follow(sqlite_repository, "Nico Halvorsen")
    feed_server.feeds["news"] = ("News", [story(1, "Arsenal are monitoring Brighton midfielder Nico Halvorsen.")])
    feed_id = add_feed(sqlite_repository, feed_server.url("/feed/news.xml"))
    first = await poller.poll(feed_id)
    assert first.new == 1 and first.alerts == 0
    assert (await poller.poll(feed_id)).status == "not_modified"  # ETag → 304
    feed_server.feeds["news"][1].append(
        story(2, "Bayern Munich have made an offer of €50m for Nico Halvorsen, according to Sky Germany."))
    second = await poller.poll(feed_id)
    assert second.new == 1 and second.alerts == 1
    with sqlite_repository.transaction() as tx:
        (alert,) = tx.due_alerts(datetime.now(timezone.utc) + timedelta(seconds=1))
    assert alert.chat_id == chat_id and alert.payload["player"] == "Nico Halvorsen"
    assert {c["club"] for c in alert.payload["changes"]} >= {"Bayern Munich"}


async def test_one_story_in_three_feeds_is_one_article(
    poller: FeedPoller, sqlite_repository: Repository, feed_server: FeedServer
) -> None:
    text = "Real Madrid are confident of signing Chelsea defender Antonio Rudiger on a free transfer."
    feed_server.feeds["a"] = ("A", [story(1, text, "https://news.example.org/rudiger?utm_source=a")])
    feed_server.feeds["b"] = ("B", [Item("other-guid", "Rudiger", text + " ", "https://NEWS.example.org/rudiger#top",
                                         TODAY)])
    feed_server.feeds["c"] = ("C", [Item("third-guid", "Rudiger", text, "https://mirror.example.net/x", TODAY)])
    for name in "abc":
        await poller.poll(add_feed(sqlite_repository, feed_server.url(f"/feed/{name}.xml"), name))
    with sqlite_repository.transaction() as tx:
        assert tx.count_articles() == 1


async def test_old_entries_are_ignored_and_teasers_get_full_text(
    poller: FeedPoller, sqlite_repository: Repository, feed_server: FeedServer
) -> None:
    page = ("<html><head><title>Halvorsen</title></head><body><nav>Home | Sport</nav><article><h1>Halvorsen news</h1>"
            + "".join(f"<p>Arsenal have opened talks with Brighton over Nico Halvorsen, paragraph {n} of the "
                      "full story with plenty of detail about the midfielder and his future.</p>" for n in range(6))
            + "</article><footer>Copyright</footer></body></html>")
    feed_server.pages["halvorsen"] = page
    feed_server.feeds["teasers"] = ("Teasers", [
        story(1, "Arsenal open talks for Halvorsen…", feed_server.url("/page/halvorsen.html")),
        story(2, "An ancient rumour about Nico Halvorsen.", published=LONG_AGO),
    ])
    outcome = await poller.poll(add_feed(sqlite_repository, feed_server.url("/feed/teasers.xml")))
    assert outcome.entries == 2 and outcome.new == 1
    with sqlite_repository.transaction() as tx:
        article = tx.get_article(tx.find_article_id(guid="guid-1"))
    assert "paragraph 5 of the full story" in article.text and "Copyright" not in article.text
    assert any(path == "/page/halvorsen.html" for path, _ in feed_server.requests)


async def test_feeds_added_from_chat_may_not_reach_private_addresses(
    poller: FeedPoller, sqlite_repository: Repository, feed_server: FeedServer
) -> None:
    feed_server.feeds["news"] = ("News", [story(1, "Text.")])
    feed_id = add_feed(sqlite_repository, feed_server.url("/feed/news.xml"), owner="telegram:42")
    outcome = await poller.poll(feed_id)
    assert outcome.reason == health.BLOCKED_ADDRESS and outcome.disabled
    assert feed_server.requests == []
