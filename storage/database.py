"""Opening the database: one engine per URL, SQLite tuned for a long-running bot, schema brought up to date.

SQLite runs in WAL mode with foreign keys on, so the poller, the delivery worker and chat commands can read while
one of them writes, and a deleted chat really takes its subscriptions with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def sqlite_file(url: str) -> Path | None:
    """The file a sqlite URL names; None for other databases, in-memory ones and `file:` URIs.

    Callers that only look (`transferbot doctor`) ask whether it exists before connecting, because connecting
    creates it.
    """
    parsed = make_url(url)
    database = parsed.database
    if not parsed.drivername.startswith("sqlite") or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def display_url(url: str) -> str:
    """The URL with any password masked, fit for output and logs."""
    return make_url(url).render_as_string(hide_password=True)


def _prepare_sqlite_file(url: str) -> None:
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def _tune_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for a sqlite:/// or postgresql+psycopg:// URL (plain postgresql:// is taken to mean psycopg 3)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def alembic_config(engine: Engine) -> Config:
    """Alembic's configuration built in code, so no alembic.ini has to be found on disk at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (idempotent: a current database is left as it is)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade_schema(engine: Engine, revision: str = "base") -> None:
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return _scripts(engine).get_current_head()


def is_known_revision(engine: Engine, revision: str) -> bool:
    """Whether this code's migrations know `revision`; a database migrated by a newer release holds one they do not."""
    from alembic.util import CommandError

    try:
        return _scripts(engine).get_revision(revision) is not None
    except CommandError:
        return False


def _scripts(engine: Engine) -> "ScriptDirectory":
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine))


def open_repository(url: str, *, upgrade: bool = True) -> "Repository":
    """The repository for a database URL, its schema upgraded first (start-up upgrades automatically)."""
    from storage.repository import Repository

    engine = create_db_engine(url)
    if upgrade:
        upgrade_schema(engine)
    return Repository(engine)
