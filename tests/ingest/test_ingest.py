"""The per-article unit of work on a real database: dedup, claims, state, changes and outbox in one transaction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from bot.domain import Article, Claim
from bot.ingest import ArticleIngestor, ArticleInput, content_hash, outlet_from_url
from storage.models import Alert, ArticleRow, ClaimRow, Player, PlayerChange
from storage.repository import Repository
from tests.ingest.scripted import ScriptedExtractor

KEEN = "Madrid keen on the Chelsea defender."
CONFIDENT = "Madrid now confident, says Romano; Chelsea offer a new deal."
TALKS = "Bayern hold talks with the defender's camp."
SILVA = "Barcelona want Bernardo Silva."

SCRIPT = {
    KEEN: [Claim("link", "Antonio Rudiger", "Real Madrid", stage="interest", source="Goal")],
    CONFIDENT: [
        Claim("link", "Toni Rüdiger", "Real Madrid", stage="advanced", source="Fabrizio Romano"),
        Claim("contract", "Rudiger", "Chelsea", stage="renewal_offer"),
        Claim("money", "Rudiger", "Chelsea", kind="wage_offer", amount=150000, currency="GBP", per="week"),
    ],
    TALKS: [Claim("link", "Antonio Rudiger", "Bayern Munich", stage="talks")],
    SILVA: [Claim("link", "Bernardo Silva", "Barcelona", stage="interest")],
}


def article(text: str, n: int, **extra: object) -> ArticleInput:
    fields: dict[str, object] = {"url": f"https://news.example/{n}", "guid": f"guid-{n}", "outlet": f"Outlet {n}",
                                 "title": f"Story {n}", "published": date(2021, 11, n)}
    fields.update(extra)
    return ArticleInput(text=text, canonical_url=str(fields["url"]), **fields)  # type: ignore[arg-type]


def follower(repository: Repository, chat: str, player: str, **settings: object) -> int:
    with repository.transaction() as tx:
        record = tx.get_or_create_chat("console", chat)
        tx.update_chat_settings(record.id, dict(settings))  # type: ignore[arg-type]
        found = tx.search_players(player.lower())
        target = found[0] if found else tx.add_player("Antonio Rudiger", "antonio rudiger", "rudiger")
        tx.subscribe(record.id, target.id)  # type: ignore[arg-type]
        return record.id  # type: ignore[return-value]


def alerts(repository: Repository) -> list[Alert]:
    with repository.transaction() as tx:
        return list(tx.session.exec(select(Alert).order_by(Alert.id)))


@pytest.fixture
def ingestor(repository: Repository) -> ArticleIngestor:
    return ArticleIngestor(repository, ScriptedExtractor(SCRIPT))


def test_name_variants_land_on_one_player_and_the_picture_builds_up(repository: Repository) -> None:
    retold = KEEN + " Everybody says so."
    ingestor = ArticleIngestor(repository, ScriptedExtractor({**SCRIPT, retold: SCRIPT[KEEN]}))
    for n, text in enumerate((KEEN, retold, CONFIDENT, SILVA), 1):
        ingestor.ingest(article(text, n))
    with repository.transaction() as tx:
        players = {p.canonical_name: p for p in tx.all_players()}
        assert set(players) == {"Antonio Rudiger", "Bernardo Silva"}
        rudiger = players["Antonio Rudiger"]
        assert set(rudiger.aliases) == {"Toni Rüdiger", "Rudiger"}
        madrid = rudiger.state["links"]["real madrid"]
        assert madrid["stage"] == "advanced"
        assert madrid["witnesses"]["reports"] == 3
        assert rudiger.current_club == "Chelsea"
        changes = tx.recent_changes(rudiger.id, 10)  # type: ignore[arg-type]
        assert [c.payload["change"]["type"] for c in reversed(changes)] == ["link", "link", "contract", "money"]
        claim_rows = list(tx.session.exec(select(ClaimRow)))
        assert len(claim_rows) == 6 and all(c.player_id is not None for c in claim_rows)


def test_one_alert_per_article_per_follower_holding_every_change(
    repository: Repository, ingestor: ArticleIngestor
) -> None:
    chat_id = follower(repository, "fan", "Antonio Rudiger")
    ingestor.ingest(article(KEEN, 1))
    result = ingestor.ingest(article(CONFIDENT, 2))
    assert result.alerts_queued == 1
    queued = alerts(repository)
    assert len(queued) == 2
    payload = queued[1].payload
    assert queued[1].chat_id == chat_id
    assert payload["player"] == "Antonio Rudiger"
    assert payload["article"]["url"] == "https://news.example/2" and payload["article"]["outlet"] == "Outlet 2"
    assert [c["type"] for c in payload["changes"]] == ["link", "contract", "money"]
    assert payload["changes"][0]["previous"] == "interest" and payload["changes"][0]["stage"] == "advanced"
    assert "Real Madrid: interested → close/advanced (Fabrizio Romano)" in payload["text"]
    assert "https://news.example/2" in payload["text"]


def test_the_same_article_twice_queues_nothing_the_second_time(
    repository: Repository, ingestor: ArticleIngestor
) -> None:
    follower(repository, "fan", "Antonio Rudiger")
    first = ingestor.ingest(article(KEEN, 1))
    again = [
        ingestor.ingest(article(KEEN, 1)),  # same guid and URL
        ingestor.ingest(article(KEEN, 2, guid=None, url="https://mirror.example/x")),  # same text elsewhere
    ]
    assert first.new and first.alerts_queued == 1
    assert [(r.new, r.alerts_queued, r.article_id) for r in again] == [(False, 0, first.article_id)] * 2
    assert len(alerts(repository)) == 1
    with repository.transaction() as tx:
        assert tx.count_articles() == 1


def test_filters_hold_back_what_a_chat_does_not_want(repository: Repository, ingestor: ArticleIngestor) -> None:
    follower(repository, "serious", "Antonio Rudiger", min_stage="advanced")
    follower(repository, "bayern-only", "Antonio Rudiger", clubs=["Bayern Munich"])
    for n, text in enumerate((KEEN, CONFIDENT, TALKS), 1):
        ingestor.ingest(article(text, n))
    by_chat: dict[int, list[list[tuple[str, str | None]]]] = {}
    for alert in alerts(repository):
        by_chat.setdefault(alert.chat_id, []).append(
            [(c["type"], c.get("stage") or c.get("kind")) for c in alert.payload["changes"]])
    serious, bayern = sorted(by_chat)
    # min_stage advanced: the interest and talks links are held back; contract and money news always passes.
    assert by_chat[serious] == [[("link", "advanced"), ("contract", "renewal_offer"), ("money", "wage_offer")]]
    # clubs [Bayern]: Madrid links and Chelsea's wage offer are held back; the contract news passes.
    assert by_chat[bayern] == [[("contract", "renewal_offer")], [("link", "talks")]]


def test_recording_without_alerts_updates_the_picture_but_queues_nothing(
    repository: Repository, ingestor: ArticleIngestor
) -> None:
    follower(repository, "fan", "Antonio Rudiger")
    result = ingestor.ingest(article(KEEN, 1, alert=False))
    assert result.new and result.change_count == 1 and result.alerts_queued == 0
    assert alerts(repository) == []


def test_a_failure_mid_article_stores_nothing_and_the_article_can_be_retried(repository: Repository) -> None:
    class Broken:
        def extract(self, article: Article) -> list[Claim]:
            raise RuntimeError("extractor crashed")

    with pytest.raises(RuntimeError):
        ArticleIngestor(repository, Broken()).ingest(article(KEEN, 1))
    with repository.transaction() as tx:
        assert tx.count_articles() == 0
    retried = ArticleIngestor(repository, ScriptedExtractor(SCRIPT)).ingest(article(KEEN, 1))
    assert retried.new and retried.change_count == 1


def test_article_rows_keep_what_they_came_with(repository: Repository, ingestor: ArticleIngestor) -> None:
    ingestor.ingest(ArticleInput(text=SILVA, url="https://www.example.org/silva", published=date(2022, 1, 2)))
    with repository.transaction() as tx:
        row = tx.session.exec(select(ArticleRow)).one()
        player = tx.session.exec(select(Player)).one()
        change = tx.session.exec(select(PlayerChange)).one()
    assert row.outlet == "example.org" and row.content_hash == content_hash(SILVA)
    assert player.canonical_name == "Bernardo Silva"
    assert change.payload["date"] == "2022-01-02"


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.goal.com/en/news/x") == "goal.com"
    assert outlet_from_url(None) is None


def test_content_hash_reads_any_run_of_whitespace_as_one_space() -> None:
    # The digest is pinned: articles stored by earlier versions must still be recognised.
    expected = "505204719c986962fe88e6a56847993e2df69082cb6f2810ddf54f4904f9165b"
    assert content_hash("Real  Madrid\u00a0are\n keen.\u2003") == content_hash("Real Madrid are keen.") == expected
    assert content_hash("Real Madrid are keen.") != content_hash("RealMadrid are keen.")
