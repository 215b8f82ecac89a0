"""The fair baseline: a bare python-telegram-bot bot that makes exactly CaMag's Bot API calls.

    CAMAG_REPLAY=pattern.json TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=... python -m benchmarks.replay_bot

For each update it replays the calls CaMag made for the same update in a recorded run
(``benchmarks/baseline.py`` records them): the same methods in the same order, the same texts and
keyboards, a picture of the same size, the button answered before the message is edited, over the
same aiohttp transport. No domain logic, no storage, no rate limiter: what is left of CaMag's cost
above this bot's is CaMag's own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.transport import AiohttpRequest

Pattern = dict[str, list[dict[str, Any]]]


def key_of(update: Update) -> str:
    """What the person sent: the text typed, or the button's payload."""
    if update.callback_query is not None:
        return update.callback_query.data or ""
    return update.message.text or "" if update.message is not None else ""


def replayer(pattern: Pattern) -> Any:
    pictures: dict[int, bytes] = {}

    async def replay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, chat = update.callback_query, update.effective_chat
        assert chat is not None
        for call in pattern.get(key_of(update), []):
            method, params = call["method"], call["params"]
            markup = params.get("reply_markup")
            keyboard = InlineKeyboardMarkup.de_json(markup, context.bot) if isinstance(markup, dict) else None
            if method == "answerCallbackQuery" and query is not None:
                await query.answer(params.get("text"), show_alert=bool(params.get("show_alert")))
            elif method == "editMessageText" and query is not None:
                await query.edit_message_text(
                    str(params["text"]), parse_mode=params.get("parse_mode"), reply_markup=keyboard
                )
            elif method == "editMessageReplyMarkup" and query is not None:
                await query.edit_message_reply_markup(None)
            elif method == "sendPhoto":
                size = int(params["photo_bytes"])
                picture = pictures.setdefault(size, os.urandom(size))
                await chat.send_photo(picture, caption=params.get("caption"), parse_mode=params.get("parse_mode"))
            elif method == "sendMessage":
                await chat.send_message(str(params["text"]), parse_mode=params.get("parse_mode"), reply_markup=keyboard)

    return replay


def main() -> None:
    pattern: Pattern = json.loads(Path(os.environ["CAMAG_REPLAY"]).read_text())
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    builder = builder.base_url(os.environ["TELEGRAM_API_BASE_URL"])
    builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(connection_pool_size=1))
    app = builder.concurrent_updates(True).build()
    app.add_handler(TypeHandler(Update, replayer(pattern)))
    app.run_polling(allowed_updates=["message", "callback_query"])


if __name__ == "__main__":
    main()
