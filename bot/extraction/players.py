"""Recognising players: capitalised name runs that are not clubs, places, competitions or non-playing people.

There is no player list: names are read from the text, then grouped into people (a full name and its later
surname-only mentions, with or without accents). Managers, presidents, agents and journalists are recognised by
the role word in front of them ("president Florentino Perez", "Blues boss ...") or a "'s side" behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from typing import Iterable, NamedTuple, Sequence

from bot.extraction.gazetteer import ClubMention
from bot.extraction.segment import Sentence


class NameMention(NamedTuple):
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
        #: role words that open a title ending in a name ("Head of Recruitment Ian Moss")
        self._title_heads = self._roles | {"head"}
        #: words that spoil a name run wherever they stand in it (particles may sit inside one): one set test per
        #: run instead of a generator over its words
        self._spoilers = self._not_names - self._particles

    def find(self, sentence: Sentence, clubs: Sequence[ClubMention]) -> list[NameMention]:
        """Name mentions of one sentence (club spans excluded)."""
        words, keys, gaps = sentence.words, sentence.keys, sentence.gaps
        n = len(words)
        upper = sentence.caps
        if n >= 6 and sum(upper) > 0.7 * n:
            return []  # a Title Case Headline: every word looks like a name
        in_club: set[int] = set()
        for c in clubs:
            in_club.update(range(c.start, c.end))
        not_names, particles = self._not_names, self._particles
        out: list[NameMention] = []
        i = 0
        for first in compress(range(n), upper):
            if first < i or first in in_club or keys[first] in not_names:
                continue  # ("The", "However"): a name run starts at its first name-like word
            w = words[first]
            if len(w) < 2 or w.isupper():
                continue  # "I", "PSG": initials and acronyms are no names
            i = first
            j = i + 1
            while j < n and j not in in_club and gaps[j] in (" ", "-", ""):
                if upper[j] and len(words[j]) > 1 and not words[j].isupper():
                    j += 1
                elif keys[j] in particles:
                    # "van der Berg", "de la Fuente": particles run on to a capitalised surname
                    k = j + 1
                    while k < n and keys[k] in particles and gaps[k] == " ":
                        k += 1
                    if k < n and upper[k] and k not in in_club and gaps[k] == " ":
                        j = k
                    else:
                        break
                else:
                    break
            start, end = i, j
            while start < end and (keys[start] in not_names or keys[start] in self._roles):
                start += 1  # "Journalist Ramon Alvarez", "President Joan Laporta": the role is no part of the name
            while end > start and (keys[end - 1] in not_names or keys[end - 1] in particles):
                end -= 1
            if end - start >= 3 and start >= 2 and keys[start - 1] == "of" and keys[start - 2] in self._title_heads:
                start = end - 2  # "Director of Global Talent Ian Moss": the title runs on up to the name
            if end - start == 1 and keys[start] + "s" in not_names:
                start = end  # "the Gunner's": a nickname (or another never-a-name word) misspelt in the singular
            if start < end:
                # a lower-case particle right before the run belongs to it ("... de Ligt")
                if start > 0 and keys[start - 1] in particles and not upper[start - 1] and gaps[start] == " ":
                    start -= 1
                name_keys = keys[start:end]
                if len(name_keys) <= 4 and self._spoilers.isdisjoint(name_keys):
                    text = words[start] if end - start == 1 else sentence.span_text(start, end)
                    out.append(tuple.__new__(NameMention, (sentence.index, start, end, name_keys, text)))
            i = j
        return out

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
