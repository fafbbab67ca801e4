"""Text normalisation shared by every extraction module: folding, tokens, sentences.

Everything that compares names (clubs, players, cue phrases) goes through `fold`, so that "Rüdiger", "Rudiger" and
"RUDIGER" meet in one form, and every module sees the same token boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate, chain
from operator import add

from bot.extraction.memo import Memo

_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l",
                          "Ł": "l", "’": "'", "‘": "'", "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Casefold and strip diacritics ("Rüdiger" -> "rudiger"), Turkish dotless i and Nordic letters included."""
    if text.isascii():
        return text.lower()  # nothing to decompose or translate: what the steps below come to for ASCII, at once
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().translate(_SPECIAL)


@lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """A player's identity key: accents, case and punctuation folded ("Matthijs de Ligt" == "MATTHIJS DE LIGT").

    Other layers (player identity, alerts) use it to tell whether two claims are about the same person.
    """
    return _NON_WORD.sub(" ", fold(name).replace("&", " and ")).strip()


#: Split text into alternating word runs and the gaps between them (a captured split keeps the gaps). For ASCII
#: text `\W` is exactly `[^A-Za-z0-9_]`, and a character set is tested from a table where `\W` asks the Unicode
#: database about every character.
_GAP_SPLIT = re.compile(r"(\W+)", re.UNICODE)
_ASCII_GAP_SPLIT = re.compile(r"([^A-Za-z0-9_]+)")


def split_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Word runs (letters/digits) and, for each, the text between it and the previous word (gaps[0]: leading text).

    Plain tuples of strings rather than token objects: one C-level `re.split` per sentence and no per-token object
    is what keeps extraction above 1,000 articles/s. A captured split rather than a word-then-gap `findall`: it
    returns one flat list (words at even places, gaps at odd ones) that slicing turns into the two tuples, where
    `findall` builds a pair per word that then has to be unzipped. Offsets, when a caller needs them, follow from
    the lengths (`token_starts`). The pattern never backtracks, so long runs of punctuation stay linear.
    """
    parts = (_ASCII_GAP_SPLIT if text.isascii() else _GAP_SPLIT).split(text)
    # parts = [word?, gap, word, gap, ..., word?]: empty at an end where the text starts or ends with a gap
    stop = len(parts) if parts[-1] else len(parts) - 2
    if parts[0]:
        return tuple(parts[0:stop:2]), ("",) + tuple(parts[1:stop:2])
    return tuple(parts[2:stop:2]), tuple(parts[1:stop:2])


def word_keys(words: tuple[str, ...]) -> tuple[str, ...]:
    """Folded comparison keys of words ("Rüdiger" -> "rudiger")."""
    return tuple(map(_KEYS.__getitem__, words))


def token_starts(words: tuple[str, ...], gaps: tuple[str, ...]) -> list[int]:
    """Character offset of each word in the text it was split from (ascending)."""
    # start[k] = len(gaps[0..k]) + len(words[0..k-1]), summed with C-level maps
    return list(accumulate(map(add, map(len, gaps), chain((0,), map(len, words[:-1])))))


def tokenize(text: str) -> list[str]:
    """Folded word keys of a text (apostrophes and hyphens split words), e.g. for building alias keys."""
    return list(word_keys(split_words(text)[0]))


def _key(word: str) -> str:
    key = fold(word)
    if not key.isascii():
        key = _NON_WORD.sub("", key) or key
    return key


#: word -> its folded key (`_key`), for every word of every sentence
_KEYS: Memo[str, str] = Memo(_key, 65_536)
