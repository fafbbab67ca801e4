"""Fixtures shared by the whole suite: a real database on SQLite and, when one is configured, PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from storage.database import create_db_engine, upgrade_schema
from storage.repository import Repository

POSTGRES_ENV = "TRANSFERBOT_TEST_POSTGRES_URL"
POSTGRES_SKIP_REASON = (
    f"no PostgreSQL configured: set {POSTGRES_ENV}=postgresql+psycopg://postgres@127.0.0.1:5432/transferbot_test "
    "(an empty, throw-away database; `bash .ci/run` creates one) to run the PostgreSQL tests"
)
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO_ROOT.parent / "shared" / "eval"


def _reset_postgres(url: str) -> None:
    """Drop everything in the public schema so each test starts from an empty database."""
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind; PostgreSQL only where TRANSFERBOT_TEST_POSTGRES_URL names one."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'transferbot.db'}"
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(POSTGRES_SKIP_REASON)
    _reset_postgres(url)
    yield url


@pytest.fixture
def repository(database_url: str) -> Iterator[Repository]:
    """A repository on a freshly migrated database of each kind."""
    engine = create_db_engine(database_url)
    upgrade_schema(engine)
    repo = Repository(engine)
    yield repo
    repo.dispose()


@pytest.fixture
def sqlite_repository(tmp_path: Path) -> Iterator[Repository]:
    """A migrated SQLite repository, for tests whose subject is not the database."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    upgrade_schema(engine)
    repo = Repository(engine)
    yield repo
    repo.dispose()


def table_names(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
