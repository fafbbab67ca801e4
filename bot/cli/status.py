"""`transferbot status`: a player's current picture, as the chat /status command shows it."""

from __future__ import annotations

import json

import click

from bot.cli.options import config_option, load_settings_or_exit


@click.command("status")
@click.argument("name")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the structured view (StatusView) as JSON.")
def command(name: str, config_path: str | None, as_json: bool) -> None:
    """Show what is known about the player NAME (fuzzy: "rudiger", "Rudigr" and "Antonio Rüdiger" all work).

    Clubs by stage then recency (stage, last report, number of outlets, most-cited source), contract reports with
    their sources, money figures, and the last five changes. Exits 1 when no player, or several, match NAME.
    """
    from bot.commands import ChatCommands, ChatRef
    from storage.database import open_repository

    settings = load_settings_or_exit(config_path)
    repository = open_repository(settings.database.url)
    try:
        reply = ChatCommands(repository).status(ChatRef(platform="console", chat_id="cli"), name)
    finally:
        repository.dispose()
    if reply.status is None:
        click.echo(reply.text, err=True)
        raise click.exceptions.Exit(1)
    click.echo(json.dumps(reply.status.to_dict(), ensure_ascii=False, indent=2) if as_json else reply.text)
