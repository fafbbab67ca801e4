"""What the bot knows about one player, and its round trip to the `players.state` JSON column.

The state is the diff engine's memory: per club the furthest stage a move has reached (with every supporting
article, its outlet and credited source), the contract stages reported with who reported each (contradictions
kept side by side), and the money figures by kind family with their history. It is read and written whole, so
/status is a single-row read however many claims lie behind it.

Supporting articles are stored as compact `[article_id, outlet, source, date]` lists rather than dicts: a player
in a long saga collects thousands, and the JSON is rewritten on every article that mentions him.
"""

from __future__ import annotations

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


def _supports_to_json(supports: tuple[Support, ...]) -> list[list[Any]]:
    return [s.to_json() for s in supports]


def _supports_from_json(data: Any) -> tuple[Support, ...]:
    return tuple(Support.from_json(item) for item in data or () if isinstance(item, list))


def _distinct(values: Any) -> tuple[str, ...]:
    """Non-empty values in first-seen order, each once."""
    return tuple(dict.fromkeys(v for v in values if v))


@dataclass(frozen=True, slots=True)
class ClubLink:
    """A move to one club: its current stage, when it was first and last reported, and by whom."""

    club: str
    stage: str
    first_seen: str | None
    last_seen: str | None
    #: The furthest stage reached before the move was reported off (None if it never was).
    stage_before_off: str | None = None
    supports: tuple[Support, ...] = ()

    @property
    def outlets(self) -> tuple[str, ...]:
        return _distinct(s.outlet for s in self.supports)

    @property
    def sources(self) -> tuple[str, ...]:
        return _distinct(s.source for s in self.supports)

    def to_json(self) -> dict[str, Any]:
        return {
            "club": self.club,
            "stage": self.stage,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "stage_before_off": self.stage_before_off,
            "supports": _supports_to_json(self.supports),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ClubLink":
        return cls(
            club=str(data.get("club") or ""),
            stage=str(data.get("stage") or "interest"),
            first_seen=data.get("first_seen"),
            last_seen=data.get("last_seen"),
            stage_before_off=data.get("stage_before_off"),
            supports=_supports_from_json(data.get("supports")),
        )


@dataclass(frozen=True, slots=True)
class ContractReport:
    """One contract stage (e.g. "rejects_renewal") and every article that reported it."""

    stage: str
    club: str | None
    first_seen: str | None
    last_seen: str | None
    supports: tuple[Support, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """Who was credited (the credited source, else the outlet): contradictory stages each keep theirs."""
        return _distinct(s.source or s.outlet for s in self.supports)

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "club": self.club,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "supports": _supports_to_json(self.supports),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ContractReport":
        return cls(
            stage=str(data.get("stage") or ""),
            club=data.get("club"),
            first_seen=data.get("first_seen"),
            last_seen=data.get("last_seen"),
            supports=_supports_from_json(data.get("supports")),
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

    `history` holds every figure that changed the amount, oldest first; its last item is the current figure.
    `repeats` counts reports that restated the current figure.
    """

    family: str
    club: str | None
    history: tuple[MoneyFigure, ...]
    repeats: int = 0

    @property
    def current(self) -> MoneyFigure:
        return self.history[-1]

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
