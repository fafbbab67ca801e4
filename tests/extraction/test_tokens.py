"""Token boundaries and money figures where the fast paths split: ASCII and non-ASCII text, text that starts or ends
with punctuation, and sentences mixing the currency-sign and currency-word forms of a figure."""

import random

from bot.extraction.grammar import YEAR
from bot.extraction.money import _ADDON_BEFORE, _ADDON_BEFORE_REACH, find_figures
from bot.extraction.textnorm import split_words, token_starts, word_keys


def test_words_and_the_gaps_before_them() -> None:
    assert split_words("Hello, world.") == (("Hello", "world"), ("", ", "))
    assert split_words("  (Spurs) ...") == (("Spurs",), ("  (",))
    assert split_words("") == ((), ())
    assert split_words("... !") == ((), ())


def test_non_ascii_text_splits_like_ascii_text() -> None:
    words, gaps = split_words("“Rüdiger’s €5m” – Ødegaard_2")
    assert words == ("Rüdiger", "s", "5m", "Ødegaard_2")
    assert gaps == ("“", "’", " €", "” – ")
    assert word_keys(words) == ("rudiger", "s", "5m", "odegaard_2")


def test_token_starts_point_at_the_words() -> None:
    text = "-- Bayern's  bid, again"
    words, gaps = split_words(text)
    assert [text[k:k + len(w)] for k, w in zip(token_starts(words, gaps), words)] == list(words)


def test_currency_word_and_sign_figures_in_one_sentence() -> None:
    figs = find_figures("They offered 60m euros, then €70m, and later 80 million pounds plus €5m in add-ons")
    assert [(f.amount, f.currency) for f in figs] == [(60e6, "EUR"), (70e6, "EUR"), (80e6, "GBP")]
    # a sign figure followed by a currency word is one figure, read from the sign
    assert [(f.amount, f.currency) for f in find_figures("a fee of €5m euros")] == [(5e6, "EUR")]


def test_a_breakdown_drops_the_parts_only_after_it() -> None:
    figs = find_figures("€10m was paid up front; a fee of €90m is made up of €70m cash and €20m later")
    assert [f.amount for f in figs] == [10e6, 90e6]


def test_years_are_whole_four_digit_words_from_1950() -> None:
    found = {text: (m.group() if (m := YEAR.search(text)) else None) for text in
             ["joined in 2019.", "1949 and 1950", "20199", "a1999", "_2019", "2019_", "é2020", "10,2021", "12 2099",
              "1899", "2100", "1960s"]}
    assert found == {"joined in 2019.": "2019", "1949 and 1950": "1950", "20199": None, "a1999": None, "_2019": None,
                     "2019_": None, "é2020": None, "10,2021": "2021", "12 2099": "2099", "1899": None, "2100": None,
                     "1960s": None}


def test_add_on_words_are_looked_for_only_within_their_reach() -> None:
    """Searching the text before a figure from `_ADDON_BEFORE_REACH` characters before its end finds what searching
    all of it finds (this fails if a longer add-on phrase is added without raising the reach)."""
    parts = ["plus", "+", "rising to", "rise to", "could reach", "could reach the amount of", "could rise to",
             "an extra", "a further", "that additional", "another further", "with add-ons of", "surplus", "£5m", "x",
             " ", "  ", "\n", "\u2003", "é", "PLUS", "of", "_"]
    rng = random.Random(5)
    for _ in range(20_000):
        text = "".join(rng.choice(parts) + rng.choice(["", " "]) for _ in range(rng.randint(0, 8)))[-40:]
        start = max(0, len(text.rstrip()) - _ADDON_BEFORE_REACH)
        assert (_ADDON_BEFORE.search(text, start) is None) == (_ADDON_BEFORE.search(text) is None), text
    longest = "could reach the amount of"
    assert len(longest) <= _ADDON_BEFORE_REACH and _ADDON_BEFORE.search("a fee that could reach the amount of ")
