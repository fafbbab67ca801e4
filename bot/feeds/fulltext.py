"""Full text for teaser entries: many feeds carry only a sentence or two, and the claims are in the article.

The page is fetched with the same limits as a feed (size, time, SSRF guard), at most a few pages at a time per host
so the bot stays a polite reader, and its main text extracted by trafilatura (CPU work, so in a thread).

trafilatura, and jusText and lxml_html_clean beneath it, are imported when a reader is asked for, not when this
module is: an installation missing one of them loses teaser full text, with one warning saying how to get it back,
and keeps running on the teasers themselves. `transferbot doctor` asks the same question through
`load_main_text_extractor`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from bot.feeds.fetch import FetchError, Fetcher, FetchLimits
from bot.feeds.parse import FeedEntry

log = logging.getLogger("bot.feeds.fulltext")

_TEASER_ENDINGS = ("…", "...", "[…]", "[...]", "read more", "continue reading", "more »")

#: A page's bytes and URL → its main text, or None when it holds no article.
MainTextExtractor = Callable[[bytes, str | None], str | None]

#: What an operator does when the extractor does not import.
REPAIR_HINT = ("reinstall transferbot so its dependencies are complete (pip install -U pip, then pip install . "
               "again); full text needs trafilatura and lxml_html_clean")


class FullTextUnavailable(Exception):
    """The main-text extractor (trafilatura or a package under it) cannot be imported; the message is one line."""


def is_teaser(entry: FeedEntry, min_chars: int) -> bool:
    """True when the entry's text is too short, or visibly cut off, to be the whole article."""
    if not entry.url:
        return False
    text = entry.text.strip()
    return len(text) < min_chars or text.lower().endswith(_TEASER_ENDINGS)


def load_main_text_extractor() -> MainTextExtractor:
    """The page-to-main-text function, importing trafilatura now; FullTextUnavailable says which piece is missing."""
    try:
        from trafilatura import extract
    except ImportError as exc:
        raise FullTextUnavailable(" ".join(str(exc).split()) or type(exc).__name__) from None
    return partial(_main_text, extract)


def _main_text(extract: Callable[..., Any], html: bytes, url: str | None = None) -> str | None:
    """The article's main text, paragraphs separated by blank lines; None if none was found."""
    text = extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        return None
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


class FullTextReader:
    """Fetches article pages for teasers, with a per-host concurrency limit."""

    def __init__(self, fetcher: Fetcher, extract: MainTextExtractor, per_host: int = 2) -> None:
        self._fetcher = fetcher
        self._extract = extract
        self._per_host = per_host
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(self._per_host))

    async def read(self, url: str, limits: FetchLimits) -> str | None:
        """The main text of the page at `url`, or None when it cannot be fetched or holds no article."""
        host = (urlsplit(url).hostname or "").lower()
        async with self._hosts[host]:
            try:
                page = await self._fetcher.fetch(url, limits)
            except FetchError:
                return None
        return await asyncio.to_thread(self._extract, page.body, page.url)


def full_text_reader(fetcher: Fetcher, per_host: int) -> FullTextReader | None:
    """A reader for teasers, or None when the extractor cannot be imported: one warning, and teasers stay teasers."""
    try:
        extract = load_main_text_extractor()
    except FullTextUnavailable as exc:
        log.warning("event=full_text_disabled problem=%r fix=%r", str(exc), REPAIR_HINT)
        return None
    return FullTextReader(fetcher, extract, per_host)
