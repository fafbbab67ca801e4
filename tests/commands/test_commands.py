"""The platform-neutral chat commands against a real database: follow by fuzzy name, choices, status, settings."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from bot.commands import NAME_LIMIT, ChatCommands, ChatRef
from bot.domain import Claim
from bot.ingest import ArticleIngestor, ArticleInput
from storage.models import Alert
from storage.repository import Repository
from tests.ingest.scripted import ScriptedExtractor

CHAT = ChatRef(platform="console", chat_id="42", title="Fans")
MEMBER = ChatRef(platform="telegram", chat_id="-100", can_manage_chat=False)

STORIES = {
    "one": [Claim("link", "Antonio Rudiger", "Real Madrid", stage="interest", source="Goal"),
            Claim("contract", "Antonio Rudiger", "Chelsea", stage="expiring")],
    "two": [Claim("link", "Bernardo Silva", "Barcelona", stage="talks")],
    "three": [Claim("link", "Thiago Silva", "Chelsea", stage="done")],
}


@pytest.fixture
def commands(repository: Repository) -> ChatCommands:
    ingestor = ArticleIngestor(repository, ScriptedExtractor(STORIES))
    for n, text in enumerate(STORIES, 1):
        ingestor.ingest(ArticleInput(text=text, url=f"https://n.example/{n}", outlet="Example",
                                     published=date(2021, 10, n)))
    return ChatCommands(repository)


def test_follow_a_known_player_by_a_misspelt_surname(commands: ChatCommands) -> None:
    reply = commands.follow(CHAT, "Rudigr")
    assert reply.kind == "info" and "Antonio Rudiger" in reply.text
    assert commands.following(CHAT).text == "Following: Antonio Rudiger"


def test_an_ambiguous_name_offers_a_choice_and_picking_one_follows_him(commands: ChatCommands) -> None:
    reply = commands.follow(CHAT, "silva")
    assert reply.kind == "choice"
    assert set(reply.choices) == {"Bernardo Silva", "Thiago Silva"}
    assert commands.follow(CHAT, reply.choices[0]).kind == "info"
    assert commands.following(CHAT).text == f"Following: {reply.choices[0]}"


def test_a_name_not_seen_yet_can_be_followed_and_matches_when_articles_arrive(
    repository: Repository, commands: ChatCommands
) -> None:
    reply = commands.follow(CHAT, "Bellingham")
    assert reply.kind == "info" and "not been in the news" in reply.text
    story = [Claim("link", "Jude Bellingham", "Real Madrid", stage="interest")]
    result = ArticleIngestor(repository, ScriptedExtractor({"jb": story})).ingest(ArticleInput(text="jb"))
    assert result.alerts_queued == 1
    assert commands.following(CHAT).text == "Following: Jude Bellingham"


def test_following_again_brings_back_a_chat_the_platform_had_given_up_on(
    repository: Repository, commands: ChatCommands
) -> None:
    """Blocked, then unblocked: the next /follow reactivates the chat, so alerts flow to it again."""
    commands.follow(CHAT, "Rudiger")
    with repository.transaction() as tx:
        record = tx.find_chat(CHAT.platform, CHAT.chat_id)
        tx.set_chat_active(record.id, False, "bot blocked")
    assert "follows nobody" in commands.following(CHAT).text
    commands.follow(CHAT, "Rudiger")
    with repository.transaction() as tx:
        record = tx.find_chat(CHAT.platform, CHAT.chat_id)
        assert record.active and record.deactivated_reason is None
        (player,) = tx.players_by_surnames(["rudiger"])
        assert [c.id for _s, c in tx.followers_of(player.id)] == [record.id]


def test_unfollow(commands: ChatCommands) -> None:
    commands.follow(CHAT, "Rudiger")
    assert commands.unfollow(CHAT, "rudiger").text == "Stopped following Antonio Rudiger."
    assert commands.unfollow(CHAT, "rudiger").kind == "error"
    assert "follows nobody" in commands.following(CHAT).text


@pytest.mark.parametrize("name", ["", "   ", "x" * 10_000, "<b>Rudiger</b>", "Rudiger; DROP TABLE players", None])
def test_bad_names_get_a_friendly_error_never_an_exception_or_an_echo(commands: ChatCommands, name: str) -> None:
    for method in (commands.follow, commands.unfollow, commands.status):
        reply = method(CHAT, name)
        assert reply.kind == "error"
        assert len(reply.text) < 200 and "<b>" not in reply.text and "DROP" not in reply.text


def test_a_long_but_acceptable_name_is_capped(commands: ChatCommands) -> None:
    assert commands.follow(CHAT, "A" * (NAME_LIMIT + 1)).kind == "error"
    assert commands.follow(CHAT, "Alexander-Arnold").kind == "info"


def test_members_who_cannot_manage_the_chat_cannot_change_its_follows_or_settings(commands: ChatCommands) -> None:
    assert commands.follow(MEMBER, "Rudiger").kind == "error"
    assert commands.settings(MEMBER, "pause").kind == "error"
    assert commands.settings(MEMBER, "").kind == "info"
    assert commands.status(MEMBER, "Rudiger").kind == "status"


def test_status_gives_text_and_a_structured_view(commands: ChatCommands) -> None:
    reply = commands.status(CHAT, "antonio rüdiger")
    assert reply.kind == "status" and reply.status is not None
    view = reply.status
    assert view.player == "Antonio Rudiger" and view.current_club == "Chelsea"
    assert [(c.club, c.stage, c.outlets, c.best_source) for c in view.clubs] == [("Real Madrid", "interest", 1, "Goal")]
    assert [c.stage for c in view.contract] == ["expiring"]
    assert view.to_dict()["clubs"][0]["club"] == "Real Madrid"
    assert reply.text.splitlines()[0] == "Antonio Rudiger (Chelsea)"
    assert "Real Madrid" in reply.text and "interested" in reply.text
    assert commands.status(CHAT, "silva").kind == "choice"
    assert commands.status(CHAT, "Erling Haaland").kind == "error"


def test_settings_are_shown_changed_and_validated(repository: Repository, commands: ChatCommands) -> None:
    assert "min_stage: any" in commands.settings(CHAT, "").text
    assert commands.settings(CHAT, "min_stage talks").kind == "info"
    assert commands.settings(CHAT, "clubs Real Madrid, Bayern Munich").kind == "info"
    assert commands.settings(CHAT, "quiet 23-7").kind == "info"
    assert commands.settings(CHAT, "pause").kind == "info"
    with repository.transaction() as tx:
        stored = tx.find_chat("console", "42").settings  # type: ignore[union-attr]
    assert stored == {"min_stage": "talks", "clubs": ["Real Madrid", "Bayern Munich"], "quiet_hours": [23, 7],
                      "paused": True}
    for bad in ("min_stage soon", "quiet 25-3", "quiet noon", "clubs <script>", "volume 11"):
        assert commands.settings(CHAT, bad).kind == "error", bad
    commands.settings(CHAT, "clubs any")
    commands.settings(CHAT, "quiet off")
    commands.settings(CHAT, "resume")
    commands.settings(CHAT, "min_stage any")
    with repository.transaction() as tx:
        assert tx.find_chat("console", "42").settings == {"paused": False}  # type: ignore[union-attr]


def test_suggestions_complete_a_prefix(commands: ChatCommands) -> None:
    assert commands.suggest_players("sil") == ["Bernardo Silva", "Thiago Silva"]
    assert commands.suggest_players("Rü") == ["Antonio Rudiger"]
    assert commands.suggest_players("") == []


def test_start_and_help_explain_the_commands(commands: ChatCommands) -> None:
    assert "/follow" in commands.start(CHAT).text
    assert "/settings" in commands.help(CHAT).text


def _queued(repository: Repository, story: str, claims: list[Claim]) -> list[int | None]:
    """Ingest one scripted story; the players of the alerts it queued."""
    result = ArticleIngestor(repository, ScriptedExtractor({story: claims})).ingest(ArticleInput(text=story))
    with repository.transaction() as tx:
        queued = tx.session.exec(select(Alert).where(Alert.article_id == result.article_id))
        return sorted(a.player_id for a in queued)


def test_a_follows_own_min_stage_holds_back_his_alerts_only_until_cleared(
    repository: Repository, commands: ChatCommands
) -> None:
    commands.follow(CHAT, "Rudiger")
    commands.follow(CHAT, "Bernardo Silva")
    reply = commands.settings(CHAT, "min_stage bid for rudigr")
    assert reply.kind == "info" and reply.text.startswith("Antonio Rudiger: bid and beyond.")
    assert commands.following(CHAT).text == "Following: Antonio Rudiger (bid and beyond), Bernardo Silva"
    with repository.transaction() as tx:
        rudiger, = tx.players_by_surnames(["rudiger"])
        silva = next(p for p in tx.players_by_surnames(["silva"]) if p.canonical_name == "Bernardo Silva")
    talks = [Claim("link", "Antonio Rudiger", "Bayern Munich", stage="talks"),
             Claim("link", "Bernardo Silva", "Paris Saint-Germain", stage="talks")]
    assert _queued(repository, "talks", talks) == [silva.id]

    commands.settings(CHAT, "min_stage any for Rudiger")
    assert commands.following(CHAT).text == "Following: Antonio Rudiger, Bernardo Silva"
    more = [Claim("link", "Antonio Rudiger", "Juventus", stage="talks")]
    assert _queued(repository, "more", more) == [rudiger.id]


def test_settings_for_one_follow_shows_and_refuses_clearly(repository: Repository, commands: ChatCommands) -> None:
    commands.follow(CHAT, "Rudiger")
    commands.settings(CHAT, "min_stage talks")
    commands.settings(CHAT, "clubs Real Madrid, Bayern Munich for Rudiger")
    shown = commands.settings(CHAT, "for Antonio Rudiger")
    assert shown.kind == "info"
    assert "min_stage: talks (the chat's)" in shown.text
    assert "clubs: Real Madrid, Bayern Munich (own filter; the chat's: any)" in shown.text
    assert commands.settings(MEMBER, "for Rudiger").kind == "error"  # not followed in that chat
    assert commands.settings(CHAT, "pause for Rudiger").text.startswith("Quiet hours and pause are for the whole chat")
    for unknown in ("for Erling Haaland", "min_stage bid for Thiago Silva"):  # unknown / known but not followed
        reply = commands.settings(CHAT, unknown)
        assert reply.kind == "error" and "/follow" in reply.text and "\n" not in reply.text
    assert commands.settings(CHAT, "min_stage bid for <b>x</b>").kind == "error"
    with repository.transaction() as tx:
        record = tx.find_chat(CHAT.platform, CHAT.chat_id)
        assert record.settings == {"min_stage": "talks"}  # type: ignore[union-attr]
        (subscription, _player), = tx.subscriptions_for_chat(record.id)  # type: ignore[union-attr, arg-type]
        assert subscription.filters == {"clubs": ["Real Madrid", "Bayern Munich"]}


def test_settings_for_an_ambiguous_follow_offers_picks_that_rerun_the_change(commands: ChatCommands) -> None:
    commands.follow(CHAT, "Bernardo Silva")
    commands.follow(CHAT, "Thiago Silva")
    reply = commands.settings(CHAT, "min_stage bid for silva")
    assert reply.kind == "choice" and set(reply.choices) == {"Bernardo Silva", "Thiago Silva"}
    assert reply.pick_command == "settings"
    picked = reply.choices.index("Thiago Silva")
    assert reply.pick(picked) == "min_stage bid for Thiago Silva"
    assert commands.settings(CHAT, reply.pick(picked)).kind == "info"
    assert commands.following(CHAT).text == "Following: Bernardo Silva, Thiago Silva (bid and beyond)"


def test_only_admins_change_a_follows_filters_but_anyone_may_look(commands: ChatCommands) -> None:
    admin_chat = ChatRef(platform=MEMBER.platform, chat_id=MEMBER.chat_id)
    commands.follow(admin_chat, "Rudiger")
    refused = commands.settings(MEMBER, "min_stage bid for Rudiger")
    assert refused.kind == "error" and "admins" in refused.text
    assert commands.settings(MEMBER, "for Rudiger").kind == "info"
