"""The schema is owned by Alembic: it must build an empty database, tear it down, and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.database import create_db_engine, current_revision, downgrade_schema, head_revision, upgrade_schema
from tests.conftest import table_names

DOMAIN_TABLES = {"feeds", "articles", "claims", "players", "chats", "subscriptions", "alerts", "player_changes"}


def test_upgrade_builds_every_table_then_downgrade_removes_them(database_url: str) -> None:
    engine = create_db_engine(database_url)
    assert current_revision(engine) is None
    upgrade_schema(engine)
    assert current_revision(engine) == head_revision(engine)
    assert DOMAIN_TABLES <= table_names(database_url)
    downgrade_schema(engine, "base")
    assert current_revision(engine) is None
    assert not (DOMAIN_TABLES & table_names(database_url))
    engine.dispose()


def test_upgrade_twice_is_harmless(database_url: str) -> None:
    engine = create_db_engine(database_url)
    upgrade_schema(engine)
    upgrade_schema(engine)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_models_match_the_migrations(database_url: str) -> None:
    """A model changed without a migration (or the reverse) shows up here as a difference."""
    engine = create_db_engine(database_url)
    upgrade_schema(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'nested' / 'bot.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "nested").is_dir()
    engine.dispose()
