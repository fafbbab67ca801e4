"""A chat's alert settings: what they mean, how `/settings ...` changes them, and which changes pass them.

Stored as plain JSON in `Chat.settings` (and, per follow, in `Subscription.filters`, which override the chat's):

- `min_stage` (link stage name): link news below it is held back — a new link or a move to a stage lower than
  `min_stage` does not alert; a move reported `off` alerts only if it had reached `min_stage` before it died.
  Contract and money news always passes (it is about the player, not a club's pursuit).
- `clubs` (list of club names, empty = any): link and money news only about these clubs; contract news passes.
- `paused` (bool) and `quiet_hours` ([start_hour, end_hour], UTC, may wrap midnight): delivery is delayed, never
  dropped — alerts are queued as usual and the delivery worker holds them back while paused or in quiet hours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.diff import Change
from bot.domain import LINK_STAGE_RANK, LINK_STAGES, OFF
from bot.player_state import club_key

MAX_CLUBS = 20
MAX_CLUB_NAME = 60


class SettingsError(ValueError):
    """A `/settings` request that cannot be applied, phrased for the person who typed it."""


@dataclass(frozen=True, slots=True)
class AlertFilter:
    """What a follower wants to hear about one player."""

    min_stage: str | None = None
    clubs: tuple[str, ...] = ()

    @classmethod
    def for_follow(cls, chat_settings: Mapping[str, Any], follow_filters: Mapping[str, Any]) -> "AlertFilter":
        """The chat's settings with the follow's own filters taking precedence key by key."""
        merged = {**chat_settings, **{k: v for k, v in follow_filters.items() if v not in (None, "")}}
        stage = merged.get("min_stage")
        clubs = merged.get("clubs") or ()
        return cls(min_stage=stage if stage in LINK_STAGE_RANK else None,
                   clubs=tuple(str(c) for c in clubs if isinstance(c, str)))

    def passes(self, change: Change, reached: str | None = None) -> bool:
        """Does this change interest the follower? `reached` is the furthest stage before an `off`."""
        if change.type == "contract":
            return True
        if self.clubs and club_key(change.club) not in {club_key(c) for c in self.clubs}:
            return False
        if change.type == "money" or self.min_stage is None:
            return True
        threshold = LINK_STAGE_RANK[self.min_stage]
        stage = reached if change.stage == OFF else change.stage
        return stage is not None and LINK_STAGE_RANK.get(stage, -1) >= threshold

    def select(self, changes: Iterable[Change], reached_before_off: Mapping[str, str | None]) -> list[Change]:
        """The changes that pass; `reached_before_off` maps club keys to the stage a dead move had reached."""
        return [c for c in changes if self.passes(c, reached_before_off.get(club_key(c.club)))]


def _parse_hour_range(text: str) -> list[int]:
    match = re.fullmatch(r"\s*(\d{1,2})(?::00)?\s*-\s*(\d{1,2})(?::00)?\s*", text)
    if not match:
        raise SettingsError("quiet hours look like `quiet 23-7` (UTC hours), or `quiet off`")
    start, end = int(match.group(1)), int(match.group(2))
    if not (0 <= start <= 23 and 0 <= end <= 23) or start == end:
        raise SettingsError("quiet hours are two different hours from 0 to 23, e.g. `quiet 23-7`")
    return [start, end]


def _parse_clubs(text: str) -> list[str]:
    if text.strip().lower() in {"any", "all", "off", "none", ""}:
        return []
    clubs = [c.strip() for c in text.split(",") if c.strip()]
    if len(clubs) > MAX_CLUBS or any(len(c) > MAX_CLUB_NAME for c in clubs):
        raise SettingsError(f"give at most {MAX_CLUBS} club names, separated by commas")
    if any(not re.fullmatch(r"[\w .'&-]+", c) for c in clubs):
        raise SettingsError("club names may hold letters, digits, spaces and . ' & - only")
    return clubs


#: The settings one follow may hold for itself; the rest (quiet hours, pause) are about the chat's delivery.
FOLLOW_FILTER_KEYS = ("min_stage", "clubs")
_CHAT_WIDE_VERBS = frozenset({"quiet", "pause", "resume"})
_FOR = re.compile(r"(?:^|\s)for\s+(?P<name>\S.*)$", re.IGNORECASE)


def split_follow_target(args: str) -> tuple[str, str | None]:
    """`min_stage bid for Mbappe` -> ("min_stage bid", "Mbappe"); no `for NAME` -> (args, None).

    The last standalone word `for` starts the name, so club names in the change are left alone.
    """
    text = args.strip()
    matches = list(_FOR.finditer(text))
    if not matches:
        return text, None
    last = matches[-1]
    return text[:last.start()].strip(), last.group("name").strip()


def _verb_and_rest(args: str) -> tuple[str, str]:
    verb, _, rest = args.strip().partition(" ")
    return verb.lower(), rest.strip()


def _set_filter(settings: Mapping[str, Any], verb: str, rest: str) -> dict[str, Any]:
    """`min_stage STAGE` or `clubs A, B` applied to chat settings or follow filters; `any` removes the key, so
    a follow falls back to the chat's value (an empty list would not: it would mean "any club" over the chat's)."""
    new = dict(settings)
    if verb == "min_stage":
        stage = rest.lower()
        if stage in {"any", "off", "none", ""}:
            new.pop("min_stage", None)
        elif stage in LINK_STAGE_RANK:
            new["min_stage"] = stage
        else:
            raise SettingsError("min_stage is one of: " + ", ".join(LINK_STAGES) + " (or `any`)")
        return new
    clubs = _parse_clubs(rest)
    if clubs:
        new["clubs"] = clubs
    else:
        new.pop("clubs", None)
    return new


def apply_settings_command(settings: Mapping[str, Any], args: str) -> tuple[dict[str, Any], str]:
    """Apply one chat-wide `/settings` request; return the new settings and a line saying what changed."""
    verb, rest = _verb_and_rest(args)
    new = dict(settings)
    if verb == "min_stage":
        new = _set_filter(settings, verb, rest)
        stage = new.get("min_stage")
        return new, f"Link alerts from stage `{stage}` on." if stage else "Alerts for every stage."
    if verb == "clubs":
        new = _set_filter(settings, verb, rest)
        clubs = new.get("clubs")
        return new, "Alerts about " + ", ".join(clubs) + " only." if clubs else "Alerts about any club."
    if verb == "quiet":
        if rest.lower() in {"off", "none", ""}:
            new.pop("quiet_hours", None)
            return new, "Quiet hours off."
        new["quiet_hours"] = _parse_hour_range(rest)
        return new, "Quiet hours {0:02d}:00-{1:02d}:00 UTC: alerts wait until they end.".format(*new["quiet_hours"])
    if verb == "pause":
        new["paused"] = True
        return new, "Paused: alerts are kept and delivered when you `resume`."
    if verb == "resume":
        new["paused"] = False
        return new, "Resumed."
    raise SettingsError("settings: `min_stage STAGE`, `clubs A, B` / `clubs any`, `quiet 23-7` / `quiet off`, "
                        "`pause`, `resume` (add `for NAME` to set min_stage or clubs for one player)")


def apply_follow_filter_command(filters: Mapping[str, Any], change: str, player: str) -> tuple[dict[str, Any], str]:
    """Apply `min_stage ...` or `clubs ...` to one follow's own filters; `any` hands that key back to the chat."""
    verb, rest = _verb_and_rest(change)
    if verb in _CHAT_WIDE_VERBS:
        raise SettingsError("Quiet hours and pause are for the whole chat, not one player: "
                            f"use `/settings {verb}{' ' + rest if verb == 'quiet' else ''}` without `for`.")
    if verb not in FOLLOW_FILTER_KEYS:
        raise SettingsError("for one player: `min_stage STAGE for NAME`, `clubs A, B for NAME`, "
                            "or `min_stage any` / `clubs any for NAME` to use the chat's setting")
    new = _set_filter(filters, verb, rest)
    if verb not in new:
        return new, f"{player}: the chat's {verb} applies again."
    return new, f"{player}: {follow_filter_summary(new)}."


def follow_filter_summary(filters: Mapping[str, Any]) -> str:
    """A follow's own filters in a few words ("bid and beyond; Real Madrid only"), or "" when it has none."""
    parts = []
    stage = filters.get("min_stage")
    if stage in LINK_STAGE_RANK:
        parts.append(f"{stage} only" if stage == LINK_STAGES[-1] else f"{stage} and beyond")
    clubs = [c for c in filters.get("clubs") or () if isinstance(c, str)]
    if clubs:
        parts.append(", ".join(clubs) + " only")
    return "; ".join(parts)


def describe_follow_filters(chat_settings: Mapping[str, Any], follow_filters: Mapping[str, Any], player: str) -> str:
    """What applies to one follow, key by key, and whether it is the follow's own filter or the chat's setting."""
    applied = AlertFilter.for_follow(chat_settings, follow_filters)
    lines = [f"Alerts about {player}:"]
    for key, value in (("min_stage", applied.min_stage or "any"), ("clubs", ", ".join(applied.clubs) or "any")):
        if follow_filters.get(key):
            chat_value = _shown(chat_settings, key)
            lines.append(f"{key}: {value} (own filter; the chat's: {chat_value})")
        else:
            lines.append(f"{key}: {value} (the chat's)")
    lines.append("Quiet hours and pause are the chat's: see /settings.")
    return "\n".join(lines)


def _shown(settings: Mapping[str, Any], key: str) -> str:
    if key == "clubs":
        return ", ".join(settings.get("clubs") or []) or "any"
    return str(settings.get(key) or "any")


def describe_settings(settings: Mapping[str, Any]) -> str:
    """The settings in one short block of text."""
    quiet = settings.get("quiet_hours")
    lines = [
        f"min_stage: {_shown(settings, 'min_stage')}",
        f"clubs: {_shown(settings, 'clubs')}",
        "quiet hours: " + ("{0:02d}:00-{1:02d}:00 UTC".format(*quiet) if quiet else "off"),
        f"paused: {'yes' if settings.get('paused') else 'no'}",
    ]
    return "\n".join(lines)
