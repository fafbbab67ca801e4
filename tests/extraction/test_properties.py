"""Robustness: any text, empty text and a megabyte of text extract without error and deterministically."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import Article
from bot.extraction import default_extractor


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=40)))
def test_any_unicode_text(text: str, title) -> None:
    ex = default_extractor()
    art = Article(text=text, title=title, published=date(2023, 5, 1))
    first = ex.extract(art)
    assert ex.extract(art) == first


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["Chelsea", "Real Madrid", "bid", "£", "€5m", "(", ")", "Paris Saint-Germain",
                                 "John Smith", "agreed", "he", "the Blues", ".", "\n", "according to", "-a-week",
                                 "de", "Ligt", "2019", "talks", ",", "'s", "Spurs"]), max_size=80))
def test_transfer_like_word_salad(words: list[str]) -> None:
    ex = default_extractor()
    art = Article(text=" ".join(words), published=date(2023, 5, 1))
    assert ex.extract(art) == ex.extract(art)


def test_empty_text() -> None:
    assert default_extractor().extract(Article(text="")) == []


def test_one_megabyte_extracts_and_is_stable() -> None:
    para = ("Arsenal are monitoring Leon Varga, according to Sky Sports, and could offer €50m (£43m) "
            "plus add-ons ((((( ££££ €€€€ 1,000,000,000 ))))) ")
    text = (para * (1_000_000 // len(para) + 1))[:1_000_000]
    ex = default_extractor()
    first = ex.extract(Article(text=text))
    assert first and ex.extract(Article(text=text)) == first
    one_line = "x" * 1_000_000
    assert ex.extract(Article(text=one_line)) == []
