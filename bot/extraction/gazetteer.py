"""Club recognition: map surface forms ("Spurs", "Los Blancos", "Stamford Bridge") onto common English club names.

The data is bot/data/clubs.json, built by `python -m bot.extraction.build_gazetteer` from openfootball (CC0).
Ambiguous aliases ("the Blues", "United", "Madrid") keep all their candidates; the extractor resolves them against
clubs named plainly elsewhere in the article, since a lone nickname is too weak to alert on.
"""

from __future__ import annotations

import json
from itertools import compress
from pathlib import Path
from typing import NamedTuple, Sequence


MAX_ALIAS_WORDS = 6


class ClubMention(NamedTuple):
    """Tokens [start, end) of a sentence naming a club; `candidates` in preference order."""

    start: int
    end: int
    candidates: tuple[str, ...]
    ambiguous: bool


class Gazetteer:
    """Alias -> club lookup over token sequences (longest alias wins)."""

    def __init__(self, clubs: Sequence[str], aliases: dict[str, tuple[bool, tuple[str, ...]]],
                 countries: dict[str, str] | None = None) -> None:
        self.clubs = tuple(clubs)
        #: club name -> country code (eng, es, de, ...), for "the Spanish club"
        self.country = dict(countries or {})
        self._aliases = aliases
        self._starts = {key.split(" ", 1)[0] for key in aliases}
        #: first words of aliases written with a digit ("1860 munich"): the only starts that need no capital
        self._digit_starts = frozenset(k for k in self._starts if k[:1].isdigit())
        # every word-prefix of a longer alias ("real", "real club", ...): extending a match stops as soon as the
        # words so far begin no alias, instead of trying six words after every "Chelsea"
        self._open = {" ".join(key.split(" ")[:k]) for key in aliases for k in range(1, key.count(" ") + 1)}
        self._by_name = {name.lower(): name for name in clubs}

    @classmethod
    def from_json(cls, path: Path) -> "Gazetteer":
        data = json.loads(path.read_text(encoding="utf-8"))
        names = [row[0] for row in data["clubs"]]
        aliases = {key: (bool(amb), tuple(dict.fromkeys(names[i] for i in idx)))
                   for key, (amb, idx) in data["aliases"].items()}
        countries = {row[0]: row[1] for row in data["clubs"] if len(row) > 1}
        return cls(names, aliases, countries)

    def lookup(self, alias: str) -> tuple[bool, tuple[str, ...]] | None:
        """Candidates for an already folded alias ("man utd"), or None."""
        return self._aliases.get(alias)

    def find(self, words: Sequence[str], keys: Sequence[str], gaps: Sequence[str],
             caps: Sequence[bool] | None = None) -> list[ClubMention]:
        """Club mentions in a sentence. Only capitalised starts count: "the city" or "a real chance" are not clubs.

        `caps` (whether each word is capitalised) lets the scan skip lower-case words without looking at them.
        """
        out: list[ClubMention] = []
        n = len(keys)
        starts, aliases, opened = self._starts, self._aliases, self._open
        free_from = 0
        if caps is None:
            caps = [w[:1].isupper() for w in words]
        if self._digit_starts.isdisjoint(keys):
            # only capitalised words can start a mention: a third of the words, so test those rather than all
            at = [i for i in compress(range(n), caps) if keys[i] in starts]
        else:
            at = compress(range(n), map(starts.__contains__, keys))
        for i in at:
            if i < free_from or not (caps[i] or keys[i][0].isdigit()):
                continue  # inside the previous mention, or lower case ("the city", "a real chance")
            key = keys[i]
            best = None
            j = i + 1
            if key in aliases:
                best = (j, aliases[key])
            while j < n and j - i < MAX_ALIAS_WORDS and key in opened:
                # alias words must be adjacent in the text (allowing one space, hyphen, dot or "&")
                if len(gaps[j]) > 3:
                    break
                key = key + " " + keys[j]
                j += 1
                hit = aliases.get(key)
                if hit is not None:
                    best = (j, hit)
            if best is not None:
                end, (amb, cands) = best
                if end - i == 1 and not caps[i]:
                    continue
                out.append(tuple.__new__(ClubMention, (i, end, cands, amb)))  # built in C: many per article
                free_from = end
        return out
