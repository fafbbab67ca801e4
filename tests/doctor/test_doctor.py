"""`transferbot doctor`: each check against the real thing (SQLite files, feeds on a local server, token strings),
then the command as an operator runs it."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from bot.cli import main
from bot.config import SAMPLE_FEED_URL, FeedConfig, FeedsPolicyConfig
from bot.doctor import (
    DISCORD_TOKEN,
    TELEGRAM_TOKEN,
    check_database,
    check_feed,
    check_full_text,
    check_token,
)
from bot.feeds.fetch import Fetcher
from bot.feeds.sample import SampleSaga
from storage.database import create_db_engine, upgrade_schema
from tests.feeds.feed_server import FeedServer
from tests.pipeline.test_poller import story

POLICY = FeedsPolicyConfig(connect_timeout=2, read_timeout=2, total_timeout=5)
#: Shaped like BotFather's tokens and Discord's, and valid for neither.
TELEGRAM_LIKE = "123456789:" + "A" * 31 + "wxyz"
DISCORD_LIKE = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE." + "s" * 34 + "WXYZ"


def _migrated(path: Path, revision: str = "head") -> str:
    url = f"sqlite:///{path}"
    engine = create_db_engine(url)
    upgrade_schema(engine, revision)
    engine.dispose()
    return url


def test_database_at_the_newest_schema_is_ok(tmp_path: Path) -> None:
    result = check_database(_migrated(tmp_path / "bot.db"))
    assert result.status == "ok" and result.fix is None


def test_missing_sqlite_file_is_a_warning_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "bot.db"
    result = check_database(f"sqlite:///{path}")
    assert result.status == "warn" and "does not exist" in result.detail and "db upgrade" in (result.fix or "")
    assert not path.parent.exists()


def test_database_behind_the_newest_schema_is_a_warning_naming_both(tmp_path: Path) -> None:
    result = check_database(_migrated(tmp_path / "bot.db", "0002"))
    assert result.status == "warn" and "0002" in result.detail and "0003" in result.detail
    assert "transferbot db upgrade" in (result.fix or "")


def test_empty_database_is_a_warning(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE unrelated (id INTEGER)"))
    engine.dispose()
    result = check_database(url)
    assert result.status == "warn" and "no schema" in result.detail


def test_schema_from_a_newer_release_fails(tmp_path: Path) -> None:
    url = _migrated(tmp_path / "bot.db")
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    result = check_database(url)
    assert result.status == "fail" and "0099" in result.detail and "upgrade transferbot" in (result.fix or "")


def test_a_file_that_is_not_a_database_fails(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    path.write_bytes(b"this is a text file, not SQLite " * 100)
    result = check_database(f"sqlite:///{path}")
    assert result.status == "fail" and "not a database" in result.detail and "database.url" in (result.fix or "")


def test_password_in_a_database_url_is_masked(tmp_path: Path) -> None:
    result = check_database("postgresql+psycopg://bot:hunter2@127.0.0.1:1/transferbot?connect_timeout=1")
    assert result.status == "fail" and "hunter2" not in f"{result.subject} {result.detail}"


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    client = Fetcher({SAMPLE_FEED_URL: SampleSaga().render})
    yield client
    await client.aclose()


async def test_feeds_are_fetched_and_parsed(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.feeds["news"] = ("News", [story(1, "Arsenal are monitoring Nico Halvorsen."), story(2, "More.")])
    feeds = {"good": FeedConfig(name="News", url=feed_server.url("/feed/news.xml")),
             "down": FeedConfig(name="Down", url=feed_server.url("/error500")),
             "page": FeedConfig(name="Page", url=feed_server.url("/malformed")),
             "sample": FeedConfig(name="Sample", url=SAMPLE_FEED_URL)}
    results = {key: await check_feed(feed, POLICY, fetcher) for key, feed in feeds.items()}
    assert {key: result.status for key, result in results.items()} == {
        "good": "ok", "down": "fail", "page": "fail", "sample": "ok"}
    assert "2 entries" in results["good"].detail
    assert "HTTP 500" in results["down"].detail and "isn't an RSS or Atom feed" in results["page"].detail
    assert "/feed/news.xml" in results["good"].subject


def test_tokens_are_shape_checked_and_shown_masked() -> None:
    good_telegram = check_token("telegram", TELEGRAM_LIKE, TELEGRAM_TOKEN, "telegram.token")
    good_discord = check_token("discord", DISCORD_LIKE, DISCORD_TOKEN, "discord.token")
    assert (good_telegram.status, good_discord.status) == ("ok", "ok")
    bad = {
        "a discord token given to telegram": check_token("telegram", DISCORD_LIKE, TELEGRAM_TOKEN, "telegram.token"),
        "an application id": check_token("discord", "112233445566778899", DISCORD_TOKEN, "discord.token"),
        "a pasted line break": check_token("telegram", TELEGRAM_LIKE + "\n", TELEGRAM_TOKEN, "telegram.token"),
    }
    assert {case: result.status for case, result in bad.items()} == dict.fromkeys(bad, "fail")
    assert "line break" in bad["a pasted line break"].detail
    for result in (good_telegram, good_discord, *bad.values()):
        shown = f"{result.subject} {result.detail} {result.fix}"
        assert "AAAAAAAA" not in shown and "ssssssss" not in shown and "112233445566" not in shown
    assert "****wxyz" in good_telegram.subject


def test_full_text_extractor_that_does_not_import_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    assert check_full_text().status == "ok"
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    result = check_full_text()
    assert result.status == "warn" and "trafilatura" in result.detail and "lxml_html_clean" in (result.fix or "")


def _doctor(config: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["doctor", "--config", str(config)], env={}, catch_exceptions=False)
    return result.exit_code, result.output.splitlines()


def test_doctor_prints_one_line_per_check_and_fails_on_a_bad_token(tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.feeds["news"] = ("News", [story(1, "Arsenal are monitoring Nico Halvorsen.")])
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "{_migrated(tmp_path / "bot.db")}"\n'
        f'[[feeds]]\nname = "News"\nurl = "{feed_server.url("/feed/news.xml")}"\n'
        f'[[feeds]]\nname = "Sample"\nurl = "{SAMPLE_FEED_URL}"\n'
        '[telegram]\ntoken = "not-a-token-at-all-SECRET"\n', encoding="utf-8")
    code, lines = _doctor(config)
    assert code == 1
    assert [line.split()[0] for line in lines] == ["ok", "ok", "ok", "fail", "ok"]
    assert "database" in lines[0] and "News" in lines[1] and "Sample" in lines[2] and "full-text" in lines[4]
    assert "telegram token ****CRET" in lines[3] and "→" in lines[3] and "not-a-token" not in "\n".join(lines)


def test_doctor_exits_zero_when_only_warnings(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "later.db"}"\n', encoding="utf-8")
    code, lines = _doctor(config)
    assert code == 0
    assert [line.split()[0] for line in lines] == ["warn", "ok", "ok"]
    assert not (tmp_path / "later.db").exists()
