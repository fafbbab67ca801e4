"""Text normalisation shared by every extraction module: folding, tokens, sentences.

Everything that compares names (clubs, players, cue phrases) goes through `fold`, so that "Rüdiger", "Rudiger" and
"RUDIGER" meet in one form, and every module sees the same token boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple
from functools import lru_cache

_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l",
                          "Ł": "l", "’": "'", "‘": "'", "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
TOKEN_RE = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Casefold and strip diacritics ("Rüdiger" -> "rudiger"), Turkish dotless i and Nordic letters included."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().translate(_SPECIAL)


def fold_name(name: str) -> str:
    """A player's identity key: accents, case and punctuation folded ("Matthijs de Ligt" == "MATTHIJS DE LIGT").

    Other layers (player identity, alerts) use it to tell whether two claims are about the same person.
    """
    return _NON_WORD.sub(" ", fold(name).replace("&", " and ")).strip()


class Token(NamedTuple):
    """A word of the original text with its folded form and character span (so evidence can quote the original).

    A NamedTuple rather than a dataclass: tokens are made by the million and tuples are the cheapest immutable
    objects Python builds.
    """

    text: str
    key: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """Word tokens (letters/digits runs) with folded keys; apostrophes and hyphens split words."""
    return [Token(word, _key(word), m.start(), m.end()) for m in TOKEN_RE.finditer(text) for word in (m.group(),)]


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    key = fold(word)
    if not key.isascii():
        key = _NON_WORD.sub("", key) or key
    return key
