"""`transferbot ingest`: read local article files into the configured database, queuing alerts for followers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from bot.cli.options import config_option, load_settings_or_exit
from bot.cli.progress import ProgressReporter


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@click.option("--no-alerts", is_flag=True, help="Record articles and update players without queuing alerts.")
@click.option("--progress-every", type=click.IntRange(min=0), default=500, show_default=True,
              help="Report progress on stderr every N articles (0: never).")
def command(paths: tuple[Path, ...], config_path: str | None, no_alerts: bool, progress_every: int) -> None:
    """Ingest local articles from PATHS into the configured database.

    Each PATH is one of:

    \b
      - JSON lines (.jsonl), one article a line: id, url, published (YYYY-MM-DD), text, optional title/outlet;
      - a plain-text article whose first word is `date YYYY-MM-DD`, followed by its text;
      - an RSS or Atom file.

    Every article goes through extraction, player identity and the diff in its own transaction; alerts are queued
    for the chats following the players concerned. Articles already stored (same id/guid, URL or text) are counted
    as seen and change nothing, so ingesting a file twice queues nothing the second time. Bad lines or files are
    reported on stderr and skipped. Ends with a summary line.
    """
    from bot.extraction import default_extractor
    from bot.ingest import ArticleIngestor
    from bot.local_articles import ArticleFileError, read_article_file
    from storage.database import open_repository

    settings = load_settings_or_exit(config_path)
    repository = open_repository(settings.database.url)
    progress = ProgressReporter(progress_every)
    failures = 0

    def report(message: str) -> None:
        nonlocal failures
        failures += 1
        click.echo(message, err=True)

    try:
        ingestor = ArticleIngestor(repository, default_extractor())
        for path in paths:
            try:
                for article in read_article_file(path, report):
                    item = replace(article.item, alert=False) if no_alerts else article.item
                    progress.advance(ingestor.ingest(item))
            except (ArticleFileError, OSError) as exc:
                report(f"{exc}; skipped")
    finally:
        repository.dispose()
    click.echo(progress.summary() + (f"; {failures} skipped with errors" if failures else ""))

