"""End to end with the real extractor: local files → `transferbot ingest` → `transferbot status`, and `replay`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.commands import ChatCommands, ChatRef
from storage.database import open_repository

ARTICLES = [
    {"id": "t-1", "url": "https://news.example/rudiger-madrid-monitor", "published": "2021-10-20",
     "text": "Real Madrid are monitoring Chelsea defender Antonio Rudiger, whose contract expires next summer, "
             "according to Goal."},
    {"id": "t-2", "url": "https://other.example/madrid-tabs", "published": "2021-10-22",
     "text": "Real Madrid are keeping tabs on Antonio Rüdiger as the Chelsea centre-back runs down his deal."},
]
DATED_TEXT = ("date 2021-11-02 Real Madrid are now confident of signing Toni Rudiger on a free transfer, "
              "Fabrizio Romano reports.\n")
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Football Daily</title>
  <id>urn:example:feed</id>
  <updated>2021-11-05T10:00:00Z</updated>
  <entry>
    <title>Bayern out of the Rudiger race</title>
    <id>urn:example:bayern-out</id>
    <link href="https://daily.example/bayern-out"/>
    <updated>2021-11-05T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Bayern Munich have pulled out of the race for Antonio Rudiger.&lt;/p&gt;</content>
  </entry>
</feed>
"""


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\nnot json\n", encoding="utf-8")
    text = tmp_path / "madrid-confident.txt"
    text.write_text(DATED_TEXT, encoding="utf-8")
    atom = tmp_path / "daily.atom"
    atom.write_text(ATOM, encoding="utf-8")
    return [jsonl, text, atom]


def test_ingest_then_status_and_a_second_ingest_queues_nothing(
    tmp_path: Path, files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("TRANSFERBOT_DATABASE_URL", url)
    repository = open_repository(url)
    assert ChatCommands(repository).follow(ChatRef("console", "me"), "Rudiger").kind == "info"
    runner = CliRunner()

    first = runner.invoke(main, ["ingest", *map(str, files)])
    assert first.exit_code == 0, first.output
    assert "articles: 4 new, 0 already seen" in first.output
    assert "1 skipped with errors" in first.output
    assert "alerts queued: 0" not in first.output

    second = runner.invoke(main, ["ingest", *map(str, files)])
    assert second.exit_code == 0, second.output
    assert "articles: 0 new, 4 already seen" in second.output and "alerts queued: 0" in second.output

    status = runner.invoke(main, ["status", "rudigr", "--json"])
    assert status.exit_code == 0, status.output
    view = json.loads(status.output)
    assert view["player"] == "Antonio Rudiger"
    clubs = {c["club"]: c for c in view["clubs"]}
    assert clubs["Real Madrid"]["stage"] == "advanced"
    assert clubs["Real Madrid"]["outlets"] >= 2
    assert clubs["Bayern Munich"]["stage"] == "off"
    assert view["clubs"][-1]["club"] == "Bayern Munich"  # dead moves last
    assert view["recent_changes"][0].startswith("2021-11-05")

    text = runner.invoke(main, ["status", "Antonio Rüdiger"])
    assert text.exit_code == 0 and "Real Madrid" in text.output and "close/advanced" in text.output
    unknown = runner.invoke(main, ["status", "Nobody Known"])
    assert unknown.exit_code == 1
    repository.dispose()


def test_replay_prints_one_schema_line_per_alert(tmp_path: Path) -> None:
    corpus = tmp_path / "articles.jsonl"
    repeated = dict(ARTICLES[0], id="t-3", url="https://third.example/again",
                    text=ARTICLES[0]["text"].replace("according to Goal", "says Marca"))
    corpus.write_text("\n".join(json.dumps(a) for a in (*ARTICLES, repeated)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["replay", str(corpus)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    madrid = [a for a in lines if a["type"] == "link" and a["club"] == "Real Madrid"]
    assert madrid == [{"id": "t-1", "player": "Antonio Rudiger", "type": "link", "club": "Real Madrid",
                       "stage": "interest"}]
    assert not any(a["id"] == "t-3" for a in lines)


def test_a_local_feed_declaring_xml_entities_is_refused_like_a_polled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ingest` reads RSS/Atom files through the same guarded parser as the poller: no entity expansion."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("TRANSFERBOT_DATABASE_URL", url)
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(ATOM.replace('<?xml version="1.0" encoding="utf-8"?>',
                                 '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
                                 '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(bomb)])
    assert "declares XML entities" in result.output and "Traceback" not in result.output
    assert "articles: 0 new" in result.output
    with open_repository(url).transaction() as tx:
        assert tx.count_articles() == 0
