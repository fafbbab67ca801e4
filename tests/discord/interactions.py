"""INTERACTION_CREATE payloads as Discord sends them: slash commands, autocomplete and button clicks.

A `Place` is where someone acts (a guild channel with their permissions there, or a DM); the builders look the
command up among those the bot synced to the fake server, so a test fails if the tree was never synced.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from discord import Permissions

from tests.discord.fake_discord import FakeChannel, FakeDiscord, user_payload

_ids = itertools.count(1_200_000_000_000_000_000)
#: What a fresh bot gets in a channel: view, send, embed links.
BOT_CAN_POST = Permissions(view_channel=True, send_messages=True, embed_links=True)
MEMBER = Permissions(view_channel=True, send_messages=True, use_application_commands=True)
MODERATOR = Permissions(view_channel=True, send_messages=True, manage_channels=True)
ADMINISTRATOR = Permissions.all()


@dataclass(frozen=True)
class Place:
    """Who is acting and where: `channel.guild_id` None means a DM."""

    channel: FakeChannel
    user_id: int
    permissions: Permissions = MEMBER
    app_permissions: Permissions = BOT_CAN_POST


def _base(fake: FakeDiscord, place: Place, kind: int, data: dict[str, Any]) -> dict[str, Any]:
    interaction_id = next(_ids)
    user = user_payload(place.user_id, f"fan{place.user_id}")
    payload: dict[str, Any] = {
        "id": str(interaction_id), "application_id": str(fake.application_id), "type": kind, "data": data,
        "token": f"token-{interaction_id}", "version": 1, "channel_id": str(place.channel.id),
        "channel": place.channel.payload(), "locale": "en-GB", "entitlements": [],
        "attachment_size_limit": 10_485_760, "app_permissions": str(place.app_permissions.value),
    }
    if place.channel.guild_id is None:
        payload.update(user=user, context=1, authorizing_integration_owners={"1": str(place.user_id)})
    else:
        payload.update(
            guild_id=str(place.channel.guild_id), guild_locale="en-US", context=0,
            authorizing_integration_owners={"0": str(place.channel.guild_id)},
            member={"user": user, "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False,
                    "mute": False, "flags": 0, "permissions": str(place.permissions.value)},
        )
    return payload


def synced_command(fake: FakeDiscord, name: str) -> dict[str, Any]:
    for commands in fake.synced.values():
        for command in commands:
            if command["name"] == name:
                return command
    raise LookupError(f"/{name} was never synced (synced: {[c['name'] for cs in fake.synced.values() for c in cs]})")


def _command_data(fake: FakeDiscord, name: str, options: list[dict[str, Any]]) -> dict[str, Any]:
    command = synced_command(fake, name)
    data = {"id": command["id"], "name": name, "type": 1, "options": options}
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    return data


def slash(fake: FakeDiscord, place: Place, name: str, /, **options: str) -> dict[str, Any]:
    """/name option=value ... as typed by the user."""
    opts = [{"name": key, "type": 3, "value": value} for key, value in options.items()]
    return _base(fake, place, 2, _command_data(fake, name, opts))


def autocomplete(fake: FakeDiscord, place: Place, name: str, option: str, typed: str) -> dict[str, Any]:
    """The user is typing `typed` into /name's `option`."""
    opts = [{"name": option, "type": 3, "value": typed, "focused": True}]
    return _base(fake, place, 4, _command_data(fake, name, opts))


def click(fake: FakeDiscord, place: Place, custom_id: str) -> dict[str, Any]:
    """A click on a button the bot sent earlier."""
    message = {"id": str(next(_ids)), "channel_id": str(place.channel.id), "type": 20, "content": "",
               "author": user_payload(fake.bot_user_id, "TransferBot", bot=True), "embeds": [], "attachments": [],
               "mentions": [], "mention_roles": [], "pinned": False, "mention_everyone": False, "tts": False,
               "timestamp": "2024-01-01T00:00:00+00:00", "edited_timestamp": None, "flags": 64, "components": []}
    payload = _base(fake, place, 3, {"custom_id": custom_id, "component_type": 2})
    payload["message"] = message
    return payload
