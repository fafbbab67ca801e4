"""Discord's idiom for alerts, /status and replies: embeds, packed within Discord's limits.

Pure functions from the alert payload (contract 3), a StatusView or reply text to `discord.Embed` objects grouped
into messages; no client, no network. Discord rejects a whole message when any one limit is broken (a 1,025-character
field, a 26th field, 6,001 characters across a message's embeds), so every piece is clipped or split here rather
than hoping the content stays small: a saga with forty clubs still goes out, as several embeds or messages.

The words (stage labels, amounts, section names) come from `bot.rendering`, shared with the plain-text renderer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import discord
from discord.utils import escape_markdown

from bot.domain import LINK_STAGE_RANK, OFF
from bot.rendering import club_reports_label, contract_stage_label, display_words, format_amount, link_stage_label, money_kind_label
from bot.status import StatusView

# Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELDS_PER_EMBED = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
CHARACTERS_PER_MESSAGE = 6000
EMBEDS_PER_MESSAGE = 10
CONTENT_LIMIT = 2000
#: How much of an article's sentence an alert quotes: enough to check the bot's reading, not the article.
EVIDENCE_LIMIT = 200

#: Embed colours by how far the furthest reported move has got: cool for murmurs, warm as it firms up.
STAGE_COLOURS: dict[str, int] = {
    "interest": 0x95A5A6,
    "talks": 0x3498DB,
    "bid": 0x9B59B6,
    "advanced": 0xE67E22,
    "agreed": 0xF1C40F,
    "done": 0x2ECC71,
    OFF: 0xE74C3C,
}
CONTRACT_COLOUR = 0x1ABC9C
MONEY_COLOUR = 0xF39C12
REPLY_COLOURS: dict[str, int] = {"error": 0xE74C3C, "choice": 0x3498DB}
DEFAULT_COLOUR = 0x5865F2
ELLIPSIS = "…"
CONTINUED = "(continued)"


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis showing where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def split_lines(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines into as few chunks as fit `limit` each, breaking only between lines (a longer line is clipped)."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


@dataclass(frozen=True)
class EmbedHead:
    """What the first embed of a rendering carries (title, link, description) and what the last carries (footer)."""

    title: str
    colour: int
    description: str = ""
    url: str | None = None
    footer: str | None = None
    timestamp: datetime | None = None


def _fields_within_limits(fields: Iterable[tuple[str, Sequence[str]]]) -> list[tuple[str, str]]:
    """(name, lines) pairs as Discord fields; a value too long for one field continues in the next."""
    out: list[tuple[str, str]] = []
    for name, lines in fields:
        name = clip(name or "\u200b", FIELD_NAME_LIMIT)
        for index, value in enumerate(split_lines(lines, FIELD_VALUE_LIMIT) or ["\u200b"]):
            out.append((name if index == 0 else clip(f"{name} {CONTINUED}", FIELD_NAME_LIMIT), value))
    return out


def build_embeds(head: EmbedHead, fields: Iterable[tuple[str, Sequence[str]]] = ()) -> list[discord.Embed]:
    """Embeds holding the head and every field, each embed within the per-embed and per-message limits."""
    descriptions = split_lines(head.description.splitlines(), DESCRIPTION_LIMIT) if head.description else []
    footer = clip(head.footer, FOOTER_LIMIT) if head.footer else None
    budget = CHARACTERS_PER_MESSAGE - len(footer or "")
    embeds = [discord.Embed(title=clip(head.title, TITLE_LIMIT), url=head.url, colour=head.colour,
                            description=descriptions[0] if descriptions else None)]
    for more in descriptions[1:]:
        embeds.append(discord.Embed(colour=head.colour, description=more))
    for name, value in _fields_within_limits(fields):
        embed = embeds[-1]
        if len(embed.fields) >= FIELDS_PER_EMBED or len(embed) + len(name) + len(value) > budget:
            embed = discord.Embed(colour=head.colour)
            embeds.append(embed)
        embed.add_field(name=name, value=value, inline=False)
    if footer:
        embeds[-1].set_footer(text=footer)
    if head.timestamp is not None:
        embeds[-1].timestamp = head.timestamp
    return embeds


def group_into_messages(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Consecutive embeds per message: at most ten, and at most 6,000 characters between them."""
    messages: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if not messages or len(messages[-1]) >= EMBEDS_PER_MESSAGE or size + len(embed) > CHARACTERS_PER_MESSAGE:
            messages.append([])
            size = 0
        messages[-1].append(embed)
        size += len(embed)
    return messages


# ------------------------------------------------------------------ alerts
def _furthest_stage(stages: Iterable[str | None]) -> str | None:
    ranked = [s for s in stages if s in LINK_STAGE_RANK]
    if ranked:
        return max(ranked, key=LINK_STAGE_RANK.__getitem__)
    return OFF if OFF in stages else None


def alert_colour(changes: Sequence[Mapping[str, Any]]) -> int:
    """The colour of the furthest link stage among the changes; contract or money news has its own."""
    stage = _furthest_stage([c.get("stage") for c in changes if c.get("type") == "link"])
    if stage is not None:
        return STAGE_COLOURS[stage]
    if any(c.get("type") == "contract" for c in changes):
        return CONTRACT_COLOUR
    return MONEY_COLOUR if changes else DEFAULT_COLOUR


def _text(value: Any) -> str:
    return escape_markdown(str(value)) if value not in (None, "") else ""


def change_line(change: Mapping[str, Any]) -> str:
    """One change as a field line: `interested → **close/advanced** · via Fabrizio Romano`."""
    kind = change.get("type")
    if kind == "link":
        before = link_stage_label(change.get("previous")) if change.get("previous") else \
            display_words().get("words", {}).get("new_link", "new")
        line = f"{_text(before)} → **{_text(link_stage_label(change.get('stage')))}**"
    elif kind == "contract":
        line = f"**{_text(contract_stage_label(change.get('stage')))}**"
    else:
        figure = format_amount(change.get("amount"), change.get("currency"), change.get("per"))
        line = f"{_text(money_kind_label(change.get('kind')))}: **{_text(figure)}**"
        if change.get("previous_amount") is not None:
            was = format_amount(change.get("previous_amount"), change.get("currency"), change.get("per"))
            line += f" (was {_text(was)})"
    if change.get("source"):
        line += f" · via {_text(change['source'])}"
    return line


def _evidence_line(evidence: Any) -> str | None:
    text = " ".join(str(evidence or "").split())
    return f"> {_text(clip(text, EVIDENCE_LIMIT))}" if text else None


def alert_fields(changes: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[str]]]:
    """A field per changed club (in the order the changes come), each line a change, then its quoted evidence."""
    words = display_words().get("words", {})
    by_club: dict[str, list[str]] = {}
    for change in changes:
        fallback = words.get("contract", "Contract") if change.get("type") == "contract" else words.get("money", "Money")
        lines = by_club.setdefault(str(change.get("club") or fallback), [])
        lines.append(change_line(change))
        evidence = _evidence_line(change.get("evidence"))
        if evidence and evidence not in lines:
            lines.append(evidence)
    return list(by_club.items())


def _published(value: Any) -> datetime | None:
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _article_description(article: Mapping[str, Any]) -> str:
    title = " ".join(str(article.get("title") or "").split())
    url = str(article.get("url") or "")
    if title and url.startswith(("http://", "https://")):
        return f"[{_text(clip(title, 300)).replace(']', '')}]({url})"
    return _text(title) or url


def alert_messages(payload: Mapping[str, Any]) -> list[list[discord.Embed]]:
    """The embeds for one outbox alert, grouped into the messages to send (usually one)."""
    changes = [c for c in payload.get("changes") or [] if isinstance(c, Mapping)]
    article = payload.get("article") or {}
    url = str(article.get("url") or "")
    head = EmbedHead(
        title=str(payload.get("player") or "TransferBot notice"),
        colour=alert_colour(changes),
        description=_article_description(article) if changes else str(payload.get("text") or ""),
        url=url if url.startswith(("http://", "https://")) else None,
        footer=" · ".join(str(p) for p in (article.get("outlet"), article.get("published")) if p) or None,
        timestamp=_published(article.get("published")),
    )
    return group_into_messages(build_embeds(head, alert_fields(changes)))


# ------------------------------------------------------------------ /status
def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def status_fields(view: StatusView) -> list[tuple[str, list[str]]]:
    """A field per club (furthest stage first, as the view orders them), then contract, money, latest changes."""
    words = display_words().get("words", {})
    fields: list[tuple[str, list[str]]] = []
    for club in view.clubs:
        parts = [f"**{_text(link_stage_label(club.stage))}**", club.last_seen or "", club_reports_label(club)]
        if club.best_source:
            parts.append(f"best: {_text(club.best_source)}")
        fields.append((club.club, [" · ".join(p for p in parts if p)]))
    if view.contract:
        fields.append((words.get("contract", "Contract"), [
            f"**{_text(contract_stage_label(line.stage))}**"
            + (f" ({_text(', '.join(line.sources))})" if line.sources else "")
            + (f" · {line.last_seen}" if line.last_seen else "")
            for line in view.contract
        ]))
    if view.money:
        fields.append((words.get("money", "Money"), [
            f"{_text(money_kind_label(m.kind))}: **{_text(format_amount(m.amount, m.currency, m.per))}**"
            + (f" ({_text(', '.join(x for x in (m.club, m.source) if x))})" if m.club or m.source else "")
            for m in view.money
        ]))
    if view.recent_changes:
        fields.append((words.get("recent", "Latest changes"), [f"• {_text(line)}" for line in view.recent_changes]))
    return fields


def status_messages(view: StatusView) -> list[list[discord.Embed]]:
    """/status as embeds: the player and his club as the head, a field per club, then contract and money."""
    words = display_words().get("words", {})
    nothing = not (view.clubs or view.contract or view.money)
    stage = _furthest_stage([c.stage for c in view.clubs])
    head = EmbedHead(
        title=f"{view.player} ({view.current_club})" if view.current_club else view.player,
        colour=STAGE_COLOURS[stage] if stage else DEFAULT_COLOUR,
        description=words.get("no_news", "nothing reported yet") if nothing else "",
    )
    return group_into_messages(build_embeds(head, status_fields(view)))


# ------------------------------------------------------------------ replies
def reply_colour(kind: str) -> int:
    return REPLY_COLOURS.get(kind, DEFAULT_COLOUR)


def text_messages(text: str) -> list[str]:
    """Plain reply text as message contents of at most 2,000 characters, split between lines."""
    return split_lines(text.splitlines() or [""], CONTENT_LIMIT) or ["\u200b"]
