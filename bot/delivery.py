"""How an alert leaves the outbox: the contract between the delivery worker and each chat platform's adapter.

An adapter implements `AlertSender`. It either delivers (returns), or says why it could not, in one of two ways that
decide the row's fate: a `TransientDeliveryError` (timeout, 429, 5xx, network) keeps the row and retries it later —
honouring the platform's `retry_after` when it gave one; a `PermanentDeliveryError` (bot blocked, kicked, chat or
channel deleted, missing permissions) marks the row dead and deactivates the chat, so nothing more is queued for it.
Anything else an adapter raises is treated as transient: a bug must not silently drop an alert.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


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
