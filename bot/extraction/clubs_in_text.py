"""Which clubs a sentence names, resolved to one club each: the gazetteer's finds, less those that are not a club
here, plus the short and described forms an article uses once it has named the club.

A nickname ("the Blues", "United") counts only for a club the article names plainly; "City" alone stands for the
one club of the article ending in "City"; "the Dutch club" is the Dutch club named last. A one-word club that is a
person's surname ("Jamie Barnsley"), a place ("a medical in Miami") or part of an outlet's name ("Mundo Deportivo")
is no club.
"""

from __future__ import annotations

from itertools import compress
from typing import Sequence

from bot.extraction.gazetteer import ClubMention, Gazetteer
from bot.extraction.grammar import SHORT_FORM_WORDS
from bot.extraction.segment import Sentence
from bot.extraction.sources import SourceFinder
from bot.extraction.textnorm import fold


class ClubFinder:
    """Finds the clubs of each sentence of an article."""

    def __init__(self, gazetteer: Gazetteer, descriptions: dict[str, str], description_nouns: frozenset[str],
                 outlet_words: frozenset[str], not_names: frozenset[str], roles: frozenset[str],
                 positions: frozenset[str], sources: SourceFinder) -> None:
        self._gazetteer = gazetteer
        #: "dutch", "serie a" -> country code, and the nouns that make them a club ("club", "side")
        self._descriptions = descriptions
        self._description_nouns = description_nouns
        self._description_words = frozenset(a.split()[0] for a in descriptions)
        #: words of multi-word outlet names ("mundo", "deportivo")
        self._outlet_words = outlet_words
        #: words before a one-word club that do not make it a surname ("Spain", "boss")
        self._nationality = not_names
        self._roles = roles
        #: words after "in <Club>" that keep it a club ("in Hibernian's defence")
        self._positions = positions
        self._sources = sources

    def find(self, sentences: Sequence[Sentence]) -> list[list[tuple[ClubMention, str]]]:
        """Each sentence's club mentions with the club each stands for, in order of position."""
        raw = [self._gazetteer.find(s.words, s.keys, s.gaps, s.caps) for s in sentences]
        surnames = self._surname_aliases(sentences, raw)
        if surnames:
            raw = [[m for m in ms if m.end - m.start > 1 or s.keys[m.start] not in surnames]
                   for s, ms in zip(sentences, raw)]
        plain = {m.candidates[0] for ms in raw for m in ms if not m.ambiguous}
        short = _short_forms(plain)
        if short:
            raw = [_with_short_forms(s, ms, short) for s, ms in zip(sentences, raw)]
        out: list[list[tuple[ClubMention, str]]] = []
        recent: dict[str, str] = {}  # country -> the club of that country named last, for "the Dutch club"
        for s, ms in zip(sentences, raw):
            resolved: list[tuple[ClubMention, str]] = []
            for m in ms:
                if not m.ambiguous:
                    resolved.append((m, m.candidates[0]))
                    continue
                # a nickname ("the Blues", "United") counts only for a club the article also names plainly
                in_article = [c for c in m.candidates if c in plain]
                if in_article:
                    resolved.append((m, in_article[0]))
            clubs = [(m, c) for m, c in resolved if not self._not_a_club_here(s, m)]
            if "the" in s.keys and not self._description_words.isdisjoint(s.keys):
                clubs = self._described_clubs(s, clubs, recent)
            for _, club in clubs:
                country = self._gazetteer.country.get(club)
                if country:
                    recent[country] = club
            out.append(clubs)
        return out

    def _described_clubs(self, s: Sentence, clubs: list[tuple[ClubMention, str]],
                         recent: dict[str, str]) -> list[tuple[ClubMention, str]]:
        """Add "the Dutch club", "the Serie A side" as mentions of the club of that country named last (before
        it in this sentence or earlier in the article)."""
        keys = s.keys
        words = self._description_words
        starts = [k for k in compress(range(len(keys) - 2), map("the".__eq__, keys)) if keys[k + 1] in words]
        if not starts:
            return clubs
        taken = {k for m, _ in clubs for k in range(m.start, m.end)}
        seen = dict(recent)
        out = list(clubs)
        order = sorted(clubs, key=lambda mc: mc[0].start)
        for k in starts:
            for width in (3, 2, 1):
                country = self._descriptions.get(" ".join(keys[k + 1:k + 1 + width]))
                end = k + 1 + width
                if country and end < len(keys) and keys[end] in self._description_nouns:
                    break
            else:
                continue
            if any(j in taken for j in range(k + 1, end + 1)):
                continue
            for m, club in order:  # clubs named earlier in this sentence come first
                if m.end <= k and self._gazetteer.country.get(club) == country:
                    seen[country] = club
            club = seen.get(country)
            if club is not None:
                out.append((ClubMention(k + 1, end + 1, (club,), False), club))
        out.sort(key=lambda mc: mc[0].start)
        return out

    def _surname_aliases(self, sentences: Sequence[Sentence], raw: Sequence[Sequence[ClubMention]]) -> set[str]:
        """One-word club names that the article uses as a person's surname ("Diego Alvarado", "Jamie Barnsley"):
        a capitalised first name right before them, mid-sentence (a sentence's first word is capitalised anyway).
        Every lone mention of that word is then the person."""
        out: set[str] = set()
        for s, ms in zip(sentences, raw):
            for m in ms:
                k = m.start
                if m.end - k == 1 and k > 1 and s.caps[k - 1] and s.gaps[k] == " " and len(s.words[k - 1]) > 1 and \
                        s.keys[k - 1] not in self._nationality and s.keys[k - 1] not in self._roles and \
                        not any(o.end == k for o in ms):
                    out.add(s.keys[k])
        return out

    def _not_a_club_here(self, s: Sentence, m: ClubMention) -> bool:
        """A place ("a medical in Miami") or part of an outlet's name ("Mundo Deportivo") rather than a club."""
        keys = s.keys
        if m.end - m.start == 1 and m.start and keys[m.start - 1] == "in" and not s.caps[m.start - 1] and \
                not (m.start > 1 and keys[m.start - 2].startswith("interest")) and \
                not (m.end < len(keys) and keys[m.end] in self._positions):
            return True  # "a medical in Miami", but not "interested in Villarreal" or "in Hibernian's defence"
        ow, caps, n = self._outlet_words, s.caps, len(keys)
        if ow.isdisjoint(keys[max(0, m.start - 2):m.end + 2]):
            return False  # most mentions: no word of a multi-word outlet name within two words
        for k in (m.start - 2, m.start - 1, m.end, m.end + 1):
            if 0 <= k < n and caps[k] and keys[k] in ow:
                break
        else:
            return False  # no capitalised word of a multi-word outlet name next to it
        lo, hi = max(0, m.start - 2), min(n, m.end + 2)
        return any(self._sources.is_known(s.span_text(a, b)) for a in range(lo, m.start + 1)
                   for b in range(m.end, hi + 1) if (a, b) != (m.start, m.end))


def _short_forms(plain: set[str]) -> dict[str, str]:
    """ "City" for Manchester City, "United" for Newcastle United: a generic last word stands for the one club
    of the article that ends with it (never when two do, as Manchester and Newcastle United)."""
    by_word: dict[str, list[str]] = {}
    for club in plain:
        last = fold(club).rsplit(" ", 1)[-1]
        if last in SHORT_FORM_WORDS and " " in club:
            by_word.setdefault(last, []).append(club)
    return {w: clubs[0] for w, clubs in by_word.items() if len(clubs) == 1}


def _with_short_forms(s: Sentence, mentions: list[ClubMention], short: dict[str, str]) -> list[ClubMention]:
    """Add standalone "City"/"United" mentions (capitalised, between lower-case words: not "Mexico City" or
    "United States") for the clubs `short` maps them to."""
    keys, caps = s.keys, s.caps
    if short.keys().isdisjoint(keys):
        return mentions  # most sentences: no "City" or "United" at all
    found = [k for k, key in enumerate(keys) if key in short and caps[k]]
    if not found:
        return mentions
    taken = {k for m in mentions for k in range(m.start, m.end)}
    extra = [ClubMention(k, k + 1, (short[keys[k]],), False) for k in found if k not in taken
             and (k == 0 or not caps[k - 1]) and (k + 1 == len(keys) or not caps[k + 1])]
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions
