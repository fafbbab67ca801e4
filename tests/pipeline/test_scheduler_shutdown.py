"""Stopping the scheduler with polls in flight is a clean stop, not a failure: no job traceback is logged for it."""

from __future__ import annotations

import asyncio
import logging

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

import bot.scheduler  # noqa: F401  (installs the filter on APScheduler's executor logger)


async def _run_one_job(job, caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    started = asyncio.Event()

    async def wrapped() -> None:
        started.set()
        await job()

    scheduler = AsyncIOScheduler()
    scheduler.start()
    scheduler.add_job(wrapped)
    await asyncio.wait_for(started.wait(), 10)
    await asyncio.sleep(0.05)
    scheduler.shutdown(wait=False)
    await asyncio.sleep(0.05)
    return [r for r in caplog.records if r.name.startswith("apscheduler.executors") and r.exc_info]


async def test_a_poll_cancelled_by_shutdown_logs_no_failure(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    assert await _run_one_job(lambda: asyncio.sleep(30), caplog) == []


async def test_a_job_that_really_fails_is_still_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    async def broken() -> None:
        raise RuntimeError("feed parser bug")

    (record,) = await _run_one_job(broken, caplog)
    assert isinstance(record.exc_info[1], RuntimeError)
