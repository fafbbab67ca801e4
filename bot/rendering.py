"""Plain-text rendering of alerts and /status, in words a fan reads at a glance.

The words themselves (how "advanced" or "rejects_renewal" is shown, currency symbols) live in
`bot/data/stage_display.toml`; this module only arranges them. Adapters with richer idioms (Telegram HTML, Discord
embeds) render the structured payload or StatusView themselves and may reuse the small helpers here.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from bot.diff import Change

if TYPE_CHECKING:
    from bot.status import ClubLine, StatusView


@lru_cache(maxsize=1)
def display_words() -> dict[str, dict[str, str]]:
    """The display vocabulary, read once from the package's data file."""
    text = resources.files("bot").joinpath("data/stage_display.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _word(section: str, key: str | None) -> str:
    if not key:
        return ""
    return display_words().get(section, {}).get(key, key.replace("_", " "))


def link_stage_label(stage: str | None) -> str:
    return _word("link", stage)


def contract_stage_label(stage: str | None) -> str:
    return _word("contract", stage)


def money_kind_label(kind: str | None) -> str:
    return _word("money", kind)


def format_amount(amount: float | None, currency: str | None, per: str | None = None) -> str:
    """£150,000/week, €160m, $1.5bn: millions and billions shortened, smaller sums written out."""
    if amount is None:
        return "?"
    symbol = display_words().get("currency", {}).get((currency or "").upper())
    if amount >= 1_000_000_000:
        number = f"{amount / 1_000_000_000:.2f}".rstrip("0").rstrip(".") + "bn"
    elif amount >= 1_000_000:
        number = f"{amount / 1_000_000:.2f}".rstrip("0").rstrip(".") + "m"
    else:
        number = f"{amount:,.0f}"
    text = f"{symbol}{number}" if symbol else f"{number} {currency}" if currency else number
    return text + _word("per", per)


def _credit(change: Change, outlet: str | None) -> str:
    credited = change.source or outlet
    return f" ({credited})" if credited else ""


def change_summary(change: Change) -> str:
    """The change without the player's name: "Real Madrid: interested → close/advanced"."""
    if change.type == "link":
        before = link_stage_label(change.previous) if change.previous else _word("words", "new_link")
        return f"{change.club}: {before} → {link_stage_label(change.stage)}"
    if change.type == "contract":
        club = f"{change.club} " if change.club else ""
        return f"{club}{_word('words', 'contract').lower()}: {contract_stage_label(change.stage)}"
    figure = format_amount(change.amount, change.currency, change.per)
    was = f" (was {format_amount(change.previous_amount, change.currency, change.per)})" \
        if change.previous_amount is not None else ""
    club = f"{change.club} " if change.club else ""
    return f"{club}{money_kind_label(change.kind)}: {figure}{was}"


def change_note(change: Change, outlet: str | None = None) -> str:
    """The change with who reported it: "Real Madrid: interested → close/advanced (Goal)"."""
    return f"{change_summary(change)}{_credit(change, outlet)}"


def change_line(player: str, change: Change, outlet: str | None = None) -> str:
    """One line of an alert: `Rudiger · Real Madrid: interested → close/advanced (Goal)`."""
    return f"{player} · {change_note(change, outlet)}"


def alert_text(player: str, article: dict[str, Any], changes: Sequence[Change]) -> str:
    """The whole alert for one article and one player: every change, then the story's title, outlet and link."""
    lines = [change_line(player, change, article.get("outlet")) for change in changes]
    if article.get("title"):
        lines.append(str(article["title"]))
    footer = " · ".join(str(part) for part in (article.get("outlet"), article.get("published"), article.get("url"))
                        if part)
    if footer:
        lines.append(footer)
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def club_reports_label(club: "ClubLine") -> str:
    """ "3 outlets", or "1 outlet, unconfirmed" for a move no alert has told yet: every renderer's /status says it
    the same way."""
    label = _plural(club.outlets, "outlet")
    if not club.confirmed:
        label += ", " + display_words().get("words", {}).get("unconfirmed", "unconfirmed")
    return label


def status_text(view: "StatusView") -> str:
    """/status as plain text: clubs, contract, money, the latest changes."""
    words = display_words().get("words", {})
    head = f"{view.player} ({view.current_club})" if view.current_club else view.player
    lines = [head]
    if not (view.clubs or view.contract or view.money):
        lines.append(words.get("no_news", "nothing reported yet"))
    if view.clubs:
        lines.append(words.get("clubs", "Clubs"))
        width = max(len(c.club) for c in view.clubs)
        stage_width = max(len(link_stage_label(c.stage)) for c in view.clubs)
        for club in view.clubs:
            parts = [f"  {club.club:<{width}}", f"{link_stage_label(club.stage):<{stage_width}}",
                     club.last_seen or "", club_reports_label(club)]
            if club.best_source:
                parts.append(f"best: {club.best_source}")
            lines.append("  ".join(parts).rstrip())
    if view.contract:
        items = [
            contract_stage_label(c.stage) + (f" ({', '.join(c.sources)})" if c.sources else "") for c in view.contract
        ]
        lines.append(f"{words.get('contract', 'Contract')}: " + "; ".join(items))
    if view.money:
        items = []
        for m in view.money:
            extra = ", ".join(x for x in (m.club, m.source) if x)
            items.append(f"{money_kind_label(m.kind)} {format_amount(m.amount, m.currency, m.per)}"
                         + (f" ({extra})" if extra else ""))
        lines.append(f"{words.get('money', 'Money')}: " + " · ".join(items))
    if view.recent_changes:
        lines.append(words.get("recent", "Latest changes"))
        lines.extend(f"  {line}" for line in view.recent_changes)
    return "\n".join(lines)
