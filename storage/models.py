"""The database tables, declared once with SQLModel.

The schema itself is owned by the Alembic migrations in `storage/migrations`; these classes must match them (a test
compares the two). JSON columns hold the small, shape-flexible values (chat settings, per-follow filters, alert
payloads, a player's serialised state) that are always read and written whole.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Aware UTC, as SQLModel's UTCDateTime columns require; SQLite gets it back as UTC too."""
    return datetime.now(timezone.utc)


class Feed(SQLModel, table=True):
    """A news feed polled on a schedule, with the health fields that drive backoff and disabling."""

    __tablename__ = "feeds"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    url: str = Field(sa_column_kwargs={"unique": True}, max_length=2000)
    interval_seconds: float = 300.0
    enabled: bool = True
    added_by: str | None = Field(default=None, max_length=200)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=200)
    first_poll_done: bool = False
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    next_poll_at: datetime | None = None
    consecutive_failures: int = 0
    last_error: str | None = Field(default=None, max_length=1000)
    disabled_reason: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class ArticleRow(SQLModel, table=True):
    """One story, stored once however many feeds carry it (deduplicated by guid, canonical URL and content hash)."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_content_hash", "content_hash"), Index("ix_articles_guid", "guid"))

    id: int | None = Field(default=None, primary_key=True)
    feed_id: int | None = Field(default=None, foreign_key="feeds.id", ondelete="SET NULL")
    guid: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=2000)
    canonical_url: str | None = Field(default=None, max_length=2000, sa_column_kwargs={"unique": True})
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    published: datetime | None = None
    fetched_at: datetime = Field(default_factory=utcnow)
    content_hash: str = Field(max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))


class Player(SQLModel, table=True):
    """A player the bot knows, by canonical name and the aliases articles used for him.

    `state` is the diff engine's serialised picture of the player (links per club, contract stages, money), read and
    written whole so that /status is a single-row read. `version` goes up on every write, so a copy of the row kept
    in memory between articles (the ingestor's) can tell it is stale when another process has written the player.
    """

    __tablename__ = "players"

    id: int | None = Field(default=None, primary_key=True)
    canonical_name: str = Field(max_length=200)
    folded_name: str = Field(index=True, max_length=200)
    surname: str = Field(index=True, max_length=100)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    current_club: str | None = Field(default=None, max_length=200)
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ClaimRow(SQLModel, table=True):
    """One claim read from one article, with the sentence it came from."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_player_article", "player_id", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE", index=True)
    player_id: int | None = Field(default=None, foreign_key="players.id", ondelete="SET NULL")
    player_name: str = Field(max_length=200)
    type: str = Field(max_length=20)
    club: str | None = Field(default=None, max_length=200)
    stage: str | None = Field(default=None, max_length=40)
    kind: str | None = Field(default=None, max_length=40)
    amount: float | None = None
    currency: str | None = Field(default=None, max_length=3)
    per: str | None = Field(default=None, max_length=10)
    source: str | None = Field(default=None, max_length=200)
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Chat(SQLModel, table=True):
    """A place alerts go to: a Telegram chat, a Discord channel or DM, or the console."""

    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("platform", "platform_chat_id", name="uq_chats_platform_chat"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    platform_chat_id: str = Field(max_length=100)
    title: str | None = Field(default=None, max_length=200)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    active: bool = True
    deactivated_reason: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Subscription(SQLModel, table=True):
    """A chat following a player, with its own filters (minimum stage, clubs)."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("chat_id", "player_id", name="uq_subscriptions_chat_player"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(foreign_key="chats.id", ondelete="CASCADE", index=True)
    player_id: int = Field(foreign_key="players.id", ondelete="CASCADE", index=True)
    filters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Alert(SQLModel, table=True):
    """The outbox: one row per message owed to one chat, written with the claims that caused it.

    The idempotency key makes re-processing an article harmless; `state` moves pending → sent (or dead).
    """

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_due", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(foreign_key="chats.id", ondelete="CASCADE", index=True)
    player_id: int | None = Field(default=None, foreign_key="players.id", ondelete="SET NULL")
    article_id: int | None = Field(default=None, foreign_key="articles.id", ondelete="SET NULL")
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(default="pending", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    last_error: str | None = Field(default=None, max_length=1000)
    idempotency_key: str = Field(max_length=200, sa_column_kwargs={"unique": True})
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    #: Parts of an alert split into several messages that the platform has accepted so far (None: not split, or no
    #: part sent yet); a retry, or the bot after a crash, resumes after them instead of repeating them.
    parts_sent: int | None = None


class PlayerChange(SQLModel, table=True):
    """A change the diff engine found, kept per player for /status's "last changes"."""

    __tablename__ = "player_changes"
    __table_args__ = (Index("ix_player_changes_player_created", "player_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    player_id: int = Field(foreign_key="players.id", ondelete="CASCADE")
    article_id: int | None = Field(default=None, foreign_key="articles.id", ondelete="SET NULL")
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


ALERT_PENDING = "pending"
ALERT_SENT = "sent"
ALERT_DEAD = "dead"
