"""The Telegram adapter (contract 6): Telegram updates in, platform-neutral commands called, HTML messages out.

It runs python-telegram-bot's Application inside the bot's one asyncio process (manual initialize/start, so the
feed scheduler and the delivery worker share the loop), by long polling or, in production, by webhook. It talks to
api.telegram.org or to any Bot API-compatible server named by `telegram.base_url`.

Who may do what: in a private chat the person manages their own follows; in a group only the group's
administrators change its follows and settings (asked of Telegram with getChatMember each time, so a demoted admin
loses the right at once); the user ids in `telegram.admins` manage feeds. A command in a channel post, an unknown
command, or a bad name gets a short friendly reply rather than silence or a crash.

Delivery: every message goes through `TelegramFloodLimiter`, so alerts are paced to Telegram's caps rather than
bounced by them; what cannot be delivered is mapped onto the outbox's two outcomes (see `delivery_error`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from adapters.telegram_pacing import TelegramFloodLimiter, retry_after_seconds
from adapters.telegram_render import render_alert, render_alert_plain, render_plain, render_status
from bot.commands import ChatCommands, ChatRef, Reply
from bot.config import Settings
from bot.delivery import PermanentDeliveryError, TransientDeliveryError, alert_progress

if TYPE_CHECKING:
    from bot.feed_admin import FeedAdmin

log = logging.getLogger(__name__)

PLATFORM = "telegram"
Context = ContextTypes.DEFAULT_TYPE
#: Telegram caps an inline button's callback data at 64 bytes.
CALLBACK_DATA_LIMIT = 64
#: Buttons offered when a name is ambiguous.
MAX_CHOICES = 8
#: BadRequest descriptions that mean the chat itself is gone or closed to the bot, not that one message was bad.
CHAT_GONE = ("chat not found", "user not found", "chat_write_forbidden", "have no rights to send",
             "need administrator rights", "group chat was deactivated", "bot was kicked", "not enough rights")

UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
CHANNEL_POST = ("Commands don't work in channel posts. Message me directly, or add me to a group, and follow "
                "players from there.")
PRIVATE_TEXT = "Send /follow and a player's name (e.g. /follow Rudiger), or /help to see everything I can do."
SOMETHING_WENT_WRONG = "Sorry, something went wrong with that. Please try again in a moment."


def delivery_error(exc: TelegramError) -> TransientDeliveryError | PermanentDeliveryError:
    """What a Telegram error means for an outbox row: gone for good (deactivate the chat) or try again later."""
    if isinstance(exc, RetryAfter):
        return TransientDeliveryError(f"Telegram flood control: {exc}", retry_after=retry_after_seconds(exc))
    if isinstance(exc, Forbidden):
        return PermanentDeliveryError(_reason(exc))
    if isinstance(exc, ChatMigrated):
        return PermanentDeliveryError(f"group became supergroup {exc.new_chat_id}")
    if isinstance(exc, BadRequest) and any(words in exc.message.lower() for words in CHAT_GONE):
        return PermanentDeliveryError(_reason(exc))
    if isinstance(exc, InvalidToken):
        return TransientDeliveryError("Telegram refused the bot token (check telegram.token)")
    return TransientDeliveryError(f"{type(exc).__name__}: {exc.message}")


def _reason(exc: TelegramError) -> str:
    """Telegram's words, as stored on the chat: "Forbidden: bot was blocked by the user" → "bot was blocked by the
    user"."""
    words = exc.message.removeprefix("Forbidden: ").strip() or type(exc).__name__
    return (words[:1].lower() + words[1:])[:200]


def callback_data(verb: str, name: str) -> str:
    """"follow:Antonio Rudiger", cut to Telegram's 64 bytes (a cut name still resolves: matching is fuzzy)."""
    data = f"{verb}:{name}"
    while len(data.encode("utf-8")) > CALLBACK_DATA_LIMIT:
        data = data[:-1]
    return data


def _args(context: Context) -> str:
    return " ".join(context.args or ())


def _title(chat: Chat) -> str | None:
    return chat.title or chat.full_name or chat.username


def build_application(settings: Settings, rate_limiter: BaseRateLimiter | None = None) -> Application:
    """PTB's Application for our token and server: HTML and no link previews by default, paced sends, updates
    handled concurrently (a reply waiting for one chat's pacing must not hold up everyone else's)."""
    config = settings.telegram
    builder = (
        ApplicationBuilder()
        .token(config.token)
        .rate_limiter(rate_limiter or TelegramFloodLimiter())
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(True)
    )
    if config.base_url:
        builder = builder.base_url(config.base_url)
    return builder.build()


class TelegramAdapter:
    """One Telegram bot: command handlers, the alert sender, start and stop."""

    platform = PLATFORM

    def __init__(self, settings: Settings, commands: ChatCommands, feed_admin: FeedAdmin,
                 rate_limiter: BaseRateLimiter | None = None) -> None:
        self.config = settings.telegram
        self.commands = commands
        self.feed_admin = feed_admin
        self.admins = frozenset(self.config.admins)
        self.application = build_application(settings, rate_limiter)
        self._register_handlers()

    # ------------------------------------------------------------------ wiring: every handler, in one place
    def command_table(self) -> tuple[tuple[str, str, Callable[[Update, Context], Any], bool], ...]:
        """(command, menu description, handler, admins only)."""
        return (
            ("start", "Welcome, and how to follow a player", self.on_start, False),
            ("help", "What I can do", self.on_help, False),
            ("follow", "Follow a player: /follow Rudiger", self.on_follow, False),
            ("unfollow", "Stop following a player", self.on_unfollow, False),
            ("following", "The players this chat follows", self.on_following, False),
            ("status", "What is known about a player: /status Rudiger", self.on_status, False),
            ("settings", "Minimum stage, clubs, quiet hours, pause", self.on_settings, False),
            ("addfeed", "Add a news feed: /addfeed URL [name]", self.on_addfeed, True),
            ("removefeed", "Remove a news feed: /removefeed URL or id", self.on_removefeed, True),
            ("feeds", "The news feeds and their health", self.on_feeds, True),
        )

    def _register_handlers(self) -> None:
        app = self.application
        new_messages = filters.UpdateType.MESSAGE  # not edits, not channel posts
        for command, _description, handler, _admin in self.command_table():
            app.add_handler(CommandHandler(command, handler, filters=new_messages))
        app.add_handler(CallbackQueryHandler(self.on_choice, pattern=r"^(follow|unfollow|status|settings):"))
        app.add_handler(ChatMemberHandler(self.on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST & filters.COMMAND, self.on_channel_command))
        app.add_handler(MessageHandler(new_messages & filters.COMMAND, self.on_unknown_command))
        app.add_handler(MessageHandler(new_messages & filters.ChatType.PRIVATE & filters.TEXT, self.on_private_text))
        app.add_error_handler(self.on_error)

    # ------------------------------------------------------------------ lifecycle (contract 6)
    async def start(self) -> None:
        """Connect (getMe), publish the command menu, and start receiving updates."""
        app = self.application
        await app.initialize()
        await self._publish_commands()
        await app.start()
        if self.config.mode == "webhook":
            host, _, port = self.config.webhook_listen.rpartition(":")
            await app.updater.start_webhook(  # type: ignore[union-attr]
                listen=host, port=int(port), url_path=urlsplit(self.config.webhook_url).path.lstrip("/"),
                webhook_url=self.config.webhook_url, secret_token=self.config.webhook_secret or None,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)  # type: ignore[union-attr]
        log.info("event=telegram_started bot=%s mode=%s", app.bot.username, self.config.mode)

    async def stop(self) -> None:
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    async def _publish_commands(self) -> None:
        """Telegram's command menu: everyone sees the chat commands; each admin also sees the feed commands."""
        table = self.command_table()
        everyone = [BotCommand(c, d) for c, d, _h, admin in table if not admin]
        everything = [BotCommand(c, d) for c, d, _h, _admin in table]
        menus = [(everyone, BotCommandScopeDefault())]
        menus += [(everything, BotCommandScopeChat(admin)) for admin in sorted(self.admins)]
        for commands, scope in menus:
            try:
                await self.application.bot.set_my_commands(commands, scope=scope)
            except TelegramError as exc:  # e.g. an admin who never opened a chat with the bot: the menu is a nicety
                log.warning("event=telegram_menu_failed scope=%s error=%r", scope.to_dict(), str(exc))

    # ------------------------------------------------------------------ alerts (AlertSender)
    async def send_alert(self, platform_chat_id: str, payload: dict[str, Any]) -> None:
        """Send one alert, split into as many messages as it needs. Each part Telegram accepts is recorded in the
        outbox row (`alert_progress`), so a retry after a failed part, or the bot after a crash, resumes after the
        parts already delivered instead of sending them twice."""
        pieces = render_alert(payload)
        progress = alert_progress()
        chat_id = platform_chat_id
        for index in range(progress.parts_sent if progress is not None else 0, len(pieces)):
            try:
                await self._send_piece(chat_id, pieces[index], payload)
            except ChatMigrated as exc:
                # The group became a supergroup with a new id: the chat (follows, settings, queue) moves with it.
                chat_id = str(exc.new_chat_id)
                await asyncio.to_thread(self._move_chat, platform_chat_id, chat_id)
                await self._send_piece(chat_id, pieces[index], payload)
            if progress is not None and index + 1 < len(pieces):  # after the last part the row is marked sent
                await progress.record(index + 1)

    async def _send_piece(self, chat_id: str, piece: str, payload: dict[str, Any]) -> None:
        bot = self.application.bot
        try:
            try:
                await bot.send_message(chat_id, piece)
            except BadRequest as exc:
                if isinstance(delivery_error(exc), PermanentDeliveryError):
                    raise
                # Telegram refused our HTML (it should not, but an alert must never be stuck): plain text instead.
                log.warning("event=telegram_html_refused chat=%s error=%r", chat_id, exc.message)
                for plain in render_alert_plain(payload):
                    await bot.send_message(chat_id, plain, parse_mode=None)
        except ChatMigrated:
            raise
        except TelegramError as exc:
            raise delivery_error(exc) from exc

    def _move_chat(self, old_chat_id: str, new_chat_id: str) -> None:
        with self.commands.repository.transaction() as tx:
            chat = tx.find_chat(self.platform, old_chat_id)
            if chat is not None and chat.id is not None:
                tx.move_chat(chat.id, new_chat_id)
        log.info("event=telegram_chat_migrated from=%s to=%s", old_chat_id, new_chat_id)

    # ------------------------------------------------------------------ one handler per command
    async def on_start(self, update: Update, context: Context) -> None:
        await self._answer(update, context, self.commands.start)

    async def on_help(self, update: Update, context: Context) -> None:
        await self._answer(update, context, self.commands.help)

    async def on_follow(self, update: Update, context: Context) -> None:
        name = _args(context)
        await self._answer(update, context, lambda chat: self.commands.follow(chat, name), verb="follow")

    async def on_unfollow(self, update: Update, context: Context) -> None:
        name = _args(context)
        await self._answer(update, context, lambda chat: self.commands.unfollow(chat, name), verb="unfollow")

    async def on_following(self, update: Update, context: Context) -> None:
        await self._answer(update, context, self.commands.following)

    async def on_status(self, update: Update, context: Context) -> None:
        name = _args(context)
        await self._answer(update, context, lambda chat: self.commands.status(chat, name), verb="status")

    async def on_settings(self, update: Update, context: Context) -> None:
        args = _args(context)
        await self._answer(update, context, lambda chat: self.commands.settings(chat, args))

    async def on_addfeed(self, update: Update, context: Context) -> None:
        url, name = (context.args or [""])[0], " ".join((context.args or [])[1:]) or None
        if update.effective_chat is not None:  # add is a coroutine: it fetches the feed once before adding it
            reply = await self.feed_admin.add(await self.chat_ref(update, context), url, name)
            await self._send(context, update.effective_chat.id, *self._render(reply, None))

    async def on_removefeed(self, update: Update, context: Context) -> None:
        target = _args(context)
        await self._answer(update, context, lambda chat: self.feed_admin.remove(chat, target))

    async def on_feeds(self, update: Update, context: Context) -> None:
        await self._answer(update, context, self.feed_admin.list)

    # ------------------------------------------------------------------ buttons, membership, odd input
    async def on_choice(self, update: Update, context: Context) -> None:
        """A button under "which one did you mean?": run the command for the name picked, in place of the question."""
        query = update.callback_query
        assert query is not None
        verb, _, name = (query.data or "").partition(":")
        command = {"follow": self.commands.follow, "unfollow": self.commands.unfollow,
                   "status": self.commands.status, "settings": self.commands.settings}[verb]
        await query.answer()
        if query.message is None or update.effective_chat is None:
            return
        chat = await self.chat_ref(update, context)
        reply = await asyncio.to_thread(command, chat, name)
        pieces, markup = self._render(reply, verb)
        await query.edit_message_text(pieces[0], reply_markup=markup if len(pieces) == 1 else None)
        await self._send(context, update.effective_chat.id, pieces[1:], markup)

    async def on_membership(self, update: Update, context: Context) -> None:
        """Telegram tells us when we are blocked, kicked, or let back in: stop (or resume) queuing for that chat."""
        change = update.my_chat_member
        assert change is not None
        status = change.new_chat_member.status
        gone = status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
        reason = ("bot blocked by the user" if change.chat.type == ChatType.PRIVATE else "bot removed from the chat")
        await asyncio.to_thread(self._set_chat_active, str(change.chat.id), not gone, reason)

    def _set_chat_active(self, chat_id: str, active: bool, reason: str) -> None:
        with self.commands.repository.transaction() as tx:
            chat = tx.find_chat(PLATFORM, chat_id)
            if chat is not None and chat.id is not None and chat.active != active:
                tx.set_chat_active(chat.id, active, None if active else reason)
                log.info("event=telegram_chat_%s chat=%s", "reactivated" if active else "deactivated", chat_id)

    async def on_channel_command(self, update: Update, context: Context) -> None:
        if update.effective_chat is not None:
            await self._send(context, update.effective_chat.id, render_plain(CHANNEL_POST))

    async def on_unknown_command(self, update: Update, context: Context) -> None:
        """Answer an unknown command in a private chat, or one addressed to us by name in a group; stay quiet about
        commands meant for other bots."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        command = (message.text or "").split(maxsplit=1)[0]
        addressed = command.partition("@")[2].lower() == (context.bot.username or "").lower()
        if chat.type == ChatType.PRIVATE or addressed:
            await self._send(context, chat.id, render_plain(UNKNOWN_COMMAND))

    async def on_private_text(self, update: Update, context: Context) -> None:
        if update.effective_chat is not None:
            await self._send(context, update.effective_chat.id, render_plain(PRIVATE_TEXT))

    async def on_error(self, update: object, context: Context) -> None:
        """Log it, and tell the person something went wrong rather than leaving them waiting."""
        log.error("event=telegram_update_failed error=%r", context.error, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None and not isinstance(
                context.error, Forbidden):
            try:
                await self._send(context, update.effective_chat.id, render_plain(SOMETHING_WENT_WRONG))
            except TelegramError:
                pass

    # ------------------------------------------------------------------ shared steps
    async def chat_ref(self, update: Update, context: Context) -> ChatRef:
        """The chat and what this person may do in it."""
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        return ChatRef(
            platform=PLATFORM,
            chat_id=str(chat.id),
            title=_title(chat),
            user_id=str(user.id) if user else None,
            user_is_admin=user is not None and user.id in self.admins,
            can_manage_chat=await self._can_manage(update, context),
        )

    async def _can_manage(self, update: Update, context: Context) -> bool:
        """Private chats: always. Groups: the group's administrators (anonymous ones post as the group itself)."""
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        assert chat is not None
        if chat.type == ChatType.PRIVATE:
            return True
        if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
            return True
        if user is None:
            return False
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
        except TelegramError as exc:
            log.warning("event=telegram_admin_check_failed chat=%s error=%r", chat.id, str(exc))
            return False
        return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)

    async def _answer(self, update: Update, context: Context, command: Callable[[ChatRef], Reply],
                      verb: str | None = None) -> None:
        """Run a platform-neutral command (blocking database work, so in a thread) and send its reply."""
        if update.effective_chat is None:
            return
        chat = await self.chat_ref(update, context)
        reply = await asyncio.to_thread(command, chat)
        pieces, markup = self._render(reply, verb)
        await self._send(context, update.effective_chat.id, pieces, markup)

    @staticmethod
    def _render(reply: Reply, verb: str | None) -> tuple[list[str], InlineKeyboardMarkup | None]:
        pieces = render_status(reply.status) if reply.status is not None else render_plain(reply.text)
        markup = None
        verb = reply.pick_command or verb  # a /settings change for one of several players re-runs /settings
        if reply.kind == "choice" and reply.choices and verb:
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(name[:64], callback_data=callback_data(verb, reply.pick(n)))]
                 for n, name in enumerate(reply.choices[:MAX_CHOICES])]
            )
        return pieces, markup

    @staticmethod
    async def _send(context: Context, chat_id: int, pieces: list[str],
                    markup: InlineKeyboardMarkup | None = None) -> None:
        """Send the pieces in order; the buttons go under the last one."""
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            await context.bot.send_message(chat_id, piece, reply_markup=markup if last else None)
