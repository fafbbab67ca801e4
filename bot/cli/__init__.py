"""The `transferbot` command line: every sub-command is registered here, in one place.

Each command lives in its own module under `bot.cli` and exposes a click command named `command`.
"""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="transferbot")
def main() -> None:
    """Transfer-rumour alert bot: follow players, get one alert per genuinely new development.

    \b
    Start here:
      transferbot run            the bot on its embedded defaults (SQLite, the bundled
                                 sample saga, this terminal as the chat; no tokens)
      transferbot config check   what configuration it would run with
      transferbot doctor         whether the database, feeds, tokens and optional
                                 pieces are in order, and what to do if not
    Every command below has its own --help. Those that use the configuration take
    --config FILE (or TRANSFERBOT_CONFIG); see config.example.toml.
    """


def _register() -> None:
    """Attach the sub-commands. Imports are local so `transferbot --help` stays fast."""
    from bot.cli import config, db, doctor, extract, ingest, replay, run, status

    for module in (config, db, doctor, extract, ingest, replay, run, status):
        main.add_command(module.command)


_register()
