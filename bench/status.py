"""/status latency with a large history: 1,000,000 claims over 5,000 players, on SQLite and PostgreSQL.

The data is synthetic: per player, articles of ten claims each (links to a pool of clubs climbing the stage
ladder, contract stages, wage and fee figures). Rows go in with bulk inserts; each player's state is the diff
engine's own result for his claims, so /status reads what the live bot would have written. Then /status is asked
for random players by name through ChatCommands, exactly as a chat would, and p50/p95 are printed. No assertions.

    .venv/bin/python bench/status.py [--claims 1000000] [--players 5000] [--queries 1000]
                                     [--postgres-url URL | $TRANSFERBOT_BENCH_POSTGRES_URL]

The PostgreSQL database must be a throw-away one: its public schema is dropped and recreated. Without a URL only
SQLite is measured.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from bot.commands import ChatCommands, ChatRef
from bot.diff import ArticleRef, diff_player_state
from bot.domain import LINK_STAGES, Claim
from bot.identity import name_parts
from bot.player_state import PlayerState
from bot.rendering import change_note
from storage.database import create_db_engine, open_repository
from storage.models import ArticleRow, ClaimRow, PlayerChange
from storage.repository import Repository

CLUBS = ["Real Madrid", "Bayern Munich", "Juventus", "Arsenal", "Barcelona", "Paris Saint-Germain", "Inter Milan",
         "Manchester City", "Liverpool", "Borussia Dortmund", "Napoli", "Atletico Madrid"]
CONTRACT = ["expiring", "renewal_talks", "renewal_offer", "rejects_renewal", "wants_to_stay", "wants_to_leave"]
OUTLETS = ["Goal", "Sky Sports", "The Athletic", "Marca", "Bild", "Fabrizio Romano", "L'Equipe", "ESPN"]
CLAIMS_PER_ARTICLE = 10
BATCH = 5_000


def _letters(i: int) -> str:
    out = ""
    while True:
        i, r = divmod(i, 26)
        out = chr(ord("a") + r) + out
        if i == 0:
            return out


def player_name(i: int) -> str:
    """A unique, letters-only name (typed names hold no digits)."""
    tag = _letters(i)
    return f"Test{tag} Benchman{tag}"


def article_claims(rng: random.Random, name: str, n: int) -> list[Claim]:
    """Ten claims as one article about one player might carry them, drifting up the ladder as `n` grows."""
    claims = []
    for _ in range(CLAIMS_PER_ARTICLE):
        roll = rng.random()
        if roll < 0.6:
            stage = LINK_STAGES[min(len(LINK_STAGES) - 1, rng.randrange(n // 4 + 1))] if rng.random() > 0.03 else "off"
            claims.append(Claim("link", name, rng.choice(CLUBS), stage=stage, source=rng.choice(OUTLETS)))
        elif roll < 0.8:
            claims.append(Claim("contract", name, "Sample FC", stage=rng.choice(CONTRACT), source=rng.choice(OUTLETS)))
        else:
            kind = rng.choice(["wage_offer", "wage_demand", "fee", "valuation"])
            per = "week" if kind.startswith("wage") else None
            amount = rng.choice([150_000, 180_000, 200_000]) if per else rng.choice([40e6, 50e6, 60e6])
            claims.append(Claim("money", name, rng.choice([None, "Sample FC", rng.choice(CLUBS)]), kind=kind,
                                amount=amount, currency="GBP", per=per))
    return claims


def populate(repository: Repository, claims_total: int, players: int, seed: int = 7) -> None:
    """Bulk-load players, articles, claims, state and change rows (chunked multi-row inserts)."""
    rng = random.Random(seed)
    articles_per_player = max(1, claims_total // (players * CLAIMS_PER_ARTICLE))
    start_day = date(2022, 1, 1)
    article_id = 0
    pending: dict[str, list[dict]] = {"articles": [], "claims": [], "changes": []}
    states: dict[int, dict] = {}
    started = time.perf_counter()

    def flush() -> None:
        """One transaction per batch: articles, then their claims, the players' states and change rows."""
        with repository.transaction() as tx:
            for model, key in ((ArticleRow, "articles"), (ClaimRow, "claims"), (PlayerChange, "changes")):
                if pending[key]:
                    tx.session.execute(insert(model), pending[key])
            for pid, state in states.items():
                tx.save_player(pid, state=state)
        for rows in pending.values():
            rows.clear()
        states.clear()

    for p in range(1, players + 1):
        name = player_name(p)
        parts = name_parts(name)
        with repository.transaction() as tx:
            player_id = tx.add_player(name, parts.folded, parts.surname, current_club="Sample FC").id
        assert player_id is not None
        state = PlayerState()
        changes: list[dict] = []
        for n in range(articles_per_player):
            article_id += 1
            day = (start_day + timedelta(days=n)).isoformat()
            outlet = rng.choice(OUTLETS)
            pending["articles"].append({"id": article_id, "content_hash": f"bench-{article_id}", "text": "synthetic",
                                        "outlet": outlet, "url": f"https://bench.example/{article_id}"})
            claims = article_claims(rng, name, n)
            result = diff_player_state(state, claims, ArticleRef(article_id, outlet, day))
            state = result.state
            changes.extend({"player_id": player_id, "article_id": article_id,
                            "payload": {"change": c.to_payload(), "date": day, "outlet": outlet,
                                        "line": change_note(c, outlet)}}
                           for c in result.changes)
            pending["claims"].extend(claim_row(article_id, player_id, c) for c in claims)
        pending["changes"].extend(changes[-20:])
        states[player_id] = state.to_json()
        if len(pending["claims"]) >= BATCH:
            flush()
        if p % 500 == 0:
            print(f"  ... {p} players, {article_id * CLAIMS_PER_ARTICLE} claims ({time.perf_counter() - started:.0f}s)")
    flush()


def claim_row(article_id: int, player_id: int, claim: Claim) -> dict:
    return {"article_id": article_id, "player_id": player_id, "player_name": claim.player, "type": claim.type,
            "club": claim.club, "stage": claim.stage, "kind": claim.kind, "amount": claim.amount,
            "currency": claim.currency, "per": claim.per, "source": claim.source, "evidence": claim.evidence}


def measure(repository: Repository, players: int, queries: int, seed: int = 11) -> list[float]:
    rng = random.Random(seed)
    commands = ChatCommands(repository)
    chat = ChatRef(platform="console", chat_id="bench")
    for _ in range(20):  # warm the connection pool and caches
        commands.status(chat, player_name(rng.randrange(1, players + 1)))
    timings = []
    for _ in range(queries):
        name = player_name(rng.randrange(1, players + 1))
        started = time.perf_counter()
        reply = commands.status(chat, name)
        timings.append((time.perf_counter() - started) * 1000)
        if reply.status is None:
            raise SystemExit(f"status failed for {name}: {reply.text}")
    return timings


def report(label: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{label}: /status p50 {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms, "
          f"max {ordered[-1]:.2f} ms over {len(ordered)} queries")


def count_claims(repository: Repository) -> int:
    with repository.transaction() as tx:
        return int(tx.session.execute(text("SELECT count(*) FROM claims")).scalar_one())


def databases(args: argparse.Namespace, scratch: Path) -> Iterator[tuple[str, str]]:
    yield "SQLite", f"sqlite:///{scratch / 'status.db'}"
    if args.postgres_url:
        engine = create_db_engine(args.postgres_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        yield "PostgreSQL", args.postgres_url
    else:
        print("PostgreSQL: skipped (give --postgres-url or TRANSFERBOT_BENCH_POSTGRES_URL)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--players", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--postgres-url", default=os.environ.get("TRANSFERBOT_BENCH_POSTGRES_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-status-") as scratch:
        for label, url in databases(args, Path(scratch)):
            repository = open_repository(url)
            started = time.perf_counter()
            print(f"{label}: loading {args.claims} claims over {args.players} players ...")
            populate(repository, args.claims, args.players)
            print(f"{label}: {count_claims(repository)} claims loaded in {time.perf_counter() - started:.0f}s")
            report(label, measure(repository, args.players, args.queries))
            repository.dispose()


if __name__ == "__main__":
    main()
