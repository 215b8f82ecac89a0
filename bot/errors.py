"""The error handler: log the failure with its context, tell the person in plain words."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot import metrics, views
from bot.services import services
from bot.store.interface import Damaged, StoreUnavailable
from camag_core.i18n import Texts, texts

log = logging.getLogger(__name__)


def describe(update: object) -> str:
    """Enough context to find a failure, without what the person wrote (health answers stay out of logs)."""
    if not isinstance(update, Update):
        return type(update).__name__
    kind = next(
        (k for k in ("message", "edited_message", "callback_query", "my_chat_member") if getattr(update, k)), "other"
    )
    user = update.effective_user.id if update.effective_user else None
    chat = update.effective_chat.id if update.effective_chat else None
    detail = ""
    if update.callback_query is not None:
        detail = f" button={update.callback_query.data!r}"
    elif update.effective_message is not None and update.effective_message.text is not None:
        detail = f" text of {len(update.effective_message.text)} characters"
    return f"update {update.update_id} ({kind}) from user {user} in chat {chat}{detail}"


def _texts(update: Update) -> Texts:
    """The person's Telegram app's language: their stored record may be what failed."""
    return texts(update.effective_user.language_code if update.effective_user is not None else None)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if error is not None:
        metrics.failed(error)
    where = describe(update)
    if isinstance(error, Forbidden):  # the person blocked the bot: nothing to tell them
        log.info("blocked by user: %s", error)
        return
    if isinstance(error, Damaged) and isinstance(update, Update):
        log.warning("could not %s %s for %s", "write" if error.unwritable else "read", error.where, where)
        await _offer_fresh_start(update, error)
        return
    if isinstance(error, StoreUnavailable) and isinstance(update, Update):
        deliveries = services(context).deliveries
        deliveries.not_applied(update)  # delivered again, and applied then
        log.warning("not applied, to be delivered again: %s (%s)", where, error.why)
        if deliveries.first_telling(update):
            await _tell(update, views.not_saved_yet(_texts(update)))
        return
    log.error("failed to handle update %s", where, exc_info=error)
    if not isinstance(update, Update):
        return
    await _tell(update, views.something_went_wrong(_texts(update)))


async def _tell(update: Update, text: str) -> None:
    """Say ``text``: as the tapped button's alert, or in the chat."""
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_chat is not None:
            await update.effective_chat.send_message(text)
    except TelegramError as second:
        log.warning("could not tell the user about the error: %s", second)


async def _offer_fresh_start(update: Update, error: Damaged) -> None:
    """The person's saved data can't be read (or written): say so, and offer to start again."""
    reply = views.damaged_data(_texts(update), unwritable=error.unwritable)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        if update.effective_chat is not None:
            await update.effective_chat.send_message(reply.text, reply_markup=reply.keyboard)
    except TelegramError as second:
        log.warning("could not tell the user about their damaged data: %s", second)
