"""Structured logs: one line per event, `key=value` pairs, to stderr or a file — and never a token.

Log calls write `event=feed_polled feed=3 new=2`; the formatter puts the time, level and logger in front. A filter
on the handler replaces every configured secret (bot tokens appear inside Telegram API URLs that HTTP libraries log)
before a line is written anywhere.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path

FORMAT = "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"
#: Libraries whose INFO lines are per-request noise (and may carry tokens in URLs).
NOISY = ("httpx", "httpcore", "apscheduler.executors.default", "apscheduler.scheduler", "telegram.ext", "discord")


class SecretRedactor(logging.Filter):
    """Replaces each secret in a record's rendered message (and traceback) with `****`."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, "****")
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "****")
        record.msg, record.args = message, None
        return True


def configure_logging(level: str = "INFO", *, log_file: Path | None = None, secrets: Iterable[str] = ()) -> None:
    """Send the bot's logs to `log_file` (created with its folder) or stderr, at `level`, secrets redacted."""
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(SecretRedactor(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
