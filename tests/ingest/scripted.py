"""A stand-in for the claim extractor (another module's job): claims scripted per article text.

Ingest tests use it so that what they check — storage, identity, diff, outbox — does not move when extraction
improves; the end-to-end tests use the real extractor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain import Article, Claim


class ScriptedExtractor:
    def __init__(self, script: Mapping[str, Sequence[Claim]]) -> None:
        self.script = script

    def extract(self, article: Article) -> list[Claim]:
        return list(self.script.get(article.text, ()))
