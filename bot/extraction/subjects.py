"""Who a cue is about: the player named nearest it (with those listed alongside him), else the article's subject.

Reporters name a player once and then write "he", "the 24-year-old" or "the Germany international"; a cue in a
sentence that names nobody is about the article's subject, and a cue next to a list of names ("Ake, Koulibaly and
De Ligt are all out of contract") is about every name of the list. `SubjectReader` holds the two word classes these
rules need (words that describe a player, and the heads of "the 24-year-old"-style references).
"""

from __future__ import annotations

from typing import Sequence

from bot.extraction.article_state import ArticleState
from bot.extraction.gazetteer import ClubMention
from bot.extraction.grammar import LIST_WORDS, MAKEWEIGHT
from bot.extraction.phrases import Hit
from bot.extraction.players import NameMention, Person
from bot.extraction.segment import Sentence


class SubjectReader:
    """Reads which player(s) a link or contract cue is about."""

    def __init__(self, positions: frozenset[str], anaphora_heads: frozenset[str]) -> None:
        #: words that may stand in a list of names ("and the right-back"): positions, "international", ages
        self._positions = positions
        #: last words of "the 24-year-old", "the Dutchman": a reference to the article's subject
        self._anaphora_heads = anaphora_heads

    def link_subjects(self, st: ArticleState, i: int, m: ClubMention, hit: Hit,
                      named: list[tuple[NameMention, Person]], clause: list[int]) -> list[Person]:
        """Who a club-and-cue pair is about: the player named nearest (with those listed alongside him), else the
        article's subject, which reporters refer to as "he" or "the 24-year-old"."""
        if not named:
            return [st.main] if st.main is not None else []
        hit_clause = clause[min(hit.start, len(clause) - 1)]
        # the object of the cue first ("the signing of X", "a bid for X"; not "X's team-mate Y"), then whoever
        # shares its clause, then the nearest name
        keys = st.sentences[i].keys
        reach = hit.end + 6
        if any(hit.end <= nm.start <= reach and keys[nm.end:nm.end + 1] == ("s",) for nm, _ in named):
            reach += 6  # "signed X's former team-mate Y": look past the possessor
        window = keys[hit.end:reach]
        he = hit.end + next(n for n, k in enumerate(window) if k == "he" or k == "him") \
            if "he" in window or "him" in window else reach
        after = [mp for mp in named if hit.end <= mp[0].start <= min(reach, he) and clause[mp[0].start] == hit_clause
                 and keys[mp[0].end:mp[0].end + 1] != ("s",)]  # names after "he will join" are not the object
        if st.main is not None and _he_before(keys, clause, hit, named):
            # "He is now set to join Bayern, who saw X join Dortmund": "he" is the subject, the article's, or the
            # one who opens the sentence ("The Dutchman has ... and has told the club he is keen to move")
            return [next((p for nm, p in named if nm.start <= 1), st.main)]
        if keys[hit.end:hit.end + 3] == ("the", "likes", "of") and st.main is not None:
            return [st.main]  # "... join the likes of X and Y in their ranks": team-mates, not the subject
        if after:
            nearest = min(after, key=lambda mp: mp[0].start)
        elif st.main is not None and self._describes_subject(keys[hit.end:hit.end + 6]):
            # "Arsenal's offer for the 21-year-old": a description of the article's subject, or of the player the
            # sentence named just before it ("attentions on X, ..., and saw offers for the teenager rejected")
            before = [mp for mp in named if mp[0].end <= hit.start and keys[mp[0].end:mp[0].end + 1] != ("s",)]
            if before and "the" in keys[hit.end:hit.end + 3]:
                return [max(before, key=lambda mp: mp[0].start)[1]]
            return [st.main]
        else:
            anchor = min(hit.start, m.start)
            nearest = min(named, key=lambda mp: (clause[mp[0].start] not in (hit_clause, clause[m.start]),
                                                 abs(mp[0].start - anchor), mp[0].start))
        group = self.name_list(st, i, named, nearest[0])
        if len(group) > 1:
            return group
        if len(named) >= 3 and nearest[1] is not st.main and \
                clause[nearest[0].start] not in (hit_clause, clause[m.start]):
            return []  # a squad list ("Kane, Son and Kulusevski started"): too loose to read links from
        if st.main is not None and nearest[1] is not st.main and \
                clause[nearest[0].start] not in (hit_clause, clause[m.start]) and _main_described(keys):
            return [st.main]  # "a bid for X – which would fund a move for the former Almeria striker – ..."
        return [nearest[1]]

    def contract_subjects(self, st: ArticleState, i: int, hit: Hit, named: list[tuple[NameMention, Person]],
                          in_clause: list[Person]) -> list[Person]:
        """Who a contract cue is about: the player of its clause, or, when the clause names nobody ("X, Y and Z -
        all of whom are out of contract"), the nearest player with those listed alongside him. A clause naming
        several players is a list that may have begun before it ("with X, Y and Z all out of contract": the comma
        after X ends a clause), so the names listed with its first one count too."""
        if len(in_clause) > 1:
            first = min((nm for nm, p in named if any(p is q for q in in_clause)), key=lambda nm: nm.start)
            listed = self.name_list(st, i, named, first)
            return listed + [p for p in in_clause if not any(p is q for q in listed)]
        if in_clause or not named:
            person = subject(st, i, hit.start)
            return [person] if person is not None else []
        nearest = min(named, key=lambda mp: (abs(mp[0].start - hit.start), mp[0].start))
        return self.name_list(st, i, named, nearest[0])

    def name_list(self, st: ArticleState, i: int, named: list[tuple[NameMention, Person]],
                  centre: NameMention) -> list[Person]:
        """The players listed together with `centre` ("Nathan Ake, Kalidou Koulibaly and Mathijs de Ligt")."""
        if len(named) == 1:
            return [named[0][1]]  # most sentences: one name, no list
        s = st.sentences[i]
        club_tokens = {k for m, _ in st.clubs[i] for k in range(m.start, m.end)}
        ordered = sorted(named, key=lambda mp: mp[0].start)
        idx = next(k for k, (nm, _) in enumerate(ordered) if nm is centre)
        lo = hi = idx
        while lo > 0 and self._names_listed(s, ordered[lo - 1][0], ordered[lo][0], club_tokens):
            lo -= 1
        while hi + 1 < len(ordered) and self._names_listed(s, ordered[hi][0], ordered[hi + 1][0], club_tokens):
            hi += 1
        people: list[Person] = []
        for _, p in ordered[lo:hi + 1]:
            if p not in people:
                people.append(p)
        return people

    def _names_listed(self, s: Sentence, a: NameMention, b: NameMention, club_tokens: set[int]) -> bool:
        """Two names separated only by list words, commas and a short description ("and Napoli's", "and the
        right-back")."""
        if b.start < a.end or b.start - a.end - sum(k in club_tokens for k in range(a.end, b.start)) > 6:
            return False
        between = s.keys[a.end:b.start]
        seps = "".join(s.gaps[a.end:b.start + 1])
        if "," not in seps and "and" not in between and "or" not in between:
            return False
        if any(c in seps for c in ".;:()"):
            return False
        # "bought X from Ajax and Y from Porto": each name keeps the club he comes from
        return all(k in LIST_WORDS or k in self._positions or k in ("s", "of", "the") or a.end + n in club_tokens
                   or (k == "from" and a.end + n + 1 in club_tokens) for n, k in enumerate(between))

    def _describes_subject(self, keys: Sequence[str]) -> bool:
        """ "the 21-year-old", "the Ecuador international", "him", "confident that he will": the article's subject,
        not a named player (a name right after the cue is looked at before this)."""
        if "him" in keys or "he" in keys:
            return True
        return "the" in keys and any(k in self._anaphora_heads for k in keys[keys.index("the") + 1:])


def players_in(st: ArticleState, i: int) -> list[tuple[NameMention, Person]]:
    """The player mentions of sentence i with their persons (fixed once people are known, so kept)."""
    out = st.named.get(i)
    if out is None:
        out = st.named[i] = [(m, p) for m in st.names[i] for p in (st.person_of.get((m.sentence, m.start)),)
                             if p is not None and not p.non_player]
    return out


def subject(st: ArticleState, i: int, pos: int) -> Person | None:
    """The player a phrase at token `pos` of sentence i is about: the nearest named player, else the main one."""
    named = players_in(st, i)
    if not named:
        return st.main
    best = min(named, key=lambda mp: (abs(mp[0].start - pos), mp[0].start))
    return best[1]


def _he_before(keys: Sequence[str], clause: list[int], hit: Hit, named: list[tuple[NameMention, Person]]) -> bool:
    """Whether "he" is the subject of the cue's clause, with no name between it and the cue."""
    if "he" not in keys:
        return False  # most sentences
    c = clause[min(hit.start, len(clause) - 1)]
    k = hit.start - 1
    while k >= 0 and clause[k] == c:
        if keys[k] == "he":
            return not any(k < nm.start < hit.start for nm, _ in named)
        k -= 1
    return False


def _main_described(keys: Sequence[str]) -> bool:
    """Whether the sentence describes a player by his past without naming him ("the former Almeria
    centre-forward"), so that a cue in a clause naming nobody is about the article's subject."""
    return any(keys[k] == "the" and keys[k + 1] in ("former", "ex") for k in range(len(keys) - 1))


def makeweight(keys: Sequence[str], named: list[tuple[NameMention, Person]], person: Person) -> bool:
    """ "offered X as part of their bid for Y": X is a part of the deal, not the player it is for."""
    return any(p is person and (keys[nm.end:nm.end + 3] in MAKEWEIGHT or "makeweight" in keys[nm.end:nm.end + 8])
               for nm, p in named)
