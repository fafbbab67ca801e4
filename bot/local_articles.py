"""Articles from local files, for `transferbot ingest` and `replay`: JSON lines, dated plain text, RSS/Atom.

- JSON lines as shared/eval/SCHEMA.md describes (`id`, `url`, `published`, `text`, optional `title`, `outlet`);
- a plain-text file starting `date YYYY-MM-DD` followed by the article's text;
- an RSS or Atom file (read with feedparser; HTML in entries reduced to text).

A bad line or entry is reported through `on_error` and skipped: one broken article never stops a run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.feeds.parse import NotAFeedError, parse_feed
from bot.feeds.urls import canonical_url
from bot.ingest import ArticleInput

ErrorSink = Callable[[str], None]

_DATED_TEXT = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.*)\Z", re.S)


@dataclass(frozen=True, slots=True)
class LocalArticle:
    """An article read from a file: a label to report it by (the JSONL id, or file and entry) and the article."""

    label: str
    item: ArticleInput


class ArticleFileError(ValueError):
    """A file (or line of one) that holds no readable article; the message says why."""


def _optional_text(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ArticleFileError("'published' must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ArticleFileError(f"'published' is not YYYY-MM-DD: {value[:40]!r}") from None


def article_from_row(row: Any) -> LocalArticle:
    """One SCHEMA.md article line (already JSON-decoded) as an ingestible article."""
    if not isinstance(row, dict):
        raise ArticleFileError("expected a JSON object")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleFileError("'text' is missing or empty")
    label = str(row.get("id") or "")
    url = _optional_text(row, "url")
    item = ArticleInput(text=text, url=url, canonical_url=url, guid=label or None, title=_optional_text(row, "title"),
                        outlet=_optional_text(row, "outlet"), published=_parse_date(row.get("published")))
    return LocalArticle(label, item)


def read_jsonl(path: Path, on_error: ErrorSink) -> Iterator[LocalArticle]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield article_from_row(json.loads(line))
            except json.JSONDecodeError as exc:
                on_error(f"{path}:{number}: not valid JSON ({exc.msg}); skipped")
            except ArticleFileError as exc:
                on_error(f"{path}:{number}: {exc}; skipped")


def read_dated_text(path: Path, text: str) -> LocalArticle:
    match = _DATED_TEXT.match(text)
    if not match:
        raise ArticleFileError(f"{path}: a text article starts with `date YYYY-MM-DD`")
    published = _parse_date(match.group(1))
    body = match.group(2).strip()
    if not body:
        raise ArticleFileError(f"{path}: no text after the date line")
    return LocalArticle(path.name, ArticleInput(text=body, guid=f"file:{path.name}:{published}", published=published))


def read_feed(path: Path, data: bytes, on_error: ErrorSink) -> Iterator[LocalArticle]:
    """An RSS/Atom file read exactly as a polled feed is (the same entity guard, text and canonical URLs), so a
    story ingested from a file and later seen in a live feed is one article."""
    try:
        parsed = parse_feed(data, fallback_outlet=path.stem)
    except NotAFeedError as exc:
        raise ArticleFileError(f"{path}: {exc}") from None
    if not parsed.entries:
        raise ArticleFileError(f"{path}: no feed entries found")
    for number, entry in enumerate(parsed.entries, 1):
        if not entry.text:
            on_error(f"{path}: entry {number} has no text; skipped")
            continue
        canonical = canonical_url(entry.url) if entry.url else None
        item = ArticleInput(text=entry.text, url=entry.url, canonical_url=canonical, guid=entry.guid or entry.url,
                            title=entry.title, outlet=entry.outlet, published=entry.published)
        yield LocalArticle(f"{path.name}#{number}", item)


def read_article_file(path: Path, on_error: ErrorSink) -> Iterator[LocalArticle]:
    """Every article in a file, whatever its kind (judged by extension, then by its first characters)."""
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        yield from read_jsonl(path, on_error)
        return
    data = path.read_bytes()
    head = data[:200].lstrip().lower()
    if head.startswith(b"<"):
        yield from read_feed(path, data, on_error)
    elif head.startswith(b"{"):
        yield from read_jsonl(path, on_error)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ArticleFileError(f"{path}: not UTF-8 text, JSON lines or a feed") from None
        yield read_dated_text(path, text)
