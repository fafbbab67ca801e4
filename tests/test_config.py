"""Configuration: the embedded defaults, environment overrides, and one clear line for every bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings, mask_secret, masked_dump, parse_duration
from tests.conftest import REPO_ROOT


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_is_exactly_the_embedded_defaults() -> None:
    """config.example.toml documents the defaults; if one changes without the other, this fails."""
    assert load_settings(REPO_ROOT / "config.example.toml", environ={}) == Settings()


@pytest.mark.parametrize(
    ("text", "seconds"), [("2s", 2), ("5m", 300), ("1h30m", 5400), ("1d", 86400), (45, 45), ("0.5s", 0.5)]
)
def test_durations(text, seconds) -> None:
    assert parse_duration(text) == seconds


def test_environment_overrides_secrets_and_database(tmp_path: Path) -> None:
    path = _write(tmp_path, '[telegram]\ntoken = "from-file"\nadmins = [1, 2]\n')
    settings = load_settings(
        path,
        environ={
            "TRANSFERBOT_TELEGRAM_TOKEN": "123456:from-environment",
            "TRANSFERBOT_DATABASE_URL": "postgresql+psycopg://bot@db/transfers",
            "TRANSFERBOT_DISCORD_TOKEN": "discord-secret-token",
        },
    )
    assert settings.telegram.token == "123456:from-environment"
    assert settings.telegram.admins == [1, 2]
    assert settings.database.url == "postgresql+psycopg://bot@db/transfers"
    assert settings.discord.token == "discord-secret-token"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[feeds]]\nname = "x"\nurl = "https://x.org/rss"\ninterval = "soon"\n', "feeds[0].interval: 'soon' is not a duration"),
        ('[[feeds]]\nname = "x"\nurl = "ftp://x.org/rss"\n', "feeds[0].url: 'ftp://x.org/rss' must start with http://"),
        ('[[feeds]]\nurl = "https://x.org/rss"\n', "feeds[0].name: Field required"),
        ('[database]\nurl = "mysql://x"\n', "database.url: 'mysql://x' is not supported"),
        ('[telegram]\nadmins = ["bob"]\n', "telegram.admins[0]: Input should be a valid integer"),
        ('[telegram]\ntokn = "x"\n', "telegram.tokn: unknown key"),
        ('[telegram]\nbase_url = "localhost:8081"\n', "telegram.base_url: 'localhost:8081' must be an http(s):// URL"),
        ("[database\n", "not valid TOML"),
    ],
)
def test_bad_values_give_one_line_naming_the_key(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message and message.startswith(str(path))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_settings(tmp_path / "absent.toml", environ={})


def test_secrets_are_masked_in_dumps() -> None:
    settings = load_settings(None, environ={"TRANSFERBOT_TELEGRAM_TOKEN": "123456789:ABCDEFGHIJKLMNOP"})
    dumped = masked_dump(settings)
    assert dumped["telegram"]["token"] == "****MNOP"
    assert "ABCDEFGH" not in str(dumped)
    assert mask_secret("short") == "****" and mask_secret("") == ""
