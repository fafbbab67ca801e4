"""`transferbot config ...`: inspect the configuration the bot would run with."""

from __future__ import annotations

import click
import tomli_w

from bot.cli.options import config_option, load_settings_or_exit
from bot.config import masked_dump


@click.group("config")
def command() -> None:
    """Inspect the effective configuration."""


@command.command("check")
@config_option
def check(config_path: str | None) -> None:
    """Validate the configuration and print it as TOML, secrets masked.

    Environment variables (TRANSFERBOT_DATABASE_URL, TRANSFERBOT_TELEGRAM_TOKEN, TRANSFERBOT_DISCORD_TOKEN, ...)
    are applied first, so this shows exactly what `transferbot run` would use. Exits 2 on a bad value.
    """
    settings = load_settings_or_exit(config_path)
    source = config_path or "embedded defaults"
    click.echo(f"# effective configuration ({source}); secrets masked")
    click.echo(tomli_w.dumps(_without_nulls(masked_dump(settings))), nl=False)


def _without_nulls(value):  # type: ignore[no-untyped-def]
    """TOML has no null: drop unset values rather than invent one."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value
