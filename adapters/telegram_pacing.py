"""Pacing the bot's messages to Telegram's flood limits, so that Telegram never has to answer 429.

Telegram allows a bot about 30 messages a second overall, one a second in any one chat and 20 a minute in a group.
PTB's own `AIORateLimiter` covers the overall and group caps with leaky buckets but not the per-chat one, and a
leaky bucket lets a burst through that a sliding window (how the caps are usually enforced) counts as too many. So
this limiter keeps sliding windows, and counts each message from the moment its request *finished*: the server saw
it no later than that, so however long requests take on the wire, the gap the server measures is never shorter
than the one kept here. Messages to one chat go one at a time, in the order they were asked for.

When Telegram still answers 429 (another process sharing the token, a stricter cap), every message waits
`retry_after` and the request is retried, up to `max_retries` times; then RetryAfter reaches the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import warnings
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

#: Bot API methods that put a message in a chat, and so count against the caps.
PACED_METHODS = frozenset({"sendMessage", "editMessageText"})
_MAX_IDLE_LANES = 1024


class SlidingWindow:
    """At most `limit` messages in any `period` seconds, each counted from when its request finished.

    A request still in flight holds a slot until it finishes. Pure bookkeeping: the caller passes the time.
    """

    def __init__(self, limit: int, period: float) -> None:
        self.limit, self.period = limit, period
        self.in_flight = 0
        self._finished: deque[float] = deque()

    def wait_time(self, now: float) -> float | None:
        """0 when a message may start now; else the seconds until one may, or None while only in-flight requests
        hold the slots (the wait ends when one finishes)."""
        while self._finished and self._finished[0] <= now - self.period:
            self._finished.popleft()
        if len(self._finished) + self.in_flight < self.limit:
            return 0.0
        if self._finished:
            return self._finished[0] + self.period - now
        return None

    def start(self) -> None:
        self.in_flight += 1

    def finish(self, now: float) -> None:
        self.in_flight -= 1
        self._finished.append(now)

    def idle(self, now: float) -> bool:
        """Nothing in flight and nothing recent enough to matter: the window can be forgotten."""
        return self.in_flight == 0 and (not self._finished or self._finished[-1] <= now - self.period)


@dataclass
class _Lane:
    """One chat's queue: its own window, its group's window if it is a group, and a lock that keeps order."""

    chat: SlidingWindow
    group: SlidingWindow | None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def windows(self) -> tuple[SlidingWindow, ...]:
        return (self.chat, self.group) if self.group is not None else (self.chat,)


def is_group_chat(chat_id: object) -> bool:
    """Groups, supergroups and channels have negative ids (or an @username); people have positive ids."""
    if isinstance(chat_id, str):
        with contextlib.suppress(ValueError):
            return int(chat_id) < 0
        return True
    return isinstance(chat_id, int) and chat_id < 0


class TelegramFloodLimiter(BaseRateLimiter[int]):
    """A PTB rate limiter enforcing the overall, per-chat and per-group caps with sliding windows.

    `rate_limit_args` (PTB's per-call argument) overrides `max_retries` for one call.
    """

    def __init__(
        self,
        overall_per_second: int = 30,
        chat_interval: float = 1.0,
        group_limit: int = 20,
        group_period: float = 60.0,
        max_retries: int = 3,
    ) -> None:
        self.chat_interval = chat_interval
        self.group_limit, self.group_period = group_limit, group_period
        self.max_retries = max_retries
        self.retry_after_received = 0
        self._overall = SlidingWindow(overall_per_second, 1.0)
        self._overall_lock = asyncio.Lock()
        self._slot_freed = asyncio.Event()
        self._lanes: dict[str, _Lane] = {}
        self._paused_until = 0.0

    async def initialize(self) -> None:
        """Nothing to set up: the windows start empty."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        max_retries = self.max_retries if rate_limit_args is None else rate_limit_args
        chat_id = data.get("chat_id")
        if endpoint not in PACED_METHODS or chat_id is None:
            return await self._with_retries(max_retries, self._unpaced, callback, args, kwargs)
        lane = self._lane(str(chat_id), is_group_chat(chat_id))
        async with lane.lock:  # held across retries too, so a chat's messages keep their order
            return await self._with_retries(max_retries, self._paced, lane, callback, args, kwargs)

    async def _with_retries(self, max_retries: int, send: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
        for attempt in range(max_retries + 1):
            try:
                return await send(*args)
            except RetryAfter as exc:
                self.retry_after_received += 1
                if attempt == max_retries:
                    raise
                self._pause(retry_after_seconds(exc))
        raise AssertionError("unreachable: the loop returns or raises")

    def _pause(self, seconds: float) -> None:
        """Telegram said wait: hold every message back, not just this one, since the cap may be the overall one."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds + 0.1)

    def _pause_left(self, now: float) -> float:
        return max(0.0, self._paused_until - now)

    async def _unpaced(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                       kwargs: dict[str, Any]) -> Any:
        await self._sleep(self._pause_left(time.monotonic()))
        return await callback(*args, **kwargs)

    async def _paced(self, lane: _Lane, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                     kwargs: dict[str, Any]) -> Any:
        await self._wait_for_lane(lane)
        async with self._overall_lock:
            await self._wait_for_overall(lane)
            for window in (self._overall, *lane.windows()):
                window.start()
        try:
            return await callback(*args, **kwargs)
        finally:
            now = time.monotonic()
            for window in (self._overall, *lane.windows()):
                window.finish(now)
            self._slot_freed.set()

    async def _wait_for_lane(self, lane: _Lane) -> None:
        """This chat's own windows: only this lane's holder changes them, so a plain sleep is exact."""
        while True:
            now = time.monotonic()
            wait = max([self._pause_left(now), *(w.wait_time(now) or 0.0 for w in lane.windows())])
            if wait <= 0:
                return
            await self._sleep(wait)

    async def _wait_for_overall(self, lane: _Lane) -> None:
        while True:
            now = time.monotonic()
            overall = self._overall.wait_time(now)
            if overall is None:
                self._slot_freed.clear()
                await self._slot_freed.wait()
                continue
            wait = max([overall, self._pause_left(now), *(w.wait_time(now) or 0.0 for w in lane.windows())])
            if wait <= 0:
                return
            await self._sleep(wait)

    def _lane(self, key: str, group: bool) -> _Lane:
        lane = self._lanes.get(key)
        if lane is None:
            if len(self._lanes) >= _MAX_IDLE_LANES:
                self._forget_idle_lanes()
            group_window = SlidingWindow(self.group_limit, self.group_period) if group else None
            lane = self._lanes[key] = _Lane(SlidingWindow(1, self.chat_interval), group_window)
        return lane

    def _forget_idle_lanes(self) -> None:
        now = time.monotonic()
        for key, lane in list(self._lanes.items()):
            if not lane.lock.locked() and all(w.idle(now) for w in lane.windows()):
                del self._lanes[key]

    @staticmethod
    async def _sleep(seconds: float) -> None:
        if seconds > 0:
            await asyncio.sleep(seconds)


def retry_after_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait (PTB 22 warns that the attribute's type will change; either works)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after = exc.retry_after
    return float(retry_after) if isinstance(retry_after, int | float) else retry_after.total_seconds()
