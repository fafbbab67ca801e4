"""What the bot knows about one player, and its round trip to the `players.state` JSON column.

The state is the diff engine's memory: per club the furthest stage a move has reached (with every supporting
article, its outlet and credited source), the contract stages reported with who reported each (contradictions
kept side by side), and the money figures by kind family with their history. It is read and written whole, so
/status is a single-row read however many claims lie behind it.

The state is rewritten on every article that mentions the player, so it stays bounded however long the saga:
reports are counted per outlet and per credited source, the latest supporting articles are kept verbatim (as
compact `[article_id, outlet, source, date]` lists), and the complete record of supporting articles is the claims
table, where every claim row names its article and its player.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from bot.domain import MONEY_FAMILY
from bot.extraction import fold_name

STATE_VERSION = 1


def club_key(club: str | None) -> str:
    """The key a club is filed under: accents, case and punctuation folded ("" for no club)."""
    return fold_name(club) if club else ""


@dataclass(frozen=True, slots=True)
class Support:
    """One article that reported something: which one, where, who it credited and when."""

    article_id: int | str | None
    outlet: str | None
    source: str | None
    date: str | None

    def to_json(self) -> list[Any]:
        return [self.article_id, self.outlet, self.source, self.date]

    @classmethod
    def from_json(cls, data: list[Any]) -> "Support":
        article_id, outlet, source, date = (list(data) + [None] * 4)[:4]
        return cls(article_id, outlet, source, date)


#: Supporting articles kept verbatim per club or contract stage; older ones survive as counts (and as claim rows).
RECENT_SUPPORTS = 20


def _counts(data: Any) -> dict[str, int]:
    if not isinstance(data, dict):
        return {}
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int | float)}


@dataclass(frozen=True, slots=True)
class Witnesses:
    """Who reported something: every report counted per outlet and per credited name, the latest kept in full.

    The state is rewritten whole on every article mentioning the player, so it must not grow with the saga: the
    full list of supporting articles is the claims table (each claim row names its article and player); here live
    the counts that /status needs and the most recent supporting articles.
    """

    recent: tuple[Support, ...] = ()
    reports: int = 0
    #: Reports per outlet, in first-seen order.
    outlets: dict[str, int] = field(default_factory=dict)
    #: Reports per credited name (the credited source, else the outlet), in first-seen order.
    credits: dict[str, int] = field(default_factory=dict)

    def add(self, support: Support) -> "Witnesses":
        """Count one more supporting article (the same article restating a claim counts once)."""
        if support.article_id is not None and any(s.article_id == support.article_id for s in self.recent[-4:]):
            return self
        outlets, credits = dict(self.outlets), dict(self.credits)
        if support.outlet:
            outlets[support.outlet] = outlets.get(support.outlet, 0) + 1
        credit = support.source or support.outlet
        if credit:
            credits[credit] = credits.get(credit, 0) + 1
        return Witnesses((*self.recent, support)[-RECENT_SUPPORTS:], self.reports + 1, outlets, credits)

    def to_json(self) -> dict[str, Any]:
        return {"recent": [s.to_json() for s in self.recent], "reports": self.reports, "outlets": self.outlets,
                "credits": self.credits}

    @classmethod
    def from_json(cls, data: Any) -> "Witnesses":
        if not isinstance(data, dict):
            return cls()
        recent = tuple(Support.from_json(i) for i in data.get("recent") or () if isinstance(i, list))
        return cls(recent, int(data.get("reports") or len(recent)), _counts(data.get("outlets")),
                   _counts(data.get("credits")))


@dataclass(frozen=True, slots=True)
class ClubLink:
    """A move to one club: its current stage, when it was first and last reported, and by whom."""

    club: str
    stage: str
    first_seen: str | None
    last_seen: str | None
    #: The furthest stage reached before the move was reported off (None if it never was).
    stage_before_off: str | None = None
    witnesses: Witnesses = field(default_factory=Witnesses)
    #: False while the link rests on one weak report (Claim.confidence below 1.0): known, but not yet alerted
    confirmed: bool = True

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(self.witnesses.outlets)

    def to_json(self) -> dict[str, Any]:
        out = {
            "club": self.club,
            "stage": self.stage,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "stage_before_off": self.stage_before_off,
            "witnesses": self.witnesses.to_json(),
        }
        if not self.confirmed:
            out["confirmed"] = False  # absent means confirmed, so states stored before this field read as before
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ClubLink":
        return cls(
            club=str(data.get("club") or ""),
            stage=str(data.get("stage") or "interest"),
            first_seen=data.get("first_seen"),
            last_seen=data.get("last_seen"),
            stage_before_off=data.get("stage_before_off"),
            witnesses=Witnesses.from_json(data.get("witnesses")),
            confirmed=data.get("confirmed", True) is not False,
        )


@dataclass(frozen=True, slots=True)
class ContractReport:
    """One contract stage (e.g. "rejects_renewal") and who reported it."""

    stage: str
    club: str | None
    first_seen: str | None
    last_seen: str | None
    witnesses: Witnesses = field(default_factory=Witnesses)

    @property
    def sources(self) -> tuple[str, ...]:
        """Who was credited (the credited source, else the outlet): contradictory stages each keep theirs."""
        return tuple(self.witnesses.credits)

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "club": self.club,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "witnesses": self.witnesses.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ContractReport":
        return cls(
            stage=str(data.get("stage") or ""),
            club=data.get("club"),
            first_seen=data.get("first_seen"),
            last_seen=data.get("last_seen"),
            witnesses=Witnesses.from_json(data.get("witnesses")),
        )


@dataclass(frozen=True, slots=True)
class MoneyFigure:
    """One reported figure: kind, amount, currency, period, and where it came from."""

    kind: str
    amount: float
    currency: str | None
    per: str | None
    date: str | None
    article_id: int | str | None
    outlet: str | None
    source: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "amount": self.amount,
            "currency": self.currency,
            "per": self.per,
            "date": self.date,
            "article_id": self.article_id,
            "outlet": self.outlet,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "MoneyFigure":
        return cls(
            kind=str(data.get("kind") or ""),
            amount=float(data.get("amount") or 0.0),
            currency=data.get("currency"),
            per=data.get("per"),
            date=data.get("date"),
            article_id=data.get("article_id"),
            outlet=data.get("outlet"),
            source=data.get("source"),
        )


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """Figures of one kind family ("wage", "fee", ...) tied to one club (or none): the latest and its history.

    `history` holds the figures that changed the amount (the latest RECENT_SUPPORTS), oldest first; its last item
    is the current figure. `repeats` counts reports that restated the current figure.
    """

    family: str
    club: str | None
    history: tuple[MoneyFigure, ...]
    repeats: int = 0

    @property
    def current(self) -> MoneyFigure:
        return self.history[-1]

    def moved_to(self, figure: MoneyFigure) -> "MoneyLine":
        """The line after a new amount was reported."""
        return replace(self, history=(*self.history, figure)[-RECENT_SUPPORTS:], repeats=0)

    def to_json(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "club": self.club,
            "history": [f.to_json() for f in self.history],
            "repeats": self.repeats,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "MoneyLine":
        history = tuple(MoneyFigure.from_json(f) for f in data.get("history") or () if isinstance(f, dict))
        return cls(family=str(data.get("family") or ""), club=data.get("club"), history=history,
                   repeats=int(data.get("repeats") or 0))


def money_key(kind: str | None, club: str | None) -> str:
    """Money is tracked per kind family and club, as readers (and the evaluation contract) see it."""
    family = MONEY_FAMILY.get(kind or "", kind or "")
    return f"{family}|{club_key(club)}"


def _entries(data: dict[str, Any], section: str) -> list[tuple[str, dict[str, Any]]]:
    """The well-formed items of one section of a stored state (anything else is skipped)."""
    items = data.get(section)
    if not isinstance(items, dict):
        return []
    return [(str(k), v) for k, v in items.items() if isinstance(v, dict)]


@dataclass(frozen=True, slots=True)
class PlayerState:
    """The whole picture of one player. Immutable: the diff engine returns a new one."""

    links: dict[str, ClubLink] = field(default_factory=dict)
    contract: dict[str, ContractReport] = field(default_factory=dict)
    money: dict[str, MoneyLine] = field(default_factory=dict)
    current_club: str | None = None

    def with_changes(self, **changes: Any) -> "PlayerState":
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "current_club": self.current_club,
            "links": {key: link.to_json() for key, link in self.links.items()},
            "contract": {key: report.to_json() for key, report in self.contract.items()},
            "money": {key: line.to_json() for key, line in self.money.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "PlayerState":
        """Read a stored state; an empty or unreadable column gives an empty picture rather than an error."""
        if not isinstance(data, dict):
            return cls()
        links = {k: ClubLink.from_json(v) for k, v in _entries(data, "links")}
        contract = {k: ContractReport.from_json(v) for k, v in _entries(data, "contract")}
        money = {k: line for k, v in _entries(data, "money") if (line := MoneyLine.from_json(v)).history}
        return cls(links=links, contract=contract, money=money, current_club=data.get("current_club"))


_SECTIONS = ("links", "contract", "money")


@dataclass(frozen=True, slots=True)
class EncodedState:
    """A state with its JSON text (exactly `json.dumps(state.to_json())`) and the text of each entry.

    The state is immutable and the diff replaces only the entries an article touches, so the next encoding can
    re-use the text of every entry that is still the same object: a long saga is not re-serialised whole on every
    article that mentions the player.
    """

    state: PlayerState
    text: str
    #: (section, key) -> (the entry object, its `"key": {...}` JSON text).
    entries: dict[tuple[str, str], tuple[object, str]]


def encode_state(state: PlayerState, previous: EncodedState | None = None) -> EncodedState:
    """Encode `state`, serialising only the entries that are not (the very same objects) in `previous`."""
    known = previous.entries if previous is not None else {}
    entries: dict[tuple[str, str], tuple[object, str]] = {}
    sections = []
    for section in _SECTIONS:
        items = []
        for key, entry in getattr(state, section).items():
            cached = known.get((section, key))
            if cached is not None and cached[0] is entry:
                item = cached[1]
            else:
                item = f"{json.dumps(key)}: {json.dumps(entry.to_json())}"
            entries[(section, key)] = (entry, item)
            items.append(item)
        sections.append(f'"{section}": {{{", ".join(items)}}}')
    head = f'{{"version": {STATE_VERSION}, "current_club": {json.dumps(state.current_club)}, '
    return EncodedState(state, head + ", ".join(sections) + "}", entries)
