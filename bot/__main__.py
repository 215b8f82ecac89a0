"""``camag-bot`` / ``python -m bot``: start CaMag (long polling, or a webhook), or look after its
PostgreSQL database: ``camag-bot migrate`` brings the schema up to date, ``camag-bot copy-tinydb``
copies a data folder into it."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError
from telegram.error import Conflict, InvalidToken
from telegram.ext import Application

from bot import logs, polling, webhook
from bot.app import build_application
from bot.clock import SystemClock
from bot.settings import Settings
from bot.store.files import check_writable
from bot.store.interface import Store
from bot.store.tinydb_store import FolderInUse, TinyDBStore

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
CONFLICT_MESSAGE = (
    "another process is taking this bot's updates by long polling. Run one bot on long polling; several "
    "workers take their updates through a webhook (see the README)."
)
REJECTED_MESSAGE = "camag-bot: Telegram rejected the bot token. Check TELEGRAM_BOT_TOKEN in .env (from @BotFather)."


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="camag-bot", description="Run CaMag, the calcium : magnesium bot.")
    commands = parser.add_subparsers(dest="command", metavar="[command]")
    commands.add_parser("run", help="run the bot (the default); settings from the environment and .env")
    commands.add_parser("migrate", help="create or update the PostgreSQL tables (CAMAG_DATABASE_URL)")
    copy = commands.add_parser("copy-tinydb", help="copy a data folder into PostgreSQL (CAMAG_DATABASE_URL)")
    copy.add_argument("folder", nargs="?", type=Path, help="the data folder (default: CAMAG_DATA_DIR)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _arguments(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"camag-bot: invalid settings:\n{error}", file=sys.stderr)
        return 2
    if arguments.command in ("migrate", "copy-tinydb"):
        logs.configure(settings.log_level, settings.secrets())
        url = settings.database_url()
        if url is None:
            print(f"camag-bot {arguments.command}: set CAMAG_DATABASE_URL (see .env.example)", file=sys.stderr)
            return 2
        from bot import database  # PostgreSQL's driver: loaded only where it is used

        if arguments.command == "migrate":
            return asyncio.run(database.migrate(url, settings.secrets()))
        return asyncio.run(database.copy(arguments.folder or settings.camag_data_dir, url, settings.secrets()))
    if settings.telegram_bot_token is None or not settings.token().strip():
        print(GETTING_STARTED, file=sys.stderr)
        return 0  # like --help: how to get going, not a failure (make run ends without "Error 2")
    logs.configure(settings.log_level, settings.secrets())
    clock = SystemClock()
    url = settings.database_url()
    store: Store
    database_errors: tuple[type[Exception], ...] = ()  # what a database that can't be used raises
    if url is not None:
        from bot import database  # PostgreSQL's driver: loaded only where it is used

        store, database_errors = database.store(settings, url, clock), database.ERRORS
    else:
        unusable = check_writable(settings.camag_data_dir)
        if unusable is not None:
            print(
                f"camag-bot: can't keep data in {settings.camag_data_dir}: {unusable}. {DATA_DIR_HINT}", file=sys.stderr
            )
            return 2
        store = TinyDBStore(settings.camag_data_dir, clock)
    application = build_application(settings, store, clock)
    try:
        if settings.camag_webhook_url:
            asyncio.run(webhook.serve(application, settings, ALLOWED_UPDATES))
        else:
            asyncio.run(_poll(application, url))
    except InvalidToken:  # its message quotes the token: say it in our own words
        print(REJECTED_MESSAGE, file=sys.stderr)
        return 2
    except (Conflict, polling.AnotherPoller):
        print(f"camag-bot: {CONFLICT_MESSAGE}", file=sys.stderr)
        return 2
    except FolderInUse as error:
        print(f"camag-bot: {error}. {ONE_PROCESS_HINT}", file=sys.stderr)
        return 2
    except database_errors as error:
        from bot.database import describe

        print(f"camag-bot: the database can't be used: {describe(error, settings.secrets())}", file=sys.stderr)
        return 2
    return 0


async def _poll(application: Application, url: str | None) -> None:  # type: ignore[type-arg]
    """Long polling; on PostgreSQL only while no other process polls for the same database."""
    if url is None:
        await polling.serve(application, ALLOWED_UPDATES)
        return
    from bot import database  # PostgreSQL's driver: loaded only where it is used

    async with database.polling_alone(url):
        await polling.serve(application, ALLOWED_UPDATES)


if __name__ == "__main__":
    sys.exit(main())
