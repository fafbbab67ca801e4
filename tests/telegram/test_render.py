"""Telegram HTML rendering: escaped, split cleanly, and always a message Telegram's parser accepts."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.telegram_render import (
    MESSAGE_LIMIT,
    render_alert,
    render_plain,
    render_status,
    split_plain,
    utf16_length,
)
from bot.status import ClubLine, ContractLine, MoneyLine, StatusView
from tests.telegram.telegram_html import check_message_text

PAYLOAD = {
    "player": "Antonio Rudiger",
    "player_id": 3,
    "article": {"id": 12, "url": "https://example.org/rudiger?a=1&b=2", "title": "Madrid move <closer> than ever",
                "outlet": "Goal", "published": "2021-12-01"},
    "changes": [
        {"type": "link", "club": "Real Madrid", "stage": "advanced", "previous": "interest",
         "source": "Fabrizio Romano", "evidence": "Real Madrid are confident & ready to move."},
        {"type": "link", "club": "Bayern Munich", "stage": "interest", "previous": None, "source": None,
         "evidence": ""},
        {"type": "contract", "club": "Chelsea", "stage": "expiring", "previous": None, "source": None,
         "evidence": "His deal runs out in June."},
        {"type": "money", "club": "Chelsea", "kind": "wage_offer", "amount": 150000, "currency": "GBP", "per": "week",
         "previous_amount": 140000, "source": None, "evidence": "Chelsea offered £150k a week."},
    ],
    "text": "plain version",
}


def _visible(messages: list[str]) -> str:
    return "\n".join(check_message_text(m, "HTML") for m in messages)


def test_alert_shows_every_change_with_stage_words_and_escapes_markup() -> None:
    messages = render_alert(PAYLOAD)
    assert len(messages) == 1
    shown = _visible(messages)
    assert "Antonio Rudiger" in shown
    assert "Real Madrid: interested → close/advanced · Fabrizio Romano" in shown
    assert "Bayern Munich: new → interested" in shown
    assert "Chelsea contract: contract expiring" in shown
    assert "Chelsea wage offer: £150,000/week (was £140,000/week)" in shown
    assert "“Real Madrid are confident & ready to move.”" in shown
    assert "Madrid move <closer> than ever" in shown and "Goal · 2021-12-01" in shown
    assert '<a href="https://example.org/rudiger?a=1&amp;b=2">' in messages[0]
    assert "<b>Antonio Rudiger</b>" in messages[0]


def test_a_notice_without_changes_shows_its_text() -> None:
    notice = {"player": None, "article": None, "changes": [], "notice": "feed_disabled",
              "text": "Feed disabled: Sport <News> (https://example.org/rss) — gone after 8 failed poll(s)"}
    assert _visible(render_alert(notice)) == notice["text"]


def test_markup_in_names_is_shown_as_text_not_obeyed() -> None:
    payload = dict(PAYLOAD, player="<b>Evil</b> & <i>co", article={"title": "x", "url": "javascript:alert(1)"})
    messages = render_alert(payload)
    shown = _visible(messages)
    assert "<b>Evil</b> & <i>co" in shown
    assert "javascript" not in messages[0]  # an unsafe URL is never made a link


def test_a_huge_alert_is_split_into_messages_telegram_accepts() -> None:
    changes = [dict(PAYLOAD["changes"][0], club=f"Club {n}", evidence="word " * 80) for n in range(200)]
    messages = render_alert(dict(PAYLOAD, changes=changes))
    assert len(messages) > 1
    assert all(utf16_length(m) <= MESSAGE_LIMIT for m in messages)
    shown = _visible(messages)
    assert all(f"Club {n}: interested" in shown for n in range(200))


def test_one_line_longer_than_a_message_falls_back_to_plain_text_cut_between_words() -> None:
    evidence = "Rudiger " * 2000 + "<script>&"
    pieces = render_alert(dict(PAYLOAD, changes=[dict(PAYLOAD["changes"][0], evidence=evidence)]))
    assert all(utf16_length(m) <= MESSAGE_LIMIT for m in pieces)
    _visible(pieces)
    pieces = render_plain("x" * 10_000)
    assert len(pieces) == 3 and "".join(pieces) == "x" * 10_000


def test_emoji_count_double_towards_the_limit() -> None:
    pieces = split_plain("😀" * 3000)
    assert len(pieces) == 2 and all(utf16_length(p) <= MESSAGE_LIMIT for p in pieces)
    assert "".join(pieces) == "😀" * 3000


def test_status_view_renders_clubs_contract_money_and_changes() -> None:
    view = StatusView(
        player="Antonio Rudiger", current_club="Chelsea",
        clubs=(ClubLine("Real Madrid", "advanced", "2021-12-01", 6, "Fabrizio Romano"),
               ClubLine("Manchester City", "off", "2021-11-20", 1, None)),
        contract=(ContractLine("expiring", ("Goal",), "2021-11-01"),),
        money=(MoneyLine("wage_demand", 200000, "GBP", "week", None, "Sky <Sports>"),),
        recent_changes=("Real Madrid: interested → close/advanced",),
    )
    shown = _visible(render_status(view))
    assert shown.startswith("Antonio Rudiger (Chelsea)")
    assert "Real Madrid — close/advanced · 2021-12-01 · 6 outlets · best: Fabrizio Romano" in shown
    assert "Manchester City — off ❌ · 2021-11-20 · 1 outlet" in shown
    assert "Contract\n• contract expiring · Goal\n" in shown
    assert "Money\n• wage demand £200,000/week · Sky <Sports>\n" in shown
    assert "• Real Madrid: interested → close/advanced" in shown


def test_status_of_a_player_with_no_news() -> None:
    view = StatusView("Nobody Yet", None, (), (), (), ())
    assert _visible(render_status(view)) == "Nobody Yet\nnothing reported yet"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=9000))
def test_any_reply_text_becomes_messages_telegram_accepts(reply: str) -> None:
    if not reply.strip():
        return
    messages = render_plain(reply)
    assert all(utf16_length(m) <= MESSAGE_LIMIT for m in messages)
    shown = _visible(messages)
    assert "".join(shown.split()) == "".join(html.unescape(html.escape(reply)).split())
