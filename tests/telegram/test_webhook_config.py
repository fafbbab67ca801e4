"""The [telegram] webhook keys: validated at start-up, the secret overridable from the environment and masked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, masked_dump


def _load(tmp_path: Path, text: str, environ: dict[str, str] | None = None):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path, environ=environ or {})


def test_webhook_mode_with_url_secret_and_listen_address(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        '[telegram]\nmode = "webhook"\nwebhook_url = "https://bot.example.org/telegram"\n'
        'webhook_listen = "0.0.0.0:9000"\n',
        environ={"TRANSFERBOT_TELEGRAM_WEBHOOK_SECRET": "s3cret-token_value"},
    )
    assert settings.telegram.mode == "webhook"
    assert settings.telegram.webhook_secret == "s3cret-token_value"
    assert masked_dump(settings)["telegram"]["webhook_secret"] == "****alue"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[telegram]\nmode = "webhook"\n', 'telegram: mode "webhook" needs webhook_url'),
        ('[telegram]\nmode = "push"\n', "telegram.mode: Input should be 'polling' or 'webhook'"),
        ('[telegram]\nwebhook_url = "http://plain.example.org/x"\n', "telegram.webhook_url: 'http://plain"),
        ('[telegram]\nwebhook_listen = "8443"\n', "telegram.webhook_listen: '8443' must be HOST:PORT"),
        ('[telegram]\nwebhook_secret = "has spaces"\n', "telegram.webhook_secret: String should match pattern"),
    ],
)
def test_bad_webhook_values_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    assert expected in str(caught.value)
