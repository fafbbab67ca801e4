"""Parsing, canonical URLs, the SSRF address rules, backoff policy and the sample saga's clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

from bot.feeds import health
from bot.feeds.guard import BlockedAddressError, check_address, is_public_address
from bot.feeds.parse import NotAFeedError, UnsafeXMLError, html_to_text, parse_feed
from bot.feeds.sample import SAMPLE_PLAYER, SampleSaga
from bot.feeds.urls import canonical_url
from tests.feeds.feed_server import ENTITY_BOMB, Item, rss

NOW = datetime(2026, 3, 2, 12, tzinfo=timezone.utc)


def test_entity_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(UnsafeXMLError):
        parse_feed(ENTITY_BOMB)
    utf16 = ENTITY_BOMB.decode().replace('encoding="utf-8"', "").encode("utf-16")
    with pytest.raises(UnsafeXMLError):
        parse_feed(utf16)


def test_feedparser_alone_does_not_expand_the_bomb() -> None:
    """Belt and braces: even unguarded, feedparser/expat must not inflate the entities (it reports a problem)."""
    parsed = feedparser.parse(ENTITY_BOMB)
    assert "lollollol" not in str(parsed.feed.get("title", "")) and parsed.bozo


@pytest.mark.parametrize("data", [b"<html><body>hello</body></html>", b"", b"\x00\xff garbage", b"{\"json\": 1}"])
def test_non_feeds_are_refused(data: bytes) -> None:
    with pytest.raises(NotAFeedError):
        parse_feed(data)


def test_entries_are_read_with_plain_text_dates_and_outlet() -> None:
    item = Item("g1", "Arsenal eye striker", "<p>Arsenal are <b>keen</b>.</p><p>Talks soon.</p>",
                "https://x.org/a?utm_source=rss", "Mon, 02 Mar 2026 12:00:00 +0000")
    parsed = parse_feed(rss("Daily Football", [item]))
    (entry,) = parsed.entries
    assert entry.guid == "g1" and entry.title == "Arsenal eye striker" and entry.outlet == "Daily Football"
    assert entry.text == "Arsenal are keen.\n\nTalks soon."
    assert entry.published == NOW


def test_html_to_text_keeps_paragraphs_and_drops_markup() -> None:
    assert html_to_text("<div>One<br>two</div><script>x</script>") .startswith("One\n\ntwo")
    assert html_to_text("plain &amp; simple") == "plain & simple"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.ORG:443/a/b?utm_source=x&id=3&fbclid=y#top", "https://news.example.org/a/b?id=3"),
        ("http://example.org?gclid=1", "http://example.org/"),
        ("http://example.org:8080/p?UTM_Medium=a&q=1", "http://example.org:8080/p?q=1"),
        ("tag:example.org,2026:1", None),
        ("http://[::1", None),
    ],
)
def test_canonical_urls(url: str, canonical: str | None) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "::1",
                                     "fe80::1", "fc00::1", "0.0.0.0", "100.64.0.1", "224.0.0.1", "::ffff:10.0.0.1"])
def test_private_and_special_addresses_are_blocked(address: str) -> None:
    assert not is_public_address(address)
    with pytest.raises(BlockedAddressError):
        check_address(address)


def test_public_addresses_pass() -> None:
    assert is_public_address("93.184.216.34") and is_public_address("2606:4700::1111")


def test_backoff_doubles_up_to_a_day_and_feeds_are_disabled_after_max_failures() -> None:
    assert [health.backoff_seconds(300, n) for n in (1, 2, 3)] == [600, 1200, 2400]
    assert health.backoff_seconds(300, 20) == health.MAX_BACKOFF_SECONDS
    assert health.next_poll_after_failure(NOW, 60, 1) == NOW + timedelta(seconds=120)
    assert health.disable_reason(health.UNREACHABLE, 7, 8) is None
    assert health.disable_reason(health.UNREACHABLE, 8, 8) == health.UNREACHABLE
    assert health.disable_reason(health.GONE, 1, 8) == health.GONE


def test_sample_saga_reveals_an_entry_per_step_dated_up_to_its_start() -> None:
    clock = [100.0]
    saga = SampleSaga(initial=2, step_seconds=4, clock=lambda: clock[0], started_at=NOW)
    first = parse_feed(saga.render())
    assert len(first.entries) == 2 and saga.total == 12
    clock[0] += 9
    assert len(parse_feed(saga.render()).entries) == 4
    clock[0] += 1000
    everything = parse_feed(saga.render()).entries
    assert len(everything) == 12 and max(e.published for e in everything) == NOW
    assert min(e.published for e in everything) > NOW - timedelta(days=30)
    assert all(SAMPLE_PLAYER in e.text or "Halvorsen" in (e.title or "") for e in everything)


def test_sample_saga_file_is_valid_atom() -> None:
    path = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_feed" / "sample-saga.atom"
    assert len(parse_feed(path.read_bytes()).entries) == 12
