"""Runs the delivery worker in its own process over a database, dying by SIGKILL right after the platform accepted
row `--die-at` (before the row is marked sent): the crash the outbox design must survive.

    python -m tests.delivery.killed_worker DATABASE_URL LOG_FILE [--die-at N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from pathlib import Path
from typing import Any

from bot.delivery import DeliveryPolicy, DeliveryWorker
from storage.database import open_repository
from tests.delivery.recording_sender import RecordingSender


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("log_file", type=Path)
    parser.add_argument("--die-at", type=int, default=None)
    args = parser.parse_args()

    def maybe_die(payload: dict[str, Any]) -> None:
        if payload["n"] == args.die_at:
            os.kill(os.getpid(), signal.SIGKILL)

    repository = open_repository(args.database_url)
    sender = RecordingSender("console", args.log_file, after_delivery=maybe_die)
    worker = DeliveryWorker(repository, [sender], DeliveryPolicy(idle_seconds=0.05))

    async def drain() -> None:
        while await worker.deliver_due("console"):
            pass

    asyncio.run(drain())


if __name__ == "__main__":
    main()
