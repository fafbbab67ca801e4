"""A player's state encoded piece by piece is exactly the JSON of the whole, however it was built up."""

from __future__ import annotations

import json

from bot.diff import ArticleRef, diff_player_state
from bot.domain import Claim
from bot.player_state import PlayerState, encode_state

PLAYER = "Antonio Rudiger"
ARTICLES = [
    [Claim("link", PLAYER, "Real Madrid", stage="interest", source="Goal")],
    [Claim("link", PLAYER, "Bayern Munich", stage="talks"), Claim("contract", PLAYER, "Chelsea", stage="expiring")],
    [Claim("money", PLAYER, "Chelsea", kind="wage_offer", amount=150000, currency="GBP", per="week")],
    [Claim("link", PLAYER, "Real Madrid", stage="advanced", source="Fabrizio Romano")],
    [Claim("money", PLAYER, "Chelsea", kind="wage_demand", amount=200000.5, currency="GBP", per="week")],
    [Claim("link", PLAYER, "Bayern Munich", stage="off"), Claim("link", PLAYER, "Atlético Madrid", stage="interest")],
]


def states() -> list[PlayerState]:
    state, out = PlayerState(), []
    for n, claims in enumerate(ARTICLES, 1):
        state = diff_player_state(state, claims, ArticleRef(n, f"Outlet «{n}»", f"2021-10-{n:02d}")).state
        out.append(state)
    return out


def test_each_encoding_is_the_json_of_the_whole_state() -> None:
    previous = None
    for state in states():
        for encoded in (encode_state(state), encode_state(state, previous)):
            assert encoded.text == json.dumps(state.to_json())
            assert PlayerState.from_json(json.loads(encoded.text)) == state
        previous = encode_state(state, previous)


def test_the_empty_state_encodes_like_the_whole() -> None:
    assert encode_state(PlayerState()).text == json.dumps(PlayerState().to_json())


def test_entries_an_article_did_not_touch_are_not_serialised_again() -> None:
    built = states()
    before, after = built[2], built[3]  # article 4 touches Real Madrid only
    first = encode_state(before)
    second = encode_state(after, first)
    assert second.entries[("links", "bayern munich")][1] is first.entries[("links", "bayern munich")][1]
    assert second.entries[("links", "real madrid")][1] != first.entries[("links", "real madrid")][1]
