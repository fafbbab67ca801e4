"""Descriptions by nationality ("the Dutchman", "the Poland international") resolved to the player they name.

Reporters vary a name with a nationality, and in an article about one player a paragraph on another often goes on
with "The Dutchman has told the club ...". Taken as the article's subject, such a sentence hands the other player's
news to the wrong man. The article itself says who is Dutch ("Netherlands international X", "the Dutch defender X"),
so a description by nationality is read as the one player given that nationality, when it cannot be the subject.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress

from bot.extraction.players import NameMention, Person
from bot.extraction.segment import Sentence

#: how many sentences back a player named with that nationality still counts as recent enough to be meant
_RECENT = 3
#: tokens allowed between a nationality word and the name it describes ("Netherlands international X")
_GAP = 3


def never_names(nationalities: Mapping[str, Sequence[str]], name_like: Iterable[str] = ()) -> frozenset[str]:
    """Every word of the nationality table and its plural ("Argentinian", "Argentinians", "Dutchmen"): words that
    describe a player and are never part of his name ("The Argentinian midfielder ..." names no "Argentinian").
    Derived from the one table, so that no demonym form is left to a hand list; `name_like` ("Finn") stay names."""
    words: set[str] = set()
    for forms in nationalities.values():
        for word in forms:
            words.add(word)
            if word.endswith("man"):
                words.add(word[:-3] + "men")  # "Dutchmen"
            elif not word.endswith(("s", "sh", "ch")):
                words.add(word + "s")  # "Argentinians", "Danes"
    return frozenset(words - set(name_like))


class NationalityReader:
    """Which player, if any, a description by nationality in a sentence names."""

    def __init__(self, nationalities: Mapping[str, Sequence[str]], demonym_nouns: Sequence[str],
                 heads: frozenset[str], club_nouns: frozenset[str]) -> None:
        self._nat_of = {w: nat for nat, words in nationalities.items() for w in words}
        self._words = frozenset(self._nat_of)
        self._nouns = frozenset(demonym_nouns)
        self._heads = heads  # "defender", "international": what may stand between the nationality and a name
        self._club_nouns = club_nouns  # "the Dutch club" describes a club, not a player

    def described(self, sentences: Sequence[Sentence], named: Callable[[int], list[tuple[NameMention, Person]]],
                  main: Person | None) -> dict[int, tuple[NameMention, Person]]:
        """For sentences that name no player but describe one by nationality, the player described (as a mention
        of him at the description's tokens)."""
        if main is None:
            return {}
        words = self._words
        marked = [i for i, s in enumerate(sentences) if not words.isdisjoint(s.keys)]
        described = {i for i in marked if self._the_nationality(sentences[i].keys)}
        if not described:
            return {}  # most articles: no "the <nationality>" at all
        nats: dict[int, set[str]] = {}
        people: dict[int, Person] = {id(main): main}
        out: dict[int, tuple[NameMention, Person]] = {}
        for i in marked:
            here = named(i)
            if here:
                self._learn(sentences[i], here, nats, people)
            elif i in described:
                found = self._description(i, sentences[i], nats, people, named(i - 1) if i else [], main)
                if found is not None:
                    out[i] = found
        return out

    def _the_nationality(self, keys: Sequence[str]) -> bool:
        return any(keys[k - 1] == "the" for k in compress(range(len(keys)), map(self._words.__contains__, keys)) if k)

    def _learn(self, s: Sentence, here: list[tuple[NameMention, Person]], nats: dict[int, set[str]],
               people: dict[int, Person]) -> None:
        """ "Netherlands international X", "the Dutch defender X", "Dutchman X": X is of that nationality."""
        keys = s.keys
        for nm, p in here:
            k = nm.start - 1
            while k >= max(0, nm.start - 1 - _GAP) and keys[k] in self._heads:
                k -= 1
            if k >= 0 and keys[k] in self._nat_of and (k < 1 or keys[k - 1] != "s"):
                nats.setdefault(id(p), set()).add(self._nat_of[keys[k]])
                people[id(p)] = p

    def _description(self, i: int, s: Sentence, nats: dict[int, set[str]], people: dict[int, Person],
                     previous: list[tuple[NameMention, Person]], main: Person) -> tuple[NameMention, Person] | None:
        """The player a "the Dutchman" / "the Dutch defender" of sentence i names when it is not the subject: the
        one player the article made Dutch, else (once the subject is known to be of another nationality) the one
        player the sentence before named. A description left to the subject tells the subject's nationality."""
        keys = s.keys
        for k in compress(range(len(keys)), map(self._words.__contains__, keys)):
            word = keys[k]
            if k < 1 or keys[k - 1] != "the":
                continue
            after = keys[k + 1] if k + 1 < len(keys) else ""
            if after in self._club_nouns:
                continue  # "the Dutch club"
            end = k + 2 if after in self._heads else k + 1
            if end == k + 1 and word not in self._nouns:
                continue  # "the Dutch" alone: not a player
            nat = self._nat_of[word]
            main_nats = nats.setdefault(id(main), set())
            if nat in main_nats:
                return None
            fits = [(seen, p) for pid, ns in nats.items() if nat in ns for p in (people[pid],)
                    for seen in (max((m.sentence for m in p.mentions if m.sentence < i), default=-1),) if seen >= 0]
            if not fits and main_nats:
                others = {id(p): p for _, p in previous if p is not main}
                fits = [(i - 1, p) for p in others.values()]
            if len(fits) != 1 or fits[0][1] is main or i - fits[0][0] > _RECENT:
                if not fits:
                    main_nats.add(nat)  # "The Poland international had one year left": the subject is Polish
                return None
            person = fits[0][1]
            nats.setdefault(id(person), set()).add(nat)
            people[id(person)] = person
            mention = NameMention(i, k - 1, end, tuple(keys[k - 1:end]), " ".join(s.words[k - 1:end]))
            return mention, person
        return None

