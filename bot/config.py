"""Configuration: a TOML file validated by pydantic, with secrets and the database URL overridable from the environment.

Why pydantic: operators get one precise line naming the bad key instead of a traceback deep inside the bot, and the
rest of the code can trust the types it is handed. The defaults are the embedded configuration the bot runs on with
no file at all (SQLite, the bundled sample feed, the console chat); `config.example.toml` mirrors them key for key,
and a test keeps the two in step.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

#: The bundled sample feed: a pseudo-URL resolved to the Atom file shipped inside the package.
SAMPLE_FEED_URL = "bundled:sample-saga"

ENV_PREFIX = "TRANSFERBOT_"
#: Environment variables that override a key, and the key they override.
ENV_OVERRIDES: dict[str, tuple[str, str]] = {
    "TRANSFERBOT_DATABASE_URL": ("database", "url"),
    "TRANSFERBOT_TELEGRAM_TOKEN": ("telegram", "token"),
    "TRANSFERBOT_TELEGRAM_BASE_URL": ("telegram", "base_url"),
    "TRANSFERBOT_TELEGRAM_WEBHOOK_SECRET": ("telegram", "webhook_secret"),
    "TRANSFERBOT_DISCORD_TOKEN": ("discord", "token"),
}
SECRET_KEYS = {("telegram", "token"), ("telegram", "webhook_secret"), ("discord", "token")}

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ConfigError(Exception):
    """A configuration problem, already phrased as the one line an operator should see."""


def parse_duration(value: Any) -> float:
    """Seconds from "90s", "5m", "1h30m", "2d" or a bare number of seconds."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as \"5m\"")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower()
        if not text or not re.fullmatch(r"(?:\d+(?:\.\d+)?\s*[smhd]\s*)+", text):
            raise ValueError(f"{value!r} is not a duration: use a number and s, m, h or d, e.g. \"5m\"")
        seconds = sum(float(n) * _UNIT_SECONDS[u] for n, u in _DURATION_PART.findall(text))
    else:
        raise ValueError("expected a duration such as \"5m\"")
    if seconds <= 0:
        raise ValueError("must be longer than zero")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatabaseConfig(_Section):
    url: str = "sqlite:///data/transferbot.db"

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, url: str) -> str:
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", url):
            raise ValueError(f"{url!r} is not supported: use sqlite:///path.db or postgresql+psycopg://user@host/db")
        return url


class FeedConfig(_Section):
    name: str = Field(min_length=1, max_length=200)
    url: str
    interval: Duration = 300.0

    @field_validator("url")
    @classmethod
    def _fetchable(cls, url: str) -> str:
        if url != SAMPLE_FEED_URL and not re.match(r"^(https?|file)://", url):
            raise ValueError(f"{url!r} must start with http://, https:// or file:// (or be {SAMPLE_FEED_URL!r})")
        return url


class FeedsPolicyConfig(_Section):
    """Limits on fetching feeds and article pages, and when a failing feed is given up on."""

    allow_private_addresses: bool = False
    max_feed_bytes: int = Field(default=5_000_000, gt=0)
    max_page_bytes: int = Field(default=2_000_000, gt=0)
    connect_timeout: Duration = 10.0
    read_timeout: Duration = 20.0
    total_timeout: Duration = 60.0
    max_redirects: int = Field(default=5, ge=0, le=20)
    max_failures: int = Field(default=8, ge=1)
    max_article_age: Duration = 30 * 86400.0
    teaser_chars: int = Field(default=400, ge=0)
    page_fetches_per_host: int = Field(default=2, ge=1)


class TelegramConfig(_Section):
    token: str = ""
    base_url: str = ""
    admins: list[int] = Field(default_factory=list)
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_secret: str = Field(default="", pattern=r"^[A-Za-z0-9_-]{0,256}$")
    webhook_listen: str = "127.0.0.1:8443"

    @field_validator("base_url")
    @classmethod
    def _http_base(cls, url: str) -> str:
        if url and not re.match(r"^https?://", url):
            raise ValueError(f"{url!r} must be an http(s):// URL such as http://127.0.0.1:8081/bot")
        return url

    @field_validator("webhook_url")
    @classmethod
    def _https_webhook(cls, url: str) -> str:
        if url and not re.match(r"^https://[^/\s]+", url):
            raise ValueError(f"{url!r} must be the public https:// URL Telegram posts updates to")
        return url

    @field_validator("webhook_listen")
    @classmethod
    def _host_port(cls, listen: str) -> str:
        host, _, port = listen.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"{listen!r} must be HOST:PORT, e.g. \"127.0.0.1:8443\"")
        return listen

    @model_validator(mode="after")
    def _webhook_needs_url(self) -> "TelegramConfig":
        if self.mode == "webhook" and not self.webhook_url:
            raise ValueError("mode \"webhook\" needs webhook_url (the public https:// URL Telegram posts to)")
        return self


class DiscordConfig(_Section):
    token: str = ""
    admins: list[int] = Field(default_factory=list)
    admin_guild_id: int = Field(default=0, ge=0)
    sync_guild_id: int = Field(default=0, ge=0)
    shards: int | Literal["auto"] = 0
    api_base_url: str = ""
    gateway_url: str = ""

    @field_validator("shards", mode="before")
    @classmethod
    def _shard_count(cls, shards: Any) -> Any:
        if shards != "auto" and (isinstance(shards, bool) or not isinstance(shards, int) or shards < 0):
            raise ValueError(f'{shards!r}: use 0 (one connection), a shard count such as 4, or "auto"')
        return shards

    @field_validator("api_base_url", "gateway_url")
    @classmethod
    def _server_url(cls, url: str, info: ValidationInfo) -> str:
        scheme, example = ("http", "http://127.0.0.1:8080/api/v10") if info.field_name == "api_base_url" \
            else ("ws", "ws://127.0.0.1:8080/gateway")
        if url and not re.match(rf"^{scheme}s?://", url):
            raise ValueError(f"{url!r} must be a {scheme}:// or {scheme}s:// URL such as {example}")
        return url.rstrip("/")


def _default_feeds() -> list[FeedConfig]:
    return [FeedConfig(name="Sample saga", url=SAMPLE_FEED_URL, interval=2.0)]


class Settings(_Section):
    """The whole effective configuration."""

    database: DatabaseConfig = Field(default_factory=DatabaseConfig)
    feeds: list[FeedConfig] = Field(default_factory=_default_feeds)
    feeds_policy: FeedsPolicyConfig = Field(default_factory=FeedsPolicyConfig)
    telegram: TelegramConfig = Field(default_factory=TelegramConfig)
    discord: DiscordConfig = Field(default_factory=DiscordConfig)


def _describe(error: dict[str, Any]) -> str:
    location = ""
    for part in error.get("loc", ()):
        location += f"[{part}]" if isinstance(part, int) else (f".{part}" if location else str(part))
    message = str(error.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ")
    if error.get("type") == "extra_forbidden":
        message = "unknown key (check the spelling against config.example.toml)"
    return f"{location or 'config'}: {message}"


def _apply_environment(raw: dict[str, Any], environ: dict[str, str]) -> dict[str, Any]:
    for variable, (section, key) in ENV_OVERRIDES.items():
        value = environ.get(variable)
        if value:
            raw.setdefault(section, {})
            if not isinstance(raw[section], dict):
                raise ConfigError(f"{section}: must be a table ([{section}])")
            raw[section][key] = value
    return raw


def load_settings(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Read, merge with the environment and validate; raise ConfigError with one readable line on any problem."""
    environ = dict(os.environ if environ is None else environ)
    raw: dict[str, Any] = {}
    if path is not None:
        path = Path(path)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no such configuration file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read it ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    raw = _apply_environment(raw, environ)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        where = f"{path}: " if path is not None else ""
        raise ConfigError(f"{where}{_describe(first)}{suffix}") from None


def mask_secret(value: str) -> str:
    """Enough of a secret to recognise which one is set, never enough to use it."""
    if not value:
        return ""
    return "****" + value[-4:] if len(value) >= 12 else "****"


def masked_dump(settings: Settings) -> dict[str, Any]:
    """The settings as plain data with every secret masked, for `config check` and logs."""
    data = settings.model_dump()
    for section, key in SECRET_KEYS:
        if section in data and data[section].get(key):
            data[section][key] = mask_secret(data[section][key])
    return data
