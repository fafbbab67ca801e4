"""The per-article unit of work: store → extract → resolve players → diff → claims, state, changes and outbox.

One article, one transaction: the article row, its claims, every player's new state, the change log and the alert
rows for followers commit together or not at all, so a crash loses nothing and re-processing sends nothing twice
(an article already stored — same guid, canonical URL or text — is recognised and skipped).

Callers: the feed poller (one call per fetched entry; `alert=False` on a feed's first poll records the backlog
without flooding anyone), `transferbot ingest` and `transferbot replay`.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Protocol
from urllib.parse import urlsplit

from bot.chat_settings import AlertFilter
from bot.diff import ArticleRef, Change, diff_player_state
from bot.domain import Article, Claim
from bot.identity import KnownPlayer, better_canonical, name_parts, resolve_name, with_alias
from bot.player_state import PlayerState, club_key
from bot.rendering import alert_text, change_note
from storage.models import ArticleRow, Player
from storage.repository import Repository, Transaction

STAGES = ("extract", "identity", "diff", "storage")


class ClaimExtractor(Protocol):
    def extract(self, article: Article) -> list[Claim]: ...


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as a feed, a file or a test hands it over."""

    text: str
    url: str | None = None
    canonical_url: str | None = None
    guid: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: date | datetime | None = None
    feed_id: int | None = None
    #: False records the article and updates the picture without queuing alerts (a new feed's backlog).
    alert: bool = True


@dataclass(frozen=True, slots=True)
class PlayerChanges:
    player_id: int
    player: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class IngestResult:
    article_id: int
    new: bool
    claims: int = 0
    changes: tuple[PlayerChanges, ...] = ()
    alerts_queued: int = 0

    @property
    def change_count(self) -> int:
        return sum(len(p.changes) for p in self.changes)


@dataclass
class StageTimes:
    """Seconds spent per stage across ingests (for benchmarks and progress reports)."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - start


def content_hash(text: str) -> str:
    """The article's identity by content: the same story re-served under another URL is stored once."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode("utf-8")).hexdigest()


def outlet_from_url(url: str | None) -> str | None:
    """The site's host ("metro.co.uk") when nothing better names the outlet."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _as_datetime(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _known(player: Player) -> KnownPlayer:
    state = player.state or {}
    clubs = set((state.get("links") or {}).keys())
    if player.current_club:
        clubs.add(club_key(player.current_club))
    assert player.id is not None
    return KnownPlayer(player.id, player.canonical_name, tuple(player.aliases or ()), frozenset(clubs))


class ArticleIngestor:
    """Turns articles into stored claims, updated player pictures and queued alerts."""

    def __init__(self, repository: Repository, extractor: ClaimExtractor, times: StageTimes | None = None) -> None:
        self.repository = repository
        self.extractor = extractor
        self.times = times or StageTimes()

    def ingest(self, item: ArticleInput) -> IngestResult:
        """Process one article in one transaction; an article seen before changes nothing."""
        digest = content_hash(item.text)
        with self.repository.transaction() as tx:
            with self.times.measure("storage"):
                seen = tx.find_article(guid=item.guid, canonical_url=item.canonical_url, content_hash=digest)
            if seen is not None:
                assert seen.id is not None
                return IngestResult(article_id=seen.id, new=False)
            outlet = item.outlet or outlet_from_url(item.canonical_url or item.url)
            with self.times.measure("storage"):
                row = tx.add_article(text=item.text, content_hash=digest, url=item.url,
                                     canonical_url=item.canonical_url, guid=item.guid, title=item.title,
                                     outlet=outlet, published=_as_datetime(item.published), feed_id=item.feed_id)
            assert row.id is not None
            published = _as_date(item.published)
            with self.times.measure("extract"):
                claims = self.extractor.extract(Article(text=item.text, id=str(row.id), url=item.url,
                                                        title=item.title, published=published, outlet=outlet))
            ref = ArticleRef(row.id, outlet, published.isoformat() if published else None)
            return self._record(tx, row, ref, claims, alert=item.alert)

    def _resolve(self, tx: Transaction, claims: Sequence[Claim]) -> dict[int, tuple[Player, list[Claim]]]:
        """Group claims by the stored player they are about, creating players met for the first time."""
        by_name: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            if name_parts(claim.player).tokens:
                by_name[claim.player].append(claim)
        players: dict[int, tuple[Player, list[Claim]]] = {}
        known: dict[str, list[Player]] = defaultdict(list)
        for row in tx.players_by_surnames(name_parts(name).surname for name in by_name):
            known[row.surname].append(row)
        # Full names first, so a bare surname later in the article finds the man its full name just created.
        for name in sorted(by_name, key=lambda n: -len(name_parts(n).tokens)):
            parts = name_parts(name)
            context = {club_key(c.club) for c in by_name[name] if c.club}
            rows = {p.id: p for p in known[parts.surname]}
            match = resolve_name(name, [_known(p) for p in rows.values()], context)
            if match is None:
                player = tx.add_player(name, parts.folded, parts.surname)
                known[parts.surname].append(player)
            else:
                player = rows[match.id]
                canonical = better_canonical(player.canonical_name, name)
                aliases = with_alias(player.aliases or (), name, canonical)
                if canonical != player.canonical_name or list(aliases) != list(player.aliases or ()):
                    tx.save_player(player.id, canonical_name=canonical, aliases=aliases)  # type: ignore[arg-type]
            assert player.id is not None
            players.setdefault(player.id, (player, []))[1].extend(by_name[name])
        return players

    def _record(
        self, tx: Transaction, row: ArticleRow, ref: ArticleRef, claims: Sequence[Claim], *, alert: bool
    ) -> IngestResult:
        assert row.id is not None
        with self.times.measure("identity"):
            players = self._resolve(tx, claims)
        results: list[PlayerChanges] = []
        stored_claims: list[tuple[int | None, Claim]] = []
        queued = 0
        article_info = {"id": row.id, "url": row.url, "title": row.title, "outlet": ref.outlet,
                        "published": ref.date}
        for player_id, (player, player_claims) in players.items():
            stored_claims.extend((player_id, c) for c in player_claims)
            with self.times.measure("diff"):
                before = PlayerState.from_json(player.state)
                result = diff_player_state(before, player_claims, ref)
                state_json = result.state.to_json()
            with self.times.measure("storage"):
                tx.save_player(player_id, state=state_json, current_club=result.state.current_club)
                if not result.changes:
                    continue
                name = player.canonical_name
                results.append(PlayerChanges(player_id, name, result.changes))
                tx.add_changes(player_id, row.id, [
                    {"change": change.to_payload(), "date": ref.date, "outlet": ref.outlet,
                     "line": change_note(change, ref.outlet)}
                    for change in result.changes
                ])
                if alert:
                    queued += self._queue_alerts(tx, player, result.changes, result.state, article_info)
        with self.times.measure("storage"):
            tx.add_claims(row.id, stored_claims)
        return IngestResult(article_id=row.id, new=True, claims=len(claims), changes=tuple(results),
                            alerts_queued=queued)

    def _queue_alerts(
        self,
        tx: Transaction,
        player: Player,
        changes: Sequence[Change],
        state: PlayerState,
        article: dict[str, Any],
    ) -> int:
        """One outbox row per follower whose filters let at least one change through, holding all that pass."""
        reached = {key: link.stage_before_off for key, link in state.links.items()}
        queued = 0
        for subscription, chat in tx.followers_of(player.id):  # type: ignore[arg-type]
            wanted = AlertFilter.for_follow(chat.settings or {}, subscription.filters or {}).select(changes, reached)
            if not wanted:
                continue
            payload = {
                "player": player.canonical_name,
                "player_id": player.id,
                "article": article,
                "changes": [c.to_payload() for c in wanted],
                "text": alert_text(player.canonical_name, article, wanted),
            }
            key = f"alert:{chat.id}:{article['id']}:{player.id}"
            if tx.enqueue_alert(chat_id=chat.id, payload=payload, idempotency_key=key,  # type: ignore[arg-type]
                                player_id=player.id, article_id=article["id"]) is not None:
                queued += 1
        return queued
