"""Money read in context: what kind of sum a figure is, which sums are the player's, one claim per sum.

Sentences written for these tests; the players are fictional.
"""

from __future__ import annotations

from tests.extraction.conftest import money


def test_one_sum_told_as_a_bid_and_as_a_worth_is_one_claim(extract) -> None:
    claims = extract("Hull have turned down an opening bid of £30m for Ezra Lowe.\n\n"
                     "Everyone at the club knows he is worth more than £30m.")
    assert [(k, a) for _, k, a, _, _ in money(claims)] == [("fee", 30_000_000)]
