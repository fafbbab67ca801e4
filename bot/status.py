"""/status: a player's current picture as a structured view (contract 4's StatusView) built from his state.

Pure: it reads a PlayerState and the recent change lines, nothing else, so /status costs one player row and one
small indexed query however many claims lie behind the picture. Each adapter renders the view in its own idiom;
`bot.rendering.status_text` is the plain-text one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bot.domain import LINK_STAGE_RANK, OFF
from bot.player_state import ClubLink, PlayerState, Witnesses


@dataclass(frozen=True, slots=True)
class ClubLine:
    club: str
    stage: str
    last_seen: str | None
    outlets: int
    best_source: str | None
    #: False while the move rests on one weak report (see bot.diff): shown, but flagged
    confirmed: bool = True


@dataclass(frozen=True, slots=True)
class ContractLine:
    stage: str
    sources: tuple[str, ...]
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class MoneyLine:
    kind: str
    amount: float
    currency: str | None
    per: str | None
    club: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class StatusView:
    player: str
    current_club: str | None
    clubs: tuple[ClubLine, ...]
    contract: tuple[ContractLine, ...]
    money: tuple[MoneyLine, ...]
    recent_changes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, not tuples) ready for JSON."""
        data = asdict(self)
        for key in ("clubs", "contract", "money", "recent_changes"):
            data[key] = list(data[key])
        for line in data["contract"]:
            line["sources"] = list(line["sources"])
        return data


def best_source(witnesses: Witnesses) -> str | None:
    """The name credited most often (the credited source, else the outlet); the first credited wins a tie."""
    credits = witnesses.credits
    if not credits:
        return None
    order = {name: i for i, name in enumerate(credits)}
    return max(credits, key=lambda name: (credits[name], -order[name]))


def _club_order(link: ClubLink) -> tuple[int, str]:
    """Furthest stage first, dead moves last; within a stage the most recent first."""
    rank = -1 if link.stage == OFF else LINK_STAGE_RANK.get(link.stage, -1)
    return (-rank, _descending(link.last_seen or ""))


def _descending(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def build_status_view(player: str, state: PlayerState, recent_changes: Sequence[str] = ()) -> StatusView:
    """The picture of one player, ready to render."""
    clubs = tuple(
        ClubLine(club=link.club, stage=link.stage, last_seen=link.last_seen, outlets=len(link.outlets) or 1,
                 best_source=best_source(link.witnesses), confirmed=link.confirmed)
        for link in sorted(state.links.values(), key=_club_order)
    )
    contract = tuple(
        ContractLine(stage=report.stage, sources=report.sources, last_seen=report.last_seen)
        for report in sorted(state.contract.values(), key=lambda r: _descending(r.last_seen or ""))
    )
    money = tuple(
        MoneyLine(kind=line.current.kind, amount=line.current.amount, currency=line.current.currency,
                  per=line.current.per, club=line.club, source=line.current.source or line.current.outlet)
        for line in sorted(state.money.values(), key=lambda m: _descending(m.current.date or ""))
    )
    return StatusView(player=player, current_club=state.current_club, clubs=clubs, contract=contract, money=money,
                      recent_changes=tuple(recent_changes[:5]))


def recent_change_line(payload: dict[str, Any]) -> str:
    """A stored change (player_changes.payload) as a dated line for /status."""
    line = str(payload.get("line") or "")
    return f"{payload['date']} {line}" if payload.get("date") else line


def status_view_for(player: Any, changes: Sequence[Any]) -> StatusView:
    """The view for a stored player row and its latest change rows (newest first), as read by the repository."""
    state = PlayerState.from_json(player.state)
    if state.current_club is None and player.current_club:
        state = state.with_changes(current_club=player.current_club)
    return build_status_view(player.canonical_name, state, [recent_change_line(c.payload or {}) for c in changes])
