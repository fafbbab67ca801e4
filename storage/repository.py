"""Every query the bot makes, in one place: nothing outside `storage/` writes SQL.

Use it as a unit of work so that what belongs together commits together (an article, its claims, the player's new
state and the outbox rows for followers):

    with repository.transaction() as tx:
        article = tx.add_article_if_new(NewArticle(...))
        tx.add_claims(article.id, ...)

Rows come back detached but loaded (`expire_on_commit=False`), so callers may read them after the block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    CursorResult,
    Engine,
    Executable,
    TypeDecorator,
    bindparam,
    event,
    exists,
    func,
    insert,
    or_,
    update,
)
from sqlalchemy import select as core_select
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from bot.domain import Claim
from storage.models import (
    ALERT_DEAD,
    ALERT_PENDING,
    ALERT_SENT,
    Alert,
    ArticleRow,
    Chat,
    ClaimRow,
    Feed,
    Player,
    PlayerChange,
    Subscription,
    utcnow,
)

_TEXT_LIMITS = {"error": 1000, "reason": 200, "title": 200}


def _clip(text: str | None, limit: int) -> str | None:
    return None if text is None else text[:limit]


def _identities(guid: str | None, canonical_url: str | None, content_hash: str | None) -> dict[str, str | None]:
    """The identities an article is matched by, as query parameters (an empty one matches nothing)."""
    return {"match_canonical_url": canonical_url or None, "match_guid": guid or None,
            "match_content_hash": content_hash or None}


class EncodedJSON(TypeDecorator[Any]):
    """A JSON column value handed over already encoded (a str of JSON text), written as it is.

    The ingest path encodes a player's state itself, re-using the text of the parts that did not change.
    """

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect: Any) -> None:
        return None


@dataclass(frozen=True, slots=True)
class PlayerWrite:
    """What the ingest path writes back for one player, from the version of him it read."""

    record: PlayerRecord
    canonical_name: str
    aliases: tuple[str, ...]
    current_club: str | None
    #: The state column's new value, already encoded as JSON text.
    state_json: str


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article to store, as the caller has it (values are clipped to their columns when stored)."""

    text: str
    content_hash: str
    url: str | None = None
    canonical_url: str | None = None
    guid: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    feed_id: int | None = None

    def row(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "content_hash": self.content_hash,
            "url": _clip(self.url, 2000),
            "canonical_url": _clip(self.canonical_url, 2000),
            "guid": _clip(self.guid, 2000),
            "title": _clip(self.title, 1000),
            "outlet": _clip(self.outlet, 200),
            "published": self.published,
            "feed_id": self.feed_id,
            "fetched_at": utcnow(),
        }


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article as just stored (values clipped to their columns)."""

    id: int
    url: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class PlayerRecord:
    """A player's identity columns as stored, with the version they were read (or written) at."""

    id: int
    version: int
    canonical_name: str
    surname: str
    aliases: tuple[str, ...]
    current_club: str | None


_articles = ArticleRow.__table__  # type: ignore[attr-defined]
_players = Player.__table__  # type: ignore[attr-defined]
_claims = ClaimRow.__table__  # type: ignore[attr-defined]
_changes = PlayerChange.__table__  # type: ignore[attr-defined]

# The statements the ingest path runs for every article, built once (SQLAlchemy then reuses their compiled form).
_SAME_ARTICLE = or_(
    _articles.c.canonical_url == bindparam("match_canonical_url"),
    _articles.c.guid == bindparam("match_guid"),
    _articles.c.content_hash == bindparam("match_content_hash"),
)
_FIND_ARTICLE = (
    core_select(_articles.c.id, _articles.c.canonical_url, _articles.c.guid).where(_SAME_ARTICLE).order_by(_articles.c.id)
)
_ARTICLE_COLUMNS = ("text", "content_hash", "url", "canonical_url", "guid", "title", "outlet", "published", "feed_id",
                    "fetched_at")
_INSERT_ARTICLE = insert(_articles).returning(_articles.c.id)
_INSERT_NEW_ARTICLE = (
    insert(_articles)
    .from_select(
        _ARTICLE_COLUMNS,
        core_select(*(bindparam(name, type_=_articles.c[name].type) for name in _ARTICLE_COLUMNS)).where(
            ~exists().where(_SAME_ARTICLE)
        ),
    )
    .returning(_articles.c.id)
)
_PLAYER_COLUMNS = (_players.c.id, _players.c.version, _players.c.canonical_name, _players.c.surname,
                   _players.c.aliases, _players.c.current_club)
#: Surnames looked up per query: a fixed list of parameters (unused ones NULL) is cheaper than an expanding IN.
_SURNAME_SLOTS = 8
_PLAYER_VERSIONS = core_select(_players.c.id, _players.c.surname, _players.c.version).where(
    _players.c.surname.in_([bindparam(f"surname_{i}", type_=_players.c.surname.type) for i in range(_SURNAME_SLOTS)])
)
_PLAYER_ROWS = (
    core_select(*_PLAYER_COLUMNS, _players.c.state)
    .where(_players.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(_players.c.id)
)
_INSERT_PLAYER = insert(_players).returning(_players.c.id)
_INSERT_CLAIMS = insert(_claims)
_INSERT_CHANGES = insert(_changes)
_UPDATE_PLAYER = (
    update(_players)
    .where(_players.c.id == bindparam("player_id"), _players.c.version == bindparam("expected_version"))
    .values(
        canonical_name=bindparam("new_canonical_name"),
        aliases=bindparam("new_aliases"),
        current_club=bindparam("new_current_club"),
        state=bindparam("new_state", type_=EncodedJSON()),
        updated_at=bindparam("new_updated_at"),
        version=bindparam("new_version"),
    )
)


class Transaction:
    """The queries, bound to one database session that commits (or rolls back) as a whole."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _core(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        """Run a plain Core statement in this transaction: no ORM objects for rows written on every article."""
        self.session.flush()  # anything added through the ORM earlier in the block goes first
        return self.session.connection().execute(statement, parameters)  # type: ignore[return-value]

    # ----------------------------------------------------------------- feeds
    def add_feed(self, name: str, url: str, interval_seconds: float, added_by: str | None = None) -> Feed:
        """Add a feed, or return the one already polling that URL (re-enabling it if it had been removed)."""
        feed = self.get_feed_by_url(url)
        if feed is None:
            feed = Feed(name=name, url=url, interval_seconds=interval_seconds, added_by=added_by)
        else:
            feed.name, feed.interval_seconds = name, interval_seconds
            if not feed.enabled and feed.disabled_reason == "removed":
                feed.enabled, feed.disabled_reason, feed.consecutive_failures = True, None, 0
        self.session.add(feed)
        self.session.flush()
        return feed

    def get_feed(self, feed_id: int) -> Feed | None:
        return self.session.get(Feed, feed_id)

    def get_feed_by_url(self, url: str) -> Feed | None:
        return self.session.exec(select(Feed).where(Feed.url == url)).first()

    def list_feeds(self, enabled_only: bool = False) -> list[Feed]:
        query = select(Feed).order_by(col(Feed.id))
        if enabled_only:
            query = query.where(col(Feed.enabled).is_(True))
        return list(self.session.exec(query))

    def disable_feed(self, feed_id: int, reason: str) -> Feed | None:
        feed = self.session.get(Feed, feed_id)
        if feed is not None:
            feed.enabled, feed.disabled_reason = False, _clip(reason, _TEXT_LIMITS["reason"])
            self.session.add(feed)
        return feed

    def record_feed_success(
        self,
        feed_id: int,
        *,
        polled_at: datetime,
        next_poll_at: datetime,
        etag: str | None,
        last_modified: str | None,
    ) -> Feed | None:
        """A good poll: remember the validators for the next conditional GET and reset the failure count."""
        feed = self.session.get(Feed, feed_id)
        if feed is None:
            return None
        feed.etag, feed.last_modified = _clip(etag, 500), _clip(last_modified, 200)
        feed.last_polled_at = feed.last_success_at = polled_at
        feed.next_poll_at, feed.consecutive_failures, feed.last_error = next_poll_at, 0, None
        feed.first_poll_done = True
        self.session.add(feed)
        return feed

    def record_feed_failure(
        self, feed_id: int, *, polled_at: datetime, next_poll_at: datetime, error: str, disable_reason: str | None
    ) -> Feed | None:
        """A failed poll: count it, push the next try back, and disable the feed when the caller says so."""
        feed = self.session.get(Feed, feed_id)
        if feed is None:
            return None
        feed.last_polled_at, feed.next_poll_at = polled_at, next_poll_at
        feed.consecutive_failures += 1
        feed.last_error = _clip(error, _TEXT_LIMITS["error"])
        if disable_reason:
            feed.enabled, feed.disabled_reason = False, _clip(disable_reason, _TEXT_LIMITS["reason"])
        self.session.add(feed)
        return feed

    # -------------------------------------------------------------- articles
    def find_article_id(
        self, *, guid: str | None = None, canonical_url: str | None = None, content_hash: str | None = None
    ) -> int | None:
        """The id of the stored article matching any identity given, in one query.

        Several rows may match different identities: the canonical URL wins, then the guid, then the text.
        """
        wanted = _identities(guid, canonical_url, content_hash)
        if not any(wanted.values()):
            return None
        rows = self._core(_FIND_ARTICLE, wanted).all()
        if not rows:
            return None
        by_url = [row.id for row in rows if canonical_url and row.canonical_url == canonical_url]
        by_guid = [row.id for row in rows if guid and row.guid == guid]
        return int((by_url or by_guid or [rows[0].id])[0])

    def add_article_if_new(self, article: NewArticle) -> ArticleRecord | None:
        """Store an article unless one with the same canonical URL, guid or text is stored already (None then).

        The check and the insert are one statement: the ingest path runs it for every article.
        """
        row = article.row()
        wanted = _identities(article.guid, article.canonical_url, article.content_hash)
        article_id = self._core(_INSERT_NEW_ARTICLE, {**row, **wanted}).scalar()
        return None if article_id is None else ArticleRecord(int(article_id), row["url"], row["title"])

    def get_article(self, article_id: int) -> ArticleRow | None:
        return self.session.get(ArticleRow, article_id)

    def count_articles(self) -> int:
        return int(self.session.exec(select(func.count()).select_from(ArticleRow)).one())

    # ---------------------------------------------------------------- claims
    def add_claims(self, article_id: int, claims: Iterable[tuple[int | None, Claim]]) -> int:
        """Store an article's claims, each tied to the player it was resolved to (or to none); returns how many.

        One multi-row INSERT rather than ORM objects: claims are the bulkiest table and are written on every article.
        """
        rows = [
            {
                "article_id": article_id,
                "player_id": player_id,
                "player_name": claim.player[:200],
                "type": claim.type,
                "club": _clip(claim.club, 200),
                "stage": claim.stage,
                "kind": claim.kind,
                "amount": claim.amount,
                "currency": claim.currency,
                "per": claim.per,
                "source": _clip(claim.source, 200),
                "evidence": claim.evidence,
            }
            for player_id, claim in claims
        ]
        if rows:
            self._core(_INSERT_CLAIMS, rows)
        return len(rows)

    def claims_for_player(self, player_id: int, limit: int = 100) -> list[ClaimRow]:
        query = (
            select(ClaimRow).where(ClaimRow.player_id == player_id).order_by(col(ClaimRow.id).desc()).limit(limit)
        )
        return list(self.session.exec(query))

    # --------------------------------------------------------------- players
    def add_player(
        self,
        canonical_name: str,
        folded_name: str,
        surname: str,
        aliases: Sequence[str] = (),
        current_club: str | None = None,
    ) -> Player:
        player = Player(
            canonical_name=canonical_name[:200],
            folded_name=folded_name[:200],
            surname=surname[:100],
            aliases=list(aliases),
            current_club=_clip(current_club, 200),
        )
        self.session.add(player)
        self.session.flush()
        return player

    def get_player(self, player_id: int) -> Player | None:
        return self.session.get(Player, player_id)

    def players_by_surnames(self, surnames: Iterable[str]) -> list[Player]:
        """Players with any of these surnames, in one query (an article names several players)."""
        wanted = sorted(set(surnames))
        if not wanted:
            return []
        query = select(Player).where(col(Player.surname).in_(wanted)).order_by(col(Player.id))
        return list(self.session.exec(query))

    def all_players(self) -> list[Player]:
        return list(self.session.exec(select(Player).order_by(col(Player.id))))

    def player_names(self) -> list[tuple[int, str, list[str]]]:
        """Every player's id, canonical name and aliases, without the state column (fuzzy name matching)."""
        query = select(Player.id, Player.canonical_name, Player.aliases).order_by(col(Player.id))
        return [(int(pid), name, list(aliases or ())) for pid, name, aliases in self.session.exec(query)]

    def save_player(
        self,
        player_id: int,
        *,
        state: dict[str, Any] | None = None,
        aliases: Sequence[str] | None = None,
        current_club: str | None = None,
        canonical_name: str | None = None,
    ) -> Player | None:
        """Write back what the diff engine and identity resolution learned about a player."""
        player = self.session.get(Player, player_id)
        if player is None:
            return None
        if state is not None:
            player.state = state
        if aliases is not None:
            player.aliases = list(aliases)
        if current_club is not None:
            player.current_club = current_club[:200]
        if canonical_name is not None:
            player.canonical_name = canonical_name[:200]
        player.updated_at = utcnow()
        player.version = (player.version or 0) + 1
        self.session.add(player)
        return player

    # ------------------------------------------- players on the ingest path (plain Core, version-checked)
    def player_versions(self, surnames: Iterable[str]) -> list[tuple[int, str, int]]:
        """(id, surname, version) of every player with one of these surnames, in one light query.

        Enough for a caller that keeps players in memory to see which copies are still current and which players
        are new to it.
        """
        wanted = sorted(set(surnames))
        found: list[tuple[int, str, int]] = []
        for start in range(0, len(wanted), _SURNAME_SLOTS):
            chunk = wanted[start:start + _SURNAME_SLOTS]
            slots = {f"surname_{i}": chunk[i] if i < len(chunk) else None for i in range(_SURNAME_SLOTS)}
            found.extend((int(i), s, int(v)) for i, s, v in self._core(_PLAYER_VERSIONS, slots))
        return sorted(found)

    def player_records(self, ids: Iterable[int]) -> list[tuple[PlayerRecord, Any]]:
        """The identity columns and the stored state (decoded JSON) of these players, oldest first."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        return [
            (PlayerRecord(int(row.id), int(row.version), row.canonical_name, row.surname, tuple(row.aliases or ()),
                          row.current_club), row.state)
            for row in self._core(_PLAYER_ROWS, {"ids": wanted})
        ]

    def insert_player(self, canonical_name: str, folded_name: str, surname: str) -> PlayerRecord:
        """A new player with no aliases, no club and an empty state (version 1)."""
        now = utcnow()
        row = {"canonical_name": canonical_name[:200], "folded_name": folded_name[:200], "surname": surname[:100],
               "aliases": [], "current_club": None, "state": {}, "created_at": now, "updated_at": now, "version": 1}
        player_id = self._core(_INSERT_PLAYER, row).scalar_one()
        return PlayerRecord(int(player_id), 1, row["canonical_name"], row["surname"], (), None)

    def update_players(self, writes: Sequence[PlayerWrite]) -> list[PlayerRecord] | None:
        """Write players' names, club and state (already encoded JSON text), each only if still at the version his
        `record` was read at; one statement for them all.

        None when any of them was written by someone else since: the caller's copy is stale, and the transaction must
        be rolled back (the others may have been written).
        """
        now = utcnow()
        updated = [
            PlayerRecord(w.record.id, w.record.version + 1, w.canonical_name[:200], w.record.surname,
                         tuple(w.aliases), _clip(w.current_club, 200))
            for w in writes
        ]
        if not updated:
            return []
        result = self._core(_UPDATE_PLAYER, [
            {
                "player_id": w.record.id,
                "expected_version": w.record.version,
                "new_canonical_name": record.canonical_name,
                "new_aliases": list(record.aliases),
                "new_current_club": record.current_club,
                "new_state": w.state_json,
                "new_updated_at": now,
                "new_version": record.version,
            }
            for w, record in zip(writes, updated)
        ])
        return updated if result.rowcount == len(updated) else None

    def search_players(self, folded_prefix: str, limit: int = 25) -> list[Player]:
        """Players whose folded name or surname starts with the text typed so far (autocomplete)."""
        pattern = folded_prefix.replace("%", "").replace("_", "") + "%"
        query = (
            select(Player)
            .where(col(Player.folded_name).like(pattern) | col(Player.surname).like(pattern))
            .order_by(col(Player.canonical_name))
            .limit(limit)
        )
        return list(self.session.exec(query))

    # --------------------------------------------------------------- changes
    def add_changes(self, article_id: int | None, changes: Sequence[tuple[int, dict[str, Any]]]) -> int:
        """One article's changes, as (player id, payload), in one INSERT; returns how many."""
        if changes:
            now = utcnow()
            self._core(_INSERT_CHANGES, [
                {"player_id": player_id, "article_id": article_id, "payload": payload, "created_at": now}
                for player_id, payload in changes
            ])
        return len(changes)

    def recent_changes(self, player_id: int, limit: int = 5) -> list[PlayerChange]:
        query = (
            select(PlayerChange)
            .where(PlayerChange.player_id == player_id)
            .order_by(col(PlayerChange.id).desc())
            .limit(limit)
        )
        return list(self.session.exec(query))

    # ----------------------------------------------------------------- chats
    def get_or_create_chat(self, platform: str, platform_chat_id: str, title: str | None = None) -> Chat:
        chat = self.find_chat(platform, platform_chat_id)
        if chat is None:
            chat = Chat(platform=platform, platform_chat_id=str(platform_chat_id)[:100], title=_clip(title, 200))
            self.session.add(chat)
            self.session.flush()
        return chat

    def find_chat(self, platform: str, platform_chat_id: str) -> Chat | None:
        query = select(Chat).where(Chat.platform == platform, Chat.platform_chat_id == str(platform_chat_id))
        return self.session.exec(query).first()

    def get_chat(self, chat_id: int) -> Chat | None:
        return self.session.get(Chat, chat_id)

    def update_chat_settings(self, chat_id: int, settings: dict[str, Any]) -> Chat | None:
        chat = self.session.get(Chat, chat_id)
        if chat is not None:
            chat.settings = dict(settings)
            self.session.add(chat)
        return chat

    def set_chat_active(self, chat_id: int, active: bool, reason: str | None = None) -> Chat | None:
        """Deactivate a chat the platform says is gone (blocked, kicked, deleted), or bring it back when it returns.

        Deactivating also deactivates its subscriptions, so nothing more is queued for it; reactivating leaves the
        follows as they are for the person to restore.
        """
        chat = self.session.get(Chat, chat_id)
        if chat is None:
            return None
        chat.active, chat.deactivated_reason = active, None if active else _clip(reason, 200)
        self.session.add(chat)
        if not active:
            self.session.execute(
                update(Subscription).where(col(Subscription.chat_id) == chat_id).values(active=False)
            )
        return chat

    def move_chat(self, chat_id: int, new_platform_chat_id: str) -> Chat | None:
        """The platform gave the chat a new id (a Telegram group upgraded to a supergroup): its follows, settings and
        pending alerts go with it. If the new id already has a chat (someone used a command there first), the old
        chat's follows and pending alerts join it and the old chat is deactivated."""
        chat = self.session.get(Chat, chat_id)
        if chat is None:
            return None
        target = self.find_chat(chat.platform, new_platform_chat_id)
        if target is None:
            chat.platform_chat_id = str(new_platform_chat_id)[:100]
            chat.active, chat.deactivated_reason = True, None
            self.session.add(chat)
            return chat
        assert target.id is not None
        followed = {s.player_id for s, _p in self.subscriptions_for_chat(target.id)}
        for subscription in self.session.exec(select(Subscription).where(Subscription.chat_id == chat_id)):
            if subscription.active and subscription.player_id not in followed:
                self.subscribe(target.id, subscription.player_id, subscription.filters)
        self.session.execute(
            update(Alert)
            .where(col(Alert.chat_id) == chat_id, Alert.state == ALERT_PENDING)
            .values(chat_id=target.id)
        )
        if not target.settings and chat.settings:
            target.settings = dict(chat.settings)
        target.active, target.deactivated_reason = True, None
        self.session.add(target)
        self.set_chat_active(chat_id, False, f"moved to {new_platform_chat_id}")
        return target

    def count_chats(self) -> int:
        return int(self.session.exec(select(func.count()).select_from(Chat)).one())

    # --------------------------------------------------------- subscriptions
    def subscribe(self, chat_id: int, player_id: int, filters: dict[str, Any] | None = None) -> Subscription:
        """Follow (or re-follow) a player from a chat; following twice is harmless."""
        query = select(Subscription).where(Subscription.chat_id == chat_id, Subscription.player_id == player_id)
        subscription = self.session.exec(query).first()
        if subscription is None:
            subscription = Subscription(chat_id=chat_id, player_id=player_id, filters=dict(filters or {}))
        else:
            subscription.active = True
            if filters is not None:
                subscription.filters = dict(filters)
        self.session.add(subscription)
        self.session.flush()
        return subscription

    def update_subscription_filters(self, subscription_id: int, filters: dict[str, Any]) -> Subscription | None:
        """Replace one follow's own filters (a new dict, so the JSON column is seen as changed)."""
        subscription = self.session.get(Subscription, subscription_id)
        if subscription is not None:
            subscription.filters = dict(filters)
            self.session.add(subscription)
        return subscription

    def unsubscribe(self, chat_id: int, player_id: int) -> bool:
        query = select(Subscription).where(Subscription.chat_id == chat_id, Subscription.player_id == player_id)
        subscription = self.session.exec(query).first()
        if subscription is None or not subscription.active:
            return False
        self.session.delete(subscription)
        return True

    def subscriptions_for_chat(self, chat_id: int) -> list[tuple[Subscription, Player]]:
        query = (
            select(Subscription, Player)
            .join(Player, col(Player.id) == col(Subscription.player_id))
            .where(Subscription.chat_id == chat_id, col(Subscription.active).is_(True))
            .order_by(col(Player.canonical_name))
        )
        return [(s, p) for s, p in self.session.exec(query)]

    def followers_of(self, player_id: int) -> list[tuple[Subscription, Chat]]:
        """Active subscriptions to a player in active chats: who an alert about him goes to."""
        query = (
            select(Subscription, Chat)
            .join(Chat, col(Chat.id) == col(Subscription.chat_id))
            .where(
                Subscription.player_id == player_id,
                col(Subscription.active).is_(True),
                col(Chat.active).is_(True),
            )
            .order_by(col(Subscription.id))
        )
        return [(s, c) for s, c in self.session.exec(query)]

    # ---------------------------------------------------------------- alerts
    def enqueue_alert(
        self,
        *,
        chat_id: int,
        payload: dict[str, Any],
        idempotency_key: str,
        player_id: int | None = None,
        article_id: int | None = None,
        not_before: datetime | None = None,
    ) -> Alert | None:
        """Queue a message for a chat; None when that key was queued before (re-processing sends nothing twice)."""
        key = idempotency_key[:200]
        if self.session.exec(select(Alert.id).where(Alert.idempotency_key == key)).first() is not None:
            return None
        alert = Alert(
            chat_id=chat_id,
            player_id=player_id,
            article_id=article_id,
            payload=payload,
            idempotency_key=key,
            next_attempt_at=not_before or utcnow(),
        )
        self.session.add(alert)
        self.session.flush()
        return alert

    def due_alerts(self, now: datetime, limit: int = 100, platforms: Sequence[str] | None = None) -> list[Alert]:
        """Pending alerts whose time has come, oldest first (for the given platforms, if any)."""
        query = (
            select(Alert)
            .where(Alert.state == ALERT_PENDING, col(Alert.next_attempt_at) <= now)
            .order_by(col(Alert.next_attempt_at), col(Alert.id))
            .limit(limit)
        )
        if platforms is not None:
            query = query.join(Chat, col(Chat.id) == col(Alert.chat_id)).where(col(Chat.platform).in_(platforms))
        return list(self.session.exec(query))

    def get_alert(self, alert_id: int) -> Alert | None:
        return self.session.get(Alert, alert_id)

    def mark_alert_sent(self, alert_id: int, sent_at: datetime | None = None) -> None:
        self.session.execute(
            update(Alert)
            .where(col(Alert.id) == alert_id)
            .values(state=ALERT_SENT, sent_at=sent_at or utcnow(), attempts=Alert.attempts + 1, last_error=None)
        )

    def retry_alert_later(self, alert_id: int, error: str, next_attempt_at: datetime) -> None:
        """A transient failure: count the attempt and try again later; the row is never dropped."""
        self.session.execute(
            update(Alert)
            .where(col(Alert.id) == alert_id)
            .values(
                attempts=Alert.attempts + 1,
                last_error=_clip(error, _TEXT_LIMITS["error"]),
                next_attempt_at=next_attempt_at,
            )
        )

    def record_alert_parts(self, alert_id: int, parts_sent: int) -> None:
        """How many parts of a split alert the platform has accepted; committed after each part, so that a crash
        mid-alert repeats at most the part in flight."""
        self.session.execute(update(Alert).where(col(Alert.id) == alert_id).values(parts_sent=parts_sent))

    def mark_alert_dead(self, alert_id: int, error: str) -> None:
        """A permanent failure (the chat is gone): kept for the record, never retried."""
        self.session.execute(
            update(Alert)
            .where(col(Alert.id) == alert_id)
            .values(state=ALERT_DEAD, attempts=Alert.attempts + 1, last_error=_clip(error, _TEXT_LIMITS["error"]))
        )

    def hold_chat_alerts(self, chat_id: int, until: datetime, from_alert_id: int = 0) -> None:
        """Postpone a chat's pending rows (from `from_alert_id` on) to no earlier than `until`, counting no attempt.

        For a chat that is paused or in quiet hours, and for the rows queued behind one being retried: moving them
        to the same time keeps the chat's alerts in the order they were queued.
        """
        self.session.execute(
            update(Alert)
            .where(
                col(Alert.chat_id) == chat_id,
                col(Alert.id) >= from_alert_id,
                Alert.state == ALERT_PENDING,
                col(Alert.next_attempt_at) < until,
            )
            .values(next_attempt_at=until)
        )

    def alert_counts(self) -> dict[str, int]:
        query = select(Alert.state, func.count()).group_by(Alert.state)
        return {state: int(count) for state, count in self.session.exec(query)}


class Repository:
    """The database behind the bot: hands out transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, class_=Session, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One unit of work: commits when the block ends, rolls back if it raises."""
        with self._sessions() as session, session.begin():
            yield Transaction(session)

    def dispose(self) -> None:
        self.engine.dispose()


def _trade_durability_for_speed(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=MEMORY")  # rollback still works; a crash just loses the scratch file
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB: the players' states stay in memory
    cursor.close()


def open_scratch_repository(path: Path) -> Repository:
    """A fresh SQLite database for one throw-away run (`transferbot replay`, benchmarks), tuned for speed.

    Nothing in it outlives the run, so it trades durability for speed: no syncing to disk and the rollback journal
    in memory. The bot's real database keeps its durable settings (`storage.database`).
    """
    from storage.database import create_db_engine, upgrade_schema

    engine = create_db_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _trade_durability_for_speed)
    upgrade_schema(engine)
    return Repository(engine)
