"""`transferbot doctor`: check that this installation and configuration can run the bot, one line per check."""

from __future__ import annotations

import asyncio

import click

from bot.cli.options import config_option, load_settings_or_exit


@click.command("doctor")
@config_option
def doctor(config_path: str | None) -> None:
    """Check the database, each configured feed, the chat tokens' shape and the optional pieces.

    Prints one line per check: ok, warn or fail, what was checked, and what to do when it is not ok. Nothing is
    changed: the schema is not upgraded, tokens are not sent to Telegram or Discord (and are shown masked). Exits 1
    when a check fails (warnings do not count), 2 on a bad configuration value.
    """
    from bot.doctor import any_failed, run_checks

    settings = load_settings_or_exit(config_path)
    results = asyncio.run(run_checks(settings))
    for result in results:
        line = f"{result.status:<4}  {result.subject}: {result.detail}"
        click.echo(line if result.fix is None else f"{line} → {result.fix}")
    if any_failed(results):
        raise click.exceptions.Exit(1)


command = doctor
