"""Replay throughput: N articles (default 10,000) through extract → identity → diff → storage on one core.

Articles are a corpus (default: the shared dev corpus) cycled until N, each cycle's copy given its own id, URL and
a one-line suffix so none is deduplicated away: every article is a new story for the bot, as in a long season.
Prints the total (wall clock, and this process's CPU time with the machine's load, since a busy machine inflates the
wall clock) and the per-stage split. No assertions: figures only. The default database is a scratch SQLite file set
up as `transferbot replay` sets up its own (durability traded for speed); `--database-url` measures a real one.

    .venv/bin/python bench/replay.py [--articles FILE] [-n 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.extraction import default_extractor
from bot.ingest import STAGES, ArticleIngestor, StageTimes
from bot.local_articles import LocalArticle, read_jsonl
from storage.database import open_repository
from storage.repository import open_scratch_repository

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
    parser.add_argument("--database-url", help="default: a fresh scratch SQLite file in a temporary directory, set up "
                                               "as `transferbot replay` sets up its own")
    args = parser.parse_args()
    articles = corpus_of(args.articles, args.n)
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as scratch:
        if args.database_url:
            repository = open_repository(args.database_url)
        else:
            repository = open_scratch_repository(Path(scratch) / "bench.db")
        times = StageTimes()
        ingestor = ArticleIngestor(repository, default_extractor(), times)
        changes = claims = 0
        load_before = os.getloadavg()[0]
        start, cpu_start = time.perf_counter(), time.process_time()
        for article in articles:
            result = ingestor.ingest(article.item)
            changes += result.change_count
            claims += result.claims
        total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        repository.dispose()
    print(f"articles: {len(articles)}  claims: {claims}  changes: {changes}")
    print(f"total: {total:.2f} s  ({len(articles) / total:.0f} articles/s)  cpu: {cpu:.2f} s  "
          f"load average before/after: {load_before:.2f}/{os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus")
    accounted = sum(times.seconds.values())
    for stage in STAGES:
        print(f"  {stage:<9} {times.seconds[stage]:7.2f} s  {100 * times.seconds[stage] / total:5.1f} %")
    print(f"  {'other':<9} {total - accounted:7.2f} s  (transaction set-up, commit, bookkeeping)")
    print(f"  all but extraction {total - times.seconds['extract']:.2f} s")
    print(json.dumps({"articles": len(articles), "total_s": round(total, 3), "cpu_s": round(cpu, 3),
                      **{f"{s}_s": round(times.seconds[s], 3) for s in STAGES}}))


if __name__ == "__main__":
    main()
