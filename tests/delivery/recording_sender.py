"""A real AlertSender for delivery tests: it records every delivery (to memory and, optionally, a file on disk).

The adapter is not what these tests are about, so a small honest implementation of the protocol stands in for a
chat platform; it can be told to fail in the ways platforms fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


class RecordingSender:
    """Delivers by appending (chat id, payload); `failures` maps a payload "n" to an exception to raise instead."""

    def __init__(self, platform: str = "console", log_file: Path | None = None,
                 after_delivery: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.platform = platform
        self.delivered: list[tuple[str, dict[str, Any]]] = []
        self.failures: dict[int, BaseException] = {}
        self.log_file = log_file
        self.after_delivery = after_delivery

    async def send_alert(self, platform_chat_id: str, payload: dict[str, Any]) -> None:
        failure = self.failures.pop(payload.get("n", -1), None)
        if failure is not None:
            raise failure
        self.delivered.append((platform_chat_id, payload))
        if self.log_file is not None:
            with self.log_file.open("a", encoding="utf-8") as handle:
                handle.write(f"{payload['n']}\n")
                handle.flush()
                os.fsync(handle.fileno())
        if self.after_delivery is not None:
            self.after_delivery(payload)
