"""Claim extraction: article text -> link / contract / money claims (see shared/eval/SCHEMA.md).

Public API: `Extractor`, `default_extractor()`, `load_knowledge()`, `Knowledge`, and `fold_name()` for player
identity elsewhere in the bot.
"""

from bot.extraction.extractor import Extractor, default_extractor
from bot.extraction.knowledge import Knowledge, load_knowledge
from bot.extraction.textnorm import fold_name

__all__ = ["Extractor", "Knowledge", "default_extractor", "fold_name", "load_knowledge"]
