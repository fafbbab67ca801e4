"""The diff engine: a player's known state + one article's claims -> the changes worth telling someone + new state.

Pure: no database, no clock, no globals. The rules are those of the evaluation contract (shared/eval/SCHEMA.md):

- link: a club appears for the first time; its stage moves further (interest < talks < bid < advanced < agreed <
  done); it turns `off`; it comes back after `off`.
- contract: a stage is reported for the first time (contradicting stages each stand, with their sources).
- money: a figure of a kind family (wage, fee, ...) for a club appears, or its amount differs by more than 2 %. A
  club's first figure that equals one already known in the family ("Bayern pay €70m", then "Juventus receive €70m")
  is the same news seen from the other side: recorded, not told again.

Anything else — a repeat, or an older, lower stage reported again — changes nothing but is kept as corroboration:
the supporting article, its outlet and its credited source are added to the picture.

A new link that rests on one weak cue (`Claim.confidence` below 1.0: only "a move to X" in one sentence) is
stored unconfirmed and told nobody; the next report of that link, weak or not, confirms it and makes the alert.
A passing "a move to X" is how reporters write history and hypotheticals as often as news; a second report is
what tells the two apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.domain import LINK_STAGE_RANK, MONEY_FAMILY, OFF, Claim
from bot.player_state import (
    ClubLink,
    ContractReport,
    MoneyFigure,
    MoneyLine,
    PlayerState,
    Support,
    Witnesses,
    club_key,
    money_key,
)

#: Two figures within this fraction of each other are the same figure reported again (rounding, conversion).
MONEY_TOLERANCE = 0.02


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What the diff needs to know about the article the claims came from."""

    id: int | str | None
    outlet: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class Change:
    """One genuinely new development for a player (contract 3's change item)."""

    type: str  # "link" | "contract" | "money"
    club: str | None
    stage: str | None = None
    previous: str | None = None
    kind: str | None = None
    amount: float | None = None
    currency: str | None = None
    per: str | None = None
    previous_amount: float | None = None
    source: str | None = None
    evidence: str = ""
    #: The player's name as this article gave it (replay reports it; alerts use the canonical name).
    mentioned_as: str | None = None

    def to_payload(self) -> dict[str, Any]:
        """The change as the alert payload carries it (bot adapters render this)."""
        out: dict[str, Any] = {"type": self.type, "club": self.club}
        if self.type == "money":
            out.update(kind=self.kind, amount=_plain_number(self.amount), currency=self.currency, per=self.per,
                       previous_amount=_plain_number(self.previous_amount))
        else:
            out.update(stage=self.stage, previous=self.previous)
        out.update(source=self.source, evidence=self.evidence)
        return out

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> "Change":
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_schema_alert(self, article_id: str, player: str) -> dict[str, Any]:
        """The change as a SCHEMA.md replay line, naming the player as the article did."""
        out: dict[str, Any] = {"id": article_id, "player": self.mentioned_as or player, "type": self.type,
                               "club": self.club}
        if self.type == "money":
            out.update(kind=self.kind, amount=_plain_number(self.amount), currency=self.currency, per=self.per)
        else:
            out["stage"] = self.stage
        return out


@dataclass(frozen=True, slots=True)
class DiffResult:
    changes: tuple[Change, ...]
    state: PlayerState


def _plain_number(value: float | None) -> float | int | None:
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def same_amount(a: float, b: float) -> bool:
    return abs(a - b) <= MONEY_TOLERANCE * max(abs(a), abs(b), 1.0)


def _later(a: str | None, b: str | None) -> str | None:
    return max(a, b) if a and b else (a or b)


def _earlier(a: str | None, b: str | None) -> str | None:
    return min(a, b) if a and b else (a or b)


def is_link_change(previous: str | None, stage: str) -> bool:
    """The link rule on its own: new, further along, turned off, or back after off."""
    if previous is None:
        return True
    if (stage == OFF) != (previous == OFF):
        return True
    return stage != OFF and LINK_STAGE_RANK[stage] > LINK_STAGE_RANK[previous]


def _is_his_own_club(state: PlayerState, key: str, link: ClubLink | None) -> bool:
    """A link to the club he plays for is a misreading (a link is, by definition, another club): his contract news
    named that club. The club he has just joined is exempt, so later reports of the move still corroborate it."""
    joined = link is not None and link.stage == "done"
    return bool(state.current_club) and key == club_key(state.current_club) and not joined


def _apply_link(state: PlayerState, claim: Claim, article: ArticleRef) -> tuple[PlayerState, Change | None]:
    stage = claim.stage
    if not claim.club or (stage != OFF and stage not in LINK_STAGE_RANK):
        return state, None
    key = club_key(claim.club)
    link = state.links.get(key)
    if _is_his_own_club(state, key, link):
        return state, None
    support = Support(article.id, article.outlet, claim.source, article.date)
    held = link if link is not None and not link.confirmed else None
    if held is not None:
        link = None  # a second report of a link held back as weak: told now, at this report's stage, as if new
    previous = link.stage if link else None
    changed = is_link_change(previous, stage)
    if link is None:
        weak = claim.confidence < 1.0 and held is None
        link = ClubLink(club=claim.club, stage=stage, first_seen=held.first_seen if held else article.date,
                        last_seen=article.date, witnesses=(held.witnesses if held else Witnesses()).add(support),
                        confirmed=not weak)
        changed = not weak
    else:
        new_stage = stage if changed else link.stage
        before_off = link.stage if stage == OFF and changed else (None if changed else link.stage_before_off)
        # Plain constructors rather than dataclasses.replace: this runs for every claim of every article.
        link = ClubLink(link.club, new_stage, _earlier(link.first_seen, article.date),
                        _later(link.last_seen, article.date), before_off, link.witnesses.add(support))
    links = {**state.links, key: link}
    current_club = claim.club if stage == "done" and changed else state.current_club
    new_state = PlayerState(links, state.contract, state.money, current_club)
    if not changed:
        return new_state, None
    return new_state, Change("link", link.club, stage=stage, previous=previous, source=claim.source,
                             evidence=claim.evidence, mentioned_as=claim.player)


def _apply_contract(state: PlayerState, claim: Claim, article: ArticleRef) -> tuple[PlayerState, Change | None]:
    stage = claim.stage
    if not stage:
        return state, None
    support = Support(article.id, article.outlet, claim.source, article.date)
    report = state.contract.get(stage)
    changed = report is None
    if report is None:
        report = ContractReport(stage=stage, club=claim.club, first_seen=article.date, last_seen=article.date,
                                witnesses=Witnesses().add(support))
    else:
        report = ContractReport(report.stage, report.club or claim.club, _earlier(report.first_seen, article.date),
                                _later(report.last_seen, article.date), report.witnesses.add(support))
    # After a completed move his club is the one he joined, whatever stale contract talk follows; and a club
    # already reported as chasing him is no club he has a contract with (a misread contract claim must not turn
    # his suitor into his club, which would silence every later report of that move).
    moved = any(link.stage == "done" for link in state.links.values())
    suitor = claim.club is not None and club_key(claim.club) in state.links
    current_club = state.current_club if moved or suitor else claim.club or state.current_club
    new_state = PlayerState(state.links, {**state.contract, stage: report}, state.money, current_club)
    if not changed:
        return new_state, None
    return new_state, Change("contract", claim.club, stage=stage, previous=None, source=claim.source,
                             evidence=claim.evidence, mentioned_as=claim.player)


def _apply_money(state: PlayerState, claim: Claim, article: ArticleRef) -> tuple[PlayerState, Change | None]:
    if claim.amount is None or not claim.kind:
        return state, None
    amount = float(claim.amount)
    key = money_key(claim.kind, claim.club)
    figure = MoneyFigure(kind=claim.kind, amount=amount, currency=claim.currency, per=claim.per, date=article.date,
                         article_id=article.id, outlet=article.outlet, source=claim.source)
    line = state.money.get(key)
    previous_amount = line.current.amount if line else None
    family = MONEY_FAMILY.get(claim.kind, claim.kind)
    # a new line repeats a figure only if another line of the family holds the same sum (€70m is not £70m)
    changed = not same_amount(previous_amount, amount) if line else not any(
        other.family == family and other.current.currency == claim.currency
        and same_amount(other.current.amount, amount) for other in state.money.values())
    if line is None:
        line = MoneyLine(family=family, club=claim.club, history=(figure,))
    elif changed:
        line = line.moved_to(figure)
    else:
        line = MoneyLine(line.family, line.club, line.history, line.repeats + 1)
    new_state = PlayerState(state.links, state.contract, {**state.money, key: line}, state.current_club)
    if not changed:
        return new_state, None
    return new_state, Change("money", claim.club, kind=claim.kind, amount=amount, currency=claim.currency,
                             per=claim.per, previous_amount=previous_amount, source=claim.source,
                             evidence=claim.evidence, mentioned_as=claim.player)


_APPLY = {"link": _apply_link, "contract": _apply_contract, "money": _apply_money}


def diff_player_state(state: PlayerState, claims: Iterable[Claim], article: ArticleRef) -> DiffResult:
    """Apply one article's claims about one player, in order; return what changed and the new picture."""
    changes: list[Change] = []
    for claim in claims:
        apply = _APPLY.get(claim.type)
        if apply is None:
            continue
        state, change = apply(state, claim, article)
        if change is not None:
            changes.append(change)
    return DiffResult(tuple(changes), state)
