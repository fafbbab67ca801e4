"""Chat commands, written once for every platform (contract 4): follow, unfollow, following, status, settings.

Adapters (console, Telegram, Discord) translate their platform's events into these calls and render the `Reply`
in their own idiom. Methods are synchronous (they do blocking database work; async callers use
`asyncio.to_thread`) and never raise on bad input: an empty, huge or marked-up name gets a friendly error reply,
and nothing a user typed is echoed back raw.

Settings live in `Chat.settings` (see `bot.chat_settings` for what each key means); per-follow filters in
`Subscription.filters` use the same keys and take precedence over the chat's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from bot.chat_settings import (
    SettingsError,
    apply_follow_filter_command,
    apply_settings_command,
    describe_follow_filters,
    describe_settings,
    follow_filter_summary,
    split_follow_target,
)
from bot.extraction import fold_name
from bot.identity import FollowMatch, KnownPlayer, match_follow_request, name_parts
from bot.rendering import status_text
from bot.status import StatusView, status_view_for
from storage.models import Chat, Player, Subscription
from storage.repository import Repository, Transaction

#: Longest name accepted from a user; longer input is refused, never echoed.
NAME_LIMIT = 100
_NAME_OK = re.compile(r"[^\W\d_]+(?:[ .'’\-]+[^\W\d_]+)*\.?")

HELP_TEXT = """Transfer-rumour alerts: follow a player and hear only what is genuinely new.
/follow NAME  follow a player (e.g. /follow Rudiger)
/unfollow NAME  stop following him
/following  the players this chat follows
/status NAME  what is known: clubs and stages, contract, money, the latest changes
/settings  show this chat's settings; change them with
   min_stage STAGE (interest, talks, bid, advanced, agreed, done, or any)
   clubs A, B (or clubs any) · quiet 23-7 (UTC) or quiet off · pause · resume
   one player's own min_stage or clubs: add for NAME (min_stage bid for Mbappe); for NAME shows them
/help  this message"""


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Which chat a command came from, and what the person who sent it may do there."""

    platform: str
    chat_id: str
    title: str | None = None
    user_id: str | None = None
    user_is_admin: bool = False
    can_manage_chat: bool = True


@dataclass(frozen=True, slots=True)
class Reply:
    """What to answer: complete plain text, plus structure for adapters that render richer messages."""

    text: str
    kind: str = "info"  # "info" | "error" | "choice" | "status"
    choices: tuple[str, ...] = ()
    status: StatusView | None = None
    #: Set when picking a choice re-runs another command than the adapter's own (a /settings change for one of
    #: several followed players): that command's name, and parallel to `choices` the argument each pick passes it.
    pick_command: str | None = None
    pick_args: tuple[str, ...] = ()

    def pick(self, index: int) -> str:
        """The argument picking choice `index` passes back: its own argument if set, else the name itself."""
        return self.pick_args[index] if self.pick_args else self.choices[index]


class InvalidName(ValueError):
    """A typed name that cannot be used; the message is safe to show."""


def clean_name(raw: object) -> str:
    """A typed player name, tidied (spaces collapsed), or InvalidName saying what is wrong with it."""
    if not isinstance(raw, str):
        raise InvalidName("Give a player's name, e.g. /follow Rudiger.")
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        raise InvalidName("Give a player's name, e.g. /follow Rudiger.")
    if len(text) > NAME_LIMIT:
        raise InvalidName(f"That name is too long (at most {NAME_LIMIT} characters).")
    if not _NAME_OK.fullmatch(text):
        raise InvalidName("A player's name holds letters, spaces, dots, hyphens and apostrophes only.")
    return text


def known_players(tx: Transaction) -> list[KnownPlayer]:
    return [KnownPlayer(pid, name, tuple(aliases)) for pid, name, aliases in tx.player_names()]


def _as_known(player: Player) -> KnownPlayer:
    assert player.id is not None
    return KnownPlayer(player.id, player.canonical_name, tuple(player.aliases or ()))


def find_player(tx: Transaction, name: str) -> FollowMatch:
    """The stored player(s) a typed name means (fuzzy; several when ambiguous, none when unknown).

    Players sharing the typed surname are tried first (one indexed query); only a name matching none of them is
    compared with every known name, so /status stays fast with thousands of players.
    """
    surname = name_parts(name).surname
    same_surname = [_as_known(p) for p in tx.players_by_surnames([surname])]
    match = match_follow_request(name, same_surname)
    return match if match.players else match_follow_request(name, known_players(tx))


def _choice(match: FollowMatch, verb: str) -> Reply:
    names = tuple(p.canonical_name for p in match.players)
    return Reply(f"Which one did you mean? {', '.join(names)} — {verb} again with the full name.", kind="choice",
                 choices=names)


def _error(text: str) -> Reply:
    return Reply(text, kind="error")


def _typed_name(name: object, chat: ChatRef, *, changes_follows: bool) -> tuple[str, Reply | None]:
    """The cleaned name, or the error reply to give instead (bad name, or no right to change the follows)."""
    try:
        wanted = clean_name(name)
    except InvalidName as exc:
        return "", _error(str(exc))
    if changes_follows and not chat.can_manage_chat:
        return "", _error("Only the chat's admins can change what it follows.")
    return wanted, None


def _with_filters(name: str, filters: dict[str, object]) -> str:
    """"Mbappe (bid and beyond)": a followed name with the follow's own filters, if it has any."""
    summary = follow_filter_summary(filters)
    return f"{name} ({summary})" if summary else name


def _followed(tx: Transaction, chat: ChatRef) -> tuple[Chat | None, list[tuple[Subscription, Player]]]:
    """The chat's record (None if it never spoke to the bot) and the players it follows."""
    record = tx.find_chat(chat.platform, chat.chat_id)
    if record is None or record.id is None:
        return None, []
    return record, tx.subscriptions_for_chat(record.id)


def _match_followed(
    tx: Transaction, chat: ChatRef, wanted: str
) -> tuple[Chat | None, list[tuple[Subscription, Player]], FollowMatch]:
    """The chat, its follows, and which of them a typed name means: a name is only looked for among the players
    the chat follows, so "silva" is not ambiguous in a chat that follows one Silva."""
    record, followed = _followed(tx, chat)
    return record, followed, match_follow_request(wanted, [_as_known(p) for _s, p in followed])


class ChatCommands:
    """The platform-neutral handlers: one method per command."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository

    def _chat(self, tx: Transaction, chat: ChatRef) -> Chat:
        return tx.get_or_create_chat(chat.platform, chat.chat_id, chat.title)

    def start(self, chat: ChatRef) -> Reply:
        with self.repository.transaction() as tx:
            self._chat(tx, chat)
        return Reply("Hello! I send one alert per genuinely new transfer development.\n\n" + HELP_TEXT)

    def help(self, chat: ChatRef) -> Reply:
        return Reply(HELP_TEXT)

    def follow(self, chat: ChatRef, name: str) -> Reply:
        """Follow the player a name means; offer a choice when ambiguous; follow an unseen name for the future."""
        wanted, refusal = _typed_name(name, chat, changes_follows=True)
        if refusal is not None:
            return refusal
        with self.repository.transaction() as tx:
            match = find_player(tx, wanted)
            if match.ambiguous:
                return _choice(match, "/follow")
            record = self._chat(tx, chat)
            assert record.id is not None
            if not record.active:
                # The platform had told us this chat was gone (bot blocked, channel unreachable); a /follow from it
                # proves it is back, and following again is how people restore it.
                tx.set_chat_active(record.id, True)
            if match.unique is not None:
                player_id, shown = match.unique.id, match.unique.canonical_name
                note = ""
            else:
                parts = name_parts(wanted)
                player = tx.add_player(wanted, parts.folded, parts.surname)
                assert player.id is not None
                player_id, shown = player.id, player.canonical_name
                note = " He has not been in the news yet: you will hear as soon as he is."
            tx.subscribe(record.id, player_id)
        return Reply(f"Following {shown}.{note}")

    def unfollow(self, chat: ChatRef, name: str) -> Reply:
        wanted, refusal = _typed_name(name, chat, changes_follows=True)
        if refusal is not None:
            return refusal
        with self.repository.transaction() as tx:
            record, _followed_now, match = _match_followed(tx, chat, wanted)
            if match.ambiguous:
                return _choice(match, "/unfollow")
            if match.unique is None or record is None or record.id is None:
                return _error("This chat does not follow anyone by that name. /following lists who it follows.")
            tx.unsubscribe(record.id, match.unique.id)
        return Reply(f"Stopped following {match.unique.canonical_name}.")

    def following(self, chat: ChatRef) -> Reply:
        with self.repository.transaction() as tx:
            _record, followed = _followed(tx, chat)
            names = [_with_filters(p.canonical_name, s.filters or {}) for s, p in followed]
        if not names:
            return Reply("This chat follows nobody yet. Try /follow Rudiger.")
        return Reply("Following: " + ", ".join(names))

    def status(self, chat: ChatRef, name: str) -> Reply:
        """The current picture of a player: clubs by stage, contract, money, the last five changes."""
        wanted, refusal = _typed_name(name, chat, changes_follows=False)
        if refusal is not None:
            return refusal
        with self.repository.transaction() as tx:
            match = find_player(tx, wanted)
            if match.ambiguous:
                return _choice(match, "/status")
            if match.unique is None:
                return _error("No player by that name has been in the news. /follow him to hear when he is.")
            player = tx.get_player(match.unique.id)
            if player is None or player.id is None:
                return _error("That player is no longer known.")
            view = status_view_for(player, tx.recent_changes(player.id, 5))
        return Reply(status_text(view), kind="status", status=view)

    def settings(self, chat: ChatRef, args: str) -> Reply:
        """Show (no args) or change this chat's alert settings; with `for NAME`, one follow's own filters."""
        args = (args or "").strip()
        if len(args) > 500:
            return _error("That is too long for a setting.")
        change, player_name = split_follow_target(args)
        if change and not chat.can_manage_chat:
            return _error("Only the chat's admins can change its settings.")
        if player_name is not None:
            return self._follow_settings(chat, change, player_name)
        with self.repository.transaction() as tx:
            record = self._chat(tx, chat)
            assert record.id is not None
            if not args:
                return Reply(describe_settings(record.settings or {}))
            try:
                new, message = apply_settings_command(record.settings or {}, args)
            except SettingsError as exc:
                return _error(str(exc))
            tx.update_chat_settings(record.id, new)
        return Reply(message + "\n" + describe_settings(new))

    def _follow_settings(self, chat: ChatRef, change: str, name: str) -> Reply:
        """Show (no change) or change the filters of one follow, named as fuzzily as /unfollow takes it."""
        wanted, refusal = _typed_name(name, chat, changes_follows=False)
        if refusal is not None:
            return refusal
        with self.repository.transaction() as tx:
            record, followed, match = _match_followed(tx, chat, wanted)
            if match.ambiguous:
                choice = _choice(match, "/settings")
                picks = tuple(f"{change} for {n}".strip() for n in choice.choices)
                return replace(choice, pick_command="settings", pick_args=picks)
            subscription = next((s for s, p in followed if match.unique and p.id == match.unique.id), None)
            if record is None or subscription is None or subscription.id is None or match.unique is None:
                return _error("This chat does not follow anyone by that name: /follow him first.")
            shown, chat_settings = match.unique.canonical_name, record.settings or {}
            if not change:
                return Reply(describe_follow_filters(chat_settings, subscription.filters or {}, shown))
            try:
                new, message = apply_follow_filter_command(subscription.filters or {}, change, shown)
            except SettingsError as exc:
                return _error(str(exc))
            tx.update_subscription_filters(subscription.id, new)
        return Reply(message + "\n" + describe_follow_filters(chat_settings, new, shown))

    def suggest_players(self, prefix: str, limit: int = 25) -> list[str]:
        """Known names starting with what has been typed so far (autocomplete)."""
        folded = fold_name(prefix if isinstance(prefix, str) else "")[:NAME_LIMIT]
        if not folded:
            return []
        with self.repository.transaction() as tx:
            return [p.canonical_name for p in tx.search_players(folded, max(1, min(limit, 25)))]
