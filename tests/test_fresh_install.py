"""A fresh virtual environment, with the pip its Python ships and no upgrade first, installs a bot that starts.

Why: issue 12. Python 3.11's venv brings pip 23.2, which did not follow jusText's `lxml[html_clean]` to lxml 6's
renamed extra; `pip install` succeeded and `transferbot run` died importing `lxml.html.clean`. Since the full-text
extractor became optional the bot would start regardless, so the test also asks that it started *with* full text.

The project is copied first (only what a build reads) and installed from the copy, so the build leaves nothing in
the working tree, and the bot runs in a temporary directory, where its embedded defaults put `data/`. Marked
`slow` (every dependency is installed; pip's cache helps on a second run) and part of the default run, so CI runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.feeds.sample import SAMPLE_PLAYER
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

#: What building the package reads: its metadata, the readme it names, and the packages it ships.
BUILD_INPUTS = ("pyproject.toml", "README.md", "bot", "adapters", "storage")


def _env() -> dict[str, str]:
    """This environment minus anything that could point the fresh install back at the working tree."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("TRANSFERBOT_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the project installed by the venv's own pip; its bin directory."""
    root = tmp_path_factory.mktemp("fresh-install")
    source = root / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        origin = REPO_ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, source / name)
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, env=_env(), timeout=300)
    bin_dir = root / "venv" / "bin"
    pip_version = subprocess.run([str(bin_dir / "pip"), "--version"], capture_output=True, text=True, env=_env(),
                                 timeout=60).stdout.strip()
    done = subprocess.run([str(bin_dir / "pip"), "install", "-q", str(source)], capture_output=True, text=True,
                          env=_env(), timeout=840)
    assert done.returncode == 0, f"{pip_version}\n{done.stderr[-3000:]}"
    return bin_dir


def test_fresh_install_runs_with_full_text(fresh_venv: Path, tmp_path: Path) -> None:
    script = tmp_path / "commands.txt"  # a script, not the keyboard, so the bot runs until --exit-after
    script.write_text(f"/follow {SAMPLE_PLAYER}\n/following\n", encoding="utf-8")
    done = subprocess.run([str(fresh_venv / "transferbot"), "run", "--console", "--commands", str(script),
                           "--exit-after", "5s"], cwd=tmp_path, env=_env(), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "transferbot console" in done.stdout and f"Following: {SAMPLE_PLAYER}" in done.stdout, done.stdout
    assert "Traceback" not in done.stderr and "full_text_disabled" not in done.stderr, done.stderr
    assert (tmp_path / "data" / "transferbot.db").exists()


def test_fresh_install_doctor_finds_nothing_failing(fresh_venv: Path, tmp_path: Path) -> None:
    done = subprocess.run([str(fresh_venv / "transferbot"), "doctor"], cwd=tmp_path, env=_env(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert any(line.startswith("ok") and "full-text extractor" in line for line in done.stdout.splitlines()), \
        done.stdout
