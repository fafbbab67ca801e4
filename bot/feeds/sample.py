"""The bundled sample feed ("bundled:sample-saga"): a fictional transfer saga played back on a fast clock.

Why a clock: a newcomer should see the bot work within a minute, with no tokens and no network. The first poll sees
the opening entries (recorded without alerting, like any new feed), then one more entry is revealed every
`step_seconds`, so whoever types `/follow Nico Halvorsen` in the first few seconds watches the saga unfold as alerts.
Dates are moved so the last entry falls on the moment the bot started, keeping every entry inside the
`max_article_age` window however long ago the file was written.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

#: The saga's player, named in the console banner and /help so the newcomer knows whom to follow.
SAMPLE_PLAYER = "Nico Halvorsen"
SAGA_PATH = Path(__file__).resolve().parents[1] / "data" / "sample_feed" / "sample-saga.atom"

_ENTRY = re.compile(r"(?s)\s*<entry>.*?</entry>")
_STAMP = re.compile(r"<(published|updated)>([^<]+)</\1>")


def saga_document() -> str:
    """The Atom file shipped in bot/data/sample_feed."""
    return SAGA_PATH.read_text(encoding="utf-8")


class SampleSaga:
    """Renders the saga as it stands `elapsed` seconds after start: `initial` entries, then one per `step_seconds`."""

    def __init__(
        self,
        document: str | None = None,
        *,
        initial: int = 2,
        step_seconds: float = 4.0,
        clock: Callable[[], float] = time.monotonic,
        started_at: datetime | None = None,
    ) -> None:
        text = document if document is not None else saga_document()
        entries = _ENTRY.findall(text)
        if not entries:
            raise ValueError("the sample saga has no entries")
        self._head = text[: text.index(entries[0])]
        self._tail = text[text.index(entries[-1]) + len(entries[-1]) :]
        self._entries = [_shift_dates(e, _offset(entries, started_at)) for e in entries]
        self.initial, self.step_seconds = max(initial, 0), step_seconds
        self._clock, self._start = clock, clock()

    @property
    def total(self) -> int:
        return len(self._entries)

    def visible_count(self) -> int:
        elapsed = max(self._clock() - self._start, 0.0)
        return min(self.total, self.initial + int(elapsed // self.step_seconds))

    def render(self) -> bytes:
        """The feed as it reads now (newest entry first, as feeds usually list them)."""
        shown = self._entries[: self.visible_count()]
        return (self._head + "".join(reversed(shown)) + self._tail).encode("utf-8")


def _parse_stamp(value: str) -> datetime:
    return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))


def _offset(entries: list[str], started_at: datetime | None) -> timedelta:
    """How far to move every date so the last entry is dated `started_at` (now by default)."""
    stamps = [_parse_stamp(m.group(2)) for e in entries for m in _STAMP.finditer(e)]
    if not stamps:
        return timedelta(0)
    return (started_at or datetime.now(timezone.utc)) - max(stamps)


def _shift_dates(entry: str, offset: timedelta) -> str:
    def shifted(match: re.Match[str]) -> str:
        moved = (_parse_stamp(match.group(2)) + offset).astimezone(timezone.utc)
        return f"<{match.group(1)}>{moved.strftime('%Y-%m-%dT%H:%M:%SZ')}</{match.group(1)}>"

    return _STAMP.sub(shifted, entry)
