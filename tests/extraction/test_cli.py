import json

from click.testing import CliRunner

from bot.cli.extract import command


def test_cli_prints_one_line_per_article_and_survives_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a1", "url": None, "published": "2024-01-10", "text": "Porto are tracking Leon Varga."}),
        "{not json",
        json.dumps({"id": "a2", "published": "yesterday", "text": "x"}),
        json.dumps({"id": "a3", "text": 5}),
        "",
    ]
    result = CliRunner().invoke(command, ["-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a1", "a2", "a3"]
    assert out[0]["claims"][0]["club"] == "Porto"
    assert out[1]["claims"] == [] and out[2]["claims"] == []
    assert "line 2" in result.stderr and "Traceback" not in result.stderr
