"""`transferbot db ...`: the database schema, managed by Alembic migrations."""

from __future__ import annotations

import click

from bot.cli.options import config_option, load_settings_or_exit
from storage.database import create_db_engine, current_revision, downgrade_schema, head_revision, upgrade_schema


@click.group("db")
def command() -> None:
    """Manage the database schema (the bot also upgrades it on start-up)."""


@command.command("upgrade")
@config_option
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(config_path: str | None, revision: str) -> None:
    """Create or upgrade the schema of the configured database."""
    settings = load_settings_or_exit(config_path)
    engine = create_db_engine(settings.database.url)
    before = current_revision(engine)
    upgrade_schema(engine, revision)
    after = current_revision(engine)
    click.echo(f"database schema: {before or 'empty'} -> {after}" if before != after else f"database schema: {after} (up to date)")


@command.command("downgrade")
@config_option
@click.argument("revision")
def downgrade(config_path: str | None, revision: str) -> None:
    """Downgrade the schema to REVISION ("base" drops every table: all data is lost)."""
    settings = load_settings_or_exit(config_path)
    engine = create_db_engine(settings.database.url)
    downgrade_schema(engine, revision)
    click.echo(f"database schema: now at {current_revision(engine) or 'base (empty)'}")


@command.command("status")
@config_option
def status(config_path: str | None) -> None:
    """Show the schema revision of the configured database and the newest one available."""
    settings = load_settings_or_exit(config_path)
    engine = create_db_engine(settings.database.url)
    click.echo(f"current: {current_revision(engine) or 'empty'}\nnewest:  {head_revision(engine)}")
