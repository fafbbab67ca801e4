"""`transferbot run`: start the bot — polling, delivery and every chat adapter configured — until stopped."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

import click

from bot.cli.options import config_option, load_settings_or_exit
from bot.config import ConfigError, parse_duration

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _duration(_ctx: click.Context, _param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("run")
@config_option
@click.option("--console", "force_console", is_flag=True,
              help="Open the console chat even when Telegram or Discord tokens are configured.")
@click.option("--commands", "commands_path", metavar="FILE|-",
              help="Read console commands from FILE (or stdin for -) instead of the keyboard, for scripts.")
@click.option("--exit-after", callback=_duration, metavar="DURATION",
              help='Stop after this long, e.g. "40s" (scripts and tests).')
@click.option("--log-level", type=click.Choice(LOG_LEVELS, case_sensitive=False),
              help="Default: INFO, or WARNING when the console chat shares the terminal.")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write logs to this file instead of stderr.")
def run(config_path: str | None, force_console: bool, commands_path: str | None, exit_after: float | None,
        log_level: str | None, log_file: Path | None) -> None:
    """Run the bot: poll the feeds, send alerts, answer chat commands. Ctrl-C stops it cleanly.

    With no Telegram or Discord token configured, this terminal becomes the chat: type /follow NAME and alerts are
    printed as they arrive (the bundled sample feed plays a fictional saga within a minute). The database schema is
    upgraded on start-up; logs are key=value lines, tokens never included.
    """
    from bot.app import App, RunOptions, has_chat_tokens
    from bot.logging_setup import configure_logging

    settings = load_settings_or_exit(config_path)
    console = force_console or not has_chat_tokens(settings)
    configure_logging(log_level or ("WARNING" if console and log_file is None else "INFO"), log_file=log_file,
                      secrets=[settings.telegram.token, settings.discord.token])
    source: TextIO | None = None
    if commands_path == "-":
        source = sys.stdin
    elif commands_path:
        try:
            source = open(commands_path, encoding="utf-8")  # noqa: SIM115 (read by the console's input thread)
        except OSError as exc:
            raise click.BadParameter(f"cannot read {commands_path}: {exc.strerror}", param_hint="--commands")
    try:
        asyncio.run(App(settings, RunOptions(force_console, source, exit_after)).run())
    except KeyboardInterrupt:
        pass
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


command = run
