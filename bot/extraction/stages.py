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
    ADVANCED, AGREED, AWAITING, CONDITIONS, CONDITION_PHRASES, CONTRACT_PRIORITY, DONE, INTEREST, JOINING, LOST,
    MOVING_ON, RENEWAL_VERDICTS, TOLD_VERBS, VICTIM_CUES,
)
from bot.extraction.phrases import Hit
from bot.extraction.players import NameMention, Person


#: every word `sentence_stages` asks whether the sentence has
_TENSE_WORDS = frozenset({"to"}) | CONDITIONS | AWAITING


def sentence_stages(keys: Sequence[str], hits: Sequence[Hit]) -> Sequence[Hit]:
    """The cues with the stage the sentence's wording gives them before any club is matched to one: a win still
    being fought for is interest, a deal announced on conditions is agreed, an announcement still awaited is
    advanced."""
    present = _TENSE_WORDS.intersection(keys)
    if not present:
        return hits  # most sentences
    if "to" in present:
        # "working hard to beat Chelsea to his signature": a race still being run, not one lost
        hits = [h._replace(label=INTEREST) if h.label == OFF and h.phrase in VICTIM_CUES
                and keys[h.start - 1:h.start] == ("to",) else h for h in hits]
    if not CONDITIONS.isdisjoint(present) and any(" ".join(keys[k:k + 2]) in CONDITION_PHRASES
                                                 for k in range(len(keys) - 1)):
        # "announced that the move is dependent on the player passing a medical": agreed, not yet done
        hits = [h._replace(label=AGREED) if h.label == DONE else h for h in hits]
    if not AWAITING.isdisjoint(present):
        # "a matter of time before we see official confirmation", "awaiting the announcement": expected, not done
        hits = [h._replace(label=ADVANCED) if h.label == DONE and not AWAITING.isdisjoint(
            keys[max(0, h.start - 5):h.start]) else h for h in hits]
    return hits


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
