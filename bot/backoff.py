"""Exponential backoff: the one rule both failing feeds and undelivered alerts wait by."""

from __future__ import annotations


def doubling_backoff(base_seconds: float, failures: int, cap_seconds: float) -> float:
    """`base_seconds` doubled for each failure in a row, never more than `cap_seconds` (the exponent is clamped so a
    long outage cannot overflow the float)."""
    return min(base_seconds * 2 ** min(max(failures, 0), 64), cap_seconds)
