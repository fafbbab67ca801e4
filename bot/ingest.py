"""The per-article unit of work: store → extract → resolve players → diff → claims, state, changes and outbox.

One article, one transaction: the article row, its claims, every player's new state, the change log and the alert
rows for followers commit together or not at all, so a crash loses nothing and re-processing sends nothing twice
(an article already stored — same guid, canonical URL or text — is recognised and skipped).

Callers: the feed poller (one call per fetched entry; `alert=False` on a feed's first poll records the backlog
without flooding anyone), `transferbot ingest` and `transferbot replay`.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Protocol
from urllib.parse import urlsplit

from bot.chat_settings import AlertFilter
from bot.diff import ArticleRef, Change, DiffResult, diff_player_state
from bot.domain import Article, Claim
from bot.identity import KnownPlayer, better_canonical, name_parts, resolve_name, with_alias
from bot.player_cache import CachedPlayer, PlayerCache, cached_after_write
from bot.player_state import EncodedState, PlayerState, club_key, encode_state
from bot.rendering import alert_text, change_note
from storage.repository import ArticleRecord, NewArticle, PlayerRecord, PlayerWrite, Repository, Transaction

STAGES = ("extract", "identity", "diff", "storage")
#: Times an article is tried again when a player it touches was written by someone else meanwhile.
STALE_RETRIES = 3


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


class StalePlayerError(RuntimeError):
    """A player changed in the database after this process read him; the article's transaction was rolled back."""

    def __init__(self, player_ids: Sequence[int]) -> None:
        super().__init__(f"players {list(player_ids)}: one was written by someone else meanwhile")
        self.player_ids = tuple(player_ids)


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
    """The article's identity by content: the same story re-served under another URL is stored once.

    Runs of whitespace count as one space (`str.split` and the regex `\\s` agree on what whitespace is).
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


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


@dataclass(slots=True)
class _Touched:
    """A player named in the article being ingested: his stored copy, his names so far, and the claims about him."""

    record: PlayerRecord
    state: PlayerState
    clubs: frozenset[str]
    canonical: str
    aliases: tuple[str, ...]
    cached: CachedPlayer | None = None
    claims: list[Claim] = field(default_factory=list)

    @classmethod
    def of(cls, player: CachedPlayer) -> "_Touched":
        record = player.record
        return cls(record, player.state, player.known.clubs, record.canonical_name, record.aliases, player)

    @classmethod
    def new(cls, record: PlayerRecord) -> "_Touched":
        return cls(record, PlayerState(), frozenset(), record.canonical_name, record.aliases)

    def known(self) -> KnownPlayer:
        """As resolution sees him now: names learnt earlier in this article count, his clubs are those stored."""
        if self.cached is not None and (self.canonical, self.aliases) == (self.record.canonical_name,
                                                                           self.record.aliases):
            return self.cached.known
        return KnownPlayer(self.record.id, self.canonical, self.aliases, self.clubs)


@dataclass(frozen=True, slots=True)
class _Diffed:
    """One player after the diff: what changed, his new state encoded, and the row to write back."""

    result: DiffResult
    encoded: EncodedState
    write: PlayerWrite

    @classmethod
    def of(cls, player: _Touched, ref: ArticleRef) -> "_Diffed":
        result = diff_player_state(player.state, player.claims, ref)
        encoded = encode_state(result.state, player.cached.encoded if player.cached else None)
        # A state that names no club leaves the stored club as it was.
        club = player.record.current_club if result.state.current_club is None else result.state.current_club
        return cls(result, encoded, PlayerWrite(player.record, player.canonical, player.aliases, club, encoded.text))


def _change_row(change: Change, ref: ArticleRef) -> dict[str, Any]:
    """A change as the player_changes log keeps it (for /status's recent changes)."""
    return {"change": change.to_payload(), "date": ref.date, "outlet": ref.outlet,
            "line": change_note(change, ref.outlet)}


class ArticleIngestor:
    """Turns articles into stored claims, updated player pictures and queued alerts.

    Players are kept in memory between articles (`PlayerCache`), checked against their stored version each time, so
    one ingestor can live as long as the process, beside other processes writing the same database.
    """

    def __init__(self, repository: Repository, extractor: ClaimExtractor, times: StageTimes | None = None) -> None:
        self.repository = repository
        self.extractor = extractor
        self.times = times or StageTimes()
        self.players = PlayerCache()

    def ingest(self, item: ArticleInput) -> IngestResult:
        """Process one article in one transaction; an article seen before changes nothing."""
        digest = content_hash(item.text)
        for attempt in range(STALE_RETRIES):
            try:
                return self._ingest_once(item, digest)
            except StalePlayerError as stale:
                self.players.forget(stale.player_ids)
                if attempt == STALE_RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _ingest_once(self, item: ArticleInput, digest: str) -> IngestResult:
        outlet = item.outlet or outlet_from_url(item.canonical_url or item.url)
        with self.repository.transaction() as tx:
            with self.times.measure("storage"):
                row = tx.add_article_if_new(NewArticle(item.text, digest, item.url, item.canonical_url, item.guid,
                                                       item.title, outlet, _as_datetime(item.published),
                                                       item.feed_id))
                if row is None:
                    seen = tx.find_article_id(guid=item.guid, canonical_url=item.canonical_url, content_hash=digest)
                    assert seen is not None
                    return IngestResult(article_id=seen, new=False)
            published = _as_date(item.published)
            with self.times.measure("extract"):
                claims = self.extractor.extract(Article(text=item.text, id=str(row.id), url=item.url,
                                                        title=item.title, published=published, outlet=outlet))
            ref = ArticleRef(row.id, outlet, published.isoformat() if published else None)
            result, written = self._record(tx, row, ref, claims, alert=item.alert)
        # Only now is it committed: copies of uncommitted rows must never outlive a rollback.
        self.players.remember(written)
        return result

    def _resolve(self, tx: Transaction, claims: Sequence[Claim]) -> dict[int, _Touched]:
        """Group claims by the stored player they are about, creating players met for the first time."""
        by_name: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            if name_parts(claim.player).tokens:
                by_name[claim.player].append(claim)
        candidates: dict[int, _Touched] = {}
        by_surname: dict[str, list[int]] = defaultdict(list)
        for cached in self.players.players_with_surnames(tx, (name_parts(name).surname for name in by_name)):
            candidates[cached.record.id] = _Touched.of(cached)
            by_surname[cached.record.surname].append(cached.record.id)
        touched: dict[int, _Touched] = {}
        # Full names first, so a bare surname later in the article finds the man its full name just created.
        for name in sorted(by_name, key=lambda n: -len(name_parts(n).tokens)):
            parts = name_parts(name)
            context = {club_key(c.club) for c in by_name[name] if c.club}
            match = resolve_name(name, [candidates[pid].known() for pid in by_surname[parts.surname]], context)
            if match is None:
                player = _Touched.new(tx.insert_player(name, parts.folded, parts.surname))
                candidates[player.record.id] = player
                by_surname[parts.surname].append(player.record.id)
            else:
                player = candidates[match.id]
                player.canonical = better_canonical(player.canonical, name)
                player.aliases = with_alias(player.aliases, name, player.canonical)
            touched.setdefault(player.record.id, player).claims.extend(by_name[name])
        return touched

    def _record(
        self, tx: Transaction, row: ArticleRecord, ref: ArticleRef, claims: Sequence[Claim], *, alert: bool
    ) -> tuple[IngestResult, list[CachedPlayer]]:
        """Resolve, diff and write back every player the claims are about; return the result and what was written."""
        with self.times.measure("identity"):
            players = self._resolve(tx, claims)
        with self.times.measure("diff"):
            diffs = [_Diffed.of(player, ref) for player in players.values()]
        with self.times.measure("storage"):
            records = tx.update_players([d.write for d in diffs])
            if records is None:
                raise StalePlayerError(list(players))
            tx.add_changes(row.id, [(d.write.record.id, _change_row(change, ref))
                                    for d in diffs for change in d.result.changes])
            changed = [(record, d.result) for record, d in zip(records, diffs) if d.result.changes]
            queued = 0
            if alert:
                article_info = {"id": row.id, "url": row.url, "title": row.title, "outlet": ref.outlet,
                                "published": ref.date}
                for record, result in changed:
                    queued += self._queue_alerts(tx, record.id, record.canonical_name, result.changes, result.state,
                                                 article_info)
            tx.add_claims(row.id, [(pid, claim) for pid, player in players.items() for claim in player.claims])
        results = tuple(PlayerChanges(record.id, record.canonical_name, result.changes) for record, result in changed)
        written = [cached_after_write(record, d.encoded) for record, d in zip(records, diffs)]
        return IngestResult(article_id=row.id, new=True, claims=len(claims), changes=results,
                            alerts_queued=queued), written

    def _queue_alerts(
        self,
        tx: Transaction,
        player_id: int,
        player_name: str,
        changes: Sequence[Change],
        state: PlayerState,
        article: dict[str, Any],
    ) -> int:
        """One outbox row per follower whose filters let at least one change through, holding all that pass."""
        reached = {key: link.stage_before_off for key, link in state.links.items()}
        queued = 0
        for subscription, chat in tx.followers_of(player_id):
            wanted = AlertFilter.for_follow(chat.settings or {}, subscription.filters or {}).select(changes, reached)
            if not wanted:
                continue
            payload = {
                "player": player_name,
                "player_id": player_id,
                "article": article,
                "changes": [c.to_payload() for c in wanted],
                "text": alert_text(player_name, article, wanted),
            }
            key = f"alert:{chat.id}:{article['id']}:{player_id}"
            if tx.enqueue_alert(chat_id=chat.id, payload=payload, idempotency_key=key,  # type: ignore[arg-type]
                                player_id=player_id, article_id=article["id"]) is not None:
                queued += 1
        return queued
