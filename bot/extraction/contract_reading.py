"""What a contract cue reports, read from the words of its clause: renewal talks that broke down are a rejection,
a club's hope to tie a player down is no negotiation, and anything under "if" is a possibility, not news.

Contract reporting tells the state of a deal through the fate of its talks ("negotiations over a new deal had
collapsed"), the club's intentions ("were hoping to tie him down") and conditions ("he could be sold if he refuses to
extend"). The cue phrase alone reads the first as talks, the second as talks and the third as a rejection; these
rules read the clause around it. All are pure functions of the sentence's keys and clause numbers.
"""

from __future__ import annotations

from typing import Sequence

from bot.extraction.grammar import CLUB_DEAL_STAGES, HYPOTHETICAL, INTENT_WORDS, TALKS_BROKE_DOWN
from bot.extraction.phrases import Hit

#: how far after renewal talks a breakdown word is looked for ("negotiations over a new deal had | collapsed")
_BREAKDOWN_REACH = 6
#: how far before a club's renewal step a hope or plan is looked for ("were hoping to | tie him down to a new deal")
_INTENT_REACH = 8


def reported_contract_hits(keys: Sequence[str], clause: list[int], hits: Sequence[Hit]) -> list[Hit]:
    """The contract cues of a sentence that report something, each at the stage its clause gives it."""
    out = []
    for h in hits:
        c = clause[min(h.start, len(clause) - 1)]
        if _conditional(keys, clause, h.start, c):
            continue  # "he could be sold if he refuses to extend": a condition, not what happened
        if h.label == "renewal_talks" and _broke_down(keys, clause, h, c):
            h = h._replace(label="rejects_renewal")  # "negotiations over a new deal had collapsed"
        elif h.label in CLUB_DEAL_STAGES and _intended(keys, clause, h.start, c):
            continue  # "the club were hoping to tie him down to a new deal": a hope, not talks
        elif h.label == "renewal_offer" and "will" in keys[max(0, h.start - 3):h.start]:
            continue  # "he will be offered a new deal": an offer still to come, not one made
        out.append(h)
    return out


def _conditional(keys: Sequence[str], clause: list[int], start: int, c: int) -> bool:
    """Whether the cue's clause opens with "if"/"unless" ("if the player wants to leave and someone pays")."""
    k = start
    while k > 0 and clause[k - 1] == c:
        k -= 1
    return keys[k] in HYPOTHETICAL


def _broke_down(keys: Sequence[str], clause: list[int], h: Hit, c: int) -> bool:
    """Whether a breakdown word follows renewal talks in their clause ("talks over an extension stalled")."""
    end = min(len(keys), h.end + _BREAKDOWN_REACH)
    return any(keys[k] in TALKS_BROKE_DOWN and clause[k] == c for k in range(h.end, end))


def _intended(keys: Sequence[str], clause: list[int], start: int, c: int) -> bool:
    """Whether a hope or plan comes shortly before a club's renewal step in its clause ("hope to tie him down")."""
    return any(keys[k] in INTENT_WORDS and clause[k] == c for k in range(max(0, start - _INTENT_REACH), start))
