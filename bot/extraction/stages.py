"""Which stage a cue gives: the words of the sentence may shift it, a later report may raise it, and of
overlapping contract cues the strongest counts.

"Everton have moved on to other targets, with X on the list" is interest in X, not an end; "X has told Liverpool
he only wants Chelsea" ends Liverpool's pursuit; a stage only ever rises for a (player, club) pair unless the
pursuit is off.
"""

from __future__ import annotations

from typing import Sequence

from bot.domain import LINK_STAGE_RANK, OFF
from bot.extraction.gazetteer import ClubMention
from bot.extraction.grammar import (
    CONTRACT_PRIORITY, DONE, INTEREST, JOINING, LOST, MOVING_ON, RENEWAL_VERDICTS, TOLD_VERBS,
)
from bot.extraction.phrases import Hit
from bot.extraction.players import NameMention, Person


def _new_target(keys: Sequence[str], hit: Hit, person: Person, named: list[tuple[NameMention, Person]]) -> bool:
    """ "Everton have moved on to other targets, with X on the list": a player named after "moved on to" is
    where the club turned, not the pursuit it ended."""
    return hit.label == OFF and keys[hit.end:hit.end + 1] == ("to",) and hit.phrase in MOVING_ON and any(
        p is person and nm.start >= hit.end for nm, p in named)


def stage_for(keys: Sequence[str], hit: Hit, m: ClubMention, person: Person,
              named: list[tuple[NameMention, Person]]) -> str:
    """The stage a cue gives this club and player, where the sentence's words may shift it."""
    if _new_target(keys, hit, person, named):
        return INTEREST
    if _told_only_other(keys, m):
        return OFF
    if hit.phrase in JOINING and not LOST.isdisjoint(keys[:hit.start]):
        return DONE
    return hit.label


def _told_only_other(keys: Sequence[str], m: ClubMention) -> bool:
    """ "X has informed Liverpool that he only wants to join Chelsea": the club told is turned down."""
    return m.start > 0 and keys[m.start - 1] in TOLD_VERBS and "only" in keys[m.end:m.end + 4]


def later(new: str, old: str) -> bool:
    """Whether stage `new` goes further than `old`: `off` ends a pursuit for good, else the stage rank decides."""
    if old == OFF:
        return False
    if new == OFF:
        return True
    return LINK_STAGE_RANK.get(new, -1) > LINK_STAGE_RANK.get(old, -1)


def strongest(hits: Sequence[Hit]) -> list[Hit]:
    """Of contract cues that overlap, the longest (then the most specific stage): "refused to sign a new deal"
    is a rejection, not talks over "a new deal"."""
    if len(hits) < 2:
        return list(hits)  # most sentences: nothing to weigh

    def strength(h: Hit) -> tuple[int, int]:
        return h.end - h.start, CONTRACT_PRIORITY.get(h.label, 0)

    def object_of(h: Hit, o: Hit) -> bool:
        # "reluctant to sign | a contract extension": the renewal words are what he rejects, not talks
        return h.label == "renewal_talks" and o.label in RENEWAL_VERDICTS and 0 <= h.start - o.end <= 2
    return [h for h in hits if not any(o is not h and ((o.start < h.end and h.start < o.end and
                                                        strength(o) > strength(h)) or object_of(h, o))
                                       for o in hits)]
