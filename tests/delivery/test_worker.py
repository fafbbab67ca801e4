"""The delivery worker: every outbox row ends sent, retried or dead — never lost — and chats' wishes are kept."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.delivery import (
    DeliveryPolicy,
    DeliveryWorker,
    PermanentDeliveryError,
    TransientDeliveryError,
    alert_progress,
    hold_until,
    in_quiet_hours,
    retry_delay,
)
from storage.models import ALERT_DEAD, ALERT_PENDING, ALERT_SENT, Alert
from storage.repository import Repository
from tests.conftest import REPO_ROOT
from tests.delivery.recording_sender import RecordingSender

NOON = datetime(2026, 3, 2, 12, 30, tzinfo=timezone.utc)
POLICY = DeliveryPolicy(idle_seconds=0.05)


def _queue(repository: Repository, count: int, platform: str = "console", chat_key: str = "c1",
           settings: dict | None = None, due: datetime = NOON) -> tuple[int, list[int]]:
    with repository.transaction() as tx:
        chat = tx.get_or_create_chat(platform, chat_key)
        if settings is not None:
            tx.update_chat_settings(chat.id, settings)
        player = tx.add_player("Nico Halvorsen", "nico halvorsen", "halvorsen")
        tx.subscribe(chat.id, player.id)
        ids = []
        for n in range(count):
            alert = tx.enqueue_alert(chat_id=chat.id, payload={"n": n, "text": f"alert {n}"},
                                     idempotency_key=f"{platform}:{chat_key}:{n}", not_before=due)
            ids.append(alert.id)
    return chat.id, ids


def _alerts(repository: Repository, ids: list[int]) -> list[Alert]:
    with repository.transaction() as tx:
        return [tx.get_alert(i) for i in ids]


async def test_due_rows_are_sent_in_order_and_marked(repository: Repository) -> None:
    _, ids = _queue(repository, 3)
    sender = RecordingSender()
    worker = DeliveryWorker(repository, [sender], POLICY, clock=lambda: NOON)
    assert await worker.deliver_due("console") == 3
    assert [p["n"] for _, p in sender.delivered] == [0, 1, 2]
    assert {a.state for a in _alerts(repository, ids)} == {ALERT_SENT}
    assert await worker.deliver_due("console") == 0
    assert len(sender.delivered) == 3


async def test_rows_not_yet_due_or_for_other_platforms_wait(repository: Repository) -> None:
    _queue(repository, 1, due=NOON + timedelta(minutes=5))
    _queue(repository, 1, platform="telegram", chat_key="t1")
    sender = RecordingSender()
    worker = DeliveryWorker(repository, [sender], POLICY, clock=lambda: NOON)
    assert await worker.deliver_due("console") == 0
    assert sender.delivered == []


async def test_transient_error_keeps_the_row_and_honours_retry_after(repository: Repository) -> None:
    _, ids = _queue(repository, 2)
    sender = RecordingSender()
    sender.failures[0] = TransientDeliveryError("429 too many requests", retry_after=42)
    worker = DeliveryWorker(repository, [sender], POLICY, clock=lambda: NOON)
    await worker.deliver_due("console")
    first, second = _alerts(repository, ids)
    assert first.state == ALERT_PENDING and first.attempts == 1 and "429" in first.last_error
    assert first.next_attempt_at.replace(tzinfo=timezone.utc) == NOON + timedelta(seconds=42)
    # the chat's later row waits too, so the chat receives its alerts in order
    assert second.state == ALERT_PENDING and sender.delivered == []
    later = DeliveryWorker(repository, [sender], POLICY, clock=lambda: NOON + timedelta(seconds=43))
    await later.deliver_due("console")
    assert [p["n"] for _, p in sender.delivered] == [0, 1]
    assert {a.state for a in _alerts(repository, ids)} == {ALERT_SENT}


async def test_an_adapter_bug_is_retried_with_backoff_not_dropped(repository: Repository) -> None:
    _, ids = _queue(repository, 1)
    sender = RecordingSender()
    sender.failures[0] = KeyError("player")
    await DeliveryWorker(repository, [sender], POLICY, clock=lambda: NOON).deliver_due("console")
    (alert,) = _alerts(repository, ids)
    assert alert.state == ALERT_PENDING and alert.attempts == 1 and "KeyError" in alert.last_error
    assert alert.next_attempt_at.replace(tzinfo=timezone.utc) == NOON + timedelta(seconds=POLICY.retry_base_seconds)


class ThreePartSender:
    """Sends every alert as three parts, resuming where `alert_progress` says, and fails once at part `fail_at`."""

    platform = "console"

    def __init__(self, fail_at: int | None) -> None:
        self.fail_at = fail_at
        self.parts: list[int] = []

    async def send_alert(self, platform_chat_id: str, payload: dict) -> None:
        progress = alert_progress()
        assert progress is not None
        for part in range(progress.parts_sent, 3):
            if part == self.fail_at:
                self.fail_at = None
                raise TransientDeliveryError("connection reset")
            self.parts.append(part)
            await progress.record(part + 1)


async def test_a_split_alert_resumes_after_the_parts_recorded_in_its_row(repository: Repository) -> None:
    _, [alert_id] = _queue(repository, 1)
    sender = ThreePartSender(fail_at=2)
    await DeliveryWorker(repository, [sender], POLICY, clock=lambda: NOON).deliver_due("console")
    [alert] = _alerts(repository, [alert_id])
    assert sender.parts == [0, 1] and (alert.state, alert.parts_sent) == (ALERT_PENDING, 2)
    # Another worker (the bot restarted) with nothing in memory picks the row up when its retry is due.
    later = NOON + timedelta(days=1)
    await DeliveryWorker(repository, [sender], POLICY, clock=lambda: later).deliver_due("console")
    [alert] = _alerts(repository, [alert_id])
    assert sender.parts == [0, 1, 2] and alert.state == ALERT_SENT
    assert alert_progress() is None  # only while the worker is inside send_alert


async def test_permanent_error_deactivates_the_chat_and_its_follows(repository: Repository) -> None:
    chat_id, ids = _queue(repository, 2)
    sender = RecordingSender()
    sender.failures[0] = PermanentDeliveryError("bot blocked by user")
    worker = DeliveryWorker(repository, [sender], POLICY, clock=lambda: NOON)
    await worker.deliver_due("console")
    await worker.deliver_due("console")
    first, second = _alerts(repository, ids)
    assert first.state == ALERT_DEAD and first.last_error == "bot blocked by user"
    assert second.state == ALERT_DEAD and sender.delivered == []
    with repository.transaction() as tx:
        chat = tx.get_chat(chat_id)
        assert not chat.active and chat.deactivated_reason == "bot blocked by user"
        assert tx.subscriptions_for_chat(chat_id) == []


@pytest.mark.parametrize(
    ("settings", "held_until"),
    [({"paused": True}, NOON + timedelta(seconds=POLICY.paused_recheck_seconds)),
     ({"quiet_hours": [22, 13]}, NOON.replace(hour=13, minute=0))],
)
async def test_paused_and_quiet_chats_are_held_back_never_dropped(
    repository: Repository, settings: dict, held_until: datetime
) -> None:
    chat_id, ids = _queue(repository, 2, settings=settings)
    sender = RecordingSender()
    await DeliveryWorker(repository, [sender], POLICY, clock=lambda: NOON).deliver_due("console")
    assert sender.delivered == []
    first, second = _alerts(repository, ids)
    assert first.state == second.state == ALERT_PENDING and first.attempts == 0
    assert first.next_attempt_at.replace(tzinfo=timezone.utc) == held_until
    with repository.transaction() as tx:
        tx.update_chat_settings(chat_id, {})
    await DeliveryWorker(repository, [sender], POLICY, clock=lambda: held_until).deliver_due("console")
    assert [p["n"] for _, p in sender.delivered] == [0, 1]


async def test_run_loop_stops_cleanly_leaving_the_rest_in_the_outbox(sqlite_repository: Repository) -> None:
    stop = asyncio.Event()
    delivered: list[int] = []

    def stop_after_first(payload: dict) -> None:
        delivered.append(payload["n"])
        stop.set()

    _, ids = _queue(sqlite_repository, 3, due=datetime.now(timezone.utc))
    sender = RecordingSender(after_delivery=stop_after_first)
    await DeliveryWorker(sqlite_repository, [sender], POLICY).run(stop)
    assert delivered == [0]
    assert [a.state for a in _alerts(sqlite_repository, ids)] == [ALERT_SENT, ALERT_PENDING, ALERT_PENDING]


def test_killed_between_send_and_mark_loses_nothing_and_repeats_one_row(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'outbox.db'}"
    log_file = tmp_path / "delivered.log"
    from storage.database import open_repository

    repository = open_repository(url)
    _, ids = _queue(repository, 12, due=datetime.now(timezone.utc) - timedelta(seconds=1))
    command = [sys.executable, "-m", "tests.delivery.killed_worker", url, str(log_file)]
    crashed = subprocess.run([*command, "--die-at", "5"], cwd=REPO_ROOT, timeout=120)
    assert crashed.returncode == -9  # SIGKILL: no clean-up ran
    assert [int(x) for x in log_file.read_text().split()] == [0, 1, 2, 3, 4, 5]
    assert [a.state for a in _alerts(repository, ids)][:6] == [ALERT_SENT] * 5 + [ALERT_PENDING]

    restarted = subprocess.run(command, cwd=REPO_ROOT, timeout=120)
    assert restarted.returncode == 0
    delivered = [int(x) for x in log_file.read_text().split()]
    assert sorted(set(delivered)) == list(range(12))
    assert [n for n in set(delivered) if delivered.count(n) > 1] == [5]  # the one row in flight, once more
    assert {a.state for a in _alerts(repository, ids)} == {ALERT_SENT}
    repository.dispose()


def test_retry_delay_backs_off_and_respects_the_platform() -> None:
    policy = DeliveryPolicy(retry_base_seconds=5, retry_cap_seconds=3600)
    assert [retry_delay(n, None, policy) for n in range(4)] == [5, 10, 20, 40]
    assert retry_delay(30, None, policy) == 3600
    assert retry_delay(3, 17.5, policy) == 17.5
    assert retry_delay(0, 10**6, policy) == 3600


@pytest.mark.parametrize(
    ("hour", "quiet", "expected"),
    [(23, [22, 7], True), (3, [22, 7], True), (7, [22, 7], False), (12, [22, 7], False),
     (9, [9, 17], True), (17, [9, 17], False), (5, [5, 5], False), (5, None, False), (5, ["x", 3], False)],
)
def test_quiet_hours_wrap_midnight(hour: int, quiet: object, expected: bool) -> None:
    assert in_quiet_hours(hour, quiet) is expected


def test_quiet_hours_hold_until_their_end_on_the_next_day_if_needed() -> None:
    late = datetime(2026, 3, 2, 23, 10, tzinfo=timezone.utc)
    assert hold_until({"quiet_hours": [22, 7]}, late, POLICY) == datetime(2026, 3, 3, 7, tzinfo=timezone.utc)
    assert hold_until({"quiet_hours": [22, 7]}, NOON, POLICY) is None
    assert hold_until({}, NOON, POLICY) is None
