"""End-to-end behaviour on small hand-written articles."""

from datetime import date

from bot.domain import Article
from bot.extraction import default_extractor, fold_name


def _claims(text: str, **kw):
    return default_extractor().extract(Article(text=text, published=kw.pop("published", date(2024, 1, 10)), **kw))


def test_fold_name_folds_accents_and_case() -> None:
    assert fold_name("Antonio Rüdiger") == fold_name("ANTONIO RUDIGER") == "antonio rudiger"


def test_interest_link_with_source() -> None:
    claims = _claims("Arsenal are monitoring Lyon striker Pierre Dupont, according to L'Equipe.")
    links = [c for c in claims if c.type == "link"]
    assert [(c.player, c.club, c.stage) for c in links] == [("Pierre Dupont", "Arsenal", "interest")]
    assert links[0].source == "L'Equipe"
    assert links[0].evidence.startswith("Arsenal are monitoring")


def test_empty_text_gives_no_claims() -> None:
    assert _claims("") == []
