"""Feed health as pure functions: how long to wait after a failure, and when to give up on a feed.

Kept free of I/O so the policy can be read and tested in one place; the scheduler records the outcome through the
repository (`record_feed_success` / `record_feed_failure` / `disable_feed`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.backoff import doubling_backoff

#: However often a feed fails, it is tried again at least once a day until it is disabled.
MAX_BACKOFF_SECONDS = 86400.0

#: Why a poll failed, in the words an admin sees when the feed is disabled.
UNREACHABLE = "unreachable"
HTTP_ERROR = "http error"
NOT_A_FEED = "not a feed"
TOO_LARGE = "too large"
TOO_MANY_REDIRECTS = "too many redirects"
BLOCKED_ADDRESS = "blocked address"
UNSAFE_XML = "unsafe xml"
GONE = "gone"

#: Failures that will not cure themselves: the feed is disabled at once rather than after `max_failures` tries.
FATAL_REASONS = frozenset({GONE, BLOCKED_ADDRESS})


def backoff_seconds(interval_seconds: float, consecutive_failures: int) -> float:
    """The wait before the next try after `consecutive_failures` failures in a row: doubling, capped at a day."""
    return doubling_backoff(interval_seconds, consecutive_failures, MAX_BACKOFF_SECONDS)


def next_poll_after_failure(now: datetime, interval_seconds: float, consecutive_failures: int) -> datetime:
    return now + timedelta(seconds=backoff_seconds(interval_seconds, consecutive_failures))


def disable_reason(reason: str, consecutive_failures: int, max_failures: int) -> str | None:
    """The reason to disable the feed with after this failure (counted in `consecutive_failures`), or None to retry."""
    if reason in FATAL_REASONS or consecutive_failures >= max_failures:
        return reason
    return None
