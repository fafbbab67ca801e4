"""Recognising players: capitalised name runs that are not clubs, places, competitions or non-playing people.

There is no player list: names are read from the text, then grouped into people (a full name and its later
surname-only mentions, with or without accents). Managers, presidents, agents and journalists are recognised by
the role word in front of them ("president Florentino Perez", "Blues boss ...") or a "'s side" behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from bot.extraction.gazetteer import ClubMention
from bot.extraction.textnorm import Token


@dataclass(frozen=True, slots=True)
class NameMention:
    """Tokens [start, end) of sentence `sentence` that name a person."""

    sentence: int
    start: int
    end: int
    keys: tuple[str, ...]
    text: str


@dataclass
class Person:
    """A person of one article: display name (first full form seen), surname key, mentions, and whether a player."""

    name: str
    keys: tuple[str, ...]
    mentions: list[NameMention] = field(default_factory=list)
    non_player: bool = False

    @property
    def surname(self) -> str:
        return self.keys[-1]


class NameFinder:
    """Finds person-name runs in tokenised sentences, using the word lists of bot/data/people.toml."""

    def __init__(self, not_names: Iterable[str], roles: Iterable[str], particles: Iterable[str]) -> None:
        self._not_names = frozenset(not_names)
        self._particles = frozenset(particles)
        self._roles = frozenset(r.split()[-1] for r in roles)
        self._not_names_strict = frozenset()

    def find(self, index: int, text: str, tokens: Sequence[Token], clubs: Sequence[ClubMention]) -> list[NameMention]:
        """Name mentions of one sentence (club spans excluded)."""
        if len(tokens) >= 6 and sum(1 for t in tokens if t.text[:1].isupper()) > 0.7 * len(tokens):
            return []  # a Title Case Headline: every word looks like a name
        in_club = set()
        for c in clubs:
            in_club.update(range(c.start, c.end))
        out: list[NameMention] = []
        n = len(tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            if i in in_club or not self._can_be_name(tok):
                i += 1
                continue
            j = i + 1
            while j < n and j not in in_club and tokens[j].start - tokens[j - 1].end <= 1 \
                    and text[tokens[j - 1].end:tokens[j].start] in (" ", "-", ""):
                t = tokens[j]
                if self._can_be_name(t):
                    j += 1
                elif t.key in self._particles and j + 1 < n and tokens[j + 1].text[:1].isupper() \
                        and j + 1 not in in_club:
                    j += 1
                else:
                    break
            run = list(range(i, j))
            # a lower-case particle right before the run belongs to it ("... de Ligt")
            while run and tokens[run[0]].key in self._not_names:
                run.pop(0)
            while run and (tokens[run[-1]].key in self._not_names or tokens[run[-1]].key in self._particles):
                run.pop()
            if run:
                start, end = run[0], run[-1] + 1
                if start > 0 and tokens[start - 1].key in self._particles and not tokens[start - 1].capitalised \
                        and tokens[start].start - tokens[start - 1].end == 1:
                    start -= 1
                keys = tuple(tokens[k].key for k in range(start, end))
                if len(keys) <= 4 and not any(k in self._not_names for k in keys if k not in self._particles):
                    out.append(NameMention(index, start, end, keys, text[tokens[start].start:tokens[end - 1].end]))
            i = max(j, i + 1)
        return out

    def _can_be_name(self, tok: Token) -> bool:
        t = tok.text
        return t[:1].isupper() and len(t) > 1 and not t.isupper() and tok.key not in self._not_names_strict

    def is_role(self, key: str) -> bool:
        return key in self._roles


def group_people(mentions: Sequence[NameMention], particles: frozenset[str]) -> list[Person]:
    """Group mentions into people: full names first, then surname-only (or particle + surname) mentions onto them."""
    people: list[Person] = []
    by_surname: dict[str, Person] = {}
    singles: list[NameMention] = []
    for m in mentions:
        if len(m.keys) >= 2 and not all(k in particles for k in m.keys[:-1]):
            person = by_surname.get(m.keys[-1])
            if person is None:
                person = Person(m.text, m.keys)
                people.append(person)
                by_surname[m.keys[-1]] = person
            person.mentions.append(m)
        else:
            singles.append(m)
    by_first: dict[str, list[Person]] = {}
    for p in people:
        by_first.setdefault(p.keys[0], []).append(p)
    for m in singles:
        person = by_surname.get(m.keys[-1])
        if person is None and len(by_first.get(m.keys[0], ())) == 1:
            person = by_first[m.keys[0]][0]  # "Kylian" for "Kylian Mbappe"
        if person is None:
            # first names alone ("Kylian") are rare in reporting; a lone word becomes its own person
            person = Person(m.text, m.keys)
            people.append(person)
            by_surname[m.keys[-1]] = person
        person.mentions.append(m)
    return people
