"""Matching cue phrases against word tokens in one linear pass.

Cue lists are long (hundreds of phrases); a regex alternation of all of them is slow in Python and easy to make
backtrack. Indexing phrases by their first word and walking the tokens once keeps extraction well above
1,000 articles/s. Phrase syntax is documented at the top of bot/data/cues.toml.
"""

from __future__ import annotations

from itertools import compress
from typing import Iterable, NamedTuple, Sequence

from bot.extraction.memo import Memo

GAP = ".."
MAX_GAP = 3


class Hit(NamedTuple):
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
    """Finds labelled phrases in a token-key sequence. Construction compiles; matching allocates little.

    Phrases may belong to groups (link stages, contract stages, filters...): `find_groups` reads a sentence once for
    all of them, and hits only shadow shorter hits of their own group.
    """

    def __init__(self, phrases: Iterable[tuple[str, str]] = (), group: str = "") -> None:
        self._exact: dict[str, list[_Entry]] = {}
        self._prefix: dict[str, list[_Entry]] = {}
        self._prefix_lengths: set[int] = set()
        # key -> candidate phrases, filled lazily: a pure function of the phrase list, so it cannot change results
        self._memo: Memo[str, _Candidates | tuple[()]] = Memo(self._candidates, 200_000)
        self._count = 0
        self.add(phrases, group)

    def add(self, phrases: Iterable[tuple[str, str]], group: str = "") -> None:
        """Add labelled phrases to `group`."""
        self._memo.clear()
        for phrase, label in phrases:
            words = tuple(phrase.lower().replace("-", " ").replace("'", " ").split())
            if not words or words[0] == GAP:
                continue
            first = words[0]
            if first.startswith("?"):
                # an optional first word: index the phrase both with and without it
                self._add(words[1:], label, phrase, group)
                words = (first[1:],) + words[1:]
            self._add(words, label, phrase, group)

    def _add(self, words: tuple[str, ...], label: str, phrase: str, group: str) -> None:
        rest = words[1:]
        plain = not any(w == GAP or w.startswith("?") or w.endswith("*") for w in rest)
        if not plain and rest[0] == GAP and not any(w == GAP or w.startswith("?") or w.endswith("*")
                                                    for w in rest[1:]):
            # "made .. bid": a gap then plain words, matched by trying each gap width (no recursion)
            entry = _Entry(rest[1:], False, -len(rest[1:]), label, phrase, group, self._count)
        else:
            entry = _Entry(rest, plain, len(rest), label, phrase, group, self._count)
        self._count += 1
        first = words[0]
        if first.endswith("*"):
            stem = first[:-1]
            self._prefix.setdefault(stem, []).append(entry)
            self._prefix_lengths.add(len(stem))
        else:
            self._exact.setdefault(first, []).append(entry)

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

    def _candidates(self, key: str) -> _Candidates | tuple[()]:
        """Phrases that can start with `key`, split three ways so that a common first word such as "in" or "to"
        costs a dict lookup or two, not a scan: those needing a look at any next word, plain phrases indexed by
        their second word, and gap phrases ("made .. bid") indexed by the first word after the gap."""
        cands = list(self._exact.get(key, ()))
        for ln in self._prefix_lengths:
            if len(key) >= ln:
                cands.extend(self._prefix.get(key[:ln], ()))
        if not cands:
            return ()  # falsy: nothing starts here
        general: list[_Entry] = []
        by_second: dict[str, list[_Entry]] = {}
        gapped: dict[str, list[_Entry]] = {}
        for e in cands:
            if e.plain and e.length:
                by_second.setdefault(e.rest[0], []).append(e)
            elif e.length < 0:
                gapped.setdefault(e.rest[0], []).append(e)
            else:
                general.append(e)
        return general, by_second, gapped

    def find(self, keys: Sequence[str]) -> list[Hit]:
        """All non-nested hits, longest phrase first at each start; a shorter hit inside a longer one is dropped."""
        return [h for hs in self.find_groups(keys).values() for h in hs]

    def find_groups(self, keys: Sequence[str]) -> dict[str, list[Hit]]:
        """Hits per group, in order; within a group a shorter hit inside a longer one is dropped."""
        keys = tuple(keys)
        out: dict[str, list[Hit]] = {}
        covered: dict[str, int] = {}
        n = len(keys)
        memo = self._memo
        found = list(map(memo.__getitem__, keys))
        nexts = keys[1:] + ("",)  # the word after each word ("" after the last: no phrase word is empty)
        for i in compress(range(n), found):
            general, by_second, gapped = found[i]
            more = by_second.get(nexts[i])
            if more:
                cands = general + more if general else more
            elif general:
                cands = general
            elif gapped:
                cands = ()
            else:
                continue  # "the", "to": only longer phrases start here, and the next word rules them all out
            best: dict[str, tuple[int, int, str, str]] = {}
            if len(cands) == 1 and not gapped:
                rest, plain, length, label, phrase, group, order = cands[0]
                if plain and not length:  # a one-word phrase: the commonest case, no matching to do
                    if i + 1 > covered.get(group, -1):
                        out.setdefault(group, []).append(_new(Hit, (i, i + 1, label, phrase)))
                        covered[group] = i + 1
                    continue
            for rest, plain, length, label, phrase, group, order in cands:
                if plain:
                    end = i + 1 + length
                    if length and (end > n or keys[i + 1:end] != rest):
                        continue
                else:
                    end = self._match_rest(rest, keys, i + 1)
                    if end < 0:
                        continue
                old = best.get(group)
                # the longest phrase wins; between equals, the one listed first
                if old is None or end > old[0] or (end == old[0] and order < old[1]):
                    best[group] = (end, order, label, phrase)
            if gapped:
                self._match_gapped(gapped, keys, i, best)
            for group, (end, _, label, phrase) in best.items():
                hit = _new(Hit, (i, end, label, phrase))
                if hit.end > covered.get(group, -1):
                    out.setdefault(group, []).append(hit)
                    covered[group] = hit.end
        return out

    @staticmethod
    def _match_gapped(gapped: dict[str, list[_Entry]], keys: tuple[str, ...], i: int,
                      best: dict[str, tuple[int, int, str, str]]) -> None:
        """Gap phrases starting at word i ("made .. bid": 0..MAX_GAP words, then the rest) into `best`. Each phrase
        takes the narrowest gap it fits; only words that begin some phrase's rest are looked at."""
        matched: set[int] = set()
        for start in range(i + 1, min(i + 2 + MAX_GAP, len(keys))):
            for rest, _, length, label, phrase, group, order in gapped.get(keys[start], ()):
                end = start - length
                if order in matched or keys[start:end] != rest:
                    continue
                matched.add(order)
                old = best.get(group)
                if old is None or end > old[0] or (end == old[0] and order < old[1]):
                    best[group] = (end, order, label, phrase)


#: Builds a NamedTuple from a tuple in C: `Hit(...)` goes through a generated Python `__new__`, and hits are made
#: by the thousand.
_new = tuple.__new__


class _Entry(NamedTuple):
    """A phrase indexed by its first word. `rest` is what must follow it: plain words (`plain`, `length` of them),
    a gap then plain words (`length` is minus their count), or anything else, matched by `_match_rest`."""

    rest: tuple[str, ...]
    plain: bool
    length: int
    label: str
    phrase: str
    group: str
    order: int


#: What may start at a word: (phrases needing any look at the next words, plain phrases by their second word, gap
#: phrases by the first word after the gap)
_Candidates = tuple[list[_Entry], dict[str, list[_Entry]], dict[str, list[_Entry]]]
