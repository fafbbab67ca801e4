"""The claim extractor: article in, SCHEMA.md claims out, each with the sentence it was read from.

Pipeline (each step its own module): segment (boilerplate out, sentences) -> clubs (gazetteer) -> people
(name runs grouped into persons) -> the player's current and former clubs -> per-sentence cues (link stages,
contract stages, money, sources) -> one claim per (player, club) at the furthest stage, `off` winning.

Sentences naming no player are read as being about the article's subject (the most-mentioned player, boosted when
the URL or title names him): transfer reporting refers back to its subject as "he", "the 28-year-old" or "the
Germany international" far more often than it names him again.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial

from bot.domain import Article, Claim
from bot.extraction.affirmation import done_months_ago, far_future, former_interest, past_clauses, wished_by_another
from bot.extraction.article_state import ArticleState
from bot.extraction.clauses import clauses_of
from bot.extraction.clubs_in_text import ClubFinder
from bot.extraction.club_cues import club_groups, selling_side, they_club
from bot.extraction.current_club import CurrentClubReader, current_of, excluded
from bot.extraction.grammar import (
    CLUB_DEAL_STAGES, CONTRACT_DENIALS, DONE, FREE_MOVE_DONE, INTEREST, MODALS, RENEWAL_DENIED, REPORT_NOUNS,
    STAGE_SHIFTERS, TEAM_NOUNS, has_money,
)
from bot.extraction.knowledge import Knowledge, load_knowledge
from bot.extraction.money import find_figures
from bot.extraction.money_reading import MoneyReader, money_club
from bot.extraction.nationality import NationalityReader
from bot.extraction.phrases import PhraseMatcher
from bot.extraction.players import NameFinder, NameMention, Person, group_people
from bot.extraction.segment import Segmenter, Sentence
from bot.extraction.sources import BACK_REFERENCE, SourceFinder
from bot.extraction.stages import later, stage_for, strongest
from bot.extraction.subjects import SubjectReader, makeweight, players_in, subject
from bot.extraction.textnorm import fold, fold_name, tokenize


@dataclass
class _LinkAcc:
    stage: str
    evidence: str
    source: str | None
    order: int


class Extractor:
    """Reads claims from articles with the knowledge it is handed. Deterministic and free of side effects."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.k = knowledge
        f = knowledge.filters
        self._segmenter = Segmenter(f["boilerplate_prefixes"], f["caption_credits"])
        # one matcher for every per-sentence cue list, so that each sentence is read once; sentences naming no club
        # (a third of them) are read without the link cues, which only ever attach to a club
        link = [(p, stage) for stage, ps in knowledge.link_cues.items() for p in ps]
        contract = [(p, stage) for stage, ps in knowledge.contract_cues.items() for p in ps]
        misc = ([(p, "comparison") for p in f["comparison"]] + [(p, "hedge") for p in f["hedges"]]
                + [(p, "past") for p in f["past_markers"]] + [(p, "noise") for p in f["money_noise"]]
                + [(p, "price_history") for p in f["price_history"]])
        self._cues = PhraseMatcher(link, "link")
        self._cues_without_links = PhraseMatcher()
        for matcher in (self._cues, self._cues_without_links):
            matcher.add(contract, "contract")
            matcher.add(misc, "misc")
        self._money = MoneyReader(knowledge.money_cues)
        desc = knowledge.club_descriptions
        self._descriptions = {" ".join(tokenize(a)): c for a, c in desc.get("adjectives", {}).items()}
        self._description_nouns = frozenset(desc.get("nouns", ()))
        self._outlet_words = frozenset(w for o in knowledge.outlets for w in fold(o).split() if " " in o.strip())
        people = knowledge.people
        self._particles = frozenset(people["particles"])
        heads = [h for h in people["anaphora_heads"] if " " not in h]
        self._names = NameFinder(people["not_names"] + heads, people["roles"], people["particles"])
        self._roles = frozenset(w for r in people["roles"] for w in [r.split()[-1]])
        # roles only a person holds ("director", not "side"): an apposition after a name with one is no player's
        self._person_roles = self._roles - self._description_nouns - TEAM_NOUNS - {
            "hierarchy", "consortium", "agency", "owners", "chairmen", "brother", "father", "mother", "wife"}
        self._positions = frozenset(w for p in people["positions"] for w in p.split()) | frozenset(
            w for p in people["anaphora_heads"] for w in p.split()) | {"s", "the", "year", "old", "international"}
        # "target" comes from "target man", but "another Chelsea target" is Chelsea's pursuit, not his club
        self._positions -= {"target"}
        self._nationality = frozenset(people["not_names"])
        # words that may stand between a club and the player it describes: "Brighton's Ecuador international midfielder"
        describing = self._positions | frozenset(w for ws in people.get("nationalities", {}).values() for w in ws)
        self._club_side = PhraseMatcher((p, "club_side") for p in people.get("club_side_phrases", ()))
        self._club_side_first = frozenset(p.split()[0] for p in people.get("club_side_phrases", ()))
        self._subjects = SubjectReader(self._positions, frozenset(h.split()[-1] for h in people["anaphora_heads"]))
        self._current_clubs = CurrentClubReader(describing, self._subjects)
        self._sources = SourceFinder(knowledge.outlets)
        self._clubs = ClubFinder(knowledge.gazetteer, self._descriptions, self._description_nouns, self._outlet_words,
                                 self._nationality, self._roles, self._positions, self._sources)
        self._by_nationality = NationalityReader(people.get("nationalities", {}), people.get("demonym_nouns", ()),
                                                 self._positions, self._description_nouns)

    # ------------------------------------------------------------------ public
    def extract(self, article: Article) -> list[Claim]:
        """Claims of one article, in order of first report."""
        text = article.text or ""
        if article.title and article.title.strip() and article.title.strip() not in text[:500]:
            text = article.title.strip() + ".\n" + text
        sentences = self._segmenter.split(text)
        if not sentences:
            return []
        st = ArticleState(sentences, self._clubs.find(sentences), [])
        for s, clubs in zip(sentences, st.clubs):
            st.names.append(self._names.find(s, [c for c, _ in clubs]))
        self._find_people(st, article)
        if st.main is None:
            return []
        for i, described in self._by_nationality.described(sentences, partial(players_in, st), st.main).items():
            st.named[i] = [described]  # "The Dutchman has told the club ...": the player the article made Dutch
        self._find_sources(st)
        st.cues = [(self._cues if clubs or s.keys[:1] == ("they",) else self._cues_without_links).find_groups(s.keys)
                   for s, clubs in zip(sentences, st.clubs)]
        self._current_clubs.read(st)
        return self._claims(st, article.published)

    # ------------------------------------------------------------------ clubs
    # ------------------------------------------------------------------ people
    def _find_people(self, st: ArticleState, article: Article) -> None:
        all_mentions = [m for ms in st.names for m in ms]
        people = group_people(all_mentions, self._particles)
        for p in people:
            if self._sources.is_known(p.name):
                p.non_player = True  # a listed journalist ("Fabrizio Romano")
            for m in p.mentions:
                st.person_of[(m.sentence, m.start)] = p
                if not p.non_player and self._names_a_non_player(st.sentences[m.sentence], m):
                    p.non_player = True
            if len(p.keys) == 1:
                # a lone capitalised word is a name only when repeated, seen mid-sentence and never written in
                # lower case ("Looks", "Should" open sentences; "reds" is a word)
                if len(p.mentions) < 2 or all(self._opens_sentence(st, m) for m in p.mentions) or \
                        self._written_lower(st, p.keys[0]):
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
        if before in self._roles or before in ("via", "per"):
            return True  # "president Florentino Perez", "Madrid manager Carlo Ancelotti", "via X"
        if start > 1 and keys[start - 2] in self._roles and s.gaps[start - 1].strip() == ",":
            return True  # "the Bayern boss, Julian Nagelsmann"
        if end < len(keys) and s.gaps[end].strip() == ",":
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

    @staticmethod
    def _opens_sentence(st: ArticleState, m: NameMention) -> bool:
        """First word of a sentence or of a quote ('tweeted: "Looks like...'), where any word is capitalised."""
        if m.start == 0:
            return True
        gap = st.sentences[m.sentence].gaps[m.start]
        return any(c in gap for c in ':"“‘(')

    def _after_outlet_possessive(self, s: Sentence, start: int) -> bool:
        """ "<outlet>'s <Name>": a listed outlet's reporter."""
        if start < 2 or s.keys[start - 1] != "s":
            return False
        return any(self._sources.is_known(s.span_text(k, start - 1)) for k in range(max(0, start - 4), start - 1))

    @staticmethod
    def _written_lower(st: ArticleState, key: str) -> bool:
        return any(k == key and not w[:1].isupper() for s in st.sentences if key in s.keys
                   for w, k in zip(s.words, s.keys))

    # ------------------------------------------------------------------ sources
    def _find_sources(self, st: ArticleState) -> None:
        known: list[set[str]] = []  # the article's player and club names, built on first need (rarely needed)

        def not_source(name: str) -> bool:
            if not known:
                known.append({fold_name(p.name) for p in st.people if not p.non_player}
                             | {p.surname for p in st.people if not p.non_player}
                             | {fold_name(c) for cs in st.clubs for _, c in cs})
            f = fold_name(name)
            return f in known[0] or f.split(" ")[-1] in known[0] or \
                self.k.gazetteer.lookup(" ".join(tokenize(name))) is not None

        found = [self._sources.find(s.text, not_source, s.keys, s.caps) for s in st.sentences]
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
        st.sources = [src or first for src in credited]

    @staticmethod
    def _source_for(st: ArticleState, i: int) -> str | None:
        """Who sentence i is credited to: its own attribution, else the one before it (reporters name a source once
        and go on), else the article's first."""
        return st.sources[i]

    # ------------------------------------------------------------------ current clubs
    # ------------------------------------------------------------------ claims
    def _claims(self, st: ArticleState, published: date | None) -> list[Claim]:
        links: dict[tuple[int, str], _LinkAcc] = {}
        link_person: dict[int, Person] = {}
        contracts: dict[tuple[int, str], tuple[str, str | None, int]] = {}
        money: dict[tuple, Claim] = {}
        order = 0
        for i, s in enumerate(st.sentences):
            keys = s.keys
            cues = st.cues[i]
            clubs = st.clubs[i]
            if not clubs and i and "link" in cues and keys[:1] == ("they",):
                clubs = they_club(st, i, cues["link"])
            money_here = has_money(s)
            if not (money_here or "contract" in cues or (clubs and "link" in cues)):
                continue  # nothing to read here: most sentences of an article
            misc = cues.get("misc", ())
            kinds = {h.label for h in misc}
            hedged = "hedge" in kinds
            named = players_in(st, i)
            contract_hits = strongest(cues.get("contract", ()))
            link_hits = cues.get("link") if clubs and not hedged else None
            clause = clauses_of(st, i)
            past = past_clauses(s, misc, clause, published) if clause else frozenset()
            source = None
            # ---- links
            if link_hits:
                shifted = not STAGE_SHIFTERS.isdisjoint(keys)  # words that may change a cue's stage or player
                comparisons = [h for h in misc if h.label == "comparison"]
                descriptive = frozenset(m.start for m, _ in clubs if (i, m.start) in st.descriptors)
                for members, hit in club_groups(s, clubs, link_hits, clause, descriptive):
                    for m, club in members:
                        if any(h.end <= m.start and m.start - h.end <= 6 for h in comparisons):
                            continue
                        if clause[m.start] in past or clause[min(hit.start, len(clause) - 1)] in past:
                            continue
                        if selling_side(s, m) or (i, m.start) in st.descriptors:
                            continue
                        if hit.label == DONE and done_months_ago(keys, clause, hit, published):
                            continue
                        if hit.label == INTEREST and former_interest(keys, hit):
                            continue
                        persons = self._subjects.link_subjects(st, i, m, hit, named, clause)
                        if len(persons) == len(members) > 1 and "respectively" in keys:
                            persons = [persons[members.index((m, club))]]  # "joining A and B respectively"
                        for person in persons:
                            if club in excluded(st, person) or (
                                    shifted and makeweight(keys, named, person)):
                                continue
                            source = source or self._source_for(st, i)
                            key = (id(person), club)
                            link_person[id(person)] = person
                            stage = stage_for(keys, hit, m, person, named) if shifted else hit.label
                            prev = links.get(key)
                            if prev is None:
                                links[key] = _LinkAcc(stage, s.text, source, order)
                                order += 1
                            elif later(stage, prev.stage):
                                prev.stage, prev.evidence, prev.source = stage, s.text, source or prev.source
            # ---- contract
            for hit in contract_hits:
                hit_clause = clause[min(hit.start, len(clause) - 1)]
                if hit_clause in past:
                    continue
                if hit.label == "expiring" and far_future(s, published):
                    continue  # "his deal runs until 2026": not a contract running out
                if hit.label == "expiring" and "free" in hit.phrase and \
                        not FREE_MOVE_DONE.isdisjoint(keys[max(0, hit.start - 8):hit.start]):
                    continue  # "he joined Dortmund on a free transfer": a move made, not a deal running out
                if hit.label == "wants_to_stay" and wished_by_another(keys, hit):
                    continue  # "the coach wants X to stay": the club's wish, not the player's
                if hit.label in CLUB_DEAL_STAGES | {"renewed"} and not MODALS.isdisjoint(
                        keys[max(0, hit.start - 2):hit.start]):
                    continue  # "could persuade him to stay", "might offer him a new deal": a possibility
                if hit.label not in RENEWAL_DENIED and not CONTRACT_DENIALS.isdisjoint(
                        keys[k] for k in range(max(0, hit.start - 4), hit.start) if clause[k] == hit_clause):
                    continue  # "are yet to agree an extension", "has not signed a new deal": not reported
                in_clause = [p for nm, p in named if clause[nm.start] == hit_clause]
                inside = [p for nm, p in named if hit.start < nm.start and nm.end < hit.end]
                if inside:
                    persons = inside  # "convince Kylian Mbappe to stay": the player inside the cue
                else:
                    persons = in_clause if len(in_clause) > 1 else self._subjects.contract_subjects(
                        st, i, hit, named, in_clause)
                for person in persons:
                    if person is None:
                        continue
                    current = current_of(st, person)
                    if hit.label in CLUB_DEAL_STAGES and current is not None and any(
                            clause[m.start] == hit_clause and c != current and (i, m.start) not in st.descriptors
                            for m, c in clubs):
                        continue  # "Arsenal's latest offer", "talks with Chelsea": another club's transfer bid
                    key = (id(person), hit.label)
                    link_person[id(person)] = person
                    if key not in contracts:
                        source = source or self._source_for(st, i)
                        contracts[key] = (s.text, source, order)
                        order += 1
            # ---- money
            if "noise" in kinds or "price_history" in kinds or not money_here or past:
                continue  # a sentence that tells any history mixes old fees in: too risky to read figures from
            for fig in find_figures(s.text):
                tok_pos = s.token_at(fig.start)
                person = subject(st, i, tok_pos)
                if person is None:
                    continue
                kind = self._money.kind_of(s, fig, tok_pos, keys)
                club = money_club(st, person, i, tok_pos, kind)
                source = source or self._source_for(st, i)
                mkey = (id(person), kind, round(fig.amount), fig.currency, fig.per)
                if mkey not in money:
                    link_person[id(person)] = person
                    money[mkey] = Claim("money", person.name, club, kind=kind, amount=fig.amount,
                                        currency=fig.currency, per=fig.per, source=source, evidence=s.text)
                    money[mkey] = money[mkey]
                    order += 1
        out: list[tuple[int, Claim]] = []
        for (pid, club), acc in links.items():
            person = link_person[pid]
            out.append((acc.order, Claim("link", person.name, club, stage=acc.stage, source=acc.source,
                                         evidence=acc.evidence)))
        for (pid, stage), (evidence, source, o) in contracts.items():
            person = link_person[pid]
            out.append((o, Claim("contract", person.name, current_of(st, person), stage=stage,
                                 source=source, evidence=evidence)))
        base = len(out) + 10_000
        for n, claim in enumerate(money.values()):
            out.append((base + n, claim))
        out.sort(key=lambda oc: oc[0])
        return [c for _, c in out]



@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The extractor built from the packaged data files (loaded once per process).

    The knowledge tables (gazetteer, cue index: tens of thousands of objects) live as long as the process, so they
    are moved out of the cyclic garbage collector's reach (`gc.freeze`): otherwise every full collection rescans
    them, which costs a few per cent of extraction time for nothing.
    """
    extractor = Extractor(load_knowledge())
    gc.collect()
    gc.freeze()
    return extractor
