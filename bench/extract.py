"""Extraction throughput on one core: articles/s, words/s and peak memory over >= 10,000 articles.

Usage: python bench/extract.py [CORPUS_DIR_OR_ARTICLES_JSONL] [--articles N]
Default corpus: ../shared/eval/dev relative to the repository root, repeated until N (default 10,000) articles.
Prints figures only; no assertions. Besides the wall-clock rate it prints the rate per CPU-second of this process and
the load average: on a machine shared with other work the wall-clock figure drops with the load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain import Article  # noqa: E402
from bot.extraction import default_extractor  # noqa: E402


def load(path: Path) -> list[Article]:
    if path.is_dir():
        path = path / "articles.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        pub = row.get("published")
        out.append(Article(text=row.get("text") or "", id=str(row.get("id", "")), url=row.get("url"),
                           title=row.get("title"), published=date.fromisoformat(pub[:10]) if pub else None))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    ap.add_argument("--articles", type=int, default=10_000)
    args = ap.parse_args()
    base = load(args.corpus)
    if not base:
        print("no articles")
        return 1
    articles = (base * (args.articles // len(base) + 1))[: max(args.articles, 10_000)]
    words = sum(len(a.text.split()) for a in articles)
    extractor = default_extractor()
    extractor.extract(base[0])  # warm caches outside the timing
    t0, c0 = time.perf_counter(), time.process_time()
    claims = 0
    for a in articles:
        claims += len(extractor.extract(a))
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    tracemalloc.start()
    for a in base:
        extractor.extract(a)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles:        {len(articles)} ({len(base)} distinct), {words} words, {claims} claims")
    print(f"time:            {elapsed:.2f} s")
    print(f"articles/s:      {len(articles) / elapsed:,.0f} (wall clock)")
    print(f"articles/cpu-s:  {len(articles) / cpu:,.0f} (CPU time of this process: what one core sustains when the "
          f"machine is busy with other work)")
    print(f"load average:    {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)")
    print(f"words/s:         {words / elapsed:,.0f}")
    print(f"peak alloc/pass: {peak / 1e6:.1f} MB (tracemalloc, one pass over the distinct articles)")
    print(f"peak RSS:        {rss:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
