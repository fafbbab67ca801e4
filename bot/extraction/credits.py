"""Who each sentence of an article is credited to: its own attribution, else the one named before it, else the
article's first.

Reporters name a source once and go on ("according to Sky Sports, ... The outlet adds ..."), so a sentence without
an attribution carries the last one; "the German outlet reports" refers back to the outlet named before. A name in
an attribution that is one of the article's players or clubs is no source.
"""

from __future__ import annotations

from bot.extraction.article_state import ArticleState
from bot.extraction.gazetteer import Gazetteer
from bot.extraction.sources import BACK_REFERENCE, SourceFinder
from bot.extraction.textnorm import fold_name, tokenize


def credit_sentences(st: ArticleState, finder: SourceFinder, gazetteer: Gazetteer) -> list[str | None]:
    """The source each sentence of the article is credited to (None when the article names none)."""
    known: list[set[str]] = []  # the article's player and club names, built on first need (rarely needed)

    def not_source(name: str) -> bool:
        if not known:
            known.append({fold_name(p.name) for p in st.people if not p.non_player}
                         | {p.surname for p in st.people if not p.non_player}
                         | {fold_name(c) for cs in st.clubs for _, c in cs})
        f = fold_name(name)
        return f in known[0] or f.split(" ")[-1] in known[0] or \
            gazetteer.lookup(" ".join(tokenize(name))) is not None

    found = [finder.find(s.text, not_source, s.keys, s.caps) for s in st.sentences]
    last: str | None = None
    credited: list[str | None] = []
    for k, src in enumerate(found):
        if src == BACK_REFERENCE:
            found[k] = last  # "the German outlet reports": the outlet named before
        elif src:
            last = src
        credited.append(last)
    first = next((src for src in found if src), None)
    # each sentence's credit: its own source, else the last one named before it, else the article's first
    return [src or first for src in credited]

