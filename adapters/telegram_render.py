"""Telegram's idiom for alerts, /status and command replies: HTML parse mode, escaped, split to fit.

Pure functions. Everything is built from `Block`s — one line of the message, held both as HTML and as the plain text
it shows — so that a message can be split between lines without ever cutting a tag in half, and a single line too
long for one message (a 10,000-character evidence sentence) falls back to its plain text, cut at word boundaries
and escaped piece by piece. Every piece is at most 4096 UTF-16 code units of *source*, which is never less than
what Telegram counts after parsing, so Telegram never refuses a message as too long.

The words (stage names, currency symbols) come from `bot.rendering`, shared with the console and Discord.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.rendering import club_reports_label, contract_stage_label, display_words, format_amount, link_stage_label, money_kind_label
from bot.status import StatusView

#: Telegram's limit on one message's text.
MESSAGE_LIMIT = 4096
#: Quoted evidence and titles longer than this are shortened: an alert is read at a glance.
QUOTE_LIMIT = 300
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of a message: its HTML source and the plain text it shows."""

    html: str
    plain: str

    def __add__(self, other: "Block") -> "Block":
        return Block(self.html + other.html, self.plain + other.plain)


def text(value: object) -> Block:
    """Untrusted text, escaped."""
    plain = str(value)
    return Block(_escape_html(plain), plain)


def bold(value: object) -> Block:
    inner = text(value)
    return Block(f"<b>{inner.html}</b>", inner.plain)


def italic(value: object) -> Block:
    inner = text(value)
    return Block(f"<i>{inner.html}</i>", inner.plain)


def link(label: object, url: object) -> Block:
    """A link when the URL is a plain http(s) one; otherwise just the label (Telegram refuses odd hrefs)."""
    inner = text(label)
    href = str(url or "")
    if not _SAFE_URL.match(href) or len(href) > 2000:
        return inner
    return Block(f'<a href="{html.escape(href, quote=True)}">{inner.html}</a>', inner.plain)


def join(blocks: Iterable[Block], separator: str = "") -> Block:
    result = Block("", "")
    for index, block in enumerate(blocks):
        result = result + text(separator) + block if index else block
    return result


def shorten(value: object, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters, cut at a word where one is near, with an ellipsis."""
    plain = " ".join(str(value).split())
    if len(plain) <= limit:
        return plain
    cut = plain[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut) + "…"


# --------------------------------------------------------------------------- alerts
def _change_block(change: Mapping[str, Any]) -> Block:
    """One change: "Real Madrid: interested → close/advanced · Fabrizio Romano"."""
    kind = change.get("type")
    club = str(change.get("club") or "")
    if kind == "link":
        previous = change.get("previous")
        before = link_stage_label(previous) if previous else display_words().get("words", {}).get("new_link", "new")
        line = bold(club) + text(f": {before} → ") + bold(link_stage_label(change.get("stage")))
    elif kind == "contract":
        line = text(f"{club} " if club else "") + text("contract: ") + bold(contract_stage_label(change.get("stage")))
    else:
        figure = format_amount(change.get("amount"), change.get("currency"), change.get("per"))
        line = text(f"{club} " if club else "") + text(f"{money_kind_label(change.get('kind'))}: ") + bold(figure)
        if change.get("previous_amount") is not None:
            line += text(f" (was {format_amount(change['previous_amount'], change.get('currency'), change.get('per'))})")
    if change.get("source"):
        line += text(" · ") + text(change["source"])
    return text("• ") + line


def alert_blocks(payload: Mapping[str, Any]) -> list[Block]:
    """An alert payload (contract 3) as lines: the player, each change with its evidence, then the story. A payload
    with no changes is a notice (e.g. a feed disabled, for admins): its ready-made text, escaped."""
    if not payload.get("changes"):
        return [text(line) for line in str(payload.get("text") or "Transfer news").splitlines()]
    article = payload.get("article") or {}
    blocks = [bold(payload.get("player") or "Transfer news")]
    for change in payload.get("changes") or ():
        blocks.append(_change_block(change))
        if change.get("evidence"):
            blocks.append(italic(f"“{shorten(change['evidence'])}”"))
    title = shorten(article.get("title") or article.get("url") or "")
    if title:
        blocks.append(link(title, article.get("url")))
    footer = [str(part) for part in (article.get("outlet"), article.get("published")) if part]
    if footer:
        blocks.append(text(" · ".join(footer)))
    return blocks


def render_alert(payload: Mapping[str, Any], limit: int = MESSAGE_LIMIT) -> list[str]:
    """The alert as one or more HTML messages, each within Telegram's limit."""
    return split_blocks(alert_blocks(payload), limit)


def render_alert_plain(payload: Mapping[str, Any], limit: int = MESSAGE_LIMIT) -> list[str]:
    """The same alert as plain-text messages (no parse mode): the fallback should Telegram ever refuse our HTML."""
    return split_plain("\n".join(block.plain for block in alert_blocks(payload)), limit, as_html=False)


# --------------------------------------------------------------------------- /status
def _credits(names: Iterable[str | None]) -> Block:
    """" · Goal, Sky Sports" after a fact, or nothing when nobody is credited."""
    named = [name for name in names if name]
    return text(" · " + ", ".join(named)) if named else text("")


def status_blocks(view: StatusView) -> list[Block]:
    """/status: the player, the clubs by stage, the contract, the money, the latest changes."""
    words = display_words().get("words", {})
    head = bold(view.player) + (text(f" ({view.current_club})") if view.current_club else text(""))
    blocks = [head]
    if not (view.clubs or view.contract or view.money):
        blocks.append(italic(words.get("no_news", "nothing reported yet")))
    if view.clubs:
        blocks.append(bold(words.get("clubs", "Clubs")))
        for club in view.clubs:
            facts = [link_stage_label(club.stage), club.last_seen or "", club_reports_label(club)]
            if club.best_source:
                facts.append(f"best: {club.best_source}")
            blocks.append(text("• ") + bold(club.club) + text(" — " + " · ".join(f for f in facts if f)))
    if view.contract:
        blocks.append(bold(words.get("contract", "Contract")))
        blocks.extend(text("• " + contract_stage_label(line.stage)) + _credits(line.sources) for line in view.contract)
    if view.money:
        blocks.append(bold(words.get("money", "Money")))
        blocks.extend(
            text(f"• {money_kind_label(line.kind)} ") + bold(format_amount(line.amount, line.currency, line.per))
            + _credits((line.club, line.source))
            for line in view.money
        )
    if view.recent_changes:
        blocks.append(bold(words.get("recent", "Latest changes")))
        blocks.extend(text(f"• {line}") for line in view.recent_changes)
    return blocks


def render_status(view: StatusView, limit: int = MESSAGE_LIMIT) -> list[str]:
    return split_blocks(status_blocks(view), limit)


def render_plain(message: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """A command's plain-text reply, escaped line by line (it may quote what a user typed)."""
    return split_blocks([text(line) for line in message.splitlines() or [""]], limit)


# --------------------------------------------------------------------------- splitting
def utf16_length(value: str) -> int:
    """Telegram measures text in UTF-16 code units (an emoji counts two)."""
    return len(value.encode("utf-16-le")) // 2


def split_blocks(blocks: Sequence[Block], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines packed into as few messages as fit, never splitting a tag; each message non-empty and within `limit`."""
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        pieces = [block.html] if utf16_length(block.html) <= limit else split_plain(block.plain, limit)
        for piece in pieces:
            extra = utf16_length(piece) + (1 if current else 0)
            if current and size + extra > limit:
                messages.append("\n".join(current))
                current, size = [], 0
                extra = utf16_length(piece)
            current.append(piece)
            size += extra
    if current:
        messages.append("\n".join(current))
    return [m for m in messages if m.strip()] or [html.escape("(empty)")]


def split_plain(plain: str, limit: int = MESSAGE_LIMIT, *, as_html: bool = True) -> list[str]:
    """Plain text in pieces of at most `limit`, cut between words where possible; escaped for HTML parse mode
    unless `as_html` is false."""
    escape = _escape_html if as_html else str
    pieces: list[str] = []
    current = ""
    for word in re.findall(r"\S+\s*", plain) or [plain]:
        escaped = escape(word)
        if utf16_length(current + escaped) <= limit:
            current += escaped
            continue
        if current.strip():
            pieces.append(current.rstrip())
        current = ""
        while utf16_length(escaped) > limit:
            head, word = _cut(word, limit, escape)
            pieces.append(escape(head))
            escaped = escape(word)
        current = escaped
    if current.strip():
        pieces.append(current.rstrip())
    return pieces


def _escape_html(value: str) -> str:
    return html.escape(value, quote=False)


def _cut(word: str, limit: int, escape: Callable[[str], str]) -> tuple[str, str]:
    """The longest head of a word whose escaped form fits, and the rest."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_length(escape(word[:middle])) <= limit:
            low = middle
        else:
            high = middle - 1
    return word[:low], word[low:]
