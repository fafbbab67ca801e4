"""/addfeed fetches the URL once before adding it: feeds are added under their own title, anything else is refused
in one line and nothing is stored. Against the local feed server, on a real SQLite database."""

from __future__ import annotations

import pytest

from bot.commands import ChatRef
from bot.config import FeedsPolicyConfig, Settings
from bot.feed_admin import FeedAdmin
from storage.repository import Repository
from tests.feeds.feed_server import FeedServer, Item

ADMIN = ChatRef(platform="console", chat_id="console", title="Console", user_id="1", user_is_admin=True)
#: Loopback allowed (the server is on 127.0.0.1); timeouts short so that a silent server is given up on quickly.
POLICY = FeedsPolicyConfig(allow_private_addresses=True, connect_timeout=2, read_timeout=0.5, total_timeout=2)
PUBLISHED = "Tue, 03 Mar 2026 09:00:00 +0000"
ITEMS = [Item(f"desk-{n}", f"Desk note {n}", f"Leeds are weighing a move for a winger ({n}).",
              f"http://127.0.0.1/desk/{n}", PUBLISHED) for n in range(3)]


def admin_of(repository: Repository, policy: FeedsPolicyConfig = POLICY) -> FeedAdmin:
    return FeedAdmin(repository, Settings(feeds_policy=policy))


def stored_feeds(repository: Repository) -> list[tuple[str, str]]:
    with repository.transaction() as tx:
        return [(feed.name, feed.url) for feed in tx.list_feeds()]


async def test_a_feed_is_added_under_its_own_title_with_its_entry_count(sqlite_repository: Repository,
                                                                       feed_server: FeedServer) -> None:
    feed_server.feeds["desk"] = ("Northern Transfer Desk", ITEMS)
    url = feed_server.url("/feed/desk.xml")
    reply = await admin_of(sqlite_repository).add(ADMIN, url)
    assert reply.kind == "info"
    assert reply.text.startswith("Added feed #1 Northern Transfer Desk. The feed calls itself “Northern Transfer "
                                 "Desk” and has 3 entries now.")
    assert stored_feeds(sqlite_repository) == [("Northern Transfer Desk", url)]


async def test_a_name_given_wins_and_the_feeds_title_is_still_told(sqlite_repository: Repository,
                                                                  feed_server: FeedServer) -> None:
    feed_server.feeds["desk"] = ("Northern Transfer Desk", ITEMS[:1])
    url = feed_server.url("/feed/desk.xml")
    reply = await admin_of(sqlite_repository).add(ADMIN, url, "  Leeds   rumours ")
    assert "#1 Leeds rumours." in reply.text and "calls itself “Northern Transfer Desk” and has 1 entry now" \
        in reply.text
    assert stored_feeds(sqlite_repository) == [("Leeds rumours", url)]


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/malformed", "That page isn't an RSS or Atom feed (it looks like HTML)."),
        ("/feed/absent.xml", "That URL answered with an error (HTTP 404); check it."),
        ("/error500", "That URL answered with an error (HTTP 500); check it."),
        ("/slow", "That URL did not answer ("),
        ("/entity-bomb", "That document declares XML entities"),
    ],
)
async def test_what_is_not_a_working_feed_is_refused_in_one_line(sqlite_repository: Repository,
                                                                 feed_server: FeedServer, path: str,
                                                                 answer: str) -> None:
    reply = await admin_of(sqlite_repository).add(ADMIN, feed_server.url(path), "Would-be feed")
    assert reply.kind == "error"
    assert reply.text.startswith(answer) and "\n" not in reply.text
    assert [requested for requested, _ in feed_server.requests] == [path]  # fetched once, no more
    assert stored_feeds(sqlite_repository) == []


async def test_a_server_that_is_not_there_does_not_answer(sqlite_repository: Repository,
                                                          feed_server: FeedServer) -> None:
    url = feed_server.url("/feed/desk.xml")
    feed_server.stop()  # the port is closed now: connection refused
    reply = await admin_of(sqlite_repository).add(ADMIN, url)
    assert reply.kind == "error" and reply.text.startswith("That URL did not answer (")
    assert stored_feeds(sqlite_repository) == []


async def test_a_feed_polled_already_is_not_fetched_again(sqlite_repository: Repository,
                                                          feed_server: FeedServer) -> None:
    feed_server.feeds["desk"] = ("Northern Transfer Desk", ITEMS)
    url = feed_server.url("/feed/desk.xml")
    admin = admin_of(sqlite_repository)
    await admin.add(ADMIN, url)
    again = await admin.add(ADMIN, url, "Another name")
    assert again.text == "Already polling that feed as #1 Northern Transfer Desk."
    assert len(feed_server.requests) == 1


async def test_without_the_loopback_allowance_the_guard_refuses_before_any_fetch(sqlite_repository: Repository,
                                                                                feed_server: FeedServer) -> None:
    feed_server.feeds["desk"] = ("Northern Transfer Desk", ITEMS)
    reply = await admin_of(sqlite_repository, FeedsPolicyConfig()).add(ADMIN, feed_server.url("/feed/desk.xml"))
    assert reply.kind == "error" and "private or local network" in reply.text
    assert feed_server.requests == [] and stored_feeds(sqlite_repository) == []


async def test_only_admins_may_add_and_nothing_is_fetched_for_others(sqlite_repository: Repository,
                                                                    feed_server: FeedServer) -> None:
    fan = ChatRef(platform="console", chat_id="console", title="Console", user_id="2", user_is_admin=False)
    reply = await admin_of(sqlite_repository).add(fan, feed_server.url("/feed/desk.xml"))
    assert reply.kind == "error" and "admins" in reply.text and feed_server.requests == []
