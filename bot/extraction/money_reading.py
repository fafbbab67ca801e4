"""What a figure in a sentence is (fee, wage asked or offered, valuation, release clause, signing bonus) and which
club it belongs to, from the words around it.

`money.py` finds the figures; this module reads them in context: "€100m release clause" is no fee, "earns £200,000
a week" is a wage, and a fee belongs to the club named nearest to it that is neither the player's own nor one
describing a player.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from bot.extraction.article_state import ArticleState
from bot.extraction.current_club import current_of
from bot.extraction.grammar import CLUB_OBJECTS, DEAL_NOUN_KEYS, MODALS
from bot.extraction.money import Figure
from bot.extraction.phrases import Hit, PhraseMatcher
from bot.extraction.players import Person
from bot.extraction.segment import Sentence


class MoneyReader:
    """Tells what kind of sum a figure is, from the money cue words near it."""

    def __init__(self, money_cues: Mapping[str, Sequence[str]]) -> None:
        self._money_words = PhraseMatcher()
        for kind, ps in money_cues.items():
            self._money_words.add(((p, kind) for p in ps), kind)

    def kind_of(self, s: Sentence, fig: Figure, pos: int, keys: Sequence[str]) -> str:
        """What a figure is, from the words around it (bonus, clause, wages asked/offered, valuation, else a fee)."""
        lo = max(0, pos - 8)
        found = self._money_words.find_groups(keys[lo:pos + 8])

        def near(kind: str, start: int, end: int) -> bool:
            return any(h.start + lo >= start and h.end + lo <= end for h in found.get(kind, ()))

        if near("signing_bonus", 0, pos + 8):
            return "signing_bonus"
        if near("release_clause", 0, pos + 8):
            return "release_clause"
        if fig.per or any(pos - 5 <= h.start + lo and h.end + lo <= pos + 6 and not (
                h.phrase == "earn*" and keys[h.end + lo:h.end + lo + 1] in CLUB_OBJECTS)
                for h in found.get("wage", ())):  # but "the sale could earn them €100m" is a fee
            if near("wage_demand", 0, pos):
                return "wage_demand"
            if near("wage_offer", 0, pos):
                return "wage_offer"
            return "wage"
        if any(pos - 6 <= h.start + lo and h.end + lo <= pos + 1 and not (
                h.phrase == "worth" and keys[h.start + lo - 1:h.start + lo] in DEAL_NOUN_KEYS)
               for h in found.get("valuation", ())):
            return "valuation"  # but "a bid worth €60m" is the bid's fee
        return "fee"


#: Price words that tell a sum still to be paid when one of these stands right before them: "the clause is paid up
#: front", "will cost £100m", "likely to cost", "the highest paid player"; not "Chelsea paid £50m for him".
_PRICE_STILL_DUE = frozenset({"is", "are", "be", "being", "will", "to", "highest", "best", "lowest", "well"}) | MODALS
#: The price words whose tense the word before them tells ("paid", "cost"): other price-history cues ("most
#: expensive", "recouped") always tell history.
_TENSED_PRICE_WORDS = frozenset({"paid", "cost"})


def tells_price_history(keys: Sequence[str], misc: Sequence[Hit]) -> bool:
    """Whether a sentence's price-history cues put its figures in the past ("the £60m they paid for X"). A price
    word after an auxiliary, a modal or "to" is the price of the deal now in hand ("will cost £100m"), not history."""
    for h in misc:
        if h.label == "price_history" and not (
                h.phrase in _TENSED_PRICE_WORDS and h.start and keys[h.start - 1] in _PRICE_STILL_DUE):
            return True
    return False


def money_club(st: ArticleState, person: Person, i: int, pos: int, kind: str) -> str | None:
    """The club a figure at token `pos` of sentence i belongs to: none for a wage demand, his own club for a
    valuation or release clause, else the nearest club that is not his own nor a descriptor (wages fall back to his
    own club)."""
    if kind == "wage_demand":
        return None
    current = current_of(st, person)
    if kind in ("valuation", "release_clause"):
        return current
    best, best_d = None, 10**9
    for m, club in st.clubs[i]:
        if club == current or (i, m.start) in st.descriptors:
            continue  # his club, or one describing a player ("the former Stuttgart ace"), pays no fee
        d = abs(m.start - pos)
        if d < best_d:
            best, best_d = club, d
    if best is None and kind.startswith("wage"):
        return current
    return best
