"""The [discord] configuration keys: what they accept, and one clear line naming the key for what they do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def _load(tmp_path: Path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, environ={})


def test_discord_keys_are_read(tmp_path: Path) -> None:
    settings = _load(tmp_path, '[discord]\ntoken = "t"\nadmins = [42]\nadmin_guild_id = 7\nsync_guild_id = 9\n'
                               'shards = "auto"\napi_base_url = "http://127.0.0.1:8080/api/v10/"\n'
                               'gateway_url = "ws://127.0.0.1:8080/gateway"\n')
    discord = settings.discord
    assert (discord.admins, discord.admin_guild_id, discord.sync_guild_id, discord.shards) == ([42], 7, 9, "auto")
    assert discord.api_base_url == "http://127.0.0.1:8080/api/v10"
    assert _load(tmp_path, "[discord]\nshards = 4\n").discord.shards == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('shards = "many"', "discord.shards: 'many': use 0 (one connection), a shard count such as 4, or \"auto\""),
        ("shards = -2", "discord.shards: -2: use 0"),
        ('gateway_url = "http://127.0.0.1/gateway"', "discord.gateway_url: 'http://127.0.0.1/gateway' must be a ws://"),
        ('api_base_url = "127.0.0.1:8080"', "discord.api_base_url: '127.0.0.1:8080' must be a http://"),
        ('admins = ["bob"]', "discord.admins[0]: Input should be a valid integer"),
        ("sync_guild_id = -1", "discord.sync_guild_id: Input should be greater than or equal to 0"),
    ],
)
def test_bad_discord_values_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, f"[discord]\n{text}\n")
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)
