"""Player identity: article names onto known players, and follow requests onto names."""

from __future__ import annotations

from bot.identity import (
    KnownPlayer,
    better_canonical,
    first_names_compatible,
    match_follow_request,
    resolve_name,
    surname_key,
    with_alias,
)

RUDIGER = KnownPlayer(1, "Antonio Rudiger", clubs=frozenset({"chelsea", "real madrid"}))
BERNARDO = KnownPlayer(2, "Bernardo Silva", clubs=frozenset({"manchester city", "barcelona"}))
THIAGO = KnownPlayer(3, "Thiago Silva", clubs=frozenset({"chelsea"}))
MBAPPE = KnownPlayer(4, "Kylian Mbappe", aliases=("Kylian Mbappé",), clubs=frozenset({"paris saint germain"}))
ALL = [RUDIGER, BERNARDO, THIAGO, MBAPPE]


def test_surname_full_name_with_accents_and_a_short_first_name_land_on_one_player() -> None:
    for name in ("Rudiger", "Antonio Rüdiger", "Toni Rudiger", "ANTONIO RUDIGER", "A. Rudiger"):
        assert resolve_name(name, [RUDIGER]) == RUDIGER, name


def test_players_sharing_a_surname_are_told_apart_by_first_name() -> None:
    assert resolve_name("Bernardo Silva", [BERNARDO, THIAGO]) == BERNARDO
    assert resolve_name("Thiago Silva", [BERNARDO, THIAGO]) == THIAGO


def test_a_bare_shared_surname_follows_the_clubs_the_article_names() -> None:
    assert resolve_name("Silva", [BERNARDO, THIAGO], {"barcelona"}) == BERNARDO
    assert resolve_name("Silva", [BERNARDO, THIAGO], {"chelsea"}) == THIAGO


def test_a_different_first_name_with_a_known_surname_is_a_new_player() -> None:
    assert resolve_name("Andre Silva", [BERNARDO, THIAGO]) is None


def test_a_name_with_no_candidates_is_new() -> None:
    assert resolve_name("Jude Bellingham", []) is None
    assert resolve_name("   ", ALL) is None


def test_a_full_name_attaches_to_a_player_known_only_by_surname_and_upgrades_his_name() -> None:
    bare = KnownPlayer(9, "Rudiger")
    assert resolve_name("Antonio Rudiger", [bare]) == bare
    assert better_canonical("Rudiger", "Antonio Rudiger") == "Antonio Rudiger"
    assert better_canonical("Antonio Rudiger", "Toni Rudiger") == "Antonio Rudiger"


def test_first_name_compatibility() -> None:
    assert first_names_compatible("toni", "antonio")
    assert first_names_compatible("a", "antonio")
    assert first_names_compatible("mohamed", "mohammed")
    assert not first_names_compatible("bernardo", "thiago")


def test_aliases_are_added_once_and_never_repeat_the_canonical_name() -> None:
    aliases = with_alias((), "Toni Rüdiger", "Antonio Rudiger")
    assert aliases == ("Toni Rüdiger",)
    assert with_alias(aliases, "toni rudiger", "Antonio Rudiger") == aliases
    assert with_alias(aliases, "Antonio Rüdiger", "Antonio Rudiger") == aliases
    assert surname_key("Matthijs de Ligt") == "ligt"


def test_follow_requests_match_exactly_by_surname_and_fuzzily() -> None:
    assert match_follow_request("rudiger", ALL).unique == RUDIGER
    assert match_follow_request("Rudigr", ALL).unique == RUDIGER
    assert match_follow_request("mbappé", ALL).unique == MBAPPE
    assert match_follow_request("Kylian Mbape", ALL).unique == MBAPPE


def test_an_ambiguous_follow_request_offers_a_choice() -> None:
    match = match_follow_request("Silva", ALL)
    assert match.ambiguous
    assert {p.canonical_name for p in match.players} == {"Bernardo Silva", "Thiago Silva"}


def test_an_unknown_follow_request_matches_nobody() -> None:
    match = match_follow_request("Erling Haaland", ALL)
    assert match.players == () and match.unique is None and not match.ambiguous
    assert match_follow_request("", ALL).players == ()
