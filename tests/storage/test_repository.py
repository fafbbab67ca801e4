"""Every repository function round-trips on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.domain import Claim
from storage.repository import NewArticle, Repository

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


def _player(repository: Repository, name: str = "Antonio Rüdiger", surname: str = "rudiger") -> int:
    with repository.transaction() as tx:
        return tx.add_player(name, "antonio rudiger", surname, aliases=["Rudiger"], current_club="Chelsea").id


def _chat(repository: Repository, chat_id: str = "42", platform: str = "telegram") -> int:
    with repository.transaction() as tx:
        return tx.get_or_create_chat(platform, chat_id, title="Blues fans").id


def test_feeds_round_trip_with_health(repository: Repository) -> None:
    with repository.transaction() as tx:
        feed = tx.add_feed("Wire", "https://example.org/feed.xml", 300.0, added_by="7")
        again = tx.add_feed("Wire renamed", "https://example.org/feed.xml", 120.0)
    assert again.id == feed.id and again.name == "Wire renamed" and again.interval_seconds == 120.0
    with repository.transaction() as tx:
        tx.record_feed_failure(
            feed.id, polled_at=NOW, next_poll_at=NOW + timedelta(minutes=2), error="timeout", disable_reason=None
        )
        tx.record_feed_failure(
            feed.id, polled_at=NOW, next_poll_at=NOW + timedelta(minutes=4), error="x" * 5000, disable_reason=None
        )
    with repository.transaction() as tx:
        stored = tx.get_feed(feed.id)
        assert stored.consecutive_failures == 2 and len(stored.last_error) == 1000
        assert stored.next_poll_at == NOW + timedelta(minutes=4)
        tx.record_feed_success(feed.id, polled_at=NOW, next_poll_at=NOW, etag='"abc"', last_modified="Sun, 01 Nov")
    with repository.transaction() as tx:
        stored = tx.get_feed_by_url("https://example.org/feed.xml")
        assert (stored.consecutive_failures, stored.etag, stored.first_poll_done) == (0, '"abc"', True)
        assert stored.last_success_at == NOW and stored.last_error is None
        tx.record_feed_failure(
            feed.id, polled_at=NOW, next_poll_at=NOW, error="404", disable_reason="not a feed"
        )
    with repository.transaction() as tx:
        assert tx.list_feeds(enabled_only=True) == []
        assert [f.disabled_reason for f in tx.list_feeds()] == ["not a feed"]
        tx.disable_feed(feed.id, "removed")
        revived = tx.add_feed("Wire", "https://example.org/feed.xml", 300.0)
    assert revived.enabled and revived.disabled_reason is None


def test_articles_are_found_by_any_identity(repository: Repository) -> None:
    with repository.transaction() as tx:
        feed_id = tx.add_feed("Wire", "file:///tmp/feed.xml", 60.0).id
        article = tx.add_article_if_new(NewArticle(
            text="Madrid are keen on the defender.",
            content_hash="h1",
            url="https://example.org/a?utm_source=x",
            canonical_url="https://example.org/a",
            guid="tag:example.org,2026:1",
            title="Madrid keen",
            outlet="Example Sport",
            published=NOW,
            feed_id=feed_id,
        ))
    with repository.transaction() as tx:
        assert tx.find_article_id(canonical_url="https://example.org/a") == article.id
        assert tx.find_article_id(guid="tag:example.org,2026:1") == article.id
        assert tx.find_article_id(content_hash="h1") == article.id
        assert tx.find_article_id(guid="other", content_hash="other") is None
        stored = tx.get_article(article.id)
        assert stored.published == NOW and stored.outlet == "Example Sport" and stored.feed_id == feed_id
        assert tx.count_articles() == 1


def test_claims_round_trip_with_evidence(repository: Repository) -> None:
    player_id = _player(repository)
    with repository.transaction() as tx:
        article_id = tx.add_article_if_new(NewArticle(text="t", content_hash="h")).id
        link = Claim("link", "Antonio Rudiger", "Real Madrid", stage="advanced", source="Goal", evidence="Madrid...")
        money = Claim("money", "Antonio Rudiger", "Chelsea", kind="wage_offer", amount=150000.0, currency="GBP",
                      per="week")
        tx.add_claims(article_id, [(player_id, link), (None, money)])
    with repository.transaction() as tx:
        rows = tx.claims_for_player(player_id)
    assert [(r.type, r.club, r.stage, r.source, r.evidence) for r in rows] == [
        ("link", "Real Madrid", "advanced", "Goal", "Madrid...")
    ]


def test_players_state_aliases_and_search(repository: Repository) -> None:
    player_id = _player(repository)
    with repository.transaction() as tx:
        tx.add_player("Antonio Conte", "antonio conte", "conte")
        tx.save_player(player_id, state={"links": {"Real Madrid": {"stage": "talks"}}}, aliases=["Rudiger", "Toni"],
                       current_club="Chelsea")
    with repository.transaction() as tx:
        stored = tx.get_player(player_id)
        assert stored.state == {"links": {"Real Madrid": {"stage": "talks"}}}
        assert stored.aliases == ["Rudiger", "Toni"]
        assert [p.id for p in tx.players_by_surnames(["rudiger"])] == [player_id]
        assert [p.canonical_name for p in tx.search_players("antonio")] == ["Antonio Conte", "Antonio Rüdiger"]
        assert [p.id for p in tx.search_players("rud")] == [player_id]
        assert len(tx.all_players()) == 2


def test_player_changes_newest_first(repository: Repository) -> None:
    player_id = _player(repository)
    with repository.transaction() as tx:
        tx.add_changes(None, [(player_id, {"n": n}) for n in range(7)])
    with repository.transaction() as tx:
        assert [c.payload["n"] for c in tx.recent_changes(player_id)] == [6, 5, 4, 3, 2]


def test_chats_subscriptions_and_followers(repository: Repository) -> None:
    player_id = _player(repository)
    chat_id = _chat(repository)
    other_chat = _chat(repository, "99", platform="discord")
    with repository.transaction() as tx:
        assert tx.get_or_create_chat("telegram", "42").id == chat_id
        tx.subscribe(chat_id, player_id, {"min_stage": "talks"})
        tx.subscribe(chat_id, player_id)  # following twice is harmless
        tx.subscribe(other_chat, player_id)
        tx.update_chat_settings(chat_id, {"quiet_hours": [23, 7]})
    with repository.transaction() as tx:
        assert tx.get_chat(chat_id).settings == {"quiet_hours": [23, 7]}
        assert tx.find_chat("telegram", "42").id == chat_id
        assert [(s.filters, p.id) for s, p in tx.subscriptions_for_chat(chat_id)] == [({"min_stage": "talks"}, player_id)]
        assert [c.id for _, c in tx.followers_of(player_id)] == [chat_id, other_chat]
        tx.set_chat_active(other_chat, False, "bot blocked")
    with repository.transaction() as tx:
        assert [c.id for _, c in tx.followers_of(player_id)] == [chat_id]
        assert tx.get_chat(other_chat).deactivated_reason == "bot blocked"
        assert tx.unsubscribe(chat_id, player_id) is True
        assert tx.unsubscribe(chat_id, player_id) is False
        assert tx.followers_of(player_id) == []
        assert tx.count_chats() == 2


def test_a_follows_filters_are_replaced_and_survive_following_again(repository: Repository) -> None:
    player_id, other_player = _player(repository), _player(repository, "Kai Example", "example")
    chat_id = _chat(repository)
    with repository.transaction() as tx:
        subscription = tx.subscribe(chat_id, player_id, {"min_stage": "talks"})
        tx.subscribe(chat_id, other_player)
        updated = tx.update_subscription_filters(subscription.id, {"min_stage": "bid", "clubs": ["Real Madrid"]})
        assert updated is not None and tx.update_subscription_filters(10_000, {}) is None
    with repository.transaction() as tx:
        tx.subscribe(chat_id, player_id)  # a second /follow keeps the follow's filters
        stored = {p.id: s.filters for s, p in tx.subscriptions_for_chat(chat_id)}
        assert stored == {player_id: {"min_stage": "bid", "clubs": ["Real Madrid"]}, other_player: {}}
        tx.update_subscription_filters(subscription.id, {})
    with repository.transaction() as tx:
        assert [s.filters for s, _p in tx.followers_of(player_id)] == [{}]


def test_outbox_lifecycle_and_idempotency(repository: Repository) -> None:
    player_id = _player(repository)
    chat_id = _chat(repository)
    discord_chat = _chat(repository, "7", platform="discord")
    with repository.transaction() as tx:
        first = tx.enqueue_alert(chat_id=chat_id, player_id=player_id, payload={"text": "hi"}, idempotency_key="k1",
                                 not_before=NOW)
        assert tx.enqueue_alert(chat_id=chat_id, payload={"text": "again"}, idempotency_key="k1") is None
        second = tx.enqueue_alert(chat_id=chat_id, payload={"text": "later"}, idempotency_key="k2",
                                  not_before=NOW + timedelta(hours=1))
        third = tx.enqueue_alert(chat_id=discord_chat, payload={"text": "dc"}, idempotency_key="k3", not_before=NOW)
    with repository.transaction() as tx:
        assert [a.id for a in tx.due_alerts(NOW)] == [first.id, third.id]
        assert [a.id for a in tx.due_alerts(NOW, platforms=["telegram"])] == [first.id]
        tx.retry_alert_later(first.id, "timeout", NOW + timedelta(minutes=1))
    with repository.transaction() as tx:
        assert [a.id for a in tx.due_alerts(NOW)] == [third.id]
        retried = tx.get_alert(first.id)
        assert (retried.attempts, retried.last_error, retried.state) == (1, "timeout", "pending")
        tx.mark_alert_sent(first.id, NOW)
        tx.mark_alert_dead(third.id, "chat not found")
    with repository.transaction() as tx:
        assert tx.get_alert(first.id).state == "sent" and tx.get_alert(first.id).attempts == 2
        assert tx.get_alert(third.id).state == "dead"
        assert tx.alert_counts() == {"sent": 1, "dead": 1, "pending": 1}
        assert [a.id for a in tx.due_alerts(NOW + timedelta(hours=2))] == [second.id]


def test_a_failed_transaction_leaves_nothing_behind(repository: Repository) -> None:
    chat_id = _chat(repository)
    try:
        with repository.transaction() as tx:
            tx.enqueue_alert(chat_id=chat_id, payload={}, idempotency_key="doomed")
            raise RuntimeError("crash mid-article")
    except RuntimeError:
        pass
    with repository.transaction() as tx:
        assert tx.alert_counts() == {}


def test_deleting_a_chat_takes_its_subscriptions(repository: Repository) -> None:
    """Foreign keys are enforced on both databases (SQLite needs PRAGMA foreign_keys)."""
    player_id = _player(repository)
    chat_id = _chat(repository)
    with repository.transaction() as tx:
        tx.subscribe(chat_id, player_id)
    with repository.transaction() as tx:
        tx.session.delete(tx.get_chat(chat_id))
    with repository.transaction() as tx:
        assert tx.followers_of(player_id) == []


def test_a_chat_moved_to_a_new_id_takes_its_follows_and_queue(repository: Repository) -> None:
    """A Telegram group upgraded to a supergroup: renamed in place, or merged into a chat the new id already has."""
    player_id = _player(repository)
    group = _chat(repository, "-100")
    with repository.transaction() as tx:
        tx.subscribe(group, player_id, {"min_stage": "talks"})
        pending = tx.enqueue_alert(chat_id=group, payload={}, idempotency_key="g1", not_before=NOW)
        moved = tx.move_chat(group, "-1009")
    assert moved.id == group and moved.platform_chat_id == "-1009"
    other = _chat(repository, "-200")
    supergroup = _chat(repository, "-2009")
    with repository.transaction() as tx:
        tx.subscribe(other, player_id)
        queued = tx.enqueue_alert(chat_id=other, payload={}, idempotency_key="o1", not_before=NOW)
        merged = tx.move_chat(other, "-2009")
    assert merged.id == supergroup
    with repository.transaction() as tx:
        assert tx.get_alert(pending.id).chat_id == group
        assert tx.get_alert(queued.id).chat_id == supergroup
        assert [c.id for _s, c in tx.followers_of(player_id)] == [group, supergroup]
        assert tx.get_chat(other).active is False and tx.get_chat(other).deactivated_reason == "moved to -2009"
        assert tx.move_chat(987654, "-1") is None
