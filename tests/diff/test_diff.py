"""The diff engine on hand-built claim sequences: every rule of SCHEMA.md's last section, no database."""

from __future__ import annotations

from bot.diff import ArticleRef, Change, diff_player_state
from bot.domain import Claim
from bot.player_state import PlayerState

PLAYER = "Antonio Rudiger"


def link(club: str, stage: str, source: str | None = None) -> Claim:
    return Claim("link", PLAYER, club, stage=stage, source=source)


def contract(stage: str, source: str | None = None) -> Claim:
    return Claim("contract", PLAYER, "Chelsea", stage=stage, source=source)


def money(kind: str, amount: float, club: str | None = "Chelsea", per: str | None = "week") -> Claim:
    return Claim("money", PLAYER, club, kind=kind, amount=amount, currency="GBP", per=per)


def feed(*articles: list[Claim]) -> tuple[list[tuple[Change, ...]], PlayerState]:
    """Apply articles in order (outlet N for article N); return each article's changes and the final state."""
    state, out = PlayerState(), []
    for n, claims in enumerate(articles, 1):
        result = diff_player_state(state, claims, ArticleRef(n, f"Outlet {n}", f"2021-10-{n:02d}"))
        out.append(result.changes)
        state = result.state
    return out, state


def summary(changes: tuple[Change, ...]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(c.type, c.club, c.stage or c.kind, c.previous) for c in changes]


def test_a_new_link_is_a_change_with_no_previous_stage() -> None:
    (changes,), _ = feed([link("Real Madrid", "interest", "Goal")])
    assert summary(changes) == [("link", "Real Madrid", "interest", None)]
    assert changes[0].source == "Goal"


def test_twenty_outlets_repeating_interest_make_one_change_and_twenty_supports() -> None:
    out, state = feed(*[[link("Real Madrid", "interest")] for _ in range(20)])
    assert [len(c) for c in out] == [1] + [0] * 19
    madrid = state.links["real madrid"]
    assert madrid.witnesses.reports == 20
    assert len(madrid.outlets) == 20
    assert (madrid.first_seen, madrid.last_seen) == ("2021-10-01", "2021-10-20")


def test_a_stage_moving_further_is_one_change_and_a_lower_stage_after_it_none() -> None:
    out, state = feed(
        [link("Real Madrid", "interest")],
        [link("Real Madrid", "interest")],
        [link("Real Madrid", "advanced", "Goal")],
        [link("Real Madrid", "talks")],
        [link("Real Madrid", "advanced")],
    )
    assert [summary(c) for c in out] == [
        [("link", "Real Madrid", "interest", None)],
        [],
        [("link", "Real Madrid", "advanced", "interest")],
        [],
        [],
    ]
    assert state.links["real madrid"].stage == "advanced"
    assert state.links["real madrid"].witnesses.reports == 5


def test_every_step_of_the_ladder_alerts_once() -> None:
    stages = ["interest", "talks", "bid", "advanced", "agreed", "done"]
    out, state = feed(*[[link("Bayern Munich", s)] for s in stages])
    assert [c[0].stage for c in out] == stages
    assert [c[0].previous for c in out] == [None, *stages[:-1]]
    assert state.current_club == "Bayern Munich"


def test_turning_off_then_coming_back_are_changes_but_a_repeated_off_is_not() -> None:
    out, state = feed(
        [link("Manchester City", "talks")],
        [link("Manchester City", "off")],
        [link("Manchester City", "off")],
        [link("Manchester City", "interest")],
    )
    assert [summary(c) for c in out] == [
        [("link", "Manchester City", "talks", None)],
        [("link", "Manchester City", "off", "talks")],
        [],
        [("link", "Manchester City", "interest", "off")],
    ]
    assert state.links["manchester city"].stage == "interest"


def test_off_remembers_how_far_the_move_had_got() -> None:
    _, state = feed([link("Juventus", "bid")], [link("Juventus", "off")])
    assert state.links["juventus"].stage_before_off == "bid"


def test_a_club_first_reported_off_is_a_new_link_that_is_off() -> None:
    (changes,), _ = feed([link("Everton", "off")])
    assert summary(changes) == [("link", "Everton", "off", None)]


def test_links_to_different_clubs_are_independent() -> None:
    out, _ = feed([link("Real Madrid", "advanced"), link("Juventus", "interest")], [link("Juventus", "talks")])
    assert summary(out[0]) == [("link", "Real Madrid", "advanced", None), ("link", "Juventus", "interest", None)]
    assert summary(out[1]) == [("link", "Juventus", "talks", "interest")]


def test_club_names_are_compared_folded() -> None:
    out, _ = feed([link("Bayern München", "interest")], [link("bayern munchen", "interest")])
    assert out[1] == ()


def test_contract_stages_are_new_once_each_and_contradictions_keep_their_sources() -> None:
    out, state = feed(
        [contract("rejects_renewal", "Goal")],
        [contract("wants_to_stay", "Fabrizio Romano")],
        [contract("rejects_renewal", "Sky Sports")],
    )
    assert [summary(c) for c in out] == [
        [("contract", "Chelsea", "rejects_renewal", None)],
        [("contract", "Chelsea", "wants_to_stay", None)],
        [],
    ]
    assert state.contract["rejects_renewal"].sources == ("Goal", "Sky Sports")
    assert state.contract["wants_to_stay"].sources == ("Fabrizio Romano",)
    assert state.current_club == "Chelsea"


def test_a_link_to_the_club_he_plays_for_is_no_link() -> None:
    """Contract news names his club; a later "link" to it is a misreading, and stays out of his picture."""
    out, state = feed(
        [contract("expiring"), link("Real Madrid", "interest")],
        [link("Chelsea", "advanced"), link("Real Madrid", "talks")],
    )
    assert [summary(c) for c in out] == [
        [("contract", "Chelsea", "expiring", None), ("link", "Real Madrid", "interest", None)],
        [("link", "Real Madrid", "talks", "interest")],
    ]
    assert "chelsea" not in state.links


def test_the_club_he_joined_still_gathers_reports_of_the_move() -> None:
    out, state = feed(
        [link("Real Madrid", "done", "Real Madrid")],
        [link("Real Madrid", "done", "Goal")],
        [link("Real Madrid", "agreed", "Marca")],
    )
    assert [len(c) for c in out] == [1, 0, 0]
    assert state.current_club == "Real Madrid"
    assert state.links["real madrid"].witnesses.reports == 3


def test_money_alerts_on_a_new_figure_and_a_changed_amount_not_a_repeat_or_rounding() -> None:
    out, state = feed(
        [money("wage_offer", 150_000)],
        [money("wage_offer", 150_000)],
        [money("wage_offer", 151_000)],  # within 2 %: the same figure reported again
        [money("wage_offer", 180_000)],
    )
    assert [len(c) for c in out] == [1, 0, 0, 1]
    assert (out[3][0].amount, out[3][0].previous_amount) == (180_000, 150_000)
    line = state.money["wage|chelsea"]
    assert [f.amount for f in line.history] == [150_000, 180_000]


def test_money_kinds_of_one_family_share_a_history() -> None:
    out, state = feed([money("wage_offer", 150_000)], [money("wage", 150_000)], [money("wage", 175_000)])
    assert [len(c) for c in out] == [1, 0, 1]
    assert state.money["wage|chelsea"].current.kind == "wage"


def test_money_figures_for_different_clubs_or_families_are_separate() -> None:
    out, state = feed(
        [money("fee", 60_000_000, "Bayern Munich", None)],
        [money("fee", 65_000_000, "Chelsea", None)],
        [money("release_clause", 60_000_000, "Bayern Munich", None)],
    )
    assert [len(c) for c in out] == [1, 1, 1]
    assert len(state.money) == 3


def test_the_same_figure_credited_to_another_club_is_no_news() -> None:
    # "Bayern will pay €70m" then "Juventus are guaranteed to receive €70m": one figure, seen from both sides
    out, state = feed(
        [money("fee", 70_000_000, "Bayern Munich", None)],
        [money("valuation", 70_000_000, "Juventus", None)],
    )
    assert [len(c) for c in out] == [1, 0]
    assert len(state.money) == 2  # still recorded, as its club's line


def test_one_article_carries_all_its_changes_in_claim_order() -> None:
    (changes,), _ = feed([link("Real Madrid", "interest"), contract("expiring"), money("wage_demand", 200_000, None)])
    assert [c.type for c in changes] == ["link", "contract", "money"]


def test_claims_without_what_they_need_are_ignored() -> None:
    (changes,), state = feed([
        Claim("link", PLAYER, None, stage="interest"),
        Claim("link", PLAYER, "Roma", stage="rumoured"),
        Claim("money", PLAYER, "Roma", kind="fee", amount=None),
        Claim("contract", PLAYER, "Chelsea", stage=None),
    ])
    assert changes == ()
    assert state == PlayerState()


def test_the_state_stays_bounded_however_long_the_saga() -> None:
    _, state = feed(*[[link("Real Madrid", "interest", "Goal")] for _ in range(60)])
    madrid = state.links["real madrid"].witnesses
    assert madrid.reports == 60 and len(madrid.recent) < 60
    assert madrid.recent[-1].article_id == 60
    assert madrid.credits == {"Goal": 60}


def test_the_diff_does_not_modify_the_state_it_is_given() -> None:
    _, before = feed([link("Real Madrid", "interest")])
    snapshot = before.to_json()
    diff_player_state(before, [link("Real Madrid", "done")], ArticleRef(9, "X", "2021-11-01"))
    assert before.to_json() == snapshot


def test_state_survives_its_json_round_trip() -> None:
    _, state = feed(
        [link("Real Madrid", "talks", "Goal"), contract("expiring", "AS"), money("fee", 40_000_000, None, None)],
        [link("Real Madrid", "off")],
    )
    assert PlayerState.from_json(state.to_json()) == state


def test_an_unreadable_state_column_reads_as_an_empty_picture() -> None:
    assert PlayerState.from_json(None) == PlayerState()
    assert PlayerState.from_json({"links": "garbage", "money": {"x": {"history": []}}}) == PlayerState()


def test_a_contract_claim_naming_a_suitor_does_not_make_it_his_club() -> None:
    suitor_contract = Claim("contract", PLAYER, "Real Madrid", stage="wants_to_leave")
    out, state = feed([link("Real Madrid", "interest")], [suitor_contract], [link("Real Madrid", "agreed")])
    assert state.current_club is None
    assert summary(out[2]) == [("link", "Real Madrid", "agreed", "interest")]


def test_the_same_number_in_another_currency_is_a_new_figure() -> None:
    euros = Claim("money", PLAYER, None, kind="fee", amount=70_000_000, currency="EUR")
    pounds = Claim("money", PLAYER, "Chelsea", kind="valuation", amount=70_000_000, currency="GBP")
    out, _ = feed([euros], [pounds])
    assert [len(c) for c in out] == [1, 1]
