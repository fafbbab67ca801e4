"""Full text for teaser entries: many feeds carry only a sentence or two, and the claims are in the article.

The page is fetched with the same limits as a feed (size, time, SSRF guard), at most a few pages at a time per host
so the bot stays a polite reader, and its main text extracted by trafilatura (CPU work, so in a thread).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from urllib.parse import urlsplit

import trafilatura

from bot.feeds.fetch import FetchError, Fetcher, FetchLimits
from bot.feeds.parse import FeedEntry

_TEASER_ENDINGS = ("…", "...", "[…]", "[...]", "read more", "continue reading", "more »")


def is_teaser(entry: FeedEntry, min_chars: int) -> bool:
    """True when the entry's text is too short, or visibly cut off, to be the whole article."""
    if not entry.url:
        return False
    text = entry.text.strip()
    return len(text) < min_chars or text.lower().endswith(_TEASER_ENDINGS)


def extract_main_text(html: bytes, url: str | None = None) -> str | None:
    """The article's main text from a page, paragraphs separated by blank lines; None if none was found."""
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        return None
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


class FullTextReader:
    """Fetches article pages for teasers, with a per-host concurrency limit."""

    def __init__(self, fetcher: Fetcher, per_host: int = 2) -> None:
        self._fetcher = fetcher
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
        return await asyncio.to_thread(extract_main_text, page.body, page.url)
