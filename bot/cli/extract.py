"""`transferbot extract`: print the claims of each article of a JSONL file, one JSON line per article."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import IO, Any

import click

from bot.domain import Article


def _article_from(row: dict[str, Any]) -> Article:
    """Build an Article from one input row; raises ValueError with a readable reason on bad input."""
    text = row.get("text")
    if not isinstance(text, str):
        raise ValueError("field 'text' is missing or not a string")
    published = row.get("published")
    pub: date | None = None
    if published not in (None, ""):
        if not isinstance(published, str):
            raise ValueError("field 'published' must be a YYYY-MM-DD string")
        try:
            pub = date.fromisoformat(published[:10])
        except ValueError as exc:
            raise ValueError(f"field 'published' is not YYYY-MM-DD: {published!r}") from exc
    def _opt(name: str) -> str | None:
        value = row.get(name)
        return value if isinstance(value, str) else None
    return Article(text=text, id=str(row.get("id", "")), url=_opt("url"), title=_opt("title"), published=pub,
                   outlet=_opt("outlet"))


@click.command("extract")
@click.argument("articles", type=click.File("r", encoding="utf-8"), default="-")
def extract(articles: IO[str]) -> None:
    """Read claims (links, contract news, money) from the articles of ARTICLES.

    ARTICLES is a JSON-lines file ("-" or nothing for stdin), one article a line with the fields id, url,
    published (YYYY-MM-DD), text and optionally title. For every article one line is printed:

        {"id": ..., "claims": [...]}

    with claims as shared/eval/SCHEMA.md defines them, plus an "evidence" field quoting the sentence each claim
    was read from. A malformed line is reported on stderr and skipped (printing an empty claims line when its id
    can be read), so one bad article never stops a run.
    """
    from bot.extraction import default_extractor

    extractor = default_extractor()
    out = sys.stdout
    for n, line in enumerate(articles, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            click.echo(f"line {n}: not valid JSON ({exc.msg}); skipped", err=True)
            continue
        if not isinstance(row, dict):
            click.echo(f"line {n}: expected a JSON object; skipped", err=True)
            continue
        art_id = row.get("id")
        try:
            article = _article_from(row)
            claims = [c.to_schema() for c in extractor.extract(article)]
        except ValueError as exc:
            click.echo(f"line {n} (id {art_id!r}): {exc}; skipped", err=True)
            if art_id is not None:
                out.write(json.dumps({"id": art_id, "claims": []}, ensure_ascii=False) + "\n")
            continue
        out.write(json.dumps({"id": art_id, "claims": claims}, ensure_ascii=False) + "\n")
    out.flush()


command = extract

if __name__ == "__main__":  # `python -m bot.cli.extract FILE` works even where the group does not register us
    command()
