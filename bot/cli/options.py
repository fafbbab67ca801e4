"""Options and start-up steps that several commands share: where the configuration comes from, and loading it."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from bot.config import ConfigError, Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])


def config_option(func: F) -> F:
    """`--config FILE`, defaulting to $TRANSFERBOT_CONFIG; with neither, the embedded defaults are used."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=lambda: os.environ.get("TRANSFERBOT_CONFIG") or None,
        help="Configuration file (TOML). Default: $TRANSFERBOT_CONFIG, else the embedded defaults "
        "(SQLite in ./data, the bundled sample feed, console chat).",
    )(func)


def load_settings_or_exit(config_path: str | None) -> Settings:
    """Load the configuration; on a bad value print the one promised line and exit with status 2."""
    try:
        return load_settings(config_path)
    except ConfigError as exc:
        raise click.exceptions.Exit(_fail(f"configuration error: {exc}")) from None


def _fail(message: str) -> int:
    click.echo(message, err=True)
    return 2
