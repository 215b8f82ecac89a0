"""The error handler: log the failure with its context, tell the person in plain words."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot import views

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    where = update.to_dict() if isinstance(update, Update) else repr(update)
    if isinstance(error, Forbidden):  # the person blocked the bot: nothing to tell them
        log.info("blocked by user: %s", error)
        return
    log.error("failed to handle update %s", where, exc_info=error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(views.something_went_wrong(), show_alert=True)
        elif update.effective_chat is not None:
            await update.effective_chat.send_message(views.something_went_wrong())
    except TelegramError as second:
        log.warning("could not tell the user about the error: %s", second)
