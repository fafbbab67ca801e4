"""Matching cue phrases against word tokens in one linear pass.

Cue lists are long (hundreds of phrases); a regex alternation of all of them is slow in Python and easy to make
backtrack. Indexing phrases by their first word and walking the tokens once keeps extraction well above
1,000 articles/s. Phrase syntax is documented at the top of bot/data/cues.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

GAP = ".."
MAX_GAP = 3


@dataclass(frozen=True, slots=True)
class Hit:
    """A cue phrase found at tokens [start, end) carrying its label (e.g. a stage name)."""

    start: int
    end: int
    label: str
    phrase: str


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


class PhraseMatcher:
    """Finds labelled phrases in a token-key sequence. Construction compiles; matching allocates little."""

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._prefix_lengths: set[int] = set()
        # key -> candidate phrases, filled lazily: a pure function of the phrase list, so it cannot change results
        self._memo: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for phrase, label in phrases:
            words = tuple(phrase.lower().replace("-", " ").replace("'", " ").split())
            if not words or words[0] == GAP:
                continue
            entry = (words, label, phrase)
            first = words[0]
            if first.startswith("?"):
                # an optional first word: index the phrase both with and without it
                rest = words[1:]
                self._add(rest, label, phrase)
                words = (first[1:],) + rest
                entry = (words, label, phrase)
                first = words[0]
            self._add(words, label, phrase)

    def _add(self, words: tuple[str, ...], label: str, phrase: str) -> None:
        first = words[0]
        if first.endswith("*"):
            stem = first[:-1]
            self._prefix.setdefault(stem, []).append((words, label, phrase))
            self._prefix_lengths.add(len(stem))
        else:
            self._exact.setdefault(first, []).append((words, label, phrase))

    def _match_rest(self, words: Sequence[str], keys: Sequence[str], i: int) -> int:
        """End index if `words` match keys starting at i, else -1 (gaps and optional words tried shortest first)."""
        if not words:
            return i
        w = words[0]
        if w == GAP:
            for skip in range(0, MAX_GAP + 1):
                end = self._match_rest(words[1:], keys, i + skip)
                if end >= 0:
                    return end
            return -1
        if w.startswith("?"):
            if i < len(keys) and keys[i] == w[1:]:
                end = self._match_rest(words[1:], keys, i + 1)
                if end >= 0:
                    return end
            return self._match_rest(words[1:], keys, i)
        if i < len(keys) and _word_matches(w, keys[i]):
            return self._match_rest(words[1:], keys, i + 1)
        return -1

    def _candidates(self, key: str) -> list[tuple[tuple[str, ...], str, str]]:
        cands = list(self._exact.get(key, ()))
        for ln in self._prefix_lengths:
            if len(key) >= ln:
                cands.extend(self._prefix.get(key[:ln], ()))
        return cands

    def find(self, keys: Sequence[str]) -> list[Hit]:
        """All non-nested hits, longest phrase first at each start; a shorter hit inside a longer one is dropped."""
        hits: list[Hit] = []
        covered_until = -1
        n = len(keys)
        memo = self._memo
        for i in range(n):
            key = keys[i]
            cands = memo.get(key)
            if cands is None:
                cands = self._candidates(key)
                if len(memo) < 200_000:
                    memo[key] = cands
            if not cands:
                continue
            best: Hit | None = None
            for words, label, phrase in cands:
                end = self._match_rest(words[1:], keys, i + 1)
                if end >= 0 and (best is None or end > best.end):
                    best = Hit(i, end, label, phrase)
            if best is not None and best.end > covered_until:
                hits.append(best)
                covered_until = best.end
        return hits
