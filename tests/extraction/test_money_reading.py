"""Money read in context: what kind of sum a figure is, which sums are the player's, one claim per sum.

Sentences written for these tests; the players are fictional.
"""

from __future__ import annotations

from bot.extraction.money import find_figures
from tests.extraction.conftest import money


def test_one_sum_told_as_a_bid_and_as_a_worth_is_one_claim(extract) -> None:
    claims = extract("Hull have turned down an opening bid of £30m for Ezra Lowe.\n\n"
                     "Everyone at the club knows he is worth more than £30m.")
    assert [(k, a) for _, k, a, _, _ in money(claims)] == [("fee", 30_000_000)]


def test_a_price_still_to_be_paid_is_no_price_history(extract) -> None:
    claims = extract("Ezra Lowe will cost Hull at least £40m.")
    assert [(k, a) for _, k, a, _, _ in money(claims)] == [("fee", 40_000_000)]
    claims = extract("Hull will only sell Ezra Lowe if his £50m release clause is paid in full.")
    assert [(k, a) for _, k, a, _, _ in money(claims)] == [("release_clause", 50_000_000)]
    # what a club paid in the past stays price history
    assert money(extract("Hull are tracking Ezra Lowe, for whom his club paid £12m.")) == []


def test_differences_and_shares_of_a_sum_are_no_sums() -> None:
    assert [f.amount for f in find_figures("Hull want £10m more for him")] == []
    assert [f.amount for f in find_figures("they want £10m more than the bid")] == [10_000_000]
    assert [f.amount for f in find_figures("he asks for a rise of around £2m in his salary")] == []
    assert [f.amount for f in find_figures("a £70m offer, with £15m of that going to his first club")] == [
        70_000_000]
    assert [f.amount for f in find_figures("£40m up front with £8m worth of add-ons")] == [40_000_000]


def test_a_clause_word_belongs_to_its_own_figure(extract) -> None:
    # the subject of a copula whose complement is the figure, however long the subject
    claims = extract("The buyout clause that Hull wrote into the new contract of Ezra Lowe is £75m.")
    assert [(k, a) for _, k, a, _, _ in money(claims)] == [("release_clause", 75_000_000)]
    # a clause named for one figure does not make the next figure, in another noun phrase, a clause
    claims = extract("Wolves would pay Ezra Lowe's £75m release clause, while a £20m deal for Hull is close.")
    assert sorted((k, a) for _, k, a, _, _ in money(claims)) == [("fee", 20_000_000),
                                                                  ("release_clause", 75_000_000)]
    claims = extract("Hull cannot stop Ezra Lowe if Wolves pay the £75m release fee.")
    assert [(k, a) for _, k, a, _, _ in money(claims)] == [("release_clause", 75_000_000)]


def test_another_countrys_dollars_are_no_second_claim() -> None:
    figs = find_figures("a £40m (S$70m) bid for him")
    assert [(f.amount, f.currency) for f in figs] == [(40_000_000, "GBP")]
    assert [(f.amount, f.currency) for f in find_figures("a US$30m offer")] == [(30_000_000, "USD")]


def test_a_stadium_named_is_no_stadium_money(extract) -> None:
    claims = extract("Wolves have made a £30m bid for Ezra Lowe, who wants to play at the Molineux Stadium.")
    assert [(k, a) for _, k, a, _, _ in money(claims)] == [("fee", 30_000_000)]
    # money for a stadium is still no transfer money
    assert money(extract("Wolves are tracking Ezra Lowe while spending £30m on their stadium.")) == []


def test_worth_after_a_bid_noun_phrase_is_the_bids_fee(extract) -> None:
    claims = extract("Hull have turned down an opening bid for Ezra Lowe worth £30m from Wolves.")
    assert [(c.kind, c.club, c.amount) for c in claims if c.type == "money"] == [("fee", "Wolverhampton Wanderers",
                                                                                   30_000_000)]


def test_asking_prices_are_valuations(extract) -> None:
    claims = extract("Hull are looking for £30m for Ezra Lowe.")
    assert [k for _, k, _, _, _ in money(claims)] == ["valuation"]
    claims = extract("Hull have put a £45m price tag on Ezra Lowe.")
    assert [k for _, k, _, _, _ in money(claims)] == ["valuation"]
