"""Players kept in memory by the ingestor are never trusted over the database.

Two repositories on one database stand for two processes (`transferbot ingest` beside a running bot): whatever one
writes, the other's next article must build on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.exc import IntegrityError

from bot.domain import Claim
from bot.ingest import ArticleIngestor
from bot.player_cache import PlayerCache
from storage.database import create_db_engine
from storage.models import Player
from storage.repository import PlayerWrite, Repository
from tests.ingest.scripted import ScriptedExtractor
from tests.ingest.test_ingest import CONFIDENT, KEEN, SCRIPT, TALKS, article

MADRID_DONE = "Madrid complete the signing of the defender."
TWO_PLAYERS = "Bayern talk to Rudiger and Kimmich."
TWO_PLAYERS_AGAIN = "Kimmich and Rudiger still in talks with Bayern."
BROKEN = "A claim with no evidence column cannot be stored."
STORIES = {
    **SCRIPT,
    MADRID_DONE: [Claim("link", "Antonio Rudiger", "Real Madrid", stage="done")],
    BROKEN: [Claim("link", "Antonio Rudiger", "Juventus", stage="interest", evidence=None)],  # type: ignore[arg-type]
    TWO_PLAYERS: [Claim("link", "Antonio Rudiger", "Bayern Munich", stage="talks"),
                  Claim("contract", "Joshua Kimmich", "Bayern Munich", stage="renewal_talks")],
}
STORIES[TWO_PLAYERS_AGAIN] = STORIES[TWO_PLAYERS]


@pytest.fixture
def other_process(database_url: str, repository: Repository) -> Iterator[Repository]:
    """A second repository with its own engine on the same (already migrated) database."""
    other = Repository(create_db_engine(database_url))
    yield other
    other.dispose()


@pytest.fixture
def mine(repository: Repository) -> ArticleIngestor:
    return ArticleIngestor(repository, ScriptedExtractor(STORIES))


@pytest.fixture
def theirs(other_process: Repository) -> ArticleIngestor:
    return ArticleIngestor(other_process, ScriptedExtractor(STORIES))


def rudiger(repository: Repository) -> Player:
    with repository.transaction() as tx:
        (player,) = [p for p in tx.all_players() if p.surname == "rudiger"]
        return player


def change_summary(result: object) -> list[tuple[str, str | None, str | None]]:
    return [(c.type, c.club, c.stage) for p in result.changes for c in p.changes]  # type: ignore[attr-defined]


def test_an_article_ingested_by_another_process_is_built_upon(
    repository: Repository, mine: ArticleIngestor, theirs: ArticleIngestor
) -> None:
    mine.ingest(article(KEEN, 1))
    theirs.ingest(article(CONFIDENT, 2))  # Madrid advanced, a contract offer, a wage offer, a new alias

    third = mine.ingest(article(TALKS, 3))
    assert change_summary(third) == [("link", "Bayern Munich", "talks")]
    player = rudiger(repository)
    assert set(player.state["links"]) == {"real madrid", "bayern munich"}
    assert player.state["links"]["real madrid"]["stage"] == "advanced"
    assert "renewal_offer" in player.state["contract"] and player.state["money"]
    assert "Toni Rüdiger" in player.aliases


def test_a_player_edited_by_another_process_keeps_the_edit(
    repository: Repository, other_process: Repository, mine: ArticleIngestor
) -> None:
    mine.ingest(article(KEEN, 1))
    player_id = rudiger(repository).id
    with other_process.transaction() as tx:
        tx.save_player(player_id, canonical_name="Antonio Rüdiger", aliases=["Toni"])  # type: ignore[arg-type]

    result = mine.ingest(article(TALKS, 2))
    assert [p.player for p in result.changes] == ["Antonio Rüdiger"]
    player = rudiger(repository)
    assert player.canonical_name == "Antonio Rüdiger"
    assert player.aliases[0] == "Toni"
    assert set(player.state["links"]) == {"real madrid", "bayern munich"}


def test_a_rolled_back_article_leaves_no_trace_in_memory(
    repository: Repository, mine: ArticleIngestor, theirs: ArticleIngestor
) -> None:
    mine.ingest(article(KEEN, 1))
    with pytest.raises(IntegrityError):
        mine.ingest(article(BROKEN, 2))  # the player is rewritten, then the claims insert fails: all rolled back
    # The other process now takes the player to the very version the rolled-back write had.
    theirs.ingest(article(MADRID_DONE, 3))

    result = mine.ingest(article(TALKS, 4))
    assert change_summary(result) == [("link", "Bayern Munich", "talks")]
    links = rudiger(repository).state["links"]
    assert set(links) == {"real madrid", "bayern munich"}  # no Juventus: that article never happened
    assert links["real madrid"]["stage"] == "done"


def test_a_write_from_a_stale_copy_is_refused(repository: Repository, other_process: Repository) -> None:
    with repository.transaction() as tx:
        record = tx.insert_player("Antonio Rudiger", "antonio rudiger", "rudiger")
    with other_process.transaction() as tx:
        (fresh, _state), = tx.player_records([record.id])
        assert tx.update_players([PlayerWrite(fresh, "Toni Rudiger", (), "Chelsea", '{"links": {}}')]) is not None
    with repository.transaction() as tx:
        assert tx.update_players([PlayerWrite(record, "Stale Name", (), None, "{}")]) is None
        (stored, state), = tx.player_records([record.id])
    assert (stored.version, stored.canonical_name, stored.current_club, state) == (
        2, "Toni Rudiger", "Chelsea", {"links": {}})


def test_a_small_memory_forgets_players_without_forgetting_what_they_know(
    repository: Repository, mine: ArticleIngestor
) -> None:
    mine.players = PlayerCache(limit=1)
    for n, text in enumerate((KEEN, "Barcelona want Bernardo Silva.", TALKS), 1):
        mine.ingest(article(text, n))
    assert len(mine.players) == 1
    assert set(rudiger(repository).state["links"]) == {"real madrid", "bayern munich"}


def test_every_player_of_an_article_is_written_in_one_go_and_remembered(
    repository: Repository, mine: ArticleIngestor, theirs: ArticleIngestor
) -> None:
    mine.ingest(article(KEEN, 1))
    both = mine.ingest(article(TWO_PLAYERS, 2))
    assert sorted(p.player for p in both.changes) == ["Antonio Rudiger", "Joshua Kimmich"]
    theirs.ingest(article(MADRID_DONE, 3))
    again = mine.ingest(article(TWO_PLAYERS_AGAIN, 4))
    assert again.changes == ()  # nothing new for either, and Rudiger's move from the other process is kept
    assert rudiger(repository).state["links"]["real madrid"]["stage"] == "done"
