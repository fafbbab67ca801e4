"""Weak links: a new link that rests on one directional cue is stored unconfirmed and alerted on its second report."""

from __future__ import annotations

from tests.diff.test_diff import PLAYER, feed, link, summary

from bot.domain import Claim
from bot.player_state import ClubLink, PlayerState


def weak(club: str, stage: str) -> Claim:
    return Claim("link", PLAYER, club, stage=stage, confidence=0.5)


def test_a_weak_new_link_is_stored_but_not_told() -> None:
    (changes,), state = feed([weak("Lyon", "interest")])
    assert changes == ()
    lyon = state.links["lyon"]
    assert (lyon.stage, lyon.confirmed, lyon.witnesses.reports) == ("interest", False, 1)


def test_a_second_report_of_a_weak_link_makes_the_alert_and_keeps_the_first_sighting() -> None:
    out, state = feed([weak("Lyon", "interest")], [weak("Lyon", "interest")])
    assert out[0] == ()
    assert summary(out[1]) == [("link", "Lyon", "interest", None)]
    lyon = state.links["lyon"]
    assert lyon.confirmed and lyon.witnesses.reports == 2 and lyon.first_seen == "2021-10-01"


def test_a_strong_report_after_a_weak_one_is_told_at_its_own_stage() -> None:
    out, _ = feed([weak("Lyon", "interest")], [link("Lyon", "talks")])
    assert summary(out[1]) == [("link", "Lyon", "talks", None)]


def test_weakness_only_holds_back_a_new_link() -> None:
    out, _ = feed([link("Lyon", "interest")], [weak("Lyon", "advanced")])
    assert summary(out[1]) == [("link", "Lyon", "advanced", "interest")]


def test_an_unconfirmed_link_survives_the_state_encoding_and_old_states_read_confirmed() -> None:
    held = ClubLink("Lyon", "interest", "2021-10-01", "2021-10-01", confirmed=False)
    assert ClubLink.from_json(held.to_json()) == held
    legacy = held.to_json()
    del legacy["confirmed"]
    assert ClubLink.from_json(legacy).confirmed
    assert "confirmed" not in ClubLink("Lyon", "interest", None, None).to_json()
    assert PlayerState().links == {}


def test_status_flags_an_unconfirmed_move_in_every_renderer() -> None:
    from adapters.discord_render import status_fields
    from adapters.telegram_render import status_blocks
    from bot.rendering import status_text
    from bot.status import build_status_view

    _, state = feed([link("Lyon", "talks")], [weak("Nice", "interest")])
    view = build_status_view(PLAYER, state)
    assert [(c.club, c.confirmed) for c in view.clubs] == [("Lyon", True), ("Nice", False)]
    text = status_text(view)
    assert "1 outlet, unconfirmed" in text and text.count("unconfirmed") == 1
    assert "1 outlet, unconfirmed" in " ".join(" ".join(lines) for _, lines in status_fields(view))
    assert "1 outlet, unconfirmed" in " ".join(block.plain for block in status_blocks(view))
