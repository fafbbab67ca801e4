"""Players kept in memory between articles, trusted only while the stored row is still at the version they were read.

Reading a popular player's row and decoding his state for every article that mentions him was most of the ingest
path's cost. The ingestor keeps what it read or wrote here; for each article one light query (id and version of the
players sharing a surname with a name in it) tells which copies are current. A player another process (or another
thread) wrote since is read again; and since every write is conditional on the version it started from
(`Transaction.update_players`), a copy that went stale between that query and the write can never overwrite anything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.identity import KnownPlayer
from bot.player_state import EncodedState, PlayerState, club_key
from storage.repository import PlayerRecord, Transaction

#: Players kept at most, the least recently used going first: the ones in the news stay, at a few KB to a few
#: hundred KB each; a player read again after being dropped costs one query.
CACHE_LIMIT = 2_000


@dataclass(frozen=True, slots=True)
class CachedPlayer:
    """One player as stored at `record.version`: his columns, his decoded state and what identity resolution needs."""

    record: PlayerRecord
    state: PlayerState
    known: KnownPlayer
    #: The state's JSON text with per-entry pieces, once it has been written by this process (None when only read).
    encoded: EncodedState | None = None


def known_player(record: PlayerRecord, linked_clubs: Iterable[str]) -> KnownPlayer:
    """What resolution compares a name with: his names, and the clubs tied to him (linked ones and his own)."""
    clubs = set(linked_clubs)
    if record.current_club:
        clubs.add(club_key(record.current_club))
    return KnownPlayer(record.id, record.canonical_name, record.aliases, frozenset(clubs))


def cached_from_row(record: PlayerRecord, stored_state: Any) -> CachedPlayer:
    """A player as read from the database (the state column decoded from JSON, unreadable parts skipped)."""
    links = stored_state.get("links") if isinstance(stored_state, dict) else None
    linked = links.keys() if isinstance(links, dict) else ()
    return CachedPlayer(record, PlayerState.from_json(stored_state), known_player(record, linked))


def cached_after_write(record: PlayerRecord, encoded: EncodedState) -> CachedPlayer:
    """A player as this process has just written him."""
    return CachedPlayer(record, encoded.state, known_player(record, encoded.state.links), encoded)


class PlayerCache:
    """Thread-safe, bounded memory of players; every lookup is checked against the stored versions."""

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self.limit = limit
        self._players: OrderedDict[int, CachedPlayer] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._players)

    def players_with_surnames(self, tx: Transaction, surnames: Iterable[str]) -> list[CachedPlayer]:
        """The current copy of every stored player with one of these surnames, oldest first.

        Copies whose version still matches are used as they are; the others, and players not met before, are read.
        """
        versions = tx.player_versions(surnames)
        with self._lock:
            held = {pid: self._players.get(pid) for pid, _surname, _version in versions}
            for pid in held:
                if pid in self._players:
                    self._players.move_to_end(pid)
        current = {pid: player for pid, _surname, version in versions
                   if (player := held[pid]) is not None and player.record.version == version}
        stale = [pid for pid, _surname, _version in versions if pid not in current]
        if stale:
            loaded = [cached_from_row(record, state) for record, state in tx.player_records(stale)]
            current.update((player.record.id, player) for player in loaded)
            self.remember(loaded)
        return sorted(current.values(), key=lambda player: player.record.id)

    def remember(self, players: Iterable[CachedPlayer]) -> None:
        """Keep these copies (committed rows only), never replacing a newer one with an older one."""
        with self._lock:
            for player in players:
                pid = player.record.id
                held = self._players.get(pid)
                if held is None or held.record.version <= player.record.version:
                    self._players[pid] = player
                    self._players.move_to_end(pid)
            while len(self._players) > self.limit:
                self._players.popitem(last=False)

    def forget(self, player_ids: Iterable[int]) -> None:
        with self._lock:
            for pid in player_ids:
                self._players.pop(pid, None)
