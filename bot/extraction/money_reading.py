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


#: How far before a figure a clause word may stand when the figure is what the clause is ("the release clause his
#: club put in his new contract is €120m"): further than the other money words, which sit next to their figure.
_CLAUSE_REACH = 14


def _clause_names(start: int, end: int, span: tuple[int, int], keys: Sequence[str],
                  spans: Sequence[tuple[int, int]], clause: Sequence[int]) -> bool:
    """Whether a release-clause word at tokens [start, end) is about the figure at `span`. A clause word belongs to
    the figure right before it ("a €120m release clause") or, failing that, to the next figure after it in its
    clause ("a release clause of €80m", "the release clause ... is €120m"), not to a figure of another noun phrase
    ("Y's €120m release clause, while a €35m deal for Z")."""
    owner = next((sp for sp in spans if 0 <= start - sp[1] <= 3), None)
    if owner is not None:
        return owner == span  # "€120m release clause", "€120m (S$171m) release clause"
    if start >= span[1]:
        # after this figure but not right after it: "€60m in his contract as a buyout clause", no figure between
        return start - span[1] <= 8 and not any(span[1] <= sp[0] < start for sp in spans)
    if any(end <= sp[0] < span[0] for sp in spans):
        return False  # another figure stands between the clause word and this one
    if span[0] - end <= 8:
        return True
    # a long subject ("the release clause Benfica put in the contract of X is €120m"): only within one clause and
    # with no deal of its own in between ("the clause ..., but the bid is €80m")
    return bool(clause) and clause[min(start, len(clause) - 1)] == clause[min(span[0], len(clause) - 1)] and all(
        keys[k:k + 1] not in DEAL_NOUN_KEYS for k in range(end, span[0]))


def _worth_of_a_deal(keys: Sequence[str], at: int, clause: Sequence[int]) -> bool:
    """Whether "worth" at token `at` tells what a deal is worth: a deal noun heads the noun phrase it closes ("a bid
    worth", "an opening bid for X worth", "a deal with the club worth"), within its clause."""
    here = clause[min(at, len(clause) - 1)] if clause else None
    return any(keys[k:k + 1] in DEAL_NOUN_KEYS and (here is None or clause[k] == here)
               for k in range(max(0, at - _DEAL_REACH), at))


#: How many words back from "worth" the deal noun it qualifies may stand ("a deal with the Ukrainian club worth").
_DEAL_REACH = 5


class MoneyReader:
    """Tells what kind of sum a figure is, from the money cue words near it."""

    def __init__(self, money_cues: Mapping[str, Sequence[str]]) -> None:
        self._money_words = PhraseMatcher()
        for kind, ps in money_cues.items():
            self._money_words.add(((p, kind) for p in ps), kind)

    def kind_of(self, s: Sentence, fig: Figure, span: tuple[int, int], keys: Sequence[str],
                spans: Sequence[tuple[int, int]], clause: Sequence[int]) -> str:
        """What a figure at tokens `span` is, from the words around it (bonus, clause, wages asked/offered,
        valuation, else a fee). `spans` are the token spans of all the sentence's figures, `clause` its clause ids."""
        pos = span[0]
        lo = max(0, pos - _CLAUSE_REACH)
        found = self._money_words.find_groups(keys[lo:pos + 8])

        def near(kind: str, start: int, end: int) -> bool:
            return any(h.start + lo >= start and h.end + lo <= end for h in found.get(kind, ()))

        if near("signing_bonus", pos - 8, pos + 8):
            return "signing_bonus"
        if "release_clause" in found and any(
                _clause_names(h.start + lo, h.end + lo, span, keys, spans, clause) for h in found["release_clause"]):
            return "release_clause"
        if fig.per or any(pos - 5 <= h.start + lo and h.end + lo <= pos + 6 and not (
                h.phrase == "earn*" and keys[h.end + lo:h.end + lo + 1] in CLUB_OBJECTS)
                for h in found.get("wage", ())):  # but "the sale could earn them €100m" is a fee
            if near("wage_demand", pos - 8, pos):
                return "wage_demand"
            if near("wage_offer", pos - 8, pos):
                return "wage_offer"
            return "wage"
        if any(pos - 6 <= h.start + lo and h.end + lo <= pos + 1 and not (
                h.phrase == "worth" and _worth_of_a_deal(keys, h.start + lo, clause)) or h.start + lo == span[1]
               for h in found.get("valuation", ())):  # "£70m price tag": the figure names a valuation
            return "valuation"  # but "a bid worth €60m", "a bid for him worth €60m" is the bid's fee
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


def tells_other_money(s: Sentence, misc: Sequence[Hit]) -> bool:
    """Whether a sentence's money-noise words (debt, revenue, stadium, ...) say its figures are about something other
    than a player's transfer. A noise word written as part of a name ("the Emirates Stadium": capitalised, after a
    capitalised word) names a place and says nothing about the money."""
    caps = s.caps
    for h in misc:
        if h.label == "noise" and not (h.start and caps[h.start] and caps[h.start - 1]):
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
