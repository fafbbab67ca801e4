"""How contract news is worded: a deal running down, a wish to leave told indirectly, renewal talks that broke
down, a club's hope that is no negotiation, and a conditional that reports nothing. Sentences written for these
tests, about fictional players."""

import pytest

from tests.extraction.conftest import contracts


# ---- a deal running down, counted in seasons left
def test_a_single_season_left_is_a_deal_running_out(extract) -> None:
    claims = extract("Rennes defender Yannick Duperret is wanted in Italy.\n\n"
                     "Duperret has only a year left on his deal, so Rennes must decide soon.")
    assert ("Yannick Duperret", "expiring") in contracts(claims)


def test_two_seasons_left_is_no_deal_running_out(extract) -> None:
    claims = extract("Rennes defender Yannick Duperret is wanted in Italy.\n\n"
                     "Duperret has two years left on his deal, so Rennes are in no hurry.")
    assert ("Yannick Duperret", "expiring") not in contracts(claims)


# ---- wishes to leave, told in the past tense or by a request
def test_wish_to_leave_told_in_the_past_tense(extract) -> None:
    claims = extract("Porto midfielder Tiago Mendonca has completed his move to Lyon.\n\n"
                     "Porto accepted the offer because Mendonca had made it plain that he wanted to leave.")
    assert ("Tiago Mendonca", "wants_to_leave") in contracts(claims)


def test_plea_to_be_let_go_is_a_wish_to_leave(extract) -> None:
    claims = extract("Ajax winger Bram Kuijpers is wanted by Newcastle United.\n\n"
                     "Kuijpers has begged Ajax to let him leave before the window shuts.")
    assert ("Bram Kuijpers", "wants_to_leave") in contracts(claims)


def test_searching_for_a_new_challenge_is_a_wish_to_leave(extract) -> None:
    claims = extract("Everton striker Callum Rydell is looking for a new challenge after six seasons.")
    assert ("Callum Rydell", "wants_to_leave") in contracts(claims)


def test_a_club_offering_a_new_challenge_is_no_wish_of_his(extract) -> None:
    claims = extract("Callum Rydell said: \"Newcastle United will give me an exciting new challenge.\"")
    assert ("Callum Rydell", "wants_to_leave") not in contracts(claims)


# ---- a refusal told as what he will not do
def test_will_not_sign_an_extension_is_a_rejection(extract) -> None:
    claims = extract("Wolves forward Dario Pellegrini has told the club he will not sign a contract extension.")
    assert ("Dario Pellegrini", "rejects_renewal") in contracts(claims)


# ---- renewal talks that broke down
def test_renewal_talks_that_collapsed_are_a_rejection(extract) -> None:
    claims = extract("Lazio playmaker Enrico Valsecchi is attracting interest from England.\n\n"
                     "Valsecchi's talks over a contract extension with Lazio have stalled.")
    got = contracts(claims)
    assert ("Enrico Valsecchi", "rejects_renewal") in got
    assert ("Enrico Valsecchi", "renewal_talks") not in got


def test_renewal_talks_going_on_stay_talks(extract) -> None:
    claims = extract("Lazio playmaker Enrico Valsecchi is in talks over a contract extension with Lazio.")
    assert contracts(claims) == {("Enrico Valsecchi", "renewal_talks")}


# ---- a club's hope is no negotiation
def test_club_hoping_to_tie_him_down_is_no_talks(extract) -> None:
    claims = extract("Sevilla hope to tie Ruben Castellano down to a new deal before the summer.")
    assert ("Ruben Castellano", "renewal_talks") not in contracts(claims)


def test_club_planning_an_offer_has_made_none(extract) -> None:
    claims = extract("Sevilla defender Ruben Castellano is wanted by Roma.\n\n"
                     "Sevilla are planning to offer him a new contract in the spring.")
    assert ("Ruben Castellano", "renewal_offer") not in contracts(claims)


# ---- a condition reports nothing
def test_refusal_under_if_is_no_rejection(extract) -> None:
    claims = extract("Feyenoord could sell Lars Oosterhuis this summer if he refuses to extend his deal.")
    assert ("Lars Oosterhuis", "rejects_renewal") not in contracts(claims)


def test_wish_to_leave_under_if_is_no_wish(extract) -> None:
    claims = extract("Feyenoord chairman Pieter Hoogland on Lars Oosterhuis: \"If the player wants to leave and a "
                     "club pays, we cannot stop him.\"")
    assert ("Lars Oosterhuis", "wants_to_leave") not in contracts(claims)


# ---- a list of players whose deals run out
def test_every_player_of_a_list_shares_its_contract_news(extract) -> None:
    claims = extract("Leeds United are short at the back.\n\n"
                     "With Tom Ashby, Lee Carver and Rui Pinho all out of contract in June, Leeds United need "
                     "defenders.")
    got = contracts(claims)
    assert {("Tom Ashby", "expiring"), ("Lee Carver", "expiring"), ("Rui Pinho", "expiring")} <= got


# ---- an offer of a new deal, made, not promised, and not any club's contract
_CASTELLANO = "Sevilla defender Ruben Castellano is wanted by Roma.\n\n"


def test_club_offering_a_new_contract_is_a_renewal_offer(extract) -> None:
    claims = extract(_CASTELLANO + "Sevilla have offered him a new contract in response.")
    assert ("Ruben Castellano", "renewal_offer") in contracts(claims)


def test_a_contract_offered_with_no_word_of_renewal_is_no_renewal_offer(extract) -> None:
    claims = extract(_CASTELLANO + "He has been offered a four-year contract worth €3m a year.")
    assert ("Ruben Castellano", "renewal_offer") not in contracts(claims)


def test_an_offer_still_to_come_is_no_renewal_offer(extract) -> None:
    claims = extract(_CASTELLANO + "He will be offered a new contract when the season ends.")
    assert ("Ruben Castellano", "renewal_offer") not in contracts(claims)


# ---- the everyday wording of each contract stage
_ALCARAZ = "Getafe winger Hugo Alcaraz is wanted by Villarreal.\n\n"


@pytest.mark.parametrize("sentence, stage", [
    ("His deal runs until 2025, so Getafe must decide.", "expiring"),
    ("Alcaraz could walk away for nothing next summer.", "expiring"),
    ("He has rejected the offer of a new deal.", "rejects_renewal"),
    ("There is still no agreement on a new deal.", "rejects_renewal"),
    ("Alcaraz has refused to commit his future to Getafe.", "rejects_renewal"),
    ("Getafe have offered Alcaraz fresh terms.", "renewal_offer"),
    ("Alcaraz has signed fresh terms with Getafe.", "renewed"),
    ("Alcaraz has no plans to leave Getafe.", "wants_to_stay"),
    ("Alcaraz's agent has asked Getafe to let him go.", "wants_to_leave"),
    ("Alcaraz has demanded a move away.", "wants_to_leave"),
])
def test_everyday_contract_wording(extract, sentence: str, stage: str) -> None:
    assert ("Hugo Alcaraz", stage) in contracts(extract(_ALCARAZ + sentence))


def test_a_deal_ending_years_away_is_not_running_out(extract) -> None:
    assert ("Hugo Alcaraz", "expiring") not in contracts(extract(_ALCARAZ + "His deal runs until 2028."))


def test_a_transfer_bid_rejected_is_no_rejected_renewal(extract) -> None:
    claims = extract(_ALCARAZ + "Getafe rejected Villarreal's offer of €20m last week.")
    assert ("Hugo Alcaraz", "rejects_renewal") not in contracts(claims)
