"""Which cue belongs to which club: clubs listed together share a cue, each takes the nearest cue of its own
clause(s), an `off` cue ends the pursuit of the club nearest to it, and the club a player leaves is no suitor.

Reporters pile suitors into one list ("Chelsea, Arsenal and PSG are all tracking him") and chain clauses about the
first club ("Everton have no deal yet, but they are tracking him"); these rules pair each club with the cue that
is about it, as pure functions of the sentence, its clubs, its cues and its clause numbers.
"""

from __future__ import annotations

from itertools import compress
from typing import Sequence

from bot.domain import OFF
from bot.extraction.affirmation import affirmed
from bot.extraction.article_state import ArticleState
from bot.extraction.current_club import current_of
from bot.extraction.gazetteer import ClubMention
from bot.extraction.grammar import (
    CARRIERS, CLUB_DESCRIPTIONS, SHARED_SUBJECT_AUX, SHARED_SUBJECT_JOINS, FIGURE_WORDS, LEFT_BEHIND, LIST_WORDS, NOT_A_VERB, RELATIVE_PRONOUNS, STAGE_ORDER,
    SUITOR_NOUNS, VICTIM_CUES,
)
from bot.extraction.phrases import Hit
from bot.extraction.segment import Sentence
from bot.extraction.stages import sentence_stages


def club_groups(s: Sentence, clubs: Sequence[tuple[ClubMention, str]], hits: Sequence[Hit],
                clause: list[int], descriptive: frozenset[int] = frozenset()
                ) -> list[tuple[list[tuple[ClubMention, str]], Hit]]:
    """Clubs listed together ("Chelsea, Arsenal and PSG are all tracking him") share the cue nearest any of them.

    Reporters pile suitors into one list far more often than they give each its own verb, and the cue then
    sits next to only one end of the list.
    """
    groups: list[list[tuple[ClubMention, str]]] = []
    for mc in clubs:
        if groups and _listed_after(s, groups[-1][-1][0], mc[0]):
            groups[-1].append(mc)
        else:
            groups.append([mc])
    out = []
    keys = s.keys
    reported = affirmed(s, sentence_stages(keys, hits), clause)
    club_clauses = {clause[m.start] for m, _ in clubs}
    owner = _off_owners(reported, groups, descriptive) if len(groups) > 1 or any(
        h.phrase in VICTIM_CUES for h in reported) else None
    # "met with Bayern's hierarchy", "in talks with Juventus": the club after "with" is the other party; a
    # club named later in the sentence is not ("... to convey his wish to leave for Barcelona")
    party = {h: mm.start for h in reported if h.phrase.endswith(" with")
             for mm, _ in clubs if h.end <= mm.start <= h.end + 1}
    for n, members in enumerate(groups):
        best, best_d = None, 10**9
        mine = reported if owner is None else [h for h, o in zip(reported, owner) if o is None or n in o]
        if party:
            first = members[0][0].start
            mine = [h for h in mine if party.get(h, first) >= first or first < h.start]
        for m, _ in members:
            # a cue in another club's clause is that club's; `_nearest` asks only of clauses not the mention's
            # own, so the mention's own clauses need not be taken out of `club_clauses`
            hit, d = _nearest(mine, m, clause, club_clauses, _relative_clauses(keys, m, clause))
            if hit is not None and (d < best_d or (d == best_d and hit.label == OFF)):
                best, best_d = hit, d
        if best is not None:
            out.append((members, best))
        if n == 0:
            # "Everton have no deal yet, but they are tracking him", "Celtic want X but missed out on Y":
            # a later clause goes on about the first club
            rest = [h for h in reported if h is not best]
            carried = _pronoun_clauses(s, clubs, clause) if rest else None
            if carried:
                first = clause[members[0][0].start]
                out.extend((members, h) for h in rest
                           if clause[min(h.start, len(clause) - 1)] in carried and clause[h.start] > first)
            elif rest and members[0][0].start <= 1:
                after = _shared_subject_from(keys, members[-1][0].end)
                if after is not None:
                    out.extend((members, h) for h in rest if h.start > after and clause[h.start] == clause[after])
    return out


def _shared_subject_from(keys: Sequence[str], start: int) -> int | None:
    """Where a second verb phrase of the sentence's subject begins: "Arsenal want X and are also interested in Y",
    "Bayern have made an offer but are yet to ...". A conjunction straight before an auxiliary has no subject
    of its own, so the club that opens the sentence is the subject of what follows."""
    for k in range(start, len(keys) - 1):
        if keys[k] in SHARED_SUBJECT_JOINS and keys[k + 1] in SHARED_SUBJECT_AUX:
            return k
    return None


def _off_owners(hits: Sequence[Hit], groups: Sequence[Sequence[tuple[ClubMention, str]]],
                descriptive: frozenset[int]) -> list[set[int] | None]:
    """For each `off` cue, the club group(s) nearest to it: "United will end their interest and let Liverpool
    secure a deal" ends United's pursuit, not Liverpool's. Clubs that only describe a player ("United
    forward X") own no cue; other cues may serve any club (None)."""
    out: list[set[int] | None] = []
    for h in hits:
        if h.label != OFF:
            out.append(None)
            continue
        victim_after = h.phrase in VICTIM_CUES  # "Barcelona hijacked Chelsea's move": Chelsea's is off
        dists = [min((h.start - m.end if h.start >= m.end else max(m.start - h.end, 0))
                     if m.start not in descriptive and not (victim_after and m.end <= h.start) else 10**9
                     for m, _ in g) for g in groups]
        low = min(dists)
        # "Real Madrid beat them all to his signature": every club is the winner or merely named, none is off
        out.append({n for n, d in enumerate(dists) if d == low} if low < 10**9 else set())
    return out


def _pronoun_clauses(s: Sentence, clubs: Sequence[tuple[ClubMention, str]], clause: list[int]) -> set[int]:
    """Clauses with no club of their own that go on about the sentence's first club: "..., but they have
    pulled out", "Chelsea remain keen on X but missed out on Y" (a verb straight after "but")."""
    keys, caps = s.keys, s.caps
    if CARRIERS.isdisjoint(keys):
        return set()  # most sentences: no "they", "but" or "and" to carry the first club on
    with_club = {clause[m.start] for m, _ in clubs}
    if "with" in keys:
        # "but they are in talks with Udinese": the club after "with" is the other party, not the subject
        with_club = {clause[m.start] for m, _ in clubs if "with" not in keys[max(0, m.start - 3):m.start]}
    out = set()
    for k in compress(range(len(keys)), map(CARRIERS.__contains__, keys)):
        key = keys[k]
        if clause[k] in with_club:
            continue
        if key == "they" or (key in ("but", "and") and k + 1 < len(keys) and not caps[k + 1]
                             and keys[k + 1] not in NOT_A_VERB and clause[k + 1] == clause[k]):
            out.add(clause[k])
    return out


def _listed_after(s: Sentence, prev: ClubMention, m: ClubMention) -> bool:
    """True when only list punctuation and words ("," "and" "as well as" "or") separate two mentions."""
    if m.start - prev.end > 3:
        return False
    for k in range(prev.end, m.start + 1):
        gap = s.gaps[k].strip()
        if gap not in ("", ",", "&", "/"):
            return False
        if k < m.start and s.keys[k] not in LIST_WORDS:
            return False
    return True


def _relative_clauses(keys: Sequence[str], m: ClubMention, clause: list[int]) -> tuple[int, ...]:
    """The clauses a club mention is the subject of when a relative clause follows it straight away ("Everton,
    who signed X last week, ...": "who" is Everton, whatever other club the clause names): its own and that one.
    Empty otherwise, for `_nearest`'s default of the mention's own clauses."""
    if m.end < len(clause) and keys[m.end] in RELATIVE_PRONOUNS:
        return clause[m.start], clause[m.end - 1], clause[m.end]
    return ()


def _nearest(hits: Sequence[Hit], m: ClubMention, clause: list[int],
             club_clauses: set[int] = frozenset(), c_club: tuple[int, ...] = ()) -> tuple[Hit | None, int]:
    """The cue closest to a club mention in its clause(s) (or just across a clause boundary into a clause
    naming no club of its own), with its distance."""
    best, best_d, best_rank = None, 10**9, (2, 0)
    m_start, m_end = m.start, m.end  # read once: this runs for every club mention and cue of a linked sentence
    c_club = c_club or (clause[m_start], clause[m_end - 1])
    last = len(clause) - 1
    for h in hits:
        start, end, label, phrase = h
        if start < m_end and end > m_start:
            if not (start < m_start and m_end < end and phrase in VICTIM_CUES):
                continue  # a cue inside the club name ("Real" in "Real Madrid") is no cue
            d = 0  # "beat Liverpool to his signature": the club inside the cue is the one that lost out
        else:
            d = start - m_end if start >= m_end else m_start - end
        hit_clause = clause[start if start < last else last]
        same = hit_clause in c_club or clause[end - 1] in c_club
        if not same:
            if d > 3 or hit_clause in club_clauses:
                continue  # "After City brought in X, Liverpool acted": City's verb, not Liverpool's
            d += 5
        if d > 14:
            continue
        rank = (-STAGE_ORDER.get(label, 0), d) if same and d <= 6 else (1, d)
        if best is None or rank < best_rank:
            best, best_d, best_rank = h, d, rank
    return best, best_d


def selling_side(s: Sentence, m: ClubMention) -> bool:
    """ "signed X from Ajax", "a move away from Chelsea": the club he leaves, not a suitor. "Interest from
    Chelsea" or "a bid from Chelsea" name the suitor and are kept."""
    k = m.start - 1
    # skip a description between the preposition and the club ("from Italian giants Juventus")
    while k >= max(0, m.start - 4) and (s.keys[k] in CLUB_DESCRIPTIONS or s.words[k][0].isupper()):
        k -= 1
    if k < 0 or s.keys[k] not in ("from", "leave", "leaving", "quit", "quitting", "depart"):
        return False
    if s.keys[k] != "from" and s.keys[m.end:m.end + 1] in LEFT_BEHIND:
        return False  # "leaving United and Newcastle as the two clubs in the race": not the player leaving
    if s.keys[k] != "from":
        return True
    k -= 1
    # "offers of £50m from Chelsea", "a bid worth €60 million from Arsenal": the figure belongs to the offer
    while k > 1 and (s.keys[k][:1].isdigit() or s.keys[k] in FIGURE_WORDS):
        k -= 1
    return k < 0 or s.keys[k] not in SUITOR_NOUNS


def they_club(st: ArticleState, i: int, hits: Sequence[Hit]) -> list[tuple[ClubMention, str]]:
    """ "Chelsea are in the market for a defender. They have made a bid for X": a sentence opening with "They"
    goes on about the club that opened the sentence before (in the same paragraph), when that club is not the
    player's own."""
    prev = st.sentences[i - 1]
    if prev.paragraph != st.sentences[i].paragraph or not st.clubs[i - 1] or min(h.start for h in hits) > 6:
        return []
    m, club = st.clubs[i - 1][0]
    if m.start > 1 or (m.start == 1 and prev.keys[0] != "the") or (i - 1, m.start) in st.descriptors:
        return []
    if st.main is not None and club == current_of(st, st.main):
        return []
    return [(ClubMention(0, 1, (club,), False), club)]
