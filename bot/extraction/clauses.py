"""Clauses of a sentence: which tokens belong together when deciding what a cue or a name is about.

Punctuation and subordinating words ("but", "while", "who") start a new clause; a comma inside a list of clubs or
before "including" does not. Most rules ask "is this in the same clause as that", so each sentence's clause
numbers are computed once per article and kept in the article's record.
"""

from __future__ import annotations

from itertools import accumulate
from operator import add
from typing import Sequence

from bot.extraction.article_state import ArticleState
from bot.extraction.gazetteer import ClubMention
from bot.extraction.grammar import APPOSITION, BOUNDARY_WORDS, FIGURE_WORDS, gap_breaks
from bot.extraction.segment import Sentence


def clause_ids(s: Sentence, clubs: Sequence[tuple[ClubMention, str]]) -> list[int]:
    """Clause number of each token: punctuation and subordinating words start a new clause, list commas don't.

    Built from C-level maps over the sentence's gaps and words (this runs for most sentences of every article).
    """
    starts = list(map(gap_breaks, s.gaps))
    starts[0] = False
    keys = s.keys
    if not APPOSITION.isdisjoint(keys):
        for k in range(1, len(keys)):
            if keys[k] in APPOSITION and starts[k]:
                starts[k] = False  # "several clubs, including Arsenal and Spurs": the list belongs to "clubs"
    if "(" in s.text:
        _join_bracketed_figures(s, starts)
    for m, _ in clubs:
        # "Chelsea, Arsenal and PSG": a comma between two clubs lists them, it does not end a clause
        if m.start and starts[m.start] and s.gaps[m.start].strip() == "," and \
                any(o.end == m.start for o, _ in clubs):
            starts[m.start] = False
    return list(accumulate(map(add, starts, map(BOUNDARY_WORDS.__contains__, keys))))


def _join_bracketed_figures(s: Sentence, starts: list[bool]) -> None:
    """ "a £25 million (€30m) verbal bid": a bracket holding only a figure (a conversion, a total) sits inside its
    clause; it starts no clause, and ends one only where punctuation follows it."""
    keys, gaps = s.keys, s.gaps
    n = len(keys)
    for k in range(1, n):
        if "(" not in gaps[k] or ")" in gaps[k]:
            continue
        j = k  # tokens k..j-1 are inside the bracket; gaps[j] closes it
        while j < n and j - k < 3 and (keys[j][:1].isdigit() or keys[j] in FIGURE_WORDS) and \
                (j == k or ")" not in gaps[j]):
            j += 1
        if k < j < n and ")" in gaps[j] and "(" not in gaps[j]:
            starts[k] = False
            starts[j] = any(c in gaps[j] for c in ",;:")


def clauses_of(st: ArticleState, i: int) -> list[int]:
    """Clause ids of sentence i, computed once per article."""
    ids = st.clauses.get(i)
    if ids is None:
        ids = st.clauses[i] = clause_ids(st.sentences[i], st.clubs[i])
    return ids
