"""``camag-bot`` / ``python -m bot``: start CaMag (long polling, or a webhook), or look after it:
``camag-bot migrate`` brings PostgreSQL's schema up to date, ``camag-bot copy-tinydb`` copies a
data folder into it, ``camag-bot stats`` prints what the metrics count.

Every start-up failure an operator can cause ends with one line on stderr that says what to do,
and exit status 2."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot import logs, stats
from bot.app import build_application
from bot.clock import SystemClock
from bot.runner import StartupFailure, run
from bot.settings import Settings
from bot.store.files import check_writable
from bot.store.interface import Store
from bot.store.migration import NewerLayout
from bot.store.tinydb_store import FolderInUse, TinyDBStore
from bot.transport import AiohttpRequest

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
GETTING_STARTED = """CaMag needs a Telegram bot token to run.

  1. In Telegram, talk to @BotFather, send /newbot and follow the steps.
  2. Put the token it gives you in .env (copy .env.example) as TELEGRAM_BOT_TOKEN=...
  3. Run the bot again.

To try the same interview without Telegram, from this folder: .venv/bin/camag chat
(or just "camag chat" where CaMag is installed on your PATH).
"""
DATA_DIR_HINT = "Set CAMAG_DATA_DIR to a folder the bot can write to."
ONE_PROCESS_HINT = "A data folder serves one process; several workers need PostgreSQL (see the README)."
TOKEN_SHAPE = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{20,100}")
WRONG_SHAPE = (
    "TELEGRAM_BOT_TOKEN is not a bot token (digits, a colon, then letters, digits, _ and -, as "
    "@BotFather gives it, e.g. 123456789:AAE...); check .env for quotes, spaces or a cut-off copy"
)
NO_DRIVER = (
    "CAMAG_DATABASE_URL is set but PostgreSQL's driver is not installed: pip install 'camag[postgres]' "
    "(or unset CAMAG_DATABASE_URL to keep data in CAMAG_DATA_DIR)"
)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="camag-bot", description="Run CaMag, the calcium : magnesium bot.")
    commands = parser.add_subparsers(dest="command", metavar="[command]")
    commands.add_parser("run", help="run the bot (the default); settings from the environment and .env")
    commands.add_parser("migrate", help="create or update the PostgreSQL tables (CAMAG_DATABASE_URL)")
    copy = commands.add_parser("copy-tinydb", help="copy a data folder into PostgreSQL (CAMAG_DATABASE_URL)")
    copy.add_argument("folder", nargs="?", type=Path, help="the data folder (default: CAMAG_DATA_DIR)")
    commands.add_parser("stats", help="print the running bot's counts (updates, replies, errors, reminders, people)")
    return parser.parse_args(argv)


def _fail(message: str, command: str = "") -> int:
    print(f"camag-bot{' ' + command if command else ''}: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _arguments(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        problems = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
        return _fail(f"invalid settings ({problems}); see .env.example")
    url = settings.database_url()
    if url is not None:
        try:
            from bot import database  # PostgreSQL's driver: loaded only where it is used
        except ImportError:
            return _fail(NO_DRIVER, arguments.command or "")
    if arguments.command == "stats":
        return stats.main(settings)
    if url is not None and (problem := database.unreadable(url, settings.secrets())):
        return _fail(f"the database can't be used: {problem}", arguments.command or "")
    if arguments.command in ("migrate", "copy-tinydb"):
        logs.configure(settings.log_level, settings.secrets())
        if url is None:
            return _fail("set CAMAG_DATABASE_URL (see .env.example)", arguments.command)
        if arguments.command == "migrate":
            return asyncio.run(database.migrate(url, settings.secrets()))
        return asyncio.run(database.copy(arguments.folder or settings.camag_data_dir, url, settings.secrets()))
    if settings.telegram_bot_token is None or not settings.token().strip():
        print(GETTING_STARTED, file=sys.stderr, end="")
        return _fail("TELEGRAM_BOT_TOKEN is not set (see above)")
    if not TOKEN_SHAPE.fullmatch(settings.token()):
        return _fail(WRONG_SHAPE)
    logs.configure(settings.log_level, settings.secrets())
    clock = SystemClock()
    store: Store
    database_errors: tuple[type[Exception], ...] = ()  # what a database that can't be used raises
    if url is not None:
        store, database_errors = database.store(settings, url, clock), database.ERRORS
    else:
        unusable = check_writable(settings.camag_data_dir)
        if unusable is not None:
            return _fail(f"can't keep data in {settings.camag_data_dir}: {unusable}. {DATA_DIR_HINT}")
        store = TinyDBStore(settings.camag_data_dir, clock)
    requests = [AiohttpRequest(), AiohttpRequest(connection_pool_size=1)]  # bot calls; getUpdates
    application = build_application(settings, store, clock, request=requests[0], get_updates_request=requests[1])
    try:
        asyncio.run(run(application, settings, requests, ALLOWED_UPDATES))
    except StartupFailure as failure:
        return _fail(str(failure))
    except FolderInUse as error:
        return _fail(f"{error}. {ONE_PROCESS_HINT}")
    except NewerLayout as error:
        return _fail(str(error))
    except database_errors as error:
        from bot.database import describe

        return _fail(f"the database can't be used: {describe(error, settings.secrets())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
