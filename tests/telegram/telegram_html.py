"""What Telegram's Bot API accepts as an HTML-formatted message, checked as strictly as the real server does.

The fake server uses this to answer 400 "can't parse entities" or "message is too long" exactly where Telegram
would, so a test that passes against the fake is not relying on the fake's leniency.
"""

from __future__ import annotations

import html
import re

#: Tags Telegram's HTML parse mode understands (https://core.telegram.org/bots/api#html-style).
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
     "blockquote", "tg-emoji"}
)
MAX_MESSAGE_LENGTH = 4096

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=\"[^\"<>]*\"|='[^'<>]*'|=[^\s\"'<>]+)?)*)\s*>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);")


class EntityParseError(ValueError):
    """Telegram would answer 400 with this description."""


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The visible text of an HTML message, or EntityParseError where Telegram would refuse it."""
    visible: list[str] = []
    open_tags: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = _TAG.match(text, position)
            if match is None:
                raise EntityParseError(f"can't parse entities: unexpected \"<\" at byte offset {position}")
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in ALLOWED_TAGS:
                raise EntityParseError(f"can't parse entities: unsupported start tag \"{name}\" at byte offset "
                                       f"{position}")
            if closing:
                if not open_tags or open_tags[-1] != name:
                    raise EntityParseError(f"can't parse entities: can't find end tag corresponding to start tag "
                                           f"\"{name}\"")
                open_tags.pop()
            else:
                open_tags.append(name)
            position = match.end()
        elif char == "&":
            match = _ENTITY.match(text, position)
            if match is None:
                raise EntityParseError(f"can't parse entities: unsupported HTML entity at byte offset {position}")
            visible.append(html.unescape(match.group(0)))
            position = match.end()
        elif char == ">":
            raise EntityParseError(f"can't parse entities: unexpected \">\" at byte offset {position}")
        else:
            visible.append(char)
            position += 1
    if open_tags:
        raise EntityParseError(f"can't parse entities: can't find end tag corresponding to start tag "
                               f"\"{open_tags[-1]}\"")
    return "".join(visible)


def check_message_text(text: str, parse_mode: str | None) -> str:
    """The visible text of a sendMessage/editMessageText call, or EntityParseError with Telegram's description."""
    visible = parse_html(text) if (parse_mode or "").upper() == "HTML" else text
    if not visible.strip():
        raise EntityParseError("message text is empty")
    if utf16_length(visible) > MAX_MESSAGE_LENGTH:
        raise EntityParseError("message is too long")
    return visible
