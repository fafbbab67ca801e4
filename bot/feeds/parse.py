"""Feed bytes → entries, with the XML defused first.

feedparser parses with expat (and falls back to its forgiving sgmllib parser on broken XML). A document declaring
its own entities is the classic "billion laughs" bomb; no real news feed needs one, so any document whose DOCTYPE
declares entities is refused before feedparser sees it (`UnsafeXMLError`), whatever expat's own protections.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
from lxml import etree

#: `<!ENTITY` in any of the encodings a feed may arrive in (ASCII-compatible, UTF-16 either way round, UTF-32).
_ENTITY_MARKERS = tuple(
    "<!entity".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_BLOCK_TAGS = re.compile(r"(?i)<\s*(?:/p|br\s*/?|/div|/h[1-6]|/li|/blockquote|/tr)\s*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class NotAFeedError(Exception):
    """The bytes are not an RSS or Atom feed."""


class UnsafeXMLError(NotAFeedError):
    """The document declares XML entities (an entity-expansion bomb, or at best nothing a feed needs)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item, reduced to what the bot uses; `text` is plain text (HTML removed, paragraphs kept)."""

    guid: str | None
    url: str | None
    title: str | None
    text: str
    published: datetime | None
    author: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]


def reject_entity_declarations(data: bytes) -> None:
    """Raise UnsafeXMLError if the document declares entities (case-insensitive, in any likely encoding)."""
    lowered = data.lower()
    if any(marker in lowered for marker in _ENTITY_MARKERS):
        raise UnsafeXMLError("the document declares XML entities (possible entity-expansion bomb)")


def parse_feed(data: bytes, base_url: str | None = None, fallback_outlet: str | None = None) -> ParsedFeed:
    """Parse RSS/Atom bytes into entries. Raises NotAFeedError (or UnsafeXMLError) for anything else."""
    reject_entity_declarations(data)
    parsed = feedparser.parse(data)  # no base URL: feedparser would rewrite guids into URLs relative to it
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise NotAFeedError(f"not an RSS or Atom feed ({problem})" if problem else "not an RSS or Atom feed")
    feed_title = _clean(parsed.feed.get("title"))
    outlet = feed_title or fallback_outlet
    return ParsedFeed(feed_title, tuple(_entry(raw, outlet, base_url) for raw in parsed.entries))


def _entry(raw: Any, outlet: str | None, base_url: str | None) -> FeedEntry:
    contents = [c.get("value", "") for c in raw.get("content", []) if c.get("value")]
    body = max(contents, key=len) if contents else raw.get("summary", "")
    source = raw.get("source", {}) or {}
    return FeedEntry(
        guid=_clean(raw.get("id")),
        url=_absolute(_clean(raw.get("link")), base_url),
        title=_clean(raw.get("title")),
        text=html_to_text(body or ""),
        published=_timestamp(raw.get("published_parsed") or raw.get("updated_parsed")),
        author=_clean(raw.get("author")),
        outlet=_clean(source.get("title")) or outlet,
    )


def html_to_text(html: str) -> str:
    """Plain text with paragraph breaks kept (sentence segmentation in the extractor relies on them)."""
    if "<" not in html and "&" not in html:
        return _tidy(html)
    try:
        text = lxml.html.fromstring(_BLOCK_TAGS.sub(lambda m: m.group(0) + "\n\n", html)).text_content()
    except (etree.ParserError, ValueError):
        text = re.sub(r"<[^>]*>", " ", html)
    return _tidy(text)


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _absolute(link: str | None, base_url: str | None) -> str | None:
    return urljoin(base_url, link) if link and base_url else link


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _timestamp(parsed: Any) -> datetime | None:
    """feedparser's UTC struct_time → an aware datetime (None if absent or absurd)."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    except (OverflowError, ValueError, TypeError):
        return None
