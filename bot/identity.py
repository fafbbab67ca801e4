"""Player identity: which known player a name in an article, or typed in a follow request, means.

Articles call the same man "Rudiger", "Antonio Rüdiger" and "Toni Rudiger"; two men may share a surname
("Bernardo Silva", "Thiago Silva"). Names are compared folded (accents, case, punctuation), grouped by surname, and
told apart by first name — an initial, a short form contained in the full one ("Toni" in "Antonio") or a near
spelling all count as the same first name — and, when only a surname is given, by the clubs the article ties him to.

Follow requests are matched fuzzily (rapidfuzz) against every known name, so "Rudigr" finds Antonio Rudiger, "Silva"
offers a choice, and a name never seen yet can still be followed.

Everything here is pure: callers hand in the candidates (players sharing the surname, or all players' names).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.extraction import fold_name

#: A follow request this similar (rapidfuzz ratio, 0-100) to a known name, or its surname part, means him.
FOLLOW_MATCH_CUTOFF = 80.0
#: Matches within this many points of the best one are offered as a choice instead of picking silently.
FOLLOW_CHOICE_MARGIN = 8.0
FOLLOW_MAX_CHOICES = 5
#: Two first names this similar (rapidfuzz ratio) are taken as one spelt two ways ("Mohamed" / "Mohammed").
FIRST_NAME_SIMILARITY = 80.0


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name folded and split: all tokens, the surname key (last token) and the first name (None if one token)."""

    folded: str
    tokens: tuple[str, ...]

    @property
    def surname(self) -> str:
        return self.tokens[-1] if self.tokens else ""

    @property
    def first(self) -> str | None:
        return self.tokens[0] if len(self.tokens) > 1 else None


@lru_cache(maxsize=1 << 16)
def name_parts(name: str) -> NameParts:
    """The folded form and tokens of a name; memoised, since the same names recur in article after article."""
    folded = fold_name(name)
    return NameParts(folded, tuple(folded.split()))


def surname_key(name: str) -> str:
    """The key players are grouped under (the `players.surname` column)."""
    return name_parts(name).surname


@dataclass(frozen=True, slots=True)
class KnownPlayer:
    """What identity resolution needs about a stored player."""

    id: int
    canonical_name: str
    aliases: tuple[str, ...] = ()
    #: Folded names of the clubs he is tied to: his current club and every club linked with him.
    clubs: frozenset[str] = field(default_factory=frozenset)
    # Worked out once at construction: resolution asks for them for every candidate of every name in every article.
    _folded: frozenset[str] = field(init=False, repr=False, compare=False)
    _firsts: frozenset[str] = field(init=False, repr=False, compare=False)
    _surnames: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [name_parts(n) for n in (self.canonical_name, *self.aliases)]
        folded = frozenset(parts.folded for parts in names)
        object.__setattr__(self, "_folded", folded)
        object.__setattr__(self, "_firsts", frozenset(parts.first for parts in names if parts.first))
        object.__setattr__(self, "_surnames", frozenset(name_parts(n).surname for n in folded))

    def folded_names(self) -> frozenset[str]:
        return self._folded

    def first_names(self) -> frozenset[str]:
        return self._firsts

    def surnames(self) -> frozenset[str]:
        """The surname keys of all his names (an alias may carry another surname spelling)."""
        return self._surnames


def first_names_compatible(a: str, b: str) -> bool:
    """Could these two first names belong to one man? Equal, an initial, a short form, or a near spelling."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) == 1:
        return long_.startswith(short)
    if len(short) >= 3 and short in long_:
        return True
    return fuzz.ratio(a, b) >= FIRST_NAME_SIMILARITY


def _club_overlap(player: KnownPlayer, context_clubs: frozenset[str]) -> int:
    return len(player.clubs & context_clubs)


def _best_by_context(candidates: Sequence[KnownPlayer], context_clubs: frozenset[str]) -> KnownPlayer:
    """Among several plausible players, the one the article's clubs point to; else the longest-known."""
    return max(candidates, key=lambda p: (_club_overlap(p, context_clubs), -p.id))


def resolve_name(
    name: str, candidates: Iterable[KnownPlayer], context_clubs: Iterable[str] = ()
) -> KnownPlayer | None:
    """The known player an article's `name` means, or None when it is someone new.

    `candidates` are the players sharing the name's surname; `context_clubs` the clubs the article ties this name
    to (folded), used when a surname alone fits several players.
    """
    parts = name_parts(name)
    if not parts.tokens:
        return None
    pool = list(candidates)
    exact = [p for p in pool if parts.folded in p.folded_names()]
    if len(exact) == 1:
        return exact[0]
    clubs = frozenset(context_clubs)
    if exact:
        return _best_by_context(exact, clubs)
    same_surname = [p for p in pool if parts.surname in p.surnames()]
    if not same_surname:
        return None
    if parts.first is None:
        return _best_by_context(same_surname, clubs)
    compatible = [
        p
        for p in same_surname
        if not p.first_names() or any(first_names_compatible(parts.first, f) for f in p.first_names())
    ]
    if not compatible:
        return None
    named = [p for p in compatible if p.first_names()]
    return _best_by_context(named or compatible, clubs)


def better_canonical(current: str, candidate: str) -> str:
    """Keep the fuller name as the one shown: a surname-only player gets his first name when an article gives it."""
    if len(name_parts(candidate).tokens) > len(name_parts(current).tokens) == 1:
        return candidate
    return current


def with_alias(aliases: Sequence[str], name: str, canonical: str) -> tuple[str, ...]:
    """The alias list with `name` added once (compared folded), the canonical name itself left out."""
    folded = name_parts(name).folded
    if not folded or folded == name_parts(canonical).folded or any(name_parts(a).folded == folded for a in aliases):
        return tuple(aliases)
    return (*aliases, name)


def _name_tails(folded: str) -> list[str]:
    """A name and every run of its last tokens: "matthijs de ligt", "de ligt", "ligt" — what people type."""
    tokens = folded.split()
    return [" ".join(tokens[i:]) for i in range(len(tokens))]


@dataclass(frozen=True, slots=True)
class FollowMatch:
    """The outcome of matching a follow request: one player, a choice between several, or nobody known yet."""

    players: tuple[KnownPlayer, ...]

    @property
    def unique(self) -> KnownPlayer | None:
        return self.players[0] if len(self.players) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.players) > 1


def match_follow_request(query: str, players: Sequence[KnownPlayer]) -> FollowMatch:
    """Match what someone typed against every known player.

    An exact name or surname wins outright (several players with that surname make a choice); otherwise the best
    fuzzy matches above the cutoff, a clear winner alone or the close ones as a choice.
    """
    parts = name_parts(query)
    if not parts.tokens:
        return FollowMatch(())
    exact = [p for p in players if parts.folded in p.folded_names()]
    if exact:
        return FollowMatch(tuple(exact[:FOLLOW_MAX_CHOICES]))
    by_surname = [p for p in players if parts.folded == name_parts(p.canonical_name).surname]
    if by_surname:
        return FollowMatch(tuple(by_surname[:FOLLOW_MAX_CHOICES]))
    names: list[str] = []
    owners: list[KnownPlayer] = []
    for player in players:
        for text in {tail for folded in player.folded_names() for tail in _name_tails(folded)}:
            names.append(text)
            owners.append(player)
    best: dict[int, tuple[float, KnownPlayer]] = {}
    for _text, score, index in process.extract(
        parts.folded, names, scorer=fuzz.ratio, score_cutoff=FOLLOW_MATCH_CUTOFF, limit=50
    ):
        owner = owners[index]
        if owner.id not in best or score > best[owner.id][0]:
            best[owner.id] = (score, owner)
    if not best:
        return FollowMatch(())
    ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].canonical_name))
    top = ranked[0][0]
    close = [p for score, p in ranked if top - score < FOLLOW_CHOICE_MARGIN]
    return FollowMatch(tuple(close[:FOLLOW_MAX_CHOICES]))
