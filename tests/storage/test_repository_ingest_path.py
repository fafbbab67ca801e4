"""The repository functions the ingest and delivery paths use, round-tripped on SQLite and PostgreSQL.

These are the bulk and version-checked statements written for speed; each must still mean on both databases exactly
what its docstring says.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from storage.repository import NewArticle, PlayerWrite, Repository

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


def test_an_article_is_stored_once_whichever_identity_repeats(repository: Repository) -> None:
    story = NewArticle(text="Madrid are keen.", content_hash="hash-1", url="https://a.example/x?utm_source=feed",
                       canonical_url="https://a.example/x", guid="guid-1", title="Madrid keen", outlet="A",
                       published=NOW)
    with repository.transaction() as tx:
        stored = tx.add_article_if_new(story)
        assert stored is not None and stored.title == "Madrid keen"
        assert tx.add_article_if_new(story) is None
        assert tx.add_article_if_new(NewArticle(text="other", content_hash="h2", guid="guid-1")) is None
        assert tx.add_article_if_new(NewArticle(text="other", content_hash="h3",
                                                canonical_url="https://a.example/x")) is None
        assert tx.add_article_if_new(NewArticle(text="Madrid are keen.", content_hash="hash-1")) is None
        other = tx.add_article_if_new(NewArticle(text="Bayern are keen.", content_hash="hash-2", guid="guid-2"))
        assert other is not None and other.id != stored.id
    with repository.transaction() as tx:
        assert tx.get_article(stored.id).published == NOW
        assert tx.count_articles() == 2


def test_find_article_id_prefers_the_canonical_url_then_the_guid(repository: Repository) -> None:
    with repository.transaction() as tx:
        by_url = tx.add_article_if_new(NewArticle(text="a", content_hash="ha", canonical_url="https://x.example/a"))
        by_guid = tx.add_article_if_new(NewArticle(text="b", content_hash="hb", guid="g-b"))
        by_text = tx.add_article_if_new(NewArticle(text="c", content_hash="hc"))
    with repository.transaction() as tx:
        assert tx.find_article_id(canonical_url="https://x.example/a", guid="g-b", content_hash="hc") == by_url.id
        assert tx.find_article_id(guid="g-b", content_hash="hc") == by_guid.id
        assert tx.find_article_id(content_hash="hc") == by_text.id
        assert tx.find_article_id(guid="unknown") is None
        assert tx.find_article_id() is None


def test_players_written_only_from_the_version_read(repository: Repository) -> None:
    with repository.transaction() as tx:
        rudiger = tx.insert_player("Antonio Rudiger", "antonio rudiger", "rudiger")
        conte = tx.insert_player("Antonio Conte", "antonio conte", "conte")
    assert (rudiger.version, rudiger.aliases, rudiger.current_club) == (1, (), None)
    state = {"links": {"real madrid": {"stage": "talks"}}}
    write = PlayerWrite(rudiger, "Antonio Rüdiger", ("Rudiger",), "Chelsea", json.dumps(state))
    with repository.transaction() as tx:
        (written,) = tx.update_players([write])
    assert written.version == 2 and written.canonical_name == "Antonio Rüdiger"
    with repository.transaction() as tx:
        assert tx.update_players([write]) is None  # written from version 1 again: stale, refused
    with repository.transaction() as tx:
        ((record, stored_state),) = tx.player_records([rudiger.id])
        assert record == written and stored_state == state
        assert tx.player_versions(["rudiger", "conte", "nobody"]) == [(rudiger.id, "rudiger", 2),
                                                                      (conte.id, "conte", 1)]
        assert [p.id for p in tx.players_by_surnames(["conte", "rudiger"])] == [rudiger.id, conte.id]
        assert tx.players_by_surnames([]) == []
        assert tx.player_names() == [(rudiger.id, "Antonio Rüdiger", ["Rudiger"]), (conte.id, "Antonio Conte", [])]


def test_changes_are_added_in_one_go_and_read_newest_first(repository: Repository) -> None:
    with repository.transaction() as tx:
        player = tx.insert_player("Antonio Rudiger", "antonio rudiger", "rudiger")
        article = tx.add_article_if_new(NewArticle(text="t", content_hash="h"))
        assert tx.add_changes(article.id, [(player.id, {"n": 1}), (player.id, {"n": 2})]) == 2
        assert tx.add_changes(None, []) == 0
    with repository.transaction() as tx:
        changes = tx.recent_changes(player.id)
    assert [c.payload for c in changes] == [{"n": 2}, {"n": 1}]
    assert {c.article_id for c in changes} == {article.id}


def test_holding_a_chat_moves_its_later_pending_rows_together(repository: Repository) -> None:
    with repository.transaction() as tx:
        chat = tx.get_or_create_chat("telegram", "1")
        other = tx.get_or_create_chat("telegram", "2")
        first, second, third = (
            tx.enqueue_alert(chat_id=chat.id, payload={"n": n}, idempotency_key=f"k{n}", not_before=NOW)
            for n in range(3)
        )
        elsewhere = tx.enqueue_alert(chat_id=other.id, payload={}, idempotency_key="other", not_before=NOW)
        tx.mark_alert_sent(first.id, NOW)
    later = NOW + timedelta(hours=8)
    with repository.transaction() as tx:
        tx.hold_chat_alerts(chat.id, later, from_alert_id=second.id)
    with repository.transaction() as tx:
        assert [a.id for a in tx.due_alerts(NOW)] == [elsewhere.id]
        assert [a.id for a in tx.due_alerts(later)] == [elsewhere.id, second.id, third.id]
        assert tx.get_alert(second.id).attempts == 0 and tx.get_alert(first.id).state == "sent"
