"""The claim extractor: article in, SCHEMA.md claims out, each with the sentence it was read from.

Pipeline (each step its own module): segment (boilerplate out, sentences) -> clubs (`clubs_in_text`) -> people
(`players`, `people_in_text`: name runs grouped into persons, the article's subject) -> sources (`credits`) ->
per-sentence cues (`phrases`) -> the player's current and former clubs (`current_club`) -> this module's assembly
loop: each cue paired with its club (`club_cues`) and player (`subjects`) if it reports something now
(`affirmation`), at its stage (`stages`), money read in context (`money_reading`); one claim per (player, club) at
the furthest stage, `off` winning. All per-article state lives in an `ArticleState` (`article_state`).

Sentences naming no player are read as being about the article's subject (the most-mentioned player, boosted when
the URL or title names him): transfer reporting refers back to its subject as "he", "the 28-year-old" or "the
Germany international" far more often than it names him again.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial

from bot.domain import MONEY_FAMILY, Article, Claim
from bot.extraction.affirmation import done_months_ago, far_future, former_interest, past_clauses, wished_by_another
from bot.extraction.article_state import ArticleState
from bot.extraction.clauses import clauses_of
from bot.extraction.clubs_in_text import ClubFinder
from bot.extraction.contract_reading import reported_contract_hits
from bot.extraction.club_cues import club_groups, selling_side, they_club
from bot.extraction.credits import credit_sentences
from bot.extraction.current_club import CurrentClubReader, current_of, excluded
from bot.extraction.grammar import (
    CLUB_DEAL_STAGES, CONTRACT_DENIALS, DONE, FREE_MOVE_DONE, INTEREST, MODALS, RENEWAL_DENIED, STAGE_SHIFTERS,
    TEAM_NOUNS, has_money,
)
from bot.extraction.knowledge import Knowledge, load_knowledge
from bot.extraction.money import find_figures
from bot.extraction.money_reading import MoneyReader, money_club, tells_other_money, tells_price_history
from bot.extraction.nationality import NationalityReader, never_names
from bot.extraction.people_in_text import KnownNonPlayers, PeopleReader
from bot.extraction.phrases import PhraseMatcher
from bot.extraction.players import NameFinder, Person
from bot.extraction.segment import Segmenter
from bot.extraction.sources import SourceFinder
from bot.extraction.stages import later, stage_for, strongest
from bot.extraction.subjects import SubjectReader, makeweight, players_in, subject
from bot.extraction.textnorm import fold, tokenize


@dataclass
class _LinkAcc:
    """A (player, club) link read so far: its furthest stage, the sentence and source that told it, and the order
    of its first report."""

    stage: str
    evidence: str
    source: str | None
    order: int
    #: the last sentence that reported this link, and whether a second sentence or a cue that says more than a
    #: direction ("a move to X") backs it: a link without either is a weak claim
    sentence: int = -1
    backed: bool = False


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
        self._movement_cues = knowledge.movement_cues
        desc = knowledge.club_descriptions
        descriptions = {" ".join(tokenize(a)): c for a, c in desc.get("adjectives", {}).items()}
        description_nouns = frozenset(desc.get("nouns", ()))
        outlet_words = frozenset(w for o in knowledge.outlets for w in fold(o).split() if " " in o.strip())
        people = knowledge.people
        particles = frozenset(people["particles"])
        heads = [h for h in people["anaphora_heads"] if " " not in h]
        nationalities = people.get("nationalities", {})
        not_names = people["not_names"] + sorted(never_names(nationalities, people.get("name_like_nationality_words", ())))
        self._names = NameFinder(not_names + heads, people["roles"], people["particles"])
        roles = frozenset(w for r in people["roles"] for w in [r.split()[-1]])
        # roles only a person holds ("director", not "side"): an apposition after a name with one is no player's
        person_roles = roles - description_nouns - TEAM_NOUNS - {
            "hierarchy", "consortium", "agency", "owners", "chairmen", "brother", "father", "mother", "wife"}
        positions = frozenset(w for p in people["positions"] for w in p.split()) | frozenset(
            w for p in people["anaphora_heads"] for w in p.split()) | {"s", "the", "year", "old", "international"}
        # "target" comes from "target man", but "another Chelsea target" is Chelsea's pursuit, not his club
        positions -= {"target"}
        # words that may stand between a club and the player it describes: "Brighton's Ecuador international midfielder"
        describing = positions | frozenset(w for ws in people.get("nationalities", {}).values() for w in ws)
        self._sources = SourceFinder(knowledge.outlets)
        self._clubs = ClubFinder(knowledge.gazetteer, descriptions, description_nouns, outlet_words,
                                 frozenset(not_names), roles, positions, self._sources)
        self._people = PeopleReader(self._sources, particles, roles, person_roles, people.get("club_side_phrases", ()),
                                    KnownNonPlayers(people.get("non_players", ()), people.get("shared_surnames", ())),
                                    people.get("outlet_nouns", ()))
        self._by_nationality = NationalityReader(people.get("nationalities", {}), people.get("demonym_nouns", ()),
                                                 positions, description_nouns)
        self._subjects = SubjectReader(positions, frozenset(h.split()[-1] for h in people["anaphora_heads"]))
        self._current_clubs = CurrentClubReader(describing, self._subjects)

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
        self._people.read(st, article)
        if st.main is None:
            return []
        for i, described in self._by_nationality.described(sentences, partial(players_in, st), st.main).items():
            st.named[i] = [described]  # "The Dutchman has told the club ...": the player the article made Dutch
        st.sources = credit_sentences(st, self._sources, self.k.gazetteer)
        st.cues = [(self._cues if clubs or s.keys[:1] == ("they",) else self._cues_without_links).find_groups(s.keys)
                   for s, clubs in zip(sentences, st.clubs)]
        self._current_clubs.read(st)
        return self._claims(st, article.published)

    # ------------------------------------------------------------------ claims
    def _claims(self, st: ArticleState, published: date | None) -> list[Claim]:
        """The assembly loop: each sentence's links, contract news and money figures, kept per player and club at
        the furthest stage (`off` winning), in order of first report (money last)."""
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
            money_here = None  # whether the sentence can hold a figure, asked only when needed
            if not ("contract" in cues or (clubs and "link" in cues)):
                money_here = has_money(s)
                if not money_here:
                    continue  # nothing to read here: most sentences of an article
            misc = cues.get("misc", ())
            kinds = {h.label for h in misc} if misc else ()
            hedged = "hedge" in kinds
            named = players_in(st, i)
            link_hits = cues.get("link") if clubs and not hedged else None
            clause = clauses_of(st, i)
            contract_hits = reported_contract_hits(keys, clause, strongest(cues["contract"])) \
                if "contract" in cues else ()
            past = past_clauses(s, misc, clause, published) if clause else frozenset()
            source = None
            # ---- links
            if link_hits:
                shifted = not STAGE_SHIFTERS.isdisjoint(keys)  # words that may change a cue's stage or player
                comparisons = [h for h in misc if h.label == "comparison"] if "comparison" in kinds else ()
                descriptive = frozenset(m.start for m, _ in clubs if (i, m.start) in st.descriptors) \
                    if st.descriptors else frozenset()
                for members, hit in club_groups(s, clubs, link_hits, clause, descriptive):
                    for m, club in members:
                        if comparisons and any(h.end <= m.start and m.start - h.end <= 6 for h in comparisons):
                            continue
                        if past and (clause[m.start] in past or clause[min(hit.start, len(clause) - 1)] in past):
                            continue
                        if m.start in descriptive or selling_side(s, m):
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
                            source = source or st.sources[i]
                            key = (id(person), club)
                            link_person[id(person)] = person
                            stage = stage_for(keys, hit, m, person, named) if shifted else hit.label
                            prev = links.get(key)
                            directional = hit.phrase in self._movement_cues
                            if prev is None:
                                links[key] = _LinkAcc(stage, s.text, source, order, i, not directional)
                                order += 1
                                continue
                            prev.backed = prev.backed or not directional or prev.sentence != i
                            prev.sentence = i
                            if later(stage, prev.stage):
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
                    persons = self._subjects.contract_subjects(st, i, hit, named, in_clause)
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
                        source = source or st.sources[i]
                        contracts[key] = (s.text, source, order)
                        order += 1
            # ---- money
            if ("noise" in kinds and tells_other_money(s, misc)) or past or (
                    "price_history" in kinds and tells_price_history(keys, misc)) or not (money_here or has_money(s)):
                continue  # a sentence that tells any history mixes old fees in: too risky to read figures from
            figures = find_figures(s.text)
            spans = [(s.token_at(f.start), s.token_at(f.end) if f.end < len(s.text) else len(keys)) for f in figures]
            for fig, span in zip(figures, spans):
                tok_pos = span[0]
                person = subject(st, i, tok_pos)
                if person is None:
                    continue
                kind = self._money.kind_of(s, fig, span, keys, spans, clause)
                club = money_club(st, person, i, tok_pos, kind)
                source = source or st.sources[i]
                # one claim per sum: "a bid of £40m" and "he is worth £40m" are one figure, told twice
                mkey = (id(person), MONEY_FAMILY.get(kind, kind), round(fig.amount), fig.currency, fig.per)
                if mkey not in money:
                    link_person[id(person)] = person
                    money[mkey] = Claim("money", person.name, club, kind=kind, amount=fig.amount,
                                        currency=fig.currency, per=fig.per, source=source, evidence=s.text)
                    order += 1
        out: list[tuple[int, Claim]] = []
        for (pid, club), acc in links.items():
            person = link_person[pid]
            out.append((acc.order, Claim("link", person.name, club, stage=acc.stage, source=acc.source,
                                         evidence=acc.evidence,
                                         confidence=1.0 if acc.backed else self.k.weak_confidence)))
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
