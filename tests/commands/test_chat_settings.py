"""`/settings` parsing as pure functions: chat-wide changes, `for NAME` per-follow filters, and how they read."""

from __future__ import annotations

import pytest

from bot.chat_settings import (
    AlertFilter,
    SettingsError,
    apply_follow_filter_command,
    apply_settings_command,
    describe_follow_filters,
    follow_filter_summary,
    split_follow_target,
)


@pytest.mark.parametrize(("args", "expected"), [
    ("min_stage bid for Kai Example", ("min_stage bid", "Kai Example")),
    ("clubs Real Madrid, Bayern Munich for Example", ("clubs Real Madrid, Bayern Munich", "Example")),
    ("for Kai Example", ("", "Kai Example")),
    ("  FOR   Example  ", ("", "Example")),
    ("clubs Fortuna Koln", ("clubs Fortuna Koln", None)),  # "for" inside a word is not the keyword
    ("min_stage talks", ("min_stage talks", None)),
    ("for", ("for", None)),
    ("", ("", None)),
])
def test_for_name_is_split_off_the_change(args: str, expected: tuple[str, str | None]) -> None:
    assert split_follow_target(args) == expected


def test_a_follows_min_stage_and_clubs_are_set_and_cleared_key_by_key() -> None:
    filters, message = apply_follow_filter_command({}, "min_stage bid", "Kai Example")
    assert filters == {"min_stage": "bid"} and message == "Kai Example: bid and beyond."
    filters, message = apply_follow_filter_command(filters, "clubs Real Madrid, Bayern Munich", "Kai Example")
    assert filters == {"min_stage": "bid", "clubs": ["Real Madrid", "Bayern Munich"]}
    assert message == "Kai Example: bid and beyond; Real Madrid, Bayern Munich only."
    filters, message = apply_follow_filter_command(filters, "min_stage any", "Kai Example")
    assert filters == {"clubs": ["Real Madrid", "Bayern Munich"]}
    assert message == "Kai Example: the chat's min_stage applies again."
    filters, _ = apply_follow_filter_command(filters, "clubs any", "Kai Example")
    assert filters == {}  # removed, not [] - an empty list would still have to fall back to the chat's clubs


def test_cleared_follow_filters_hand_back_to_the_chats_settings() -> None:
    chat = {"min_stage": "talks", "clubs": ["Chelsea"]}
    own, _ = apply_follow_filter_command({"min_stage": "done"}, "min_stage any", "Kai Example")
    assert AlertFilter.for_follow(chat, own) == AlertFilter(min_stage="talks", clubs=("Chelsea",))
    own, _ = apply_follow_filter_command(own, "min_stage agreed", "Kai Example")
    assert AlertFilter.for_follow(chat, own) == AlertFilter(min_stage="agreed", clubs=("Chelsea",))


@pytest.mark.parametrize("change", ["quiet 23-7", "quiet off", "pause", "resume"])
def test_quiet_hours_and_pause_stay_chat_wide(change: str) -> None:
    with pytest.raises(SettingsError, match="whole chat"):
        apply_follow_filter_command({}, change, "Kai Example")


@pytest.mark.parametrize("change", ["min_stage soon", "clubs <b>x</b>", "volume 11"])
def test_bad_follow_changes_are_refused(change: str) -> None:
    with pytest.raises(SettingsError):
        apply_follow_filter_command({}, change, "Kai Example")


def test_chat_wide_changes_are_unchanged() -> None:
    talks = ({"min_stage": "talks"}, "Link alerts from stage `talks` on.")
    assert apply_settings_command({}, "min_stage talks") == talks
    assert apply_settings_command({"min_stage": "talks"}, "min_stage any") == ({}, "Alerts for every stage.")
    assert apply_settings_command({}, "clubs A, B") == ({"clubs": ["A", "B"]}, "Alerts about A, B only.")
    assert apply_settings_command({"clubs": ["A"]}, "clubs any") == ({}, "Alerts about any club.")
    with pytest.raises(SettingsError, match="for NAME"):
        apply_settings_command({}, "volume 11")


def test_summary_of_a_follows_own_filters() -> None:
    assert follow_filter_summary({}) == ""
    assert follow_filter_summary({"min_stage": "bid"}) == "bid and beyond"
    assert follow_filter_summary({"min_stage": "done"}) == "done only"
    assert follow_filter_summary({"clubs": ["Real Madrid"], "min_stage": "bogus"}) == "Real Madrid only"


def test_describing_a_follow_says_what_is_its_own_and_what_is_the_chats() -> None:
    text = describe_follow_filters({"min_stage": "talks", "clubs": ["Chelsea"]}, {"min_stage": "bid"}, "Kai Example")
    assert text.splitlines()[:3] == [
        "Alerts about Kai Example:",
        "min_stage: bid (own filter; the chat's: talks)",
        "clubs: Chelsea (the chat's)",
    ]
    plain = describe_follow_filters({}, {}, "Kai Example")
    assert "min_stage: any (the chat's)" in plain and "clubs: any (the chat's)" in plain
