"""Who the player's current and former clubs are, from how each club mention is worded.

A club right before a name describes him ("Brighton midfielder X", "X of Wolves"); "his contract with X", "leave
X", "X rejected a bid" make X his club; "the former Almeria forward" names a past club. Each reading is a weighted
vote; the club with most votes is his current club. Neither his current nor his former clubs can be a
destination, so these votes keep "Brighton are open to selling X" from reading as a link to Brighton.
"""

from __future__ import annotations

from itertools import compress
from typing import Sequence

from bot.extraction.article_state import ArticleState
from bot.extraction.clauses import clauses_of
from bot.extraction.gazetteer import ClubMention
from bot.extraction.grammar import (
    ACCEPTED, AUX, BID_WORDS, CONTRACT_WORDS, CURRENT_BEFORE, DEAL_NOUNS, FROM_VERBS, LEFT_BEHIND, LOSING,
    OWN_CLUB_STAGES, OWN_DEAL_WORDS, PARTING, PLACE_WORDS, RENEWAL_WORDS, RUNNING_OUT, SELLER_AFTER, SELLER_VERBS,
    gap_breaks,
)
from bot.extraction.players import Person
from bot.extraction.subjects import SubjectReader, players_in, subject


class CurrentClubReader:
    """Fills an article's record with each player's club votes, former clubs and the club mentions that describe a
    player rather than court him."""

    def __init__(self, describing: frozenset[str], subjects: SubjectReader) -> None:
        #: words that may stand between a club and the player it describes: "Brighton's Ecuador international"
        self._describing = describing
        self._subjects = subjects

    def read(self, st: ArticleState) -> None:
        """Vote for each player's club and note his former clubs and the descriptor mentions, sentence by sentence."""
        clubs_of, cues_of, describing = st.clubs, st.cues, self._describing
        for i, s in enumerate(st.sentences):
            clubs = clubs_of[i]
            if not clubs:
                continue  # a third of the sentences: no club to vote for, describe or see lose a player
            keys = s.keys
            named = players_in(st, i)
            if "contract" in cues_of[i]:
                self._contract_votes(st, i)
            if not LOSING.isdisjoint(keys):
                self._departures(st, i)
            prev_former = False
            for m, club in clubs:
                was_former, prev_former = prev_former, False
                # "<Club> centre-back <Name>" / "<Club>'s <Name>"
                j = m.end
                while j < len(keys) and j - m.end < 5 and keys[j] in describing:
                    j += 1
                owner = next((p for nm, p in named if nm.start == j), None) if named else None
                if owner is not None and (j > m.end or s.gaps[j].strip() == ""):
                    _vote(st, owner, club, 3.0)
                    st.descriptors.add((i, m.start))
                    continue
                before = keys[m.start - 1] if m.start else ""
                # "<Name> of <Club>": the club describes the player, it is not courting him
                owner = next((p for nm, p in named if nm.end == m.start - 1), None) \
                    if before == "of" and named else None
                if owner is not None:
                    _vote(st, owner, club, 3.0)
                    st.descriptors.add((i, m.start))
                    continue
                before2 = keys[m.start - 2] if m.start > 1 else ""
                if before in ("former", "ex") or (before == "of" and before2 in ("graduate", "product")) or \
                        (before in ("and", "or") and was_former):
                    prev_former = True
                    st.descriptors.add((i, m.start))  # "the former Almeria forward": a past, not a suitor
                    subj = subject(st, i, m.start)
                    if subj is not None:
                        st.former.setdefault(id(subj), set()).add(club)
                    continue
                if keys[m.end:m.end + 1] in PLACE_WORDS:
                    st.descriptors.add((i, m.start))  # "the Birmingham native": a birthplace
                    continue
                # "the Chelsea centre-back", "the Benfica man's signature", "interested in Juventus defender"
                # with no name: the article's subject
                if j > m.end and owner is None and (keys[m.end] != "s" or j > m.end + 2) and (
                        before == "the" or keys[j - 1] != "s") and not gap_breaks(s.gaps[m.end]) and any(
                        k not in ("the", "s") for k in keys[m.end:j]):  # not "signed for Porto, the deal is done"
                    st.descriptors.add((i, m.start))  # a player's club, whatever cue is near it
                    if st.main is not None and not named:
                        _vote(st, st.main, club, 2.0 if before == "the" else 1.5)
                    continue
                weight = _own_club_weight(keys, m, club, clubs)
                if weight:
                    subj = subject(st, i, m.start)
                    if subj is not None:
                        _vote(st, subj, club, weight)

    def _departures(self, st: ArticleState, i: int) -> None:
        """ "Chelsea, after losing X and Y on free transfers, ...": the club that lost players is their former
        club, whatever the sentence goes on to link it with."""
        s = st.sentences[i]
        keys = s.keys
        named = players_in(st, i)
        for k in compress(range(len(keys)), map(LOSING.__contains__, keys)):
            first = next((nm for nm, _ in named if k < nm.start <= k + 3), None)
            club = next((c for m, c in reversed(st.clubs[i]) if m.end <= k), None) or (
                st.clubs[i][0][1] if st.clubs[i] else None)
            if first is None or club is None:
                continue
            for person in self._subjects.name_list(st, i, named, first):
                st.former.setdefault(id(person), set()).add(club)

    def _contract_votes(self, st: ArticleState, i: int) -> None:
        """A club alone in a clause about his own contract is his club: "signed a new deal at Brighton", "PSG's new
        contract offer", "Lille want him to stay"."""
        clubs = st.clubs[i]
        if not clubs or "contract" not in st.cues[i]:
            return  # most sentences
        hits = [h for h in st.cues[i]["contract"] if h.label in OWN_CLUB_STAGES
                or any(w in h.phrase for w in ("new", "renew", "extension", "extend", "stay", "remain", "contract",
                                               "expir"))]
        if not hits or not clubs:
            return
        clause = clauses_of(st, i)
        link_clauses = {clause[min(h.start, len(clause) - 1)] for h in st.cues[i].get("link", ())}
        for h in hits:
            c = clause[min(h.start, len(clause) - 1)]
            in_clause = {club for m, club in clubs if clause[m.start] == c}
            # an offer or talks could be another club's transfer bid unless no transfer cue shares the clause or
            # the deal is said to be a renewal ("talks over a new contract", "an extension")
            if len(in_clause) == 1 and (h.label in OWN_CLUB_STAGES or c not in link_clauses
                                        or any(w in h.phrase for w in RENEWAL_WORDS)):
                person = subject(st, i, h.start)
                if person is not None:
                    _vote(st, person, next(iter(in_clause)), 1.5)


#: the words right before a club mention that some rule of `_own_club_weight` reads ("with", "leave", "by", ...), and
#: the words right after it ("and", "renewal", an auxiliary, a seller's verb): a mention with neither weighs nothing
_WEIGHT_BEFORE = frozenset({"with", "at", "told", "informed", "tell", "inform", "his", "current", "existing", "in",
                            "from", "by", "to"}) | CURRENT_BEFORE
_WEIGHT_AFTER = frozenset({"and"}) | frozenset(w[0] for w in OWN_DEAL_WORDS if len(w) == 1) | AUX | SELLER_VERBS


def _own_club_weight(keys: Sequence[str], m: ClubMention, club: str,
                     clubs: Sequence[tuple[ClubMention, str]]) -> float:
    """How strongly the words around a club mention make it the player's own club (0: not at all)."""
    before = keys[m.start - 1] if m.start else ""
    if before not in _WEIGHT_BEFORE and (m.end == len(keys) or keys[m.end] not in _WEIGHT_AFTER):
        return 0.0  # most mentions: no word that any rule below reads
    before2 = keys[m.start - 2] if m.start > 1 else ""
    if before in ("with", "at") and _his_contract_before(keys, m.start):
        return 2.0  # "his contract with X", "his deal running down at X"
    if (before == "with" and before2 == "ways") or (m.end < len(keys) and keys[m.end] == "and" and any(
            keys[k] == "ways" and keys[k - 1] in PARTING for k in range(m.end + 2, min(m.end + 14, len(keys))))):
        return 2.0  # "could part ways with X", "X and the striker are set to part ways"
    if before in ("told", "informed", "tell", "inform") and "leave" in keys[m.end:m.end + 8]:
        return 2.0  # "has told X he wants to leave"
    if keys[m.end:m.end + 1] in OWN_DEAL_WORDS or (before in ("his", "current", "existing") and (
            keys[m.end:m.end + 1] == ("contract",) or keys[m.end:m.end + 2] == ("s", "contract"))):
        return 2.0  # "a Brighton renewal", "his Juve contract" (but a "Real Madrid contract" may be a new one)
    if (before in CURRENT_BEFORE and keys[m.end:m.end + 1] not in LEFT_BEHIND) or \
            (before in ("at", "in") and before2 in CURRENT_BEFORE):
        return 1.5  # "leave X", "stay at X"
    if before == "from" and not FROM_VERBS.isdisjoint(keys[max(0, m.start - 7):m.start - 1]):
        return 1.0  # "a move from X"
    if before == "by" and before2 in ("down", "rejected", "accepted", "rebuffed", "blocked"):
        return 2.0  # "turned down by <Club>": the seller
    if before in ("to", "with") and before2 in DEAL_NOUNS and any(
            other.end <= m.start and other_club != club for other, other_club in clubs):
        return 1.5  # "Bayern's offer to Juventus": the other party sells
    k = m.end
    while k < len(keys) and keys[k] in AUX:
        k += 1
    if k < len(keys) and keys[k] in SELLER_VERBS:
        need = SELLER_AFTER.get(keys[k])
        if need is None:
            return 2.0
        if need is BID_WORDS or need is ACCEPTED:
            # "Bologna have accepted Aston Villa's offer": another club's bid, so this one sells
            if any(o.start == k + 1 and keys[o.end:o.end + 1] == ("s",) for o, _ in clubs):
                return 2.0
        rest = " ".join(keys[k + 1:k + 5])
        if any(rest == x or rest.startswith(x + " ") for x in need):
            return 2.0  # "X rejected a bid", "X are keen to keep him"
    return 0.0


def _his_contract_before(keys: Sequence[str], start: int) -> bool:
    """ "his (current) contract with X", "X's contract running down at Y": a contract the player already has,
    so the club is his (but not "agreed a five-year contract at X")."""
    window = keys[max(0, start - 5):start]
    if not any(w in CONTRACT_WORDS for w in window):
        return False
    if any(w in ("his", "current", "existing", "present") for w in window):
        return True
    return keys[start - 1] == "at" and any(w in RUNNING_OUT for w in window)


def _vote(st: ArticleState, person: Person, club: str, weight: float) -> None:
    """Count `weight` towards `club` being the player's current club."""
    votes = st.current.setdefault(id(person), {})
    votes[club] = votes.get(club, 0.0) + weight


def current_of(st: ArticleState, person: Person) -> str | None:
    """The player's current club: the one with most votes (a tie to the name that sorts last), None without votes."""
    votes = st.current.get(id(person))
    if not votes:
        return None
    return max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]


def excluded(st: ArticleState, person: Person) -> set[str]:
    """Clubs that cannot be a destination for this player: his own and his former ones (computed once)."""
    out = st.excluded.get(id(person))
    if out is None:
        out = set(st.former.get(id(person), set()))
        cur = current_of(st, person)
        if cur:
            out.add(cur)
        st.excluded[id(person)] = out
    return out
