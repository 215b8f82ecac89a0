"""``camag-bot`` / ``python -m bot``: start CaMag with long polling."""

from __future__ import annotations

import asyncio
import sys

from pydantic import ValidationError
from telegram.error import InvalidToken

from bot import logs, webhook
from bot.app import build_application
from bot.clock import SystemClock
from bot.settings import Settings
from bot.store.files import check_writable
from bot.store.tinydb_store import TinyDBStore

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
GETTING_STARTED = """CaMag needs a Telegram bot token to run.

  1. In Telegram, talk to @BotFather, send /newbot and follow the steps.
  2. Put the token it gives you in .env (copy .env.example) as TELEGRAM_BOT_TOKEN=...
  3. Run the bot again.

To try the same interview without Telegram, from this folder: .venv/bin/camag chat
(or just "camag chat" where CaMag is installed on your PATH).
"""
DATA_DIR_HINT = "Set CAMAG_DATA_DIR to a folder the bot can write to."
REJECTED_MESSAGE = "camag-bot: Telegram rejected the bot token. Check TELEGRAM_BOT_TOKEN in .env (from @BotFather)."


def main() -> int:
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"camag-bot: invalid settings:\n{error}", file=sys.stderr)
        return 2
    if settings.telegram_bot_token is None or not settings.token().strip():
        print(GETTING_STARTED, file=sys.stderr)
        return 0  # like --help: how to get going, not a failure (make run ends without "Error 2")
    logs.configure(settings.log_level, settings.secrets())
    unusable = check_writable(settings.camag_data_dir)
    if unusable is not None:
        print(f"camag-bot: can't keep data in {settings.camag_data_dir}: {unusable}. {DATA_DIR_HINT}", file=sys.stderr)
        return 2
    clock = SystemClock()
    application = build_application(settings, TinyDBStore(settings.camag_data_dir, clock), clock)
    try:
        if settings.camag_webhook_url:
            asyncio.run(webhook.serve(application, settings, ALLOWED_UPDATES))
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:  # its message quotes the token: say it in our own words
        print(REJECTED_MESSAGE, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
