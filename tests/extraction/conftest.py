from datetime import date

import pytest

from bot.domain import Article
from bot.extraction import default_extractor


@pytest.fixture(scope="session")
def extract():
    ex = default_extractor()

    def run(text: str, published: date = date(2024, 1, 10), **kw):
        return ex.extract(Article(text=text, published=published, **kw))

    return run


def links(claims):
    return {(c.player, c.club): c.stage for c in claims if c.type == "link"}


def contracts(claims):
    return {(c.player, c.stage) for c in claims if c.type == "contract"}


def money(claims):
    return [(c.player, c.kind, c.amount, c.currency, c.per) for c in claims if c.type == "money"]
