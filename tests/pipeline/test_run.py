"""`transferbot run` end to end on the embedded defaults: a scripted console follows the sample player and receives
alerts; SIGTERM stops the bot cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.feeds.sample import SAMPLE_PLAYER

TRANSFERBOT = [str(Path(sys.executable).with_name("transferbot"))]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSFERBOT_")}
    env["TRANSFERBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'bot.db'}"
    return env


def test_scripted_console_follows_the_sample_player_and_gets_alerts(tmp_path: Path) -> None:
    script = tmp_path / "commands.txt"
    script.write_text(f"/help\n/follow {SAMPLE_PLAYER}\n/following\n", encoding="utf-8")
    done = subprocess.run([*TRANSFERBOT, "run", "--commands", str(script), "--exit-after", "20s"], cwd=tmp_path,
                          env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"/follow {SAMPLE_PLAYER}" in out  # the banner and /help name the sample player
    assert f"Following: {SAMPLE_PLAYER}" in out
    alerts = [block for block in out.split("🔔 ")[1:]]
    assert len(alerts) >= 2, out
    assert all(block.startswith(SAMPLE_PLAYER) for block in alerts)
    assert "Traceback" not in done.stderr


def test_sigterm_stops_cleanly(tmp_path: Path) -> None:
    process = subprocess.Popen([*TRANSFERBOT, "run", "--commands", "-"], cwd=tmp_path, env=_env(tmp_path),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdin is not None
    assert "transferbot console" in process.stdout.readline()
    process.stdin.write("/feeds\n")
    process.stdin.flush()
    try:
        seen = [process.stdout.readline()]
        while "Sample saga" not in seen[-1] and seen[-1]:  # the /feeds answer lists the bundled feed
            seen.append(process.stdout.readline())
        assert "Sample saga" in seen[-1], seen
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0 and "Traceback" not in err
    assert (tmp_path / "bot.db").exists()
