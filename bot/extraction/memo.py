"""A bounded memo table that is read at C speed: `map(table.__getitem__, items)` over the words of a sentence.

Extraction looks every word and every gap of every sentence up in a few derived tables (folded keys, clause breaks,
cue phrase candidates). An `lru_cache` call costs more per item than a dict lookup (it builds an argument tuple and
reorders its recency list), and `dict.get` followed by a fill loop needs a second pass to find the misses. A dict
whose `__missing__` computes the value is read by `dict.__getitem__` in C and computes only what it has not seen.
"""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict, Generic[K, V]):  # type: ignore[type-arg]
    """key -> compute(key), computed on first sight and kept; emptied when it reaches `limit` entries, so that
    random text cannot grow it without bound. `compute` must be a pure function."""

    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self._limit:
            self.clear()
        value = self[key] = self._compute(key)
        return value
