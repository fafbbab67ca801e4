"""Embeds for alerts and /status: content, colours, and Discord's limits however large the input."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord_render import (
    CHARACTERS_PER_MESSAGE,
    CONTENT_LIMIT,
    CONTRACT_COLOUR,
    DESCRIPTION_LIMIT,
    EMBEDS_PER_MESSAGE,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FIELDS_PER_EMBED,
    FOOTER_LIMIT,
    STAGE_COLOURS,
    TITLE_LIMIT,
    alert_messages,
    split_lines,
    status_messages,
    text_messages,
)
from bot.status import ClubLine, ContractLine, MoneyLine, StatusView


def _link(club: str, stage: str, previous: str | None = None, source: str | None = None,
          evidence: str = "") -> dict[str, Any]:
    return {"type": "link", "club": club, "stage": stage, "previous": previous, "source": source,
            "evidence": evidence}


def _payload(changes: list[dict[str, Any]], **article: Any) -> dict[str, Any]:
    return {"player": "Antonio Rudiger", "player_id": 3, "changes": changes, "text": "plain",
            "article": {"id": 12, "url": "https://news.example/rudiger", "title": "Madrid move closer",
                        "outlet": "Goal", "published": "2021-12-01", **article}}


def assert_within_limits(messages: list[list[discord.Embed]]) -> None:
    """Every limit Discord enforces on a message of embeds."""
    for message in messages:
        assert 1 <= len(message) <= EMBEDS_PER_MESSAGE
        assert sum(len(embed) for embed in message) <= CHARACTERS_PER_MESSAGE
        for embed in message:
            data = embed.to_dict()
            assert len(data.get("title", "")) <= TITLE_LIMIT
            assert len(data.get("description", "")) <= DESCRIPTION_LIMIT
            assert len(data.get("footer", {}).get("text", "")) <= FOOTER_LIMIT
            assert len(data.get("fields", [])) <= FIELDS_PER_EMBED
            for field in data.get("fields", []):
                assert 0 < len(field["name"]) <= FIELD_NAME_LIMIT
                assert 0 < len(field["value"]) <= FIELD_VALUE_LIMIT


def test_an_alert_is_one_embed_with_a_field_per_changed_club() -> None:
    payload = _payload([
        _link("Real Madrid", "advanced", "interest", "Fabrizio Romano", "Madrid now feel confident of a deal."),
        {"type": "contract", "club": "Chelsea", "stage": "rejects_renewal", "previous": None, "source": "Goal",
         "evidence": "He has turned down a new deal."},
        {"type": "money", "club": "Chelsea", "kind": "wage_offer", "amount": 150000, "currency": "GBP",
         "per": "week", "previous_amount": 120000, "source": None, "evidence": "He has turned down a new deal."},
    ])
    [[embed]] = alert_messages(payload)
    assert embed.title == "Antonio Rudiger"
    assert embed.url == "https://news.example/rudiger"
    assert embed.description == "[Madrid move closer](https://news.example/rudiger)"
    assert embed.footer.text == "Goal · 2021-12-01"
    assert embed.timestamp is not None and embed.timestamp.isoformat().startswith("2021-12-01")
    assert [f.name for f in embed.fields] == ["Real Madrid", "Chelsea"]
    madrid, chelsea = (f.value for f in embed.fields)
    assert madrid.splitlines() == ["interested → **close/advanced** · via Fabrizio Romano",
                                   "> Madrid now feel confident of a deal."]
    assert chelsea.splitlines() == ["**rejects renewal** · via Goal", "> He has turned down a new deal.",
                                    "wage offer: **£150,000/week** (was £120,000/week)"]


@pytest.mark.parametrize(
    ("stages", "colour"),
    [(["interest"], STAGE_COLOURS["interest"]), (["talks", "done", "bid"], STAGE_COLOURS["done"]),
     (["off"], STAGE_COLOURS["off"]), (["off", "talks"], STAGE_COLOURS["talks"])],
)
def test_colour_follows_the_furthest_stage(stages: list[str], colour: int) -> None:
    [[embed]] = alert_messages(_payload([_link(f"Club {i}", s) for i, s in enumerate(stages)]))
    assert embed.colour is not None and embed.colour.value == colour


def test_contract_only_news_has_the_contract_colour_and_a_new_link_says_new() -> None:
    contract = {"type": "contract", "club": None, "stage": "expiring", "previous": None, "source": None,
                "evidence": ""}
    [[embed]] = alert_messages(_payload([contract]))
    assert embed.colour is not None and embed.colour.value == CONTRACT_COLOUR
    assert embed.fields[0].name == "Contract"
    [[embed]] = alert_messages(_payload([_link("Bayern Munich", "talks")]))
    assert embed.fields[0].value == "new → **in talks**"


def test_markdown_and_mentions_in_names_are_escaped_not_rendered() -> None:
    [[embed]] = alert_messages(_payload([_link("Real Madrid", "talks", source="**@everyone** _x_")],
                                        title="[click](https://evil.example) *now*"))
    assert "\\*\\*@everyone\\*\\*" in embed.fields[0].value
    # The title stays text: one link only, to the article, and its brackets cannot open a second one.
    assert embed.description is not None and embed.description.count("](") == 1
    assert embed.description.endswith("](https://news.example/rudiger)")


def test_a_non_http_article_url_is_not_linked() -> None:
    [[embed]] = alert_messages(_payload([_link("Real Madrid", "talks")], url="javascript:alert(1)"))
    assert embed.url is None
    assert embed.description == "Madrid move closer"


def test_forty_clubs_split_across_embeds_within_every_limit() -> None:
    changes = [_link(f"Club number {i}", "talks", "interest", "Some Reporter", "x" * 500) for i in range(40)]
    messages = alert_messages(_payload(changes))
    assert_within_limits(messages)
    names = [f.name for message in messages for embed in message for f in embed.fields]
    assert names == [f"Club number {i}" for i in range(40)]
    assert messages[0][0].title == "Antonio Rudiger"
    assert messages[-1][-1].footer.text == "Goal · 2021-12-01"


def test_a_huge_field_continues_in_the_next_field() -> None:
    changes = [_link("Real Madrid", "talks", evidence=f"sentence {i}") for i in range(200)]
    [[*embeds]] = alert_messages(_payload(changes))[:1]
    fields = [f for embed in embeds for f in embed.fields]
    assert fields[0].name == "Real Madrid" and fields[1].name == "Real Madrid (continued)"
    assert_within_limits(alert_messages(_payload(changes)))


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000)


@settings(max_examples=40, deadline=None)
@given(
    player=_text, title=_text, outlet=_text,
    clubs=st.lists(st.tuples(_text, _text, _text), max_size=60),
)
def test_any_alert_fits_discord_limits(player: str, title: str, outlet: str,
                                       clubs: list[tuple[str, str, str]]) -> None:
    payload = _payload([_link(club, "bid", None, source, evidence) for club, source, evidence in clubs],
                       title=title, outlet=outlet)
    payload["player"] = player
    assert_within_limits(alert_messages(payload))


def _view(clubs: int) -> StatusView:
    return StatusView(
        player="Antonio Rudiger", current_club="Chelsea",
        clubs=tuple(ClubLine(f"Club {i}", "advanced" if i == 0 else "interest", "2021-12-01", 6 - i % 6,
                             "Fabrizio Romano" if i == 0 else None) for i in range(clubs)),
        contract=(ContractLine("rejects_renewal", ("Goal",), "2021-11-20"),),
        money=(MoneyLine("wage_demand", 200000, "GBP", "week", None, "Sky Sports"),),
        recent_changes=("Real Madrid: interested → close/advanced (Goal)",),
    )


def test_status_is_an_embed_with_a_field_per_club_then_contract_money_and_changes() -> None:
    [[embed]] = status_messages(_view(2))
    assert embed.title == "Antonio Rudiger (Chelsea)"
    assert embed.colour is not None and embed.colour.value == STAGE_COLOURS["advanced"]
    assert [f.name for f in embed.fields] == ["Club 0", "Club 1", "Contract", "Money", "Latest changes"]
    assert embed.fields[0].value == "**close/advanced** · 2021-12-01 · 6 outlets · best: Fabrizio Romano"
    assert embed.fields[1].value == "**interested** · 2021-12-01 · 5 outlets"
    assert embed.fields[2].value == "**rejects renewal** (Goal) · 2021-11-20"
    assert embed.fields[3].value == "wage demand: **£200,000/week** (Sky Sports)"
    assert embed.fields[4].value == "• Real Madrid: interested → close/advanced (Goal)"


def test_status_with_nothing_known_says_so_and_many_clubs_split() -> None:
    [[embed]] = status_messages(StatusView("Nobody Yet", None, (), (), (), ()))
    assert embed.title == "Nobody Yet" and embed.description == "nothing reported yet"
    messages = status_messages(_view(60))
    assert_within_limits(messages)
    assert sum(len(embed.fields) for message in messages for embed in message) == 60 + 3


def test_text_splits_between_lines_within_the_content_limit() -> None:
    lines = [f"Player number {i}" for i in range(400)]
    chunks = text_messages("\n".join(lines))
    assert all(len(chunk) <= CONTENT_LIMIT for chunk in chunks) and len(chunks) > 1
    assert "\n".join(chunks).splitlines() == lines
    assert split_lines(["y" * 5000], 100) == ["y" * 99 + "…"]
