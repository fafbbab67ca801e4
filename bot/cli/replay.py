"""`transferbot replay`: feed a corpus to a fresh bot, one article at a time, and print the alerts it would send."""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from bot.cli.progress import ProgressReporter


@click.command("replay")
@click.argument("articles", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--progress-every", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Report progress on stderr every N articles (0: never).")
def command(articles: Path, progress_every: int) -> None:
    """Replay ARTICLES (JSON lines, as shared/eval/SCHEMA.md) through a fresh, temporary database.

    Articles are fed one at a time in file order, as the live bot would see them; for every alert that someone
    following every player would get, one JSON line is printed:

    \b
      {"id": "<article id>", "player": ..., "type": "link", "club": ..., "stage": ...}
      {"id": ..., "player": ..., "type": "contract", "club": ..., "stage": ...}
      {"id": ..., "player": ..., "type": "money", "club": ..., "kind": ..., "amount": ..., "currency": ..., "per": ...}

    The configured database is not touched. Bad lines are reported on stderr and skipped.
    """
    from bot.extraction import default_extractor
    from bot.ingest import ArticleIngestor
    from bot.local_articles import read_jsonl
    from storage.repository import open_scratch_repository

    out = sys.stdout
    with tempfile.TemporaryDirectory(prefix="transferbot-replay-") as scratch:
        repository = open_scratch_repository(Path(scratch) / "replay.db")
        try:
            ingestor = ArticleIngestor(repository, default_extractor())
            progress = ProgressReporter(progress_every)
            for article in read_jsonl(articles, lambda message: click.echo(message, err=True)):
                # Nobody follows anyone in the scratch database: the changes themselves are the alerts.
                result = ingestor.ingest(replace(article.item, alert=False))
                for player in result.changes:
                    for change in player.changes:
                        out.write(json.dumps(change.to_schema_alert(article.label, player.player),
                                             ensure_ascii=False) + "\n")
                progress.advance(result)
            progress.finish()
        finally:
            repository.dispose()
    out.flush()
