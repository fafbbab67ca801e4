"""Counting what an ingest run did, and telling the operator on long runs (stderr, so stdout stays data)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import click

from bot.ingest import IngestResult


@dataclass
class ProgressReporter:
    """Tallies ingest results; every `every` articles (0: never) prints a progress line to stderr."""

    every: int = 1000
    new: int = 0
    seen: int = 0
    claims: int = 0
    changes: int = 0
    alerts: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def articles(self) -> int:
        return self.new + self.seen

    def advance(self, result: IngestResult) -> None:
        if result.new:
            self.new += 1
        else:
            self.seen += 1
        self.claims += result.claims
        self.changes += result.change_count
        self.alerts += result.alerts_queued
        if self.every and self.articles % self.every == 0:
            click.echo(f"... {self.articles} articles ({self.articles / self.elapsed():.0f}/s), "
                       f"{self.changes} changes", err=True)

    def elapsed(self) -> float:
        return max(time.perf_counter() - self.started, 1e-9)

    def summary(self) -> str:
        return (f"articles: {self.new} new, {self.seen} already seen; claims: {self.claims}; "
                f"changes: {self.changes}; alerts queued: {self.alerts} ({self.elapsed():.1f}s)")

    def finish(self) -> None:
        """Close a long run with its summary on stderr (short runs stay quiet)."""
        if self.every and self.articles >= self.every:
            click.echo(self.summary(), err=True)
