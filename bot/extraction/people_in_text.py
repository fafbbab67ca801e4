"""Which named people of an article are players, and which player the article is about.

Managers, officials and journalists are named as often as players ("Madrid manager Carlo Ancelotti", "The
Telegraph's Chris Bascombe", "Eddie Howe is an admirer of"); the words around a name tell them apart. The article's
subject is the most-mentioned player, boosted when the URL or title names him and when he is named at the top:
sentences naming nobody are read as being about him.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from bot.domain import Article
from bot.extraction.article_state import ArticleState
from bot.extraction.grammar import REPORT_NOUNS, TEAM_NOUNS
from bot.extraction.phrases import PhraseMatcher
from bot.extraction.players import NameMention, Person, group_people
from bot.extraction.segment import Sentence
from bot.extraction.sources import SourceFinder
from bot.extraction.textnorm import fold, tokenize


#: first words of an apposition that gives a person's role ("X, the club's president", "X, their sporting director")
_APPOSITION_OPENERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "former", "ex", "now", "then"})


class PeopleReader:
    """Groups an article's name mentions into people, marks who is no player and picks the article's subject."""

    def __init__(self, sources: SourceFinder, particles: frozenset[str], roles: frozenset[str],
                 person_roles: frozenset[str], club_side_phrases: Iterable[str],
                 known: "KnownNonPlayers | None" = None, outlet_nouns: Iterable[str] = ()) -> None:
        self._sources = sources
        #: "outlet", "newspaper": a capitalised name after one is a publication's
        self._outlet_nouns = frozenset(outlet_nouns)
        #: role words that open a title ("Director of Football", "Head of Recruitment")
        self._title_heads = roles | {"head"}
        #: well-known managers, executives, agents (bot/data/people.toml non_players)
        self._known = known or KnownNonPlayers(())
        #: name particles ("de", "van") that join name runs into one person
        self._particles = particles
        #: last words of roles ("manager", "president"): a name right after one is not a player's
        self._roles = roles
        #: roles only a person holds ("director", not "side"): an apposition after a name with one is no player's
        self._person_roles = person_roles
        #: "is an admirer of", "has been linked with his old club": phrases after a manager's name
        phrases = tuple(club_side_phrases)
        self._club_side = PhraseMatcher((p, "club_side") for p in phrases)
        self._club_side_first = frozenset(p.split()[0] for p in phrases)

    def read(self, st: ArticleState, article: Article) -> None:
        """Fill `st.people`, `st.person_of` and `st.main` (None when the article names no player)."""
        all_mentions = [m for ms in st.names for m in ms]
        people = group_people(all_mentions, self._particles)
        year = article.published.year if article.published else None
        for p in people:
            if self._sources.is_known(p.name) or self._known.is_known(p.keys, year):
                p.non_player = True  # a listed journalist ("Fabrizio Romano"), manager or executive
            for m in p.mentions:
                st.person_of[(m.sentence, m.start)] = p
                if not p.non_player and self._names_a_non_player(st.sentences[m.sentence], m):
                    p.non_player = True
            if len(p.keys) == 1:
                # a lone capitalised word is a name only when repeated, seen mid-sentence and never written in
                # lower case ("Looks", "Should" open sentences; "reds" is a word)
                if len(p.mentions) < 2 or all(_opens_sentence(st, m) for m in p.mentions) or \
                        _written_lower(st, p.keys[0]):
                    p.non_player = True
        st.people = people
        hint = fold(" ".join(x for x in (article.url, article.title) if x)).replace("-", " ")
        hint_words = set(re.findall(r"[a-z0-9]+", hint))

        def score(p: Person) -> tuple[float, int]:
            value = len(p.mentions) + (0.5 if len(p.keys) > 1 else 0.0)
            if p.surname in hint_words:
                value += 4
            if p.mentions and p.mentions[0].sentence <= 1:
                value += 1
            return value, -p.mentions[0].sentence

        players = [p for p in people if not p.non_player]
        st.main = max(players, key=score) if players else None

    def _names_a_non_player(self, s: Sentence, m: NameMention) -> bool:
        """Whether the words around a mention show a manager, official or journalist rather than a player."""
        keys, start, end = s.keys, m.start, m.end
        before = keys[start - 1] if start else ""
        if before in self._roles or before in ("via", "per") or (before in self._outlet_nouns and s.gaps[start] == " "):
            return True  # "president Florentino Perez", "Madrid manager Carlo Ancelotti", "via X", "outlet X"
        if before == "under" and keys[end:end + 1] != ("s",):
            return True  # "under Ian Moss": the manager of a team
        if start and (s.caps[start - 1] or before in self._particles) and self._after_title(s, start):
            return True  # "Director of Global Talent Ian Moss", "news source River al Instante"
        if start > 1 and keys[start - 2] in self._roles and s.gaps[start - 1].strip() == ",":
            return True  # "the Bayern boss, Julian Nagelsmann"
        if end < len(keys) and s.gaps[end].strip() == "," and (s.caps[end] or keys[end] in _APPOSITION_OPENERS):
            # an apposition opens with a club or a determiner ("X, Lazio's sporting director"); a clause after a
            # comma ("X, with their manager Y claiming ...") says nothing about X's role
            for k in range(end, min(end + 5, len(keys))):
                if k > end and "," in s.gaps[k]:
                    break
                if keys[k] in self._person_roles:
                    return True  # "Marco Rossi, Lazio's sporting director, ..."
        after = keys[end:end + 3]
        if after[:1] == ("s",) and len(after) > 1:
            if after[1] in REPORT_NOUNS:
                return True  # "Hugo Meyer's report": a journalist
            if after[1] in TEAM_NOUNS and after[2:3] != ("mate",):
                return True  # "Ancelotti's side" (but "Caicedo's team-mate" is a player's)
        if after and after[0] in self._club_side_first and \
                any(h.start == 0 for h in self._club_side.find(keys[end:end + 7])):
            return True  # "Eddie Howe is an admirer of ...": a manager
        if end < len(s.gaps) and "(@" in s.gaps[end]:
            return True  # "- Fabrizio Romano (@FabrizioRomano)"
        if self._sources.is_known(m.text) or self._after_outlet_possessive(s, start) or \
                (start and s.caps[start - 1] and self._sources.is_known(s.span_text(start - 1, end))):
            return True  # a journalist: "The Telegraph's Chris Bascombe", "The Athletic"
        window = keys[max(0, start - 5):start]
        if "according" in window:
            # "according to transfer expert X": only lower-case words between "according to" and the name
            return not any(s.caps[k] for k in range(start - len(window) + window.index("according") + 2, start))
        return False

    def _after_title(self, s: Sentence, start: int) -> bool:
        """Whether the capitalised words right before a name are a role title ("Head of Global Scouting") or an
        outlet's name after an outlet noun ("news source Radio Norte"): a role word followed by "of" among them, or
        an outlet noun before them."""
        keys, caps, gaps = s.keys, s.caps, s.gaps
        k = start - 1
        while k >= max(0, start - 7) and gaps[k + 1] == " " and (
                caps[k] or keys[k] in self._particles or (keys[k] in ("of", "and") and caps[k + 1])):
            if keys[k] in self._title_heads and keys[k + 1] == "of":
                return True
            k -= 1
        return k >= 0 and gaps[k + 1] == " " and keys[k] in self._outlet_nouns

    def _after_outlet_possessive(self, s: Sentence, start: int) -> bool:
        """ "<outlet>'s <Name>": a listed outlet's reporter."""
        if start < 2 or s.keys[start - 1] != "s":
            return False
        return any(self._sources.is_known(s.span_text(k, start - 1)) for k in range(max(0, start - 4), start - 1))


class KnownNonPlayers:
    """Well-known people of football news who are no players: named in full, or by a surname that only one of them
    has and that players rarely share ("Pochettino", not "Silva"). A former player turned manager, listed as
    "Name (YEAR)", counts only in articles from that year on."""

    def __init__(self, entries: Iterable[str], shared_surnames: Iterable[str] = ()) -> None:
        self._full: dict[tuple[str, ...], int] = {}
        surnames: dict[str, set[tuple[str, ...]]] = {}
        since: dict[str, int] = {}
        for entry in entries:
            m = _ENTRY.match(entry.strip())
            if m is None:
                continue
            keys = tuple(tokenize(m.group(1)))
            if not keys:
                continue
            year = int(m.group(2)) if m.group(2) else 0
            self._full[keys] = year
            if len(keys) > 2:
                self._full.setdefault((keys[0], keys[-1]), year)  # "Marcelino Toral" for a three-word name
            surnames.setdefault(keys[-1], set()).add(keys)
            since[keys[-1]] = max(since.get(keys[-1], 0), year)
        shared = frozenset(shared_surnames)
        #: surname -> year, for surnames of one listed person that are not common players' surnames
        self._surname = {s: since[s] for s, who in surnames.items()
                         if len(who) == 1 and s not in shared and len(s) > 3}

    def is_known(self, keys: Sequence[str], year: int | None) -> bool:
        """Whether a person named `keys` (folded words) is a listed non-player in an article of `year`."""
        since = self._full.get(tuple(keys))
        if since is None and len(keys) == 1:
            since = self._surname.get(keys[0])
        return since is not None and (year is None or year >= since)


_ENTRY = re.compile(r"^(.*?)\s*(?:\((\d{4})\))?$")


def _opens_sentence(st: ArticleState, m: NameMention) -> bool:
    """First word of a sentence or of a quote ('tweeted: "Looks like...'), where any word is capitalised."""
    if m.start == 0:
        return True
    gap = st.sentences[m.sentence].gaps[m.start]
    return any(c in gap for c in ':"“‘(')


def _written_lower(st: ArticleState, key: str) -> bool:
    """Whether the article writes the word `key` in lower case somewhere ("reds"): a word, not a name."""
    return any(k == key and not w[:1].isupper() for s in st.sentences if key in s.keys
               for w, k in zip(s.words, s.keys))
