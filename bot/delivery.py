"""How an alert leaves the outbox: the contract between the delivery worker and each chat platform's adapter.

An adapter implements `AlertSender`. It either delivers (returns), or says why it could not, in one of two ways that
decide the row's fate: a `TransientDeliveryError` (timeout, 429, 5xx, network) keeps the row and retries it later —
honouring the platform's `retry_after` when it gave one; a `PermanentDeliveryError` (bot blocked, kicked, chat or
channel deleted, missing permissions) marks the row dead and deactivates the chat, so nothing more is queued for it.
Anything else an adapter raises is treated as transient: a bug must not silently drop an alert.

An adapter that splits one alert into several messages asks `alert_progress()`, inside `send_alert`, how many parts
earlier attempts delivered, starts after them, and records each part the platform accepts: the count is kept in the
outbox row, so neither a retry nor a restart after a crash repeats the parts already sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol, runtime_checkable

from bot.backoff import doubling_backoff
from storage.models import Alert, Chat
from storage.repository import Repository


class TransientDeliveryError(Exception):
    """Try again later; `retry_after` seconds if the platform said how long to wait."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentDeliveryError(Exception):
    """This chat can no longer receive messages; `reason` is stored on the chat (e.g. "bot blocked")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@runtime_checkable
class AlertSender(Protocol):
    """What the delivery worker needs from a chat platform."""

    platform: str

    async def send_alert(self, platform_chat_id: str, payload: dict[str, Any]) -> None:
        """Deliver one outbox row's payload to one chat, or raise one of the two errors above."""
        ...


@dataclass(slots=True)
class AlertProgress:
    """How far the outbox row being delivered got: `parts_sent` parts went out in earlier attempts."""

    parts_sent: int
    _save: Callable[[int], Awaitable[None]]

    async def record(self, parts_sent: int) -> None:
        """The platform accepted `parts_sent` parts in all: store it now (its own transaction, committed before the
        next part goes), so a crash repeats at most the part in flight."""
        self.parts_sent = parts_sent
        await self._save(parts_sent)


_in_flight: ContextVar[AlertProgress | None] = ContextVar("alert_in_flight", default=None)


def alert_progress() -> AlertProgress | None:
    """The progress of the outbox row being delivered, for an adapter inside `send_alert`; None when `send_alert` was
    called outside the delivery worker (nothing to resume, nothing to record)."""
    return _in_flight.get()


# --------------------------------------------------------------------------------------------- the delivery worker
# Below the contract: the worker that drains the outbox through the adapters.
log = logging.getLogger("bot.delivery")


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """How the worker paces itself and retries."""

    batch: int = 50
    idle_seconds: float = 1.0
    retry_base_seconds: float = 5.0
    retry_cap_seconds: float = 3600.0
    paused_recheck_seconds: float = 300.0
    send_timeout_seconds: float = 60.0


def retry_delay(attempts: int, retry_after: float | None, policy: DeliveryPolicy) -> float:
    """Seconds before retrying a row that has failed `attempts` times: the platform's word if it gave one, else
    exponential backoff capped at `retry_cap_seconds`."""
    if retry_after is not None and retry_after >= 0:
        return min(max(retry_after, 0.0), policy.retry_cap_seconds)
    return doubling_backoff(policy.retry_base_seconds, attempts, policy.retry_cap_seconds)


def in_quiet_hours(hour: int, quiet_hours: object) -> bool:
    """Whether a UTC hour falls in [start, end) of a quiet-hours setting (which may wrap midnight)."""
    if not isinstance(quiet_hours, list | tuple) or len(quiet_hours) != 2:
        return False
    start, end = quiet_hours
    if not (isinstance(start, int) and isinstance(end, int)) or start == end:
        return False
    return start <= hour < end if start < end else hour >= start or hour < end


def hold_until(settings: Mapping[str, object], now: datetime, policy: DeliveryPolicy) -> datetime | None:
    """When a chat's alerts may go out, if not now: paused chats are re-checked later, quiet hours end on the hour."""
    if settings.get("paused"):
        return now + timedelta(seconds=policy.paused_recheck_seconds)
    quiet = settings.get("quiet_hours")
    if not in_quiet_hours(now.hour, quiet):
        return None
    end_hour = int(quiet[1])  # type: ignore[index]
    until = now.replace(minute=0, second=0, microsecond=0)
    while until <= now or until.hour != end_hour:
        until += timedelta(hours=1)
    return until


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class DeliveryWorker:
    """Takes due outbox rows and hands each to its platform's adapter, one row at a time.

    One row at a time because that is what bounds duplicates: the row is marked sent (and committed) right after the
    platform accepts it, before the next one is sent, so a crash can repeat at most the row in flight. Each platform
    is drained by its own loop, so a slow or failing platform does not hold the others back.
    """

    def __init__(
        self,
        repository: Repository,
        senders: Iterable[AlertSender],
        policy: DeliveryPolicy | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.repository = repository
        self.senders = {sender.platform: sender for sender in senders}
        self.policy = policy or DeliveryPolicy()
        self.clock = clock
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """New rows were queued: look now rather than at the next idle tick."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; unfinished rows simply stay in the outbox."""
        await asyncio.gather(*(self._run_platform(platform, stop) for platform in self.senders))

    async def _run_platform(self, platform: str, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await self.deliver_due(platform, stop)
            except Exception:  # the database may be briefly unavailable; never let the loop die
                log.exception("event=delivery_error platform=%s", platform)
                handled = 0
            if handled:
                continue
            self._wake.clear()
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
            try:
                await asyncio.wait(waiters, timeout=self.policy.idle_seconds, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()

    async def deliver_due(self, platform: str, stop: asyncio.Event | None = None) -> int:
        """One pass over the due rows of one platform (ending early, between rows, once `stop` is set); returns how
        many rows it looked at."""
        sender = self.senders[platform]
        now = self.clock()
        rows = await asyncio.to_thread(self._due, platform, now)
        blocked: set[int] = set()  # chats with a row held back or failing: keep their later rows in order
        for alert, chat in rows:
            if stop is not None and stop.is_set():
                break
            if chat.id in blocked:
                continue
            if not chat.active:
                await asyncio.to_thread(self._dead, alert, chat, "chat is inactive", deactivate=False)
                continue
            until = hold_until(chat.settings or {}, now, self.policy)
            if until is not None:
                blocked.add(chat.id)  # type: ignore[arg-type]
                await asyncio.to_thread(self._hold, alert, until)
                continue
            if not await self._send(sender, alert, chat):
                blocked.add(chat.id)  # type: ignore[arg-type]
        return len(rows)

    async def _send(self, sender: AlertSender, alert: Alert, chat: Chat) -> bool:
        progress = AlertProgress(alert.parts_sent or 0,
                                 lambda parts: asyncio.to_thread(self._parts_sent, alert, parts))
        in_flight = _in_flight.set(progress)
        try:
            async with asyncio.timeout(self.policy.send_timeout_seconds):
                await sender.send_alert(chat.platform_chat_id, alert.payload)
        except PermanentDeliveryError as exc:
            await asyncio.to_thread(self._dead, alert, chat, exc.reason, deactivate=True)
            return False
        except Exception as exc:  # TransientDeliveryError, timeouts, and adapter bugs alike: keep the row
            retry_after = exc.retry_after if isinstance(exc, TransientDeliveryError) else None
            delay = retry_delay(alert.attempts, retry_after, self.policy)
            await asyncio.to_thread(self._retry, alert, f"{type(exc).__name__}: {exc}", delay)
            return False
        finally:
            _in_flight.reset(in_flight)
        await asyncio.to_thread(self._sent, alert)
        log.info("event=alert_sent alert=%s platform=%s chat=%s", alert.id, chat.platform, chat.id)
        return True

    # The database steps, each its own transaction (run in a thread: SQLAlchemy here is synchronous).
    def _due(self, platform: str, now: datetime) -> list[tuple[Alert, Chat]]:
        with self.repository.transaction() as tx:
            rows = tx.due_alerts(now, limit=self.policy.batch, platforms=[platform])
            chats = {alert.chat_id: tx.get_chat(alert.chat_id) for alert in rows}
        return [(alert, chats[alert.chat_id]) for alert in rows if chats[alert.chat_id] is not None]  # type: ignore[misc]

    def _sent(self, alert: Alert) -> None:
        with self.repository.transaction() as tx:
            tx.mark_alert_sent(alert.id, self.clock())  # type: ignore[arg-type]

    def _parts_sent(self, alert: Alert, parts: int) -> None:
        with self.repository.transaction() as tx:
            tx.record_alert_parts(alert.id, parts)  # type: ignore[arg-type]

    def _hold(self, alert: Alert, until: datetime) -> None:
        with self.repository.transaction() as tx:
            tx.hold_chat_alerts(alert.chat_id, until, alert.id)  # type: ignore[arg-type]

    def _retry(self, alert: Alert, error: str, delay: float) -> None:
        until = self.clock() + timedelta(seconds=delay)
        with self.repository.transaction() as tx:
            tx.retry_alert_later(alert.id, error, until)  # type: ignore[arg-type]
            tx.hold_chat_alerts(alert.chat_id, until, alert.id + 1)  # type: ignore[operator]
        log.warning("event=alert_retry alert=%s attempts=%s delay=%.0fs error=%r", alert.id, alert.attempts + 1,
                    delay, error[:200])

    def _dead(self, alert: Alert, chat: Chat, reason: str, *, deactivate: bool) -> None:
        with self.repository.transaction() as tx:
            if deactivate:
                tx.set_chat_active(chat.id, False, reason)  # type: ignore[arg-type]
            tx.mark_alert_dead(alert.id, reason)  # type: ignore[arg-type]
        log.warning("event=alert_dead alert=%s chat=%s reason=%r deactivated=%s", alert.id, chat.id, reason,
                    deactivate)
