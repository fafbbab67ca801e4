"""The console chat: with no tokens configured, the terminal is the chat — same commands, alerts printed live.

Commands come from the keyboard, or (for scripts and tests) from a file or piped stdin (`transferbot run --commands
FILE|-`). Lines are read by a background thread so a blocking `readline` never stalls the event loop; each command
runs in a worker thread like on the other platforms (`ChatCommands` does blocking database work). The console user
is the bot's operator, so it is an admin: /addfeed, /removefeed and /feeds work here.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO

from bot.commands import ChatCommands, ChatRef, Reply
from bot.config import SAMPLE_FEED_URL, Settings
from bot.feed_admin import FeedAdmin
from bot.feeds.sample import SAMPLE_PLAYER

log = logging.getLogger("adapters.console")

CONSOLE_CHAT = ChatRef(platform="console", chat_id="console", title="console", user_id="console",
                       user_is_admin=True, can_manage_chat=True)
CONSOLE_HELP = """Console only:
/addfeed URL [NAME]  poll another feed · /removefeed NUMBER|URL · /feeds  the feeds and their health
/quit  stop the bot (Ctrl-C works too)"""


class ConsoleAdapter:
    """A chat in the terminal. `source` None means the keyboard (interactive); otherwise a file-like of commands."""

    platform = "console"

    def __init__(
        self,
        settings: Settings,
        commands: ChatCommands,
        feed_admin: FeedAdmin,
        *,
        source: TextIO | None = None,
        output: TextIO | None = None,
        on_quit: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.commands = commands
        self.feed_admin = feed_admin
        self.interactive = source is None
        self.source = source if source is not None else sys.stdin
        self.output = output if output is not None else sys.stdout
        self.on_quit = on_quit
        self._choice: Reply | None = None  # the last "which one?" reply, answered by typing a number
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._handlers: dict[str, Callable[[str], Reply]] = {
            "/start": lambda _: self.commands.start(CONSOLE_CHAT),
            "/help": self._help,
            "/follow": lambda arg: self.commands.follow(CONSOLE_CHAT, arg),
            "/unfollow": lambda arg: self.commands.unfollow(CONSOLE_CHAT, arg),
            "/following": lambda _: self.commands.following(CONSOLE_CHAT),
            "/status": lambda arg: self.commands.status(CONSOLE_CHAT, arg),
            "/settings": lambda arg: self.commands.settings(CONSOLE_CHAT, arg),
            "/removefeed": lambda arg: self.feed_admin.remove(CONSOLE_CHAT, arg),
            "/feeds": lambda _: self.feed_admin.list(CONSOLE_CHAT),
        }

    # ------------------------------------------------------------------ lifecycle (contract 6)
    async def start(self) -> None:
        self._print(self.banner())
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._read_lines, args=(loop,), name="console-input", daemon=True).start()
        self._task = asyncio.create_task(self._serve(), name="console-chat")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def send_alert(self, platform_chat_id: str, payload: dict[str, Any]) -> None:
        """Print an alert (the payload's ready-made plain text)."""
        self._print("\n🔔 " + str(payload.get("text") or payload.get("player") or "alert").strip() + "\n")

    # ------------------------------------------------------------------ the chat
    def banner(self) -> str:
        lines = ["transferbot console: no chat tokens are configured, so this terminal is your chat."]
        if any(feed.url == SAMPLE_FEED_URL for feed in self.settings.feeds):
            if self._sample_already_played():
                lines.append(f"The bundled sample saga of {SAMPLE_PLAYER} has already played in this database "
                             f"({self.settings.database.url}), so it has nothing new to tell: /status {SAMPLE_PLAYER} "
                             "shows how it ended; delete the data/ folder (or use another database.url) to watch it "
                             "again.")
            else:
                lines.append(f"The bundled sample feed tells the (fictional) transfer saga of {SAMPLE_PLAYER}, one "
                             f"article every few seconds. Type /follow {SAMPLE_PLAYER} now and watch the alerts "
                             "arrive.")
        lines.append("Type /help for every command" + (", /quit to leave." if self.interactive else "."))
        return "\n".join(lines)

    def _sample_already_played(self) -> bool:
        """The saga is stored once per database: a second run would otherwise sit in silence, unexplained."""
        with self.commands.repository.transaction() as tx:
            feed = tx.get_feed_by_url(SAMPLE_FEED_URL)
            return feed is not None and feed.first_poll_done

    async def handle(self, line: str) -> str | None:
        """The answer to one typed line (None for nothing to print)."""
        line = line.strip()
        if not line:
            return None
        if line.isdigit() and self._choice is not None:
            index, choice = int(line) - 1, self._choice
            if 0 <= index < len(choice.choices):
                command = self._handlers["/" + (choice.pick_command or "follow")]
                return self._render(await asyncio.to_thread(command, choice.pick(index)))
        word, _, arg = line.partition(" ")
        word = word.lower().split("@", 1)[0]
        if word in ("/quit", "/exit"):
            if self.on_quit is not None:
                self.on_quit()
            return "Bye."
        if word == "/addfeed":  # a coroutine: it fetches the feed once before adding it
            return self._render(await self._add_feed(arg.strip()))
        handler = self._handlers.get(word)
        if handler is None:
            return "Commands start with / (try /help)."
        return self._render(await asyncio.to_thread(handler, arg.strip()))

    def _help(self, _: str) -> Reply:
        text = self.commands.help(CONSOLE_CHAT).text + "\n" + CONSOLE_HELP
        if any(feed.url == SAMPLE_FEED_URL for feed in self.settings.feeds):
            text += f"\nThe sample feed's player is {SAMPLE_PLAYER}: /follow {SAMPLE_PLAYER}"
        return Reply(text)

    async def _add_feed(self, arg: str) -> Reply:
        url, _, name = arg.partition(" ")
        return await self.feed_admin.add(CONSOLE_CHAT, url, name.strip() or None)

    def _render(self, reply: Reply) -> str:
        self._choice = reply if reply.choices else None
        if not reply.choices:
            return reply.text
        numbered = "\n".join(f"  {n}. {choice}" for n, choice in enumerate(reply.choices, 1))
        return f"{reply.text}\n{numbered}\nType a number to {'pick' if reply.pick_command else 'follow'} one."

    async def _serve(self) -> None:
        while True:
            line = await self._lines.get()
            if line is None:  # input closed: the keyboard's Ctrl-D quits; a script's end just ends the commands
                if self.interactive and self.on_quit is not None:
                    self.on_quit()
                return
            self._print(f"> {line.strip()}" if not self.interactive and line.strip() else None)
            try:
                answer = await self.handle(line)
            except Exception as exc:  # a bug in one command must not end the chat
                answer = f"Sorry, that failed ({type(exc).__name__}). The log has the details."
                log.exception("event=console_command_failed")
            self._print(answer)

    def _read_lines(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            for line in iter(self.source.readline, ""):
                loop.call_soon_threadsafe(self._lines.put_nowait, line)
        except (OSError, ValueError, RuntimeError):
            pass  # input closed, or the loop is gone at shut-down
        try:
            loop.call_soon_threadsafe(self._lines.put_nowait, None)
        except RuntimeError:
            pass

    def _print(self, text: str | None) -> None:
        if text:
            print(text, file=self.output, flush=True)
