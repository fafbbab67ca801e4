"""Money figures: "£7m", "€160 million", "£200,000-a-week", "€9-10m", "60m euros", "$1.2bn".

Amounts are returned in the currency's main unit. A figure in brackets straight after another one, or after
"equates to"/"roughly", is a conversion of the same sum and is skipped (SCHEMA.md labels the first currency only).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_CUR_SYMBOL = {"£": "GBP", "€": "EUR", "$": "USD"}
_CUR_WORD = {"euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "dollar": "USD", "dollars": "USD"}
_MULT = {"bn": 1e9, "billion": 1e9, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}

# Bounded quantifiers only: no nested repetition, so no catastrophic backtracking on long inputs.
# Two patterns where one alternation would do: a pattern that must start with a currency sign is scanned for by
# its first character, where an alternation with the figure-then-word form is tried at every character; and the
# second form is tried only on sentences that write a currency word at all (see `_figure_matches`).
_MONEY = re.compile(
    r"(?P<cur>[£€$])\s?(?P<num>\d{1,3}(?:,\d{3}){1,3}|\d{1,6}(?:\.\d{1,3})?)"
    r"(?:\s?(?:-|–|to)\s?[£€$]?(?P<num2>\d{1,6}(?:\.\d{1,3})?))?"
    r"\s?(?P<mult>bn|billion|mln|mn|million|m|k|thousand)?(?![a-z])",
    re.IGNORECASE,
)
_MONEY_THEN_WORD = re.compile(
    r"(?<![\w.,])(?:(?P<lowb>\d{1,6}(?:\.\d{1,3})?)\s?(?:-|–|to|and)\s?)?(?P<numb>\d{1,3}(?:,\d{3}){1,3}|\d{1,6}(?:\.\d{1,3})?)\s?(?P<multb>bn|billion|mln|mn|million|m)?\s?"
    r"(?P<curb>euros?|pounds?|dollars?)\b",
    re.IGNORECASE,
)
# "one billion euros": tried only on sentences that say "million" or "billion" and write a currency word
_MONEY_IN_WORDS = re.compile(
    r"\b(?P<wordnum>one|two|three|four|five|six|seven|eight|nine|ten|a|half a)\s(?P<multw>billion|million)\s"
    r"(?P<curw>euros?|pounds?|dollars?)\b",
    re.IGNORECASE,
)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "a": 1, "half a": 0.5}
# The upper end of a range ("€35m to €40m"): the range is labelled at its low end.
_RANGE_BETWEEN = re.compile(r"^\s?(?:-|–|to|and)\s?$", re.IGNORECASE)
# Parts of a sum rather than the sum: add-ons, bonuses and what it could rise to ("plus €5m in add-ons").
_ADDON_BEFORE = re.compile(r"(?:\bplus|\+|\brising to|\brise to|\bcould reach(?: the amount of)?|\bcould rise to|"
                           r"\b(?:an?|the|that|this|another) (?:extra|additional|further)|\bwith add-ons of)\s*$",
                           re.IGNORECASE)
#: The longest add-on words `_ADDON_BEFORE` can match ("could reach the amount of"). Its words end the text before a
#: figure (only spaces may follow), so a match starts at most this far before the text's last non-space character.
#: Searching from there, rather than trying every alternative at each of the 40 characters, gives the same answer.
_ADDON_BEFORE_REACH = 25
_ADDON_AFTER = re.compile(r"^\s?(?:in\s|worth\sof\s|of\s)?(?:potential\s|performance[- ]related\s)?"
                          r"(?:add-?ons|bonuses|variables)"
                          # "£20m of that going to his old club": a share of the sum named before
                          r"|^\s?of\s(?:that|this|which|it|the\s(?:fee|total|sum|amount))\b",
                          re.IGNORECASE)
# A difference rather than a sum: "an increase of £3m in his salary", "Hull want £10m more" (but not "£10m more
# than", a comparison that names the sum).
_DIFFERENCE_BEFORE = re.compile(r"\b(?:increase|increment|rise|raise|hike|cut|reduction)\s(?:of\s)?"
                                r"(?:at least\s|around\s|about\s|roughly\s|some\s|up to\s|almost\s|nearly\s)?$",
                                re.IGNORECASE)
_DIFFERENCE_AFTER = re.compile(r"^\s?(?:more|less|extra|short)\b(?!\s(?:than|th[ae]n)\b)", re.IGNORECASE)
# After "made up of" a sentence breaks a sum into its parts.
_BREAKDOWN = re.compile(r"\b(?:made up of|consisting of|comprising|comprised of|split between|broken down)\b",
                        re.IGNORECASE)
_WEEK_AFTER = re.compile(r"^[\s-]{0,2}(?:a|per|each|every|/)?[\s-]{0,2}(?:week|wk)\b|^\s?p/?w\b", re.IGNORECASE)
_YEAR_AFTER = re.compile(
    r"^[\s-]{0,2}(?:net\s|gross\s|after tax\s)?(?:a|per|each|every|/)?[\s-]{0,2}(?:year|season|annum|yr)\b"
    r"|^\s?(?:annually|yearly)\b|^\s?p/?a\b",
    re.IGNORECASE,
)
_WEEK_BEFORE = re.compile(r"\b(?:weekly)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"\b(?:annual|yearly|a year|per year|per season|salary)\s+(?:\w+\s+){0,4}$", re.IGNORECASE)
_CONVERSION_BEFORE = re.compile(r"(?:\(\s*|equat\w*\s+to\s+(?:\w+\s+)?|equivalent\s+(?:of|to)\s+|or\s+)$",
                                re.IGNORECASE)


#: The letters before a "$" that name whose dollar it is ("US$", "S$", "HK$").
_DOLLAR_PREFIX = re.compile(r"[A-Za-z]{1,3}$")


class Figure(NamedTuple):
    """A sum of money found at [start, end) of a sentence."""

    amount: float
    currency: str
    per: str | None
    start: int
    end: int


def _figure_matches(text: str) -> list[re.Match[str]]:
    """Every figure-shaped match in order of position. The forms with a currency word ("60m euros", "one billion
    euros") are only tried where one is written; most sentences with money use a sign."""
    low = text.lower()
    if "euro" not in low and "pound" not in low and "dollar" not in low:
        return list(_MONEY.finditer(text))  # no currency word: only the sign form can match
    out = _sign_or_word_matches(text)
    if "illion" in text:
        out = sorted(out + list(_MONEY_IN_WORDS.finditer(text)), key=lambda m: m.start())
    return out


def _sign_or_word_matches(text: str) -> list[re.Match[str]]:
    """Matches of `_MONEY` and `_MONEY_THEN_WORD` as one alternation of the two would find them: left to right,
    none overlapping, the currency-sign form first where both start at the same character."""
    out: list[re.Match[str]] = []
    pos = 0
    while True:
        sign, word = _MONEY.search(text, pos), _MONEY_THEN_WORD.search(text, pos)
        if sign is None and word is None:
            return out
        m = sign if word is None or (sign is not None and sign.start() <= word.start()) else word
        out.append(m)
        pos = m.end()


def find_figures(text: str) -> list[Figure]:
    """All money figures of a sentence: conversions, the top of ranges, add-ons and the parts of a sum dropped."""
    out: list[Figure] = []
    last_end = -100
    # "made up of ...": searched for only when a second figure needs it (most sentences have one figure)
    breakdown: re.Match[str] | None | bool = False
    for m in _figure_matches(text):
        if m.re is _MONEY:
            currency = _CUR_SYMBOL[m.group("cur")]
            num, mult = m.group("num"), (m.group("mult") or "").lower()
        elif m.re is _MONEY_THEN_WORD:
            currency = _CUR_WORD[m.group("curb").lower()]
            num, mult = m.group("lowb") or m.group("numb"), (m.group("multb") or "").lower()
        else:
            currency = _CUR_WORD[m.group("curw").lower()]
            num, mult = str(_WORD_NUMBERS[m.group("wordnum").lower()]), m.group("multw").lower()
        if m.re is _MONEY and m.group("cur") == "$" and m.start() and text[m.start() - 1].isalpha() and \
                _DOLLAR_PREFIX.search(text, max(0, m.start() - 3), m.start()).group().upper() != "US":
            last_end = m.end()
            continue  # "S$171m", "A$5m": another country's dollars, given as a conversion or not ours to label
        try:
            value = float(num.replace(",", ""))
        except ValueError:
            continue
        amount = value * _MULT.get(mult, 1.0)
        if amount < 1000:
            continue
        before = text[max(0, m.start() - 40):m.start()]
        after = text[m.end():m.end() + 30]
        per = None
        if _WEEK_AFTER.search(after) or _WEEK_BEFORE.search(before):
            per = "week"
        elif _YEAR_AFTER.search(after) or _YEAR_BEFORE.search(before):
            per = "year"
        if out and _RANGE_BETWEEN.match(text[last_end:m.start()]):
            if per and out[-1].per is None:
                out[-1] = out[-1]._replace(per=per)  # "€35m to €40m a year": the period covers the range
            last_end = m.end()
            continue
        if out and m.start() - last_end < 70 and _CONVERSION_BEFORE.search(before):
            last_end = m.end()
            continue  # "(£137m)" after "€160m": the same sum in another currency
        if out and breakdown is False:
            breakdown = _BREAKDOWN.search(text)
        addon_from = max(0, len(before.rstrip()) - _ADDON_BEFORE_REACH)
        if _ADDON_BEFORE.search(before, addon_from) or _ADDON_AFTER.match(after) or _DIFFERENCE_AFTER.match(after) \
                or _DIFFERENCE_BEFORE.search(before) or (
                out and breakdown and m.start() > breakdown.start()):
            last_end = m.end()
            continue
        out.append(Figure(amount, currency, per, m.start(), m.end()))
        last_end = m.end()
    return out
