"""The command line as an operator meets it: help texts, config check, schema management."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from tests.conftest import REPO_ROOT, table_names


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env or {}, catch_exceptions=False)


def test_help_lists_every_command_with_a_description() -> None:
    result = _run("--help")
    assert result.exit_code == 0
    commands = {name: cmd for name, cmd in main.commands.items()}
    assert {"config", "db"} <= set(commands)
    for name, cmd in commands.items():
        assert name in result.output
        assert cmd.get_short_help_str(), f"{name} has no one-line description"


def test_every_command_has_help() -> None:
    for name, cmd in main.commands.items():
        assert _run(name, "--help").exit_code == 0
        for sub in getattr(cmd, "commands", {}):
            assert _run(name, sub, "--help").exit_code == 0


def test_config_check_prints_effective_config_with_secrets_masked() -> None:
    result = _run(
        "config", "check", "--config", str(REPO_ROOT / "config.example.toml"),
        env={"TRANSFERBOT_TELEGRAM_TOKEN": "123456789:SECRETSECRETWXYZ"},
    )
    assert result.exit_code == 0, result.output
    assert 'url = "sqlite:///data/transferbot.db"' in result.output
    assert "****WXYZ" in result.output and "SECRETSECRET" not in result.output


def test_config_check_bad_value_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[feeds]]\nname = "x"\nurl = "https://x.org"\ninterval = "-5m"\n')
    result = CliRunner().invoke(main, ["config", "check", "--config", str(path)], env={})
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "feeds[0].interval" in lines[0] and "Traceback" not in result.output


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = _run("db", "upgrade", env={"TRANSFERBOT_DATABASE_URL": url})
    assert result.exit_code == 0 and "empty ->" in result.output
    assert "alerts" in table_names(url)
    assert "up to date" in _run("db", "upgrade", env={"TRANSFERBOT_DATABASE_URL": url}).output
    assert "current:" in _run("db", "status", env={"TRANSFERBOT_DATABASE_URL": url}).output
    assert "base" in _run("db", "downgrade", "base", env={"TRANSFERBOT_DATABASE_URL": url}).output
    assert "alerts" not in table_names(url)
