"""Replay throughput: N articles (default 10,000) through extract → identity → diff → storage on one core.

Articles are a corpus (default: the shared dev corpus) cycled until N, each cycle's copy given its own id, URL and
a one-line suffix so none is deduplicated away: every article is a new story for the bot, as in a long season.
Prints the total and the per-stage split. No assertions: figures only.

    .venv/bin/python bench/replay.py [--articles FILE] [-n 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.extraction import default_extractor
from bot.ingest import STAGES, ArticleIngestor, StageTimes
from bot.local_articles import LocalArticle, read_jsonl
from storage.database import open_repository

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "articles.jsonl"


def corpus_of(path: Path, count: int) -> list[LocalArticle]:
    base = list(read_jsonl(path, lambda message: print("skipped:", message)))
    if not base:
        raise SystemExit(f"{path}: no articles")
    out = []
    for n in range(count):
        cycle, article = divmod(n, len(base))
        source = base[article]
        url = f"https://bench.example/{cycle}/{n}"
        text = source.item.text + (f"\n\nUpdate {cycle}." if cycle else "")
        out.append(LocalArticle(f"{source.label}-{cycle}",
                                replace(source.item, text=text, url=url, canonical_url=url, guid=url, alert=False)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary directory")
    args = parser.parse_args()
    articles = corpus_of(args.articles, args.n)
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as scratch:
        repository = open_repository(args.database_url or f"sqlite:///{Path(scratch) / 'bench.db'}")
        times = StageTimes()
        ingestor = ArticleIngestor(repository, default_extractor(), times)
        changes = claims = 0
        start = time.perf_counter()
        for article in articles:
            result = ingestor.ingest(article.item)
            changes += result.change_count
            claims += result.claims
        total = time.perf_counter() - start
        repository.dispose()
    print(f"articles: {len(articles)}  claims: {claims}  changes: {changes}")
    print(f"total: {total:.2f} s  ({len(articles) / total:.0f} articles/s)")
    accounted = sum(times.seconds.values())
    for stage in STAGES:
        print(f"  {stage:<9} {times.seconds[stage]:7.2f} s  {100 * times.seconds[stage] / total:5.1f} %")
    print(f"  {'other':<9} {total - accounted:7.2f} s  (transaction set-up, commit, bookkeeping)")
    print(json.dumps({"articles": len(articles), "total_s": round(total, 3),
                      **{f"{s}_s": round(times.seconds[s], 3) for s in STAGES}}))


if __name__ == "__main__":
    main()
