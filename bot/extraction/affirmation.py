"""Whether a cue reports something now: not negated, not hypothetical, not history and not someone else's wish.

Transfer reporting is full of cues that do not report what they say: "have yet to make a bid", "if Chelsea walk
away", "who joined from Ajax in 2019", "the coach wants him to stay". Each rule here takes such a cue back (or
marks the clause as history) by the words around it; all are pure functions of the sentence's keys.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from bot.domain import OFF
from bot.extraction.grammar import (
    BID_NOT_MADE, BOUNDARY_WORDS, DENIALS, HYPOTHETICAL, MODALS, MODAL_BE, MODAL_KEYS, MODAL_STAGES, MONTHS,
    MONTH_KEYS, NEGATORS, NOT_AFFIRMING, STAYING, STAY_AFTER, WISH_VERBS, YEAR,
)
from bot.extraction.phrases import Hit
from bot.extraction.segment import Sentence

#: every word `affirmed` asks whether the sentence has
_READ_WORDS = frozenset({"had", "before"}) | NOT_AFFIRMING


def affirmed(s: Sentence, hits: Sequence[Hit], clause: list[int]) -> list[Hit]:
    """Cues that report something: not negated ("have yet to reach an agreement", "no bid has been made") and
    not hypothetical ("if Chelsea walk away", "unless an offer arrives").

    `off` cues carry their own negation ("no longer", "not pursue") and are kept unless hypothetical or
    negated themselves ("have not given up"). A deal step under a modal is a possibility, not news.
    """
    keys = s.keys
    present = _READ_WORDS.intersection(keys)  # one pass over the sentence; the checks below read this small set
    if "had" in present and "before" in present:
        # "Chelsea had essentially bought him before Barcelona swooped in": a step overtaken by what followed
        hits = [h for h in hits if not ("had" in keys[max(0, h.start - 3):h.start] and "before" in keys[h.end:])]
    if NOT_AFFIRMING.isdisjoint(present):
        return list(hits)  # most sentences: nothing that could take a cue back
    negated = not (NEGATORS.isdisjoint(present) and HYPOTHETICAL.isdisjoint(present))
    modal = not MODALS.isdisjoint(present)
    staying = not STAYING.isdisjoint(present)
    out = []
    for h in hits:
        if staying and keys[h.end:h.end + 2] in STAY_AFTER:
            continue  # "Brighton want him to stay": his own club keeping him, no move
        if modal and h.label in MODAL_STAGES and (
                keys[h.start - 1:h.start] in MODAL_KEYS or keys[h.start - 2:h.start] in MODAL_BE
                or (h.label != "bid" and keys[h.end:h.end + 2] in MODAL_BE)):
            continue  # "what they can offer", "(the bid) would be accepted", "an agreement could be reached"
        if not negated:
            out.append(h)
            continue
        c = clause[min(h.start, len(clause) - 1)]
        # a bid is denied further back: "they have not formalised this interest by way of a bid"
        reach = 8 if h.label == "bid" else 4
        before = [keys[k] for k in range(max(0, h.start - reach), h.start) if clause[k] == c]
        if h.label != OFF and any(k in NEGATORS for k in before):
            continue
        if h.label == "bid" and bid_not_made(keys, h):
            continue  # "a bid from Bayern ... has yet to arrive"
        if h.label == OFF and NEGATORS.isdisjoint(h.phrase.split()) and (
                not DENIALS.isdisjoint(before[-3:]) or "not to say" in " ".join(keys[max(0, h.start - 8):h.start])):
            continue  # "Arsenal have not given up on him", "that's not to say they have given up"
        start = h.start
        while start > 0 and clause[start - 1] == c:
            start -= 1
        if any(keys[k] in HYPOTHETICAL for k in range(max(start - 1, 0), h.start)):
            continue
        out.append(h)
    return out


def bid_not_made(keys: Sequence[str], h: Hit) -> bool:
    """ "A bid from X for Y, which would fund ..., has yet to arrive": the rest of the bid's sentence (up to a
    "but"/"while") says it was not made."""
    rest = []
    for k in keys[h.end:h.end + 30]:
        if k in BOUNDARY_WORDS:
            break
        rest.append(k)
    tail = " ".join(rest)
    return any(p in tail for p in BID_NOT_MADE)


def former_interest(keys: Sequence[str], hit: Hit) -> bool:
    """ "X, who had long been a target for Chelsea", "who was also of interest to United": interest told as
    background, in the pluperfect or in a past-tense relative clause about the player, is no current link."""
    before = keys[max(0, hit.start - 6):hit.start]
    if "had" in before and "been" in before:
        return True
    return "who" in before and ("was" in before or "were" in before)


def done_months_ago(keys: Sequence[str], clause: list[int], hit: Hit, published: date | None) -> bool:
    """ "snapped up X in January" in a May article: a move completed months ago is history, not news (a
    month named with "in" or "last" in the cue's clause, earlier in the year of publication)."""
    if published is None or MONTH_KEYS.isdisjoint(keys):
        return False
    c = clause[min(hit.start, len(clause) - 1)]
    return any(MONTHS.get(k, 13) < published.month and clause[n] == c and keys[n - 1] in ("in", "last")
               for n, k in enumerate(keys) if n)


def far_future(s: Sentence, published: date | None) -> bool:
    """A year two or more seasons after publication: a long contract, not one running out."""
    if published is None:
        return False
    return any(len(k) == 4 and k.isdigit() and int(k) >= published.year + 2 for k in s.keys)


def past_clauses(s: Sentence, misc: Sequence[Hit], clause: list[int], published: date | None) -> set[int]:
    """Clauses that tell history ("who joined from Ajax in 2019", "the £60m they paid for him last summer")."""
    out = {clause[min(h.start, len(clause) - 1)] for h in misc if h.label == "past"} if misc else set()
    if published is not None and YEAR.search(s.text):
        for k, key in enumerate(s.keys):
            if len(key) == 4 and key.isdigit() and 1950 <= int(key) < published.year:
                out.add(clause[k])
    return out


def wished_by_another(keys: Sequence[str], hit: Hit) -> bool:
    """ "wants X to stay", "urged him to remain": someone wishes it of the player ("he wants to stay" is his)."""
    for k in range(max(0, hit.start - 6), hit.start):
        if keys[k] in WISH_VERBS and k + 1 < len(keys) and keys[k + 1] != "to":
            return "to" in keys[k + 2:hit.start + 1]
    return False
