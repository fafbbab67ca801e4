"""Benchmark: poll 1,000 local feeds (served from 127.0.0.1 by a separate process) through the real poller.

Prints feeds polled per second for a first round (every feed new: fetch, parse, ingest 3 entries each into SQLite)
and a second round (conditional GET: every feed answers 304), and the poller process's peak memory.

    .venv/bin/python bench/poll.py [--feeds 1000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import FeedsPolicyConfig  # noqa: E402
from bot.extraction import default_extractor  # noqa: E402
from bot.feeds.fetch import Fetcher  # noqa: E402
from bot.ingest import ArticleIngestor  # noqa: E402
from bot.scheduler import CONFIG_FEED_OWNER, FeedPoller  # noqa: E402
from storage.database import open_repository  # noqa: E402
from tests.feeds.feed_server import FeedServer  # noqa: E402


def serve(port_out: "multiprocessing.Queue[int]") -> None:
    server = FeedServer().start()
    port_out.put(server.port)
    while True:
        time.sleep(3600)


async def poll_round(poller: FeedPoller, feed_ids: list[int], concurrency: int) -> tuple[float, dict[str, int]]:
    gate = asyncio.Semaphore(concurrency)
    statuses: dict[str, int] = {}

    async def one(feed_id: int) -> None:
        async with gate:
            outcome = await poller.poll(feed_id)
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1

    start = time.perf_counter()
    await asyncio.gather(*(one(feed_id) for feed_id in feed_ids))
    return time.perf_counter() - start, statuses


async def main(feeds: int, concurrency: int) -> None:
    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ports,), daemon=True)
    server.start()
    port = ports.get(timeout=60)
    with tempfile.TemporaryDirectory() as folder:
        repository = open_repository(f"sqlite:///{folder}/bench.db")
        with repository.transaction() as tx:
            feed_ids = [tx.add_feed(f"bench {n}", f"http://127.0.0.1:{port}/bench/{n}.xml", 300,
                                    added_by=CONFIG_FEED_OWNER).id for n in range(feeds)]
        fetcher = Fetcher(max_connections=concurrency)
        poller = FeedPoller(repository, ArticleIngestor(repository, default_extractor()), fetcher,
                            FeedsPolicyConfig())
        first, first_status = await poll_round(poller, feed_ids, concurrency)
        second, second_status = await poll_round(poller, feed_ids, concurrency)
        with repository.transaction() as tx:
            articles = tx.count_articles()
        await fetcher.aclose()
        repository.dispose()
    server.terminate()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"feeds: {feeds}, concurrency: {concurrency}, articles stored: {articles}")
    print(f"first round (200, parse, ingest):  {feeds / first:8.1f} feeds/s  ({first:.2f}s)  {first_status}")
    print(f"second round (304 Not Modified):   {feeds / second:8.1f} feeds/s  ({second:.2f}s)  {second_status}")
    print(f"peak memory (poller process, RSS): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.feeds, args.concurrency))
